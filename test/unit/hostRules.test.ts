// Issue 9, items 8–10, as engine rules on host names in values: what is not a host (8), what is
// one (9: `$(VAR)` expansion, space-separated flags, shell scripts, ports), and which name was
// meant (10). Each case is a workspace whose file under test holds «…»{code} around every
// expected problem, so the spans are exact.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, type Problem } from '../../shared/src/index';
import { dedent, parseMarkers, renderSpans } from '../support/markedText';

function check(files: Record<string, string>): Problem[] {
  const plain: Record<string, string> = {};
  for (const [path, marked] of Object.entries(files)) plain[path] = parseMarkers(marked.replace(/\{[a-z-]+\}/g, '')).text;
  const catalog = analyzeFiles(Object.entries(plain).map(([path, text]) => ({ path, text })));
  const all: Problem[] = [];
  for (const [path, marked] of Object.entries(files)) {
    if (path.startsWith('context/')) continue; // the Services and pods the names refer to
    const problems = checkFile(catalog, path);
    assert.equal(renderSpans(plain[path]!, problems.map((p) => ({ span: p.span, label: p.code }))), marked, problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
    all.push(...problems);
  }
  return all;
}

const SERVICES = dedent`
  apiVersion: v1
  kind: Service
  metadata: {name: ad}
  spec: {selector: {app: ad}, ports: [{port: 80}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: mysql}
  spec: {selector: {app: mysql}, ports: [{port: 3306}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: redis}
  spec: {selector: {app: redis}, ports: [{name: redis, port: 6379, targetPort: 16379}]}
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: cockroachdb}
  spec: {clusterIP: None, selector: {app: cockroachdb}, ports: [{name: grpc, port: 26257}]}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: cockroachdb}
  spec:
    serviceName: cockroachdb
    replicas: 3
    selector: {matchLabels: {app: cockroachdb}}
    template:
      metadata: {labels: {app: cockroachdb}}
      spec: {containers: [{name: db, ports: [{name: grpc, containerPort: 26257}, {name: http, containerPort: 8080}]}]}
`;

/** A Deployment whose one container has the given fields (indented under the container). */
function app(containerFields: string): string {
  return dedent`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: client}
    spec:
      template:
        metadata: {labels: {app: client}}
        spec:
          containers:
            - name: client
  ` + containerFields.trimEnd().split('\n').map((l) => `          ${l}`).join('\n') + '\n';
}

function configMap(key: string, value: string): string {
  return dedent`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings}
    data:
  ` + `  ${key}: |\n${value.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}\n`;
}

suite('9.8 things that are not host names', () => {
  test('shell variables $VAR, ${VAR} and $(VAR) are variables, not hosts', () => {
    check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        command: ["sh", "-c", "curl http://$ipaddr:4001/health && curl http://\${PEER}:4001 && nc \${HOST}.mysql 3306"]
        args: ["--advertise-addr=$(POD_IP):26257", "--host=$HOSTNAME", "--peer=redis-$(SUFFIX):6379"]
        env:
          - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
          - {name: SUFFIX, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
          - {name: ETCD_URL, value: "http://$(POD_IP):2379"}
      `),
    });
  });

  test('a Go time layout, version numbers and uppercase or underscored words are not host names', () => {
    check({
      'context/svc.yaml': SERVICES,
      'cm.yaml': dedent`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          TIME_FORMAT: "2006-01-02T15:04:05Z07:00"
          LOG_LAYOUT: 15:04:05.000
          VERSION_HOST: 1.2.3
          UPSTREAM_HOST: My_Host:8080
          DB_URL: jdbc:mysql://MYSQL:3306/db
          ENDPOINT: 12:30pm
      `,
    });
  });

  test('Grafana dashboards (JSON): template variables and label values are not hosts; real URLs are', () => {
    check({
      'context/svc.yaml': SERVICES,
      'dash.yaml': configMap(
        'dashboard.json',
        dedent`
          {"templating": {"list": [
            {"name": "datasource", "type": "datasource", "current": {"text": "default", "value": "default"}},
            {"name": "instance", "query": "label_values(up{job=\"node\"}, instance)", "current": {"text": "master", "value": "master"}},
            {"name": "host", "current": {"value": "$__all"}, "options": [{"text": "primary", "value": "replica"}]}
          ]},
          "panels": [{"datasource": "\${DS_PROMETHEUS}", "targets": [{"expr": "rate(x{instance=~\"$instance:9100\"}[5m])", "legendFormat": "{{ .host }}:{{ .port }}"}]}],
          "links": [{"url": "http://«redsi»{unresolved-host}:6379/"}, {"url": "https://grafana.com/docs"}]}
        `,
      ),
    });
  });

  test('prose: a word in free text is never a host, and gets no did-you-mean', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'readme.yaml': configMap('README.md', 'Run multi-master and primary-replica setups; see --master and -h for the peer server list.\nThe ad server, mysql and redis are described at http://docs.internal/.'),
      'notes.yaml': configMap('notes.txt', 'backend: and\nhost = an'),
      'app.yaml': app(dedent`
        args: ["--description=multi-master and more", "--log-server-errors=true"]
        env:
          - {name: DESCRIPTION, value: "primary and replica, see -h and --peer"}
          - {name: SERVICE_NAME, value: "the ad service and the mysql one"}
      `),
    });
    assert.deepEqual(problems, []);
  });

  test('an address is valid only as a lowercase DNS name: a misspelt one in a host position still is one', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        args: ["--mysql-host=«msyql»{unresolved-host}", "--master=«ad-»", "--upstream=«mysql.»{unresolved-host}"]
      `.replace('«ad-»', 'ad-')),
    });
    assert.match(problems[0]!.message, /did you mean mysql\?/);
  });
});

suite('9.9 hosts that were missed', () => {
  test('$(VAR) in args is expanded from the env: a misspelt host is reported at its definition, through the variable', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        args: ["--db=$(DB):3306", "--cache=redis://$(CACHE)/0"]
        env:
          - {name: DB, value: «mysqll»{unresolved-host}}
          - {name: CACHE, value: "«rediss»{unresolved-host}:6379"}
      `),
    });
    assert.match(problems[0]!.message, /^mysqll \(used as a host through \$\(DB\) in args\) does not resolve from namespace default \(NXDOMAIN\); did you mean mysql\?/);
    assert.deepEqual(problems[0]!.fixes!.map((f) => f.title), ['Replace with mysql']);
    assert.equal(problems.length, 2, 'the CACHE value is reported once, though its own site and the expansion both find it');
  });

  test('a misspelt $(VAR) in a host position is left as written by the kubelet, and caught', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        command: ["app", "--db_host=«$(DBCONFIG_HOST_NAM)»{unresolved-host}", "http://«$(CACHE_HOST)»{unresolved-host}:6379"]
        args: ["--peer=$$(ESCAPED):80", "--name=$(NOT_A_HOST)", "$(REDIS_SERVICE_HOST):6379"]
        env:
          - {name: DBCONFIG_HOST_NAME, value: mysql}
          - {name: URL, value: "http://«$(LATER)»{unresolved-host}:80"}
          - {name: LATER, value: mysql}
      `),
    });
    assert.match(problems[0]!.message, /^\$\(DBCONFIG_HOST_NAM\) is not a host name: did you mean \$\(DBCONFIG_HOST_NAME\)\? \$\(DBCONFIG_HOST_NAM\) is not defined in this container's env/);
    assert.deepEqual(problems[0]!.fixes!.map((f) => f.title), ['Replace with $(DBCONFIG_HOST_NAME)']);
    assert.match(problems[2]!.message, /\$\(LATER\) is defined only further down the env list/);
  });

  test('with envFrom, an unknown $(VAR) may be defined there: nothing is reported', () => {
    check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        envFrom: [{configMapRef: {name: settings}}]
        args: ["--db_host=$(DB_HOST)", "http://$(CACHE_HOST):6379"]
      `),
    });
  });

  test('space-separated flag values: --join a,b,c, -h host, --peer host:port, and a flag item followed by its value', () => {
    check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        command:
          - /bin/sh
          - -c
          - exec cockroach start --join cockroachdb-0.cockroachdb,«cockroachdb-3.cockroachdb»{unresolved-host},cockroachdb-2.cockroachdb --cache 25%
        args: ["mysql -h «msql»{unresolved-host} -u root", "--peer", "«redsi»{unresolved-host}:6379", "--join", "«cockroachdb-0.cockroachd»{unresolved-host}", "-h", "mysql"]
      `),
    });
  });

  test('hosts in quoted shell assignments: MASTER_HOST=\'mysql-0.mysql\'', () => {
    check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        command:
          - bash
          - "-c"
          - |
            MASTER_HOST='«mysql-0.mysql»{unresolved-host}'
            REPLICA_HOSTS="mysql «mysq»{unresolved-host}"
            export PEER_ADDR=«cockroachdb-9.cockroachdb»{unresolved-host}
            echo "primary=$MASTER_HOST connected"
      `),
    });
  });

  test('host-port-not-exposed: a ClusterIP Service forwards only its ports', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        env:
          - {name: CACHE_ADDR, value: "redis:«16379»{host-port-not-exposed}"}
          - {name: DB_URL, value: "mysql://mysql:«3307»{host-port-not-exposed}/app"}
          - {name: OK, value: "redis:6379,mysql:3306"}
      `),
    });
    assert.match(problems[0]!.message, /^redis:16379 resolves from namespace default, but nothing answers on port 16379: Service default\/redis exposes 6379, not 16379; its cluster IP forwards only the Service's ports \(16379 is a target port, reached through 6379\)\. Use 6379\.$/);
    assert.deepEqual(problems[0]!.fixes!.map((f) => f.title), ['Use port 6379']);
    assert.deepEqual(problems[1]!.fixes!.map((f) => f.title), ['Use port 3306'], 'the only port');
  });

  test('host-port-not-exposed: a headless Service answers pod IPs, so any declared container port is reachable', () => {
    const problems = check({
      'context/svc.yaml': SERVICES,
      'app.yaml': app(dedent`
        args:
          - --join=cockroachdb-0.cockroachdb:26257,cockroachdb:8080
          - --peer=cockroachdb-1.cockroachdb:«9999»{host-port-not-exposed}
      `),
    });
    assert.match(problems[0]!.message, /answers pod IPs, not a VIP \(Service default\/cockroachdb\), and those pods listen on 8080, 26257, not 9999/);
  });

  test('host-port-not-exposed: pods that declare no ports may listen anywhere, so nothing is reported', () => {
    check({
      'context/svc.yaml': dedent`
        apiVersion: v1
        kind: Service
        metadata: {name: db}
        spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db}]}
      `,
      'app.yaml': app('env: [{name: DB_ADDR, value: "db-0.db:7000"}]'),
    });
  });
});

suite('9.10 suggestions', () => {
  const demo = dedent`
    apiVersion: v1
    kind: Service
    metadata: {name: jaeger-query}
    spec: {selector: {app: jaeger}, ports: [{port: 16686}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: flagd}
    spec: {selector: {app: flagd}, ports: [{name: grpc, port: 8013}, {name: ui, port: 4000, targetPort: 4000}]}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: flagd}
    spec:
      template:
        metadata: {labels: {app: flagd}}
        spec:
          containers:
            - {name: flagd, ports: [{containerPort: 8013}]}
            - {name: flagd-ui, ports: [{containerPort: 4000}]}
  `;

  test('a name that a Service name extends or contains: jaeger → jaeger-query', () => {
    const problems = check({ 'context/demo.yaml': demo, 'app.yaml': app('env: [{name: JAEGER_URL, value: "http://«jaeger»{unresolved-host}:16686"}]') });
    assert.match(problems[0]!.message, /did you mean jaeger-query\?/);
  });

  test('a container name, where the Service exposing its port was meant: flagd-ui → flagd', () => {
    const problems = check({ 'context/demo.yaml': demo, 'app.yaml': app('env: [{name: FLAGD_UI_URL, value: "http://«flagd-ui»{unresolved-host}:4000"}]') });
    assert.match(problems[0]!.message, /did you mean flagd\?/);
  });

  test('a misspelt Service in the namespace the name names, not in the pod\'s own: cartx.shop.svc → cart.shop.svc', () => {
    // The namespace label of `<service>.<namespace>.svc[.<zone>]` is the second; the suggestion
    // once looked at the third (a pod name's) and so searched the pod's own namespace.
    const shop = 'apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: shop}\nspec: {ports: [{port: 80}]}\n';
    const problems = check({
      'context/shop.yaml': shop,
      'app.yaml': app('env: [{name: A, value: "http://«cartx.shop.svc.cluster.local»{unresolved-host}:80"}, {name: B, value: "http://«cartx.shop.svc»{unresolved-host}:80"}]'),
    });
    assert.match(problems[0]!.message, /did you mean cart\.shop\.svc\.cluster\.local\?/);
    assert.match(problems[1]!.message, /did you mean cart\.shop\.svc\?/);
  });

  test('suggestions search an index: a typo of one of many Services is found, and no word-part is taken for a relative', function () {
    this.timeout(30_000);
    const services = Array.from({ length: 500 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}}\nspec: {ports: [{port: 80}]}\n`).join('---\n');
    const problems = check({ 'context/svc.yaml': services, 'app.yaml': app('env: [{name: A, value: "http://«svx-432»{unresolved-host}:80"}, {name: B, value: "http://«ad»{unresolved-host}:80"}]') });
    assert.match(problems[0]!.message, /did you mean svc-432\?/);
    assert.doesNotMatch(problems[1]!.message, /did you mean/);
  });
});
