// The quick fix for a host an overlay's rename leaves behind, against real kustomize: on a copy of
// every fixture overlay, each offered patch is applied to the kustomization on disk, and then
// `kubectl kustomize` must build the rewritten name into the value, the engine must still build
// what kubectl builds, and the problem must be gone.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeOverlay, buildKustomization, withDefaults, type Fix, type Plain, type Problem } from '../../shared/src/index';
import { assertSameBuild, diskHost, kubectlBuild, requireKubectl } from '../support/kustomizeOracle';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/kustomize');
const OVERLAYS = ['shop/overlays/prod', 'fixes/overlay'];

function renamedHosts(root: string, dir: string): Problem[] {
  const host = diskHost(root);
  const build = buildKustomization(path.join(root, dir), host);
  assert.ok(build.buildable, build.notes.map((n) => n.message).join(' '));
  const context = { readOnlyByThisOverlay: () => false, displayPath: (p: string) => path.relative(root, p) };
  return analyzeOverlay(build, dir, withDefaults({}), (p) => host.readFile(p), [], context).problems.filter((p) => p.code === 'kustomize-renamed-host');
}

function applyFix(fix: Fix): void {
  for (const edit of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
    const text = readFileSync(edit.path, 'utf8');
    writeFileSync(edit.path, text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end));
  }
}

/** Every string kubectl builds (env values, args, ConfigMap data…). */
function builtValues(dir: string): string[] {
  const out: string[] = [];
  const walk = (value: Plain): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  kubectlBuild(dir).forEach(walk);
  return out;
}

suite('kustomize: the renamed-host fix, checked with kubectl kustomize', () => {
  let root: string;
  setup(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ksd-kfix-'));
    cpSync(fixtures, root, { recursive: true });
  });
  teardown(() => rmSync(root, { recursive: true, force: true }));

  for (const overlay of OVERLAYS) {
    test(overlay, function () {
      this.timeout(120_000);
      requireKubectl(this);
      const dir = path.join(root, overlay);
      const before = renamedHosts(root, overlay);
      assert.ok(before.length > 0, 'the fixture has a renamed host');
      let applied = 0;
      for (let problems = before; problems.length > 0; problems = renamedHosts(root, overlay)) {
        assert.ok(applied < before.length, `still ${problems.length} after ${applied} fixes: ${problems.map((p) => p.message).join(' | ')}`);
        const problem = problems[0]!;
        const patch = problem.fixes?.find((f) => f.preferred);
        assert.ok(patch, `no patch fix for: ${problem.message}`);
        assert.match(patch.title, new RegExp(`^Use \\S+ in ${overlay} only: patch `));
        assert.deepEqual(patch.edits.map((e) => path.relative(root, e.path)), [path.relative(root, path.join(dir, path.basename(buildKustomization(dir, diskHost(root)).path)))], 'the fix edits the overlay kustomization only');
        const suggestion = / Use (\S+) here/.exec(problem.message)![1]!;
        const withSuggestion = builtValues(dir).filter((v) => v.includes(suggestion)).length;
        applyFix(patch);
        applied++;
        assert.ok(builtValues(dir).filter((v) => v.includes(suggestion)).length > withSuggestion, `kubectl builds ${suggestion} into a value after: ${patch.title}`);
        assertSameBuild(dir, root);
      }
      assert.equal(applied, before.length, 'one fix per problem');
    });
  }
});
