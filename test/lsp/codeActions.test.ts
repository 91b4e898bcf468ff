// Quick fixes over the wire: each one is requested at its diagnostic, applied to the text as an
// editor would (across files, checking document versions), and the workspace re-checked: the
// problem is gone and no new one appears. Edits keep indentation and line endings.
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { DEFAULT_CAPABILITIES, LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { stopServer } from '../support/serverFixture';
import { STATEFULSET_OF_VIP, VIP_SERVICE } from './fixtures';

const PINNED_VIP_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: cache
  spec:
    clusterIP: 10.96.0.20
    clusterIPs:
      - 10.96.0.20
    selector:
      app: cache
    ports:
      - name: redis
        port: 6379
`;

const NODEPORT_SERVICE = VIP_SERVICE.replace('spec:\n', 'spec:\n  type: NodePort\n');

const ORPHAN_STATEFULSET = STATEFULSET_OF_VIP.replace('serviceName: cache', 'serviceName: cache-peers');

const CLIENT = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app
  spec:
    selector:
      matchLabels:
        app: app
    template:
      metadata:
        labels:
          app: app
      spec:
        containers:
          - name: app
            image: busybox
            env:
              - name: CACHE_ADDR
                value: "cahce-0.cache:6379"
              - name: CACHE_FQDN
                value: cache.default.svc.cluster.lcl
`;

suite('lsp: quick fixes', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  teardown(() => stopServer(client, workspace));

  async function start(files: Record<string, string>): Promise<void> {
    workspace = new TempWorkspace(files);
    client = await LspClient.start({ workspace: workspace.root });
  }

  /** Every file's problem codes, as `file: code` lines, from the open text or the disk. */
  async function problems(): Promise<string[]> {
    const report = await client.workspaceDiagnostics();
    const files = [...new Set([...report.items.map((i) => i.uri), ...client.openUris()])].sort();
    const lines: string[] = [];
    for (const uri of files) for (const d of await client.diagnostics(uri)) lines.push(`${uri.slice(workspace.uri('').length).replace(/^\//, '')}: ${String(d.code)}`);
    return lines.sort();
  }

  /** The fixes for the first `code` diagnostic of `file`; "Suppress …" actions apart. */
  async function fixesFor(file: string, code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[]; suppressions: CodeAction[] }> {
    const uri = workspace.uri(file);
    const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === code);
    assert.ok(diagnostic, `no ${code} in ${file}`);
    const all = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    for (const action of all) {
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(action.diagnostics?.map((d) => d.code), [code], 'the action says which diagnostic it fixes');
    }
    const suppressions = all.filter((a) => a.title.startsWith(`Suppress ${code} `));
    return { diagnostic, actions: all.filter((a) => !suppressions.includes(a)), suppressions };
  }

  /** Applies the one action offered, then checks that exactly the fixed problem is gone. */
  async function applyAndRecheck(file: string, code: string, title: RegExp): Promise<CodeAction> {
    const before = await problems();
    const { actions } = await fixesFor(file, code);
    assert.equal(actions.length, 1, `one fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
    const action = actions[0]!;
    assert.match(action.title, title);
    await client.applyEdit(action.edit!);
    const expected = [...before];
    expected.splice(expected.indexOf(`${file}: ${code}`), 1);
    assert.deepEqual(await problems(), expected, 'the problem is gone and nothing new appeared');
    return action;
  }

  test('adds clusterIP: None to the Service in another file, then shows the immutability note', async () => {
    await start({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE });
    const action = await applyAndRecheck('cache.yaml', 'statefulset-service-not-headless', /^Add clusterIP: None to Service cache \(recreate it: clusterIP is immutable\) \(in services\/cache\.yaml\)$/);
    assert.equal(action.isPreferred, true);
    const edits = action.edit!.documentChanges!;
    assert.deepEqual(
      edits.map((e) => ('textDocument' in e ? [e.textDocument.uri, e.textDocument.version] : null)),
      [[workspace.uri('services/cache.yaml'), null]],
      'an unopened file is edited without a version',
    );
    assert.equal(client.document(workspace.uri('services/cache.yaml')).getText(), VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'));
    assert.ok(action.command, 'a follow-up command');
    await client.executeCommand(action.command);
    await client.waitFor(() => client.shownMessages.length > 0, 'the follow-up message');
    assert.match(client.shownMessages[0]!.message, /^clusterIP is immutable: if this Service already exists in a cluster, delete and re-create it/);
    // The same command reveals the edit: the inserted line, where it is once applied.
    await client.waitFor(() => client.shownDocuments.length > 0, 'the edit revealed');
    const shown = client.shownDocuments[0]!;
    assert.equal(shown.uri, workspace.uri('services/cache.yaml'));
    assert.equal(client.document(shown.uri).getText(shown.selection), '  clusterIP: None\n');
  });

  test('a fix that edits another file names it by the shortest unambiguous end of its workspace path', async () => {
    // Two folders hold a service.yaml: the title must say which one it edits.
    await start({ 'cache/statefulset.yaml': STATEFULSET_OF_VIP, 'cache/service.yaml': VIP_SERVICE, 'web/service.yaml': VIP_SERVICE.replace(/cache/g, 'web') });
    const action = await applyAndRecheck('cache/statefulset.yaml', 'statefulset-service-not-headless', /^Add clusterIP: None to Service cache \(recreate it: clusterIP is immutable\) \(in cache\/service\.yaml\)$/);
    assert.equal(client.document(workspace.uri('cache/service.yaml')).getText(), VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'));
    assert.deepEqual(action.command?.arguments, [{ note: action.command?.arguments?.[0]?.note, reveal: { uri: workspace.uri('cache/service.yaml'), range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } } } }]);
    // With one service.yaml in the workspace, its name alone is unambiguous.
    await stopServer(client, workspace);
    await start({ 'cache/statefulset.yaml': STATEFULSET_OF_VIP, 'cache/service.yaml': VIP_SERVICE });
    await applyAndRecheck('cache/statefulset.yaml', 'statefulset-service-not-headless', /\(in service\.yaml\)$/);
  });

  test('a client without window/showDocument gets no reveal, only the note', async () => {
    workspace = new TempWorkspace({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE });
    const capabilities = { ...DEFAULT_CAPABILITIES, window: { workDoneProgress: true, showMessage: {} } };
    client = await LspClient.start({ workspace: workspace.root, capabilities });
    const { actions } = await fixesFor('cache.yaml', 'statefulset-service-not-headless');
    const fix = actions.find((a) => a.title.startsWith('Add clusterIP: None'));
    assert.ok(fix?.command);
    assert.deepEqual(fix.command.arguments, [{ note: fix.command.arguments?.[0]?.note, reveal: null }]);
    assert.match(String(fix.command.arguments?.[0]?.note), /^clusterIP is immutable/);
  });

  test('replaces a pinned cluster IP, in an open CRLF document, keeping its line endings', async () => {
    const crlf = PINNED_VIP_SERVICE.replace(/\n/g, '\r\n');
    await start({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': crlf });
    const uri = await client.open('services/cache.yaml');
    await client.replace(uri, 'port: 6379', 'port: 6380');
    const action = await applyAndRecheck('cache.yaml', 'statefulset-service-not-headless', /^Add clusterIP: None/);
    const change = action.edit!.documentChanges![0]!;
    assert.ok('textDocument' in change);
    assert.equal(change.textDocument.version, 2, 'the edit is for the open document version');
    assert.equal(
      client.document(uri).getText(),
      crlf.replace('clusterIP: 10.96.0.20', 'clusterIP: None').replace('- 10.96.0.20', '- None').replace('port: 6379', 'port: 6380'),
    );
  });

  test('for a NodePort Service, adds a separate headless Service and points serviceName at it', async () => {
    await start({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': NODEPORT_SERVICE });
    const action = await applyAndRecheck('cache.yaml', 'statefulset-service-not-headless', /^Add headless Service cache-headless beside NodePort Service cache and use it as serviceName \(in services\/cache\.yaml\)$/);
    assert.match(client.document(workspace.uri('cache.yaml')).getText(), /\n {2}serviceName: cache-headless\n/);
    const services = client.document(workspace.uri('services/cache.yaml')).getText();
    assert.ok(services.startsWith(NODEPORT_SERVICE), 'the NodePort Service is kept');
    assert.match(services, /\n---\napiVersion: v1\nkind: Service\nmetadata:\n {2}name: cache-headless\nspec:\n {2}clusterIP: None\n/);
    assert.ok(action.command, 'serviceName is immutable: the note says so');
  });

  test('creates the missing headless Service from the pod template', async () => {
    await start({ 'cache.yaml': ORPHAN_STATEFULSET });
    await applyAndRecheck('cache.yaml', 'statefulset-service-missing', /^Create headless Service cache-peers for StatefulSet cache$/);
    assert.equal(
      client.document(workspace.uri('cache.yaml')).getText(),
      `${ORPHAN_STATEFULSET}---\n${dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: cache-peers
        spec:
          clusterIP: None
          selector:
            app: cache
          ports:
            - name: redis
              port: 6379
              targetPort: redis
      `}`,
    );
  });

  test('replaces an unresolvable host and a foreign cluster domain with what resolves', async () => {
    await start({ 'cache.yaml': STATEFULSET_OF_VIP.replace('spec:\n', 'spec:\n  clusterIP: None\n'), 'services/cache.yaml': VIP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'), 'app.yaml': CLIENT });
    await applyAndRecheck('app.yaml', 'unresolved-host', /^Replace with cache-0\.cache$/);
    await applyAndRecheck('app.yaml', 'cluster-domain-mismatch', /^Use cluster domain cluster\.local$/);
    const text = client.document(workspace.uri('app.yaml')).getText();
    assert.match(text, /value: "cache-0\.cache:6379"\n/, 'the quotes are kept');
    assert.match(text, /value: cache\.default\.svc\.cluster\.local\n/);
  });

  test('offers nothing away from a problem or for other kinds of action', async () => {
    await start({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE });
    const uri = workspace.uri('cache.yaml');
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }), []);
    const { diagnostic } = await fixesFor('cache.yaml', 'statefulset-service-not-headless');
    assert.deepEqual(await client.codeActions(uri, diagnostic.range, [diagnostic], ['source.organizeImports']), []);
    assert.equal((await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix'])).filter((a) => !a.title.startsWith('Suppress ')).length, 1);
  });

  test('suppresses a problem on its line and for its object, after the fixes', async () => {
    await start({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE });
    const uri = workspace.uri('cache.yaml');
    const { suppressions } = await fixesFor('cache.yaml', 'statefulset-service-not-headless');
    const all = (await client.codeActions(uri, (await fixesFor('cache.yaml', 'statefulset-service-not-headless')).diagnostic.range)).map((a) => a.title);
    assert.deepEqual(all.slice(-2), ['Suppress statefulset-service-not-headless on this line', 'Suppress statefulset-service-not-headless for StatefulSet cache']);
    const before = await problems();
    await client.applyEdit(suppressions[0]!.edit!);
    assert.match(client.document(uri).getText(), /\n {2}# kube-service-dns-disable-next-line statefulset-service-not-headless\n {2}serviceName: cache\n/);
    assert.deepEqual(await problems(), before.filter((p) => !/^\/?cache\.yaml: statefulset-service-not-headless$/.test(p)));
  });
});
