// The server's cold index reads the files ahead on a reader thread once there are at least
// READ_AHEAD_MIN_FILES of them. On a generated workspace that large, every file's diagnostics must
// be what `check -f` (the CLI, its own load) reports for it: the same code, severity, position and
// message, problem for problem.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { READ_AHEAD_MIN_FILES } from '../../host/src/serverHost';
import { writeCorpus } from '../bench/corpus';
import { LspClient } from '../support/lspClient';

const CLI = path.join(__dirname, '../../../dist/cli.js');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

suite('lsp: cold index with read-ahead', function () {
  this.timeout(180_000);
  let scratch: string;
  let client: LspClient | null = null;

  suiteSetup(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'ksd-read-ahead-'));
  });
  suiteTeardown(async () => {
    await client?.shutdown();
    client?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('every file of a workspace read ahead has the diagnostics check -f reports', async () => {
    const { dir, corpus } = writeCorpus(scratch, 500);
    const workspace = path.join(dir, 'workspace');
    assert.ok(corpus.files.length >= READ_AHEAD_MIN_FILES, `${corpus.files.length} files: enough to read ahead`);
    const cli = spawnSync(process.execPath, [CLI, 'check', '-f', workspace, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const report = JSON.parse(cli.stdout) as { problems: { file: string; line: number; column: number; severity: string; code: string; message: string }[] };
    const expected = report.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`).sort();
    assert.ok(expected.length > 50, `the corpus has problems to compare (${expected.length})`);

    client = await LspClient.start({ workspace });
    const answer = await client.workspaceDiagnostics();
    const got = answer.items
      .flatMap((item) =>
        item.kind === 'full'
          ? item.items.map((d) => `${fileURLToPath(item.uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 0]} ${String(d.code)} ${d.message}`)
          : [],
      )
      .sort();
    assert.deepStrictEqual(got, expected);
  });
});
