// Runs the extension-host mocha suite (out/test/e2e/suite) inside a real VS Code 1.100.3:
// code-server serves the workbench, Debian's Chromium (driven by playwright-core) loads it
// with the `payload` URL parameter that @vscode/test-web uses, and the workbench reports
// the suite's console output and exit code through codeAutomationLog/codeAutomationExit.
//
//   node out/test/e2e/runInCodeServer.js [options]
//
// Options (each also settable by the environment variable in brackets):
//   --extension PATH   extension under development        [E2E_EXTENSION_PATH]  default: repo root
//   --tests PATH       folder (or file) exporting run()    [E2E_TESTS_PATH]      default: out/test/e2e/suite
//   --workspace PATH   folder to open; copied to a temp dir first  [E2E_WORKSPACE]  default: test/fixtures/workspaces/e2e
//   --timeout SECONDS  whole-run limit                    [E2E_TIMEOUT]         default: 300
//   --grep REGEX       only tests whose title matches     [E2E_GREP]
//   --setting KEY=JSON extra user setting (repeatable), e.g. --setting 'editor.hover.delay=100'
//   --screenshot-dir   where a screenshot goes on failure [E2E_SCREENSHOT_DIR]  default: test-artifacts/screenshots
//   --keep             keep the temp dir (user data, logs, workspace copy)
//   --verbose          echo code-server's own output
//
// Exit code: the suite's (0 = all passed), or 2 for a setup failure or timeout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { KNOWN_NOISE, SUITE_START_MARKER } from './protocol';
import { REPO_ROOT, launchChromium, startCodeServer, type CodeServer } from './codeServer';
import type { Browser, Page } from 'playwright-core';

interface Options {
  extension: string;
  tests: string;
  workspace: string;
  timeoutMs: number;
  grep: string | undefined;
  settings: Record<string, unknown>;
  screenshotDir: string;
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const env = process.env;
  const o: Options = {
    extension: env['E2E_EXTENSION_PATH'] ?? REPO_ROOT,
    tests: env['E2E_TESTS_PATH'] ?? path.join(REPO_ROOT, 'out', 'test', 'e2e', 'suite'),
    workspace: env['E2E_WORKSPACE'] ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'e2e'),
    timeoutMs: Number(env['E2E_TIMEOUT'] ?? 300) * 1000,
    grep: env['E2E_GREP'] || undefined,
    settings: {},
    screenshotDir: env['E2E_SCREENSHOT_DIR'] ?? path.join(REPO_ROOT, 'test-artifacts', 'screenshots'),
    keep: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--extension': o.extension = value(); break;
      case '--tests': o.tests = value(); break;
      case '--workspace': o.workspace = value(); break;
      case '--timeout': o.timeoutMs = Number(value()) * 1000; break;
      case '--grep': o.grep = value(); break;
      case '--screenshot-dir': o.screenshotDir = value(); break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      case '--setting': {
        const kv = value();
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`--setting expects KEY=JSON, got ${kv}`);
        const raw = kv.slice(eq + 1);
        let parsed: unknown;
        try { parsed = JSON.parse(raw); } catch { parsed = raw; }
        o.settings[kv.slice(0, eq)] = parsed;
        break;
      }
      case '-h': case '--help':
        process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  if (!Number.isFinite(o.timeoutMs) || o.timeoutMs <= 0) throw new Error('--timeout must be a positive number of seconds');
  o.extension = path.resolve(o.extension);
  o.tests = path.resolve(o.tests);
  o.workspace = path.resolve(o.workspace);
  if (!fs.existsSync(path.join(o.extension, 'package.json'))) throw new Error(`no package.json in extension folder ${o.extension}`);
  const testsEntry = fs.existsSync(o.tests) && fs.statSync(o.tests).isDirectory() ? path.join(o.tests, 'index.js') : o.tests;
  if (!fs.existsSync(testsEntry)) throw new Error(`tests entry ${testsEntry} not found; compile first: npx tsc -b test/e2e`);
  if (!fs.existsSync(o.workspace)) throw new Error(`workspace ${o.workspace} not found`);
  return o;
}

class Timeout extends Error {}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const t = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const info = (msg: string): void => { process.stderr.write(`[e2e ${t()}] ${msg}\n`); };

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closeWorkbenchLog = async (): Promise<void> => undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    info(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  // Memoised: the signal handler and the finally block share one cleanup.
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      if (timer) clearTimeout(timer);
      await browser?.close().catch(() => undefined);
      await closeWorkbenchLog();
      await server?.stop().catch((e: unknown) => info(`stopping code-server: ${String(e)}`));
    })();
    return cleaning;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const settings: Record<string, unknown> = { ...opts.settings };
    if (opts.grep) settings['e2e.grep'] = opts.grep;
    server = await startCodeServer({
      workspace: opts.workspace,
      copyWorkspace: true,
      settings,
      env: opts.grep ? { E2E_GREP: opts.grep } : {},
      verbose: opts.verbose,
      keepTemp: opts.keep,
    });
    info(`code-server on ${server.origin}, workspace copy ${server.workspace}${opts.keep ? `, temp ${server.tempDir}` : ''}`);

    browser = await launchChromium({ handleSignals: false });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    const workbenchLog = fs.createWriteStream(path.join(server.tempDir, 'workbench.log'));
    closeWorkbenchLog = () => new Promise<void>((r) => workbenchLog.end(r));
    let resolveExit!: (code: number) => void;
    const suiteExit = new Promise<number>((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      resolveExit(typeof code === 'number' ? code : Number(code) || 1);
    });
    // Everything the workbench logs (its own boot, the extension host's console, mocha's
    // reporter) arrives here as (level, [format, ...args]). Until the suite prints its start
    // marker, informational lines are the workbench booting: they go to the log file only
    // (or to stderr with --verbose); warnings and errors are shown unless known noise.
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const parts = Array.isArray(args) ? (args as unknown[]) : [args];
      const text = parts.length > 0 && typeof parts[0] === 'string' ? util.format(...(parts as [string, ...unknown[]])) : parts.map(String).join(' ');
      const line = text.endsWith('\n') ? text : text + '\n';
      workbenchLog.write(`[${String(type)}] ${line}`);
      if (text.includes(SUITE_START_MARKER)) { suiteStarted = true; return; }
      const isProblem = type === 'error' || type === 'warn';
      if (isProblem && KNOWN_NOISE.some((re) => re.test(text)) && !opts.verbose) return;
      if (suiteStarted) (type === 'error' ? process.stderr : process.stdout).write(line);
      else if (isProblem || opts.verbose) process.stderr.write(line);
    });
    page.on('pageerror', (err) => info(`page error: ${err.message}`));

    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(opts.extension)],
      ['extensionTestsPath', server.remoteUri(opts.tests)],
    ];
    const url = server.url(payload);
    info(`opening ${url}`);

    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`timed out after ${opts.timeoutMs / 1000} s waiting for the suite to finish`)), opts.timeoutMs);
    });
    const serverDied = server.exited.then(({ code, signal }) => {
      throw new Error(`code-server exited during the run (code ${code}, signal ${signal}); log: ${server?.logFile}`);
    });
    const browserDied = new Promise<never>((_, reject) => {
      page!.once('crash', () => reject(new Error('the workbench page crashed')));
      browser!.once('disconnected', () => reject(new Error('Chromium disconnected')));
    });

    await Promise.race([page.goto(url, { waitUntil: 'domcontentloaded' }), timedOut, serverDied, browserDied]);
    const code = await Promise.race([suiteExit, timedOut, serverDied, browserDied]);
    info(`suite finished with exit code ${code}`);
    return code;
  } catch (err) {
    info(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (page && !page.isClosed()) {
      try {
        fs.mkdirSync(opts.screenshotDir, { recursive: true });
        const file = path.join(opts.screenshotDir, `e2e-${err instanceof Timeout ? 'timeout' : 'failure'}.png`);
        await page.screenshot({ path: file, timeout: 10_000 });
        info(`screenshot: ${file}`);
      } catch { /* the page may be gone */ }
    }
    if (server) info(`logs: ${server.tempDir}/{code-server,workbench}.log${opts.keep ? '' : ' (removed; rerun with --keep)'}`);
    return 2;
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`[e2e] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
