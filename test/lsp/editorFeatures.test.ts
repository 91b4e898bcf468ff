// Completion, symbols, code lens, document links and inlay hints over the wire, on the linked
// workspace (headless Service data/db governing StatefulSet db, clients in app in every host form).
import * as assert from 'node:assert/strict';
import type { CodeLens, CompletionItem, CompletionList, DocumentLink, DocumentSymbol, InlayHint, TextEdit, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { dedent } from '../support/markedText';
import { sharedServer } from '../support/serverFixture';
import { LINKED } from './fixtures';

const EXTRA = {
  'app/cache.yaml': dedent`
    apiVersion: v1
    kind: Service
    metadata:
      name: cache
      namespace: app
    spec:
      type: ClusterIP
      clusterIP: 10.96.0.30
      selector:
        app: cache
      ports:
        - port: 6379
  `,
  'app/nothing.yaml': dedent`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
      namespace: app
    data:
      GREETING: hello
      BROKEN_HOST: dbb.data
  `,
};
const FILES: Record<string, string> = { ...LINKED, ...EXTRA };

suite('lsp: completion, symbols, code lens, document links, inlay hints', () => {
  const server = sharedServer(FILES);

  /** Opens `file` with `text` and completes at the first `|` (removed from the text). */
  async function complete(file: string, marked: string): Promise<CompletionItem[]> {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    const uri = await server.client.open(file, text);
    try {
      const result = (await server.client.request('textDocument/completion', { textDocument: { uri }, position: server.client.document(uri).positionAt(offset) })) as CompletionList | CompletionItem[] | null;
      return Array.isArray(result) ? result : (result?.items ?? []);
    } finally {
      await server.client.close(uri);
    }
  }

  function sorted(items: CompletionItem[]): CompletionItem[] {
    return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  }

  test('completion in serviceName and subdomain: the namespace\'s Services, headless first', async () => {
    const sts = FILES['data/postgres.yaml']!.replace('serviceName: db', 'serviceName: |');
    const items = sorted(await complete('data/postgres.yaml', sts));
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['db', 'headless Service']]);
    const inApp = sorted(await complete('data/backup2.yaml', FILES['data/backup.yaml']!.replace('namespace: data', 'namespace: app').replace('subdomain: db', 'subdomain: ca|')));
    assert.deepEqual(inApp.map((i) => i.label), ['cache', 'db'], 'both ClusterIP Services of app, by name');
    const edit = inApp[0]!.textEdit as TextEdit;
    assert.deepEqual([edit.range.start.character, edit.range.end.character], [13, 15], 'replaces what was typed');
  });

  test('completion of hosts in env values: resolving names in the form typed, with what they answer', async () => {
    const base = FILES['app/client.yaml']!;
    const short = await complete('app/client.yaml', base.replace('value: db\n', 'value: |\n'));
    const labels = short.map((i) => i.label);
    assert.ok(labels.includes('cache') && labels.includes('db'), `same-namespace Services by their short name: ${labels.join(', ')}`);
    assert.ok(labels.includes('db.data'), 'other namespaces with .ns');
    assert.ok(labels.includes('db-0.db.data'), 'per-pod names of headless Services');
    const detail = (label: string, items: CompletionItem[]) => items.find((i) => i.label === label)?.detail;
    assert.equal(detail('cache', short), '→ VIP cache.app');
    assert.equal(detail('db.data', short), '→ 3 pod IPs');
    assert.equal(detail('db-0.db.data', short), '→ pod db-0');
    const svc = await complete('app/client.yaml', base.replace('value: db.data.svc.cluster.local', 'value: db.data.svc|'));
    assert.ok(svc.some((i) => i.label === 'db.data.svc') && svc.some((i) => i.label === 'cache.app.svc'), 'the .svc form');
    const fqdn = await complete('app/client.yaml', base.replace('value: db.data.svc.cluster.local', 'value: db.data.svc.cl|uster.local'));
    const item = fqdn.find((i) => i.label === 'db.data.svc.cluster.local');
    assert.ok(item, 'the FQDN form');
    const edit = item.textEdit as TextEdit;
    assert.equal(edit.range.end.character - edit.range.start.character, 'db.data.svc.cluster.local'.length, 'the whole host is replaced');
    const url = await complete('app/client.yaml', base.replace('postgres://db.data.svc:5432', 'postgres://db.da|ta.svc:5432'));
    assert.ok(url.some((i) => i.label === 'db.data'), 'inside a URL');
  });

  test('completion of clusterIP and type in a Service; nothing on other keys', async () => {
    const svc = FILES['app/cache.yaml']!;
    assert.deepEqual((await complete('app/cache.yaml', svc.replace('clusterIP: 10.96.0.30', 'clusterIP: |'))).map((i) => i.label), ['None']);
    assert.deepEqual((await complete('app/cache.yaml', svc.replace('type: ClusterIP', 'type: |'))).map((i) => i.label), ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
    assert.deepEqual(await complete('app/cache.yaml', svc.replace('app: cache\n  ports', 'app: ca|che\n  ports')), []);
  });

  test('document symbols: Services and workloads in file order; workspace symbols by name or FQDN', async () => {
    const uri = server.workspace.uri('data/postgres.yaml');
    const symbols = (await server.client.request('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['db', 'Service · headless · db.data.svc.cluster.local'], ['db', 'StatefulSet · data']]);
    const byFqdn = (await server.client.request('workspace/symbol', { query: 'db.data.svc.cluster.local' })) as WorkspaceSymbol[];
    assert.deepEqual(byFqdn.map((s) => s.name), ['db.data.svc.cluster.local']);
    const byName = (await server.client.request('workspace/symbol', { query: 'cache' })) as WorkspaceSymbol[];
    assert.deepEqual(byName.map((s) => `${s.name} ${s.containerName}`), ['cache.app.svc.cluster.local Service · ClusterIP']);
  });

  test('code lens on each Service: mode, pods, names, references; the click shows the references', async () => {
    const uri = server.workspace.uri('data/postgres.yaml');
    const lenses = (await server.client.request('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.equal(lenses.length, 1);
    const lens = lenses[0]!;
    assert.equal(lens.range.start.line, 3);
    assert.match(lens.command!.title, /^headless · 3 pods · \d+ names · referenced 9×$/);
    assert.equal(lens.command!.command, 'kubeServiceDns.showReferences');
    const [lensUri, position, locations] = lens.command!.arguments as [string, unknown, unknown[]];
    assert.equal(lensUri, uri);
    assert.deepEqual(position, { line: 3, character: 8 });
    assert.equal(locations.length, 9);
    const cache = (await server.client.request('textDocument/codeLens', { textDocument: { uri: server.workspace.uri('app/cache.yaml') } })) as CodeLens[];
    assert.equal(cache[0]!.command!.title, 'ClusterIP · 0 pods · 2 names · not referenced');
  });

  test('document links: an in-cluster host links to its Service, a URL as a whole; a failing host does not link', async () => {
    const uri = server.workspace.uri('app/client.yaml');
    const doc = server.client.document(uri);
    const links = (await server.client.request('textDocument/documentLink', { textDocument: { uri } })) as DocumentLink[];
    const target = `${server.workspace.uri('data/postgres.yaml')}#L4,9`;
    assert.deepEqual(
      links.map((l) => [doc.getText(l.range), l.target]),
      [
        ['db.data', target],
        ['postgres://db.data.svc:5432/app?sslmode=disable', target],
        ['db.data.svc.cluster.local', target],
        ['db-0.db.data.svc.cluster.local', target],
        ['db-1.db.data', target],
        ['db', `${server.workspace.uri('app/db.yaml')}#L4,9`],
      ],
    );
    const none = (await server.client.request('textDocument/documentLink', { textDocument: { uri: server.workspace.uri('app/nothing.yaml') } })) as DocumentLink[];
    assert.deepEqual(none, []);
  });

  test('inlay hints: what each host answers, or that it fails; only in the range asked', async () => {
    const uri = server.workspace.uri('app/client.yaml');
    const all = (await server.client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } })) as InlayHint[];
    assert.deepEqual(
      all.map((h) => `${h.position.line}:${h.label as string}`),
      ['19:→ 3 pod IPs', '21:→ 3 pod IPs', '23:→ 3 pod IPs', '25:→ pod db-0', '27:→ pod db-1', '29:→ VIP db.app'],
    );
    assert.equal(all[0]!.position.character, FILES['app/client.yaml']!.split('\n')[19]!.length, 'after the host');
    const some = (await server.client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 24, character: 0 }, end: { line: 26, character: 0 } } })) as InlayHint[];
    assert.deepEqual(some.map((h) => h.position.line), [25]);
    const failing = (await server.client.request('textDocument/inlayHint', { textDocument: { uri: server.workspace.uri('app/nothing.yaml') }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })) as InlayHint[];
    assert.deepEqual(failing.map((h) => h.label), ['✗ NXDOMAIN']);
  });
});
