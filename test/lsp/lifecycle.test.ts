// Lifecycle over the real wire: the capabilities the server announces, its registrations and
// indexing progress, guarded handlers, and a clean shutdown with exit code 0 and nothing but
// protocol on stdout.
import * as assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { API_SERVICE } from './fixtures';
import { TempWorkspace } from '../support/tempWorkspace';
import { offsetIn } from '../support/textOffsets';

const SERVICE = API_SERVICE;

suite('lsp: lifecycle', () => {
  let workspace: TempWorkspace;
  let client: LspClient | undefined;

  setup(() => {
    workspace = new TempWorkspace({ 'a.yaml': SERVICE, 'sub/b.yml': SERVICE.replace('api', 'web'), 'node_modules/x.yaml': SERVICE });
  });

  teardown(() => {
    client?.dispose();
    client = undefined;
    workspace.dispose();
  });

  test('announces its capabilities', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    assert.deepEqual(client.initializeResult?.capabilities, {
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      completionProvider: { triggerCharacters: ['.', '/'] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      executeCommandProvider: { commands: ['kubeServiceDns.afterFix'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      diagnosticProvider: { identifier: 'kube-service-dns', interFileDependencies: true, workspaceDiagnostics: true },
    });
    assert.equal(client.initializeResult?.serverInfo?.name, 'kube-service-dns');
    await client.shutdown();
  });

  test('registers a watcher for YAML files and reports indexing progress', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    const c = client;
    await c.waitFor(() => c.progress.some((p) => p.value.kind === 'end'), 'the end of indexing progress');
    assert.deepEqual(
      c.registrations.map((r) => [r.method, r.registerOptions]),
      [['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/Kustomization' }] }]],
    );
    assert.equal(c.progressTokens.length, 1);
    const kinds = c.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.includes('report'));
    const reports = c.progress.flatMap((p) => (p.value.kind === 'report' ? [p.value.message] : []));
    assert.equal(reports.at(-1), 'Indexed 2/2 YAML files', 'node_modules is never indexed');
    assert.ok(c.progress.every((p) => p.token === c.progressTokens[0]));
    await c.shutdown();
  });

  test('answers nothing rather than failing for unknown documents', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    const missing = workspace.uri('missing.yaml');
    assert.equal(await client.hover(workspace.uri('a.yaml'), 0), null, 'a disk file without anything under the cursor');
    assert.deepEqual(await client.codeActions(missing, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
    assert.deepEqual(await client.diagnostics(missing), []);
    await client.shutdown();
  });

  test('a handler that throws logs its method and stack and answers the neutral result', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    const uri = await client.open('a.yaml');
    client.allowErrorLogs = true;
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [] } }), []);
    const errors = client.logs.filter((l) => l.type === 1).map((l) => l.message);
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^textDocument\/hover failed: TypeError: .*\n\s+at /);
    assert.match(errors[1]!, /^textDocument\/codeAction failed: TypeError: /);
    assert.ok(await client.hover(uri, offsetIn(SERVICE, 'name: api', 'api')), 'the server still answers');
    await client.shutdown();
  });

  test('works without workspace folders, progress or pull diagnostics', async () => {
    const minimal = { textDocument: { hover: { contentFormat: ['markdown'] } } } as ClientCapabilities;
    client = await LspClient.start({ workspace: workspace.root, capabilities: minimal });
    const caps = client.initializeResult?.capabilities;
    assert.equal(caps?.diagnosticProvider, undefined, 'no pull diagnostics for a client that cannot pull');
    const uri = await client.open('a.yaml');
    const hover = await client.hover(uri, offsetIn(SERVICE, 'name: api', 'api'));
    assert.ok(hover, 'hover works with default settings');
    assert.equal(client.registrations.length, 0);
    assert.equal(client.progressTokens.length, 0);
    await client.shutdown();
  });

  test('writes nothing but protocol frames to stdout, logs included, and exits with 0 after shutdown', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    const uri = await client.open('a.yaml');
    await client.hover(uri, offsetIn(SERVICE, 'name: api', 'api'));
    await client.diagnostics(uri);
    client.allowErrorLogs = true;
    await client.request('textDocument/hover', { textDocument: { uri }, position: null });
    await client.updateSettings({ clusterDomain: 'example.org' });
    await client.diagnostics(uri);
    assert.ok(client.logs.length >= 2, 'info and error logs travel as window/logMessage');
    await client.shutdown(); // checks the exit code and that every stdout byte was part of a frame
    assert.ok(client.stdoutFrames > 10);
  });

  test('exits with code 1 when told to exit without a shutdown request', async () => {
    // The protocol's rule; checked here so the 0 above means a clean shutdown, not any exit.
    client = await LspClient.start({ workspace: workspace.root });
    const code = await client.exitWithoutShutdown();
    assert.equal(code, 1);
  });
});
