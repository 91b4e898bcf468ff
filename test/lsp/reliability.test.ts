// Issue 15 (reliability under attack), the server's findings: each a named regression test with its
// input (generated here), the time it takes and an asserted bound that the old code broke by far.
// Times are logged so the closing note can quote them; bounds leave a wide margin for a loaded
// 2-core machine.
import * as assert from 'node:assert/strict';
import { LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { stopServer } from '../support/serverFixture';
import { TempWorkspace } from '../support/tempWorkspace';
import { VIP_SERVICE } from './fixtures';

const CONFIGMAP = dedent`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings
  data:
    URL: http://cache:6379
`;

/** Runs `work`, logs how long it took and the server's peak memory, and asserts the time bound. */
async function timed<T>(client: LspClient, what: string, boundMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  process.stdout.write(`      ${what}: ${elapsed.toFixed(0)} ms, server peak ${client.serverPeakMemoryMb() ?? '?'} MB\n`);
  assert.ok(elapsed < boundMs, `${what} took ${elapsed.toFixed(0)} ms (bound ${boundMs} ms)`);
  return result;
}

suite('lsp: reliability under attack (issue 15)', () => {
  let workspace: TempWorkspace | undefined;
  let client: LspClient | undefined;

  teardown(async () => {
    await stopServer(client, workspace);
    client = undefined;
    workspace = undefined;
  });

  // Finding 5: a 60 MB open document with a 1 MiB limit took 29 s and 4.4 GB, and one keystroke later
  // the server died of heap exhaustion. Here 40 MB, then a keystroke.
  test('regression 15.5: an open document above maxFileSize is skipped with a note, never parsed', async function () {
    this.timeout(60_000);
    workspace = new TempWorkspace({ 'cache.yaml': VIP_SERVICE });
    client = await LspClient.start({ workspace: workspace.root, settings: { maxFileSize: 1024 * 1024 } });
    const line = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n' + '  K: "http://cache:6379 http://nowhere:80"\n'.repeat(1);
    const huge = line + '  k: http://nowhere.default.svc.cluster.local:80/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(40 * 1024 * 1024 / 80);
    const uri = await client.open('huge.yaml', huge);
    const first = await timed(client, '15.5 open 40 MB + diagnostics', 15_000, () => client!.diagnostics(uri));
    assert.deepEqual(first.map((d) => d.code), ['file-skipped']);
    assert.match(first[0]!.message, /above the 1\.0 MB limit/);
    await client.change(uri, [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '#' }]);
    const second = await timed(client, '15.5 keystroke + diagnostics', 10_000, () => client!.diagnostics(uri));
    assert.deepEqual(second.map((d) => d.code), ['file-skipped']);
    const peak = client.serverPeakMemoryMb();
    if (peak !== null) assert.ok(peak < 1500, `the server peaked at ${peak} MB`);
    // The rest of the workspace is still answered.
    const small = await client.open('settings.yaml', CONFIGMAP);
    assert.deepEqual(await client.diagnostics(small), []);
  });

  // Finding 23: a client that never answered `window/workDoneProgress/create` got no answer to
  // anything, because the scan waited for the progress bar.
  test('regression 15.23: a client that never answers progress creation is still answered at once', async () => {
    workspace = new TempWorkspace({ 'cache.yaml': VIP_SERVICE, 'settings.yaml': CONFIGMAP });
    client = await LspClient.start({ workspace: workspace.root, neverAnswer: ['window/workDoneProgress/create'] });
    const uri = await client.open('settings.yaml');
    const hover = await timed(client, '15.23 first hover', 4_000, () => client!.hover(uri, CONFIGMAP.indexOf('cache:6379') + 1));
    assert.match(JSON.stringify(hover?.contents), /cache/);
    assert.ok(client.progressTokens.length > 0, 'the server did ask for a progress bar');
  });

  test('regression 15.23: a client that never answers workspace/configuration gets the defaults after a deadline', async function () {
    this.timeout(30_000);
    workspace = new TempWorkspace({ 'cache.yaml': VIP_SERVICE, 'settings.yaml': CONFIGMAP });
    client = await LspClient.start({ workspace: workspace.root, neverAnswer: ['workspace/configuration'] });
    const uri = await client.open('settings.yaml');
    const hover = await timed(client, '15.23 hover without configuration', 20_000, () => client!.hover(uri, CONFIGMAP.indexOf('cache:6379') + 1));
    assert.match(JSON.stringify(hover?.contents), /cache/);
    assert.ok(
      client.logs.some((l) => /did not answer workspace\/configuration/.test(l.message)),
      'a warning says why the defaults are used',
    );
  });
});
