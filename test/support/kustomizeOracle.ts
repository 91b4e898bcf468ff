// Differential testing of the engine's kustomize build against real kustomize (`kubectl kustomize`,
// kustomize v5). Both object sets are reduced to the fields DNS depends on and compared.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as assert from 'node:assert';
import { parseAllDocuments } from 'yaml';
import { buildKustomization, toPlain, type KustomizationBuild, type KustomizeHost, type Plain } from '../../shared/src/index';

let kubectlChecked: boolean | undefined;

/** Whether `kubectl kustomize` can run here. */
export function kubectlAvailable(): boolean {
  if (kubectlChecked === undefined) {
    const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
    kubectlChecked = result.status === 0;
  }
  return kubectlChecked;
}

/**
 * Call at the start of a differential suite's test: when kubectl is missing it says so plainly,
 * fails under CI (CI=true), and otherwise marks the test pending (never a pass).
 */
export function requireKubectl(context: Mocha.Context): void {
  if (kubectlAvailable()) return;
  const message = 'kubectl is not installed: the kustomize differential test did NOT run.';
  if (process.env['CI'] === 'true') assert.fail(`${message} CI requires kubectl.`);
  // Pending, not passed: mocha lists it, and the title says why.
  if (context.test) context.test.title += ` — ${message}`;
  context.skip();
}

/** The workspace as the engine sees it: files on disk, nothing outside `root`. */
export function diskHost(root: string): KustomizeHost {
  return {
    readFile(path: string): string | undefined {
      if (!path.startsWith(root)) return undefined;
      try {
        return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

type Json = { [key: string]: Plain } | undefined;

function at(value: Plain | undefined, ...keys: string[]): Plain | undefined {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

function strings(value: Plain | undefined): Record<string, string> | null {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function list(value: Plain | undefined): Plain[] {
  return Array.isArray(value) ? value : [];
}

function podSpec(object: Plain): Plain | undefined {
  return at(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec') ?? at(object, 'spec', 'template', 'spec') ?? (at(object, 'kind') === 'Pod' ? at(object, 'spec') : undefined);
}

/** What DNS depends on in one object, comparable across both builds. */
export function project(object: Plain): { id: string; fields: Record<string, unknown> } {
  const kind = String(at(object, 'kind'));
  const name = String(at(object, 'metadata', 'name'));
  const namespace = String(at(object, 'metadata', 'namespace') ?? '');
  const pod = podSpec(object);
  const containers = [...list(at(pod, 'initContainers')), ...list(at(pod, 'containers'))];
  const fields: Record<string, unknown> = {
    labels: strings(at(object, 'metadata', 'labels')),
    selector: kind === 'Service' || kind === 'ReplicationController' ? strings(at(object, 'spec', 'selector')) : strings(at(object, 'spec', 'selector', 'matchLabels')),
    templateLabels: strings(at(object, 'spec', 'template', 'metadata', 'labels') ?? at(object, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels')),
    clusterIP: at(object, 'spec', 'clusterIP') ?? null,
    ports:
      kind === 'Service'
        ? list(at(object, 'spec', 'ports')).map((p) => [at(p, 'name') ?? null, at(p, 'port') ?? null, at(p, 'targetPort') ?? null, at(p, 'protocol') ?? null])
        : null,
    serviceName: at(object, 'spec', 'serviceName') ?? null,
    replicas: at(object, 'spec', 'replicas') ?? null,
    containers: containers.map((c) => ({
      name: at(c, 'name'),
      env: list(at(c, 'env')).map((e) => `${String(at(e, 'name'))}=${String(at(e, 'value') ?? '')}`),
      ports: list(at(c, 'ports')).map((p) => `${String(at(p, 'name') ?? '')}:${String(at(p, 'containerPort'))}`),
      envFrom: list(at(c, 'envFrom')).map((e) => String(at(e, 'configMapRef', 'name') ?? at(e, 'secretRef', 'name'))),
    })),
    serviceAccount: at(pod, 'serviceAccountName') ?? null,
    data: kind === 'ConfigMap' ? strings(at(object, 'data')) : null,
    backends: kind === 'Ingress' ? list(at(object, 'spec', 'rules')).flatMap((r) => list(at(r, 'http', 'paths')).map((p) => at(p, 'backend', 'service', 'name') ?? null)) : null,
  };
  return { id: `${kind}/${namespace}/${name}`, fields };
}

export function projectAll(objects: readonly Plain[]): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const object of objects) {
    const { id, fields } = project(object);
    out.set(id, fields);
  }
  return out;
}

/** `kubectl kustomize DIR`, parsed. Throws with kubectl's message when kustomize fails. */
export function kubectlBuild(dir: string): Plain[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Json)
    .filter((value): value is { [key: string]: Plain } => !!value);
}

export function engineBuild(dir: string, root: string): { build: KustomizationBuild; objects: Plain[] } {
  const build = buildKustomization(dir, diskHost(root));
  return { build, objects: build.resources.map((r) => toPlain(r.node)) };
}

/** Asserts that the engine and kubectl build the same objects, field by field. */
export function assertSameBuild(dir: string, root: string): number {
  const { build, objects } = engineBuild(dir, root);
  assert.ok(build.buildable, `${dir}: the engine fell back: ${build.notes.map((n) => n.message).join(' ')}`);
  const expected = projectAll(kubectlBuild(dir));
  const actual = projectAll(objects);
  assert.deepStrictEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${dir}: object ids differ`);
  for (const [id, fields] of expected) assert.deepStrictEqual(actual.get(id), fields, `${dir}: ${id} differs`);
  return expected.size;
}
