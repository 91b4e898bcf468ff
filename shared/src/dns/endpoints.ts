// The endpoints DNS sees behind a Service: selected pods (grouped by identity) and hand-written
// EndpointSlices / mirrored v1 Endpoints. Pod IPs are unknown until runtime; slice IPs are literal.
import type { Catalog } from '../model/catalog';
import type { DnsProfile } from '../model/options';
import type { IpFamily, PodIdentity, ServiceDecl, WorkloadDecl } from '../kube/types';
import { objectId } from '../kube/types';

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
  readonly ready: boolean;
  /** Pods that run to completion are endpoints only while they run. */
  readonly transient: boolean;
  /** For slices: the ports the slice declares (name → port). */
  readonly slicePorts: readonly { name: string | null; port: number | null; protocol: string }[] | null;
  readonly source: string;
}

/** All endpoints of `svc` as the given DNS implementation reads them; ready and unready alike. */
export function serviceEndpoints(catalog: Catalog, svc: ServiceDecl, profile: DnsProfile): EndpointGroup[] {
  const groups: EndpointGroup[] = [];
  for (const workload of catalog.selectedWorkloads(svc)) {
    if (workload.rejectedBecause) continue;
    for (const pod of workload.pods) {
      if (pod.count === 0) continue;
      // The endpoint controllers set the hostname only when subdomain names this very Service.
      const hostnamed = pod.hostname !== null && pod.subdomain === svc.ref.name;
      groups.push({
        workload,
        pod,
        endpointName: hostnamed ? pod.hostname : null,
        ips: [],
        count: pod.count,
        families: svc.ipFamilies,
        ready: true,
        transient: workload.runsToCompletion,
        slicePorts: null,
        source: objectId(workload.ref),
      });
    }
  }
  for (const slice of catalog.slicesFor(svc.ref.namespace, svc.ref.name)) {
    // CoreDNS reads EndpointSlices (v1 Endpoints only through mirroring, which skips selector Services);
    // kube-dns reads v1 Endpoints only.
    const used =
      profile === 'kube-dns'
        ? slice.mirroredFromEndpoints
        : !slice.mirroredFromEndpoints || (svc.selector === null && !slice.skipMirror);
    if (!used || slice.addressType === 'FQDN') continue;
    for (const endpoint of slice.endpoints) {
      groups.push({
        workload: null,
        pod: null,
        endpointName: endpoint.hostname,
        ips: endpoint.addresses,
        count: endpoint.addresses.length,
        families: [slice.addressType],
        ready: endpoint.ready || svc.publishNotReadyAddresses,
        transient: false,
        slicePorts: slice.ports,
        source: objectId(slice.ref),
      });
    }
  }
  return groups;
}

/** The port a headless SRV record carries for this endpoint: the resolved targetPort, or null if absent. */
export function endpointPort(group: EndpointGroup, port: { name: string | null; targetPort: number | string; protocol: string }): number | null {
  if (group.slicePorts) {
    const match = group.slicePorts.find((p) => p.name === port.name && p.protocol === port.protocol);
    return match?.port ?? null;
  }
  if (typeof port.targetPort === 'number') return port.targetPort;
  const declared = group.workload?.containerPorts.find((c) => c.name === port.targetPort && c.protocol === port.protocol);
  return declared ? declared.containerPort : null;
}
