// Runs the same extension-host mocha suite (out/test/e2e/suite) through
// @vscode/test-electron, i.e. in a desktop VS Code that it downloads from Microsoft's
// update service. That needs internet access and a display (or xvfb-run), so it is for
// developers' desktops and CI elsewhere; on the project's machines use runInCodeServer.
//
//   node out/test/e2e/runInElectron.js [--version X.Y.Z] [--workspace PATH] [--grep REGEX]
//
// Environment: E2E_VSCODE_VERSION (default: the lowest version allowed by engines.vscode),
// E2E_EXTENSION_PATH, E2E_TESTS_PATH, E2E_WORKSPACE, E2E_GREP.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function engineVersion(extensionPath: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as {
    engines?: { vscode?: string };
  };
  const range = pkg.engines?.vscode ?? 'stable';
  const m = /(\d+\.\d+\.\d+)/.exec(range);
  return m?.[1] ?? 'stable';
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const extensionDevelopmentPath = path.resolve(arg('--extension') ?? process.env['E2E_EXTENSION_PATH'] ?? REPO_ROOT);
  const extensionTestsPath = path.resolve(
    arg('--tests') ?? process.env['E2E_TESTS_PATH'] ?? path.join(REPO_ROOT, 'out', 'test', 'e2e', 'suite'),
  );
  const fixture = path.resolve(
    arg('--workspace') ?? process.env['E2E_WORKSPACE'] ?? path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'e2e'),
  );
  const version = arg('--version') ?? process.env['E2E_VSCODE_VERSION'] ?? engineVersion(extensionDevelopmentPath);
  const grep = arg('--grep') ?? process.env['E2E_GREP'];

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-dns-e2e-electron-'));
  try {
    const workspace = path.join(temp, 'workspace', path.basename(fixture));
    fs.cpSync(fixture, workspace, { recursive: true });
    const userDataDir = path.join(temp, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'git.enabled': false,
      }),
    );
    const env: Record<string, string> = {};
    if (grep) env['E2E_GREP'] = grep;
    await runTests({
      version,
      extensionDevelopmentPath,
      extensionTestsPath,
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(temp, 'extensions')}`,
      ],
    });
    return 0;
  } catch (err) {
    process.stderr.write(`[e2e:electron] ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

main().then((code) => {
  process.exitCode = code;
});
