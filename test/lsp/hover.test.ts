// Hover over the wire, on every kind of target: a Service (name, kind, clusterIP and type lines),
// a StatefulSet serviceName, a pod subdomain and hostname (keys included), a workload, and a host
// name inside a value. Every hover fits in HOVER_LINES lines, on the textbook fixtures and on
// realistic ones (many pods, ports, Services per workload, overlays, caveats); the caveat that
// changes the answer comes first; a hover over a problem does not repeat the problem's message.
import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { offsetIn } from '../support/textOffsets';
import { sharedServer } from '../support/serverFixture';
import { dedent } from '../support/markedText';
import { HEADLESS_STATEFULSET, PODS, STATEFULSET_OF_VIP, VIP_SERVICE, WEB } from './fixtures';

/** The budget for a hover: about 12 lines by default. */
const HOVER_LINES = 12;

/** 30 brokers: more per-pod names than a hover shows. */
const KAFKA = HEADLESS_STATEFULSET.replace(/sts-headless/g, 'shop').replace(/nginx/g, 'kafka').replace(/name: web/g, 'name: broker').replace('replicas: 2', 'replicas: 30');

/** Like a database chart: a headless Service that publishes unready pods, 14 named ports, and a public VIP. */
const COCKROACH = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: cockroachdb
    namespace: db
  spec:
    clusterIP: None
    publishNotReadyAddresses: true
    selector:
      app: cockroachdb
    ports:
${Array.from({ length: 14 }, (_, i) => `      - name: p${i}\n        port: ${26257 + i}`).join('\n')}
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: cockroachdb-public
    namespace: db
  spec:
    selector:
      app: cockroachdb
    ports:
      - name: grpc
        port: 26257
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: cockroachdb
    namespace: db
  spec:
    serviceName: cockroachdb
    replicas: 3
    selector:
      matchLabels:
        app: cockroachdb
    template:
      metadata:
        labels:
          app: cockroachdb
      spec:
        containers:
          - name: db
            image: cockroachdb/cockroach
            env:
              - name: JOIN
                value: cockroachdb-0.cockroachdb,cockroachdb-1.cockroachdb,cockroachdb-2.cockroachdb
`;

/** Like a service mesh's control plane: one Deployment behind six Services. */
const MESH = [
  dedent`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: destination
      namespace: mesh
    spec:
      replicas: 1
      selector:
        matchLabels:
          app: destination
      template:
        metadata:
          labels:
            app: destination
        spec:
          containers:
            - name: d
              image: mesh
  `,
  ...['dst', 'dst-headless', 'sp-validator', 'policy', 'policy-validator', 'identity-headless'].map(
    (name) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: mesh\nspec:\n${name.endsWith('headless') ? '  clusterIP: None\n' : ''}  selector:\n    app: destination\n  ports:\n    - name: grpc\n      port: 8086\n`,
  ),
].join('---\n');

/** A selector-less Service declared in two files, with no EndpointSlice and its namespace assumed: three caveats at once. */
const ORPHAN = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: legacy\nspec:\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: old\ndata:\n  A: b\n';

/** A base Service built in twelve overlays, which disagree on headless. */
const OVERLAYS: Record<string, string> = {
  'kz/base/db.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - port: 5432\n',
  'kz/base/kustomization.yaml': 'resources:\n  - db.yaml\n',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`kz/overlays/env${i}/kustomization.yaml`, `resources:\n  - ../../base\nnamespace: env${i}\n${i === 3 ? 'patches:\n  - path: vip.yaml\n' : ''}`])),
  'kz/overlays/env3/vip.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: null\n',
};

const FILES: Record<string, string> = {
  'seed.yaml': HEADLESS_STATEFULSET,
  'kafka.yaml': KAFKA,
  'cache.yaml': STATEFULSET_OF_VIP,
  'services/cache.yaml': VIP_SERVICE,
  'web.yaml': WEB,
  'pods.yaml': PODS,
  'realworld/cockroach.yaml': COCKROACH,
  'realworld/mesh.yaml': MESH,
  'realworld/orphan-a.yaml': ORPHAN,
  'realworld/orphan-b.yaml': ORPHAN,
  ...OVERLAYS,
};

/** Lines the hover shows before wrapping: the Markdown's non-blank lines (blank ones only separate paragraphs). */
function lineCount(markdown: string): number {
  return markdown.split('\n').filter((l) => l.trim() !== '').length;
}

suite('lsp: hover', () => {
  const server = sharedServer(FILES);

  /** Hovers `needle` inside `context` of a file (opened or not) and returns the Markdown and the hovered text. */
  async function hover(file: string, context: string, needle = context, occurrence = 1): Promise<{ markdown: string; hovered: string }> {
    const uri = server.workspace.uri(file);
    const result: Hover | null = await server.client.hover(uri, offsetIn(FILES[file]!, context, needle, occurrence));
    assert.ok(result, `no hover on "${needle}" in ${file}`);
    const contents = result.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.ok(result.range, 'the hover says what it is about');
    return { markdown: contents.value, hovered: server.client.document(uri).getText(result.range) };
  }

  const showAll = (namespace: string, name: string, label: string): string =>
    `[${label}](command:kubeServiceDns.showServiceNames?${encodeURIComponent(JSON.stringify([namespace, name]))} "Open the full table of this Service's DNS names")`;

  test('a headless Service governing a StatefulSet: mode, the names people use, per-pod names, what it selects, the full table one click away', async () => {
    const { markdown, hovered } = await hover('seed.yaml', 'name: nginx', 'nginx');
    assert.equal(hovered, 'nginx');
    assert.equal(
      markdown,
      [
        '**Service `sts-headless/nginx`** — Headless (clusterIP: None): the name returns the IPs of the ready pods and the client balances; pods with hostname + subdomain get their own names.',
        '**Names:** `nginx` in `sts-headless`, `nginx.sts-headless.svc.cluster.local` from anywhere → the IPs of the ready pods (web-0, web-1)',
        "**Per-pod names (2):** `web-0 … web-1.nginx.sts-headless.svc.cluster.local` → each pod's own IP",
        '**Selects:** StatefulSet `web` (2 pods)',
        showAll('sts-headless', 'nginx', 'Show all 7 names'),
      ].join('\n\n'),
    );
  });

  test('a ClusterIP Service explains its VIP, on its name, kind, clusterIP and type lines', async () => {
    const onName = await hover('web.yaml', 'name: web\nspec', 'web', 2);
    assert.equal(onName.hovered, 'web');
    const lines = onName.markdown.split('\n\n');
    assert.equal(lines[0], '**Service `default/web`** — ClusterIP (virtual IP 10.96.0.10): the name returns one stable IP and kube-proxy balances connections across the ready pods.');
    assert.equal(lines[1], '**Names:** `web` in `default`, `web.default.svc.cluster.local` from anywhere → the Service VIP 10.96.0.10');
    assert.equal(lines[2], '**Selects:** Deployment `web` (2 pods)');
    assert.doesNotMatch(onName.markdown, /Per-pod names/, 'Deployment pods have no per-pod names');
    for (const [context, needle, expected] of [
      ['kind: Service', 'Service', 'Service'],
      ['clusterIP: 10.96.0.10', 'clusterIP', 'clusterIP: 10.96.0.10'],
      ['clusterIP: 10.96.0.10', '10.96', '10.96.0.10'],
      ['type: ClusterIP', 'type', 'type: ClusterIP'],
    ] as const) {
      const other = await hover('web.yaml', context, needle);
      assert.equal(other.hovered, expected, `range of the hover on "${needle}"`);
      assert.equal(other.markdown, onName.markdown, `hover on "${needle}"`);
    }
  });

  test('the caveat that changes the answer comes first', async () => {
    const { markdown } = await hover('services/cache.yaml', 'name: cache', 'cache');
    const lines = markdown.split('\n\n');
    assert.equal(lines[0], '⚠ Governs StatefulSet cache but is not headless: CoreDNS still answers the per-pod names, kube-dns returns NXDOMAIN, and the spec does not promise them.');
    assert.match(lines[1]!, /^\*\*Service `default\/cache`\*\* — ClusterIP/);
    assert.equal(lines[3], "**Per-pod names (2):** `cache-0 … cache-1.cache.default.svc.cluster.local` → each pod's own IP (CoreDNS only)");
  });

  test('at most two caveats, weightiest first; the rest are counted in the link to the full table', async () => {
    const { markdown } = await hover('realworld/orphan-a.yaml', 'name: legacy', 'legacy');
    const lines = markdown.split('\n\n');
    assert.match(lines[0]!, /^⚠ Nothing in the workspace backs it: the VIP still resolves, but connections to it fail/);
    assert.match(lines[1]!, /^⚠ old\/legacy is declared 2 times; names resolve to the declaration nearest to the file asking, here realworld\/orphan-a\.yaml\./);
    assert.match(lines[2]!, /^\*\*Service `old\/legacy`\*\*/);
    assert.match(lines.at(-1)!, /^\[Show all \d+ names and 2 more notes\]\(command:kubeServiceDns\.showServiceNames\?/);
    assert.ok(lineCount(markdown) <= HOVER_LINES, markdown);
  });

  test('per-pod names are summarised, and long lists stay within the budget', async () => {
    const { markdown } = await hover('kafka.yaml', 'name: kafka', 'kafka');
    assert.match(markdown, /^\*\*Per-pod names \(30\):\*\* `broker-0 … broker-29\.kafka\.shop\.svc\.cluster\.local` → each pod's own IP$/m);
    assert.match(markdown, /^\*\*Names:\*\* `kafka` in `shop`, `kafka\.shop\.svc\.cluster\.local` from anywhere → the IPs of the ready pods \(broker-0, broker-1, broker-2, broker-3 and 26 more\)$/m);
    assert.match(markdown, /^\*\*Selects:\*\* StatefulSet `broker` \(30 pods\)$/m);
    assert.ok(lineCount(markdown) <= 6, markdown);
    const sts = await hover('kafka.yaml', 'kind: StatefulSet', 'StatefulSet');
    assert.match(sts.markdown, /^\*\*StatefulSet `shop\/broker`\*\* — 30 pods: `broker-0 … broker-29`\n/);
    assert.match(sts.markdown, /pod names `broker-0 … broker-29\.kafka\.shop\.svc\.cluster\.local`/);
  });

  test('kustomize overlays stay within the budget; their disagreement is the first caveat; a base is not answered as written', async () => {
    const { markdown } = await hover('kz/base/db.yaml', 'name: db', 'db');
    const headless = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `kz/overlays/env${i}`).sort().map((o) => `\`${o}\``).join(', ');
    assert.ok(markdown.startsWith(`⚠ **The overlays disagree:** headless in ${headless}; ClusterIP in \`kz/overlays/env3\`.\n`), markdown);
    assert.match(markdown, /\n\*\*Service `db` in each kustomize overlay\*\* \(what gets applied\):\n- `db\.env0\.svc\.cluster\.local` \(headless\) in `kz\/overlays\/env0`\n/);
    assert.match(markdown, /\n- …and 4 more overlays\n/);
    assert.ok(markdown.endsWith('\n`kz/base/db.yaml` is a kustomize base of 12 overlays, not applied on its own.'), markdown);
    // The file as written (Service default/db) is never applied: no answer for it.
    assert.ok(!/default/.test(markdown), markdown);
    assert.equal(lineCount(markdown), HOVER_LINES, 'the overlay rows fill the budget and no more');
  });

  test('the serviceName, subdomain and hostname keys hover as their values do', async () => {
    for (const [file, context, key, value] of [
      ['seed.yaml', 'serviceName: nginx', 'serviceName', 'nginx'],
      ['pods.yaml', 'subdomain: peers', 'subdomain', 'peers'],
      ['pods.yaml', 'hostname: peer-1', 'hostname', 'peer-1'],
    ] as const) {
      const onKey = await hover(file, context, key);
      const onValue = await hover(file, context, value);
      assert.equal(onKey.markdown, onValue.markdown, `${key}: key and value`);
      assert.equal(onKey.hovered, context);
    }
  });

  test("a StatefulSet's serviceName: the headless Service, its pods' names, the Service's names", async () => {
    const { markdown, hovered } = await hover('seed.yaml', 'serviceName: nginx', 'nginx');
    assert.equal(hovered, 'nginx');
    assert.equal(
      markdown,
      [
        '**serviceName `nginx`** → headless Service `sts-headless/nginx`: each pod gets its own DNS name.',
        "**Per-pod names (2):** `web-0 … web-1.nginx.sts-headless.svc.cluster.local` → each pod's own IP",
        '**Names:** `nginx` in `sts-headless`, `nginx.sts-headless.svc.cluster.local` from anywhere → the IPs of the ready pods (web-0, web-1)',
        showAll('sts-headless', 'nginx', 'Show all 7 names'),
      ].join('\n\n'),
    );
  });

  test('a serviceName naming a ClusterIP Service: the Problems entry says why; the hover does not repeat it', async () => {
    const [problem] = await server.client.diagnostics(server.workspace.uri('cache.yaml'));
    assert.equal(problem?.code, 'statefulset-service-not-headless');
    const { markdown } = await hover('cache.yaml', 'serviceName: cache', 'cache');
    assert.equal(markdown.split('\n\n')[0], '**serviceName `cache`** → ClusterIP Service `default/cache`, not headless.');
    assert.match(markdown, /\*\*Per-pod names \(2\):\*\* `cache-0 … cache-1\.cache\.default\.svc\.cluster\.local` → each pod's own IP \(CoreDNS only\)/);
    assert.doesNotMatch(markdown, /Governs StatefulSet|kube-dns/, 'neither the Problems entry nor the Service caveat repeated');
  });

  test('a pod subdomain naming a headless Service gives the pod its name; a missing one says what the name would be and what is there', async () => {
    const existing = await hover('pods.yaml', 'subdomain: peers', 'peers');
    assert.equal(existing.markdown.split('\n\n')[0], '**subdomain `peers`** → headless Service `default/peers`: each pod gets its own DNS name.');
    assert.match(existing.markdown, /\*\*Per-pod names \(1\):\*\* `peer-1\.peers\.default\.svc\.cluster\.local` → each pod's own IP/);
    const missing = await hover('pods.yaml', 'subdomain: workers', 'workers');
    const [problem] = (await server.client.diagnostics(server.workspace.uri('pods.yaml'))).filter((d) => server.client.document(server.workspace.uri('pods.yaml')).getText(d.range) === 'workers');
    assert.ok(problem, 'a Problems entry on the missing subdomain');
    assert.ok(!missing.markdown.includes(problem.message), 'the hover does not repeat the Problems entry');
    assert.equal(
      missing.markdown,
      [
        '**subdomain `workers`** — no such Service in `default`.',
        '**Would give the pods:** `worker-1.workers.default.svc.cluster.local`, with a headless Service `workers` that selects them.',
        '**Services in `default`:** `db` (headless), `peers` (headless), `cache`, `web`',
      ].join('\n\n'),
    );
  });

  test("a pod's hostname: the DNS name it makes with its subdomain, or why it makes none", async () => {
    const peer = await hover('pods.yaml', 'hostname: peer-1', 'peer-1');
    assert.equal(peer.markdown, '**hostname `peer-1`** with subdomain `peers` → `peer-1.peers.default.svc.cluster.local`: the IP of pod peer');
    const worker = await hover('pods.yaml', 'hostname: worker-1', 'worker-1');
    assert.match(worker.markdown, /^\*\*hostname `worker-1`\*\* with subdomain `workers` → `worker-1\.workers\.default\.svc\.cluster\.local`: NXDOMAIN: /);
  });

  test('a workload says which Services select it and its pod names', async () => {
    const sts = await hover('seed.yaml', 'kind: StatefulSet', 'StatefulSet');
    assert.equal(sts.hovered, 'StatefulSet');
    assert.equal(
      sts.markdown,
      '**StatefulSet `sts-headless/web`** — 2 pods: `web-0`, `web-1`\n\n**Selected by:**\n- headless Service `nginx`, governing → `nginx.sts-headless.svc.cluster.local`; pod names `web-0 … web-1.nginx.sts-headless.svc.cluster.local`',
    );
    const deployment = await hover('web.yaml', 'name: web\n', 'web');
    assert.equal(deployment.markdown, '**Deployment `default/web`** — 2 pods: `web-<hash>-<id>`\n\n**Selected by:**\n- ClusterIP Service `web` → `web.default.svc.cluster.local`');
    const lonely = await hover('pods.yaml', 'name: worker', 'worker');
    assert.equal(lonely.markdown, '**Pod `default/worker`** — 1 pod: `worker`\n\n**Selected by:** no Service in `default`, so these pods have no DNS name of their own; clients need a Service that selects `app=worker`.');
    const mesh = await hover('realworld/mesh.yaml', 'name: destination', 'destination');
    assert.match(mesh.markdown, /\n- …and 2 more Services$/);
  });

  test('a host that resolves: what it answers and from where', async () => {
    const ok = await hover('web.yaml', 'web-0.nginx.sts-headless', 'nginx');
    assert.equal(ok.hovered, 'web-0.nginx.sts-headless');
    assert.equal(
      ok.markdown,
      '**`web-0.nginx.sts-headless`** resolves from namespace `default` as `web-0.nginx.sts-headless.svc.cluster.local` (A): the IP of pod web-0.\n\nResolves to the endpoint whose hostname is web-0. It exists only while pod web-0 is ready.',
    );
    const url = await hover('web.yaml', 'http://web:80', 'web');
    assert.equal(url.hovered, 'web');
    assert.match(url.markdown, /^\*\*`web`\*\* resolves from namespace `default` as `web\.default\.svc\.cluster\.local` \(A\): the Service VIP 10\.96\.0\.10\./);
  });

  test('a misspelt host: the hover does not repeat the Problems entry; it says where the name was looked up and what the near name answers', async () => {
    const uri = server.workspace.uri('web.yaml');
    const problem = (await server.client.diagnostics(uri)).find((d) => d.code === 'unresolved-host');
    assert.ok(problem, 'the Problems entry for cahce-0.cache');
    const typo = await hover('web.yaml', 'cahce-0.cache:6379', 'cahce');
    assert.equal(typo.hovered, 'cahce-0.cache');
    assert.ok(!typo.markdown.includes(problem.message), 'not the Problems message');
    assert.doesNotMatch(typo.markdown, /Did you mean|No ready endpoint/, 'nor its parts');
    assert.equal(
      typo.markdown,
      [
        '**`cahce-0.cache`** from namespace `default`: NXDOMAIN.',
        '**Looked up as:** `cahce-0.cache` + `.default.svc.cluster.local` → `.svc.cluster.local` → `.cluster.local` → as written',
        '**`cache-0.cache`** would answer: the IP of pod cache-0.',
      ].join('\n\n'),
    );
  });

  test(`every hover on every word of every fixture fits in ${HOVER_LINES} lines`, async function () {
    this.timeout(60_000);
    let hovers = 0;
    let longest = { lines: 0, where: '' };
    for (const [file, text] of Object.entries(FILES)) {
      const uri = server.workspace.uri(file);
      for (const word of text.matchAll(/[A-Za-z0-9][\w.-]*/g)) {
        const result = await server.client.hover(uri, word.index);
        if (!result) continue;
        hovers++;
        const lines = lineCount((result.contents as MarkupContent).value);
        if (lines > longest.lines) longest = { lines, where: `${file}: "${word[0]}"` };
        assert.ok(lines <= HOVER_LINES, `${lines} lines on "${word[0]}" in ${file}:\n${(result.contents as MarkupContent).value}`);
      }
    }
    assert.ok(hovers > 60, `only ${hovers} hovers: the fixtures were not hovered`);
    assert.ok(longest.lines >= 10, `the longest hover (${longest.lines} lines, ${longest.where}) does not come near the budget: the test proves little`);
  });

  test('nothing to say elsewhere, and open documents answer from their own text', async () => {
    assert.equal(await server.client.hover(server.workspace.uri('web.yaml'), offsetIn(WEB, 'image: nginx', 'image')), null);
    const edited = WEB.replace('replicas: 2', 'replicas: 5');
    const uri = await server.client.open('web.yaml', edited);
    const result = await server.client.hover(uri, offsetIn(edited, 'name: web\n', 'web'));
    assert.match((result!.contents as MarkupContent).value, /^\*\*Deployment `default\/web`\*\* — 5 pods/);
    await server.client.close(uri);
    const afterClose = await server.client.hover(uri, offsetIn(WEB, 'name: web\n', 'web'));
    assert.match((afterClose!.contents as MarkupContent).value, /^\*\*Deployment `default\/web`\*\* — 2 pods/, 'closing falls back to the disk content');
  });
});
