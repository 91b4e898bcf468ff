// Every problem code with its exact span. Each case is a workspace of files; the expected result
// is the file with «…»{code} around each problem, so a failure shows the whole annotated file.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile } from '../../shared/src/index';
import { checkMarked } from '../support/checkMarked';
import { dedent } from '../support/markedText';

/** Files keyed by path; the file under test holds «…»{code} markers for its expected problems. */
function check(files: Record<string, string>, options: Parameters<typeof analyzeFiles>[1] = {}): void {
  checkMarked(files, options);
}

const sts = (serviceName: string, extra = '') => dedent`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: web
  spec:
    serviceName: ${serviceName}
    replicas: 2
    selector:
      matchLabels: {app: web}
    template:
      metadata:
        labels: {app: web}
      spec:
        containers:
          - name: web
            ports: [{name: http, containerPort: 8080}]${extra}
`;

suite('problems: codes and exact spans', () => {
  test('statefulset-service-not-headless, across files, with the Service as related info', () => {
    check({
      'sts.yaml': sts('«nginx»{statefulset-service-not-headless}'),
      'svc.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: nginx}
        spec: {selector: {app: web}, ports: [{port: 80}]}
      `,
    });
    const catalog = analyzeFiles([{ path: 'a.yaml', text: sts('nginx') }, { path: 'b.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec:\n  clusterIP: 10.0.0.1\n  selector: {app: web}\n' }]);
    const [problem] = checkFile(catalog, 'a.yaml');
    assert.match(problem!.message, /^StatefulSet web's serviceName names default\/nginx, a ClusterIP Service, not headless: add clusterIP: None, or web-0\.nginx\.default\.svc\.cluster\.local resolves on CoreDNS only \(kube-dns: NXDOMAIN/);
    assert.deepEqual(problem!.related!.map((r) => [r.path, r.message]), [['b.yaml', 'Service default/nginx'], ['b.yaml', 'clusterIP: 10.0.0.1']]);
    assert.equal(problem!.fixes![0]!.edits[0]!.path, 'b.yaml');
  });

  test('statefulset-service-missing, with a create-Service fix', () => {
    check({ 'sts.yaml': sts('«nginx»{statefulset-service-missing}') });
  });

  test('governing-service-not-selecting', () => {
    check({
      'sts.yaml': sts('«nginx»{governing-service-not-selecting}'),
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec: {clusterIP: None, selector: «{app: other}»{service-selects-nothing}}\n',
    });
  });

  test('headless-service-invalid-type', () => {
    check({
      'svc.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: edge}
        spec:
          type: NodePort
          clusterIP: «None»{headless-service-invalid-type}
          ports: [{port: 80}]
      `,
    });
  });

  test('service-selects-nothing names the closest workload; ExternalName and selector-less are exempt', () => {
    const catalog = analyzeFiles([
      { path: 'a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector:\n    app: api-server\n  ports: [{port: 80}]\n' },
      { path: 'b.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata: {labels: {app: api-srever}}\n    spec: {containers: [{name: a}]}\n' },
      { path: 'c.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec: {type: ExternalName, externalName: example.com}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: manual}\nspec: {ports: [{port: 80}]}\n' },
    ]);
    const [problem] = checkFile(catalog, 'a.yaml');
    assert.equal(problem!.code, 'service-selects-nothing');
    assert.match(problem!.message, /closest: Deployment api has app=api-srever/);
    assert.deepEqual(checkFile(catalog, 'c.yaml'), []);
  });

  test('target-port-not-declared', () => {
    check({
      'app.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports:
            - {name: http, port: 80, targetPort: «htpp»{target-port-not-declared}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: w, ports: [{name: http, containerPort: 8080}]}]}
      `,
    });
  });

  test('invalid-dns-name: Service (DNS-1035), hostname, subdomain, long StatefulSet names', () => {
    check({
      'names.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: «9lives»{invalid-dns-name}}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec: {hostname: «Host_1»{invalid-dns-name}, containers: [{name: c}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: «a-very-long-statefulset-name-that-goes-past-fifty-two-chars»{invalid-dns-name}}
        spec:
          replicas: 1
          template:
            metadata: {labels: {app: x}}
            spec: {containers: [{name: c}]}
      `,
    });
  });

  test('subdomain-service-missing and subdomain-service-not-headless', () => {
    check({
      'pods.yaml': dedent`
        apiVersion: v1
        kind: Pod
        metadata: {name: a, labels: {app: a}}
        spec: {hostname: a, subdomain: «nosuch»{subdomain-service-missing}, containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, labels: {app: b}}
        spec: {hostname: b, subdomain: «vip»{subdomain-service-not-headless}, containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: vip}
        spec: {selector: {app: b}, ports: [{port: 80}]}
      `,
    });
  });

  test('external-name-is-ip', () => {
    check({
      'ext.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: legacy-db}\nspec: {type: ExternalName, externalName: «10.0.0.12»{external-name-is-ip}}\n',
    });
  });

  test('unresolved-host, non-portable-host and cluster-domain-mismatch cover exactly the host part', () => {
    check(
      {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Service
          metadata: {name: catalog}
          spec: {selector: {app: catalog}, ports: [{name: http, port: 80}]}
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: db}
          spec:
            serviceName: «db-vip»{statefulset-service-not-headless}
            replicas: 1
            template:
              metadata: {labels: {app: db}}
              spec: {containers: [{name: db}]}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: db-vip}
          spec: {selector: {app: db}, ports: [{port: 5432}]}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: catalog}
          spec:
            template:
              metadata: {labels: {app: catalog}}
              spec:
                containers:
                  - name: c
                    env:
                      - {name: UPSTREAM, value: "http://«catalgo»{unresolved-host}:80/x"}
                      - {name: DB_HOST, value: «db-0.db-vip»{non-portable-host}}
                      - {name: FQDN, value: 'catalog.default.svc.«cluster.local»{cluster-domain-mismatch}'}
                      - {name: EXTERNAL, value: https://api.example.com/v1}
                      - {name: OK, value: catalog.default.svc.kube.local}
                    args: ["--peer=«db-1.db-vip»{unresolved-host}:5432"]
        `,
      },
      { clusterDomain: 'kube.local' },
    );
  });

  test('yaml-syntax in one document does not hide the valid documents beside it', () => {
    const text = dedent`
      apiVersion: v1
      kind: Service
      metadata: {name: a}
      spec: {clusterIP: None, selector: {app: x}}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: [unterminated
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: x}
      spec:
        serviceName: a
        template:
          metadata: {labels: {app: x}}
          spec: {containers: [{name: c}]}
    `;
    const catalog = analyzeFiles([{ path: 'f.yaml', text }]);
    const codes = checkFile(catalog, 'f.yaml').map((p) => p.code);
    assert.ok(codes.includes('yaml-syntax'), codes.join());
    assert.ok(!codes.includes('statefulset-service-missing'), 'the Service in document 1 still counts');
    assert.equal(catalog.services().length, 1);
    assert.equal(catalog.workloadsIn('default').length, 1);
  });

  test('helm-template-skipped: one note, no flood', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  clusterIP: {{ .Values.ip }}\n';
    const problems = checkFile(analyzeFiles([{ path: 't.yaml', text }]), 't.yaml');
    assert.deepEqual(problems.map((p) => p.code), ['helm-template-skipped']);
    assert.equal(text.slice(problems[0]!.span.start, problems[0]!.span.end), '{{');
  });

  test('invalid-object: wrong types the API server rejects produce no records', () => {
    check({
      'bad.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: «"app=web"»{invalid-object}, ports: «80»{invalid-object}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: «"3"»{invalid-object}
          template:
            metadata: {labels: {enabled: «yes»{invalid-object}}}
            spec: {containers: [{name: c}]}
      `,
    });
  });

  test('pods that do not use cluster DNS: dnsPolicy Default and hostNetwork (rule 60)', () => {
    const pod = (name: string, extra: string, marked: string) => dedent`
      apiVersion: v1
      kind: Pod
      metadata: {name: ${name}, labels: {app: web}}
      spec:
        ${extra}
        containers: [{name: c, args: ["http://${marked}:80"]}]
    `;
    check({
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n',
      'a.yaml': pod('a', 'dnsPolicy: Default', '«web»{unresolved-host}'),
      'b.yaml': pod('b', 'hostNetwork: true', '«web»{unresolved-host}'),
      'c.yaml': pod('c', 'dnsPolicy: ClusterFirstWithHostNet', 'web').replace('spec:\n', 'spec:\n  hostNetwork: true\n'),
      'd.yaml': pod('d', 'dnsPolicy: None', 'nosuch'),
    });
  });

  test('API validation: unnamed ports beside others, long Indexed Job names, setHostnameAsFQDN over 64', () => {
    check({
      'v.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: two}
        spec: {ports: [{name: a, port: 80}, «{port: 81}»{invalid-object}]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: «job-with-a-name-long-enough-that-index-hostnames-break-the-limit»{invalid-dns-name}}
        spec:
          completionMode: Indexed
          completions: 10
          template: {spec: {containers: [{name: c}]}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, labels: {app: p}}
        spec: {hostname: a-rather-long-hostname, subdomain: «a-rather-long-subdomain-name»{invalid-dns-name}, setHostnameAsFQDN: true, containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: a-rather-long-subdomain-name}
        spec: {clusterIP: None, selector: {app: p}}
      `,
    });
  });
});
