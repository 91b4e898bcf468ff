// Issue 9, "trust on real repositories": the folder is not a closed, complete cluster. Templates,
// pods made by controllers and operators, namespaces set by kubectl -n, built-in Services, objects
// declared twice. Each case is a workspace; each file shows its expected problems as «…»{code}.
import * as assert from 'node:assert/strict';
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
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - name: c
                  env: [{name: SELF, value: "http://web:80"}]
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
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: shipper, namespace: logging}
        spec:
          template:
            metadata: {labels: {app: shipper}}
            spec:
              containers:
                - name: c
                  env: [{name: OPENSEARCH_HOST, value: "http://«opensearch»{host-not-in-manifests}:9200"}]
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
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: app}}
            spec:
              containers:
                - name: c
                  env:
                    - {name: METRICS, value: "http://«prometheus.monitoring.svc»{host-not-in-manifests}:9090"}
                    - {name: CACHE, value: "«redis-master.cache.svc.cluster.local»{host-not-in-manifests}"}
                    - {name: BROKER, value: "amqp://«rabbit.queues.svc»{host-not-in-manifests}:5672"}
                    - {name: TYPO, value: "http://«ap.shop.svc»{unresolved-host}:80"}
                    - {name: POD, value: "«api-7.api.shop.svc»{unresolved-host}"}
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
      `,
    });
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
