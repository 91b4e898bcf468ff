// The CLI on kustomizations: `-k DIR` checks what kubectl kustomize would apply, `-f` folders are
// split into overlays (each its own world) and bases (seen through their overlays only).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const fixtures = path.join(root, 'test/fixtures/kustomize');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: fixtures, encoding: 'utf8', timeout: 60_000 });
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
