// Issue 9, "trust on real repositories": the folder is not a closed, complete cluster. Templates,
// pods made by controllers and operators, namespaces set by kubectl -n, built-in Services, objects
// declared twice. Each case is a workspace; each file shows its expected problems as «…»{code}.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile } from '../../shared/src/index';
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
