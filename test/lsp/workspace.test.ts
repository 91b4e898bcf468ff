// The index across files: an edit in one file changes another file's diagnostics (with a refresh
// request), files created, changed, deleted and renamed on disk are followed, open documents
// shadow the disk, and excluded folders are never read.
import * as assert from 'node:assert/strict';
import { LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { stopServer } from '../support/serverFixture';
import { PODS, STATEFULSET_OF_VIP, VIP_SERVICE } from './fixtures';

const WORKERS_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: workers
  spec:
    clusterIP: None
    selector:
      app: worker
`;

suite('lsp: workspace index', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  setup(async () => {
    workspace = new TempWorkspace({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE, 'pods.yaml': PODS });
    client = await LspClient.start({ workspace: workspace.root });
  });

  teardown(() => stopServer(client, workspace));

  const codes = async (file: string): Promise<string[]> => (await client.diagnostics(workspace.uri(file))).map((d) => String(d.code));

  test('adding clusterIP: None to the Service clears the warning on the StatefulSet in another file', async () => {
    assert.deepEqual(await codes('cache.yaml'), ['statefulset-service-not-headless']);
    const uri = await client.open('services/cache.yaml');
    const refreshes = client.refreshCount;
    // An incremental change: insert one line after `spec:` (line 4).
    await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '  clusterIP: None\n' }]);
    await client.waitFor(() => client.refreshCount > refreshes, 'workspace/diagnostic/refresh after the edit');
    assert.deepEqual(await codes('cache.yaml'), []);
    // Undo: the warning comes back, from the edited document's own text.
    await client.replace(uri, '  clusterIP: None\n', '');
    assert.deepEqual(await codes('cache.yaml'), ['statefulset-service-not-headless']);
  });

  test('files created, changed and deleted on disk are followed', async () => {
    assert.deepEqual(await codes('pods.yaml'), ['subdomain-service-missing']);
    const refreshes = client.refreshCount;
    const created = workspace.write('more/workers.yml', WORKERS_SERVICE);
    await client.filesChanged([{ uri: created, type: 'created' }]);
    assert.deepEqual(await codes('pods.yaml'), [], 'a headless Service named workers now exists');
    await client.waitFor(() => client.refreshCount > refreshes, 'a refresh after the disk change');

    workspace.write('more/workers.yml', WORKERS_SERVICE.replace('name: workers', 'name: other'));
    await client.filesChanged([{ uri: created, type: 'changed' }]);
    assert.deepEqual(await codes('pods.yaml'), ['subdomain-service-missing']);

    workspace.write('more/workers.yml', WORKERS_SERVICE);
    await client.filesChanged([{ uri: created, type: 'changed' }]);
    workspace.remove('more/workers.yml');
    await client.filesChanged([{ uri: created, type: 'deleted' }]);
    assert.deepEqual(await codes('pods.yaml'), ['subdomain-service-missing']);
  });

  test('a rename (delete + create) keeps the Service, a deleted folder removes its files', async () => {
    const from = workspace.remove('services/cache.yaml');
    const to = workspace.write('services/renamed.yaml', VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'));
    await client.filesChanged([
      { uri: from, type: 'deleted' },
      { uri: to, type: 'created' },
    ]);
    assert.deepEqual(await codes('cache.yaml'), []);
    const folder = workspace.remove('services');
    await client.filesChanged([{ uri: folder, type: 'deleted' }]);
    assert.deepEqual(await codes('cache.yaml'), ['statefulset-service-missing']);
    // A folder moved in is reported as one created path; its YAML files are read.
    workspace.write('moved/in/cache.yaml', VIP_SERVICE);
    await client.filesChanged([{ uri: workspace.uri('moved'), type: 'created' }]);
    assert.deepEqual(await codes('cache.yaml'), ['statefulset-service-not-headless']);
  });

  test('open documents shadow the disk until they close', async () => {
    const uri = await client.open('services/cache.yaml', VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'));
    assert.deepEqual(await codes('cache.yaml'), []);
    // A save by another program while the document is open does not override the editor's text.
    workspace.write('services/cache.yaml', VIP_SERVICE.replace('name: cache', 'name: gone'));
    await client.filesChanged([{ uri, type: 'changed' }]);
    assert.deepEqual(await codes('cache.yaml'), []);
    await client.close(uri);
    assert.deepEqual(await codes('cache.yaml'), ['statefulset-service-missing'], 'after closing, the disk content counts');
  });
});

suite('lsp: workspace folders', () => {
  test('a folder added to the workspace is indexed, a removed one forgotten', async () => {
    const first = new TempWorkspace({ 'cache.yaml': STATEFULSET_OF_VIP });
    const second = new TempWorkspace({ 'cache-service.yaml': VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n') });
    const client = await LspClient.start({ workspace: first.root });
    try {
      const uri = first.uri('cache.yaml');
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['statefulset-service-missing']);
      await client.changeFolders([second.root]);
      assert.deepEqual(await client.diagnostics(uri), [], 'the Service in the added folder counts');
      await client.changeFolders([], [second.root]);
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['statefulset-service-missing']);
      await client.shutdown();
    } finally {
      client.dispose();
      first.dispose();
      second.dispose();
    }
  });
});

suite('lsp: excluded files', () => {
  test('files.exclude, kubeServiceDns.exclude and node_modules are never indexed', async () => {
    const workspace = new TempWorkspace({
      'cache.yaml': STATEFULSET_OF_VIP,
      'generated/cache.yaml': VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'),
      'legacy/cache.yaml': VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'),
      'node_modules/chart/cache.yaml': VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'),
    });
    const client = await LspClient.start({ workspace: workspace.root, filesExclude: { '**/generated': true, '**/*.tmp': false }, settings: { exclude: ['legacy/**'] } });
    try {
      const uri = workspace.uri('cache.yaml');
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['statefulset-service-missing'], 'no excluded Service counts');
      const report = await client.workspaceDiagnostics();
      assert.deepEqual(report.items.map((i) => i.uri), [uri]);
      // Opening an excluded file does not bring it in either.
      const excluded = await client.open('generated/cache.yaml');
      assert.deepEqual(await client.diagnostics(excluded), []);
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['statefulset-service-missing']);
      // Dropping the exclusion takes effect without a restart.
      await client.updateSettings({}, {});
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), []);
      await client.shutdown();
    } finally {
      client.dispose();
      workspace.dispose();
    }
  });
});
