// The repository config file through the shipped CLI: found by walking up from the -f path,
// applied (external names, default namespace, ignore globs, severities), overridden by flags, and
// its own bad entries reported at their position.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TempWorkspace } from '../support/tempWorkspace';

const cli = path.join(__dirname, '../../../dist/cli.js');

const CONFIG = `defaultNamespace: shop
severity:
  service-selects-nothing: info
external:
  namespaces: [monitoring]
  services:
    - db/postgres
ignore:
  - vendor/**
dnsProfile: bind
`;

const APP = `apiVersion: v1
kind: ConfigMap
metadata: {name: conf}
data:
  DB: http://postgres.db:5432
  PROM: http://prometheus-k8s.monitoring:9090
  BAD: http://nosuch:80
---
apiVersion: v1
kind: Service
metadata: {name: lonely}
spec: {selector: {app: nobody}}
---
apiVersion: v1
kind: Pod
metadata: {name: worker, labels: {app: worker}}
spec: {containers: [{name: c}]}
`;

suite('cli: repository config file', () => {
  let workspace: TempWorkspace;
  setup(() => {
    workspace = new TempWorkspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.kube-service-dns.yaml': CONFIG,
      'deploy/app/app.yaml': APP,
      'vendor/x.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selector: {app: none}}\n',
    });
  });
  teardown(() => workspace.dispose());

  function check(cwd: string, ...args: string[]): string[] {
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...args], { cwd, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return (JSON.parse(r.stdout) as { problems: { file: string; line: number; column: number; severity: string; code: string; message: string }[] }).problems.map(
      (p) => `${p.file.split(path.sep).join('/')}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`,
    );
  }

  test('is found above the -f path and applies; its bad entry is reported at its position', () => {
    const problems = check(path.join(workspace.root, 'deploy'), '-f', 'app');
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0]!, /^\/.*\/\.kube-service-dns\.yaml:10:13 error config-invalid dnsProfile must be one of coredns, kube-dns, spec\. This entry is ignored\.$/);
    // postgres.db and prometheus-k8s.monitoring are declared external: no problem for them.
    assert.match(problems[1]!, /^app\/app\.yaml:7:15 warning unresolved-host nosuch does not resolve from namespace shop /);
    assert.match(problems[2]!, /^app\/app\.yaml:12:18 info service-selects-nothing Service shop\/lonely /);
  });

  test('ignore globs leave files out; command-line flags override the file', () => {
    const all = check(workspace.root, '-f', '.');
    assert.ok(!all.some((p) => p.startsWith('vendor/')), all.join('\n'));
    const flagged = check(workspace.root, '-f', '.', '--default-namespace', 'other', '--severity', 'service-selects-nothing=error');
    assert.ok(flagged.some((p) => / error service-selects-nothing Service other\/lonely /.test(p)), flagged.join('\n'));
  });

  test('no config above the repository root (.git) is read', () => {
    const nested = new TempWorkspace({ '.kube-service-dns.yaml': 'colour: blue\n', 'repo/.git/HEAD': 'x\n', 'repo/app.yaml': APP });
    try {
      const problems = check(nested.path('repo'), '-f', '.');
      assert.ok(!problems.some((p) => p.includes('config-invalid')), problems.join('\n'));
      assert.ok(problems.some((p) => p.includes('namespace default')), 'the defaults apply');
    } finally {
      nested.dispose();
    }
  });
});
