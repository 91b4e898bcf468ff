// `npm run editor`: the extension in a real VS Code, without installing VS Code. Packages the
// extension (kube-service-dns.vsix, exactly what a user installs), installs it into a fresh
// code-server 4.100.3 (VS Code 1.100.3 in the browser), starts that on 127.0.0.1 with the
// examples/ folder open, and prints the URL. Ctrl+C stops it and removes its temporary
// user-data and extensions folders. `npm run editor` builds and runs scripts/setup-vscode.sh
// first; this script expects both done.
//
//   node scripts/editor.mjs [--port N] [--folder PATH] [--dev] [--smoke]
//
//   --port N       port on 127.0.0.1 (default 8080; 0 lets the kernel pick a free one)
//   --folder PATH  the folder to open (default examples/); opened in place, edits are saved there
//   --dev          load the extension from the repository as a development extension (as F5
//                  does) instead of packaging and installing the .vsix: quicker, no vsce run
//   --smoke        instead of waiting for you: open the URL in Chromium, open a manifest, wait
//                  for the extension's problems in the Problems panel, save a screenshot to
//                  test-artifacts/screenshots/editor-smoke.png, stop; exit 0 when all went well
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`[editor] ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { port: 8080, folder: join(ROOT, 'examples'), dev: false, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--port') opts.port = Number(value());
    else if (a === '--folder') opts.folder = resolve(value());
    else if (a === '--dev') opts.dev = true;
    else if (a === '--smoke') opts.smoke = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${fileURLToPath(import.meta.url)}\n  node scripts/editor.mjs [--port N] [--folder PATH] [--dev] [--smoke]\n`);
      process.exit(0);
    } else fail(`unknown argument ${a} (try --help)`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail('--port expects a number from 0 to 65535');
  if (!existsSync(opts.folder)) fail(`folder ${opts.folder} not found`);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const compiled = join(ROOT, 'out', 'test', 'e2e', 'codeServer.js');
if (!existsSync(compiled) || !existsSync(join(ROOT, 'dist', 'extension.js'))) fail('not built yet: run `npm run editor` (it builds first), or `npm run build`');
const { startCodeServer, launchChromium } = require(compiled);

let vsix;
if (!opts.dev) {
  vsix = join(ROOT, 'kube-service-dns.vsix');
  process.stderr.write('[editor] packaging the extension (npm run package)\n');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(vsix)) fail(`npm run package failed (exit ${r.status ?? r.signal})`);
}

let server;
try {
  server = await startCodeServer({
    workspace: opts.folder,
    copyWorkspace: false,
    port: opts.port,
    installExtensions: vsix ? [vsix] : [],
  });
} catch (err) {
  const inUse = opts.port !== 0 ? `\n[editor] Is port ${opts.port} in use? Try: npm run editor -- --port 0` : '';
  fail(`${err instanceof Error ? err.message : String(err)}${inUse}`);
}

const payload = opts.dev ? [['extensionDevelopmentPath', server.remoteUri(ROOT)]] : [];
const url = server.url(payload);
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
void server.exited.then(({ code, signal }) => {
  if (!stopping) fail(`code-server exited (code ${code}, signal ${signal}); log: ${server.logFile}`);
});

const how = opts.dev ? `loaded from ${ROOT} as a development extension` : `installed from ${relative(process.cwd(), vsix) || vsix}`;
process.stdout.write(
  [
    '',
    `  Kubernetes Service DNS in VS Code 1.100.3 (code-server), extension ${how}`,
    `  Folder: ${opts.folder}`,
    '',
    `  Open:   ${url}`,
    '',
    '  Try: open seed/3-statefulset-clusterip.yaml, hover over a Service name or serviceName,',
    '       Ctrl+Shift+M for the Problems panel, Ctrl+. on a squiggle for the quick fix.',
    '  Ctrl+C stops the editor.',
    '',
  ].join('\n') + '\n',
);

if (opts.smoke) {
  const wb = require(join(ROOT, 'out', 'test', 'e2e', 'browser', 'workbench.js'));
  let browser;
  let code = 0;
  try {
    browser = await launchChromium({ handleSignals: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator(wb.SELECTORS.explorerRows).first().waitFor({ state: 'visible', timeout: 60_000 });
    await wb.openFile(page, 'seed/3-statefulset-clusterip.yaml');
    const rows = await wb.readProblems(page, { until: (list) => list.some((r) => r.source === 'kube-service-dns'), timeout: 60_000 });
    const shot = await wb.screenshot(page, 'editor-smoke');
    process.stdout.write(`[editor] smoke: the Problems panel shows ${rows.filter((r) => r.kind !== 'file').length} problem(s) from kube-service-dns; screenshot ${relative(ROOT, shot)}\n`);
  } catch (err) {
    process.stderr.write(`[editor] smoke FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  } finally {
    await browser?.close().catch(() => undefined);
  }
  await stop(code);
}
