// Entry point of the end-to-end suite, loaded by VS Code's extension host as
// `extensionTestsPath` (the folder; VS Code requires its index.js and calls run()).
// The same module serves code-server (test/e2e/runInCodeServer.ts) and
// @vscode/test-electron (test/e2e/runInElectron.ts).
//
// Environment (read in the extension host):
//   E2E_GREP   only run tests whose full title matches this regular expression.
// Under code-server the extension host does not inherit the runner's environment,
// so runInCodeServer passes E2E_GREP through the `e2e.grep` user setting instead.
/* eslint-disable no-console -- the extension host's console is how the suite reports: runInCodeServer
   receives it through codeAutomationLog, @vscode/test-electron on its stdout. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { SUITE_START_MARKER } from '../protocol';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(p);
  }
  // The navigation suite renames and edits the fixtures through the editor. Documents it opened
  // stay open in the extension host after their editors close (VS Code disposes them lazily, and an
  // open document shadows its file on disk), so it runs last and cannot mask later suites' checks.
  const runsLast = (p: string): number => (path.basename(p) === 'navigation.test.js' ? 1 : 0);
  return out.sort((a, b) => runsLast(a) - runsLast(b) || a.localeCompare(b));
}

function grepPattern(): string | undefined {
  return process.env['E2E_GREP'] || vscode.workspace.getConfiguration('e2e').get<string>('grep') || undefined;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  const grep = grepPattern();
  if (grep) mocha.grep(new RegExp(grep));
  const files = findTests(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
  for (const f of files) mocha.addFile(f);

  // runInCodeServer shows the workbench's own log lines only from this marker on.
  console.log(SUITE_START_MARKER);
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.once('end', () => {
        const s = runner.stats;
        // A closing line in the plain 'N passed, N failed' form that CI logs are read for.
        if (s) console.log(`e2e: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`);
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`);
}
