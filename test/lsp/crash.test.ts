// If the server process dies anyway (killed, out of memory), the other side must notice at once
// rather than wait forever: the connection closes, the exit is seen, requests in flight fail, and
// the harness reports the death as a problem. The VS Code client's restart policy (restart, tell
// the user once) lives in client/src/extension.ts on top of the same close event.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { LspClient } from '../support/lspClient';
import { TempWorkspace } from '../support/tempWorkspace';
import { HEADLESS_STATEFULSET } from './fixtures';

const DEADLINE_MS = 10_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${DEADLINE_MS} ms waiting for ${what}`)), DEADLINE_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

suite('lsp: a killed server', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  setup(async () => {
    workspace = new TempWorkspace({ 'sts.yaml': HEADLESS_STATEFULSET });
    client = await LspClient.start({ workspace: workspace.root });
  });

  teardown(() => {
    client.dispose();
    workspace.dispose();
  });

  test('killing the server process is seen as an exit, a closed connection and failed requests', async () => {
    const uri = await client.open('sts.yaml');
    assert.deepEqual(await client.diagnostics(uri), [], 'the server is up and answering');
    // The harness keeps the process private; a test that kills it on purpose reaches in.
    const child = client['child'] as ChildProcess;
    // 'close': the process has exited and its stdio streams are closed (the connection saw the end).
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    const started = Date.now();
    assert.ok(child.kill('SIGKILL'));
    assert.deepEqual(await within(closed, 'the killed server to exit'), { code: null, signal: 'SIGKILL' });
    assert.equal(await within(client['exitCode'] as Promise<number | null>, 'the harness to see the exit'), null, 'the harness sees the exit');
    assert.throws(() => client.assertHealthy(), /the server closed the connection/, 'the death is a reported problem, not silence');
    // A request after the death fails at once instead of hanging.
    await assert.rejects(within(client.diagnostics(uri), 'a request to the dead server'), (error: Error) => !/timed out/.test(error.message));
    assert.ok(Date.now() - started < DEADLINE_MS, 'all of it well within the deadline');
  });
});
