// Kustomizations of real repositories, built by the engine and by `kubectl kustomize`, compared on
// the fields the fixture differential compares. The repositories are not in this repository: give
// their folders in KSD_KUSTOMIZE_REPOS (separated by the path delimiter); without it this suite
// says so and does not run. Each repository's figures (built, fell back, matched kubectl) are
// printed; a kustomization the engine builds differently from kubectl fails the test.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { engineBuild, kubectlAvailable, kubectlBuild, projectAll } from '../support/kustomizeOracle';

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function kustomizationDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name !== '.git' && statSync(full, { throwIfNoEntry: false })?.isDirectory()) out.push(...kustomizationDirs(full));
  }
  const file = NAMES.map((n) => path.join(dir, n)).find((f) => existsSync(f));
  if (file && !/^kind:\s*Component\s*$/m.test(readFileSync(file, 'utf8'))) out.push(dir);
  return out;
}

/**
 * A known difference that no DNS answer depends on: a block scalar (`|`) ending the file without
 * a line break is read by the \`yaml\` library with one, by kubectl without; ConfigMap data is
 * compared without final line breaks.
 */
function withoutFinalNewlines(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const data = fields?.data as Record<string, string> | null | undefined;
  if (!fields || !data) return fields;
  return { ...fields, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.replace(/\n+$/, '')])) };
}

const repos = (process.env.KSD_KUSTOMIZE_REPOS ?? '').split(path.delimiter).filter(Boolean);

suite('kustomize: real repositories against kubectl kustomize (KSD_KUSTOMIZE_REPOS)', () => {
  if (repos.length === 0) {
    test('not run: KSD_KUSTOMIZE_REPOS names no repository folder', function () {
      this.skip();
    });
    return;
  }
  for (const repo of repos) {
    test(repo, function () {
      this.timeout(600_000);
      assert.ok(kubectlAvailable(), 'kubectl is needed to compare');
      const root = path.resolve(repo);
      const figures = { kustomizations: 0, built: 0, fellBack: 0, kubectlFails: 0, matched: 0 };
      const differences: string[] = [];
      for (const dir of kustomizationDirs(root)) {
        figures.kustomizations++;
        const { build, objects } = engineBuild(dir, root);
        if (!build.buildable) {
          figures.fellBack++;
          continue;
        }
        figures.built++;
        let expected: ReturnType<typeof projectAll>;
        try {
          expected = projectAll(kubectlBuild(dir));
        } catch (error) {
          // kustomize rejects it (or needs the network): the engine should have fallen back.
          figures.kubectlFails++;
          differences.push(`${path.relative(root, dir)}: the engine built it, kubectl fails: ${String((error as { stderr?: string }).stderr ?? error).split('\n')[0]}`);
          continue;
        }
        const actual = projectAll(objects);
        // Objects made by configMapGenerator/secretGenerator are left out by design (noted on the kustomization).
        if (build.notes.some((n) => n.feature === 'configMapGenerator' || n.feature === 'secretGenerator')) {
          for (const id of [...expected.keys()]) if (/^(ConfigMap|Secret)\//.test(id) && !actual.has(id)) expected.delete(id);
        }
        const ids = (m: Map<string, unknown>) => [...m.keys()].sort().join(' ');
        if (ids(actual) !== ids(expected)) {
          differences.push(`${path.relative(root, dir)}: object ids differ: engine ${ids(actual)} / kubectl ${ids(expected)}`);
          continue;
        }
        const differing = [...expected].filter(([id, fields]) => !isDeepStrictEqual(withoutFinalNewlines(actual.get(id)), withoutFinalNewlines(fields))).map(([id]) => id);
        if (differing.length) differences.push(`${path.relative(root, dir)}: ${differing.join(', ')} differ`);
        else figures.matched++;
      }
      process.stdout.write(`      ${path.basename(root)}: ${JSON.stringify(figures)}\n`);
      assert.deepEqual(differences, []);
    });
  }
});
