// The names a kustomize build records as selecting its objects (for navigation and rename): where
// each is written (exact spans, also inside an inline `patch: |-` block), what it selects, and the
// prefix/suffix around the declared name. And a patch of a generated ConfigMap (which the engine
// leaves out) does not stop the build, as it does not stop kustomize (kubectl is the oracle).
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildKustomization, type KustomizeHost, type NameReference } from '../../shared/src/index';
import { kubectlBuild, projectAll, requireKubectl, engineBuild } from '../support/kustomizeOracle';

function host(files: Record<string, string>): KustomizeHost {
  return { readFile: (p) => files[p] };
}

/** Each reference as `field file:written-text → Kind declared-name (prefix|suffix)`. */
function describe(references: readonly NameReference[], files: Record<string, string>): string[] {
  return references.map((r) => `${r.field} ${r.at.path}:${files[r.at.path]!.slice(r.at.span.start, r.at.span.end)} → ${r.kind} ${r.declaredName} (${r.prefix}|${r.suffix})`);
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n';

suite('kustomize: name references recorded by the build', () => {
  test('patch targets, patch files, inline block patches and replicas, with the prefix applied so far', () => {
    const files: Record<string, string> = {
      '/ws/base/kustomization.yaml': 'namePrefix: base-\nresources:\n  - app.yaml\n',
      '/ws/base/app.yaml': `${SERVICE}---\n${DEPLOYMENT}`,
      '/ws/prod/kustomization.yaml': [
        'namePrefix: prod-',
        'resources:',
        '  - ../base',
        'patches:',
        '  - target:',
        '      kind: Service',
        '      name: base-api',
        '    patch: |-',
        '      - op: add',
        '        path: /metadata/labels',
        '        value: {tier: web}',
        '  - patch: |-',
        '      apiVersion: apps/v1',
        '      kind: Deployment',
        '      metadata:',
        '        name: "api"',
        '      spec:',
        '        replicas: 2',
        '  - patch: "apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: api\\n"',
        '  - path: dep.yaml',
        'replicas:',
        '  - name: api',
        '    count: 3',
        '',
      ].join('\n'),
      '/ws/prod/dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  minReadySeconds: 5\n',
    };
    const build = buildKustomization('/ws/prod', host(files));
    assert.ok(build.buildable, build.notes.map((n) => n.message).join(' '));
    assert.deepEqual(describe(build.nameReferences, files), [
      'patch-target /ws/prod/kustomization.yaml:base-api → Service api (base-|)', // the name after the base's prefix
      'patch-name /ws/prod/kustomization.yaml:"api" → Deployment api (base-|)', // located inside the inline block
      // The double-quoted inline patch cannot be located character by character: not recorded.
      'patch-name /ws/prod/dep.yaml:api → Deployment api (base-|)',
      'replicas /ws/prod/kustomization.yaml:api → Deployment api (prod-base-|)',
    ]);
  });

  test('a regex target is recorded as a pattern; a kind-less target selects every kind of that name', () => {
    const files: Record<string, string> = {
      '/ws/app/kustomization.yaml': 'resources:\n  - app.yaml\npatches:\n  - target:\n      name: api\n    patch: |-\n      - op: add\n        path: /metadata/labels\n        value: {a: b}\n  - target:\n      kind: Service\n      name: "a.*"\n    patch: |-\n      - op: add\n        path: /metadata/annotations\n        value: {a: b}\n',
      '/ws/app/app.yaml': `${SERVICE}---\n${DEPLOYMENT}`,
    };
    const build = buildKustomization('/ws/app', host(files));
    assert.deepEqual(
      build.nameReferences.map((r) => `${r.kind} ${r.written} ${r.pattern}`),
      ['Service api false', 'Deployment api false', 'Service a.* true'],
    );
  });

  test('a patch of a generated ConfigMap does not stop the build (kubectl builds the same other objects)', function () {
    const files: Record<string, string> = {
      'base/kustomization.yaml': 'resources:\n  - app.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - LEVEL=info\n',
      'base/app.yaml': DEPLOYMENT,
      'prod/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\npatches:\n  - path: settings.yaml\n  - path: dep.yaml\n',
      'prod/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LEVEL: warn\n',
      'prod/dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n',
    };
    const root = mkdtempSync(path.join(tmpdir(), 'ksd-generated-'));
    try {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      const { build, objects } = engineBuild(path.join(root, 'prod'), root);
      assert.ok(build.buildable, build.notes.map((n) => n.message).join(' '));
      assert.deepEqual(build.nameReferences.map((r) => `${r.field} ${r.kind} ${r.written}`), ['patch-name Deployment api']);
      requireKubectl(this);
      // kubectl also makes the generated ConfigMap (prod-settings-<hash>), which the engine leaves out.
      const expected = projectAll(kubectlBuild(path.join(root, 'prod')).filter((o) => !(o as { kind?: string }).kind?.startsWith('ConfigMap')));
      assert.deepEqual([...projectAll(objects)], [...expected]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
