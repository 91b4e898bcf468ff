// Incremental answers and open files first. In a large workspace the file in front of the user is
// answered (hover, diagnostics, pushed diagnostics) before the initial scan ends, from its folder
// and what the scan has read so far; the end of the scan refreshes diagnostics. After an edit,
// files that depend on the edited one get new diagnostics, across files and namespaces, and files
// that do not depend on it are reported `unchanged` by result id.
import * as assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { DEFAULT_CAPABILITIES, LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { stopServer } from '../support/serverFixture';
import { STATEFULSET_OF_VIP, VIP_SERVICE } from './fixtures';

/** Enough files that the scan takes far longer than answering one open file (the server answers early from 500 files). */
const FILLER_FOLDERS = 40;
const FILLER_PER_FOLDER = 60;

const WEB_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
  spec:
    selector:
      app: web
    ports:
      - port: 80
`;

const WEB_DEPLOYMENT = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
            image: nginx
            env:
              - name: PEER
                value: web.shop.svc.cluster.local
`;

function largeWorkspace(): TempWorkspace {
  const files: Record<string, string> = { 'shop/web-service.yaml': WEB_SERVICE, 'shop/web-deployment.yaml': WEB_DEPLOYMENT };
  for (let f = 0; f < FILLER_FOLDERS; f++)
    for (let i = 0; i < FILLER_PER_FOLDER; i++)
      // Each names a Service in the next folder's namespace: it resolves once that folder is read.
      files[`team-${f}/app-${i}.yaml`] =
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: team-${f}\nspec:\n  clusterIP: 10.1.${f}.${i}\n---\n` +
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${i}\n  namespace: team-${f}\ndata:\n  URL: http://app-${i}.team-${(f + 1) % FILLER_FOLDERS}.svc.cluster.local\n`;
  return new TempWorkspace(files);
}

function hoverText(hover: { contents: unknown } | null): string {
  const contents = hover?.contents as { value?: string } | undefined;
  return contents?.value ?? '';
}

suite('lsp: open files first', function () {
  this.timeout(60_000);
  let workspace: TempWorkspace;
  let client: LspClient | undefined;

  suiteSetup(() => {
    workspace = largeWorkspace();
  });

  suiteTeardown(() => workspace.dispose());

  teardown(async () => {
    await stopServer(client, undefined);
    client = undefined;
  });

  const scanEnded = (c: LspClient): boolean => c.progress.some((p) => p.value.kind === 'end');

  test('the open file gets hover and diagnostics before the scan ends, and a refresh when it ends', async () => {
    const c = (client = await LspClient.start({ workspace: workspace.root }));
    const uri = await c.open('shop/web-service.yaml');
    const text = c.document(uri).getText();
    const [hover, endedAtHover] = await c.hover(uri, text.indexOf('name: web') + 7).then((h) => [h, scanEnded(c)] as const);
    const [report, endedAtDiagnostics] = await c.documentDiagnosticReport(uri).then((r) => [r, scanEnded(c)] as const);
    assert.equal(endedAtHover, false, 'the hover was answered before the end of indexing progress');
    assert.equal(endedAtDiagnostics, false, 'the diagnostics were answered before the end of indexing progress');
    // The open file's folder is read first: the Deployment next to the Service is already known.
    assert.match(hoverText(hover), /\*\*Service `shop\/web`\*\*/);
    assert.match(hoverText(hover), /Deployment `web`/, hoverText(hover));
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.kind === 'full' ? report.items : null, []);

    await c.waitFor(() => scanEnded(c), 'the end of indexing progress', 30_000);
    const refreshes = c.refreshCount;
    await c.waitFor(() => c.refreshCount > refreshes, 'a diagnostics refresh once the scan has ended');
    // Files that are not open waited for the whole index: a host in another namespace resolves.
    const other = await c.diagnostics(workspace.uri('team-39/app-59.yaml'));
    assert.deepEqual(other, []);
    c.assertHealthy();
  });

  test('a client that cannot pull gets the open file published before the scan ends', async () => {
    const capabilities = {
      ...DEFAULT_CAPABILITIES,
      textDocument: Object.fromEntries(Object.entries(DEFAULT_CAPABILITIES.textDocument!).filter(([k]) => k !== 'diagnostic')),
      workspace: Object.fromEntries(Object.entries(DEFAULT_CAPABILITIES.workspace!).filter(([k]) => k !== 'diagnostics')),
    };
    const c = (client = await LspClient.start({ workspace: workspace.root, capabilities }));
    const uri = await c.open('shop/web-deployment.yaml', WEB_DEPLOYMENT.replace('web.shop.svc', 'webb.shop.svc'));
    await c.waitFor(() => c.published.has(uri), 'diagnostics published for the open file', 30_000);
    assert.equal(scanEnded(c), false, 'published before the end of indexing progress');
    assert.deepEqual(
      c.published.get(uri)!.diagnostics.map((d) => d.code),
      ['unresolved-host'],
    );
    await c.waitFor(() => scanEnded(c) && c.published.has(workspace.uri('team-0/app-0.yaml')), 'the whole workspace published after the scan', 30_000);
    c.assertHealthy();
  });
});

const CONSUMER = dedent`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: consumer
    namespace: web
  data:
    API: http://api.backend.svc.cluster.local:8080
`;

const API_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: api
    namespace: backend
  spec:
    clusterIP: 10.0.0.20
    ports:
      - port: 8080
`;

const UNRELATED = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: unrelated
    namespace: elsewhere
  spec:
    selector:
      app: nothing-has-this
`;

suite('lsp: incremental diagnostics', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  setup(async () => {
    workspace = new TempWorkspace({
      'cache.yaml': STATEFULSET_OF_VIP,
      'services/cache.yaml': VIP_SERVICE,
      'web/consumer.yaml': CONSUMER,
      'elsewhere/unrelated.yaml': UNRELATED,
    });
    client = await LspClient.start({ workspace: workspace.root });
  });

  teardown(() => stopServer(client, workspace));

  async function report(file: string, previous?: string): Promise<DocumentDiagnosticReport> {
    return client.documentDiagnosticReport(workspace.uri(file), previous);
  }

  function items(r: DocumentDiagnosticReport): Diagnostic[] {
    assert.equal(r.kind, 'full', 'a full report');
    return r.kind === 'full' ? r.items : [];
  }

  test('an edit updates the file that depends on it; files that do not are reported unchanged', async () => {
    const sts = await report('cache.yaml');
    assert.deepEqual(items(sts).map((d) => d.code), ['statefulset-service-not-headless']);
    const unrelated = await report('elsewhere/unrelated.yaml');
    assert.deepEqual(items(unrelated).map((d) => d.code), ['service-pods-not-in-manifests']);

    const svc = await client.open('services/cache.yaml');
    // A comment at the end changes nothing any file's problems depend on.
    const end = client.document(svc).positionAt(client.document(svc).getText().length);
    await client.change(svc, [{ range: { start: end, end }, text: '# reviewed\n' }]);
    assert.deepEqual(await report('cache.yaml', sts.resultId), { kind: 'unchanged', resultId: sts.resultId });

    await client.replace(svc, 'spec:\n', 'spec:\n  clusterIP: None\n');
    const headless = await report('cache.yaml', sts.resultId);
    assert.deepEqual(items(headless), [], 'the dependent StatefulSet file is checked again');
    assert.deepEqual(await report('elsewhere/unrelated.yaml', unrelated.resultId), { kind: 'unchanged', resultId: unrelated.resultId });

    await client.replace(svc, '  clusterIP: None\n', '');
    const again = await report('cache.yaml', headless.resultId);
    assert.deepEqual(items(again).map((d) => d.code), ['statefulset-service-not-headless']);
    assert.equal(again.kind === 'full' ? again.resultId : null, sts.resultId, 'the same diagnostics have the same result id');
  });

  test('a host name in another namespace follows the Service and the namespace it names', async () => {
    const before = await report('web/consumer.yaml');
    assert.deepEqual(items(before).map((d) => d.code), ['host-not-in-manifests'], 'namespace backend does not exist yet');

    const created = workspace.write('backend/api.yaml', API_SERVICE);
    await client.filesChanged([{ uri: created, type: 'created' }]);
    const resolved = await report('web/consumer.yaml', before.resultId);
    assert.deepEqual(items(resolved), [], 'the Service (and with it the namespace) now exists');

    const api = await client.open('backend/api.yaml');
    await client.replace(api, 'name: api', 'name: apis');
    const renamed = await report('web/consumer.yaml', resolved.kind === 'full' ? resolved.resultId : undefined);
    assert.deepEqual(items(renamed).map((d) => d.code), ['unresolved-host']);
    assert.match(items(renamed)[0]!.message, /There is no Service "api" in namespace "backend"/);

    await client.replace(api, 'namespace: backend', 'namespace: backends');
    const moved = await report('web/consumer.yaml');
    assert.deepEqual(items(moved).map((d) => d.code), ['host-not-in-manifests'], 'namespace backend is gone');
    assert.deepEqual(items(moved), items(before), 'as before the Service existed');
    await client.close(api);
    assert.deepEqual(items(await report('web/consumer.yaml')), [], 'closing the document falls back to the disk content');
  });

  test('workspace diagnostics after an edit: only the dependent file is reported in full', async () => {
    const first = await client.workspaceDiagnostics();
    const previous = first.items.map((i) => ({ uri: i.uri, value: i.kind === 'full' ? i.resultId! : i.resultId }));
    const svc = await client.open('services/cache.yaml');
    await client.replace(svc, 'spec:\n', 'spec:\n  clusterIP: None\n');
    const second = await client.workspaceDiagnostics(previous);
    const full = second.items.filter((i) => i.kind === 'full').map((i) => i.uri);
    assert.deepEqual(full, [workspace.uri('cache.yaml')]);
  });
});
