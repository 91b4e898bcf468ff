// Issue 15, "Also": no request waits behind one file's check. A deliberately slow file (300,000
// small documents, about 17 MB: a minute or more to read whole on a loaded 2-core machine) sits in
// the workspace; with a per-file time budget the hover on another file is answered within seconds,
// and the slow file carries a note saying where reading stopped.
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { stopServer } from '../support/serverFixture';
import { TempWorkspace } from '../support/tempWorkspace';
import { offsetIn } from '../support/textOffsets';
import { VIP_SERVICE, WEB } from './fixtures';

suite('lsp: a per-file time budget (issue 15, Also)', () => {
  let workspace: TempWorkspace | undefined;
  let client: LspClient | undefined;

  teardown(async function () {
    this.timeout(60_000);
    await stopServer(client, workspace);
  });

  test('a hover on another file is answered within seconds while a slow file is read; the slow file gets a note', async function () {
    this.timeout(180_000);
    const slow = Array.from({ length: 300_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {a: b}\n`).join('---\n');
    workspace = new TempWorkspace({ 'services/cache.yaml': VIP_SERVICE, 'web.yaml': WEB, 'slow.yaml': slow });
    const started = performance.now();
    client = await LspClient.start({ workspace: workspace.root, settings: { maxFileSize: 64 * 1024 * 1024, maxCheckTime: 500 } });
    const uri = await client.open('web.yaml', WEB);
    const hover = await client.hover(uri, offsetIn(WEB, 'http://web', 'web'));
    const ms = performance.now() - started;
    process.stdout.write(`      hover answered ${ms.toFixed(0)} ms after start, beside a ${(slow.length / 1e6).toFixed(0)} MB file\n`);
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /web\.default\.svc\.cluster\.local/);
    assert.ok(ms < 20_000, `the hover took ${ms.toFixed(0)} ms (bound 20,000 ms)`);
    const notes = (await client.diagnostics(workspace.uri('slow.yaml'))).filter((d) => d.code === 'file-skipped');
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.message, /^Partly read: reading this file took longer than the 500 ms limit per file/);
    assert.ok(notes[0]!.range.start.line > 0, 'the documents before the note were read');
  });
});
