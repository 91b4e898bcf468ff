// Issue 9, "trust on real repositories": the folder is not a closed, complete cluster. Templates,
// pods made by controllers and operators, namespaces set by kubectl -n, built-in Services, objects
// declared twice. Each case is a workspace; each file shows its expected problems as «…»{code}.
import * as assert from 'node:assert/strict';
import { placeholderIn } from '../../shared/src/kube/names';
import { analyzeFiles, checkFile, explainService, extractFile, resolveQuery, withDefaults } from '../../shared/src/index';
import { checkMarked, messages } from '../support/checkMarked';
import { dedent } from '../support/markedText';

const service = (name: string, selector = 'app: web', extra = '') => dedent`
  apiVersion: v1
  kind: Service
  metadata: {name: ${name}}
  spec:
    selector: {${selector}}
    ports: [{port: 80}]${extra}
`;

const deployment = (name: string, labels = 'app: web', env = '') => dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}}
  spec:
    template:
      metadata: {labels: {${labels}}}
      spec:
        containers:
          - name: c${env}
`;

/**
 * A Deployment `name` in `namespace` whose one container has `fields` (YAML lines, e.g. env),
 * indented to sit inside a dedent literal at `indent`.
 */
const workload = (namespace: string, name: string, fields: string, indent = '        ') =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, namespace: ${namespace}}`,
    'spec:',
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    '        - name: c',
    ...fields.split('\n').map((line) => `          ${line}`),
  ].join(`\n${indent}`);

suite('9.1 template detection: per document, by where the braces sit', () => {
  test('{{ in a string value is data: the document is analysed (alert templates, values blobs)', () => {
    checkMarked({
      'rules.yaml': dedent`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: alerts}
        data:
          summary: "{{ $labels.namespace }}/{{ $labels.pod }} is down"
          values.yaml: |
            image: {{ .Values.image }}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations: {note: "{{ .Release.Name }}"}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: c
                  env:
                    - {name: GREETING, value: "hello {{ .name }}"}
                    - {name: UPSTREAM, value: "http://«nosuch»{unresolved-host}:80"}
      `,
      'svc.yaml': service('web'),
    });
  });

  test('braces in a number, a name, a label or a selector make that document a template; its neighbours stay', () => {
    const catalog = checkMarked({
      'sed.yaml': dedent`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: etcd}
        spec:
          serviceName: etcd
          replicas: «{{»{helm-template-skipped}replicas}}
          template:
            metadata: {labels: {app: etcd}}
            spec: {containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: etcd-«{{»{helm-template-skipped}cell}}
        spec: {clusterIP: None, selector: {app: etcd}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {app: "«{{»{helm-template-skipped} .Values.app }}"}}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api}
        spec:
          selector: «{{»{helm-template-skipped} .Values.selector }}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: plain}
        spec: {selector: {app: web}, ports: [{port: 80}]}
      `,
      'web.yaml': deployment('web'),
    });
    assert.deepEqual(catalog.services().map((s) => s.ref.name), ['plain']);
    assert.deepEqual(catalog.workloadsIn('default').map((w) => w.ref.name), ['web']);
  });

  test('braces that break the YAML skip that document with one note, not one syntax error per line', () => {
    checkMarked({
      'mixed.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        «{{»{helm-template-skipped}- if .Values.enabled }}
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ include "x.fullname" . }}
        {{- end }}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: broken
      ` + '«»{yaml-syntax}',
      'web.yaml': deployment('web'),
    });
  });

  test('a Helm chart gets one note, on Chart.yaml, that says how to hide it', () => {
    const template = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  selector: {{- include "x.selectorLabels" . | nindent 4 }}\n';
    const catalog = checkMarked({
      'charts/x/Chart.yaml': 'apiVersion: v2\nname: «x»{helm-template-skipped}\nversion: 0.1.0\n',
      'charts/x/values.yaml': 'replicaCount: 1\n',
      'charts/x/templates/service.yaml': template,
      'charts/x/templates/deployment.yaml': template + '---\n' + template,
      'charts/x/templates/static.yaml': service('static') + '---\n' + deployment('web'),
      // Not a chart: no Chart.yaml above this templates/ folder.
      'other/templates/t.yaml': template.replace('{{ include', '«{{»{helm-template-skipped} include'),
    });
    const [note] = checkFile(catalog, 'charts/x/Chart.yaml');
    assert.match(note!.message, /^Helm chart x: 3 template documents in 2 files under templates\/ are skipped until rendered; run helm template charts\/x .*set the severity of helm-template-skipped to off/);
    // Static documents of the chart are still real objects.
    assert.deepEqual(catalog.services().map((s) => s.ref.name), ['static']);
  });

  test('a chart whose templates all render as plain YAML gets no note', () => {
    const catalog = analyzeFiles([
      { path: 'c/Chart.yaml', text: 'apiVersion: v2\nname: c\n' },
      { path: 'c/templates/s.yaml', text: service('s') },
    ]);
    assert.equal(messages(checkFile(catalog, 'c/Chart.yaml')), '');
  });
});

suite('9.1 documented placeholders (YOUR_ZONE_HERE, <your-namespace>) are values to fill in, like template values', () => {
  test('placeholderIn finds capital words with underscores, the usual words, angle brackets and variables, and nothing in real names', () => {
    const found = (value: string) => placeholderIn(value);
    assert.equal(found('cockroachdb-public.YOUR_ZONE_HERE.svc.cluster.local'), 'YOUR_ZONE_HERE');
    assert.equal(found('REPLACE_ME'), 'REPLACE_ME');
    assert.equal(found('db.CHANGEME.example.com'), 'CHANGEME');
    assert.equal(found('<your-namespace>'), '<your-namespace>');
    assert.equal(found('api.${NAMESPACE}.svc'), '${NAMESPACE}');
    assert.equal(found('$NS'), '$NS');
    assert.equal(found('PORT'), 'PORT');
    for (const real of ['cockroachdb-public', 'db.example.com', 'My_Service', 'Db.Example.com', 'redis-master.cache.svc.cluster.local', 'a_b', 'db.PORT.svc', '8080'])
      assert.equal(found(real), null, real);
  });

  test('a placeholder externalName target is kept, with no invalid-object; names through it answer a CNAME that says so', () => {
    const catalog = checkMarked({
      'multiregion/external-name-svc.yaml': dedent`
        # 1. Replace "YOUR_ZONE_HERE" with the namespace cockroachdb runs in.
        kind: Service
        apiVersion: v1
        metadata:
          name: cockroachdb-public
        spec:
          type: ExternalName
          externalName: cockroachdb-public.YOUR_ZONE_HERE.svc.cluster.local
      `,
      'client.yaml': workload('default', 'client', 'env: [{name: DB, value: "postgres://root@cockroachdb-public:26257"}]', ''),
    });
    const answer = resolveQuery(catalog, 'cockroachdb-public', { fromNamespace: 'default', type: 'A' });
    assert.equal(answer.status, 'answer');
    assert.equal(answer.answer?.kind, 'cname');
    assert.match(answer.reason, /YOUR_ZONE_HERE is a placeholder to fill in before applying/);
    // A real invalid target is still the API server's rejection.
    checkMarked({ 's.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: ExternalName, externalName: «db.Example.com»{invalid-object}}\n' });
  });

  test('a placeholder namespace counts as unset: the object lands where kubectl -n puts it, with no invalid name', () => {
    const catalog = checkMarked({
      'svc.yaml':
        dedent`
          apiVersion: v1
          kind: Service
          metadata: {name: api, namespace: <your-namespace>}
          spec: {selector: {app: api}, ports: [{port: 80}]}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: web, namespace: YOUR_NAMESPACE}
          spec: {selector: {app: api}, ports: [{port: 80}]}
        ` + `\n---\n${deployment('api', 'app: api')}`,
    });
    assert.deepEqual(catalog.services().map((s) => [s.ref.namespace, s.ref.name, s.ref.namespaceOrigin]), [['default', 'api', 'default'], ['default', 'web', 'default']]);
    // A namespace that is merely invalid is still an error.
    checkMarked({ 's.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: «My_Namespace»{invalid-dns-name}}\nspec: {ports: [{port: 80}]}\n' });
  });

  test('a placeholder in a name or a number skips that document with one note; its neighbours stay', () => {
    const catalog = checkMarked({
      'app.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: «REPLACE_ME»{placeholder-skipped}}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: <your-service>
          replicas: «CHANGEME»{placeholder-skipped}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: c}]}
        ` + `\n---\n${service('web')}\n---\n${deployment('web')}`,
    });
    assert.deepEqual(catalog.services().map((s) => s.ref.name), ['web']);
    assert.deepEqual(catalog.workloadsIn('default').map((w) => w.ref.name), ['web']);
    // What the filled-in document will be is unknown, so its namespace shows only part of what runs there.
    assert.equal(catalog.namespaceIsOpen('default'), true);
    // A name that is merely invalid is still an error.
    checkMarked({ 's.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: «My_Service»{invalid-dns-name}}\nspec: {ports: [{port: 80}]}\n' });
  });

  test('a whole value in capitals where a number or a name goes (containerPort: PORT) is a placeholder too', () => {
    checkMarked({
      'sctp.yaml': dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: sctp-app}
        spec:
          template:
            metadata: {labels: {app: sctp-app}}
            spec:
              containers:
                - name: c
                  image: CONTAINER_IMAGE
                  ports: [{containerPort: «PORT»{placeholder-skipped}, protocol: SCTP}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: sctp-svc}
        spec:
          selector: {app: sctp-app}
          ports: [{protocol: SCTP, port: "«PORT»{placeholder-skipped}", targetPort: PORT}]
      `,
    });
  });

  test('placeholders in values are never hosts; hosts in XML text still are', () => {
    checkMarked({
      'app.yaml': dedent`
        ${workload('shop', 'app', `env:\n  - {name: A, value: "http://api.<your-namespace>.svc.cluster.local:80"}\n  - {name: B, value: "http://<service>.<namespace>.svc.cluster.local:80"}\n  - {name: DB_HOST, value: "CHANGEME"}\n  - {name: C, value: "http://api.YOUR_NAMESPACE.svc.cluster.local:80"}\n  - {name: D, value: "<property><value>«aap»{unresolved-host}:80</value></property>"}`)}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: app, namespace: shop}
        spec: {selector: {app: app}, ports: [{port: 80}]}
      `,
    });
  });
});

suite('9.3 namespaces: objects without one land where kubectl -n puts them', () => {
  test('when the objects of a file that name a namespace all name one, the others are assumed there (and hovers say so)', () => {
    const catalog = checkMarked({
      'app.yaml': dedent`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: app, namespace: shop}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        ${workload('shop', 'web', `env: [{name: SELF, value: "http://web:80"}]`)}
      `,
    });
    const svc = catalog.service('shop', 'web')!;
    assert.equal(svc.ref.namespaceOrigin, 'file');
    assert.match(explainService(catalog, svc).notes.join('\n'), /Namespace shop is assumed: this Service names none, and the objects of its file that name one all name shop\./);
  });

  test('objects naming two namespaces leave the others in the configured default, remembered as assumed', () => {
    const catalog = analyzeFiles([
      { path: 'a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: ns-a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: ns-b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n' },
    ], { defaultNamespace: 'team' });
    assert.deepEqual(catalog.services().map((s) => [s.ref.namespace, s.ref.name, s.ref.namespaceOrigin ?? 'written']), [['ns-a', 'a', 'written'], ['ns-b', 'b', 'written'], ['team', 'c', 'default']]);
    assert.deepEqual(explainService(catalog, catalog.service('team', 'c')!).notes.filter((n) => n.startsWith('Namespace')), []);
  });

  test('a bundle (kustomization) namespace is the one hook that overrides the guess', () => {
    const model = extractFile('k.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: other}\n', withDefaults(), { namespace: 'kns' });
    assert.deepEqual(model.services.map((s) => [s.ref.namespace, s.ref.namespaceOrigin ?? 'written']), [['kns', 'bundle'], ['other', 'written']]);
  });

  test('never suggests <name>.default when default was only assumed; the bare name is a note, not a warning', () => {
    checkMarked({
      'logging.yaml': dedent`
        ${workload('logging', 'shipper', `env: [{name: OPENSEARCH_HOST, value: "http://«opensearch»{host-not-in-manifests}:9200"}]`)}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: shipper, namespace: logging}
        spec: {selector: {app: shipper}, ports: [{port: 80}]}
      `,
      'opensearch.yaml': service('opensearch', 'app: opensearch') + '---\n' + deployment('opensearch', 'app: opensearch'),
    });
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: logging}\nspec: {containers: [{name: c, env: [{name: X, value: "http://opensearch:9200"}]}]}\n';
    const catalog = analyzeFiles([{ path: 'a.yaml', text: pod }, { path: 'b.yaml', text: service('opensearch', 'app: a') }]);
    const [problem] = checkFile(catalog, 'a.yaml');
    assert.equal(problem!.code, 'host-not-in-manifests');
    assert.doesNotMatch(problem!.message, /opensearch\.default/);
    assert.deepEqual(problem!.fixes ?? [], []);
  });
});

suite('9.4 built-in Services: default/kubernetes and kube-system/kube-dns always resolve', () => {
  test('kubernetes.default.svc, kube-dns.kube-system and their SRV names resolve from any namespace', () => {
    const catalog = checkMarked({
      'viz.yaml': dedent`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: prom, namespace: linkerd-viz}
        spec:
          template:
            metadata: {labels: {app: prom}}
            spec:
              containers:
                - name: c
                  args:
                    - --api=https://kubernetes.default.svc:443
                    - --dns=kube-dns.kube-system.svc.cluster.local:53
                    - --api2=kubernetes.default.svc.cluster.local
                    - --nope=http://«kubernetes-api.default.svc»{host-not-in-manifests}:443
      `,
    });
    assert.equal(resolveQuery(catalog, '_https._tcp.kubernetes.default.svc.cluster.local', { fromNamespace: 'x', type: 'SRV' }).answer?.records[0]?.port, 443);
    const dns = resolveQuery(catalog, '_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local', { fromNamespace: 'x', type: 'SRV' });
    assert.deepEqual(dns.answer?.records.map((r) => r.port), [53]);
    assert.equal(resolveQuery(catalog, '_metrics._tcp.kube-dns.kube-system.svc.cluster.local', { fromNamespace: 'x', type: 'SRV' }).status, 'answer');
    assert.equal(resolveQuery(catalog, 'kubernetes', { fromNamespace: 'default', type: 'A' }).status, 'answer');
    // They are no file's objects: nothing lists or checks them.
    assert.deepEqual(catalog.services(), []);
  });

  test('a workspace that declares kubernetes itself wins', () => {
    const catalog = analyzeFiles([{ path: 's.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default}\nspec: {type: ExternalName, externalName: api.example.com}\n' }]);
    assert.equal(resolveQuery(catalog, 'kubernetes.default', { fromNamespace: 'x', type: 'A' }).answer?.kind, 'cname');
  });
});

suite('9.5 the world outside the repository: not declared here is a note, not NXDOMAIN', () => {
  test('a Service in a namespace nothing here declares, or one that only custom resources fill', () => {
    checkMarked({
      'app.yaml': dedent`
        ${workload('shop', 'app', `env:\n  - {name: METRICS, value: "http://«prometheus.monitoring.svc»{host-not-in-manifests}:9090"}\n  - {name: CACHE, value: "«redis-master.cache.svc.cluster.local»{host-not-in-manifests}"}\n  - {name: BROKER, value: "amqp://«rabbit.queues.svc»{host-not-in-manifests}:5672"}\n  - {name: METRICS2, value: "http://«exporter.metrics.svc»{host-not-in-manifests}:9100"}\n  - {name: TYPO, value: "http://«ap.shop.svc»{unresolved-host}:80"}\n  - {name: SVC_TYPO, value: "http://«api.shop.scv.cluster.local»{unresolved-host}:80"}\n  - {name: SVC_TYPO2, value: "http://«api.monitoring.scv»{unresolved-host}:80"}\n  - {name: POD, value: "«api-7.api.shop.svc»{unresolved-host}"}`)}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec: {clusterIP: None, selector: {app: app}, ports: [{port: 80}]}
      `,
      'queues.yaml': dedent`
        apiVersion: rabbitmq.com/v1beta1
        kind: RabbitmqCluster
        metadata: {name: rabbit, namespace: queues}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: other, namespace: queues}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: exporter, namespace: metrics}
      `,
    });
    const catalog = analyzeFiles([{ path: 'm.yaml', text: 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: exporter, namespace: metrics}\n' }]);
    // A namespace that holds only custom resources exists (CoreDNS answers under it) and is open.
    assert.equal(catalog.namespaceExists('metrics'), true);
    assert.equal(catalog.namespaceIsOpen('metrics'), true);
  });
});

suite('9.5 kube-system holds the cluster\'s own add-ons: what a repository adds there is only part of it', () => {
  test('a name in kube-system that these manifests do not declare is a note, even beside Services they do declare there', () => {
    checkMarked({
      'hubble-ui.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: hubble-ui, namespace: kube-system}
        spec: {selector: {app: hubble-ui}, ports: [{port: 80, targetPort: 8081}]}
        ---
        ${workload('kube-system', 'hubble-ui', `env:\n  - {name: FLOWS_API_ADDR, value: "«hubble-relay.kube-system.svc»{host-not-in-manifests}:443"}\n  - {name: DNS, value: "kube-dns.kube-system.svc:53"}`)}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: metrics-server, namespace: kube-system}
        spec: {selector: «{k8s-app: metrics-server}»{service-pods-not-in-manifests}, ports: [{port: 443}]}
      `,
    });
    // Elsewhere the same shapes stay warnings: the repository is the whole truth for its own namespaces.
    checkMarked({
      'app.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: shop}
        spec: {selector: {app: ui}, ports: [{port: 80}]}
        ---
        ${workload('shop', 'ui', `env: [{name: API, value: "«relay.shop.svc»{unresolved-host}:443"}]`)}
      `,
    });
  });
});

suite('9.5 GKE-managed namespaces are filled by GKE: what a repository adds there is only part of it', () => {
  test('a name in a gke-managed-* namespace that these manifests do not declare is a note; gke-managed as a mere substring is not', () => {
    checkMarked({
      'hubble-ui.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: hubble-ui, namespace: gke-managed-dpv2-observability}
        spec: {selector: {app: hubble-ui}, ports: [{port: 80, targetPort: 8081}]}
        ---
        ${workload('gke-managed-dpv2-observability', 'hubble-ui', `env: [{name: FLOWS_API_ADDR, value: "«hubble-relay.gke-managed-dpv2-observability.svc»{host-not-in-manifests}:443"}]`)}
      `,
    });
    checkMarked({
      'app.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: ui, namespace: my-gke-managed-apps}
        spec: {selector: {app: ui}, ports: [{port: 80}]}
        ---
        ${workload('my-gke-managed-apps', 'ui', `env: [{name: API, value: "«relay.my-gke-managed-apps.svc»{unresolved-host}:443"}]`)}
      `,
    });
  });
});

suite('9.5 Services an operator makes are named after its custom resource', () => {
  test('where custom resources live, a name that a declared Service merely extends is a note, not a did-you-mean; a typo still is', () => {
    checkMarked({
      'postgres.yaml': dedent`
        apiVersion: acid.zalan.do/v1
        kind: postgresql
        metadata: {name: my-cluster, namespace: db}
        spec: {numberOfInstances: 2}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: redis-my-cluster, namespace: db}
        spec: {selector: {app: redis}, ports: [{port: 6379}]}
        ---
        ${workload('db', 'redis', `env:\n  - {name: PGHOST, value: "«my-cluster»{host-not-in-manifests}"}\n  - {name: REDIS_HOST, value: "«redis-my-clustr»{unresolved-host}"}`)}
      `,
    });
    // Without custom resources in the namespace, the same relative is still offered.
    const catalog = analyzeFiles([{ path: 'a.yaml', text: service('jaeger-query', 'app: j') + '---\n' + workload('default', 'j', 'env: [{name: TRACING_HOST, value: "jaeger"}]', '') }]);
    const problems = checkFile(catalog, 'a.yaml');
    assert.deepEqual(problems.map((p) => p.code), ['unresolved-host']);
    assert.match(problems[0]!.message, /did you mean jaeger-query\?/);
  });
});

suite('9.2 pods that no pod template here defines', () => {
  test('a selector matching nothing is a note when an operator or a chart makes the pods, or the namespace has no pod template', () => {
    checkMarked({
      'operator.yaml': dedent`
        apiVersion: monitoring.coreos.com/v1
        kind: Alertmanager
        metadata: {name: main, namespace: monitoring}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: alertmanager-main, namespace: monitoring}
        spec:
          selector: «{app.kubernetes.io/name: alertmanager}»{service-pods-not-in-manifests}
          ports: [{port: 9093}]
      `,
      'exporter.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: dcgm, namespace: gpu}
        spec:
          selector: «{app: dcgm}»{service-pods-not-in-manifests}
          ports: [{port: 9400}]
      `,
      'app.yaml': service('web', 'app: wbe').replace('selector: {app: wbe}', 'selector: «{app: wbe}»{service-selects-nothing}') + '---\n' + deployment('web'),
    });
  });
});

suite('9.2 controller-added pod labels select the pods the controller makes', () => {
  const sts = dedent`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: web}
    spec:
      serviceName: web
      replicas: 3
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: c}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec: {clusterIP: None, selector: {app: web}}
  `;
  const perPod = (name: string, selector: string) => `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {clusterIP: None, selector: ${selector}, ports: [{port: 80}]}\n`;

  test('a per-pod Service of a StatefulSet selects exactly that pod (pod-name, pod-index)', () => {
    const catalog = checkMarked({
      'sts.yaml':
        sts +
        perPod('web-1', '{statefulset.kubernetes.io/pod-name: web-1}') +
        perPod('web-2', '{app: web, apps.kubernetes.io/pod-index: "2"}') +
        perPod('web-9', '«{statefulset.kubernetes.io/pod-name: web-9}»{service-selects-nothing}') +
        perPod('hashed', '{app: web, controller-revision-hash: web-7d9f}'),
    });
    const pods = (name: string) => resolveQuery(catalog, `${name}.default.svc.cluster.local.`, { fromNamespace: 'default', type: 'A' }).answer?.pods.map((p) => p.pod);
    assert.deepEqual(pods('web-1'), ['web-1']);
    assert.deepEqual(pods('web-2'), ['web-2']);
    assert.deepEqual(pods('hashed'), ['web-0', 'web-1', 'web-2']);
    assert.deepEqual(pods('web'), ['web-0', 'web-1', 'web-2']);
  });

  test('Jobs, Indexed Jobs, CronJobs and Deployments: job-name, completion index, UIDs and hashes', () => {
    checkMarked({
      'jobs.yaml': dedent`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: train}
        spec:
          completionMode: Indexed
          completions: 2
          template: {spec: {subdomain: train, containers: [{name: c}]}}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: nightly}}, spec: {containers: [{name: c}]}}}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c}]}}}
      ` +
        perPod('train', '{job-name: train}') +
        perPod('train-1', '{batch.kubernetes.io/job-name: train, batch.kubernetes.io/job-completion-index: "1"}') +
        perPod('train-x', '«{job-name: other}»{service-selects-nothing}') +
        perPod('uid', '{controller-uid: 0b6c1a2e, batch.kubernetes.io/controller-uid: 0b6c1a2e}') +
        perPod('nightly', '{app: nightly, job-name: nightly-28000000}') +
        perPod('api-rev', '{app: api, pod-template-hash: 5d9c7b8f6d}') +
        perPod('api-bad', '«{app: api, statefulset.kubernetes.io/pod-name: api-0}»{service-selects-nothing}'),
    });
  });
});

suite('9.7 the same object in several files: the nearest declaration answers', () => {
  const mysql = (clusterIP: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: mysql}\nspec: {clusterIP: ${clusterIP}, selector: {app: mysql}, ports: [{port: 3306}]}\n`;
  const db = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: mysql}\nspec:\n  serviceName: mysql\n  template:\n    metadata: {labels: {app: mysql}}\n    spec: {containers: [{name: c}]}\n';
  const client = (host: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: client, labels: {app: client}}\nspec: {containers: [{name: c, env: [{name: DB_HOST, value: "${host}"}]}]}\n`;

  test('two apps each with a mysql Service: each file resolves its own; duplicate-object lists every location', () => {
    const ns = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\n---\n';
    const catalog = checkMarked({
      'app-a/mysql.yaml': ns + mysql('None').replace('{name: mysql}', '{name: «mysql»{duplicate-object}}') + '---\n' + db,
      'app-a/client.yaml': client('mysql-0.mysql'),
      'app-b/mysql.yaml': ns + mysql('10.0.0.9') + '---\n' + db.replace('serviceName: mysql', 'serviceName: «mysql»{statefulset-service-not-headless}'),
      'app-b/client.yaml': client('«mysql-0.mysql»{non-portable-host}'),
    });
    const [duplicate] = checkFile(catalog, 'app-a/mysql.yaml');
    assert.match(duplicate!.message, /declared in 2 files that differ in clusterIP; applied together, the last one wins/);
    assert.deepEqual(duplicate!.related!.map((r) => [r.path, r.message]), [['app-b/mysql.yaml', 'also declared here (clusterIP 10.0.0.9)']]);
    // Each app's client is answered by its own Service; explain says which file answered.
    const ask = (from: string) => catalog.from(from, () => resolveQuery(catalog, 'mysql', { fromNamespace: 'default', type: 'A' }).answer?.kind);
    assert.equal(ask('app-a/client.yaml'), 'pod-ips');
    assert.equal(ask('app-b/client.yaml'), 'vip');
    const b = catalog.serviceDeclarations('default', 'mysql')[1]!;
    assert.match(explainService(catalog, b).notes.join('\n'), /declared 2 times; names resolve to the declaration nearest to the file asking, here app-b\/mysql\.yaml/);
  });

  test('identical declarations (a release/ copy), variants side by side in one folder, or namespace-less ones are no problem', () => {
    const named = (text: string) => text.replace(/\{name: mysql\}/g, '{name: mysql, namespace: db}');
    checkMarked({ 'release/mysql.yaml': named(mysql('None') + '---\n' + db), 'kubernetes-manifests/mysql.yaml': named(mysql('None') + '---\n' + db) });
    checkMarked({ 'kube/mysql.yaml': named(mysql('None') + '---\n' + db), 'kube/mysql-vip.yaml': named(mysql('10.0.0.9')) });
    // kubectl -n may put each where the other is not (multi-region variants, alternative examples).
    checkMarked({ 'a/mysql.yaml': mysql('None') + '---\n' + db, 'b/mysql.yaml': mysql('10.0.0.9') });
  });

  test('a selector selects the nearest matching workloads: alternative apps side by side are not mixed', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: guestbook}\nspec: {selector: {app: guestbook}, ports: [{port: 3000, targetPort: http-server}]}\n';
    const rc = (name: string, port: string) => `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata: {labels: {app: guestbook}}\n    spec: {containers: [{name: c, ports: [{name: ${port}, containerPort: 3000}]}]}\n`;
    const catalog = checkMarked({
      'web/guestbook-go/service.yaml': svc,
      'web/guestbook-go/controller.yaml': rc('guestbook', 'http-server'),
      'web/guestbook/frontend.yaml': rc('frontend', 'http'),
      'web/guestbook/legacy/frontend.yaml': rc('frontend-legacy', 'http'),
    });
    const guestbook = catalog.service('default', 'guestbook')!;
    assert.deepEqual(catalog.selectedWorkloads(guestbook).map((w) => w.ref.name), ['guestbook']);
  });

  test('workloads too: identical copies are no problem; copies that differ in what DNS depends on are one problem listing every location', () => {
    const sts = (replicas: number, labels = 'app: db', port = 5432) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: data}\nspec:\n  serviceName: db\n  replicas: ${replicas}\n  template:\n    metadata: {labels: {${labels}}}\n    spec: {containers: [{name: c, ports: [{name: pg, containerPort: ${port}}]}]}\n`;
    const deploy = (labels: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: data}\nspec:\n  replicas: 2\n  template:\n    metadata: {labels: {${labels}}}\n    spec: {containers: [{name: c}]}\n`;
    const pod = (hostname: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: probe, namespace: data, labels: {app: db}}\nspec: {hostname: ${hostname}, subdomain: db, containers: [{name: c}]}\n`;
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}\n';
    const all = (replicas: number, labels: string, hostname: string) => [sts(replicas), deploy(labels), pod(hostname)].join('---\n');
    // Identical copies (release/ beside kubernetes-manifests/): no problem.
    checkMarked({ 'release/all.yaml': all(3, 'app: web', 'probe'), 'kubernetes-manifests/all.yaml': all(3, 'app: web', 'probe'), 'svc.yaml': svc });
    // Differing: one problem per object, on its first declaration, listing the other locations.
    const mark = (text: string, name: string) => text.replace(`{name: ${name},`, `{name: «${name}»{duplicate-object},`);
    const catalog = checkMarked({
      'a/all.yaml': mark(mark(mark(all(3, 'app: web', 'probe'), 'db'), 'web'), 'probe'),
      'b/all.yaml': all(1, 'app: web, tier: front', 'probe-b'),
      'c/db.yaml': sts(3, 'app: db', 5433),
      'svc.yaml': svc,
    });
    const problems = checkFile(catalog, 'a/all.yaml');
    assert.deepEqual(
      problems.map((p) => [p.message.split(';')[0], p.related!.map((r) => `${r.path}: ${r.message}`)]),
      [
        ['StatefulSet data/db is declared in 3 files that differ in replicas, ports', ['b/all.yaml: also declared here (replicas 1; ports pg:5432/TCP)', 'c/db.yaml: also declared here (replicas 3; ports pg:5433/TCP)']],
        ['Deployment data/web is declared in 2 files that differ in pod labels', ['b/all.yaml: also declared here (pod labels app=web,tier=front)']],
        ['Pod data/probe is declared in 2 files that differ in hostname', ['b/all.yaml: also declared here (hostname probe-b)']],
      ],
    );
  });

  test('a name resolves through the workload declaration nearest to the file asking (each app its own replicas)', () => {
    const sts = (replicas: number) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: data}\nspec:\n  serviceName: db\n  replicas: ${replicas}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c}]}\n`;
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}\n';
    const client = `apiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: data}\nspec: {containers: [{name: c, env: [{name: DB, value: "db-2.db:5432"}]}]}\n`;
    const catalog = analyzeFiles([
      { path: 'k8s/svc.yaml', text: svc },
      { path: 'k8s/big/db.yaml', text: sts(3) },
      { path: 'k8s/big/client.yaml', text: client },
      { path: 'k8s/small/db.yaml', text: sts(1) },
      { path: 'k8s/small/client.yaml', text: client },
    ]);
    const ask = (from: string) => catalog.from(from, () => resolveQuery(catalog, 'db-2.db', { fromNamespace: 'data', type: 'A' }));
    assert.equal(ask('k8s/big/client.yaml').status, 'answer');
    assert.equal(ask('k8s/small/client.yaml').status, 'nxdomain');
    assert.match(ask('k8s/small/client.yaml').reason, /StatefulSet db has one pod, db-0, so pod db-2 does not exist/);
    assert.deepEqual(checkFile(catalog, 'k8s/big/client.yaml'), []);
    assert.deepEqual(checkFile(catalog, 'k8s/small/client.yaml').map((p) => p.code), ['unresolved-host']);
  });

  test('a quick fix that edits another file names that file in its title', () => {
    const catalog = analyzeFiles([
      { path: 'k8s/db/sts.yaml', text: db },
      { path: 'k8s/svc/mysql.yaml', text: mysql('10.0.0.9') },
    ]);
    const [problem] = checkFile(catalog, 'k8s/db/sts.yaml');
    assert.equal(problem!.code, 'statefulset-service-not-headless');
    assert.deepEqual(problem!.fixes!.map((f) => [f.title, f.edits[0]!.path]), [[`${problem!.fixes![0]!.title.replace(/ \(in svc\/mysql\.yaml\)$/, '')} (in svc/mysql.yaml)`, 'k8s/svc/mysql.yaml']]);
    assert.match(problem!.fixes![0]!.title, /\(in svc\/mysql\.yaml\)$/);
  });
});

suite('9.10 a StatefulSet pointed at a VIP while a headless Service already selects its pods', () => {
  test('the first, preferred fix is to use that headless Service', () => {
    const text = dedent`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        serviceName: db-vip
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: c}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db-vip}
      spec: {selector: {app: db}, ports: [{port: 5432}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db-headless}
      spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
    `;
    const catalog = analyzeFiles([{ path: 'db.yaml', text }]);
    const [problem] = checkFile(catalog, 'db.yaml');
    assert.equal(problem!.code, 'statefulset-service-not-headless');
    assert.match(problem!.message, /not headless: use db-headless, a headless Service that already selects these pods, or add clusterIP: None/);
    const [use, add] = problem!.fixes!;
    assert.equal(use!.title, 'Use db-headless (headless, already selects these pods)');
    assert.equal(use!.preferred, true);
    assert.equal(add!.preferred, false);
    const edit = use!.edits[0]!;
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.deepEqual(checkFile(analyzeFiles([{ path: 'db.yaml', text: fixed }]), 'db.yaml'), []);
  });
});
