// Each rule of docs/dns-rules.md as a row: a query, the client's namespace,
// the record type and profile, and what cluster DNS answers. One fixture workspace covers them all.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, resolveQuery, type DnsProfile } from '../../shared/src/index';
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
  ---
  # Issue 11: the corners, in namespace truth.
  apiVersion: v1
  kind: Service
  metadata: {name: raw, namespace: truth}
  spec: {clusterIP: None}
  ---
  apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: raw-1, namespace: truth, labels: {kubernetes.io/service-name: raw}}
  addressType: IPv4
  ports: [{name: http, port: 80, protocol: TCP}]
  endpoints:
    - {addresses: [10.2.0.1], hostname: ep-a}
    - {addresses: [10.2.0.2]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: raw-twin, namespace: truth}
  spec: {clusterIP: None}
  ---
  apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: raw-twin-1, namespace: truth, labels: {kubernetes.io/service-name: raw-twin}}
  addressType: IPv4
  endpoints: [{addresses: [10.2.0.1]}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: pnra, namespace: truth}
  spec: {clusterIP: None, publishNotReadyAddresses: true}
  ---
  apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: pnra-1, namespace: truth, labels: {kubernetes.io/service-name: pnra}}
  addressType: IPv4
  endpoints: [{addresses: [10.2.0.9], conditions: {ready: false}}]
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: twin, namespace: truth}
  spec:
    replicas: 3
    selector: {matchLabels: {app: twin}}
    template:
      metadata: {labels: {app: twin}}
      spec: {hostname: same, subdomain: twins, containers: [{name: c}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: twins, namespace: truth}
  spec: {clusterIP: None, selector: {app: twin}, ports: [{name: web, port: 80, targetPort: 8080}, {name: alt, port: 81, targetPort: 8080}]}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: truth}
  spec:
    replicas: 3
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api, tier: back}}
      spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: api, namespace: truth}
  spec: {clusterIP: 10.96.1.10, selector: {app: api}, ports: [{name: http, port: 80, targetPort: http}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: api-h, namespace: truth}
  spec: {clusterIP: None, selector: {app: api}, ports: [{name: http, port: 80, targetPort: http}]}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: truth}
  spec:
    serviceName: db
    replicas: 2
    selector: {matchLabels: {app: db}}
    template:
      metadata: {labels: {app: db, tier: back}}
      spec: {containers: [{name: c, ports: [{name: http, containerPort: 5432}]}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: db, namespace: truth}
  spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: db-read, namespace: truth}
  spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: back, namespace: truth}
  spec: {clusterIP: None, selector: {tier: back}, ports: [{name: http, port: 80, targetPort: http}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: alias, namespace: truth}
  spec: {type: ExternalName, externalName: api.truth.svc.cluster.local}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: alias-missing, namespace: truth}
  spec: {type: ExternalName, externalName: nope.truth.svc.cluster.local}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: alias-loop, namespace: truth}
  spec: {type: ExternalName, externalName: alias-loop.truth.svc.cluster.local}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: alias-headless, namespace: truth}
  spec: {type: ExternalName, externalName: db.truth.svc.cluster.local.}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: truth}
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
  ---
  apiVersion: v1
  kind: Pod
  metadata: {name: web-extra, namespace: truth, labels: {app: web}}
  spec: {containers: [{name: c}]}
  ---
  apiVersion: v1
  kind: Pod
  metadata:
    name: web-owned
    namespace: truth
    labels: {app: web-owned}
    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: other, uid: x, controller: true}]
  spec: {containers: [{name: c}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: truth}
  spec: {clusterIP: None, selector: {app: web}, ports: [{name: http, port: 80}]}
  ---
  apiVersion: batch/v1
  kind: CronJob
  metadata: {name: report, namespace: truth}
  spec:
    schedule: "0 * * * *"
    jobTemplate:
      spec:
        template:
          metadata: {labels: {app: report}}
          spec: {restartPolicy: Never, containers: [{name: c}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: reports, namespace: truth}
  spec: {clusterIP: None, selector: {app: report}}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: report-vip, namespace: truth}
  spec: {selector: {app: report}, ports: [{port: 80}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: kube-dns, namespace: kube-system}
  spec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP}]}
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
  /** SRV: the pod each record names, in order. */
  readonly srvPods?: (string | null)[];
  readonly recordCount?: number;
  /** `workload pod count` per answered pod. */
  readonly pods?: string[];
  readonly names?: string[];
  readonly target?: string;
  readonly conditions?: RegExp;
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
  { query: 'node.shared.prod.svc.cluster.local', expect: 'answer pod-ips', reason: /share this hostname/ },
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
  // Issue 11, item 1: headless SRV ports come from the endpoints (a portless selector-less Service whose slice has http/80).
  { query: '_http._tcp.raw.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['ep-a.raw.truth.svc.cluster.local:80', '10-2-0-2.raw.truth.svc.cluster.local:80'] },
  { query: 'raw.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['ep-a.raw.truth.svc.cluster.local:80', '10-2-0-2.raw.truth.svc.cluster.local:80'] },
  { query: '_http._udp.raw.truth.svc.cluster.local.', type: 'SRV', expect: 'nxdomain', reason: /No endpoint of headless Service truth\/raw has a port named "http" with protocol UDP; its endpoints' SRV names are _http._tcp/ },
  // Item 2: identical SRV records are merged (three pods share one hostname; two ports share one number).
  { query: '_web._tcp.twins.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv', records: ['same.twins.truth.svc.cluster.local:8080'], recordCount: 1 },
  { query: 'twins.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['same.twins.truth.svc.cluster.local:8080'], recordCount: 1 },
  // Item 3: one SRV record per endpoint, each naming its pod; pods of several workloads each get one.
  {
    query: '_http._tcp.api-h.truth.svc.cluster.local.',
    type: 'SRV',
    expect: 'answer srv',
    records: [1, 2, 3].map(() => '<pod-ip-dashed>.api-h.truth.svc.cluster.local:8080'),
    srvPods: ['api: pod 1 of 3', 'api: pod 2 of 3', 'api: pod 3 of 3'],
  },
  { query: '_http._tcp.back.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv', recordCount: 5, srvPods: ['api: pod 1 of 3', 'api: pod 2 of 3', 'api: pod 3 of 3', 'db-0', 'db-1'] },
  // Item 4: an ExternalName inside the cluster zone is resolved by CoreDNS; a miss drops the CNAME (NODATA).
  { query: 'alias.truth.svc.cluster.local.', expect: 'answer cname', target: 'api.truth.svc.cluster.local', ips: ['10.96.1.10'] },
  { query: 'alias.truth.svc.cluster.local.', type: 'CNAME', expect: 'answer cname', target: 'api.truth.svc.cluster.local', ips: [] },
  { query: 'alias.truth.svc.cluster.local.', type: 'AAAA', expect: 'nodata', reason: /drops the CNAME and answers NODATA/ },
  { query: 'alias-missing.truth.svc.cluster.local.', expect: 'nodata', reason: /does not resolve \(NXDOMAIN: There is no Service "nope"/ },
  { query: 'alias-loop.truth.svc.cluster.local.', expect: 'nodata', reason: /loops/ },
  { query: 'alias-headless.truth.svc.cluster.local.', expect: 'answer cname', target: 'db.truth.svc.cluster.local', pods: ['StatefulSet/truth/db db-0 1', 'StatefulSet/truth/db db-1 1'] },
  { query: 'ext.prod.svc.cluster.local', type: 'TXT', expect: 'nodata' },
  // Item 5: PTR for addresses the manifests fix; unknown addresses fall through upstream.
  { query: '10.96.1.10', type: 'PTR', expect: 'answer ptr', names: ['api.truth.svc.cluster.local'], fqdn: '10.1.96.10.in-addr.arpa' },
  { query: '10.1.96.10.in-addr.arpa', type: 'PTR', expect: 'answer ptr', names: ['api.truth.svc.cluster.local'], fqdn: '10.1.96.10.in-addr.arpa' },
  { query: 'fd00::30', type: 'PTR', expect: 'answer ptr', names: ['dual.prod.svc.cluster.local'] },
  { query: '10.2.0.1', type: 'PTR', expect: 'answer ptr!', names: ['ep-a.raw.truth.svc.cluster.local', '10-2-0-1.raw-twin.truth.svc.cluster.local'] },
  { query: '10.2.0.9', type: 'PTR', expect: 'forwarded', reason: /falls through/ },
  { query: '10.9.9.9', type: 'PTR', expect: 'forwarded', reason: /No Service or EndpointSlice/ },
  { query: '10.1.96.10.in-addr.arpa', type: 'A', expect: 'forwarded' },
  // Item 6: the zone apex answers SOA and NS; TXT on empty nodes is NXDOMAIN.
  { query: 'cluster.local.', type: 'SOA', expect: 'answer soa', target: 'ns.dns.cluster.local', names: ['ns.dns.cluster.local', 'hostmaster.cluster.local'] },
  { query: 'cluster.local.', type: 'NS', expect: 'answer ns', target: 'ns.dns.cluster.local', ips: ['10.96.0.10'] },
  { query: 'ns.dns.cluster.local.', expect: 'answer vip!', ips: ['10.96.0.10'] },
  { query: 'cluster.local.', type: 'A', expect: 'nodata' },
  { query: 'cluster.local.', type: 'TXT', expect: 'nxdomain', reason: /TXT on such a node with NXDOMAIN/ },
  { query: 'svc.cluster.local.', type: 'TXT', expect: 'nxdomain' },
  { query: 'truth.svc.cluster.local.', type: 'TXT', expect: 'nxdomain' },
  { query: 'truth.svc.cluster.local.', type: 'A', expect: 'nodata' },
  { query: 'api.truth.svc.cluster.local.', type: 'TXT', expect: 'nodata' },
  { query: 'api.truth.svc.cluster.local.', type: 'SOA', expect: 'nodata' },
  // Item 7: SRV on an endpoint name, and on a pod name (port 0).
  { query: 'ep-a.raw.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['ep-a.raw.truth.svc.cluster.local:80'] },
  { query: '10-2-0-2.raw.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['10-2-0-2.raw.truth.svc.cluster.local:80'] },
  { query: 'db-0.db.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv', records: ['db-0.db.truth.svc.cluster.local:5432'], srvPods: ['db-0'] },
  { query: '10-1-2-3.truth.pod.cluster.local.', type: 'SRV', expect: 'answer srv!', records: ['10-1-2-3.truth.pod.cluster.local:0'] },
  // Item 8: readiness comes from the slice, never from publishNotReadyAddresses.
  { query: 'pnra.truth.svc.cluster.local.', expect: 'nxdomain', reason: /no ready endpoints/ },
  // Item 9: dashed-IP labels are parsed strictly; a pod whose subdomain names another Service has no name here.
  { query: 'db-0.db-read.truth.svc.cluster.local.', expect: 'nxdomain', reason: /Pod db-0 has subdomain "db", not "db-read"/ },
  { query: '1-2-3.api-h.truth.svc.cluster.local.', expect: 'nxdomain' },
  { query: '10-1-2-03.truth.pod.cluster.local.', expect: 'nxdomain', reason: /not one/ },
  { query: 'db-1.truth.pod.cluster.local.', type: 'AAAA', expect: 'nxdomain', reason: /not one/ },
  { query: 'fd00--1.truth.pod.cluster.local.', type: 'AAAA', expect: 'answer ips!', ips: ['fd00::1'] },
  { query: '10-244-0-9.api-h.truth.svc.cluster.local.', expect: 'answer pod-ip!', reason: /only while the pod with that IP is ready/ },
  // Item 10: a shared hostname answers all its pods as pod-ips, with the pods named.
  { query: 'same.twins.truth.svc.cluster.local.', expect: 'answer pod-ips', pods: ['Deployment/truth/twin same 3'], reason: /Several pods share this hostname/ },
  // Item 11: a ReplicaSet adopts a matching bare Pod without a controller, so the Service has 3 pods, not 4.
  { query: 'web.truth.svc.cluster.local.', expect: 'answer pod-ips', pods: ['Deployment/truth/web - 2', 'Pod/truth/web-extra web-extra 1'] },
  { query: '_http._tcp.web.truth.svc.cluster.local.', type: 'SRV', expect: 'answer srv', recordCount: 3 },
  // Item 12: Job/CronJob pods are endpoints only while a Job runs.
  { query: 'reports.truth.svc.cluster.local.', expect: 'answer pod-ips', conditions: /Only while a Job of report runs.*NXDOMAIN/ },
  { query: 'report-vip.truth.svc.cluster.local.', expect: 'answer vip', conditions: /accepts no connections/ },
  // Item 13: per-pod names exist only while the pod is ready.
  { query: 'db-0.db.truth.svc.cluster.local.', expect: 'answer pod-ip', reason: /It exists only while pod db-0 is ready\.$/ },
  // Item 14: fqdn is set for absolute queries, even NXDOMAIN; issue 9 item 10: the reason of the candidate that got furthest.
  { query: 'nope.truth.svc.cluster.local.', expect: 'nxdomain', fqdn: 'nope.truth.svc.cluster.local' },
  { query: 'missing.truth.svc', from: 'default', expect: 'nxdomain', fqdn: 'missing.truth.svc.cluster.local', reason: /^There is no Service "missing" in namespace "truth"\.$/ },
  { query: 'missing.truth', from: 'default', expect: 'nxdomain', reason: /^There is no Service "missing" in namespace "truth"\.$/ },
  { query: 'missing.example', from: 'default', expect: 'forwarded' },
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
      if (row.srvPods) assert.deepEqual(r.answer?.records.map((x) => x.pod), row.srvPods);
      if (row.recordCount !== undefined) assert.equal(r.answer?.recordCount, row.recordCount);
      if (row.pods) assert.deepEqual(r.answer?.pods.map((p) => `${p.workload} ${p.pod ?? '-'} ${p.count}`), row.pods);
      if (row.names) assert.deepEqual(r.answer?.names, row.names);
      if (row.target) assert.equal(r.answer?.target, row.target);
      if (row.conditions) assert.match(r.answer?.conditions.join(' ') ?? '', row.conditions);
      if (row.reason) assert.match(r.reason, row.reason);
      // Item 14: records never hold duplicates, and every absolute query names its fqdn.
      const keys = (r.answer?.records ?? []).map((x) => `${x.target}:${x.port}:${x.pod ?? ''}`);
      assert.equal(new Set(keys).size, keys.length, `duplicate records: ${keys.join(', ')}`);
      if (row.query.endsWith('.')) assert.ok(r.fqdn, 'an absolute query names its fqdn');
      assert.ok(r.reason.length > 0 && !r.reason.includes('undefined'), 'one plain sentence');
    });
  }
});

suite('resolve and check agree on the same string (issue 9, item 10)', () => {
  const hosts = ['missing.truth.svc', 'missing.truth', 'nope.truth.svc.cluster.local', 'db-0.db-read.truth.svc.cluster.local', 'api-h.truth.svc:80'];
  const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: urls, namespace: truth}\ndata:\n${hosts.map((h, i) => `  URL_${i}: "http://${h}/"`).join('\n')}\n`;
  const catalog = analyzeFiles([
    { path: 'ws.yaml', text: workspace },
    { path: 'cm.yaml', text: configMap },
  ]);
  const problems = checkFile(catalog, 'cm.yaml');

  for (const host of hosts) {
    test(`${host}: check says what resolve says`, () => {
      const name = host.replace(/:\d+$/, '');
      const r = resolveQuery(catalog, name, { fromNamespace: 'truth', type: 'A' });
      const problem = problems.find((p) => p.message.startsWith(`${name} `));
      if (r.status === 'answer') {
        assert.equal(problem, undefined, problem?.message);
        return;
      }
      assert.ok(problem, `check reports ${name}: ${problems.map((p) => p.message).join(' | ')}`);
      assert.ok(problem.message.includes(`(${r.status.toUpperCase()})`), problem.message);
      assert.ok(problem.message.endsWith(r.reason), `${problem.message}\nvs ${r.reason}`);
    });
  }

  test('the reason for a dotted name comes from the candidate that got furthest', () => {
    const r = resolveQuery(catalog, 'missing.truth.svc', { fromNamespace: 'truth', type: 'A' });
    assert.equal(r.reason, 'There is no Service "missing" in namespace "truth".');
    assert.doesNotMatch(r.reason, /"svc"/);
  });
});
