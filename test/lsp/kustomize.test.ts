// Kustomize over the wire: a hover on a Service in a base says what it becomes in each overlay,
// the host a rename leaves behind is a problem in the base file that names the overlay, with a
// quick fix right for that overlay only (checked with kubectl kustomize as the oracle), and the
// server reports exactly what `check -f` reports (files an overlay reads are not also loose files).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { kubectlBuild, requireKubectl } from '../support/kustomizeOracle';
import { LspClient } from '../support/lspClient';
import { BASE_APP, COMPONENT_OVERLAYS, renamedApiBase } from '../support/kustomizeFiles';
import { offsetIn } from '../support/textOffsets';
import { sharedServer, stopServer } from '../support/serverFixture';
import { TempWorkspace } from '../support/tempWorkspace';


const FILES: Record<string, string> = {
  'base/app.yaml': BASE_APP,
  'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\n',
  'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: dev\npatches:\n  - path: vip.yaml\n',
  'overlays/dev/vip.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: null\n',
};

suite('lsp: kustomize overlays', () => {
  const server = sharedServer(FILES);

  test('a hover on a Service in a base shows its name in each overlay, and that they disagree on headless', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const result: Hover | null = await server.client.hover(uri, offsetIn(BASE_APP, 'name: db', 'db'));
    assert.ok(result);
    const markdown = (result.contents as MarkupContent).value;
    // The base is never applied as written: the hover leads with the overlays and says so in one line.
    assert.ok(markdown.startsWith('⚠ **The overlays disagree:** ClusterIP in `overlays/dev`; headless in `overlays/prod`.\n\n**Service `db` in each kustomize overlay** (what gets applied):\n'), markdown);
    assert.ok(markdown.endsWith('\n`base/app.yaml` is a kustomize base of 2 overlays, not applied on its own.'), markdown);
    assert.ok(!markdown.includes('default'), `no answer for the file as written (default/db): ${markdown}`);
    assert.ok(markdown.includes('- `prod-db.prod.svc.cluster.local` (headless) in `overlays/prod`'), markdown);
    assert.ok(markdown.includes('- `db.dev.svc.cluster.local` (ClusterIP) in `overlays/dev`'), markdown);
    assert.match(markdown, /\*\*The overlays disagree:\*\* ClusterIP in `overlays\/dev`; headless in `overlays\/prod`\./);
  });

  test('a hover on a host in a base says what it answers in each overlay, not as written', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const result: Hover | null = await server.client.hover(uri, offsetIn(BASE_APP, 'postgres://db:5432', 'db'));
    const markdown = (result!.contents as MarkupContent).value;
    assert.match(markdown, /^\*\*`db` in each kustomize overlay\*\* \(what gets applied\):\n- in `overlays\/dev` \(from `dev`\): → .+\n- in `overlays\/prod` \(from `prod`\): \*\*NXDOMAIN\*\*\n/);
    assert.ok(markdown.endsWith('\n`base/app.yaml` is a kustomize base of 2 overlays, not applied on its own.'), markdown);
    assert.ok(!markdown.includes('default'), markdown);
  });

  test('the inlay hint after a host in a base answers per overlay, not as written', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const hints = (await server.client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } })) as { label: string; position: { line: number } }[];
    assert.deepEqual(hints.map((h) => `${h.position.line + 1}: ${h.label}`), ['50: dev → VIP db.dev · prod ✗ NXDOMAIN'], 'dev makes db a ClusterIP Service; prod renames it');
  });

  test('the Service DNS view lists a base Service as each overlay builds it, not in the default namespace the file would assume', async () => {
    type Node = { name: string; mode: string; fqdn: string; uri: string; range: { start: { line: number } }; overlay?: string };
    const tree = (await server.client.request('kubeServiceDns/serviceTree', {})) as { namespaces: { name: string; services: Node[] }[] };
    assert.deepEqual(
      tree.namespaces.map((n) => `${n.name}: ${n.services.map((s) => `${s.name} ${s.mode} (${s.overlay ?? 'as written'})`).join(', ')}`),
      ['dev: db vip (overlays/dev)', 'prod: prod-db headless (overlays/prod)'],
    );
    const prod = tree.namespaces[1]!.services[0]!;
    assert.equal(prod.fqdn, 'prod-db.prod.svc.cluster.local');
    assert.equal(prod.uri, server.workspace.uri('base/app.yaml'), 'the node opens the name where it is written');
    assert.equal(prod.range.start.line, 3);
    const markdown = (await server.client.request('kubeServiceDns/serviceNames', { namespace: 'prod', name: 'prod-db', overlay: 'overlays/prod' })) as string;
    assert.match(markdown, /^# Service prod\/prod-db\n\nAs the kustomize overlay `overlays\/prod` builds it\.\n/);
    assert.ok(markdown.includes('`prod-db-0.prod-db.prod.svc.cluster.local`'), markdown);
    assert.equal(await server.client.request('kubeServiceDns/serviceNames', { namespace: 'prod', name: 'prod-db' }), null, 'no loose file declares prod/prod-db');
    // The Service under the cursor in the base is what an overlay builds (the first by folder), as the tree lists it.
    const at = (await server.client.request('kubeServiceDns/serviceAt', { uri: server.workspace.uri('base/app.yaml'), position: { line: 3, character: 9 } })) as Node | null;
    assert.deepEqual(at && { fqdn: at.fqdn, overlay: at.overlay }, { fqdn: 'db.dev.svc.cluster.local', overlay: 'overlays/dev' });
    // A namespace an overlay builds into (the tree offers it to "Resolve a name") is answered in that overlay.
    const resolved = (await server.client.request('kubeServiceDns/resolve', { name: 'prod-db', namespace: 'prod' })) as { summary: string; markdown: string };
    assert.equal(resolved.summary, 'prod-db (A) from prod → the IPs of the ready pods (prod-db-0) (in overlay overlays/prod)');
    assert.match(resolved.markdown, /^# prod-db \(A\) from namespace prod\n\nKustomize overlays build into namespace prod: answered in each\.\n\n## In overlay `overlays\/prod`\n\n\*\*Answer:\*\* /);
  });

  test("the document link on a host in a base names the base Service, not the as-written default/db", async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const links = (await server.client.request('textDocument/documentLink', { textDocument: { uri } })) as { tooltip?: string; target?: string }[];
    assert.deepEqual(links.map((l) => l.tooltip), ['Go to the base Service db (each overlay applies its own copy)'], JSON.stringify(links));
    assert.match(links[0]!.target ?? '', /base\/app\.yaml#L\d+,\d+$/);
  });

  test('the host the prod rename leaves behind is a problem on the base value, naming the overlay', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const diagnostics = await server.client.diagnostics(uri);
    const renamed = diagnostics.filter((d) => d.code === 'kustomize-renamed-host');
    assert.equal(renamed.length, 1, JSON.stringify(diagnostics, null, 1));
    const d = renamed[0]!;
    assert.equal(server.client.document(uri).getText(d.range), 'db');
    assert.equal(d.range.start.line, 49);
    assert.match(d.message, /^In overlay overlays\/prod: db does not resolve: the overlay renames Service db to prod-db, and kustomize never rewrites host names inside values\. Use prod-db here/);
    // The dev overlay keeps the name: no problem names it.
    assert.ok(!diagnostics.some((x) => /In overlay overlays\/dev: db does not resolve/.test(x.message)), JSON.stringify(diagnostics));
  });
});

/** DATABASE_URL of Deployment `name` as `kubectl kustomize dir` builds it. */
function builtDatabaseUrl(dir: string, name: string): string {
  const deployment = kubectlBuild(dir).find((o) => (o as { kind?: string }).kind === 'Deployment' && (o as { metadata: { name: string } }).metadata.name === name);
  assert.ok(deployment, `no Deployment ${name} in ${dir}`);
  const env = (deployment as { spec: { template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } } } }).spec.template.spec.containers[0]!.env ?? [];
  return env.find((e) => e.name === 'DATABASE_URL')?.value ?? '';
}

suite('lsp: kustomize quick fix for a renamed host', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  setup(async () => {
    workspace = new TempWorkspace({
      ...FILES,
      // A base only one overlay reads: its value may be edited in place.
      'solo/base/app.yaml': BASE_APP,
      'solo/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
      'solo/overlay/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: solo-\npatches:\n  - path: replicas.yaml\n',
      'solo/overlay/replicas.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 2\n',
    });
    client = await LspClient.start({ workspace: workspace.root });
  });
  teardown(() => stopServer(client, workspace));

  async function renamedHostActions(file: string, overlay: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const uri = workspace.uri(file);
    const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'kustomize-renamed-host' && d.message.startsWith(`In overlay ${overlay}:`));
    assert.ok(diagnostic, `no kustomize-renamed-host for ${overlay} in ${file}`);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    return { diagnostic, actions };
  }

  /** Saves an edited open document, as the editor does before kubectl reads the disk. */
  function save(relative: string): void {
    workspace.write(relative, client.document(workspace.uri(relative)).getText());
  }

  test('a shared base: the fix patches the value in the overlay only; kubectl builds the new value there and the old one elsewhere', async function () {
    requireKubectl(this);
    const { actions } = await renamedHostActions('base/app.yaml', 'overlays/prod');
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => !t.startsWith('Suppress ')), ['Use prod-db in overlays/prod only: patch DATABASE_URL of Deployment web in overlays/prod/kustomization.yaml'], 'the base is shared: no in-place edit');
    const fix = actions[0]!;
    assert.equal(fix.isPreferred, true);
    await client.applyEdit(fix.edit!);
    assert.equal(
      client.document(workspace.uri('overlays/prod/kustomization.yaml')).getText(),
      FILES['overlays/prod/kustomization.yaml'] +
        'patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        template:\n          spec:\n' +
        '            containers:\n              - name: web\n                env:\n                  - name: DATABASE_URL\n                    value: "postgres://prod-db:5432/shop"\n',
    );
    const after = await client.diagnostics(workspace.uri('base/app.yaml'));
    assert.deepEqual(after.filter((d) => d.code === 'kustomize-renamed-host').map((d) => d.message), [], 'the problem is gone');
    save('overlays/prod/kustomization.yaml');
    assert.equal(builtDatabaseUrl(workspace.path('overlays/prod'), 'prod-web'), 'postgres://prod-db:5432/shop');
    assert.equal(builtDatabaseUrl(workspace.path('overlays/dev'), 'web'), 'postgres://db:5432/shop', 'the other overlay keeps its value');
  });

  test('a base one overlay reads: the in-place edit names the file it edits; kubectl builds the new value', async function () {
    requireKubectl(this);
    const { actions } = await renamedHostActions('solo/base/app.yaml', 'solo/overlay');
    const inPlace = actions.find((a) => a.title === 'Use solo-db in solo/base/app.yaml (only solo/overlay reads it)');
    assert.ok(inPlace, actions.map((a) => a.title).join('\n'));
    assert.ok(actions.some((a) => a.title.startsWith('Use solo-db in solo/overlay only: patch DATABASE_URL')), 'the patch is offered too');
    await client.applyEdit(inPlace.edit!);
    assert.ok(client.document(workspace.uri('solo/base/app.yaml')).getText().includes('value: postgres://solo-db:5432/shop\n'));
    const after = await client.diagnostics(workspace.uri('solo/base/app.yaml'));
    assert.deepEqual(after.filter((d) => d.code === 'kustomize-renamed-host').map((d) => d.message), []);
    save('solo/base/app.yaml');
    assert.equal(builtDatabaseUrl(workspace.path('solo/overlay'), 'solo-web'), 'postgres://solo-db:5432/shop');
  });
});

suite('lsp: suppressing an overlay problem', () => {
  let workspace: TempWorkspace;
  let client: LspClient;
  setup(async () => {
    workspace = new TempWorkspace(FILES);
    client = await LspClient.start({ workspace: workspace.root });
  });
  teardown(() => stopServer(client, workspace));

  test('"Suppress on this line" on the base line silences the overlay problem', async () => {
    const uri = workspace.uri('base/app.yaml');
    const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'kustomize-renamed-host');
    assert.ok(diagnostic);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    const suppress = actions.find((a) => a.title === 'Suppress kustomize-renamed-host on this line');
    assert.ok(suppress, actions.map((a) => a.title).join('\n'));
    await client.applyEdit(suppress.edit!);
    assert.ok(client.document(uri).getText().includes('            # kube-service-dns-disable-next-line kustomize-renamed-host\n              value: postgres://db:5432/shop\n'));
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['statefulset-service-not-headless'], 'only the dev overlay problem on another line is left');
  });

  test("the annotation on an overlay's kustomization silences that overlay only", async () => {
    const uri = workspace.uri('base/app.yaml');
    assert.ok((await client.diagnostics(uri)).some((d) => d.code === 'kustomize-renamed-host'));
    await client.open('overlays/prod/kustomization.yaml', `metadata:\n  name: prod\n  annotations:\n    kube-service-dns.io/disable: kustomize-renamed-host\n${FILES['overlays/prod/kustomization.yaml']!}`);
    const after = await client.diagnostics(uri);
    assert.deepEqual(after.filter((d) => d.code === 'kustomize-renamed-host'), []);
    assert.ok(after.some((d) => d.code === 'statefulset-service-not-headless' && d.message.startsWith('In overlay overlays/dev:')), 'the dev overlay still reports its own');
  });
});

/** A loose file beside the kustomizations: it names the base's Service as if the base were applied as written. */
const LOOSE_CLIENT = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
    - name: client
      image: busybox
      env:
        - name: DB
          value: db:5432
`;

suite('lsp: kustomize, the server and check -f agree', () => {
  // The prod overlay's kustomization is the extension-less `Kustomization`: a root for both.
  const { ['overlays/prod/kustomization.yaml']: prod, ...others } = FILES;
  // The base has a suppression comment with an unknown code: its hint is the file's own, reported once.
  const base = BASE_APP.replace('image: postgres', 'image: postgres  # kube-service-dns-disable-line no-such-code');
  const server = sharedServer({ ...others, 'base/app.yaml': base, 'overlays/prod/Kustomization': prod!, 'loose/client.yaml': LOOSE_CLIENT });

  test('same problems, same places: files an overlay reads are checked through it, not also as loose files in default', async () => {
    const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
    const report = await server.client.workspaceDiagnostics();
    const fromServer = report.items.flatMap((item) =>
      'items' in item
        ? item.items.map((d) => {
            const file = path.relative(server.workspace.root, fileURLToPath(item.uri)).split(path.sep).join('/');
            return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity ?? 0]} ${String(d.code)} ${d.message}`;
          })
        : [],
    );
    const cli = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'check', '-f', '.', '--format', 'json'], { cwd: server.workspace.root, encoding: 'utf8', timeout: 60_000 });
    const fromCli = (JSON.parse(cli.stdout) as { problems: { file: string; line: number; column: number; severity: string; code: string; message: string }[] }).problems.map(
      (p) => `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`,
    );
    assert.deepEqual([...new Set(fromServer)].sort(), [...new Set(fromCli)].sort());
    assert.ok(fromServer.some((p) => /^base\/app\.yaml:50:33: warning kustomize-renamed-host In overlay overlays\/prod: /.test(p)), fromServer.join('\n'));
    for (const reported of [fromServer, fromCli]) assert.equal(reported.filter((p) => p.startsWith('base/app.yaml:30:60: hint suppression-unknown-code')).length, 1, reported.join('\n'));
    // What used to differ: the loose file sees no `db` in default, and the dev patch is no Service of its own.
    assert.ok(fromServer.some((p) => p.startsWith('loose/client.yaml:11:18: info host-not-in-manifests db is not declared')), fromServer.join('\n'));
    assert.ok(!fromServer.some((p) => p.startsWith('overlays/dev/vip.yaml')), fromServer.join('\n'));
  });
});

/** A base whose client names its Services as the overlay renames them wrongly, and a value only right through the overlay. */
const RENAMED_BASE = renamedApiBase('', 'http://api-0.api-headless:8080', '"--host=api", "--peer=prod-api.prod"');

suite('lsp: kustomize, a base is answered through its overlays only', () => {
  const server = sharedServer({
    'base/app.yaml': RENAMED_BASE,
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\n',
  });

  test("no problem for the file as written: `prod-api.prod` resolves in the overlay (namespace prod exists only there; the base is never applied in default)", async () => {
    const diagnostics = await server.client.diagnostics(server.workspace.uri('base/app.yaml'));
    const doc = server.client.document(server.workspace.uri('base/app.yaml'));
    assert.ok(!diagnostics.some((d) => doc.getText(d.range).includes('prod-api.prod') || !d.message.startsWith('In overlay overlays/prod: ')), JSON.stringify(diagnostics, null, 1));
  });

  test("a renamed StatefulSet pod's name and a bare --host are kustomize-renamed-host, each with the rewritten name as the fix", async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const diagnostics = (await server.client.diagnostics(uri)).filter((d) => d.code === 'kustomize-renamed-host');
    const doc = server.client.document(uri);
    assert.deepEqual(diagnostics.map((d) => doc.getText(d.range)).sort(), ['api', 'api-0.api-headless']);
    const pod = diagnostics.find((d) => doc.getText(d.range) === 'api-0.api-headless')!;
    assert.equal(doc.offsetAt(pod.range.start), offsetIn(RENAMED_BASE, 'http://api-0.api-headless', 'api-0'));
    assert.match(pod.message, /^In overlay overlays\/prod: api-0\.api-headless does not resolve: the overlay renames Service api-headless to prod-api-headless, and kustomize never rewrites host names inside values\. Use prod-api-0\.prod-api-headless here/);
    const podFixes = (await server.client.codeActions(uri, pod.range, [pod])).map((a) => a.title);
    assert.ok(podFixes.includes('Use prod-api-0.prod-api-headless in overlays/prod only: patch API_URL of Deployment client in overlays/prod/kustomization.yaml'), podFixes.join('\n'));
    const flag = diagnostics.find((d) => doc.getText(d.range) === 'api')!;
    assert.equal(doc.offsetAt(flag.range.start), offsetIn(RENAMED_BASE, '--host=api', 'api'));
    assert.match(flag.message, /Use prod-api here/);
    const flagFixes = (await server.client.codeActions(uri, flag.range, [flag])).map((a) => a.title);
    assert.ok(flagFixes.some((t) => t.startsWith('Use prod-api in overlays/prod only: patch args of Deployment client')), flagFixes.join('\n'));
  });
});

suite('lsp: kustomize, a file applied both as written and through an overlay', () => {
  // legacy/ cannot be built (a replacement with options), so it applies its raw files, base/app.yaml among them; prod builds.
  const base = BASE_APP.replace('              value: postgres://db:5432/shop\n', '              value: postgres://db:5432/shop\n            - name: CACHE_HOST\n              value: redis\n');
  const server = sharedServer({
    ...FILES,
    'base/app.yaml': base,
    'legacy/kustomization.yaml':
      'resources:\n  - ../base\nreplacements:\n  - source:\n      kind: Service\n      name: db\n    targets:\n      - select:\n          kind: Deployment\n        fieldPaths:\n          - metadata.name\n        options:\n          delimiter: "-"\n',
  });

  test('the hover keeps both views, labelled; the diagnostics keep the as-written problems beside the overlay ones', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const result: Hover | null = await server.client.hover(uri, offsetIn(BASE_APP, 'name: db', 'db'));
    const markdown = (result!.contents as MarkupContent).value;
    assert.match(markdown, /\*\*Service `default\/db`\*\* as written \(a kustomization that cannot be built applies this file as is\) — /);
    assert.match(markdown, /\*\*Also in kustomize overlays\*\* \(what gets applied\):\n- `db\.dev\.svc\.cluster\.local` \(ClusterIP\) in `overlays\/dev`\n- `prod-db\.prod\.svc\.cluster\.local` \(headless\) in `overlays\/prod`/);
    assert.ok(!markdown.includes('not applied on its own'), markdown);
    const diagnostics = await server.client.diagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'kustomize-renamed-host' && d.message.startsWith('In overlay overlays/prod: ')), JSON.stringify(diagnostics));
    // The raw file is checked as written too: `redis` is reported once unprefixed, and once per overlay.
    const doc = server.client.document(uri);
    const redis = diagnostics.filter((d) => doc.getText(d.range) === 'redis').map((d) => (d.message.startsWith('In overlay ') ? d.message.slice(0, d.message.indexOf(':')) : 'as written'));
    assert.deepEqual(redis.sort(), ['In overlay overlays/dev', 'In overlay overlays/prod', 'as written'], JSON.stringify(diagnostics, null, 1));
    const legacyNote = await server.client.diagnostics(server.workspace.uri('legacy/kustomization.yaml'));
    assert.ok(legacyNote.some((d) => d.code === 'kustomize-not-built' && /replacements/.test(d.message)), JSON.stringify(legacyNote));
  });
});

suite('lsp: kustomize, overlays applied together', () => {
  const server = sharedServer(COMPONENT_OVERLAYS);

  test("a host another overlay builds into the same namespace is a note naming that overlay, never between alternatives of one base; the server and check -f agree", async () => {
    const report = await server.client.workspaceDiagnostics();
    const fromServer = report.items.flatMap((item) =>
      'items' in item ? item.items.map((d) => `${path.relative(server.workspace.root, fileURLToPath(item.uri)).split(path.sep).join('/')}:${d.range.start.line + 1}: ${String(d.code)} ${d.message}`) : [],
    );
    const cli = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'check', '-f', '.', '--format', 'json'], { cwd: server.workspace.root, encoding: 'utf8', timeout: 60_000 });
    const fromCli = (JSON.parse(cli.stdout) as { problems: { file: string; line: number; code: string; message: string }[] }).problems.map((p) => `${p.file}:${p.line}: ${p.code} ${p.message}`);
    assert.deepEqual([...new Set(fromServer)].sort(), [...new Set(fromCli)].sort());
    assert.deepEqual(fromCli, [
      'frontend/base/app.yaml:19: host-not-in-manifests In overlay frontend/overlays/prod: backend is not declared in these manifests: overlay backend/overlays/prod builds Service shop/backend, so it resolves from namespace shop when that overlay is applied too.',
      // In a block scalar (mapped back as a whole) the misspelt host keeps its warning beside backend's note.
      'frontend/base/app.yaml:25: unresolved-host In overlay frontend/overlays/prod: bakend does not resolve from namespace shop (NXDOMAIN): There is no Service "bakend" in namespace "shop".',
      'frontend/base/app.yaml:25: host-not-in-manifests In overlay frontend/overlays/prod: backend is not declared in these manifests: overlay backend/overlays/prod builds Service shop/backend, so it resolves from namespace shop when that overlay is applied too.',
      // A pod off cluster DNS reaches no overlay's Service.
      'frontend/base/app.yaml:34: unresolved-host In overlay frontend/overlays/prod: backend does not resolve from namespace shop (NXDOMAIN): This pod does not use cluster DNS (dnsPolicy: Default, or hostNetwork without dnsPolicy: ClusterFirstWithHostNet), so cluster names do not resolve from it.',
      // staging is an alternative to prod: no overlay builds a backend in shop-staging.
      'frontend/base/app.yaml:19: unresolved-host In overlay frontend/overlays/staging: backend does not resolve from namespace shop-staging (NXDOMAIN): There is no Service "backend" in namespace "shop-staging".',
      'frontend/base/app.yaml:25: unresolved-host In overlay frontend/overlays/staging: bakend does not resolve from namespace shop-staging (NXDOMAIN): There is no Service "bakend" in namespace "shop-staging".',
      'frontend/base/app.yaml:25: unresolved-host In overlay frontend/overlays/staging: backend does not resolve from namespace shop-staging (NXDOMAIN): There is no Service "backend" in namespace "shop-staging".',
      'frontend/base/app.yaml:34: unresolved-host In overlay frontend/overlays/staging: backend does not resolve from namespace shop-staging (NXDOMAIN): This pod does not use cluster DNS (dnsPolicy: Default, or hostNetwork without dnsPolicy: ClusterFirstWithHostNet), so cluster names do not resolve from it.',
      // dev and prod of one base are alternatives (same namespace, one cluster each): dev's cache does not excuse prod.
      'web/base/app.yaml:12: unresolved-host In overlay web/overlays/prod: cache does not resolve from namespace web (NXDOMAIN): There is no Service "cache" in namespace "web".',
    ]);
  });
});

suite('lsp: kustomize, a fallen-back kustomization whose vars change', () => {
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n          args: ["--db-host=$(MYSQL_SERVICE)"]\n';
  const KUSTOMIZATION = 'resources:\n  - web.yaml\nvars:\n  - name: MYSQL_SERVICE\n    objref:\n      kind: Service\n      name: mysql\n      apiVersion: v1\n';
  const server = sharedServer({ 'app/kustomization.yaml': KUSTOMIZATION, 'app/web.yaml': DEPLOYMENT });

  test('renaming the var reports $(MYSQL_SERVICE) at once, and renaming it back silences it (no stale result)', async () => {
    const web = server.workspace.uri('app/web.yaml');
    const unresolved = async () => (await server.client.diagnostics(web)).filter((d) => d.code === 'unresolved-host').length;
    assert.equal(await unresolved(), 0, 'the var explains $(MYSQL_SERVICE)');
    const kustomization = await server.client.open('app/kustomization.yaml');
    await server.client.replace(kustomization, 'name: MYSQL_SERVICE', 'name: DB_SERVICE');
    assert.equal(await unresolved(), 1, 'no var explains it any more');
    await server.client.replace(kustomization, 'name: DB_SERVICE', 'name: MYSQL_SERVICE');
    assert.equal(await unresolved(), 0, 'explained again');
  });
});
