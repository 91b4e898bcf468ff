// The endpoints DNS sees behind a Service (docs/dns-rules.md, sections C–F): selected pods
// (grouped by identity) and hand-written EndpointSlices / mirrored v1 Endpoints. Pod IPs are
// unknown until runtime; slice IPs are literal. Each endpoint carries its own ports, as an
// EndpointSlice does: CoreDNS answers headless SRV from these, not from the Service (rule 41).
import type { Catalog } from '../model/catalog';
import type { DnsProfile } from '../core/options';
import type { EndpointSliceDecl, IpFamily, PodIdentity, Protocol, ServiceDecl, WorkloadDecl } from '../kube/types';
import { objectId } from '../kube/types';

/** One port of an endpoint, as its EndpointSlice lists it; `port` is -1 when the slice gives none. */
export interface EndpointPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

export interface EndpointGroup {
  /** The workload whose pods these are, or null for slice endpoints. */
  readonly workload: WorkloadDecl | null;
  readonly pod: PodIdentity | null;
  /** The endpoint's DNS label when it has a hostname; null means CoreDNS uses the dashed IP. */
  readonly endpointName: string | null;
  /** Literal addresses (slices only). */
  readonly ips: readonly string[];
  readonly count: number | null;
  readonly families: readonly IpFamily[];
  /** Whether DNS publishes it: the slice's `conditions.ready`, or, for pods, ready (or published unready). */
  readonly ready: boolean;
  /** Pods that run to completion are endpoints only while they run. */
  readonly transient: boolean;
  /** The endpoint's ports (rule 41, 44); empty when its slice has none. */
  readonly ports: readonly EndpointPort[];
  readonly source: string;
}

/**
 * The workloads whose pods the Service selects, each once: a workload declared in several files
 * runs as the declaration nearest to the file asking (`Catalog.from`).
 */
export function runningWorkloads(catalog: Catalog, svc: ServiceDecl): WorkloadDecl[] {
  const byId = new Map<string, WorkloadDecl[]>();
  for (const workload of catalog.selectedWorkloads(svc)) {
    const id = objectId(workload.ref);
    const same = byId.get(id);
    if (same) same.push(workload);
    else byId.set(id, [workload]);
  }
  return [...byId.values()].map((declarations) => catalog.nearestOf(declarations));
}

/** All endpoints of `svc` as the given DNS implementation reads them; ready and unready alike. */
export function serviceEndpoints(catalog: Catalog, svc: ServiceDecl, profile: DnsProfile): EndpointGroup[] {
  const groups: EndpointGroup[] = [];
  for (const workload of runningWorkloads(catalog, svc)) {
    if (workload.rejectedBecause) continue;
    const ports = podPorts(svc, workload);
    const adopted = adoptedOrphans(catalog, workload);
    // A selector on controller-added labels (statefulset.kubernetes.io/pod-name…) picks some pods only.
    for (const pod of catalog.selectedPods(svc, workload)) {
      const count = pod.count === null ? null : Math.max(pod.count - adopted, 0);
      if (count === 0) continue;
      // Rule 23: the endpoint controllers set the hostname only when subdomain names this very Service.
      const hostnamed = pod.hostname !== null && pod.subdomain === svc.ref.name;
      groups.push({
        workload,
        pod: count === pod.count ? pod : { ...pod, count },
        endpointName: hostnamed ? pod.hostname : null,
        ips: [],
        count,
        families: svc.ipFamilies,
        ready: true,
        transient: workload.runsToCompletion,
        ports,
        source: objectId(workload.ref),
      });
    }
  }
  for (const slice of catalog.slicesFor(svc.ref.namespace, svc.ref.name)) {
    // Rule 36: CoreDNS reads EndpointSlices (v1 Endpoints only through mirroring, which skips
    // selector Services); kube-dns reads v1 Endpoints only.
    const used =
      profile === 'kube-dns'
        ? slice.mirroredFromEndpoints
        : !slice.mirroredFromEndpoints || (svc.selector === null && !slice.skipMirror);
    if (!used || slice.addressType === 'FQDN') continue;
    const ports = slicePorts(slice);
    for (const endpoint of slice.endpoints) {
      groups.push({
        workload: null,
        pod: null,
        endpointName: endpoint.hostname,
        ips: endpoint.addresses,
        count: endpoint.addresses.length,
        families: [slice.addressType],
        // Rule 31: only the slice's own condition counts; publishNotReadyAddresses is the
        // EndpointSlice controller's input for the slices it writes, not something DNS reads.
        ready: endpoint.ready,
        transient: false,
        ports,
        source: objectId(slice.ref),
      });
    }
  }
  return groups;
}

/**
 * Rule 20a: a ReplicaSet (a Deployment's too) or
 * ReplicationController adopts running bare Pods that match its selector and have no controller,
 * and creates that many fewer pods of its own.
 */
function adoptedOrphans(catalog: Catalog, workload: WorkloadDecl): number {
  if (!ADOPTERS.has(workload.ref.kind) || !workload.selector) return 0;
  const selector = workload.selector;
  let adopted = 0;
  for (const other of catalog.workloadsIn(workload.ref.namespace))
    if (other.ref.kind === 'Pod' && !other.controlled && !other.rejectedBecause && Object.entries(selector).every(([k, v]) => other.podLabels[k] === v)) adopted++;
  return Math.min(adopted, workload.replicas ?? 0);
}

const ADOPTERS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController']);

/** Bare Pods a controller in the namespace adopts (see adoptedOrphans), with the adopter. */
export function adopterOf(catalog: Catalog, pod: WorkloadDecl): WorkloadDecl | null {
  if (pod.ref.kind !== 'Pod' || pod.controlled) return null;
  return (
    catalog
      .workloadsIn(pod.ref.namespace)
      .find((w) => ADOPTERS.has(w.ref.kind) && w.selector !== null && (w.replicas ?? 0) > 0 && Object.entries(w.selector).every(([k, v]) => pod.podLabels[k] === v)) ?? null
  );
}

/**
 * The ports the EndpointSlice controller writes for this workload's pods: each Service port with
 * its resolved targetPort; a named targetPort the pods do not declare is left out (rule 44).
 */
function podPorts(svc: ServiceDecl, workload: WorkloadDecl): EndpointPort[] {
  // A pure function of two immutable declarations: cached, so its port index is built once.
  let perWorkload = podPortCache.get(svc);
  if (!perWorkload) podPortCache.set(svc, (perWorkload = new WeakMap()));
  let ports = perWorkload.get(workload);
  if (!ports) perWorkload.set(workload, (ports = computePodPorts(svc, workload)));
  return ports;
}

const podPortCache = new WeakMap<ServiceDecl, WeakMap<WorkloadDecl, EndpointPort[]>>();

function computePodPorts(svc: ServiceDecl, workload: WorkloadDecl): EndpointPort[] {
  const byName = new Map<string, number>();
  for (const c of workload.containerPorts) if (c.name !== null && !byName.has(`${c.name}/${c.protocol}`)) byName.set(`${c.name}/${c.protocol}`, c.containerPort);
  const ports: EndpointPort[] = [];
  for (const port of svc.ports) {
    const value = typeof port.targetPort === 'number' ? port.targetPort : byName.get(`${port.targetPort}/${port.protocol}`);
    if (value !== undefined) ports.push({ name: port.name ?? '', port: value, protocol: port.protocol });
  }
  return ports;
}

const slicePortCache = new WeakMap<EndpointSliceDecl, EndpointPort[]>();

function slicePorts(slice: EndpointSliceDecl): EndpointPort[] {
  let ports = slicePortCache.get(slice);
  if (!ports) slicePortCache.set(slice, (ports = slice.ports.map((p) => ({ name: p.name ?? '', port: p.port ?? -1, protocol: p.protocol }))));
  return ports;
}

const portIndexes = new WeakMap<readonly EndpointPort[], Map<string, EndpointPort[]>>();

/**
 * The endpoint's ports matching an SRV query's `_port._protocol` (CoreDNS matchPortAndProtocol);
 * null name or protocol matches any. Indexed once per port list, so many ports stay linear.
 */
export function matchingPorts(ports: readonly EndpointPort[], name: string | null, protocol: Protocol | string | null): readonly EndpointPort[] {
  if (name === null && protocol === null) return ports;
  let index = portIndexes.get(ports);
  if (!index) {
    index = new Map();
    for (const p of ports) {
      const key = `${p.name.toLowerCase()}/${p.protocol.toUpperCase()}`;
      const list = index.get(key);
      if (list) list.push(p);
      else index.set(key, [p]);
    }
    portIndexes.set(ports, index);
  }
  if (name !== null && protocol !== null) return index.get(`${name.toLowerCase()}/${protocol.toUpperCase()}`) ?? [];
  return ports.filter((p) => (name === null || p.name.toLowerCase() === name.toLowerCase()) && (protocol === null || p.protocol.toUpperCase() === protocol.toUpperCase()));
}
