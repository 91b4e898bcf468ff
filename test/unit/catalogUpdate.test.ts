// The incremental catalog: after any sequence of file changes, an updated catalog answers exactly
// as one built from scratch over the same files (same objects, same order), and the facts it
// reports as changed cover every file whose problems changed (reads observed with observeReads).
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Catalog, checkFile, extractFile, withDefaults, type CatalogFact, type FileModel } from '../../shared/src/index';

const root = path.join(__dirname, '../../..');
const options = withDefaults({});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry) ? [full] : [];
    });
}

const examples = yamlFiles(path.join(root, 'examples')).map((f) => readFileSync(f, 'utf8'));

/** Small manifests over a tiny name space, so that files often declare the same Service or namespace. */
const NAMES = ['web', 'db', 'api', 'cache'];
const NAMESPACES = ['default', 'shop', 'data', 'kube-system'];
const manifest = fc
  .record({
    kind: fc.constantFrom('Service', 'StatefulSet', 'Deployment', 'Namespace', 'EndpointSlice', 'ConfigMap'),
    name: fc.constantFrom(...NAMES),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    headless: fc.boolean(),
    app: fc.constantFrom(...NAMES),
    host: fc.constantFrom('web-0.web', 'db.shop', 'api.data.svc.cluster.local', 'cahce', 'webb.shop', 'db-1.db.data'),
  })
  .map(({ kind, name, namespace, headless, app, host }) => {
    const ns = namespace ? `\n  namespace: ${namespace}` : '';
    switch (kind) {
      case 'Service':
        return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}${ns}\nspec:\n${headless ? '  clusterIP: None\n' : ''}  selector:\n    app: ${app}\n  ports:\n    - port: 80\n      targetPort: http\n`;
      case 'Namespace':
        return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace ?? name}\n`;
      case 'EndpointSlice':
        return `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${name}-1${ns}\n  labels:\n    kubernetes.io/service-name: ${app}\naddressType: IPv4\nendpoints:\n  - addresses: [10.0.0.1]\n`;
      case 'ConfigMap':
        return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}${ns}\ndata:\n  URL: http://${host}:80\n`;
      default:
        return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}${ns}\nspec:\n${kind === 'StatefulSet' ? `  serviceName: ${app}\n` : ''}  replicas: 2\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: c\n          image: x\n          ports:\n            - name: http\n              containerPort: 80\n          env:\n            - name: PEER\n              value: ${host}\n`;
    }
  });
const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(manifest, { minLength: 0, maxLength: 4 }).map((docs) => docs.join('---\n')) },
  { weight: 1, arbitrary: fc.constantFrom(...examples) },
);
const PATHS = ['a.yaml', 'b.yaml', 'c/d.yaml', 'c/e.yaml', 'f.yaml'];
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ path: fc.constantFrom(...PATHS), text }) },
  { weight: 1, arbitrary: fc.record({ path: fc.constantFrom(...PATHS), text: fc.constant(null) }) },
);

/** Everything a catalog answers, for the names and namespaces the files could mention. */
function answers(catalog: Catalog): unknown {
  const namespaces = [...new Set([...NAMESPACES, ...catalog.allNamespaces(), 'nowhere', 'web', 'db'])];
  const names = [...NAMES, 'nothing'];
  return {
    paths: [...catalog.files.keys()],
    models: [...catalog.files.values()],
    size: catalog.files.size,
    services: catalog.services(),
    namespaces: catalog.allNamespaces(),
    perNamespace: namespaces.map((ns) => ({
      exists: catalog.namespaceExists(ns),
      services: catalog.servicesIn(ns),
      workloads: catalog.workloadsIn(ns),
      perName: names.map((name) => [catalog.service(ns, name), catalog.serviceDeclarations(ns, name), catalog.slicesFor(ns, name)]),
    })),
    perName: names.map((name) => [catalog.hasServiceNamed(name), catalog.servicesNamed(name)]),
  };
}

function problemsWithReads(catalog: Catalog): Map<string, { problems: unknown; reads: Set<CatalogFact> }> {
  const result = new Map<string, { problems: unknown; reads: Set<CatalogFact> }>();
  for (const p of PATHS) {
    const reads = new Set<CatalogFact>();
    result.set(p, { problems: catalog.observeReads(reads, () => checkFile(catalog, p)), reads });
  }
  return result;
}

suite('catalog: incremental updates', () => {
  // 300 generated runs: about a second alone, several on a loaded machine.
  test('an updated catalog equals a rebuilt one, and the changed facts cover every file whose problems changed', function () {
    this.timeout(30_000);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 4 }), fc.array(op, { minLength: 1, maxLength: 12 }), fc.nat(3), (initial, ops, batch) => {
        // A fresh build over the initial files (plain maps), then updates (persistent maps).
        const models = new Map<string, FileModel>();
        for (const o of initial) if (o.text !== null) models.set(o.path, extractFile(o.path, o.text, options));
        let catalog = new Catalog(models.values(), options);
        if (batch % 2 === 1) {
          const prepared = catalog.forUpdates();
          assert.deepStrictEqual(answers(prepared), answers(catalog), 'forUpdates answers alike');
          catalog = prepared;
        }
        for (let i = 0; i < ops.length; i += batch + 1) {
          const group = ops.slice(i, i + batch + 1);
          const before = problemsWithReads(catalog);
          const changes = group.map((o) => {
            if (o.text === null) {
              models.delete(o.path);
              return { removed: o.path };
            }
            const model = extractFile(o.path, o.text, options);
            models.set(o.path, model);
            return model;
          });
          const update = catalog.update(changes);
          catalog = update.catalog;
          const fresh = new Catalog(models.values(), options);
          assert.deepStrictEqual(answers(catalog), answers(fresh));
          const after = problemsWithReads(catalog);
          for (const p of PATHS) {
            assert.deepStrictEqual(after.get(p)!.problems, checkFile(fresh, p), `${p}: problems as a fresh catalog gives them`);
            const old = before.get(p)!;
            if (!isDeepEqual(old.problems, after.get(p)!.problems))
              assert.ok([...old.reads].some((f) => update.changed.has(f)), `${p}: its problems changed, but no fact it read was reported changed`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('withFile and withoutFile leave the original catalog as it was', () => {
    const a = extractFile('a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n', options);
    const b = extractFile('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n', options);
    const base = new Catalog([b], options);
    const added = base.withFile(a);
    assert.equal(added.service('shop', 'web'), a.services[0], 'the first path wins');
    assert.equal(base.service('shop', 'web'), b.services[0]);
    assert.ok(!base.files.has('a.yaml'));
    const removed = added.withoutFile('b.yaml');
    assert.deepEqual([...removed.files.keys()], ['a.yaml']);
    assert.equal(added.serviceDeclarations('shop', 'web').length, 2);
    assert.equal(removed.withoutFile('nothing.yaml'), removed, 'removing an unknown file changes nothing');
    assert.equal(removed.withoutFile('a.yaml').namespaceExists('shop'), false);
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
