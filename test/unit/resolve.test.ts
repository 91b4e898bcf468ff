// Each rule of ../shared/notes/kubernetes-dns-rules.md as a row: a query, the client's namespace,
// the record type and profile, and what cluster DNS answers. One fixture workspace covers them all.
import * as assert from 'node:assert/strict';
import { analyzeFiles, resolveQuery, type DnsProfile } from '../../shared/src/index';
import { dedent } from '../support/markedText';

const workspace = dedent`
  apiVersion: v1
  kind: Namespace
  metadata: {name: prod}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: api, namespace: prod}
  spec:
    clusterIP: 10.96.0.20
    selector: {app: api}
    ports:
      - {name: http, port: 80, targetPort: http}
      - {name: metrics, port: 9090}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: prod}
  spec:
    replicas: 3
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api}}
      spec:
        containers:
          - name: api
            ports: [{name: http, containerPort: 8080}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: db, namespace: prod}
  spec:
    clusterIP: None
    selector: {app: db}
    ports: [{name: pg, port: 5432, targetPort: 15432}, {name: metrics, port: 9187, targetPort: metrics, protocol: UDP}]
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: prod}
  spec:
    serviceName: db
    replicas: 2
    ordinals: {start: 1}
    selector: {matchLabels: {app: db}}
    template:
      metadata: {labels: {app: db}}
      spec:
        containers: [{name: pg}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: ext, namespace: prod}
  spec: {type: ExternalName, externalName: db.example.com}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: ext-ip, namespace: prod}
  spec: {type: ExternalName, externalName: 192.0.2.10}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: dual, namespace: prod}
  spec:
    ipFamilyPolicy: PreferDualStack
    ipFamilies: [IPv4, IPv6]
    clusterIPs: [10.96.0.30, "fd00::30"]
    selector: {app: api}
    ports: [{port: 80}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: v6only, namespace: prod}
  spec: {ipFamilies: [IPv6], selector: {app: api}, ports: [{port: 80}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: legacy, namespace: prod}
  spec:
    clusterIP: None
    ports: [{name: c-port, port: 53, protocol: UDP}]
  ---
  apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata:
    name: legacy-abc
    namespace: prod
    labels: {kubernetes.io/service-name: legacy}
  addressType: IPv4
  ports: [{name: c-port, port: 1053, protocol: UDP}]
  endpoints:
    - {addresses: [10.0.0.5], hostname: alpha}
    - {addresses: [10.0.0.6], conditions: {ready: false}, hostname: beta}
    - {addresses: [10.0.0.7]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: mirrored, namespace: prod}
  spec: {clusterIP: None}
  ---
  apiVersion: v1
  kind: Endpoints
  metadata: {name: mirrored, namespace: prod}
  subsets:
    - addresses: [{ip: 10.1.0.1, hostname: one}]
      notReadyAddresses: [{ip: 10.1.0.2, hostname: two}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: portless, namespace: prod}
  spec: {clusterIP: None, selector: {app: api}}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: empty, namespace: prod}
  spec: {clusterIP: None, selector: {app: nothing}, ports: [{port: 80}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: workers, namespace: prod}
  spec: {clusterIP: None, selector: {job: index}}
  ---
  apiVersion: batch/v1
  kind: Job
  metadata: {name: shard, namespace: prod}
  spec:
    completionMode: Indexed
    completions: 3
    parallelism: 3
    template:
      metadata: {labels: {job: index}}
      spec: {subdomain: workers, containers: [{name: w}]}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: busybox-1, namespace: prod, labels: {name: busybox}}
  spec: {hostname: busybox-1, subdomain: busybox-subdomain, containers: [{name: b}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: busybox-subdomain, namespace: prod}
  spec: {clusterIP: None, selector: {name: busybox}, ports: [{name: foo, port: 1234}]}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: shared-host, namespace: prod}
  spec:
    replicas: 4
    selector: {matchLabels: {app: shared}}
    template:
      metadata: {labels: {app: shared}}
      spec: {hostname: node, subdomain: shared, containers: [{name: s}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: shared, namespace: prod}
  spec: {clusterIP: None, selector: {app: shared}}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: Bad_Name, namespace: prod}
  spec: {selector: {app: api}, ports: [{port: 80}]}
`;

interface Row {
  readonly query: string;
  readonly from?: string;
  readonly type?: string;
  readonly profile?: DnsProfile;
  readonly domain?: string;
  /** status, then answer kind, then `!` when not portable. */
  readonly expect: string;
  readonly fqdn?: string | null;
  readonly ips?: string[];
  readonly records?: string[];
  readonly reason?: RegExp;
}

const rows: Row[] = [
  // A. Zone grammar
  { query: 'prod.svc.cluster.local.', expect: 'nodata', reason: /namespace node/ },
  { query: 'nope.svc.cluster.local.', expect: 'nxdomain', reason: /Namespace "nope" does not exist/ },
  { query: 'foo.cluster.local.', expect: 'nxdomain', reason: /neither/ },
  { query: 'a.b.c.api.prod.svc.cluster.local.', expect: 'nxdomain', reason: /at most two labels/ },
  { query: 'API.Prod.SVC.cluster.local.', expect: 'answer vip' },
  { query: 'dns-version.cluster.local.', type: 'TXT', expect: 'answer txt' },
  { query: 'api.prod.svc.other.domain.', expect: 'forwarded' },
  // B. ClusterIP
  { query: 'api.prod.svc.cluster.local', expect: 'answer vip', ips: ['10.96.0.20'] },
  { query: 'api.prod.svc.cluster.local', type: 'AAAA', expect: 'nodata' },
  { query: 'api.prod.svc.cluster.local', type: 'TXT', expect: 'nodata' },
  { query: 'empty.prod.svc.cluster.local', expect: 'nxdomain', reason: /no endpoints/ },
  { query: 'dual.prod.svc.cluster.local', type: 'AAAA', expect: 'answer vip', ips: ['fd00::30'] },
  { query: 'dual.prod.svc.cluster.local', type: 'A', expect: 'answer vip', ips: ['10.96.0.30'] },
  { query: 'v6only.prod.svc.cluster.local', type: 'A', expect: 'nodata' },
  { query: 'bad_name.prod.svc.cluster.local', expect: 'nxdomain', reason: /no Service|rejected/ },
  // 13/14: endpoint names under a ClusterIP Service
  { query: '10-244-0-9.api.prod.svc.cluster.local', expect: 'answer pod-ip!' },
  { query: '10-244-0-9.api.prod.svc.cluster.local', profile: 'kube-dns', expect: 'nxdomain!', reason: /only under headless/ },
  // C. headless
  { query: 'db.prod.svc.cluster.local', expect: 'answer pod-ips' },
  { query: 'db-1.db.prod.svc.cluster.local', expect: 'answer pod-ip' },
  { query: 'db-2.db.prod.svc.cluster.local', expect: 'answer pod-ip' },
  { query: 'db-0.db.prod.svc.cluster.local', expect: 'nxdomain', reason: /ordinals 1–2/ },
  { query: 'db-3.db.prod.svc.cluster.local', expect: 'nxdomain', reason: /ordinals 1–2/ },
  { query: 'db.prod.svc.cluster.local', profile: 'kube-dns', expect: 'answer pod-ips' },
  // 17/28/31: slices with hostnames, readiness, dashed IP
  // Hand-written EndpointSlices are read by CoreDNS only (kube-dns reads v1 Endpoints): not portable.
  { query: 'legacy.prod.svc.cluster.local', expect: 'answer ips!', ips: ['10.0.0.5', '10.0.0.7'] },
  { query: 'alpha.legacy.prod.svc.cluster.local', expect: 'answer ips!', ips: ['10.0.0.5'] },
  { query: 'beta.legacy.prod.svc.cluster.local', expect: 'nxdomain' },
  { query: '10-0-0-7.legacy.prod.svc.cluster.local', expect: 'answer ips!', ips: ['10.0.0.7'] },
  { query: '10-0-0-8.legacy.prod.svc.cluster.local', expect: 'nxdomain' },
  { query: 'legacy.prod.svc.cluster.local', profile: 'kube-dns', expect: 'nxdomain!', reason: /no endpoints|no ready/ },
  // 36: v1 Endpoints mirrored for a selector-less Service
  { query: 'one.mirrored.prod.svc.cluster.local', expect: 'answer ips', ips: ['10.1.0.1'] },
  { query: 'two.mirrored.prod.svc.cluster.local', expect: 'nxdomain' },
  // 18: headless without ports
  { query: 'portless.prod.svc.cluster.local', expect: 'answer pod-ips' },
  { query: 'portless.prod.svc.cluster.local', type: 'SRV', expect: 'nodata' },
  { query: '_http._tcp.portless.prod.svc.cluster.local', type: 'SRV', expect: 'nxdomain' },
  // 25/26/27: bare pod hostname+subdomain, shared hostname, Indexed Job
  { query: 'busybox-1.busybox-subdomain.prod.svc.cluster.local', expect: 'answer pod-ip' },
  { query: 'node.shared.prod.svc.cluster.local', expect: 'answer ips', reason: /share this hostname/ },
  { query: 'shard-2.workers.prod.svc.cluster.local', expect: 'answer pod-ip' },
  { query: 'shard-3.workers.prod.svc.cluster.local', expect: 'nxdomain' },
  // 30: Deployment pod name
  { query: 'api-5d9c7b8f6d-x2kq9.api.prod.svc.cluster.local', expect: 'nxdomain', reason: /Deployment pods have no hostname/ },
  // G. SRV
  { query: '_http._tcp.api.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv', records: ['api.prod.svc.cluster.local:80'] },
  { query: '_http._udp.api.prod.svc.cluster.local', type: 'SRV', expect: 'nxdomain', reason: /no port named "http" with protocol UDP/ },
  { query: 'api.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv!', records: ['api.prod.svc.cluster.local:80', 'api.prod.svc.cluster.local:9090'] },
  // 43: the bare-name SRV includes unnamed ports; 46: one target for a dual-stack Service.
  { query: 'dual.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv!', records: ['dual.prod.svc.cluster.local:80'] },
  { query: '_http._tcp.dual.prod.svc.cluster.local', type: 'SRV', expect: 'nxdomain', reason: /no named ports/ },
  { query: '_pg._tcp.db.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv', records: ['db-1.db.prod.svc.cluster.local:15432', 'db-2.db.prod.svc.cluster.local:15432'] },
  { query: '_metrics._udp.db.prod.svc.cluster.local', type: 'SRV', expect: 'nxdomain', reason: /do not declare the targetPort metrics/ },
  { query: '_c-port._udp.legacy.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv!', records: ['alpha.legacy.prod.svc.cluster.local:1053', '10-0-0-7.legacy.prod.svc.cluster.local:1053'] },
  { query: '_foo._tcp.busybox-subdomain.prod.svc.cluster.local', type: 'SRV', expect: 'answer srv', records: ['busybox-1.busybox-subdomain.prod.svc.cluster.local:1234'] },
  // H. ExternalName
  { query: 'ext.prod.svc.cluster.local', expect: 'answer cname' },
  { query: 'ext.prod.svc.cluster.local', type: 'SRV', expect: 'nodata' },
  { query: 'www.ext.prod.svc.cluster.local', expect: 'nxdomain', reason: /no names exist under it/ },
  { query: 'ext-ip.prod.svc.cluster.local', expect: 'nxdomain', reason: /IP-valued externalName/ },
  // I. pod records
  { query: '10-1-2-3.prod.pod.cluster.local', expect: 'answer ips!', ips: ['10.1.2.3'] },
  { query: '10-1-2-3.nope.pod.cluster.local', expect: 'nxdomain!' },
  { query: '10-1-2-3.prod.pod.cluster.local', profile: 'spec', expect: 'nxdomain!', reason: /removed pod A records/ },
  // J. search path and namespaces
  { query: 'api', from: 'prod', expect: 'answer vip', fqdn: 'api.prod.svc.cluster.local' },
  { query: 'api', from: 'default', expect: 'nxdomain' },
  { query: 'api.prod', from: 'default', expect: 'answer vip', fqdn: 'api.prod.svc.cluster.local' },
  { query: 'api.prod.svc', from: 'default', expect: 'answer vip', fqdn: 'api.prod.svc.cluster.local' },
  { query: 'db-1.db', from: 'prod', expect: 'answer pod-ip', fqdn: 'db-1.db.prod.svc.cluster.local' },
  { query: 'db-1.db.prod', from: 'default', expect: 'answer pod-ip', fqdn: 'db-1.db.prod.svc.cluster.local' },
  { query: '_http._tcp.api', from: 'prod', type: 'SRV', expect: 'answer srv', fqdn: '_http._tcp.api.prod.svc.cluster.local' },
  { query: 'example.com', from: 'prod', expect: 'forwarded' },
  // M. custom cluster domain
  { query: 'api.prod.svc.kube.local', domain: 'kube.local', expect: 'answer vip' },
  { query: 'api.prod.svc.cluster.local', domain: 'kube.local', expect: 'forwarded' },
  { query: 'api', from: 'prod', domain: 'kube.local', expect: 'answer vip', fqdn: 'api.prod.svc.kube.local' },
];

suite('resolve: the rules document, row by row', () => {
  const catalogs = new Map<string, ReturnType<typeof analyzeFiles>>();
  const catalogFor = (profile: DnsProfile, domain: string) => {
    const key = `${profile}/${domain}`;
    if (!catalogs.has(key)) catalogs.set(key, analyzeFiles([{ path: 'ws.yaml', text: workspace }], { profile, clusterDomain: domain }));
    return catalogs.get(key)!;
  };

  for (const row of rows) {
    const profile = row.profile ?? 'coredns';
    const title = `${row.query} ${row.type ?? 'A'} from ${row.from ?? 'default'} (${profile}${row.domain ? `, ${row.domain}` : ''}) → ${row.expect}`;
    test(title, () => {
      const catalog = catalogFor(profile, row.domain ?? 'cluster.local');
      const r = resolveQuery(catalog, row.query, { fromNamespace: row.from ?? 'default', type: row.type ?? 'A' });
      const actual = `${r.status}${r.answer ? ` ${r.answer.kind}` : ''}${r.portable ? '' : '!'}`;
      assert.equal(actual, row.expect, `reason: ${r.reason} notes: ${r.notes.join(' | ')}`);
      if (row.fqdn !== undefined) assert.equal(r.fqdn, row.fqdn);
      if (row.ips) assert.deepEqual(r.answer?.ips, row.ips);
      if (row.records) assert.deepEqual(r.answer?.records.map((x) => `${x.target}:${x.port}`), row.records);
      if (row.reason) assert.match(r.reason, row.reason);
      assert.ok(r.reason.length > 0 && !r.reason.includes('undefined'), 'one plain sentence');
    });
  }
});
