// `npm run test:e2e`: both end-to-end layers, one after the other, in a real VS Code 1.100.3
// (code-server + Debian's Chromium):
//   1. the extension-host mocha suite (suite/*.test.ts) through runInCodeServer.js;
//   2. the browser-level check (browser/userJourney.ts): hover, Problems panel, quick fix,
//      with screenshots in test-artifacts/screenshots/.
// Both always run; the exit code is non-zero when either failed.
//
//   node out/test/e2e/runAll.js [--suite-only | --browser-only] [runInCodeServer options]
//
// Every other argument goes to runInCodeServer.js (--grep, --timeout, --setting, --keep,
// --verbose, ...); --keep, --verbose and --screenshot-dir also go to the browser check.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

interface Layer {
  name: string;
  script: string;
  args: string[];
}

let current: ReturnType<typeof spawn> | undefined;
let interrupted: NodeJS.Signals | undefined;
// Ctrl-C reaches the running child through the terminal's process group, and each runner
// cleans up after itself; this process only waits for it and starts nothing more. A SIGTERM
// (CI cancelling the job) is passed on.
process.on('SIGINT', () => { interrupted = 'SIGINT'; });
process.on('SIGTERM', () => { interrupted = 'SIGTERM'; current?.kill('SIGTERM'); });

function run(layer: Layer): Promise<number> {
  const started = Date.now();
  process.stderr.write(`\n[e2e:all] ${layer.name}: node ${path.relative(process.cwd(), layer.script)} ${layer.args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [layer.script, ...layer.args], { stdio: 'inherit' });
    current = child;
    child.once('error', (err) => {
      process.stderr.write(`[e2e:all] ${layer.name}: could not start: ${err.message}\n`);
      resolve(2);
    });
    child.once('exit', (code, signal) => {
      const result = code ?? (signal ? 128 + 15 : 1);
      process.stderr.write(`[e2e:all] ${layer.name}: ${result === 0 ? 'passed' : `FAILED (exit ${code ?? signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve(result);
    });
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const suiteOnly = argv.includes('--suite-only');
  const browserOnly = argv.includes('--browser-only');
  if (suiteOnly && browserOnly) throw new Error('--suite-only and --browser-only exclude each other');
  const suiteArgs = argv.filter((a) => a !== '--suite-only' && a !== '--browser-only');
  const browserArgs: string[] = [];
  for (let i = 0; i < suiteArgs.length; i++) {
    const a = suiteArgs[i]!;
    if (a === '--keep' || a === '--verbose') browserArgs.push(a);
    if (a === '--screenshot-dir' && suiteArgs[i + 1] !== undefined) browserArgs.push(a, suiteArgs[i + 1]!);
  }
  const layers: Layer[] = [];
  if (!browserOnly) layers.push({ name: 'extension-host suite', script: path.join(__dirname, 'runInCodeServer.js'), args: suiteArgs });
  if (!suiteOnly) layers.push({ name: 'browser check', script: path.join(__dirname, 'browser', 'userJourney.js'), args: browserArgs });

  const started = Date.now();
  const results: Array<[string, number]> = [];
  for (const layer of layers) {
    if (interrupted) break;
    results.push([layer.name, await run(layer)]);
  }
  if (interrupted) {
    process.stderr.write(`[e2e:all] stopped by ${interrupted}\n`);
    return interrupted === 'SIGINT' ? 130 : 143;
  }
  const failed = results.filter(([, code]) => code !== 0);
  const summary = results.map(([name, code]) => `${name} ${code === 0 ? 'passed' : `failed (exit ${code})`}`).join(', ');
  process.stderr.write(`\n[e2e:all] ${summary}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return failed.length === 0 ? 0 : failed[0]![1] || 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`[e2e:all] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
