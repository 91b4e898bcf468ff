// The shipped CLI bundle (dist/cli.js), spawned as a user or CI would run it: output formats,
// file:line:col positions, exit codes and error messages.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd = root, input?: string): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 1024 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

// A Service whose selector matches none of the namespace's pod templates: one warning, line 4.
const SERVICE =
  'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: None, selector: {app: a}}\n---\n' +
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec: {selector: {matchLabels: {app: b}}, template: {metadata: {labels: {app: b}}, spec: {containers: [{name: b, image: b}]}}}\n';

suite('cli: kube-service-dns', function () {
  // Each test spawns Node a few times; on a loaded machine that alone can take seconds.
  this.timeout(120_000);
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

  test('paths inside messages are relative to the working directory, like the locations (the Helm chart note, the file that answered)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-cli-chart-'));
    try {
      mkdirSync(path.join(dir, 'charts/web/templates'), { recursive: true });
      writeFileSync(path.join(dir, 'charts/web/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
      writeFileSync(path.join(dir, 'charts/web/templates/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports: [{port: 80}]\n');
      const text = run(['check', '-f', 'charts', '--fail-on', 'none'], dir);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^charts\/web\/Chart\.yaml:2:7: info helm-template-skipped Helm chart web: 1 template document in 1 file under templates\/ is skipped until rendered; run helm template charts\/web and check/m);
      assert.ok(!text.stdout.includes(dir), text.stdout);
      const json = JSON.parse(run(['check', '-f', 'charts', '--format', 'json'], dir).stdout);
      assert.match(json.problems[0].message, /run helm template charts\/web and check/);
      // From inside the chart's own folder, the folder is `.`.
      assert.match(run(['check', '-f', '.', '--fail-on', 'none'], path.join(dir, 'charts/web')).stdout, /run helm template \. and check/);
      // A folder outside the working directory stays absolute, as its locations do.
      const outside = run(['check', '-f', path.join(dir, 'charts'), '--fail-on', 'none'], path.join(dir, 'charts/web/templates'));
      assert.match(outside.stdout, new RegExp(`run helm template ${path.join(dir, 'charts/web').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} and check`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  suite('hostile paths and output (issue 15)', () => {
    let dir: string;
    setup(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-cli-hostile-'));
    });
    // `rm` (not rmSync) removes paths longer than PATH_MAX, as the too-deep test leaves.
    teardown(() => execFileSync('rm', ['-rf', dir]));

    test('15.16: /proc/self/pagemap (size 0) is read only up to the limit', function () {
      if (!existsSync('/proc/self/pagemap')) this.skip();
      // Before: read whole, > 60 s and 2.5 GB, then exit 134/139. Now ~0.7 s, 43 MB.
      const r = run(['check', '-f', '/proc/self/pagemap', '--max-file-size', '1024']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /file-skipped Skipped: it is larger than the 1 KB limit/);
      assert.ok(r.ms < 15_000, `${r.ms} ms`);
    });

    test('15.19: a dangling link, a link loop and a too-deep folder inside -f are notes, the rest is checked', () => {
      writeFileSync(path.join(dir, 'svc.yaml'), SERVICE);
      symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'README'));
      symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
      symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
      // Nested folders until the path passes PATH_MAX (4096): a raw ENAMETOOLONG before.
      execFileSync('bash', ['-c', 'cd "$1" && for i in $(seq 1 30); do mkdir "$2" && cd "$2" || exit 0; done', '_', dir, 'n'.repeat(200)]);
      const r = run(['check', '-f', dir, '--format', 'json']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(JSON.parse(r.stdout).files, 1);
      assert.match(r.stderr, /note: .*README: left out: a symbolic link to nothing/);
      assert.match(r.stderr, /note: .*loop-a: left out: a loop of symbolic links/);
      assert.match(r.stderr, /note: .*: left out: the path is longer than the system allows/);
    });

    test('15.19: an explicit named pipe or device is an error; -f "" is a usage error', () => {
      const fifo = path.join(dir, 'pipe.yaml');
      execFileSync('mkfifo', [fifo]);
      for (const target of [fifo, '/dev/null', '/dev/zero']) {
        const r = run(['check', '-f', target]);
        assert.equal(r.code, 2, `${target}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /is a (named pipe|device), not a file or folder/);
      }
      const empty = run(['check', '-f', '']);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /-f or -k was given an empty path/);
    });

    test('15.19: -f - reads standard input and -f <(command) reads the pipe, bounded by the size limit', () => {
      const stdin = run(['check', '-f', '-', '--format', 'json'], root, SERVICE);
      assert.equal(stdin.code, 1, stdin.stderr);
      const json = JSON.parse(stdin.stdout);
      assert.equal(json.files, 1);
      assert.equal(json.problems[0].file, '<stdin>');
      const file = path.join(dir, 'svc.yaml');
      writeFileSync(file, SERVICE);
      const piped = spawnSync('bash', ['-c', `"$0" "$1" check -f <(cat "$2")`, process.execPath, cli, file], { encoding: 'utf8' });
      assert.equal(piped.status, 1, piped.stderr);
      assert.match(piped.stdout, /^\/dev\/fd\/\d+:4:\d+: warning service-selects-nothing/m);
      const big = run(['check', '-f', '-', '--max-file-size', '50'], root, SERVICE);
      assert.match(big.stdout, /<stdin>:1:1: info file-skipped Skipped: it is larger than the 1 KB limit/);
    });

    test('15.18: newlines in file names and quoted names are escaped; SARIF URIs are percent-encoded', () => {
      const forged = path.join(dir, 'a\nforged.yaml:1:1: error yaml-syntax x\n::warning file=x::y.yaml');
      writeFileSync(forged, 'apiVersion: v1\nkind: Service\nmetadata: {name: "bad\\nfake.yaml:9:9: error yaml-syntax forged"}\nspec: {ports: [{port: 80}]}\n');
      writeFileSync(path.join(dir, '::warning x.yaml'), SERVICE);
      writeFileSync(path.join(dir, 'a b#c%.yaml'), SERVICE);
      const r = run(['check', '-f', '.'], dir);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 4, r.stdout);
      for (const line of lines) assert.doesNotMatch(line, /^(forged|fake|::)/);
      assert.ok(lines.some((l) => l.startsWith('a\\nforged.yaml:1:1: error yaml-syntax x\\n::warning')), r.stdout);
      assert.ok(lines.some((l) => l.startsWith('./::warning x.yaml:')), r.stdout);
      const sarif = JSON.parse(run(['check', '-f', '.', '--format', 'sarif'], dir).stdout);
      const uris = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri);
      assert.ok(uris.includes('a%20b%23c%25.yaml'), uris.join());
      assert.ok(uris.includes('a%0Aforged.yaml%3A1%3A1%3A%20error%20yaml-syntax%20x%0A%3A%3Awarning%20file%3Dx%3A%3Ay.yaml'), uris.join());
    });

    test('15.15: problems are capped per file with a count of the rest, and SARIF is streamed', () => {
      // Before: every problem printed (618k for one 5 MB file: 456 MB of SARIF; two such files
      // failed with "Invalid string length"). Now 1,000 per file and one note with the count.
      const value = Array.from({ length: 200 }, (_, j) => `s${j}.svc`).join(' ');
      const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata:\n${Array.from({ length: 15 }, (_, i) => `  k${i}: "${value}"\n`).join('')}`;
      writeFileSync(path.join(dir, 'a.yaml'), configMap('a'));
      writeFileSync(path.join(dir, 'b.yaml'), configMap('b'));
      const r = run(['check', '-f', '.', '--format', 'sarif'], dir);
      assert.equal(r.code, 1, r.stderr);
      const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; message: { text: string } }[];
      assert.equal(results.length, 2002);
      const notes = results.filter((x) => x.ruleId === 'too-many-problems');
      assert.deepEqual(notes.map((n) => n.message.text.split(' in this file')[0]), ['2,000 more problems', '2,000 more problems']);
      const text = run(['check', '-f', '.'], dir).stdout;
      assert.match(text, /^a\.yaml:\d+:\d+: info too-many-problems 2,000 more problems in this file are not shown: at most 1,000 are reported per file/m);
      assert.match(text, /^2002 problems \(0 errors, 2000 warnings, 2 notes\) in 2 files$/m);
    });

    test('minor: ..x.yaml is shown relative; bad option values are rejected with a clear message', () => {
      writeFileSync(path.join(dir, '..x.yaml'), SERVICE);
      assert.match(run(['check', '-f', '..x.yaml'], dir).stdout, /^\.\.x\.yaml:4:/m);
      const rejected: [string[], RegExp][] = [
        [['--cluster-domain', '*'], /--cluster-domain: the cluster domain "\*" is not a DNS name/],
        [['--cluster-domain', 'a b'], /is not a DNS name/],
        [['--cluster-domain', 'svc'], /contains the label "svc"/],
        [['--cluster-domain', 'svc.cluster.local'], /contains the label "svc"/],
        [['--cluster-domain', 'x'.repeat(100_000)], /is longer than 253 characters/],
        [['--cluster-domain', 'x'.repeat(64)], /at most 63 characters each/],
        [['--severity', 'constructor=off'], /unknown problem code "constructor"/],
        [['--severity', '__proto__=off'], /unknown problem code "__proto__"/],
        [['--default-namespace', 'Bad_NS'], /--default-namespace: the namespace "Bad_NS" is not a DNS-1123 label/],
      ];
      writeFileSync(path.join(dir, 'svc.yaml'), SERVICE);
      for (const [args, message] of rejected) {
        const r = run(['check', '-f', 'svc.yaml', ...args], dir);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, message);
        assert.ok(r.stderr.length < 400, 'the message stays short');
      }
      assert.equal(run(['check', '-f', 'svc.yaml', '--cluster-domain', 'Corp.Example.'], dir).code, 1, 'a valid domain still works');
    });
  });
});
