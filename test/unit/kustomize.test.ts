// The engine's kustomize build without kubectl: where each field came from, what falls back to
// the raw files (with one note naming the feature), and that bad input never throws.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeOverlay, buildKustomization, withDefaults, type KustomizationBuild, type KustomizeHost, type KNode } from '../../shared/src/index';
import { BASE_APP } from '../support/kustomizeFiles';
import { diskHost } from '../support/kustomizeOracle';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/kustomize');

function memoryHost(files: Record<string, string>): KustomizeHost {
  return { readFile: (p) => files[p] };
}

function find(build: KustomizationBuild, kind: string, name: string) {
  const found = build.resources.find((r) => r.kind === kind && r.name === name);
  assert.ok(found, `${kind} ${name} not built; got ${build.resources.map((r) => `${r.kind}/${r.name}`).join(', ')}`);
  return found;
}

function at(node: KNode, ...keys: (string | number)[]): KNode {
  let current: KNode | undefined = node;
  for (const key of keys) {
    if (!current) break;
    if (typeof key === 'number') current = current.kind === 'seq' ? current.items[key] : undefined;
    else current = current.kind === 'map' ? current.entries.find((e) => e.key === key)?.value : undefined;
  }
  assert.ok(current, `no ${keys.join('.')}`);
  return current;
}

function originText(host: KustomizeHost, node: KNode): { file: string; text: string } {
  const text = host.readFile(node.origin.path) ?? '';
  return { file: path.relative(fixtures, node.origin.path), text: text.slice(node.origin.span.start, node.origin.span.end) };
}

suite('kustomize: build without kubectl', () => {
  const host = diskHost(fixtures);

  test('each field points at the file that set it: base, patch or kustomization', () => {
    const build = buildKustomization(path.join(fixtures, 'shop/overlays/prod'), host);
    assert.ok(build.buildable);
    const web = find(build, 'Deployment', 'prod-web');
    const env = at(web.node, 'spec', 'template', 'spec', 'containers', 0, 'env');
    assert.equal(env.kind, 'seq');
    const values = new Map(env.items.map((item) => [String((at(item, 'name') as { value: unknown }).value), at(item, 'value')]));
    assert.deepEqual(originText(host, values.get('LOG_LEVEL')!), { file: 'shop/overlays/prod/web-env.yaml', text: 'warn' });
    assert.deepEqual(originText(host, values.get('DATABASE_URL')!), { file: 'shop/base/web.yaml', text: 'postgres://db:5432/shop' });
    assert.deepEqual(originText(host, at(web.node, 'metadata', 'namespace')), { file: 'shop/overlays/prod/kustomization.yaml', text: 'prod' });
    // A renamed object's name still points at the name as written in the base.
    assert.deepEqual(originText(host, at(web.node, 'metadata', 'name')), { file: 'shop/base/web.yaml', text: 'web' });
    assert.deepEqual(originText(host, at(web.node, 'spec', 'selector', 'matchLabels', 'env')), { file: 'shop/overlays/prod/kustomization.yaml', text: 'prod' });
    assert.deepEqual(originText(host, at(web.node, 'spec', 'replicas')), { file: 'shop/overlays/prod/kustomization.yaml', text: '5' });
    assert.equal(path.relative(fixtures, web.sourcePath), 'shop/base/web.yaml');
    assert.deepEqual(
      build.includes.map((dir) => path.relative(fixtures, dir)),
      ['shop/base'],
    );
  });

  test('an inline patch points at the patch in the kustomization', () => {
    const build = buildKustomization(path.join(fixtures, 'shop/overlays/dev'), host);
    const web = find(build, 'Service', 'web');
    const origin = originText(host, at(web.node, 'spec', 'clusterIP'));
    assert.equal(origin.file, 'shop/overlays/dev/kustomization.yaml');
    assert.match(origin.text, /op: add\n\s+path: \/spec\/clusterIP/);
  });

  const fallbacks: [string, string, RegExp][] = [
    ['helm', 'helmCharts', /helmCharts is not reproduced/],
    ['remote', 'remote', /Remote resource https:\/\/github\.com/],
    ['replacements', 'replacements', /replacements are reproduced only in their simple form, not target reject or options/],
    ['missing', 'resources', /neither a file nor a kustomization directory inside the workspace/],
  ];
  for (const [dir, feature, message] of fallbacks) {
    test(`${dir}: one note naming ${feature}, and the raw files are used instead`, () => {
      const build = buildKustomization(path.join(fixtures, 'fallback', dir), host);
      assert.equal(build.buildable, false);
      assert.deepEqual(build.resources, []);
      assert.equal(build.notes.length, 1, build.notes.map((n) => n.message).join('\n'));
      assert.equal(build.notes[0]!.feature, feature);
      assert.match(build.notes[0]!.message, message);
      assert.equal(path.relative(fixtures, build.notes[0]!.path), `fallback/${dir}/kustomization.yaml`);
    });
  }

  test('a base that falls back makes its overlay fall back too', () => {
    const build = buildKustomization('/w/o', memoryHost({ '/w/o/kustomization.yaml': 'resources: [../b]\nnamePrefix: x-\n', '/w/b/kustomization.yaml': 'helmCharts: [{name: redis}]\n' }));
    assert.equal(build.buildable, false);
    assert.equal(build.notes[0]!.path, '/w/b/kustomization.yaml');
  });

  test('a remote patch is one note that says it is remote, and the build falls back', () => {
    const build = buildKustomization('/w/o', memoryHost({ '/w/o/kustomization.yaml': 'resources: [app.yaml]\npatches:\n  - path: https://example.com/patch.yaml\n', '/w/o/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' }));
    assert.equal(build.buildable, false);
    assert.deepEqual(build.notes.map((n) => n.message), ['Remote patch https://example.com/patch.yaml cannot be read offline; the raw files are analysed instead.']);
  });

  test('generators are noted but do not stop the build', () => {
    const build = buildKustomization(
      '/w',
      memoryHost({
        '/w/kustomization.yaml': 'resources: [s.yaml]\nconfigMapGenerator:\n  - name: env\n    literals: [A=b]\n',
        '/w/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
      }),
    );
    assert.equal(build.buildable, true);
    assert.deepEqual(build.notes.map((n) => n.feature), ['configMapGenerator']);
    assert.equal(build.resources.length, 1);
  });

  const hostile: Record<string, Record<string, string>> = {
    'not YAML': { '/w/kustomization.yaml': 'resources: [unclosed\n' },
    'a list, not a mapping': { '/w/kustomization.yaml': '- a\n- b\n' },
    'resources is a string': { '/w/kustomization.yaml': 'resources: s.yaml\n' },
    'includes itself': { '/w/kustomization.yaml': 'resources: [.]\n' },
    'a cycle through two directories': { '/w/kustomization.yaml': 'resources: [a]\n', '/w/a/kustomization.yaml': 'resources: [..]\n' },
    'a patch for nothing': { '/w/kustomization.yaml': 'patches:\n  - patch: |\n      kind: Service\n      apiVersion: v1\n      metadata: {name: x}\n' },
    'a JSON patch on a missing path': {
      '/w/kustomization.yaml': 'resources: [s.yaml]\npatches:\n  - target: {kind: Service}\n    patch: "[{op: remove, path: /spec/nothing}]"\n',
      '/w/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
    },
    'the same object twice': { '/w/kustomization.yaml': 'resources: [s.yaml, s.yaml]\n', '/w/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' },
    'replicas for nothing': { '/w/kustomization.yaml': 'replicas: [{name: x, count: 2}]\n' },
  };
  for (const [name, files] of Object.entries(hostile)) {
    test(`never throws: ${name}`, () => {
      const build = buildKustomization('/w', memoryHost(files));
      assert.equal(build.buildable, false);
      assert.ok(build.notes.length >= 1);
      for (const note of build.notes) assert.ok(note.message.length > 10 && note.path.startsWith('/w/'));
    });
  }

  test("a resource or patch file outside the kustomization's folder falls back, as kustomize's load restrictions fail the build", () => {
    const app = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n    - port: 5432\n';
    const files: Record<string, string> = {
      '/w/app.yaml': app,
      '/w/variant/kustomization.yaml': 'resources:\n  - ../app.yaml\n',
      '/w/patched/kustomization.yaml': 'resources:\n  - app.yaml\npatches:\n  - path: ../patch.yaml\n',
      '/w/patched/app.yaml': app,
      '/w/patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n',
      '/w/ok/kustomization.yaml': 'resources:\n  - sub/app.yaml\n',
      '/w/ok/sub/app.yaml': app,
    };
    const host = memoryHost(files);
    for (const dir of ['/w/variant', '/w/patched']) {
      const build = buildKustomization(dir, host);
      assert.equal(build.buildable, false, dir);
      assert.match(build.notes.map((n) => n.message).join(' '), /is a file outside this kustomization's folder, which kustomize build rejects/);
    }
    assert.ok(buildKustomization('/w/ok', host).buildable, 'a file below the folder is fine');
  });

  test('a directory without a kustomization is one note', () => {
    const build = buildKustomization('/w', memoryHost({}));
    assert.equal(build.buildable, false);
    assert.match(build.notes[0]!.message, /no kustomization file/);
  });
});

suite('kustomize: suppressing what an overlay reports', () => {
  const app = (comment: string) => BASE_APP.replace('postgres://db:5432/shop\n', `postgres://db:5432/shop${comment}\n`);
  const overlay = (metadata: string) => `${metadata}resources:\n  - ../base\nnamePrefix: prod-\n`;

  function reported(files: Record<string, string>): string[] {
    const host = memoryHost(files);
    const build = buildKustomization('/w/prod', host);
    assert.ok(build.buildable, build.notes.map((n) => n.message).join(' '));
    return analyzeOverlay(build, 'prod', withDefaults({}), (p) => host.readFile(p)).problems.map((p) => `${p.path} ${p.code}`);
  }

  const base = { '/w/base/kustomization.yaml': 'resources:\n  - app.yaml\n' };

  test('without a directive the renamed host is reported on the base line', () => {
    assert.deepEqual(reported({ ...base, '/w/base/app.yaml': app(''), '/w/prod/kustomization.yaml': overlay('') }), ['/w/base/app.yaml kustomize-renamed-host']);
  });

  test('a comment on the base line suppresses it (in every overlay)', () => {
    const files = { ...base, '/w/base/app.yaml': app('  # kube-service-dns-disable-line kustomize-renamed-host -- rewritten by our entrypoint'), '/w/prod/kustomization.yaml': overlay('') };
    assert.deepEqual(reported(files), []);
  });

  test('a comment for another code does not', () => {
    const files = { ...base, '/w/base/app.yaml': app('  # kube-service-dns-disable-line unresolved-host'), '/w/prod/kustomization.yaml': overlay('') };
    assert.deepEqual(reported(files), ['/w/base/app.yaml kustomize-renamed-host']);
  });

  test("the annotation on the overlay's kustomization suppresses it in that overlay", () => {
    const annotated = overlay('metadata:\n  name: prod\n  annotations:\n    kube-service-dns.io/disable: kustomize-renamed-host\n');
    assert.deepEqual(reported({ ...base, '/w/base/app.yaml': app(''), '/w/prod/kustomization.yaml': annotated }), []);
    const other = overlay('metadata:\n  name: prod\n  annotations:\n    kube-service-dns.io/disable: service-selects-nothing\n');
    assert.deepEqual(reported({ ...base, '/w/base/app.yaml': app(''), '/w/prod/kustomization.yaml': other }), ['/w/base/app.yaml kustomize-renamed-host']);
  });

  test('an unknown code in a base comment is not repeated per overlay (the file reports it once)', () => {
    const files = { ...base, '/w/base/app.yaml': app('  # kube-service-dns-disable-line kustomize-renamed-hots'), '/w/prod/kustomization.yaml': overlay('') };
    assert.deepEqual(reported(files), ['/w/base/app.yaml kustomize-renamed-host']);
  });
});
