// What cluster DNS answers for a name, per ../shared/notes/kubernetes-dns-rules.md. `resolveFqdn`
// answers one absolute name under one DNS profile; `resolveQuery` applies a pod's search path and
// compares profiles to say whether the answer is portable. Explanations and checks call these,
// so the hover, the diagnostics and the CLI can never disagree.
import type { Catalog } from '../model/catalog';
import { DNS_PROFILES, type DnsProfile } from '../model/options';
import { objectId, type ServiceDecl } from '../kube/types';
import { endpointPort, serviceEndpoints, type EndpointGroup } from './endpoints';
import { isIPv4, undashIp } from './names';

export type RecordType = string;
export type ResolveStatus = 'answer' | 'nxdomain' | 'nodata' | 'forwarded';

export interface PodRef {
  readonly workload: string;
  readonly pod: string | null;
  readonly count: number | null;
}

export interface Answer {
  readonly kind: 'vip' | 'pod-ips' | 'pod-ip' | 'ips' | 'cname' | 'srv' | 'txt';
  /** `namespace/name` of the Service answering, if any. */
  readonly service: string | null;
  readonly pods: readonly PodRef[];
  readonly ips: readonly string[];
  readonly target: string | null;
  readonly records: readonly { readonly target: string; readonly port: number }[];
}

export interface FqdnResult {
  readonly status: ResolveStatus;
  readonly answer: Answer | null;
  /** One plain sentence saying why. */
  readonly reason: string;
  /** How far the name matched real objects (namespace, Service, endpoint): picks the best reason. */
  readonly depth: number;
}

export interface Resolution {
  readonly query: string;
  readonly type: RecordType;
  /** The candidate that answered after the search path, or null. */
  readonly fqdn: string | null;
  readonly status: ResolveStatus;
  readonly answer: Answer | null;
  readonly portable: boolean;
  /** What the other DNS profiles answer, where they differ. */
  readonly notes: readonly string[];
  readonly reason: string;
}

const PROFILE_LABEL: Record<DnsProfile, string> = { coredns: 'CoreDNS', 'kube-dns': 'kube-dns', spec: 'the DNS spec' };

export function profileLabel(profile: DnsProfile): string {
  return PROFILE_LABEL[profile];
}

export function serviceFqdn(catalog: Catalog, svc: ServiceDecl): string {
  return `${svc.ref.name}.${svc.ref.namespace}.svc.${catalog.options.clusterDomain}`;
}

/** Answers one absolute name (no trailing dot needed) of the given type under one profile. */
export function resolveFqdn(catalog: Catalog, fqdn: string, type: RecordType, profile: DnsProfile): FqdnResult {
  return new FqdnResolver(catalog, profile, type.toUpperCase()).resolve(fqdn.toLowerCase().replace(/\.$/, ''));
}

class FqdnResolver {
  private readonly zone: string;

  constructor(
    private readonly catalog: Catalog,
    private readonly profile: DnsProfile,
    private readonly type: string,
  ) {
    this.zone = catalog.options.clusterDomain;
  }

  resolve(name: string): FqdnResult {
    if (name !== this.zone && !name.endsWith(`.${this.zone}`))
      return { status: 'forwarded', answer: null, reason: `${name} is outside the cluster domain ${this.zone}, so cluster DNS forwards it upstream.`, depth: 0 };
    const rest = name === this.zone ? [] : name.slice(0, -this.zone.length - 1).split('.');
    if (rest.length === 0) return nodata(`${this.zone} itself has no ${this.type} record.`, 0);
    if (rest.length === 1 && rest[0] === 'dns-version')
      return this.type === 'TXT'
        ? answer({ kind: 'txt', target: '1.1.0' }, 'CoreDNS and kube-dns publish the DNS schema version 1.1.0 here.', 1)
        : nodata(`dns-version.${this.zone} only has a TXT record.`, 1);
    const subtree = rest[rest.length - 1]!;
    const parts = rest.slice(0, -1).reverse(); // [namespace, service, …] from the zone outwards
    if (subtree === 'svc') return this.svcTree(parts);
    if (subtree === 'pod') return this.podTree(parts);
    return nxdomain(`Only svc.${this.zone} and pod.${this.zone} exist under the cluster domain; "${subtree}" is neither.`, 0);
  }

  private namespaceMissing(ns: string): FqdnResult {
    return nxdomain(`Namespace "${ns}" does not exist in the workspace (no Namespace object and no object in it).`, 0);
  }

  private svcTree(parts: string[]): FqdnResult {
    const [ns, serviceName, ...extra] = parts;
    if (ns === undefined) return nodata(`svc.${this.zone} is an empty node with no records of its own.`, 1);
    const external = this.catalog.options.externalNamespaces?.includes(ns) ?? false;
    if (!external && !this.catalog.namespaceExists(ns)) return this.namespaceMissing(ns);
    if (serviceName === undefined) return nodata(`${ns}.svc.${this.zone} is a namespace node with no records of its own.`, 1);
    const svc = this.catalog.service(ns, serviceName);
    if (!svc && external)
      return answer({ kind: 'vip' }, `Namespace ${ns} is declared external in the repository config (.kube-service-dns.yaml): its names are assumed to exist.`, 2);
    if (!svc) return nxdomain(`There is no Service "${serviceName}" in namespace "${ns}".`, 1);
    if (svc.rejectedBecause)
      return nxdomain(`Service ${ns}/${serviceName} is rejected by the API server (${svc.rejectedBecause}), so it has no records.`, 2);
    if (extra.length === 0) return this.serviceName(svc);
    if (extra.length === 1) return this.endpointName(svc, extra[0]!);
    if (extra.length === 2) return this.portName(svc, extra[1]!, extra[0]!); // parts run outwards: _proto before _port
    return nxdomain(`Cluster DNS answers at most two labels left of a Service name (an endpoint, or _port._protocol); this name has ${extra.length}.`, 2);
  }

  private podTree(parts: string[]): FqdnResult {
    const [ns, label, ...extra] = parts;
    if (ns === undefined) return nodata(`pod.${this.zone} is an empty node with no records of its own.`, 1);
    if (this.profile !== 'kube-dns' && !this.catalog.namespaceExists(ns)) return this.namespaceMissing(ns);
    if (label === undefined) return nodata(`${ns}.pod.${this.zone} has no records of its own.`, 1);
    const ip = extra.length === 0 ? undashIp(label) : null;
    if (!ip) return nxdomain(`Pod records are named after an IP with dashes (10-1-2-3.${ns}.pod.${this.zone}); "${label}" is not one.`, 1);
    if (this.profile === 'spec') return nxdomain('The DNS spec removed pod A records in schema 1.1.0.', 1);
    const family = ip.includes(':') ? 'AAAA' : 'A';
    if (this.type !== family) return nodata(`This pod record only has an ${family} record.`, 2);
    return answer(
      { kind: 'ips', ips: [ip] },
      this.profile === 'coredns'
        ? `CoreDNS with "pods insecure" (kubeadm's setting) answers any IP-shaped name in an existing namespace, without checking that a pod has the IP.`
        : 'kube-dns answers any IP-shaped pod name, in any namespace.',
      2,
    );
  }

  private fqdnOf(svc: ServiceDecl): string {
    return serviceFqdn(this.catalog, svc);
  }

  private serviceName(svc: ServiceDecl): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName') {
      const target = svc.externalName?.value.replace(/\.$/, '') ?? '';
      if (isIPv4(target))
        return nxdomain(`ExternalName Service ${id} points at the IP ${target}; CoreDNS publishes no record for an IP-valued externalName.`, 2);
      if (this.type === 'SRV') return nodata(`ExternalName Service ${id} has no SRV records.`, 2);
      return answer({ kind: 'cname', service: id, target }, `ExternalName Service: a CNAME to ${target}, which the client then resolves.`, 2);
    }
    if (!svc.headless) {
      if (this.type === 'SRV') {
        if (this.profile !== 'coredns') return nodata(`${profileLabel(this.profile)} defines SRV records only for _port._protocol names.`, 2);
        if (svc.ports.length === 0) return nodata(`Service ${id} has no ports.`, 2);
        const target = this.fqdnOf(svc);
        return answer({ kind: 'srv', service: id, records: svc.ports.map((p) => ({ target, port: p.port })) }, 'CoreDNS answers SRV on the bare Service name with every port (an extension).', 2);
      }
      const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
      if (!family) return nodata(`A Service name has only A/AAAA (and SRV) records, no ${this.type}.`, 2);
      if (!svc.ipFamilies.includes(family)) return nodata(`Service ${id} has no ${family} cluster IP.`, 2);
      const ips = svc.clusterIPs.filter((ip) => (family === 'IPv6') === ip.includes(':'));
      return answer(
        { kind: 'vip', service: id, ips },
        `The Service's virtual IP${ips.length ? ` ${ips.join(', ')}` : ''}; kube-proxy balances connections across its ready pods.`,
        2,
      );
    }
    const groups = serviceEndpoints(this.catalog, svc, this.profile);
    const ready = groups.filter((g) => g.ready);
    if (ready.length === 0)
      return nxdomain(
        groups.length > 0
          ? `Headless Service ${id} has no ready endpoints, and a headless name with no ready endpoints is NXDOMAIN.`
          : `Headless Service ${id} has no endpoints: ${svc.selector ? 'its selector matches no pod template in the workspace' : 'it has no selector and no EndpointSlice'}, so its name is NXDOMAIN.`,
        2,
      );
    if (this.type === 'SRV') {
      if (this.profile !== 'coredns') return nodata(`${profileLabel(this.profile)} defines SRV records only for _port._protocol names.`, 2);
      const records = svc.ports.flatMap((port) => this.srvRecords(svc, ready, port));
      return records.length
        ? answer({ kind: 'srv', service: id, records }, 'CoreDNS answers SRV on the bare Service name with every port of every ready endpoint (an extension).', 2)
        : nodata(`Headless Service ${id} has no ports, so it has no SRV records.`, 2);
    }
    const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
    if (!family) return nodata(`A Service name has only A/AAAA (and SRV) records, no ${this.type}.`, 2);
    const matching = ready.filter((g) => g.families.includes(family));
    if (matching.length === 0) return nodata(`Headless Service ${id} has no ${family} endpoints.`, 2);
    return answer(
      { kind: matching.every((g) => g.workload === null) ? 'ips' : 'pod-ips', service: id, pods: podRefs(matching), ips: matching.flatMap((g) => familyIps(g, family)) },
      `Headless: one ${this.type} record per ready pod IP; the client picks one, nothing balances for it.`,
      2,
    );
  }

  private endpointName(svc: ServiceDecl, label: string): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName')
      return nxdomain(`${id} is an ExternalName Service (a CNAME to ${svc.externalName?.value ?? '?'}); no names exist under it.`, 2);
    if (!svc.headless && this.profile === 'kube-dns')
      return nxdomain(`Service ${id} is not headless, and kube-dns publishes per-pod names only under headless Services.`, 3);
    if (!svc.headless && this.profile === 'spec')
      return nxdomain(`Service ${id} is not headless; the DNS spec defines per-pod names only under headless Services.`, 3);
    const groups = serviceEndpoints(this.catalog, svc, this.profile).filter((g) => g.ready);
    const named = groups.filter((g) => g.endpointName === label);
    const viaIp = undashIp(label);
    let matches: EndpointGroup[] = named;
    let how = `the endpoint whose hostname is ${label}`;
    if (named.length === 0 && viaIp && this.profile === 'coredns') {
      matches = groups.filter((g) => g.endpointName === null && (g.ips.length === 0 || g.ips.includes(viaIp)));
      how = `the ready endpoint with IP ${viaIp}, if there is one (CoreDNS names endpoints without a hostname by their dashed IP)`;
    }
    if (matches.length === 0) return nxdomain(this.whyNoEndpoint(svc, label, groups), 3);
    const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
    if (!family) return nodata(`An endpoint name has only A/AAAA records, no ${this.type}.`, 4);
    const inFamily = matches.filter((g) => g.families.includes(family));
    if (inFamily.length === 0) return nodata(`That endpoint has no ${family} address.`, 4);
    // A dashed-IP name always means the one endpoint with that IP.
    const single = (viaIp !== null && named.length === 0) || (inFamily.length === 1 && inFamily[0]!.count === 1);
    // Only literal (slice) addresses are known; a pod's IP is known only at runtime.
    const ips = viaIp && named.length === 0 ? inFamily.filter((g) => g.ips.includes(viaIp)).map(() => viaIp).slice(0, 1) : inFamily.flatMap((g) => familyIps(g, family));
    const nonHeadless = svc.headless ? '' : ' CoreDNS answers it although the Service is not headless (kube-dns does not).';
    const shared = !single && named.length > 0 ? ` Several pods share this hostname, so it returns all of their IPs.` : '';
    // Hand-written slices have addresses, not pods.
    const kind = inFamily.every((g) => g.workload === null) ? 'ips' : single ? 'pod-ip' : 'ips';
    return answer({ kind, service: id, pods: podRefs(inFamily), ips }, `Resolves to ${how}.${shared}${nonHeadless}`, 4);
  }

  /** The most useful reason a per-endpoint name does not exist. */
  private whyNoEndpoint(svc: ServiceDecl, label: string, groups: readonly EndpointGroup[]): string {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    for (const workload of this.catalog.selectedWorkloads(svc)) {
      const pod = workload.pods.find((p) => p.hostname === label);
      if (pod && pod.subdomain !== svc.ref.name)
        return pod.subdomain
          ? `Pod ${label} has subdomain "${pod.subdomain}", not "${svc.ref.name}"; its name is published only under the Service its subdomain names.`
          : `Pod ${label} sets no subdomain, so no Service publishes its hostname.`;
      if (workload.ref.kind === 'StatefulSet' && label.startsWith(`${workload.ref.name}-`)) {
        const ordinal = Number(label.slice(workload.ref.name.length + 1));
        if (Number.isInteger(ordinal)) {
          const first = workload.ordinalsStart;
          const last = first + (workload.replicas ?? 1) - 1;
          if (last < first) return `StatefulSet ${workload.ref.name} has 0 replicas, so pod ${label} does not exist.`;
          if (last === first) return `StatefulSet ${workload.ref.name} has one pod, ${workload.ref.name}-${first}, so pod ${label} does not exist.`;
          return `StatefulSet ${workload.ref.name} has ordinals ${first}–${last} (replicas ${workload.replicas ?? 1}${first ? `, start ${first}` : ''}), so pod ${label} does not exist.`;
        }
      }
      if (!workload.hostname && workload.ref.kind !== 'StatefulSet' && workload.ref.kind !== 'Pod' && label.startsWith(`${workload.ref.name}-`))
        return `${workload.ref.kind} pods have no hostname, so their pod names are never published in DNS (CoreDNS names them by dashed IP, kube-dns by a hash); use the Service name.`;
    }
    if (this.profile === 'kube-dns' && undashIp(label))
      return `kube-dns names endpoints without a hostname by a hash, not by their dashed IP.`;
    if (this.profile === 'spec' && undashIp(label))
      return `The DNS spec gives endpoints without a hostname a system-assigned name; the dashed-IP form is CoreDNS's choice.`;
    const known = [...new Set(groups.map((g) => g.endpointName).filter((n): n is string => n !== null))];
    return known.length
      ? `No ready endpoint of ${id} has the hostname "${label}" (known: ${known.slice(0, 4).join(', ')}${known.length > 4 ? ', …' : ''}).`
      : `No ready endpoint of ${id} has the hostname "${label}": none of its pods sets hostname with subdomain ${svc.ref.name}.`;
  }

  private portName(svc: ServiceDecl, portLabel: string, protoLabel: string): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName')
      return nxdomain(`${id} is an ExternalName Service (a CNAME to ${svc.externalName?.value ?? '?'}); no names exist under it.`, 2);
    const portName = portLabel.replace(/^_/, '');
    const protocol = protoLabel.replace(/^_/, '').toUpperCase();
    const port = svc.ports.find((p) => p.name === portName && p.protocol === protocol);
    if (!port) {
      const named = svc.ports.filter((p) => p.name).map((p) => `_${p.name}._${p.protocol.toLowerCase()}`);
      return nxdomain(
        `Service ${id} has no port named "${portName}" with protocol ${protocol}; ${named.length ? `its SRV names are ${named.join(', ')}` : 'it has no named ports, and unnamed ports get no SRV names'}.`,
        3,
      );
    }
    if (this.type !== 'SRV') return nodata(`_${portName}._${protocol.toLowerCase()} names carry only SRV records.`, 4);
    if (!svc.headless)
      return answer(
        { kind: 'srv', service: id, records: [{ target: this.fqdnOf(svc), port: port.port }] },
        `One SRV record: the Service name and its port ${port.port}.`,
        4,
      );
    const ready = serviceEndpoints(this.catalog, svc, this.profile).filter((g) => g.ready);
    const records = this.srvRecords(svc, ready, port);
    if (records.length === 0)
      return nxdomain(`No ready endpoint of headless Service ${id} carries port "${portName}" (its pods do not declare the targetPort ${String(port.targetPort)}).`, 4);
    return answer({ kind: 'srv', service: id, pods: podRefs(ready), records }, 'Headless: one SRV record per ready endpoint, with the pod-side (target) port.', 4);
  }

  private srvRecords(svc: ServiceDecl, ready: readonly EndpointGroup[], port: ServiceDecl['ports'][number]): { target: string; port: number }[] {
    const base = this.fqdnOf(svc);
    const records: { target: string; port: number }[] = [];
    for (const group of ready) {
      const value = endpointPort(group, port);
      if (value === null) continue;
      const label = group.endpointName ?? (group.ips[0] ? group.ips[0].replace(/[.:]/g, '-') : this.profile === 'kube-dns' ? '<hash>' : '<pod-ip-dashed>');
      records.push({ target: `${label}.${base}`, port: value });
    }
    return records;
  }
}

function familyIps(group: EndpointGroup, family: string): string[] {
  return group.ips.filter((ip) => (family === 'IPv6') === ip.includes(':'));
}

function podRefs(groups: readonly EndpointGroup[]): PodRef[] {
  return groups.filter((g) => g.workload).map((g) => ({ workload: objectId(g.workload!.ref), pod: g.pod?.podName ?? g.pod?.hostname ?? null, count: g.count }));
}

function answer(partial: Partial<Answer> & { kind: Answer['kind'] }, reason: string, depth: number): FqdnResult {
  return {
    status: 'answer',
    answer: { service: null, pods: [], ips: [], target: null, records: [], ...partial },
    reason,
    depth,
  };
}

function nxdomain(reason: string, depth: number): FqdnResult {
  return { status: 'nxdomain', answer: null, reason, depth };
}

function nodata(reason: string, depth: number): FqdnResult {
  return { status: 'nodata', answer: null, reason, depth };
}

/** The kubelet's search list for ClusterFirst pods in `namespace`, with ndots:5. */
export function searchCandidates(query: string, namespace: string, zone: string): string[] {
  const name = query.toLowerCase();
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const search = [`${name}.${namespace}.svc.${zone}`, `${name}.svc.${zone}`, `${name}.${zone}`];
  const dots = name.split('.').length - 1;
  return dots >= 5 ? [name, ...search] : [...search, name];
}

interface QueryOptions {
  readonly fromNamespace: string;
  readonly type: RecordType;
  /** The name is known to be meant for cluster DNS (a host found in config): never report it as forwarded. */
  readonly clusterOnly?: boolean;
}

function resolveWithProfile(catalog: Catalog, query: string, options: QueryOptions, profile: DnsProfile): { fqdn: string | null; result: FqdnResult } {
  const zone = catalog.options.clusterDomain;
  let best: { fqdn: string; result: FqdnResult } | null = null;
  let nodataHit: { fqdn: string; result: FqdnResult } | null = null;
  let forwarded: { fqdn: string; result: FqdnResult } | null = null;
  const literal = query.toLowerCase().replace(/\.$/, '');
  for (const candidate of searchCandidates(query, options.fromNamespace, zone)) {
    const result = resolveFqdn(catalog, candidate, options.type, profile);
    if (result.status === 'answer') return { fqdn: candidate, result };
    if (result.status === 'forwarded') {
      forwarded ??= { fqdn: candidate, result };
      continue;
    }
    if (result.status === 'nodata' && !nodataHit) nodataHit = { fqdn: candidate, result };
    // On a tie the literal name's own reason is the most relevant one.
    if (!best || result.depth > best.result.depth || (result.depth === best.result.depth && candidate === literal)) best = { fqdn: candidate, result };
  }
  if (nodataHit) return nodataHit;
  // A name that reached a real Service is a cluster name that failed; otherwise a dotted name
  // outside the zone is upstream DNS's business.
  const matchedService = best !== null && best.result.depth >= 2;
  if (forwarded && forwarded.fqdn.includes('.') && !matchedService && !options.clusterOnly) return forwarded;
  if (best) return { fqdn: null, result: best.result };
  return { fqdn: null, result: nxdomain(`"${query}" matches nothing in cluster DNS.`, 0) };
}

/**
 * Resolves a name as a pod in `fromNamespace` would (search path, ndots:5) under the configured
 * profile, and compares the other profiles to decide portability.
 */
export function resolveQuery(catalog: Catalog, query: string, options: QueryOptions): Resolution {
  const profile = catalog.options.profile;
  const primary = resolveWithProfile(catalog, query, options, profile);
  const notes: string[] = [];
  let portable = true;
  for (const other of DNS_PROFILES) {
    if (other === profile) continue;
    const alt = resolveWithProfile(catalog, query, options, other);
    const agree = (alt.result.status === 'answer') === (primary.result.status === 'answer');
    if (!agree) {
      portable = false;
      notes.push(`${profileLabel(other)}: ${alt.result.status.toUpperCase()}. ${alt.result.reason}`);
    }
  }
  return {
    query,
    type: options.type.toUpperCase(),
    fqdn: primary.result.status === 'answer' || primary.result.status === 'nodata' ? primary.fqdn : null,
    status: primary.result.status,
    answer: primary.result.answer,
    portable,
    notes,
    reason: primary.result.reason,
  };
}
