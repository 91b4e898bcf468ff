// Property-based fuzzing of the engine: generated manifests, random mutations of the example
// files and every half-typed prefix. Whatever the input, the engine never throws, every span lies
// inside its file, each file finishes within its budget, and the answers are self-consistent.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeFiles, checkFile, explainService, resolveQuery, targetAt, type Catalog } from '../../shared/src/index';
import { FILE_BUDGET_MS, FUZZ_RUNS, FUZZ_SEED, fuzzParameters } from './fuzzConfig';

const root = path.join(__dirname, '../../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

const fixtures = yamlFiles(path.join(root, 'examples')).map((f) => ({ path: path.relative(root, f), text: readFileSync(f, 'utf8') }));

/** How much the generated inputs exercised, so a generator that degenerates is noticed. */
const coverage = { services: 0, workloads: 0, problems: 0, hostProblems: 0 };

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs every engine entry point over the files and checks the invariants. */
function exercise(files: { path: string; text: string }[], offsets: number[] = []): Catalog {
  // CPU time of this process, not wall time: the engine is synchronous, so this is its work, and
  // other processes on a loaded machine (2 cores, many test runs) do not count against it.
  const started = cpuMs();
  const catalog = analyzeFiles(files);
  for (const file of files) {
    const problems = checkFile(catalog, file.path);
    coverage.problems += problems.length;
    coverage.hostProblems += problems.filter((p) => p.code.endsWith('-host')).length;
    for (const p of problems) {
      assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= file.text.length, `${p.code} span ${JSON.stringify(p.span)} outside ${file.path} (${file.text.length})`);
      for (const fix of p.fixes ?? [])
        for (const edit of fix.edits) {
          const target = files.find((f) => f.path === edit.path);
          assert.ok(target && edit.span.end <= target.text.length, `fix edit outside ${edit.path}`);
        }
    }
    for (const offset of offsets) targetAt(catalog, file.path, Math.min(offset, file.text.length));
  }
  coverage.services += catalog.services().length;
  coverage.workloads += catalog.allNamespaces().reduce((n, ns) => n + catalog.workloadsIn(ns).length, 0);
  for (const svc of catalog.services()) {
    const explanation = explainService(catalog, svc);
    // The explanation and a direct query must agree on the Service's own name.
    const fqdn = `${svc.ref.name}.${svc.ref.namespace}.svc.cluster.local`;
    const own = [...explanation.resolving, ...explanation.notResolving].find((e) => e.name === fqdn && e.type === 'A');
    if (own) assert.equal(resolveQuery(catalog, `${fqdn}.`, { fromNamespace: 'default', type: 'A' }).status, own.status);
  }
  const ms = cpuMs() - started;
  assert.ok(ms < FILE_BUDGET_MS * Math.max(1, files.length), `took ${ms.toFixed(0)} ms of CPU`);
  return catalog;
}

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const oddScalar = fc.oneof(
  label,
  fc.constantFrom('yes', 'no', 'on', 'off', '~', 'null', '0777', '"80"', "'x'", '[]', '{}', '- a', 'None', '"None"', '10.0.0.1', '!!str 5', '*nope', '&a x', '|\n  block', ': bad', '{{ x }}', '\t', '#c', '"', "'", '{', '['),
  fc.integer({ min: -2, max: 70_000 }).map(String),
  fc.string({ maxLength: 12 }),
);

/** A Kubernetes-ish document from a small grammar, with odd values mixed in. */
const manifest = fc
  .record({
    kind: fc.constantFrom('Service', 'Service', 'Service', 'StatefulSet', 'StatefulSet', 'Deployment', 'Pod', 'Job', 'CronJob', 'DaemonSet', 'EndpointSlice', 'Endpoints', 'ConfigMap', 'Namespace', 'List', 'Other'),
    name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('web', 'db', 'api') }, { weight: 3, arbitrary: label }, { weight: 1, arbitrary: oddScalar }),
    namespace: fc.option(fc.constantFrom('default', 'prod', 'data', 'Bad_NS'), { nil: undefined }),
    app: fc.constantFrom('web', 'db', 'api'),
    serviceName: fc.oneof(label, fc.constantFrom('web', 'db', 'api')),
    clusterIP: fc.option(fc.constantFrom('None', '10.0.0.1', '""', 'yes'), { nil: undefined }),
    type: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Bogus'), { nil: undefined }),
    replicas: fc.oneof(fc.integer({ min: 0, max: 5 }).map(String), oddScalar),
    portName: fc.oneof(label, oddScalar),
    port: fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), oddScalar),
    env: fc.array(fc.oneof(fc.constantFrom('http://web:80', 'web-0.web:5432', 'db.prod.svc.cluster.local', 'x.y.svc.other.local', 'redis://api-1.api.data'), oddScalar), { maxLength: 3 }),
  })
  .map((m) => {
    const meta = `metadata: {name: ${m.name}${m.namespace ? `, namespace: ${m.namespace}` : ''}, labels: {app: ${m.app}}}`;
    const container = `{name: c, ports: [{name: ${m.portName}, containerPort: ${m.port}}], env: [${m.env.map((v, i) => `{name: HOST_${i}, value: ${v}}`).join(', ')}]}`;
    const spec =
      m.kind === 'Service'
        ? `spec: {selector: {app: ${m.app}}${m.clusterIP ? `, clusterIP: ${m.clusterIP}` : ''}${m.type ? `, type: ${m.type}, externalName: ${m.serviceName}.example.com` : ''}, ports: [{name: ${m.portName}, port: ${m.port}, targetPort: ${m.portName}}]}`
        : m.kind === 'ConfigMap'
          ? `data: {URL: "${m.env.join(' ')}"}`
          : m.kind === 'EndpointSlice'
            ? `addressType: IPv4\nendpoints: [{addresses: [10.0.0.9], hostname: ${m.name}}]\nports: [{name: ${m.portName}, port: ${m.port}}]`
            : `spec: {serviceName: ${m.serviceName}, replicas: ${m.replicas}, completionMode: Indexed, template: {metadata: {labels: {app: ${m.app}}}, spec: {hostname: ${m.name}, subdomain: ${m.serviceName}, containers: [${container}]}}}`;
    // Flow style keeps any generated combination valid YAML; block style comes from mutating the examples.
    return `apiVersion: v1\nkind: ${m.kind}\n${meta}\n${spec}\n`;
  });

const mutation = fc.record({
  file: fc.nat(),
  at: fc.nat(),
  deleteCount: fc.integer({ min: 0, max: 12 }),
  insert: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r', '\t', '---\n', '"', "'", '{', '[', ': ', '- ', '&a ', '*a', '<<: *a\n', '\uFEFF', '🚀', '\u0000', '{{ .Values.x }}', '  ', '#')),
});

/**
 * Hostile shapes (issue 15): long runs of one character class in a value, a key, a name, a
 * comment or bare; many aliases (plain, merged, as keys); many keys (with a tab that sends the
 * piece to the yaml path, duplicates, flow style); large namespaces of Services and workloads
 * with overlapping labels. Sizes stay where linear code is far inside the budget and
 * quadratic code is not (a namespace stays near 100 of each: `exercise` explains every Service,
 * and a Service selecting dozens of workloads lists all their pods).
 */
const runUnit = fc.constantFrom('a', '0', 'b-', ' ', '\t', ':', ': ', '"', "'", '\\', '{', '[', ']', '}', '#', '*a ', '&a ', '- ', '? ', '\n', '\n  ', '\r', 'é', '🚀', '\u0000');
const longRun = fc
  .record({ unit: runUnit, count: fc.integer({ min: 1, max: 4000 }), where: fc.constantFrom('value', 'quoted', 'key', 'name', 'comment', 'bare') })
  .map(({ unit, count, where }) => {
    const run = unit.repeat(count);
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ';
    switch (where) {
      case 'value':
        return `${head}c\ndata:\n  k: ${run}\n`;
      case 'quoted':
        return `${head}c\ndata:\n  k: "${run}"\n`;
      case 'key':
        return `${head}c\ndata:\n  ${run}: v\n`;
      case 'name':
        return `apiVersion: v1\nkind: Service\nmetadata:\n  name: a:${run}\nspec: {selector: {app: a}}\n`;
      case 'comment':
        return `# ${run}\n${head}c\n`;
      default:
        return run;
    }
  });
const manyAliases = fc
  .record({ count: fc.integer({ min: 1, max: 4000 }), shape: fc.constantFrom('items', 'merge-chain', 'merge-same', 'keys', 'nested') })
  .map(({ count, shape }) => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    switch (shape) {
      case 'items':
        return `${head}x: &a hello\nlist:\n${'- *a\n'.repeat(count)}`;
      case 'merge-chain':
        return `${head}data:\n  a0: &a0 {k0: v}\n${Array.from({ length: count }, (_, i) => `  a${i + 1}: &a${i + 1} {<<: *a${i}, k${i + 1}: v}\n`).join('')}`;
      case 'merge-same':
        return `${head}base: &b {x: 1, y: 2}\nall:\n${Array.from({ length: count }, (_, i) => `  m${i}: {<<: *b, z: ${i}}\n`).join('')}`;
      case 'keys':
        return `${head}data:\n  &k host: a\n${'  *k : b\n'.repeat(count)}`;
      default:
        return `${head}${Array.from({ length: Math.min(count, 200) }, (_, i) => `l${i}: &l${i} [${i ? `*l${i - 1}, *l${i - 1}` : '1'}]\n`).join('')}`;
    }
  });
const manyKeys = fc
  .record({ count: fc.integer({ min: 1, max: 5000 }), tab: fc.boolean(), duplicates: fc.nat(3), flow: fc.boolean() })
  .map(({ count, tab, duplicates, flow }) => {
    const keys = Array.from({ length: count }, (_, i) => `k${i % (count - Math.min(duplicates, count - 1))}`);
    const body = flow ? `data: {${keys.map((k, i) => `${k}: v${i}`).join(', ')}}\n` : `data:\n${keys.map((k, i) => `  ${k}: v${i}\n`).join('')}`;
    return `${tab ? '#\ttab\n' : ''}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\n${body}`;
  });
const bigNamespace = fc
  .record({ services: fc.integer({ min: 0, max: 120 }), workloads: fc.integer({ min: 0, max: 120 }), values: fc.integer({ min: 1, max: 400 }), seed: fc.nat() })
  .map(({ services, workloads, values, seed }) => {
    const value = (i: number) => `app-${(i * 7919 + seed) % values}`;
    const docs = [
      ...Array.from({ length: services }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: ${value(i)}\n${i % 3 ? '    tier: web\n' : ''}  ports:\n  - port: 80\n`),
      ...Array.from({ length: workloads }, (_, i) => `apiVersion: apps/v1\nkind: ${i % 2 ? 'Deployment' : 'StatefulSet'}\nmetadata:\n  name: w${i}\nspec:\n  serviceName: s${i}\n  template:\n    metadata:\n      labels:\n        app: ${value(i + 1)}\n        tier: web\n    spec:\n      containers:\n      - name: c\n        image: x\n`),
    ];
    return docs.join('---\n');
  });

suite(`fuzz: the engine (runs=${FUZZ_RUNS}, seed=${FUZZ_SEED}; replay with --seed)`, function () {
  this.timeout(600_000);

  test('generated manifests: never throws, spans inside, within budget', () => {
    fc.assert(
      fc.property(fc.array(fc.array(manifest, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(2000), { maxLength: 5 }), (files, offsets) => {
        exercise(files.map((docs, i) => ({ path: `gen-${i}.yaml`, text: docs.join('---\n') })), offsets);
      }),
      fuzzParameters(),
    );
    // The generator must reach the interesting code, not only the parser's error paths.
    assert.ok(coverage.services > FUZZ_RUNS / 4 && coverage.workloads > FUZZ_RUNS / 4 && coverage.hostProblems > 0, JSON.stringify(coverage));
  });

  test('random mutations of the example files', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(4000), { maxLength: 5 }), (mutations, offsets) => {
        const files = fixtures.map((f) => ({ ...f }));
        for (const m of mutations) {
          const file = files[m.file % files.length]!;
          const at = m.at % (file.text.length + 1);
          file.text = file.text.slice(0, at) + m.insert + file.text.slice(at + m.deleteCount);
        }
        exercise(files, offsets);
      }),
      fuzzParameters(),
    );
  });

  test('every half-typed prefix of every example file (at each line, and every 11th character)', () => {
    let count = 0;
    for (const fixture of fixtures) {
      // The file's neighbours in its folder: enough for cross-file checks, cheap enough for every prefix.
      const others = fixtures.filter((f) => f !== fixture && path.dirname(f.path) === path.dirname(fixture.path));
      for (let end = 0; end <= fixture.text.length; end++) {
        if (end % 11 !== 0 && fixture.text[end - 1] !== '\n' && end !== fixture.text.length) continue;
        exercise([...others, { path: fixture.path, text: fixture.text.slice(0, end) }], [end]);
        count++;
      }
    }
    assert.ok(count > 500, `${count} prefixes`);
  });

  test('hostile shapes: long runs of one character class, many aliases, many keys, large namespaces', () => {
    fc.assert(
      fc.property(fc.oneof(longRun, manyAliases, manyKeys, bigNamespace), fc.array(fc.nat(200_000), { maxLength: 3 }), (text, offsets) => {
        exercise([{ path: 'hostile.yaml', text }], offsets);
      }),
      fuzzParameters(Math.ceil(FUZZ_RUNS / 3)),
    );
  });
});
