// What cluster DNS answers for a name, per docs/dns-rules.md (rule numbers below are its rules).
// `resolveFqdn` answers one absolute name under one DNS profile; `resolveQuery` applies a pod's
// search path and compares profiles to say whether the answer is portable. Explanations and
// checks call these, so the hover, the diagnostics and the CLI can never disagree.
import type { Catalog } from '../model/catalog';
import { DNS_PROFILES, type DnsProfile } from '../core/options';
import { objectId, type ServiceDecl } from '../kube/types';
import { matchingPorts, runningWorkloads, serviceEndpoints, type EndpointGroup, type EndpointPort } from './endpoints';
import { canonicalIp, dashedIp, ipOfReverseName, isReverseName, reverseName, undashIp } from './ipAddress';
import { isIPv4, placeholderIn } from '../kube/names';

export type RecordType = string;
/** `forwarded`: not cluster DNS's to answer; it goes to the upstream resolver (rule 1, 65). */
export type ResolveStatus = 'answer' | 'nxdomain' | 'nodata' | 'forwarded';
export type AnswerKind = 'vip' | 'pod-ips' | 'pod-ip' | 'ips' | 'cname' | 'srv' | 'txt' | 'ptr' | 'soa' | 'ns';

export interface PodRef {
  readonly workload: string;
  readonly pod: string | null;
  readonly count: number | null;
}

export interface SrvRecord {
  readonly target: string;
  readonly port: number;
  /** The pod behind the target when the target is a placeholder for its runtime IP, or its name. */
  readonly pod: string | null;
}

export interface Answer {
  readonly kind: AnswerKind;
  /** `namespace/name` of the Service answering, if any. */
  readonly service: string | null;
  readonly pods: readonly PodRef[];
  readonly ips: readonly string[];
  /** CNAME target, TXT text, SOA/NS server name, first PTR name. */
  readonly target: string | null;
  /** SRV records, at most MAX_RECORDS of them; `recordCount` says how many DNS returns. */
  readonly records: readonly SrvRecord[];
  readonly recordCount: number;
  /** PTR: every name the address maps to. */
  readonly names: readonly string[];
  /** False when unready pods are published too (publishNotReadyAddresses). */
  readonly readyOnly: boolean;
  /** When the answer holds: e.g. only while a Job runs, only while the pod is ready. */
  readonly conditions: readonly string[];
}

export interface FqdnResult {
  readonly status: ResolveStatus;
  readonly answer: Answer | null;
  /** One plain sentence saying why. */
  readonly reason: string;
  /** How many labels of the name (from the zone outwards) matched real objects. */
  readonly depth: number;
}

export interface Resolution {
  readonly query: string;
  readonly type: RecordType;
  /** The absolute name the status is about: the candidate that answered, or the one whose reason is given. */
  readonly fqdn: string | null;
  readonly status: ResolveStatus;
  readonly answer: Answer | null;
  readonly portable: boolean;
  /** What the other DNS profiles answer, where they differ. */
  readonly notes: readonly string[];
  readonly reason: string;
}

/** SRV records listed one by one; the rest are counted (a Service can have thousands of ports × pods). */
export const MAX_RECORDS = 100;
/** CoreDNS follows at most this many CNAMEs inside its own zone (plugin/backend_lookup.go). */
const MAX_CNAME_CHAIN = 10;

const PROFILE_LABEL: Record<DnsProfile, string> = { coredns: 'CoreDNS', 'kube-dns': 'kube-dns', spec: 'the DNS spec' };

export function profileLabel(profile: DnsProfile): string {
  return PROFILE_LABEL[profile];
}

export function serviceFqdn(catalog: Catalog, svc: ServiceDecl): string {
  return `${svc.ref.name}.${svc.ref.namespace}.svc.${catalog.options.clusterDomain}`;
}

/** Why `name` cannot be asked at all (a usage error), or null. IPs are accepted: a PTR query. */
export function queryNameError(name: string): string | null {
  if (canonicalIp(name)) return null;
  const bare = name.replace(/\.$/, '');
  if (bare === '') return `"${name}" is not a DNS name (it is empty)`;
  if (bare.length > 253) return `"${name.slice(0, 40)}…" is longer than 253 characters`;
  for (const label of bare.split('.')) {
    if (label === '') return `"${name}" has an empty label`;
    if (label.length > 63) return `"${name}" has a label longer than 63 characters`;
    if (!/^[A-Za-z0-9_*-]+$/.test(label)) return `"${name}" has a label with characters DNS names do not use ("${label}")`;
  }
  return null;
}

/** Answers one absolute name (no trailing dot needed) of the given type under one profile. */
export function resolveFqdn(catalog: Catalog, fqdn: string, type: RecordType, profile: DnsProfile): FqdnResult {
  return resolveFqdnTracked(catalog, fqdn, type, profile).result;
}

/** `resolveFqdn`, and whether the answer looked at the profile at all (if not, every profile gives it). */
function resolveFqdnTracked(catalog: Catalog, fqdn: string, type: RecordType, profile: DnsProfile): { result: FqdnResult; profileRead: boolean } {
  const resolver = new FqdnResolver(catalog, profile, type.toUpperCase());
  const result = resolver.resolve(withoutFinalDot(fqdn.toLowerCase()), 0);
  return { result, profileRead: resolver.profileRead };
}

/** A number per Service declaration object, for memo keys (a declaration is one object for its catalog's life). */
const declarationIds = new WeakMap<ServiceDecl, number>();
let nextDeclarationId = 0;

function declarationId(svc: ServiceDecl): number {
  let id = declarationIds.get(svc);
  if (id === undefined) declarationIds.set(svc, (id = nextDeclarationId++));
  return id;
}

type PodGroupWithName = EndpointGroup & { readonly workload: NonNullable<EndpointGroup['workload']> };

class FqdnResolver {
  private readonly zone: string;
  /** Whether any branch taken so far depended on the profile (resolveQuery skips the others when none did). */
  profileRead = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly configuredProfile: DnsProfile,
    private readonly type: string,
  ) {
    this.zone = catalog.options.clusterDomain;
  }

  /** The profile; reading it marks the answer as one that may differ between profiles. */
  private get profile(): DnsProfile {
    this.profileRead = true;
    return this.configuredProfile;
  }

  resolve(name: string, chain: number): FqdnResult {
    if (isReverseName(name)) return this.reverse(name);
    if (name !== this.zone && !name.endsWith(`.${this.zone}`))
      return { status: 'forwarded', answer: null, reason: `${name} is outside the cluster domain ${this.zone}, so cluster DNS forwards it upstream.`, depth: 0 };
    const rest = name === this.zone ? [] : name.slice(0, -this.zone.length - 1).split('.');
    if (rest.length === 0) return this.apex();
    // CoreDNS answers SOA only at the apex; below it an SOA query gets an empty answer (handler.go).
    if (this.type === 'SOA') return nodata(`Cluster DNS answers SOA only for the zone ${this.zone} itself.`, 0);
    if (rest.length === 1 && rest[0] === 'dns-version')
      return this.type === 'TXT'
        ? answer({ kind: 'txt', target: '1.1.0' }, 'CoreDNS and kube-dns publish the DNS schema version 1.1.0 here (rule 7).', 1)
        : nodata(`dns-version.${this.zone} only has a TXT record.`, 1);
    const subtree = rest[rest.length - 1]!;
    const parts = rest.slice(0, -1).reverse(); // [namespace, service, …] from the zone outwards
    if (subtree === 'svc') return this.svcTree(parts, chain);
    if (subtree === 'pod') return this.podTree(parts);
    if (subtree === 'dns' && parts.length === 1 && parts[0] === 'ns' && this.profile === 'coredns') return this.nameServer();
    return nxdomain(`Only svc.${this.zone} and pod.${this.zone} exist under the cluster domain; "${subtree}" is neither (rule 2).`, 0);
  }

  private endpoints(svc: ServiceDecl): EndpointGroup[] {
    // The profile decides only which EndpointSlices count.
    if (this.catalog.slicesFor(svc.ref.namespace, svc.ref.name).length > 0) this.profileRead = true;
    // Once per declaration and profile per catalog state: every name under the Service needs them.
    return this.catalog.memo(`E${this.configuredProfile}\0${declarationId(svc)}`, () => serviceEndpoints(this.catalog, svc, this.configuredProfile));
  }

  /** Rule 6a: the zone apex has SOA and NS; TXT on it is NXDOMAIN, anything else NODATA. */
  private apex(): FqdnResult {
    const server = `ns.dns.${this.zone}`;
    if (this.type === 'SOA')
      return answer({ kind: 'soa', target: server, names: [server, `hostmaster.${this.zone}`] }, `The cluster DNS zone's SOA record: primary server ${server}, contact hostmaster.${this.zone} (rule 6a).`, 0);
    if (this.type === 'NS') {
      const dns = this.catalog.service('kube-system', 'kube-dns');
      return answer(
        { kind: 'ns', target: server, ips: dns?.clusterIPs ?? [], service: dns ? 'kube-system/kube-dns' : null },
        `The zone's name server is ${server}: the cluster DNS Service's own address (rule 6a).`,
        0,
      );
    }
    return this.emptyNode(`${this.zone} itself`, 0);
  }

  /** `ns.dns.<zone>`: the address of the DNS Service, which the NS record names. */
  private nameServer(): FqdnResult {
    const dns = this.catalog.service('kube-system', 'kube-dns');
    const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
    if (this.type === 'TXT') return nxdomain(`ns.dns.${this.zone} has only address records.`, 2);
    if (!family) return nodata(`ns.dns.${this.zone} has only address records.`, 2);
    const ips = (dns?.clusterIPs ?? []).filter((ip) => ip.includes(':') === (family === 'IPv6'));
    return answer({ kind: 'vip', service: dns ? 'kube-system/kube-dns' : null, ips }, `The cluster DNS Service's cluster IP, which the zone's NS record names (rule 6a).`, 2);
  }

  /** Empty non-terminals: NODATA, except TXT, which CoreDNS answers with NXDOMAIN (kubernetes.go, rule 6b). */
  private emptyNode(what: string, depth: number): FqdnResult {
    if (this.type === 'TXT') return nxdomain(`${what} has no records of its own, and CoreDNS answers TXT on such a node with NXDOMAIN (rule 6b).`, depth);
    return nodata(`${what} is an empty node with no records of its own.`, depth);
  }

  private namespaceMissing(ns: string, depth: number): FqdnResult {
    return nxdomain(`Namespace "${ns}" does not exist in the workspace (no Namespace object and no object in it).`, depth);
  }

  private svcTree(parts: string[], chain: number): FqdnResult {
    const [ns, serviceName, ...extra] = parts;
    if (ns === undefined) return this.emptyNode(`svc.${this.zone}`, 1);
    const external = this.catalog.options.externalNamespaces?.includes(ns) ?? false;
    if (!external && !this.catalog.namespaceExists(ns)) return this.namespaceMissing(ns, 1);
    if (serviceName === undefined) return this.emptyNode(`${ns}.svc.${this.zone} (a namespace node)`, 2);
    const svc = this.catalog.service(ns, serviceName);
    if (!svc && external)
      return answer({ kind: 'vip' }, `Namespace ${ns} is declared external in the repository config (.kube-service-dns.yaml): its names are assumed to exist.`, 3);
    if (!svc) return nxdomain(`There is no Service "${serviceName}" in namespace "${ns}".`, 2);
    if (svc.rejectedBecause)
      return nxdomain(`Service ${ns}/${serviceName} is rejected by the API server (${svc.rejectedBecause}), so it has no records.`, 3);
    if (extra.length === 0) return this.serviceName(svc, chain);
    if (extra.length === 1) return this.endpointName(svc, extra[0]!);
    if (extra.length === 2) return this.portName(svc, extra[1]!, extra[0]!); // parts run outwards: _proto before _port
    return nxdomain(`Cluster DNS answers at most two labels left of a Service name (an endpoint, or _port._protocol); this name has ${extra.length} (rule 3).`, 3);
  }

  private podTree(parts: string[]): FqdnResult {
    const [ns, label, ...extra] = parts;
    if (ns === undefined) return this.emptyNode(`pod.${this.zone}`, 1);
    if (!this.catalog.namespaceExists(ns) && this.profile !== 'kube-dns') return this.namespaceMissing(ns, 1);
    if (label === undefined) return this.emptyNode(`${ns}.pod.${this.zone}`, 2);
    const ip = extra.length === 0 ? undashIp(label) : null;
    if (!ip) return nxdomain(`Pod records are named after an IP with dashes (10-1-2-3.${ns}.pod.${this.zone}); "${label}" is not one (rule 53).`, 2);
    if (this.profile === 'spec') return nxdomain('The DNS spec removed pod A records in schema 1.1.0.', 2);
    const family = ip.includes(':') ? 'AAAA' : 'A';
    const why =
      this.profile === 'coredns'
        ? `CoreDNS with "pods insecure" (kubeadm's setting) answers any IP-shaped name in an existing namespace, without checking that a pod has the IP.`
        : 'kube-dns answers any IP-shaped pod name, in any namespace.';
    if (this.type === 'SRV') {
      // Rule 53a: the pod record carries no port, so its SRV record has port 0.
      const target = `${label}.${ns}.pod.${this.zone}`;
      return answer({ kind: 'srv', records: [{ target, port: 0, pod: null }], recordCount: 1 }, `One SRV record with port 0: a pod name has an address but no port. ${why}`, 3);
    }
    if (this.type !== family) return nodata(`This pod record only has an ${family} record.`, 3);
    return answer({ kind: 'ips', ips: [ip] }, why, 3);
  }

  private fqdnOf(svc: ServiceDecl): string {
    return serviceFqdn(this.catalog, svc);
  }

  private serviceName(svc: ServiceDecl, chain: number): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName') return this.externalName(svc, chain);
    if (!svc.headless) {
      const conditions = this.jobOnlyCondition(svc, 'vip');
      if (this.type === 'SRV') {
        if (this.profile !== 'coredns') return nodata(`${profileLabel(this.profile)} defines SRV records only for _port._protocol names.`, 3);
        if (svc.ports.length === 0) return nodata(`Service ${id} has no ports.`, 3);
        const target = this.fqdnOf(svc);
        // One record per distinct port: identical records are merged (rule 41a).
        const records = [...new Set(svc.ports.map((p) => p.port))].map((port) => ({ target, port, pod: null }));
        return answer({ kind: 'srv', service: id, records: records.slice(0, MAX_RECORDS), recordCount: records.length, conditions }, `CoreDNS answers SRV on the bare Service name with every port (an extension, rule 43).${capNote(records.length)}`, 3);
      }
      const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
      if (!family) return this.otherType();
      if (!svc.ipFamilies.includes(family)) return nodata(`Service ${id} has no ${family} cluster IP.`, 3);
      const ips = svc.clusterIPs.filter((ip) => (family === 'IPv6') === ip.includes(':'));
      return answer(
        { kind: 'vip', service: id, ips, conditions },
        `The Service's virtual IP${ips.length ? ` ${ips.join(', ')}` : ''}; kube-proxy balances connections across its ready pods.`,
        3,
      );
    }
    const groups = this.endpoints(svc);
    const ready = groups.filter((g) => g.ready);
    if (ready.length === 0)
      return nxdomain(
        groups.length > 0
          ? `Headless Service ${id} has no ready endpoints, and a headless name with no ready endpoints is NXDOMAIN.`
          : `Headless Service ${id} has no endpoints: ${svc.selector ? 'its selector matches no pod template in the workspace' : 'it has no selector and no EndpointSlice'}, so its name is NXDOMAIN.`,
        3,
      );
    const conditions = this.jobOnlyCondition(svc, 'headless');
    if (this.type === 'SRV') {
      if (this.profile !== 'coredns') return nodata(`${profileLabel(this.profile)} defines SRV records only for _port._protocol names.`, 3);
      const srv = this.srvRecords(svc, ready, null, null);
      return srv.count
        ? answer(
            { kind: 'srv', service: id, pods: podRefs(ready), records: srv.records, recordCount: srv.count, conditions },
            `CoreDNS answers SRV on the bare Service name with every port of every ready endpoint (an extension, rule 43), from the endpoints' own ports.${capNote(srv.count)}`,
            3,
          )
        : nodata(`The endpoints of headless Service ${id} have no ports, so it has no SRV records (rule 18).`, 3);
    }
    const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
    if (!family) return this.otherType();
    const matching = ready.filter((g) => g.families.includes(family));
    if (matching.length === 0) return nodata(`Headless Service ${id} has no ${family} endpoints.`, 3);
    const readyOnly = !(svc.publishNotReadyAddresses && matching.some((g) => g.workload));
    return answer(
      {
        kind: matching.every((g) => g.workload === null) ? 'ips' : 'pod-ips',
        service: id,
        pods: podRefs(matching),
        ips: familyIps(matching, family),
        readyOnly,
        conditions,
      },
      `Headless: one ${this.type} record per ${readyOnly ? 'ready pod' : 'pod, ready or not (publishNotReadyAddresses)'} IP; the client picks one, nothing balances for it.`,
      3,
    );
  }

  /** Any other type on an existing Service name: NODATA. */
  private otherType(): FqdnResult {
    return nodata(`A Service name has only A/AAAA (and SRV) records, no ${this.type}.`, 3);
  }

  /** Rule 47: a CNAME; a target inside the cluster zone is resolved by CoreDNS itself. */
  private externalName(svc: ServiceDecl, chain: number): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    const target = svc.externalName?.value.replace(/\.$/, '').toLowerCase() ?? '';
    const placeholder = placeholderIn(svc.externalName?.value ?? '');
    if (placeholder !== null)
      return answer({ kind: 'cname', service: id, target }, `ExternalName Service: a CNAME to ${svc.externalName!.value}, where ${placeholder} is a placeholder to fill in before applying; what it resolves to then is not known here.`, 3);
    if (isIPv4(target)) return nxdomain(`ExternalName Service ${id} points at the IP ${target}; CoreDNS publishes no record for an IP-valued externalName (rule 49).`, 3);
    if (this.type !== 'A' && this.type !== 'AAAA' && this.type !== 'CNAME') return nodata(`ExternalName Service ${id} has only a CNAME record, no ${this.type}.`, 3);
    const inZone = target === this.zone || target.endsWith(`.${this.zone}`);
    if (this.type === 'CNAME' || !inZone)
      return answer({ kind: 'cname', service: id, target }, `ExternalName Service: a CNAME to ${target}, which ${inZone ? 'cluster DNS' : 'the upstream resolver'} then resolves.`, 3);
    if (target === this.fqdnOf(svc) || chain >= MAX_CNAME_CHAIN)
      return nodata(`ExternalName Service ${id} is a CNAME chain that loops or is longer than ${MAX_CNAME_CHAIN}; CoreDNS drops it and answers nothing.`, 3);
    const inner = this.resolve(target, chain + 1);
    if (inner.status !== 'answer' || !inner.answer)
      return nodata(
        `ExternalName Service ${id} is a CNAME to ${target}, inside the cluster domain, which does not resolve (${inner.status.toUpperCase()}: ${inner.reason}); CoreDNS drops the CNAME and answers NODATA (rule 47a).`,
        3,
      );
    const a = inner.answer;
    return answer(
      { kind: 'cname', service: id, target, ips: a.ips, pods: a.pods, readyOnly: a.readyOnly, conditions: a.conditions },
      `ExternalName Service: a CNAME to ${target}, which CoreDNS resolves itself and returns with it (rule 47a): ${inner.reason}`,
      3,
    );
  }

  private endpointName(svc: ServiceDecl, label: string): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName')
      return nxdomain(`${id} is an ExternalName Service (a CNAME to ${svc.externalName?.value ?? '?'}); no names exist under it (rule 48).`, 3);
    if (!svc.headless && this.profile === 'kube-dns')
      return nxdomain(`Service ${id} is not headless, and kube-dns publishes per-pod names only under headless Services.`, 3);
    if (!svc.headless && this.profile === 'spec')
      return nxdomain(`Service ${id} is not headless; the DNS spec defines per-pod names only under headless Services.`, 3);
    const groups = this.endpoints(svc).filter((g) => g.ready);
    const named = groups.filter((g) => g.endpointName === label);
    const viaIp = named.length === 0 && this.profile === 'coredns' ? undashIp(label) : null;
    let matches: EndpointGroup[] = named;
    let how = `the endpoint whose hostname is ${label}`;
    if (viaIp) {
      // Rule 17: without a hostname CoreDNS names an endpoint by its dashed IP. Slice addresses
      // are known; a pod's IP is known only at runtime, so any pod without a hostname may have it.
      matches = groups.filter((g) => g.endpointName === null && (g.ips.length === 0 ? g.workload !== null : g.ips.some((ip) => dashedIp(ip) === label)));
      how = `the ready endpoint with IP ${viaIp}, if there is one (CoreDNS names endpoints without a hostname by their dashed IP)`;
    }
    if (matches.length === 0) return svc.external ? this.externalEndpoint(svc, label) : nxdomain(this.whyNoEndpoint(svc, label, groups), 3);
    const nonHeadless = svc.headless ? '' : ' CoreDNS answers it although the Service is not headless (kube-dns does not).';
    const podGroups = matches.filter((g): g is PodGroupWithName => g.workload !== null);
    const readyOnly = !(svc.publishNotReadyAddresses && podGroups.length > 0);
    const conditions = this.jobOnlyCondition(svc, 'endpoint', matches);
    const readiness = perPodReadiness(podGroups, readyOnly, viaIp !== null);
    if (this.type === 'SRV') {
      // Rule 17a: an endpoint name has SRV records too, one per port of that endpoint.
      const srv = this.srvRecords(svc, matches, null, null, label);
      if (srv.count === 0) return nodata(`That endpoint has no ports, so it has no SRV records.`, 4);
      return answer({ kind: 'srv', service: id, pods: podRefs(matches), records: srv.records, recordCount: srv.count, readyOnly, conditions }, `One SRV record per port of ${how}.${capNote(srv.count)}${readiness}${nonHeadless}`, 4);
    }
    const family = this.type === 'A' ? 'IPv4' : this.type === 'AAAA' ? 'IPv6' : null;
    if (!family) return nodata(`An endpoint name has only A/AAAA (and SRV) records, no ${this.type}.`, 4);
    const inFamily = matches.filter((g) => g.families.includes(family));
    if (inFamily.length === 0) return nodata(`That endpoint has no ${family} address.`, 4);
    // A dashed-IP name always means the one endpoint with that IP.
    const single = viaIp !== null || (inFamily.length === 1 && inFamily[0]!.count === 1);
    const ips = viaIp ? (inFamily.some((g) => g.ips.length > 0) ? [viaIp] : []) : familyIps(inFamily, family);
    const shared = !single ? ` Several ${inFamily.some((g) => g.workload) ? 'pods' : 'endpoints'} share this hostname, so it returns all of their IPs.` : '';
    // Hand-written slices have addresses, not pods (rule 38).
    const kind = inFamily.every((g) => g.workload === null) ? 'ips' : single ? 'pod-ip' : 'pod-ips';
    return answer({ kind, service: id, pods: podRefs(inFamily), ips, readyOnly, conditions }, `Resolves to ${how}.${shared}${readiness}${nonHeadless}`, 4);
  }

  /**
   * A per-pod name under a Service declared external in the repository config: its pods are not
   * in these manifests, so the name is assumed to exist, as names in an external namespace are.
   */
  private externalEndpoint(svc: ServiceDecl, label: string): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    const why = `Service ${id} is declared external in the repository config (.kube-service-dns.yaml): its pods are not in these manifests, so the endpoint ${label} is assumed to exist.${svc.headless ? '' : ' CoreDNS answers per-pod names although the Service is not declared headless (kube-dns does not); add headless: true to its entry if it is.'}`;
    if (this.type === 'SRV') {
      const target = `${label}.${this.fqdnOf(svc)}`;
      const records = svc.ports.map((p) => ({ target, port: p.port, pod: null }));
      return records.length ? answer({ kind: 'srv', service: id, records: records.slice(0, MAX_RECORDS), recordCount: records.length }, why, 4) : nodata(`${why} Its entry lists no ports, so no SRV records are known.`, 4);
    }
    if (this.type !== 'A' && this.type !== 'AAAA') return nodata(`An endpoint name has only A/AAAA (and SRV) records, no ${this.type}.`, 4);
    return answer({ kind: 'pod-ip', service: id }, why, 4);
  }

  /** The most useful reason a per-endpoint name does not exist. */
  private whyNoEndpoint(svc: ServiceDecl, label: string, groups: readonly EndpointGroup[]): string {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    const running = runningWorkloads(this.catalog, svc);
    for (const workload of this.catalog.workloadsIn(svc.ref.namespace)) {
      // Rule 23: a pod whose subdomain names another Service has no name under this one.
      const pod = workload.pods.find((p) => p.hostname === label);
      if (pod && pod.subdomain !== svc.ref.name && running.includes(workload))
        return pod.subdomain
          ? `Pod ${label} has subdomain "${pod.subdomain}", not "${svc.ref.name}"; its name is published only under the Service its subdomain names.`
          : `Pod ${label} sets no subdomain, so no Service publishes its hostname.`;
    }
    for (const workload of running) {
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
    if (undashIp(label) && this.profile === 'kube-dns') return `kube-dns names endpoints without a hostname by a hash, not by their dashed IP.`;
    if (undashIp(label) && this.profile === 'spec')
      return `The DNS spec gives endpoints without a hostname a system-assigned name; the dashed-IP form is CoreDNS's choice.`;
    const known = [...new Set(groups.map((g) => g.endpointName).filter((n): n is string => n !== null))];
    return known.length
      ? `No ready endpoint of ${id} has the hostname "${label}" (known: ${known.slice(0, 4).join(', ')}${known.length > 4 ? ', …' : ''}).`
      : `No ready endpoint of ${id} has the hostname "${label}": none of its pods sets hostname with subdomain ${svc.ref.name}.`;
  }

  private portName(svc: ServiceDecl, portLabel: string, protoLabel: string): FqdnResult {
    const id = `${svc.ref.namespace}/${svc.ref.name}`;
    if (svc.type?.value === 'ExternalName')
      return nxdomain(`${id} is an ExternalName Service (a CNAME to ${svc.externalName?.value ?? '?'}); no names exist under it (rule 48).`, 3);
    const portName = portLabel.replace(/^_/, '');
    const protocol = protoLabel.replace(/^_/, '').toUpperCase();
    const servicePort = svc.ports.find((p) => p.name === portName && p.protocol === protocol);
    const srvNames = (): string => {
      const named = svc.ports.filter((p) => p.name).map((p) => `_${p.name}._${p.protocol.toLowerCase()}`);
      return named.length ? `its SRV names are ${named.slice(0, 6).join(', ')}${named.length > 6 ? ', …' : ''}` : 'it has no named ports, and unnamed ports get no SRV names';
    };
    if (!svc.headless) {
      if (!servicePort) return nxdomain(`Service ${id} has no port named "${portName}" with protocol ${protocol}; ${srvNames()} (rule 42).`, 3);
      if (this.type !== 'SRV') return nodata(`_${portName}._${protocol.toLowerCase()} names carry only SRV records.`, 5);
      return answer(
        { kind: 'srv', service: id, records: [{ target: this.fqdnOf(svc), port: servicePort.port, pod: null }], recordCount: 1, conditions: this.jobOnlyCondition(svc, 'vip') },
        `One SRV record: the Service name and its port ${servicePort.port}.`,
        5,
      );
    }
    // Rule 41: a headless Service's SRV names come from its endpoints' ports.
    const groups = this.endpoints(svc);
    const ready = groups.filter((g) => g.ready);
    const srv = this.srvRecords(svc, ready, portName, protocol);
    if (srv.matched === 0) {
      if (servicePort && ready.length > 0)
        return nxdomain(`No ready endpoint of headless Service ${id} carries port "${portName}" (its pods do not declare the targetPort ${String(servicePort.targetPort)}).`, 4);
      if (ready.length === 0) return nxdomain(`Headless Service ${id} has no ready endpoints, so it has no SRV names.`, 3);
      const sliceNames = [...new Set(ready.flatMap((g) => g.ports.filter((p) => p.name).map((p) => `_${p.name}._${p.protocol.toLowerCase()}`)))];
      return nxdomain(
        `No endpoint of headless Service ${id} has a port named "${portName}" with protocol ${protocol}; ${sliceNames.length ? `its endpoints' SRV names are ${sliceNames.slice(0, 6).join(', ')}` : 'its endpoints have no named ports'} (rule 42).`,
        3,
      );
    }
    if (this.type !== 'SRV') return nodata(`_${portName}._${protocol.toLowerCase()} names carry only SRV records.`, 5);
    if (srv.count === 0) return nodata(`The endpoints' port "${portName}" has no number, so there is no SRV record.`, 5);
    return answer(
      { kind: 'srv', service: id, pods: podRefs(ready), records: srv.records, recordCount: srv.count, conditions: this.jobOnlyCondition(svc, 'headless') },
      `Headless: one SRV record per ready endpoint, with the endpoint's own (pod-side) port (rule 41).${capNote(srv.count)}`,
      5,
    );
  }

  /**
   * SRV records for `groups` × their ports matching `_port._protocol` (null: any), one per
   * distinct target and port (CoreDNS merges identical records, backend_lookup.go). Only the
   * first MAX_RECORDS are built; the rest are counted, so thousands of ports × pods stay cheap.
   */
  private srvRecords(svc: ServiceDecl, groups: readonly EndpointGroup[], portName: string | null, protocol: string | null, onlyLabel?: string): { records: SrvRecord[]; count: number; matched: number } {
    const base = this.fqdnOf(svc);
    const targets = new Map<string, { pod: string | null; lists: (readonly EndpointPort[])[] }>();
    let matched = 0;
    const add = (key: string, pod: string | null, ports: readonly EndpointPort[]): void => {
      const entry = targets.get(key);
      if (entry) entry.lists.push(ports);
      else targets.set(key, { pod, lists: [ports] });
    };
    for (const group of groups) {
      const ports = matchingPorts(group.ports, portName, protocol);
      if (ports.length === 0) continue;
      matched += ports.length;
      if (group.endpointName !== null) {
        add(`${group.endpointName}.${base}`, podName(group), ports);
      } else if (group.ips.length > 0) {
        for (const ip of group.ips) if (!onlyLabel || dashedIp(ip) === onlyLabel) add(`${dashedIp(ip)}.${base}`, null, ports);
      } else if (onlyLabel) {
        add(`${onlyLabel}.${base}`, podName(group), ports);
      } else {
        // Pods without a hostname are named by their runtime IP: one distinct target per pod.
        const count = group.count ?? 1;
        for (let i = 1; i <= Math.min(count, MAX_RECORDS + 1); i++) add(`\0${targets.size}`, podName(group, i, group.count), ports);
      }
    }
    const records: SrvRecord[] = [];
    let count = 0;
    const placeholderBase = `${this.profile === 'kube-dns' ? '<hash>' : '<pod-ip-dashed>'}.${base}`;
    for (const [key, entry] of targets) {
      const target = key.startsWith('\0') ? placeholderBase : key;
      const distinct = entry.lists.length === 1 ? distinctPorts(entry.lists[0]!) : new Set(entry.lists.flatMap((l) => [...distinctPorts(l)]));
      count += distinct.size;
      if (records.length >= MAX_RECORDS) continue;
      for (const port of distinct) {
        if (records.length >= MAX_RECORDS) break;
        records.push({ target, port, pod: entry.pod });
      }
    }
    // Unnamed pods beyond the ones listed are counted, not built.
    for (const group of groups)
      if (group.endpointName === null && group.ips.length === 0 && !onlyLabel && (group.count ?? 1) > MAX_RECORDS + 1)
        count += ((group.count ?? 1) - MAX_RECORDS - 1) * distinctPorts(matchingPorts(group.ports, portName, protocol)).size;
    return { records, count, matched };
  }

  /** Rule 21: pods that run to completion back a Service only while they run. */
  private jobOnlyCondition(svc: ServiceDecl, mode: 'vip' | 'headless' | 'endpoint', groups?: readonly EndpointGroup[]): string[] {
    // Only a Job's or CronJob's pods are transient (slice endpoints never are): with none selected,
    // a ClusterIP answer needs no endpoints at all.
    if (!groups && !this.catalog.selectedWorkloads(svc).some((w) => w.runsToCompletion)) return [];
    const all = groups ?? this.endpoints(svc).filter((g) => g.ready);
    if (all.length === 0 || !all.every((g) => g.transient)) return [];
    const owners = [...new Set(all.map((g) => g.workload!.ref.name))].join(', ');
    const between =
      mode === 'vip' ? 'between runs the VIP resolves but accepts no connections' : mode === 'headless' ? 'between runs this name is NXDOMAIN' : 'between runs this name is NXDOMAIN';
    return [`Only while a Job of ${owners} runs: Job and CronJob pods are endpoints only until they finish; ${between}.`];
  }

  /** Rules 12, 19 and 65: PTR for addresses the manifests fix; anything else falls through upstream. */
  private reverse(name: string): FqdnResult {
    const forwarded = (why: string): FqdnResult => ({ status: 'forwarded', answer: null, reason: `${why} CoreDNS falls through (kubeadm's "fallthrough in-addr.arpa ip6.arpa") to the upstream resolver.`, depth: 0 });
    if (this.type !== 'PTR') return forwarded(`Cluster DNS has only PTR records under ${name.endsWith('ip6.arpa') ? 'ip6.arpa' : 'in-addr.arpa'}.`);
    const ip = ipOfReverseName(name);
    if (!ip) return forwarded(`${name} is not the reverse name of one complete address.`);
    const services = this.catalog.services().filter((s) => !s.rejectedBecause && s.clusterIPs.some((c) => canonicalIp(c) === ip));
    if (services.length > 0) {
      const fqdn = this.fqdnOf(services[0]!);
      return answer({ kind: 'ptr', service: `${services[0]!.ref.namespace}/${services[0]!.ref.name}`, target: fqdn, names: [fqdn] }, `${ip} is the cluster IP of Service ${services[0]!.ref.namespace}/${services[0]!.ref.name} (rule 12).`, 1);
    }
    const names: string[] = [];
    for (const svc of this.catalog.services()) {
      if (svc.rejectedBecause || svc.type?.value === 'ExternalName' || this.catalog.slicesFor(svc.ref.namespace, svc.ref.name).length === 0) continue;
      if (this.profile === 'kube-dns' && !svc.headless) continue;
      for (const group of this.endpoints(svc)) {
        if (!group.ready || !group.ips.some((a) => canonicalIp(a) === ip)) continue;
        if (this.profile === 'spec' && group.endpointName === null) continue;
        const fqdn = `${group.endpointName ?? dashedIp(ip)}.${this.fqdnOf(svc)}`;
        if (!names.includes(fqdn)) names.push(fqdn);
      }
    }
    if (names.length === 0) return forwarded(`No Service or EndpointSlice in these manifests has the address ${ip}.`);
    return answer({ kind: 'ptr', target: names[0]!, names }, `${ip} is an endpoint address in a hand-written EndpointSlice: one PTR record per Service that has it (rule 19).`, 1);
  }
}

function capNote(count: number): string {
  return count > MAX_RECORDS ? ` The list is capped: ${MAX_RECORDS} of ${formatCount(count)} records are shown.` : '';
}

/** `10000000` → `10,000,000` (toLocaleString is slow and depends on the runtime's ICU). */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

const distinctCache = new WeakMap<readonly EndpointPort[], Set<number>>();

/** The distinct port numbers of a port list (no SRV record for a port without a number). */
function distinctPorts(ports: readonly EndpointPort[]): Set<number> {
  let set = distinctCache.get(ports);
  if (!set) {
    set = new Set(ports.map((p) => p.port).filter((p) => p >= 0));
    distinctCache.set(ports, set);
  }
  return set;
}

/** What names a pod in SRV output: its name when predictable, else which pod of its workload. */
function podName(group: EndpointGroup, index?: number, of?: number | null): string | null {
  if (!group.workload) return null;
  if (group.pod?.podName) return group.pod.podName;
  if (group.endpointName) return group.count === 1 ? `${group.workload.ref.name} pod ${group.endpointName}` : `${group.count ?? 'every'} pods of ${group.workload.ref.name}`;
  if (index === undefined) return `a pod of ${group.workload.ref.name}`;
  return of === null ? `${group.workload.ref.name}: one pod per node` : `${group.workload.ref.name}: pod ${index} of ${of ?? 1}`;
}

/** Rule 32: a per-pod name lives only while its pod is (published as) ready; said in the reason. */
function perPodReadiness(groups: readonly PodGroupWithName[], readyOnly: boolean, viaIp: boolean): string {
  if (groups.length === 0) return '';
  if (!readyOnly) return ' It exists while the pod has an IP, ready or not (publishNotReadyAddresses).';
  const named = [...new Set(groups.map((g) => g.pod?.podName ?? null).filter((n): n is string => n !== null))];
  const which = viaIp ? 'the pod with that IP' : named.length === 1 ? `pod ${named[0]}` : 'each pod';
  return ` It exists only while ${which} is ready.`;
}

function familyIps(groups: readonly EndpointGroup[], family: string): string[] {
  return [...new Set(groups.flatMap((g) => g.ips.filter((ip) => (family === 'IPv6') === ip.includes(':'))))];
}

function podRefs(groups: readonly EndpointGroup[]): PodRef[] {
  const refs: PodRef[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    if (!g.workload) continue;
    const ref = { workload: objectId(g.workload.ref), pod: g.pod?.podName ?? g.pod?.hostname ?? null, count: g.count };
    const key = `${ref.workload}\0${ref.pod ?? ''}`;
    if (ref.pod !== null && seen.has(key)) continue;
    seen.add(key);
    refs.push(ref);
  }
  return refs;
}

function answer(partial: Partial<Answer> & { kind: AnswerKind }, reason: string, depth: number): FqdnResult {
  return {
    status: 'answer',
    answer: { service: null, pods: [], ips: [], target: null, records: [], recordCount: partial.records?.length ?? 0, names: [], readyOnly: true, conditions: [], ...partial },
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

const DOT = 46;

function countDots(name: string, end: number): number {
  let dots = 0;
  for (let i = 0; i < end; i++) if (name.charCodeAt(i) === DOT) dots++;
  return dots;
}

function withoutFinalDot(name: string): string {
  return name.charCodeAt(name.length - 1) === DOT ? name.slice(0, -1) : name;
}

/** The kubelet's search list for ClusterFirst pods in `namespace`, with ndots:5 (rule 56–57). */
export function searchCandidates(query: string, namespace: string, zone: string): string[] {
  const name = query.toLowerCase();
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const search = [`${name}.${namespace}.svc.${zone}`, `${name}.svc.${zone}`, `${name}.${zone}`];
  const dots = countDots(name, name.length);
  return dots >= 5 ? [name, ...search] : [...search, name];
}

interface QueryOptions {
  readonly fromNamespace: string;
  readonly type: RecordType;
  /** The name is known to be meant for cluster DNS (a host found in config): never report it as forwarded. */
  readonly clusterOnly?: boolean;
}

function labelCount(name: string, zone: string): number {
  if (name === zone) return 0;
  // Labels are the dots plus one, in the part before the zone (counted in place: this runs per candidate).
  const end = name.length > zone.length && name.endsWith(zone) && name.charCodeAt(name.length - zone.length - 1) === DOT ? name.length - zone.length - 1 : name.length;
  return countDots(name, end) + 1;
}

interface ProfileResolution {
  readonly fqdn: string | null;
  readonly result: FqdnResult;
  /** Whether any candidate's answer depended on the profile. */
  readonly profileRead: boolean;
}

function resolveWithProfile(catalog: Catalog, query: string, options: QueryOptions, profile: DnsProfile): ProfileResolution {
  let profileRead = false;
  const found = searchWithProfile(catalog, query, options, (candidate) => {
    // Not memoized: most search candidates are asked once (`<name>.<namespace>.svc.<zone>` per
    // client namespace), and answering one costs less than remembering it. Remembering every
    // candidate made `check` 20-30 % slower on the bench corpora (retained results, longer
    // scavenges); the query as a whole is remembered (resolveQuery).
    const tracked = resolveFqdnTracked(catalog, candidate, options.type, profile);
    profileRead ||= tracked.profileRead;
    return tracked.result;
  });
  return { ...found, profileRead };
}

function searchWithProfile(catalog: Catalog, query: string, options: QueryOptions, resolveCandidate: (fqdn: string) => FqdnResult): { fqdn: string | null; result: FqdnResult } {
  const zone = catalog.options.clusterDomain;
  let best: { fqdn: string; result: FqdnResult; unmatched: number } | null = null;
  let nodataHit: { fqdn: string; result: FqdnResult } | null = null;
  let forwarded: { fqdn: string; result: FqdnResult } | null = null;
  const literal = withoutFinalDot(query.toLowerCase());
  for (const candidate of searchCandidates(query, options.fromNamespace, zone)) {
    const result = resolveCandidate(candidate);
    if (result.status === 'answer') return { fqdn: candidate, result };
    if (result.status === 'forwarded') {
      forwarded ??= { fqdn: candidate, result };
      continue;
    }
    if (result.status === 'nodata' && !nodataHit) nodataHit = { fqdn: candidate, result };
    // The reason comes from the candidate that got furthest into the user's own labels (fewest
    // left unmatched), then the deepest match; on a tie the literal name's own reason.
    const unmatched = labelCount(candidate, zone) - result.depth;
    const better =
      !best ||
      unmatched < best.unmatched ||
      (unmatched === best.unmatched && (result.depth > best.result.depth || (result.depth === best.result.depth && candidate === literal)));
    if (better) best = { fqdn: candidate, result, unmatched };
  }
  if (nodataHit) return nodataHit;
  if (forwarded && forwarded.fqdn.includes('.') && !options.clusterOnly && !clusterShaped(catalog, literal, best?.result ?? null)) return forwarded;
  if (best) return { fqdn: best.fqdn, result: best.result };
  // A single label that misses everywhere (even written absolute) is nobody's name.
  return { fqdn: forwarded?.fqdn ?? null, result: nxdomain(`"${query}" matches nothing in cluster DNS.`, 0) };
}

/**
 * A dotted name that misses everywhere is upstream DNS's business, unless it is shaped like a
 * cluster name: it reached a real Service, or it ends in `svc`, `pod` or a namespace, which no
 * public DNS answers. `check` and `resolve` decide this the same way.
 */
function clusterShaped(catalog: Catalog, name: string, best: FqdnResult | null): boolean {
  if (best !== null && best.depth >= 3) return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last === 'svc' || last === 'pod' || catalog.namespaceExists(last);
}

/**
 * Resolves a name as a pod in `fromNamespace` would (search path, ndots:5) under the configured
 * profile, and compares the other profiles to decide portability. An IP asked with type PTR is
 * asked as its reverse name.
 */
export function resolveQuery(catalog: Catalog, query: string, options: QueryOptions): Resolution {
  // Each distinct (name, namespace, type) is resolved once per catalog state; files share it.
  return catalog.memo(`Q${options.type}\0${options.clusterOnly ? 1 : 0}\0${options.fromNamespace}\0${query}`, () => resolveQueryOnce(catalog, query, options));
}

/**
 * Whether `resolveQuery` answers the name (status `answer`), without its explanation or the
 * other profiles' view: as in searchWithProfile, the first search candidate that answers under the
 * configured profile decides. Suggestions try dozens of near names for each broken one.
 */
export function queryAnswers(catalog: Catalog, query: string, options: QueryOptions): boolean {
  const profile = catalog.options.profile;
  // Not memoized either: suggestion candidates are near names nobody wrote, each asked once.
  for (const candidate of searchCandidates(askedName(query, options.type.toUpperCase()), options.fromNamespace, catalog.options.clusterDomain))
    if (resolveFqdnTracked(catalog, candidate, options.type, profile).result.status === 'answer') return true;
  return false;
}

/** The name put to DNS: an IP asked with type PTR is asked as its reverse name. */
function askedName(query: string, type: string): string {
  const reverse = type === 'PTR' ? reverseName(query.replace(/\.$/, '')) : null;
  return reverse ? `${reverse}.` : query;
}

function resolveQueryOnce(catalog: Catalog, query: string, options: QueryOptions): Resolution {
  const type = options.type.toUpperCase();
  const asked = askedName(query, type);
  const profile = catalog.options.profile;
  const primary = resolveWithProfile(catalog, asked, options, profile);
  const notes: string[] = [];
  let portable = true;
  // An answer that never looked at the profile is every profile's answer: nothing to compare.
  for (const other of primary.profileRead ? DNS_PROFILES : []) {
    if (other === profile) continue;
    const alt = resolveWithProfile(catalog, asked, options, other);
    const agree = (alt.result.status === 'answer') === (primary.result.status === 'answer');
    if (!agree) {
      portable = false;
      notes.push(`${profileLabel(other)}: ${alt.result.status.toUpperCase()}. ${alt.result.reason}`);
    }
  }
  return {
    query,
    type,
    fqdn: primary.fqdn,
    status: primary.result.status,
    answer: primary.result.answer,
    portable,
    notes,
    reason: primary.result.reason,
  };
}
