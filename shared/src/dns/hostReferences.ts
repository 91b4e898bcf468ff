// Host names found in values, classified (cluster name or not), resolved from the namespace of the
// pod that uses them, and, when they do not resolve, paired with the name that was probably meant.
import type { Catalog } from '../model/catalog';
import type { ServiceDecl, ValueSite, WorkloadDecl } from '../kube/types';
import { makeSpan, type Span } from '../text/span';
import { findHostTokens, type HostToken } from './hostTokens';
import { editDistance, NearNameIndex } from './nearNames';
import { queryAnswers, resolveQuery, type Resolution } from './resolve';

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
  /** The host resolves, but the port written after it is not one its Service or pods serve. */
  readonly unexposedPort: UnexposedPort | null;
}

export interface UnexposedPort {
  readonly port: number;
  /** The port's digits in the file, when they are written there (not inside an expanded variable). */
  readonly span: Span | null;
  readonly service: string;
  /** What the host does serve: Service ports (ClusterIP) or the pods' ports (headless, per-pod names). */
  readonly served: readonly number[];
  readonly headless: boolean;
  /** The port that was probably meant (the Service port in front of the written target port, or the only one). */
  readonly suggestion: number | null;
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
  if (token.undefinedVariable) return undefinedVariable(site, token, token.undefinedVariable);
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
    return { site, token, resolvedName, resolution, domainMismatch, suggestion: null, unexposedPort: null };
  }
  const resolution = resolveQuery(catalog, resolvedName, { fromNamespace: site.namespace, type: 'A', clusterOnly: true });
  if (resolution.status === 'forwarded') return null;
  const suggestion = resolution.status === 'answer' ? null : suggest(catalog, site, resolvedName);
  const unexposedPort = resolution.status === 'answer' && !domainMismatch ? checkPort(catalog, site, token, resolution) : null;
  return { site, token, resolvedName, resolution, domainMismatch, suggestion, unexposedPort };
}

/** `$(NAME)` in a host position that the container's env does not define: the program gets it literally. */
function undefinedVariable(site: ValueSite, token: HostToken, variable: NonNullable<HostToken['undefinedVariable']>): HostReference {
  const where = variable.definedLater ? 'is defined only further down the env list, and the kubelet expands only names defined before the value' : "is not defined in this container's env";
  const reason = `$(${variable.name}) ${where}, so it is passed on as written and the host is literally "$(${variable.name})".`;
  const resolution: Resolution = { query: token.host, type: 'A', fqdn: null, status: 'nxdomain', answer: null, portable: true, notes: [], reason };
  return { site, token, resolvedName: token.host, resolution, domainMismatch: null, suggestion: variable.suggestion ? `$(${variable.suggestion})` : null, unexposedPort: null };
}

/**
 * Is the port written after a host one that answers? A ClusterIP Service's VIP forwards only the
 * Service's `port`s. A headless Service (and a per-pod name) answers pod IPs, so a client reaches
 * whatever the pods listen on: their container ports and the Service's target ports. Pods may
 * listen on ports they do not declare, so that case is reported only when every selected workload
 * is in the workspace and declares its ports.
 */
function checkPort(catalog: Catalog, site: ValueSite, token: HostToken, resolution: Resolution): UnexposedPort | null {
  const port = token.port;
  const answer = resolution.answer;
  if (port === null || !answer?.service || (answer.kind !== 'vip' && answer.kind !== 'pod-ips' && answer.kind !== 'pod-ip')) return null;
  const [namespace, name] = answer.service.split('/') as [string, string];
  const svc = catalog.service(namespace, name);
  if (!svc || svc.type?.value === 'ExternalName') return null;
  let served: number[];
  let suggestion: number | null = null;
  if (answer.kind === 'vip') {
    served = svc.ports.map((p) => p.port);
    suggestion = svc.ports.find((p) => p.targetPort === port)?.port ?? null;
  } else {
    const workloads = catalog.selectedWorkloads(svc);
    if (workloads.length === 0 || workloads.some((w) => w.containerPorts.length === 0)) return null;
    served = [...workloads.flatMap((w) => w.containerPorts.map((c) => c.containerPort)), ...svc.ports.flatMap((p) => (typeof p.targetPort === 'number' ? [p.targetPort] : []))];
    suggestion = svc.ports.find((p) => p.port === port && typeof p.targetPort === 'number')?.targetPort as number | undefined ?? null;
  }
  served = [...new Set(served)].sort((a, b) => a - b);
  if (served.length === 0 || served.includes(port)) return null;
  if (suggestion === null && served.length === 1) suggestion = served[0]!;
  return { port, span: portSpan(site, token), service: answer.service, served, headless: answer.kind !== 'vip', suggestion };
}

/** The digits of `:port` right after the host in the site's own text, or null (the host came from a variable). */
function portSpan(site: ValueSite, token: HostToken): Span | null {
  if (token.via || token.span.start < site.span.start || token.span.end >= site.span.end) return null;
  const at = token.span.end - site.span.start;
  const digits = /^:(\d{1,5})/.exec(site.source.slice(at, at + 6))?.[1];
  return digits && Number(digits) === token.port ? makeSpan(token.span.end + 1, token.span.end + 1 + digits.length) : null;
}

function isClusterCandidate(catalog: Catalog, site: ValueSite, labels: string[], token: HostToken): boolean {
  const last = labels[labels.length - 1]!;
  if (labels.length === 1) return token.form !== 'bare' || catalog.service(site.namespace, last) !== undefined || looksLikeServiceTypo(catalog, site, last) || isHostField(site);
  if (last === 'svc') return true;
  if (NON_CLUSTER_TLDS.has(last)) return false;
  if (labels.length <= 4 && catalog.namespaceExists(last) && !isBuiltinOnly(catalog, last)) return true;
  if (labels.length <= 3 && catalog.service(site.namespace, labels[1]!)) return true;
  // `<pod>.<misspelt Service>`: in a host position, a typo of a Service of the namespace.
  if (labels.length <= 3 && looksLikeServiceTypo(catalog, site, labels[1]!)) return true;
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
  return serviceNames(catalog, site.namespace).typosOf(label).length > 0;
}

// Indexes built once per catalog state: the arrays the catalog returns are replaced when a
// namespace changes, so they key the caches (and reading them records the dependency).
const serviceNameIndexes = new WeakMap<readonly ServiceDecl[], NearNameIndex>();
const podNameIndexes = new WeakMap<readonly WorkloadDecl[], PodNames>();
const namespaceIndexes = new WeakMap<readonly string[], NearNameIndex>();

function serviceNames(catalog: Catalog, namespace: string): NearNameIndex {
  const services = catalog.servicesIn(namespace);
  let index = serviceNameIndexes.get(services);
  if (!index) serviceNameIndexes.set(services, (index = new NearNameIndex(services.map((s) => s.ref.name))));
  return index;
}

function namespaceNames(catalog: Catalog): NearNameIndex {
  const names = catalog.allNamespaces();
  let index = namespaceIndexes.get(names);
  if (!index) namespaceIndexes.set(names, (index = new NearNameIndex(names)));
  return index;
}

/** The pod hostnames and subdomains of a namespace, and the containers by name. */
interface PodNames {
  readonly subdomainsOf: Map<string, Set<string>>;
  readonly hostnamesUnder: Map<string, Set<string>>;
  readonly workloadsWithContainer: Map<string, WorkloadDecl[]>;
}

function podNames(catalog: Catalog, namespace: string): PodNames {
  const workloads = catalog.workloadsIn(namespace);
  let names = podNameIndexes.get(workloads);
  if (names) return names;
  names = { subdomainsOf: new Map(), hostnamesUnder: new Map(), workloadsWithContainer: new Map() };
  for (const workload of workloads) {
    for (const pod of workload.pods.slice(0, 50)) {
      if (!pod.hostname || !pod.subdomain) continue;
      addTo(names.subdomainsOf, pod.hostname, pod.subdomain);
      addTo(names.hostnamesUnder, pod.subdomain, pod.hostname);
    }
    for (const container of new Set(workload.containerPorts.map((c) => c.container ?? ''))) {
      if (!container) continue;
      const list = names.workloadsWithContainer.get(container) ?? [];
      list.push(workload);
      names.workloadsWithContainer.set(container, list);
    }
  }
  podNameIndexes.set(workloads, names);
  return names;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/** Services that expose a port of a container with this name (`flagd-ui` is a container of the pods behind `flagd`). */
function servicesOfContainer(catalog: Catalog, namespace: string, container: string): string[] {
  const found: string[] = [];
  for (const workload of podNames(catalog, namespace).workloadsWithContainer.get(container) ?? []) {
    const ports = workload.containerPorts.filter((c) => c.container === container);
    for (const svc of catalog.servicesSelecting(workload))
      if (svc.ports.some((p) => ports.some((c) => c.containerPort === p.targetPort || (c.name !== null && c.name === p.targetPort)))) found.push(svc.ref.name);
  }
  return found;
}

/** Builds plausible corrections and keeps the closest one that resolves (once per name and namespace per catalog state). */
function suggest(catalog: Catalog, site: ValueSite, written: string): string | null {
  return catalog.memo(`suggest\0${site.namespace}\0${written}`, () => suggestOnce(catalog, site.namespace, written));
}

function suggestOnce(catalog: Catalog, fromNamespace: string, written: string): string | null {
  const absolute = written.endsWith('.');
  const labels = written.replace(/\.$/, '').split('.');
  const candidates = new Set<string>();
  // A misspelt Service or namespace label. Only the namespace the name points into is searched
  // (its explicit namespace label, or the pod's), through an index of its Service names.
  const namespace = namespaceNamedIn(catalog, labels) ?? fromNamespace;
  const nearby = serviceNames(catalog, namespace);
  labels.forEach((label, i) => {
    for (const name of nearby.typosOf(label)) candidates.add(replaceAt(labels, i, name));
    if (i > 0) for (const ns of namespaceNames(catalog).typosOf(label)) candidates.add(replaceAt(labels, i, ns));
  });
  // A name that a Service name extends or contains (`jaeger` → `jaeger-query`), and a container's
  // name where its pods' Service was meant (`flagd-ui` → `flagd`). Not where an operator makes
  // Services from custom resources: it names them after the resource (`my-cluster`), and a
  // declared `redis-my-cluster` is no sign of a typo there.
  const first = labels[0]!;
  if (!catalog.namespaceIsOpen(namespace)) for (const name of nearby.relativesOf(first)) candidates.add(replaceAt(labels, 0, name));
  for (const name of servicesOfContainer(catalog, namespace, first)) candidates.add(replaceAt(labels, 0, name));
  // A bare name whose Service lives in another namespace.
  if (labels.length <= 2)
    for (const svc of catalog.servicesNamed(labels[labels.length - 1]!))
      // A namespace that was only assumed (the manifest names none) is no advice: kubectl -n decides it.
      if (svc.ref.namespace !== fromNamespace && svc.ref.namespaceOrigin !== 'default') candidates.add(`${labels.join('.')}.${svc.ref.namespace}`);
  // A pod name under a Service (Deployment pods never get one): the Service name itself.
  if (labels.length >= 2) candidates.add(labels.slice(1).join('.'));
  if (labels.length >= 2) {
    const pods = podNames(catalog, namespace);
    // A StatefulSet pod under the wrong Service: the governing Service instead.
    for (const subdomain of pods.subdomainsOf.get(labels[0]!) ?? []) candidates.add(replaceAt(labels, 1, subdomain));
    // A pod that does not exist (an ordinal past replicas, a misspelt pod): the pods that do.
    for (const hostname of pods.hostnamesUnder.get(labels[1]!) ?? []) candidates.add(replaceAt(labels, 0, hostname));
  }
  // Nearest first; the first that resolves wins (resolving is the costly part).
  const original = labels.join('.');
  const ranked = [...candidates].filter((c) => c !== original).map((name) => ({ name, distance: editDistance(original, name, 64) }));
  ranked.sort((a, b) => a.distance - b.distance);
  for (const { name } of ranked) if (queryAnswers(catalog, name + (absolute ? '.' : ''), { fromNamespace, type: 'A' })) return name + (absolute ? '.' : '');
  return null;
}

/**
 * The existing namespace a name points into: `<service>.<namespace>.svc[.<zone>]` (with an endpoint
 * label or not), else `<pod>.<service>.<namespace>`, else `<service>.<namespace>`.
 */
function namespaceNamedIn(catalog: Catalog, labels: readonly string[]): string | null {
  const svcAt = labels.lastIndexOf('svc');
  const at = svcAt >= 2 ? svcAt - 1 : labels.length >= 3 ? 2 : labels.length === 2 ? 1 : -1;
  return at >= 0 && catalog.namespaceExists(labels[at]!) ? labels[at]! : null;
}

function replaceAt(labels: readonly string[], index: number, value: string): string {
  return labels.map((l, i) => (i === index ? value : l)).join('.');
}
