// The CLI on kustomizations: `-k DIR` checks what kubectl kustomize would apply, `-f` folders are
// split into overlays (each its own world) and bases (seen through their overlays only).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const fixtures = path.join(root, 'test/fixtures/kustomize');

function run(args: string[], cwd = fixtures): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

suite('cli: kustomizations', function () {
  this.timeout(60_000);

  test('check -k names the overlay and points at the base value kustomize leaves unrenamed', () => {
    const r = run(['check', '-k', 'shop/overlays/prod']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'shop/base/web.yaml:35:33: warning kustomize-renamed-host In overlay shop/overlays/prod: db does not resolve: the overlay renames Service db to prod-db, ' +
        'and kustomize never rewrites host names inside values. Use prod-db here (patch this value in shop/overlays/prod).',
    );
    assert.ok(lines.includes(
      'shop/base/config.yaml:6:20: warning kustomize-renamed-host In overlay shop/overlays/prod: web does not resolve: the overlay renames Service web to prod-web, ' +
        'and kustomize never rewrites host names inside values. Use prod-web here (patch this value in shop/overlays/prod).',
    ), r.stdout);
  });

  test('an overlay that keeps the names has no renamed-host problem; one that makes a governing Service a VIP says so', () => {
    const dev = run(['check', '-k', 'shop/overlays/dev', '--format', 'json']);
    const devCodes = JSON.parse(dev.stdout).problems.map((p: { code: string }) => p.code);
    assert.ok(!devCodes.includes('kustomize-renamed-host'), dev.stdout);
    const staging = run(['check', '-k', 'shop/overlays/staging']);
    assert.match(staging.stdout, /^shop\/base\/db\.yaml:20:16: warning statefulset-service-not-headless In overlay shop\/overlays\/staging: StatefulSet db-stg's serviceName names staging\/db-stg, a ClusterIP Service/m);
  });

  test('-f on a folder checks each overlay, never the base alone, and builds Kustomization files without an extension', () => {
    const r = run(['check', '-f', 'layered', '--format', 'json']);
    const problems: { message: string; file: string }[] = JSON.parse(r.stdout).problems;
    assert.ok(problems.length > 0);
    for (const p of problems) assert.match(p.message, /^In overlay layered\/(top|withcomponents): /, JSON.stringify(p));
    assert.ok(problems.some((p) => /renames Service api to b-a-api-v2/.test(p.message)), r.stdout);
  });

  test('check -k . inside an overlay reads ../../base, as kubectl does: within the repository, never above it', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-kz-'));
    try {
      const write = (file: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.writeFileSync(path.join(repo, file), text);
      };
      write('shop/base/kustomization.yaml', 'resources:\n  - app.yaml\n');
      write('shop/base/app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  DB: "dbb:5432"\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {ports: [{port: 5432}]}\n');
      write('shop/overlays/prod/kustomization.yaml', 'resources:\n  - ../../base\nnamespace: prod\n');
      const overlay = path.join(repo, 'shop/overlays/prod');
      // Outside a repository only the working directory and the -k folder may be read.
      const outside = run(['check', '-k', '.'], overlay);
      assert.match(outside.stdout, /^kustomization\.yaml:2:5: info kustomize-not-built \.\.\/\.\.\/base is neither a file nor a kustomization directory inside the workspace\.$/m);
      fs.mkdirSync(path.join(repo, 'shop/.git'));
      const inside = run(['check', '-k', '.'], overlay);
      assert.equal(
        inside.stdout,
        `${path.join(repo, 'shop/base/app.yaml')}:5:8: warning unresolved-host In overlay .: dbb does not resolve from namespace prod (NXDOMAIN); did you mean db? There is no Service "dbb" in namespace "prod".\n1 problem (0 errors, 1 warnings, 0 notes) in 3 files\n`,
      );
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('-k: a link inside the repository to a file outside it is not read', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-kz-link-'));
    try {
      const repo = path.join(tmp, 'repo');
      fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
      fs.mkdirSync(path.join(repo, 'app'));
      fs.writeFileSync(path.join(tmp, 'outside.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: secret}\ndata:\n  DB: "nowhere:5432"\n');
      fs.symlinkSync(path.join(tmp, 'outside.yaml'), path.join(repo, 'app/linked.yaml'));
      fs.writeFileSync(path.join(repo, 'app/kustomization.yaml'), 'resources:\n  - linked.yaml\n');
      const r = run(['check', '-k', '.'], path.join(repo, 'app'));
      assert.match(r.stdout, /^kustomization\.yaml:2:5: info kustomize-not-built linked\.yaml is neither a file nor a kustomization directory inside the workspace\.$/m);
      assert.doesNotMatch(r.stdout, /nowhere/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('a kustomization that cannot be built offline is one note, and its raw files are checked', () => {
    const r = run(['check', '-k', 'fallback/helm', '-f', 'fallback/helm']);
    assert.match(r.stdout, /^fallback\/helm\/kustomization\.yaml:2:3: info kustomize-not-built helmCharts is not reproduced/m);
    assert.equal(r.stdout.match(/kustomize-not-built/g)?.length, 1, r.stdout);
  });

  test('explain and resolve -k answer for the built names, from the overlay namespace', () => {
    const explain = run(['explain', '-k', 'shop/overlays/staging']);
    assert.match(explain.stdout, /^Service staging\/db-stg {2}\[ClusterIP \(VIP\)\] {2}shop\/base\/db\.yaml:4:9$/m);
    const resolve = run(['resolve', '-k', 'shop/overlays/prod', 'prod-db', 'db']);
    assert.match(resolve.stdout, /^prod-db A: ANSWER \(as prod-db\.prod\.svc\.cluster\.local\)$/m);
    assert.match(resolve.stdout, /^db A: NXDOMAIN\b/m);
  });

  test('-k on a folder without a kustomization is a clear note, not a crash', () => {
    const r = run(['check', '-k', 'shop']);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /kustomize-not-built .*has no kustomization file/);
  });
});
