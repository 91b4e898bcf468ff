// Host names found in values, classified (cluster name or not), resolved from the namespace of the
// pod that uses them, and, when they do not resolve, paired with the name that was probably meant.
import type { Catalog } from '../model/catalog';
import type { ValueSite } from '../kube/types';
import { makeSpan, type Span } from '../text/span';
import { findHostTokens, type HostToken } from './hostTokens';
import { editDistance } from './names';
import { resolveQuery, type Resolution } from './resolve';

export interface HostReference {
  readonly site: ValueSite;
  readonly token: HostToken;
  /** The host as resolved; with a foreign cluster domain, the name rewritten to the configured one. */
  readonly resolvedName: string;
  readonly resolution: Resolution;
  /** A foreign cluster domain written in the name (e.g. `cluster.local` when the cluster uses another). */
  readonly domainMismatch: { readonly written: string; readonly span: Span } | null;
  /** The intended name, when an obvious one resolves. */
  readonly suggestion: string | null;
}

/** Last labels that mark a name as public or site-local DNS rather than a cluster short name. */
const NON_CLUSTER_TLDS = new Set(
  'com net org io dev app cloud co ai me info biz us uk de fr eu nl jp cn ru in br au ca ch se no es it pl local internal lan corp home example test invalid localdomain arpa'.split(' '),
);

export function analyzeHostReferences(catalog: Catalog, site: ValueSite): HostReference[] {
  const references: HostReference[] = [];
  for (const token of findHostTokens(site)) {
    const reference = analyzeToken(catalog, site, token);
    if (reference) references.push(reference);
  }
  return references;
}

function analyzeToken(catalog: Catalog, site: ValueSite, token: HostToken): HostReference | null {
  const zone = catalog.options.clusterDomain;
  const written = token.host.toLowerCase();
  const absolute = written.endsWith('.');
  const name = written.replace(/\.$/, '');
  const labels = name.split('.');
  let resolvedName = written;
  let domainMismatch: HostReference['domainMismatch'] = null;
  const svcIndex = labels.lastIndexOf('svc');
  if (name === zone || name.endsWith(`.${zone}`)) {
    // An absolute cluster name: resolved as written.
  } else if (svcIndex > 0 && svcIndex < labels.length - 1) {
    const foreign = labels.slice(svcIndex + 1).join('.');
    const start = token.span.start + labels.slice(0, svcIndex + 1).join('.').length + 1;
    domainMismatch = { written: foreign, span: makeSpan(start, start + foreign.length) };
    resolvedName = `${labels.slice(0, svcIndex + 1).join('.')}.${zone}${absolute ? '.' : ''}`;
  } else if (!isClusterCandidate(catalog, site, labels, token)) {
    return null;
  }
  if (site.resolver === 'custom') return null; // dnsPolicy: None: the resolver is whatever dnsConfig names
  if (site.resolver === 'node') {
    const reason = `This pod does not use cluster DNS (dnsPolicy: Default, or hostNetwork without dnsPolicy: ClusterFirstWithHostNet), so cluster names do not resolve from it.`;
    const resolution: Resolution = { query: resolvedName, type: 'A', fqdn: null, status: 'nxdomain', answer: null, portable: true, notes: [], reason };
    return { site, token, resolvedName, resolution, domainMismatch, suggestion: null };
  }
  const resolution = resolveQuery(catalog, resolvedName, { fromNamespace: site.namespace, type: 'A', clusterOnly: true });
  if (resolution.status === 'forwarded') return null;
  const suggestion = resolution.status === 'answer' ? null : suggest(catalog, site, resolvedName);
  return { site, token, resolvedName, resolution, domainMismatch, suggestion };
}

function isClusterCandidate(catalog: Catalog, site: ValueSite, labels: string[], token: HostToken): boolean {
  const last = labels[labels.length - 1]!;
  if (labels.length === 1) return token.form !== 'bare' || catalog.service(site.namespace, last) !== undefined || looksLikeServiceTypo(catalog, site, last) || isHostField(site);
  if (last === 'svc') return true;
  if (NON_CLUSTER_TLDS.has(last)) return false;
  if (labels.length <= 4 && catalog.namespaceExists(last) && !isBuiltinOnly(catalog, last)) return true;
  if (labels.length <= 3 && catalog.service(site.namespace, labels[1]!)) return true;
  return catalog.hasServiceNamed(labels[0]!) || catalog.hasServiceNamed(labels[1]!);
}

function isHostField(site: ValueSite): boolean {
  return site.field === 'probe' || (site.label !== null && /(host|hostname|addr|address|server)$/i.test(site.label));
}

/** `default`, `kube-system` … exist in every cluster; a name ending in them is not proof enough. */
function isBuiltinOnly(catalog: Catalog, ns: string): boolean {
  return ns !== 'default' && catalog.servicesIn(ns).length === 0;
}

function looksLikeServiceTypo(catalog: Catalog, site: ValueSite, label: string): boolean {
  return catalog.servicesIn(site.namespace).some((s) => closeEnough(label, s.ref.name));
}

function closeEnough(a: string, b: string): boolean {
  const max = Math.min(2, Math.floor(Math.max(a.length, b.length) / 3));
  return max > 0 && editDistance(a, b, max) <= max;
}

/** Builds plausible corrections and keeps the closest one that resolves. */
function suggest(catalog: Catalog, site: ValueSite, written: string): string | null {
  const absolute = written.endsWith('.');
  const labels = written.replace(/\.$/, '').split('.');
  const candidates = new Set<string>();
  // A misspelt Service or namespace label. Only the namespace the name points into is searched
  // (its explicit namespace label, or the pod's), which keeps this linear in that namespace.
  const namespace = labels.length >= 3 && catalog.namespaceExists(labels[2]!) ? labels[2]! : labels.length === 2 && catalog.namespaceExists(labels[1]!) ? labels[1]! : site.namespace;
  const nearby = catalog.servicesIn(namespace);
  labels.forEach((label, i) => {
    for (const svc of nearby) if (svc.ref.name !== label && closeEnough(label, svc.ref.name)) candidates.add(replaceAt(labels, i, svc.ref.name));
    if (i > 0) for (const ns of catalog.allNamespaces()) if (ns !== label && closeEnough(label, ns)) candidates.add(replaceAt(labels, i, ns));
  });
  // A bare name whose Service lives in another namespace.
  if (labels.length <= 2)
    for (const svc of catalog.servicesNamed(labels[labels.length - 1]!)) if (svc.ref.namespace !== site.namespace) candidates.add(`${labels.join('.')}.${svc.ref.namespace}`);
  // A pod name under a Service (Deployment pods never get one): the Service name itself.
  if (labels.length >= 2) candidates.add(labels.slice(1).join('.'));
  // A StatefulSet pod under the wrong Service: the governing Service instead.
  if (labels.length >= 2)
    for (const workload of catalog.workloadsIn(namespace))
      for (const pod of workload.pods.slice(0, 50)) {
        // A pod under the wrong Service, or a pod that does not exist (an ordinal past replicas).
        if (pod.hostname === labels[0] && pod.subdomain) candidates.add(replaceAt(labels, 1, pod.subdomain));
        if (pod.hostname && pod.subdomain === labels[1]) candidates.add(replaceAt(labels, 0, pod.hostname));
      }
  let best: { name: string; distance: number } | null = null;
  const original = labels.join('.');
  for (const candidate of candidates) {
    const resolution = resolveQuery(catalog, candidate + (absolute ? '.' : ''), { fromNamespace: site.namespace, type: 'A' });
    if (resolution.status !== 'answer') continue;
    const distance = editDistance(original, candidate, 64);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best ? best.name + (absolute ? '.' : '') : null;
}

function replaceAt(labels: readonly string[], index: number, value: string): string {
  return labels.map((l, i) => (i === index ? value : l)).join('.');
}
