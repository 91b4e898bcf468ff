// The explanation of one Service: its mode, what it selects, every name that resolves and what
// it answers, and the names people expect that will not resolve, each with the reason. Every
// entry is computed by the resolver, so the explanation agrees with `resolve` and the checks.
import type { Catalog } from '../model/catalog';
import { namespaceNote, objectId, type ServiceDecl, type ServiceType, type WorkloadDecl } from '../kube/types';
import { adopterOf, serviceEndpoints, type EndpointGroup } from './endpoints';
import { resolveQuery, serviceFqdn, type Answer, type ResolveStatus } from './resolve';

export type ServiceMode = 'vip' | 'headless' | 'external-name';

export interface NameEntry {
  /** The name as a user would type it; `<…>` marks a placeholder part. */
  readonly name: string;
  /** Set when the name is typed in a pod of this namespace (a short name); else it is absolute. */
  readonly from?: string;
  readonly type: string;
  readonly status: ResolveStatus;
  readonly answer: Answer | null;
  readonly portable: boolean;
  readonly notes: readonly string[];
  /** What it answers, or why it does not, in one sentence. */
  readonly reason: string;
}

export interface SelectedWorkload {
  readonly workload: string;
  readonly kind: string;
  /** The file that declares it (the first declaration when several files do). */
  readonly path: string;
  /** Pod names when predictable, else a pattern such as `web-<hash>-<5 chars>`. */
  readonly pods: readonly string[];
  readonly count: number | null;
  /** Per-pod DNS labels these pods get under this Service. */
  readonly hostnames: readonly string[];
}

export interface ServiceExplanation {
  readonly service: string;
  readonly path: string;
  readonly mode: ServiceMode;
  /** `spec.type`: NodePort and LoadBalancer Services are VIPs too (rule 10). */
  readonly type: ServiceType;
  /** One line: the mode and what it means for clients. */
  readonly summary: string;
  readonly selected: readonly SelectedWorkload[];
  readonly resolving: readonly NameEntry[];
  readonly notResolving: readonly NameEntry[];
  readonly shortForms: { readonly sameNamespace: readonly string[]; readonly otherNamespaces: readonly string[] };
  readonly notes: readonly string[];
  /** The notes that change an answer (no records, fewer pods, another declaration…), the weightiest first. */
  readonly caveats: readonly string[];
}

export function serviceMode(svc: ServiceDecl): ServiceMode {
  if (svc.type?.value === 'ExternalName') return 'external-name';
  return svc.headless ? 'headless' : 'vip';
}

/** SRV names listed per Service; a Service can declare thousands of ports (issue 15, item 6). */
export const MAX_EXPLAINED_PORTS = 10;
/** Per-pod names listed per Service. */
const MAX_EXPLAINED_HOSTNAMES = 50;

/** Placeholder pod labels used to evaluate the names people try for pods without hostnames. */
const EXAMPLE_POD_SUFFIX = '5d9c7b8f6d-x2kq9';

export function explainService(catalog: Catalog, svc: ServiceDecl): ServiceExplanation {
  // Seen from its own file, so a Service declared in several files explains this declaration.
  return catalog.from(svc.ref.path, () => explainFrom(catalog, svc));
}

function explainFrom(catalog: Catalog, svc: ServiceDecl): ServiceExplanation {
  const fqdn = serviceFqdn(catalog, svc);
  const mode = serviceMode(svc);
  const selectedWorkloads = uniqueWorkloads(catalog.selectedWorkloads(svc));
  const groups = serviceEndpoints(catalog, svc, catalog.options.profile);
  const candidates: { name: string; type: string; probe: string; fromNamespace?: string }[] = [];
  const add = (name: string, type: string, probe = name, fromNamespace?: string): void => {
    if (!candidates.some((c) => c.name === name && c.type === type && c.fromNamespace === fromNamespace))
      candidates.push(fromNamespace === undefined ? { name, type, probe } : { name, type, probe, fromNamespace });
  };

  if (mode === 'external-name') {
    add(fqdn, 'CNAME');
    add(`<anything>.${fqdn}`, 'A', `www.${fqdn}`);
    for (const port of svc.ports.filter((p) => p.name).slice(0, MAX_EXPLAINED_PORTS)) add(`_${port.name}._${port.protocol.toLowerCase()}.${fqdn}`, 'SRV');
  } else {
    if (svc.ipFamilies.includes('IPv4')) add(fqdn, 'A');
    if (svc.ipFamilies.includes('IPv6')) add(fqdn, 'AAAA');
    const hostnames = new Set(groups.map((g) => g.endpointName).filter((n): n is string => n !== null));
    for (const hostname of [...hostnames].slice(0, MAX_EXPLAINED_HOSTNAMES)) add(`${hostname}.${fqdn}`, svc.ipFamilies.includes('IPv4') ? 'A' : 'AAAA');
    if (groups.some((g) => g.endpointName === null)) {
      const literal = groups.find((g) => g.endpointName === null && g.ips[0]);
      const label = literal ? literal.ips[0]!.replace(/[.:]/g, '-') : '10-244-1-7';
      add(literal ? `${label}.${fqdn}` : `<pod-ip-with-dashes>.${fqdn}`, 'A', `${label}.${fqdn}`);
    }
    for (const port of svc.ports.filter((p) => p.name).slice(0, MAX_EXPLAINED_PORTS)) add(`_${port.name}._${port.protocol.toLowerCase()}.${fqdn}`, 'SRV');
    if (svc.ports.length > 0) add(fqdn, 'SRV');
    for (const workload of selectedWorkloads) addExpectedPodNames(workload, svc, fqdn, add);
  }
  // A bare name typed in another namespace: the classic cross-namespace NXDOMAIN.
  const otherNamespace = svc.ref.namespace === 'kube-system' ? 'default' : 'kube-system';
  add(svc.ref.name, 'A', svc.ref.name, otherNamespace);

  const entries = candidates.map((c) => {
    const entry = evaluate(catalog, c.name, c.type, c.probe, c.fromNamespace);
    if (c.fromNamespace === undefined || entry.status === 'answer') return entry;
    const reason = `A bare name resolves only in the client's own namespace: from ${c.fromNamespace} it means ${c.probe}.${c.fromNamespace}.svc.${catalog.options.clusterDomain}; use ${svc.ref.name}.${svc.ref.namespace}.`;
    return { ...entry, from: c.fromNamespace, reason };
  });
  const summary = summaryLine(svc, mode, groups.length);
  const notes = serviceNotes(catalog, svc, selectedWorkloads);
  return {
    service: `${svc.ref.namespace}/${svc.ref.name}`,
    path: svc.ref.path,
    mode,
    type: svc.type?.value ?? 'ClusterIP',
    summary,
    selected: selectedWorkloads.map((w) => describeWorkload(w, svc, groups)),
    resolving: entries.filter((e) => e.status === 'answer'),
    notResolving: entries.filter((e) => e.status !== 'answer'),
    shortForms: {
      sameNamespace: [svc.ref.name, `${svc.ref.name}.${svc.ref.namespace}`, `${svc.ref.name}.${svc.ref.namespace}.svc`, fqdn],
      otherNamespaces: [`${svc.ref.name}.${svc.ref.namespace}`, `${svc.ref.name}.${svc.ref.namespace}.svc`, fqdn],
    },
    notes: notes.map((n) => n.text),
    caveats: notes.filter((n) => n.weight !== undefined).sort((a, b) => a.weight! - b.weight!).map((n) => n.text),
  };
}

function evaluate(catalog: Catalog, name: string, type: string, probe: string, fromNamespace?: string): NameEntry {
  // Absolute names get a trailing dot so the search path does not rewrite them.
  const query = fromNamespace === undefined ? `${probe}.` : probe;
  const r = resolveQuery(catalog, query, { fromNamespace: fromNamespace ?? catalog.options.defaultNamespace, type });
  return { name, type, status: r.status, answer: r.answer, portable: r.portable, notes: r.notes, reason: r.reason };
}

function addExpectedPodNames(
  workload: WorkloadDecl,
  svc: ServiceDecl,
  fqdn: string,
  add: (name: string, type: string, probe?: string) => void,
): void {
  const name = workload.ref.name;
  if (workload.ref.kind === 'StatefulSet') {
    const after = workload.ordinalsStart + (workload.replicas ?? 1);
    if (workload.serviceName?.value !== svc.ref.name) add(`${name}-${workload.ordinalsStart}.${fqdn}`, 'A');
    add(`${name}-${after}.${fqdn}`, 'A');
    if (workload.ordinalsStart > 0) add(`${name}-0.${fqdn}`, 'A');
  } else if (workload.ref.kind !== 'Pod' && !workload.indexedJob && !workload.hostname) {
    add(`${name}-<pod-hash>.${fqdn}`, 'A', `${name}-${EXAMPLE_POD_SUFFIX}.${fqdn}`);
  }
}

/** A workload declared in several files is one workload: the first declaration stands. */
function uniqueWorkloads(workloads: readonly WorkloadDecl[]): WorkloadDecl[] {
  const seen = new Set<string>();
  return workloads.filter((w) => !seen.has(objectId(w.ref)) && seen.add(objectId(w.ref)) !== undefined);
}

/** How the controllers name pods: ReplicaSet, ReplicationController and DaemonSet add 5 random characters. */
function podNamePattern(workload: WorkloadDecl): string[] {
  const name = workload.ref.name;
  switch (workload.ref.kind) {
    case 'StatefulSet':
    case 'Pod':
      return workload.pods.map((p) => p.podName ?? '');
    case 'Deployment':
      return [`${name}-<hash>-<5 chars>`];
    case 'Job':
      return [workload.indexedJob ? `${name}-<index>-<5 chars>` : `${name}-<5 chars>`];
    case 'CronJob':
      return [`${name}-<schedule time>-<5 chars>`];
    default:
      return [`${name}-<5 chars>`];
  }
}

function describeWorkload(workload: WorkloadDecl, svc: ServiceDecl, groups: readonly EndpointGroup[]): SelectedWorkload {
  const hostnames = workload.pods.filter((p) => p.hostname && p.subdomain === svc.ref.name).map((p) => p.hostname!);
  // The pods it contributes, after adopting orphans (rule 20a).
  const own = groups.filter((g) => g.workload === workload);
  const count = workload.replicas === null ? null : own.reduce((sum, g) => sum + (g.count ?? 0), 0);
  return { workload: objectId(workload.ref), kind: workload.ref.kind, path: workload.ref.path, pods: podNamePattern(workload), count, hostnames: [...new Set(hostnames)] };
}

const TYPE_WORDS: Partial<Record<ServiceType, string>> = {
  NodePort: 'NodePort: a ClusterIP VIP, plus the same port open on every node. DNS answers only the VIP. ',
  LoadBalancer: 'LoadBalancer: a ClusterIP VIP, plus a node port and an external load balancer. DNS answers only the VIP. ',
};

function summaryLine(svc: ServiceDecl, mode: ServiceMode, endpointCount: number): string {
  return `${mode === 'vip' ? (TYPE_WORDS[svc.type?.value ?? 'ClusterIP'] ?? '') : ''}${modeLine(svc, mode, endpointCount)}`;
}

function modeLine(svc: ServiceDecl, mode: ServiceMode, endpointCount: number): string {
  if (mode === 'external-name') return `ExternalName: the name is a CNAME to ${svc.externalName?.value ?? '?'}; no proxying, no endpoints, nothing under it resolves.`;
  if (mode === 'headless')
    return endpointCount > 0
      ? 'Headless (clusterIP: None): the name returns the IPs of the ready pods and the client balances; pods with hostname + subdomain get their own names.'
      : 'Headless (clusterIP: None), but nothing backs it in the workspace, so the name will be NXDOMAIN.';
  return `ClusterIP (virtual IP${svc.clusterIPs.length ? ` ${svc.clusterIPs.join(', ')}` : ''}): the name returns one stable IP and kube-proxy balances connections across the ready pods.`;
}

/** A note, and how much it changes the answers (lower weighs more); informational notes have none. */
interface WeightedNote {
  readonly text: string;
  readonly weight?: number;
}

function serviceNotes(catalog: Catalog, svc: ServiceDecl, selected: readonly WorkloadDecl[]): WeightedNote[] {
  const notes: WeightedNote[] = [];
  const add = (text: string, weight?: number): void => {
    notes.push(weight === undefined ? { text } : { text, weight });
  };
  const assumed = namespaceNote(svc.ref);
  if (assumed) add(assumed, 8);
  if (svc.rejectedBecause) add(`The API server rejects this Service (${svc.rejectedBecause}); it has no DNS records at all.`, 1);
  const declarations = catalog.serviceDeclarations(svc.ref.namespace, svc.ref.name);
  if (declarations.length > 1)
    add(`${svc.ref.namespace}/${svc.ref.name} is declared ${declarations.length} times; names resolve to the declaration nearest to the file asking, here ${svc.ref.path}.`, 5);
  if (!svc.selector && svc.type?.value !== 'ExternalName')
    add('No selector: only EndpointSlices labelled kubernetes.io/service-name give it endpoints (CoreDNS reads EndpointSlices; kube-dns reads v1 Endpoints).', 6);
  if (!svc.headless && svc.type?.value !== 'ExternalName' && selected.length === 0 && catalog.slicesFor(svc.ref.namespace, svc.ref.name).length === 0)
    add('Nothing in the workspace backs it: the VIP still resolves, but connections to it fail (no endpoints).', 3);
  if (selected.length > 0 && selected.every((w) => w.runsToCompletion))
    add(`Only Job/CronJob pods back it, and they are endpoints only while a Job runs: between runs ${svc.headless ? 'the name is NXDOMAIN' : 'the VIP resolves but accepts no connections'}.`, 4);
  else if (selected.some((w) => w.runsToCompletion)) add('Job/CronJob pods are endpoints only while they run.', 10);
  if (svc.publishNotReadyAddresses) add('publishNotReadyAddresses: DNS answers with all pods, ready or not.');
  else if (selected.some((w) => w.pods.some((p) => p.hostname !== null && p.subdomain === svc.ref.name))) add('Each per-pod name exists only while its pod is ready.');
  for (const pod of selected) {
    const adopter = adopterOf(catalog, pod);
    if (adopter)
      add(
        `Pod ${pod.ref.name} has no controller and matches the selector of ${adopter.ref.kind} ${adopter.ref.name}: its ${adopter.ref.kind === 'ReplicationController' ? 'controller' : 'ReplicaSet'} adopts it and creates one pod fewer.`,
        7,
      );
  }
  const namedPorts = svc.ports.filter((p) => p.name).length;
  if (namedPorts > MAX_EXPLAINED_PORTS) add(`${namedPorts - MAX_EXPLAINED_PORTS} more named ports have SRV names; the first ${MAX_EXPLAINED_PORTS} are listed.`);
  const governed = catalog.workloadsIn(svc.ref.namespace).filter((w) => w.ref.kind === 'StatefulSet' && w.serviceName?.value === svc.ref.name);
  if (!svc.headless && governed.length > 0)
    add(
      `Governs StatefulSet ${governed.map((w) => w.ref.name).join(', ')} but is not headless: CoreDNS still answers the per-pod names, kube-dns returns NXDOMAIN, and the spec does not promise them.`,
      2,
    );
  return notes;
}
