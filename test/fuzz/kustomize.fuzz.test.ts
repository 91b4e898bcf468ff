// Generated kustomizations — a base and a chain of overlays, each with a random mix of namespace,
// prefix/suffix, labels, replicas, strategic-merge and JSON patches and components — written to a
// temp dir and built by the engine and by `kubectl kustomize`. Every level of the chain is compared.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FUZZ_RUNS, FUZZ_SEED, fuzzParameters } from './fuzzConfig';
import { assertSameBuild, requireKubectl } from '../support/kustomizeOracle';

/** kubectl takes about half a second per build: fewer runs than the engine fuzzers by default. */
const RUNS = Math.max(5, Math.round(FUZZ_RUNS / 12));

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega');
const label = fc.record({ key: fc.constantFrom('app', 'tier', 'env', 'team', 'track'), value: word });

interface App {
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly headless: boolean;
  readonly replicas: number;
  readonly env: readonly { name: string; value: string }[];
  readonly protocol: boolean;
}

const app: fc.Arbitrary<App> = fc.record({
  name: fc.constantFrom('web', 'db', 'cache', 'queue'),
  kind: fc.constantFrom('Deployment' as const, 'StatefulSet' as const),
  headless: fc.boolean(),
  replicas: fc.integer({ min: 1, max: 5 }),
  env: fc.uniqueArray(fc.record({ name: fc.constantFrom('HOST', 'PEER', 'URL', 'MODE'), value: fc.constantFrom('db', 'http://web:80', 'cache.shared.svc', 'queue-0.queue') }), {
    selector: (e) => e.name,
    maxLength: 3,
  }),
  protocol: fc.boolean(),
});

function baseObjects(apps: readonly App[]): object[] {
  return apps.flatMap((a) => [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: a.name, labels: { app: a.name } },
      spec: {
        ...(a.headless ? { clusterIP: 'None' } : {}),
        selector: { app: a.name },
        ports: [{ name: 'main', port: 8080, ...(a.protocol ? { protocol: 'TCP' } : {}) }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: a.kind,
      metadata: { name: a.name },
      spec: {
        ...(a.kind === 'StatefulSet' ? { serviceName: a.name } : {}),
        replicas: a.replicas,
        selector: { matchLabels: { app: a.name } },
        template: {
          metadata: { labels: { app: a.name } },
          spec: { containers: [{ name: 'main', image: 'img:1', env: a.env, ports: [{ name: 'main', containerPort: 8080 }] }] },
        },
      },
    },
  ]);
}

interface Overlay {
  readonly namespace: string | null;
  readonly prefix: string | null;
  readonly suffix: string | null;
  readonly commonLabels: readonly { key: string; value: string }[];
  readonly labels: { pairs: readonly { key: string; value: string }[]; includeSelectors: boolean; includeTemplates: boolean } | null;
  readonly replicas: number | null;
  readonly envPatch: { name: string; value: string } | null;
  readonly headlessPatch: boolean | null;
  readonly portPatch: boolean;
  readonly jsonPatch: boolean;
  readonly component: boolean;
}

const overlay: fc.Arbitrary<Overlay> = fc.record({
  namespace: fc.option(fc.constantFrom('prod', 'staging', 'team-a'), { nil: null }),
  prefix: fc.option(fc.constantFrom('p-', 'x-', 'eu-'), { nil: null }),
  suffix: fc.option(fc.constantFrom('-v2', '-stg'), { nil: null }),
  commonLabels: fc.uniqueArray(label, { selector: (l) => l.key, maxLength: 2 }),
  // Keys of the selectors too: an overlay's `labels` without includeSelectors that sets a key a
  // base's commonLabels put into selectors rewrites those selectors as well (kyaml shares one
  // value node between the fields one label transformer set; the engine does the same).
  labels: fc.option(
    fc.record({
      pairs: fc.uniqueArray(fc.oneof(label, fc.record({ key: fc.constantFrom('owner', 'cost-center'), value: word })), { selector: (l) => l.key, minLength: 1, maxLength: 2 }),
      includeSelectors: fc.boolean(),
      includeTemplates: fc.boolean(),
    }),
    { nil: null },
  ),
  replicas: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
  envPatch: fc.option(fc.record({ name: fc.constantFrom('HOST', 'REGION', 'URL'), value: fc.constantFrom('db.prod', 'eu', 'http://cache:6379') }), { nil: null }),
  headlessPatch: fc.option(fc.boolean(), { nil: null }),
  portPatch: fc.boolean(),
  jsonPatch: fc.boolean(),
  component: fc.boolean(),
});

const overlayChain = fc.array(overlay, { minLength: 1, maxLength: 3 });

function pairs(list: readonly { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => [l.key, l.value]));
}

/** Writes the overlay in `dir` on top of `parent` (a relative path), patching the base's first app. */
function writeOverlay(root: string, dir: string, parent: string, o: Overlay, target: App): void {
  const k: Record<string, unknown> = { resources: [parent] };
  if (o.namespace) k['namespace'] = o.namespace;
  if (o.prefix) k['namePrefix'] = o.prefix;
  if (o.suffix) k['nameSuffix'] = o.suffix;
  if (o.commonLabels.length > 0) k['commonLabels'] = pairs(o.commonLabels);
  if (o.labels) k['labels'] = [{ pairs: pairs(o.labels.pairs), includeSelectors: o.labels.includeSelectors, includeTemplates: o.labels.includeTemplates }];
  // Patches and replicas name the object as the base wrote it: kustomize matches any earlier id.
  if (o.replicas !== null) k['replicas'] = [{ name: target.name, count: o.replicas }];
  const patches: unknown[] = [];
  if (o.envPatch) {
    const patch = {
      apiVersion: 'apps/v1',
      kind: target.kind,
      metadata: { name: target.name },
      spec: { template: { spec: { containers: [{ name: 'main', env: [o.envPatch] }] } } },
    };
    writeFileSync(path.join(root, dir, 'env-patch.yaml'), stringify(patch));
    patches.push({ path: 'env-patch.yaml' });
  }
  if (o.headlessPatch !== null || o.portPatch) {
    const spec: Record<string, unknown> = {};
    if (o.headlessPatch !== null) spec['clusterIP'] = o.headlessPatch ? 'None' : null;
    if (o.portPatch) spec['ports'] = [{ name: 'metrics', port: 9090, protocol: 'TCP' }];
    patches.push({ target: { kind: 'Service', name: target.name }, patch: stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'any' }, spec }) });
  }
  if (o.jsonPatch) {
    patches.push({
      target: { group: 'apps', version: 'v1', kind: target.kind },
      patch: stringify([{ op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'ADDED', value: 'http://db:5432' } }]),
    });
  }
  if (patches.length > 0) k['patches'] = patches;
  if (o.component) {
    const component = path.join(dir, 'component');
    mkdirSync(path.join(root, component), { recursive: true });
    writeFileSync(
      path.join(root, component, 'kustomization.yaml'),
      stringify({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', labels: [{ pairs: { component: 'enabled' } }], resources: ['extra.yaml'] }),
    );
    writeFileSync(
      path.join(root, component, 'extra.yaml'),
      stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `extra-${dir.replace(/\W/g, '')}` }, spec: { selector: { app: target.name }, ports: [{ port: 1 }] } }),
    );
    k['components'] = ['component'];
  }
  writeFileSync(path.join(root, dir, 'kustomization.yaml'), stringify(k));
}

suite(`fuzz: kustomize builds against kubectl kustomize (runs=${RUNS}, seed=${FUZZ_SEED}; replay with --seed)`, function () {
  let compared = 0;
  let objects = 0;

  test('generated bases and overlay chains build the same objects', function () {
    this.timeout(RUNS * 20_000);
    requireKubectl(this);
    const apps = fc.uniqueArray(app, { selector: (a) => a.name, minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(apps, overlayChain, (baseApps, chain) => {
        const root = mkdtempSync(path.join(tmpdir(), 'ksd-kustomize-'));
        try {
          mkdirSync(path.join(root, 'base'));
          writeFileSync(path.join(root, 'base', 'apps.yaml'), baseObjects(baseApps).map((o) => stringify(o)).join('---\n'));
          writeFileSync(path.join(root, 'base', 'kustomization.yaml'), stringify({ resources: ['apps.yaml'] }));
          let parent = 'base';
          const dirs = ['base'];
          chain.forEach((o, i) => {
            const dir = `overlay${i}`;
            mkdirSync(path.join(root, dir));
            writeOverlay(root, dir, `../${parent}`, o, baseApps[0]!);
            parent = dir;
            dirs.push(dir);
          });
          for (const dir of dirs) {
            objects += assertSameBuild(path.join(root, dir), root);
            compared++;
          }
        } finally {
          if (!process.env['KSD_KEEP_FUZZ_DIRS']) rmSync(root, { recursive: true, force: true });
        }
      }),
      fuzzParameters(RUNS),
    );
    assert.ok(compared >= RUNS * 2 && objects > compared, `compared ${compared} kustomizations, ${objects} objects`);
    if (this.test) this.test.title += ` (compared ${compared} kustomizations, ${objects} objects)`;
  });
});
