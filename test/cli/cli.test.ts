// The shipped CLI bundle (dist/cli.js), spawned as a user or CI would run it: output formats,
// file:line:col positions, exit codes and error messages.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

suite('cli: kube-service-dns', () => {
  suiteSetup(() => {
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  });

  test('check prints file:line:col: severity code message and exits 1 on warnings', () => {
    const r = run(['check', '-f', 'examples/seed']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout.split('\n')[0],
      'examples/seed/3-statefulset-clusterip.yaml:14:16: warning statefulset-service-not-headless ' +
        "StatefulSet web's serviceName names sts-vip/web-vip, a ClusterIP Service, not headless: add clusterIP: None, or web-0.web-vip.sts-vip.svc.cluster.local " +
        'resolves on CoreDNS only (kube-dns: NXDOMAIN; the spec does not promise it) and the Service name returns one VIP instead of the pod IPs.',
    );
    assert.match(r.stdout, /^1 problem \(0 errors, 1 warnings, 0 notes\) in 4 files$/m);
  });

  test('--fail-on error and --severity change the exit code', () => {
    assert.equal(run(['check', '-f', 'examples/seed', '--fail-on', 'error']).code, 0);
    const off = run(['check', '-f', 'examples/seed', '--severity', 'statefulset-service-not-headless=off']);
    assert.equal(off.code, 0);
    assert.match(off.stdout, /^0 problems/m);
    const raised = run(['check', '-f', 'examples/seed', '--severity', 'statefulset-service-not-headless=error', '--format', 'json']);
    assert.equal(JSON.parse(raised.stdout).problems[0].severity, 'error');
  });

  test('check --format json carries positions, related locations and fixes', () => {
    const r = run(['check', '-f', 'examples/seed', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.equal(json.files, 4);
    const [p] = json.problems;
    assert.deepEqual([p.file, p.line, p.column, p.endLine, p.endColumn, p.code], ['examples/seed/3-statefulset-clusterip.yaml', 14, 16, 14, 23, 'statefulset-service-not-headless']);
    assert.deepEqual(p.related[0], { file: 'examples/seed/3-statefulset-clusterip.yaml', line: 34, column: 9, endLine: 34, endColumn: 16, message: 'Service sts-vip/web-vip' });
    assert.equal(p.fixes[0].edits[0].newText, '  clusterIP: None\n');
    assert.match(p.fixes[0].followUp, /immutable/);
  });

  test('check --format sarif is SARIF 2.1.0 with rules, regions and fixes', () => {
    const r = run(['check', '-f', 'examples/apps', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'kube-service-dns');
    assert.ok(run0.tool.driver.rules.some((rule: { id: string }) => rule.id === 'unresolved-host'));
    const typo = run0.results.find((x: { message: { text: string } }) => x.message.text.startsWith('catalgo'));
    assert.deepEqual(typo.locations[0].physicalLocation, {
      artifactLocation: { uri: 'examples/apps/shop/api.yaml' },
      region: { startLine: 30, startColumn: 29, endLine: 30, endColumn: 36 },
    });
    assert.equal(typo.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'catalog');
    assert.equal(typo.level, 'warning');
  });

  test('explain prints each Service with mode, selected pods and name tables', () => {
    const r = run(['explain', '-f', 'examples/seed', '--service', 'sts-headless/nginx']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Service sts-headless\/nginx {2}\[headless\] {2}examples\/seed\/4-statefulset-headless.yaml:11:9$/m);
    assert.match(r.stdout, /StatefulSet\/sts-headless\/web {2}2 pods: web-0, web-1/);
    assert.match(r.stdout, /A {5}web-0\.nginx\.sts-headless\.svc\.cluster\.local +→ the IP of pod web-0/);
    assert.match(r.stdout, /Does not resolve:\n.*web-2\.nginx\.sts-headless\.svc\.cluster\.local +→ NXDOMAIN: StatefulSet web has ordinals 0–1/);
    const json = JSON.parse(run(['explain', '-f', 'examples/seed', '--format', 'json']).stdout);
    assert.deepEqual(json.map((e: { service: string; mode: string }) => `${e.service} ${e.mode}`).sort(), [
      'deploy-headless/nginx-ss headless',
      'deploy-vip/redis-master vip',
      'sts-headless/nginx headless',
      'sts-vip/web-vip vip',
    ]);
  });

  test('resolve prints the specified JSON for any record type', () => {
    const r = run(['resolve', 'web-0.nginx', 'nginx.sts-headless', 'nope', '-f', 'examples/seed', '--from-namespace', 'sts-headless', '--type', 'A', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const [web0, svc, nope] = JSON.parse(r.stdout);
    assert.deepEqual(web0, {
      query: 'web-0.nginx',
      type: 'A',
      fqdn: 'web-0.nginx.sts-headless.svc.cluster.local',
      status: 'answer',
      answer: {
        service: 'sts-headless/nginx',
        pods: [{ workload: 'StatefulSet/sts-headless/web', pod: 'web-0', count: 1 }],
        ips: [],
        target: null,
        records: [],
        recordCount: 0,
        names: [],
        readyOnly: true,
        conditions: [],
        kind: 'pod-ip',
      },
      portable: true,
      notes: [],
      reason: 'Resolves to the endpoint whose hostname is web-0. It exists only while pod web-0 is ready.',
    });
    assert.equal(svc.answer.kind, 'pod-ips');
    assert.equal(nope.status, 'nxdomain');
    assert.equal(nope.fqdn, 'nope.sts-headless.svc.cluster.local', 'the candidate whose reason is given');
    const mx = JSON.parse(run(['resolve', 'nginx.sts-headless.svc.cluster.local', '-f', 'examples/seed', '--type', 'MX', '--format', 'json']).stdout);
    assert.equal(mx[0].status, 'nodata');
    const custom = JSON.parse(run(['resolve', 'nginx.sts-headless.svc.corp', '-f', 'examples/seed', '--cluster-domain', 'corp', '--profile', 'kube-dns', '--format', 'json']).stdout);
    assert.equal(custom[0].status, 'answer');
  });

  test('bad arguments and unreadable paths exit 2 with one clear line, never a stack trace', () => {
    for (const args of [[], ['frobnicate'], ['check'], ['check', '-f', 'examples', '--format', 'xml'], ['check', '-f', 'examples', '--bogus'], ['resolve', '-f', 'examples'], ['check', '-f', 'examples', '--severity', 'nope=error'], ['explain', '-f', 'examples', '--service', 'x/y'], ['resolve', '', '-f', 'examples'], ['resolve', 'a..b', '-f', 'examples'], ['resolve', 'a b', '-f', 'examples']]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^kube-service-dns: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    const missing = run(['check', '-f', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no\/such\/dir: no such file or folder/);
  });

  test('help and version', () => {
    assert.match(run(['--help']).stdout, /^Usage: kube-service-dns <command>/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('folders are read recursively; binary, oversized and symlinked-outside files are handled', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-cli-'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ksd-outside-'));
    try {
      mkdirSync(path.join(dir, 'nested/deeper'), { recursive: true });
      writeFileSync(path.join(dir, 'nested/deeper/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: None, selector: {app: a}}\n');
      writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
      writeFileSync(path.join(dir, 'big.yml'), 'a: ' + 'x'.repeat(2000) + '\n');
      writeFileSync(path.join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: leaked}\nspec: {}\n');
      symlinkSync(outside, path.join(dir, 'link-out'));
      symlinkSync(dir, path.join(dir, 'nested/loop'));
      writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
      const r = run(['check', '-f', dir, '--max-file-size', '1000', '--format', 'json']);
      const json = JSON.parse(r.stdout);
      assert.equal(json.files, 3, 'svc.yaml, binary.yaml, big.yml: no file behind the outside link, no loop');
      const notes = json.problems.map((p: { file: string; code: string; message: string }) => `${path.basename(p.file)} ${p.code} ${p.message}`);
      assert.ok(notes.some((n: string) => n.startsWith('binary.yaml file-skipped Skipped: it contains NUL bytes')), notes.join('\n'));
      assert.ok(notes.some((n: string) => /^big\.yml file-skipped Skipped: it is 2 KB, above the 1 KB limit/.test(n)), notes.join('\n'));
      assert.ok(notes.some((n: string) => n.startsWith('svc.yaml service-pods-not-in-manifests')), notes.join('\n'));
      assert.ok(!r.stdout.includes('leaked'));
      if (process.getuid?.() !== 0) {
        chmodSync(path.join(dir, 'nested/deeper/svc.yaml'), 0);
        assert.equal(run(['check', '-f', dir]).code, 2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
