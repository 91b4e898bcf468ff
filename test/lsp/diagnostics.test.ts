// Diagnostics over the wire: pulled per document with exact ranges (CRLF and surrogate pairs
// included), related information in other files, workspace reports for unopened files with
// result ids, and pushed diagnostics for clients that cannot pull.
import * as assert from 'node:assert/strict';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { DEFAULT_CAPABILITIES, LspClient } from '../support/lspClient';
import { dedent, renderSpans } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { sharedServer } from '../support/serverFixture';
import { HEADLESS_STATEFULSET, PODS, STATEFULSET_OF_VIP, VIP_SERVICE, WEB } from './fixtures';

/** CRLF line endings and emoji (UTF-16 surrogate pairs) before the diagnosed host on its line. */
const CRLF_EMOJI = dedent`
  # 🚀 deployed by CI
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: worker
  spec:
    selector:
      matchLabels:
        app: worker
    template:
      metadata:
        labels:
          app: worker
      spec:
        containers:
          - name: worker
            image: busybox
            env:
              - name: CACHE_URL
                value: "🎉🎉 redis://cahce-0.cache:6379/0"
`.replace(/\n/g, '\r\n');

const FILES: Record<string, string> = {
  'seed.yaml': HEADLESS_STATEFULSET,
  'cache.yaml': STATEFULSET_OF_VIP,
  'services/cache.yaml': VIP_SERVICE,
  'web.yaml': WEB,
  'pods.yaml': PODS,
  'crlf.yaml': CRLF_EMOJI,
};

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** The lines that carry a diagnostic, each range written into the text as «…»{code severity}. */
export function annotate(doc: TextDocument, diagnostics: readonly Diagnostic[]): string {
  const marked = renderSpans(
    doc.getText(),
    diagnostics.map((d) => ({ span: { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) }, label: `${String(d.code)} ${SEVERITY[d.severity ?? 0]}` })),
  );
  return marked
    .split(/\r?\n/)
    .filter((line) => line.includes('«'))
    .map((line) => line.trim())
    .join('\n');
}

suite('lsp: diagnostics', () => {
  const server = sharedServer(FILES);

  async function pull(file: string): Promise<{ doc: TextDocument; diagnostics: Diagnostic[] }> {
    const uri = await server.client.open(file);
    const diagnostics = await server.client.diagnostics(uri);
    const doc = server.client.document(uri);
    await server.client.close(uri);
    return { doc, diagnostics };
  }

  test('each problem has its code, source, severity and exact range', async () => {
    const web = await pull('web.yaml');
    assert.equal(annotate(web.doc, web.diagnostics), 'value: «cahce-0.cache»{unresolved-host warning}:6379');
    assert.deepEqual(web.diagnostics[0], {
      range: { start: { line: 21, character: 21 }, end: { line: 21, character: 34 } },
      severity: 2,
      code: 'unresolved-host',
      source: 'kube-service-dns',
      message: 'cahce-0.cache does not resolve from namespace default (NXDOMAIN); did you mean cache-0.cache? No ready endpoint of default/cache has the hostname "cahce-0" (known: cache-0, cache-1).',
    });
    const pods = await pull('pods.yaml');
    assert.equal(annotate(pods.doc, pods.diagnostics), 'subdomain: «workers»{subdomain-service-missing warning}');
    const seed = await pull('seed.yaml');
    assert.deepEqual(seed.diagnostics, [], 'the textbook pairing has no problem');
  });

  test('related information points at the Service that is not headless, in its own file', async () => {
    const { doc, diagnostics } = await pull('cache.yaml');
    assert.equal(annotate(doc, diagnostics), 'serviceName: «cache»{statefulset-service-not-headless warning}');
    const related = diagnostics[0]!.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0]!.location.uri, server.workspace.uri('services/cache.yaml'));
    assert.equal(related[0]!.message, 'Service default/cache');
    assert.equal(server.client.document(related[0]!.location.uri).getText(related[0]!.location.range), 'cache');
    assert.deepEqual(related[0]!.location.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } });
  });

  test('ranges count UTF-16 code units on CRLF lines after emoji', async () => {
    const { doc, diagnostics } = await pull('crlf.yaml');
    assert.equal(annotate(doc, diagnostics), 'value: "🎉🎉 redis://«cahce-0.cache»{unresolved-host warning}:6379/0"');
    // Line 19 (0-based): 14 spaces, `value: "` (8), two emoji (2 × 2 code units), a space, `redis://` (8).
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 19, character: 35 }, end: { line: 19, character: 48 } });
  });

  test('a document pull with the previous result id is answered as unchanged', async () => {
    const uri = await server.client.open('pods.yaml');
    const first = await server.client.documentDiagnosticReport(uri);
    assert.equal(first.kind, 'full');
    const second = await server.client.documentDiagnosticReport(uri, first.resultId);
    assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
    await server.client.close(uri);
  });

  test('workspace diagnostics report unopened files, then only what changed', async () => {
    const open = await server.client.open('seed.yaml');
    const report = await server.client.workspaceDiagnostics();
    const byUri = new Map(report.items.map((item) => [item.uri, item]));
    assert.deepEqual([...byUri.keys()].sort(), ['cache.yaml', 'crlf.yaml', 'pods.yaml', 'services/cache.yaml', 'web.yaml'].map((f) => server.workspace.uri(f)).sort(), 'every file but the open one');
    const cache = byUri.get(server.workspace.uri('cache.yaml')) as WorkspaceDocumentDiagnosticReport & { items: Diagnostic[] };
    assert.equal(cache.kind, 'full');
    assert.equal(cache.version, null);
    assert.deepEqual(cache.items.map((d) => d.code), ['statefulset-service-not-headless']);
    const again = await server.client.workspaceDiagnostics(report.items.map((item) => ({ uri: item.uri, value: item.resultId! })));
    assert.deepEqual(again.items.map((item) => item.kind), report.items.map(() => 'unchanged'));
    await server.client.close(open);
  });

  test('a file gone from disk gets an empty workspace report', async () => {
    const report = await server.client.workspaceDiagnostics();
    const previous = report.items.map((item) => ({ uri: item.uri, value: item.resultId! }));
    const gone = server.workspace.remove('pods.yaml');
    await server.client.filesChanged([{ uri: gone, type: 'deleted' }]);
    const after = await server.client.workspaceDiagnostics(previous);
    assert.deepEqual(after.items.find((item) => item.uri === gone), { kind: 'full', uri: gone, version: null, items: [] });
    server.workspace.write('pods.yaml', PODS);
    await server.client.filesChanged([{ uri: gone, type: 'created' }]);
  });
});

suite('lsp: pushed diagnostics (clients without pull)', () => {
  test('are published for every indexed file, and again when a file changes', async () => {
    const workspace = new TempWorkspace({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE });
    const textDocument = { ...DEFAULT_CAPABILITIES.textDocument };
    delete textDocument.diagnostic;
    const client = await LspClient.start({ workspace: workspace.root, capabilities: { ...DEFAULT_CAPABILITIES, textDocument } });
    try {
      const cache = workspace.uri('cache.yaml');
      const service = workspace.uri('services/cache.yaml');
      await client.waitFor(() => client.published.has(cache) && client.published.has(service), 'diagnostics for both files');
      assert.deepEqual(client.published.get(cache)!.diagnostics.map((d) => d.code), ['statefulset-service-not-headless']);
      assert.deepEqual(client.published.get(service)!.diagnostics, []);
      const uri = await client.open('services/cache.yaml');
      await client.replace(uri, 'spec:\n', 'spec:\n  clusterIP: None\n');
      await client.waitFor(() => client.published.get(cache)!.diagnostics.length === 0, 'the StatefulSet warning to clear');
      await client.replace(uri, 'spec:\n', 'spec:\n  type: NodePort\n');
      await client.waitFor(() => client.published.get(uri)!.diagnostics.length > 0, 'a problem in the open document');
      const published = client.published.get(uri)!;
      assert.equal(published.version, 3, 'open documents are published with their version');
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['headless-service-invalid-type', 1]]);
      await client.shutdown();
    } finally {
      client.dispose();
      workspace.dispose();
    }
  });
});
