// The documents users read agree with what ships: the README lists every setting and problem
// code, its CI recipe is the committed workflow file, and nothing in the repository points at a
// path outside it (the one exception: test/realworld/corpus.ts, which finds the real-world corpus).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROBLEM_CODES } from '../../shared/src/index';

const ROOT = path.resolve(__dirname, '../../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> }; commands: { title: string }[] };
};

suite('package: the documents', () => {
  test('the README has a row for every kubeServiceDns.* setting and every problem code', () => {
    for (const setting of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`| \`${setting}\` |`), `README: no row for ${setting}`);
    for (const [code, { severity }] of Object.entries(PROBLEM_CODES)) assert.match(readme, new RegExp(`^\\| \`${code}\` \\| ${severity} \\|`, 'm'), `README: no row "${code} | ${severity}"`);
  });

  test('the README opens for users: one sentence, then the screenshots; development steps are in CONTRIBUTING.md', () => {
    const [title, lead] = readme.split('\n\n');
    assert.match(title!, /^# Kubernetes Service DNS$/);
    assert.match(lead!, /^\*\*[^*]+\*\*$/, 'a one-sentence lead in bold');
    const firstImage = readme.indexOf('![');
    assert.ok(firstImage > 0 && firstImage < readme.indexOf('\n## '), 'screenshots before the first section');
    const build = readme.slice(readme.indexOf('## Build from source'));
    assert.match(build, /npm ci && npm start/);
    assert.match(build, /npm test/);
    assert.doesNotMatch(readme, /npm run test:(unit|cli|lsp|fuzz|editor)/, 'test scripts belong in CONTRIBUTING.md');
    assert.match(readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8'), /npm run test:unit/);
  });

  test('the CI recipe in the README is docs/ci/github-code-scanning.yml: check --format sarif, then upload-sarif', () => {
    const file = readFileSync(path.join(ROOT, 'docs/ci/github-code-scanning.yml'), 'utf8');
    assert.ok(readme.includes(`\`\`\`yaml\n${file}\`\`\``), 'the README shows the workflow file as it is');
    const workflow = parseYaml(file) as { permissions: Record<string, string>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }> };
    assert.equal(workflow.permissions['security-events'], 'write');
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const check = steps.findIndex((s) => s.run !== undefined && /npx --yes kube-service-dns@[\d.]+ check .*--format sarif/.test(s.run));
    const upload = steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') === true);
    assert.ok(check >= 0 && upload > check, 'check --format sarif, then upload-sarif');
    const output = /> (\S+)$/.exec(steps[check]!.run!)![1];
    assert.equal(steps[upload]!.with!['sarif_file'], output, 'upload-sarif reads the file check wrote');
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'cli/package.json'), 'utf8')) as { version: string }).version;
    assert.ok(steps[check]!.run!.includes(`kube-service-dns@${version} `), 'the recipe pins the current CLI version');
  });

  test('no file in the repository refers to a path outside it, except where corpus.ts finds the corpus', () => {
    const grep = spawnSync('git', ['grep', '-nE', '/wor[k]/|share[d]/(realworld|notes|seed)\\b'], { cwd: ROOT, encoding: 'utf8' });
    assert.ok(grep.status === 0 || grep.status === 1, `git grep failed: ${grep.stderr}`);
    const outside = grep.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('test/realworld/corpus.ts:'));
    assert.deepEqual(outside, []);
  });
});
