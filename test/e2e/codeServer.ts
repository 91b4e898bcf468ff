// Starting code-server (a real VS Code 1.100.3 served to a browser) and Chromium for the
// end-to-end tests. Used by runInCodeServer.ts (extension-host mocha suite) and by the
// browser-level helpers in browser/. See test/e2e/README.md.
//
// code-server is installed by scripts/setup-vscode.sh into .vscode-test/code-server/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Repository root (this file compiles to out/test/e2e/codeServer.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CODE_SERVER_ENTRY = path.join(
  REPO_ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js',
);
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Flags without which Chromium hammers this machine's closed network (see the notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Settings every e2e run needs: no trust dialog, no welcome page, nothing phoning home. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.commandCenter': false,
};

export interface CodeServerOptions {
  /** Folder opened as the workspace. Copied to a temporary folder first when copyWorkspace is true. */
  workspace: string;
  copyWorkspace?: boolean;
  /** Extra user settings, merged over BASE_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so for its extension host). */
  env?: Record<string, string>;
  /** Where code-server's own output goes; default: a file in the temporary folder. */
  logFile?: string;
  /** Echo code-server's output to stderr as well. */
  verbose?: boolean;
  /** Keep the temporary folder on stop (for debugging). */
  keepTemp?: boolean;
  /** How long to wait for code-server to listen. Default 60 s. */
  startTimeoutMs?: number;
  /** Port on 127.0.0.1. Default 0: the kernel picks a free one. */
  port?: number;
  /** .vsix files installed into the (temporary) extensions folder before the start, as
   *  `code-server --install-extension` does: the extension as a user installs it. */
  installExtensions?: string[];
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  readonly origin: string;
  readonly port: number;
  /** Absolute path of the opened workspace (the copy when copyWorkspace was set). */
  readonly workspace: string;
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code/signal if code-server exits on its own. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** URL of the workbench on the workspace, optionally with a `payload` (see workbenchUrl). */
  url(payload?: Array<[string, string]>): string;
  /** vscode-remote:// URI that the web workbench resolves to an absolute path on this server. */
  remoteUri(absPath: string): string;
  /** Kills code-server and every process it started; removes the temporary folder. */
  stop(): Promise<void>;
}

export function assertCodeServerInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}; run: npm run setup:vscode`);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run: npm run setup:vscode`);
  }
}

// Safety net: whatever way this process ends (an uncaught error, Playwright's own Ctrl-C
// handler calling process.exit), no code-server process group or temp folder outlives it.
const live = new Map<number, { tempDir: string; keep: boolean }>();
process.on('exit', () => {
  for (const [pid, { tempDir, keep }] of live) {
    signalGroup(pid, 'SIGKILL');
    if (!keep) {
      try { fs.rmSync(tempDir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  }
});

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  assertCodeServerInstalled();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-dns-e2e-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
  );
  // An existing (empty) config file: otherwise code-server writes ~/.config/code-server/config.yaml.
  const configFile = path.join(tempDir, 'code-server.yaml');
  fs.writeFileSync(configFile, '');

  let workspace = path.resolve(opts.workspace);
  if (opts.copyWorkspace) {
    const copy = path.join(tempDir, 'workspace', path.basename(workspace));
    fs.cpSync(workspace, copy, { recursive: true });
    workspace = copy;
  }

  const logFile = opts.logFile ?? path.join(tempDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });

  for (const vsix of opts.installExtensions ?? []) {
    const r = spawnSync(process.execPath, [
      CODE_SERVER_ENTRY, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--install-extension', path.resolve(vsix),
    ], { cwd: tempDir, encoding: 'utf8', timeout: 60_000 });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status !== 0 || !/successfully installed/.test(out)) {
      if (!opts.keepTemp) fs.rmSync(tempDir, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal ?? r.error?.message}): ${out}`);
    }
  }

  const log = fs.createWriteStream(logFile);

  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--auth', 'none',
    // Port 0: the kernel picks a free port, code-server logs which (no probe-then-bind race).
    '--bind-addr', `127.0.0.1:${opts.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ...(opts.env ?? {}) };
  // code-server prefers $PORT over --bind-addr's port.
  delete env['PORT'];
  // Not inherited from a surrounding VS Code (would confuse the nested one).
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_')) delete env[k];

  const child = spawn(process.execPath, args, {
    cwd: tempDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() kills the extension host and pty hosts too
  });
  if (child.pid !== undefined) live.set(child.pid, { tempDir, keep: !!opts.keepTemp });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  // Memoised: every caller (signal handler, finally block) waits for the same full stop.
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await killGroup(child, exited);
      if (child.pid !== undefined) live.delete(child.pid);
      await new Promise<void>((r) => log.end(r));
      if (!opts.keepTemp) {
        // The workspace copy may be in use for a few ms by a dying watcher; retry a little.
        fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
    })();
    return stopping;
  };

  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start listening within ${(opts.startTimeoutMs ?? 60_000) / 1000} s; log: ${logFile}`)),
      opts.startTimeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      if (opts.verbose) process.stderr.write(chunk);
      buf += chunk.toString('utf8');
      const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(buf);
      if (m?.[1]) {
        clearTimeout(timer);
        buf = '';
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening (code ${code}, signal ${signal}); log: ${logFile}\n${tail(logFile)}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });

  const origin = `http://127.0.0.1:${port}`;
  const remoteUri = (absPath: string): string =>
    `vscode-remote://127.0.0.1:${port}${path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/')}`;
  return {
    origin,
    port,
    workspace,
    tempDir,
    userDataDir,
    extensionsDir,
    logFile,
    process: child,
    exited,
    remoteUri,
    url(payload?: Array<[string, string]>): string {
      const q = new URLSearchParams({ folder: workspace });
      if (payload && payload.length > 0) q.set('payload', JSON.stringify(payload));
      return `${origin}/?${q.toString()}`;
    },
    stop,
  };
}

async function killGroup(
  child: ChildProcess,
  exited: Promise<unknown>,
): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // Parent gone already; its group may still hold children.
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    return;
  }
  signalGroup(child.pid, 'SIGTERM');
  const killed = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 5_000).unref()),
  ]);
  // Whatever is left in the group (extension host, file watcher, pty host) goes too.
  signalGroup(child.pid, 'SIGKILL');
  if (!killed) await exited;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Launches Debian's Chromium. `handleSignals: false` leaves Ctrl-C/SIGTERM to the caller
 * (Playwright's own handler closes the browser and calls process.exit(130) at once).
 */
export async function launchChromium(opts: { headless?: boolean; handleSignals?: boolean } = {}): Promise<Browser> {
  const handle = opts.handleSignals ?? true;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? true,
    args: CHROMIUM_ARGS,
    handleSIGINT: handle,
    handleSIGTERM: handle,
    handleSIGHUP: handle,
  });
}
