// The CLI's npm package (cli/package.json): `npm pack` in cli/ bundles dist/cli.js, and the tarball
// installs and runs from an empty folder as a user's `npx kube-service-dns check -f …` would.
// Every npm call runs --offline with an empty cache of its own: a package that needed anything
// from the registry (a dependency) would fail here rather than pass on a networked machine.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const CLI_DIR = path.join(ROOT, 'cli');
const FIXTURE = path.join(ROOT, 'test/fixtures/workspaces/e2e');

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

suite('package: the CLI on npm', function () {
  this.timeout(180_000);
  let temp: string;
  let tarball: string;
  let packed: Packed;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    npm_config_cache: path.join(temp, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_yes: 'true',
  });
  const run = (cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> => {
    const result = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 120_000 });
    assert.ok(result.error === undefined, `${cmd} ${args.join(' ')}: ${String(result.error)}`);
    return result;
  };

  suiteSetup(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ksd-cli-package-'));
    const out = ok(run('npm', ['pack', '--json', '--pack-destination', temp], CLI_DIR), 'npm pack in cli/');
    // npm prints the prepack script's output before the JSON array.
    packed = (JSON.parse(out.slice(out.indexOf('\n[') + 1)) as Packed[])[0]!;
    tarball = path.join(temp, packed.filename);
  });

  suiteTeardown(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  test('holds the bundle, the manifest and the license; no dependencies; the extension version', () => {
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'dist/cli.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
    const extension = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
    assert.equal(packed.name, 'kube-service-dns');
    assert.equal(packed.version, extension.version, 'cli/package.json and package.json carry the same version');
    assert.equal(manifest['license'], extension.license);
    assert.deepEqual(manifest['bin'], { 'kube-service-dns': 'dist/cli.js' });
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) assert.equal(manifest[field], undefined, `cli/package.json has ${field}`);
    assert.match(readFileSync(path.join(CLI_DIR, 'dist/cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  test('npm install <tarball> into an empty project, then npx kube-service-dns check -f: exit 1, the problems as text', () => {
    const project = path.join(temp, 'project');
    mkdirSync(project);
    ok(run('npm', ['init', '-y'], project), 'npm init');
    ok(run('npm', ['install', tarball], project), 'npm install <tarball> (offline)');
    const installed = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    assert.deepEqual(Object.keys(installed.packages).sort(), ['', 'node_modules/kube-service-dns'], 'the install brings nothing but the package');

    const check = run('npx', ['kube-service-dns', 'check', '-f', FIXTURE], project);
    assert.equal(check.status, 1, `check on the fixture exits 1 (warnings):\n${check.stdout}\n${check.stderr}`);
    const lines = check.stdout.trim().split('\n');
    assert.equal(lines.length, 3, check.stdout);
    assert.match(lines[0]!, /cache\/statefulset\.yaml:9:16: warning statefulset-service-not-headless StatefulSet cache's serviceName names default\/cache/);
    assert.match(lines[1]!, /web\/config\.yaml:8:26: warning unresolved-host cahce does not resolve from namespace default \(NXDOMAIN\); did you mean cache\?/);
    assert.equal(lines[2], '2 problems (0 errors, 2 warnings, 0 notes) in 6 files');

    const version = ok(run('npx', ['kube-service-dns', '--version'], project), 'kube-service-dns --version');
    assert.equal(version.trim(), packed.version);
    const usage = run('npx', ['kube-service-dns', 'check', '--format', 'yaml', '-f', FIXTURE], project);
    assert.equal(usage.status, 2, 'a bad --format is a usage error');
    assert.doesNotMatch(usage.stderr, /\n\s+at /, 'no stack trace');
  });

  test('npx --package <tarball> in a folder of manifests and nothing else: check --format sarif for code scanning', () => {
    const manifests = path.join(temp, 'manifests');
    cpSync(FIXTURE, manifests, { recursive: true });
    const result = run('npx', ['--package', tarball, '--', 'kube-service-dns', 'check', '-f', '.', '--format', 'sarif', '--fail-on', 'none'], manifests);
    assert.equal(result.status, 0, `--fail-on none exits 0:\n${result.stderr}`);
    const sarif = JSON.parse(result.stdout) as { version: string; runs: { tool: { driver: { name: string } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.name, 'kube-service-dns');
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine} ${r.ruleId}`),
      ['cache/statefulset.yaml:9 statefulset-service-not-headless', 'web/config.yaml:8 unresolved-host'],
      'URIs relative to the folder it ran in (the repository root, in CI)',
    );
  });
});

// pre-commit installs a hook repository as a Node package: `npm install` then `npm pack` in the
// repository root, then `npm install -g` of that tarball, and runs `entry args` from the user's
// repository. The root's pack must therefore carry the CLI bundle and name it as the bin.
suite('package: the pre-commit hook', function () {
  this.timeout(120_000);
  let temp: string;
  suiteSetup(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ksd-pre-commit-'));
  });
  suiteTeardown(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  test('.pre-commit-hooks.yaml defines a node hook whose entry is the bin of the root package', () => {
    const hooks = parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    assert.equal(hooks.length, 1);
    const hook = hooks[0]!;
    for (const key of ['id', 'name', 'entry', 'language']) assert.equal(typeof hook[key], 'string', `hook.${key}`);
    assert.equal(hook['id'], 'kube-service-dns');
    assert.equal(hook['language'], 'node');
    const [bin, command] = (hook['entry'] as string).split(' ');
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(root.bin[bin!], 'dist/cli.js', `the entry's ${bin} is the root package's bin`);
    assert.equal(command, 'check');
    // `check` takes folders, not the staged file names (a host resolves through other files).
    assert.equal(hook['pass_filenames'], false);
    assert.deepEqual(hook['args'], ['-f', '.']);
    const files = new RegExp(hook['files'] as string);
    assert.ok(['k8s/web.yaml', 'a/b.yml'].every((f) => files.test(f)) && !files.test('package.json'), `files: ${String(hook['files'])}`);
  });

  test('npm pack of the root, as pre-commit does, ships the bundle; its entry checks the folder', () => {
    const out = ok(spawnSync('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT, encoding: 'utf8', timeout: 100_000 }), 'npm pack in the root');
    const packed = (JSON.parse(out.slice(out.indexOf('\n[') + 1)) as Packed[])[0]!;
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    ok(spawnSync('tar', ['-xzf', path.join(temp, packed.filename), '-C', temp], { encoding: 'utf8' }), 'tar');
    const hook = (parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string; args: string[] }[])[0]!;
    const [, ...entryArgs] = hook.entry.split(' ');
    const manifests = path.join(temp, 'repository');
    cpSync(FIXTURE, manifests, { recursive: true });
    const run = spawnSync(process.execPath, [path.join(temp, 'package/dist/cli.js'), ...entryArgs, ...hook.args], { cwd: manifests, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 1, `the hook fails the commit on a warning:\n${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^cache\/statefulset\.yaml:9:16: warning statefulset-service-not-headless /m);
    assert.match(run.stdout, /^web\/config\.yaml:8:26: warning unresolved-host /m);
  });
});
