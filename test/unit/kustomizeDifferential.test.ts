// Every fixture kustomization under test/fixtures/kustomize is built by the engine and by real
// kustomize (`kubectl kustomize`), and the two object sets are compared on what DNS depends on.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { assertSameBuild, requireKubectl } from '../support/kustomizeOracle';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/kustomize');

/** Fixtures that use what the engine does not reproduce: checked in kustomize.test.ts, not here. */
const FALLBACK = path.join(fixtures, 'fallback');

function kustomizationDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...kustomizationDirs(full));
  }
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((name) => existsSync(path.join(dir, name)))) out.push(dir);
  return out;
}

function isComponent(dir: string): boolean {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((name) => {
    const file = path.join(dir, name);
    return existsSync(file) && /^kind:\s*Component\s*$/m.test(readFileSync(file, 'utf8'));
  });
}

suite('kustomize: differential against kubectl kustomize (fixtures)', () => {
  const dirs = kustomizationDirs(fixtures).filter((dir) => !dir.startsWith(FALLBACK) && !isComponent(dir));

  test('the fixtures cover every supported field', () => {
    assert.ok(dirs.length >= 12, `only ${dirs.length} fixture kustomizations`);
  });

  for (const dir of dirs) {
    test(path.relative(fixtures, dir), function () {
      this.timeout(60_000);
      requireKubectl(this);
      const count = assertSameBuild(dir, fixtures);
      assert.ok(count > 0, 'kubectl built no objects');
    });
  }
});
