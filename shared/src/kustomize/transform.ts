// kustomize's built-in transformers that change what DNS sees: namespace, name prefix/suffix,
// labels (and the selectors they rewrite), replicas, and the name references fixed after renames.
// Field lists follow kustomize's api/konfig/builtinpluginconsts (commonlabels, namereference).
import { asKMap, asKSeq, ensureMap, entry, setEntry, type KMap, type KNode, type KScalar, type Origin } from './node';
import { KustomizeError } from './patch';
import { groupOf, isClusterScoped, sameNamespace, type Resource } from './resource';

/** A field path (`/`-separated, lists crossed implicitly) on the objects of some kinds. */
interface FieldSpec {
  readonly path: readonly string[];
  readonly kinds?: readonly string[];
  readonly group?: string;
  readonly create: boolean;
}

function spec(path: string, kinds: readonly string[] | undefined, create: boolean, group?: string): FieldSpec {
  return { path: path.split('/'), kinds, create, group };
}

const TEMPLATE_LABELS: readonly FieldSpec[] = [
  spec('spec/template/metadata/labels', ['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet'], true),
  spec('spec/template/metadata/labels', ['StatefulSet'], true, 'apps'),
  spec('spec/template/metadata/labels', ['Job'], true, 'batch'),
  spec('spec/jobTemplate/metadata/labels', ['CronJob'], true, 'batch'),
  spec('spec/jobTemplate/spec/template/metadata/labels', ['CronJob'], true, 'batch'),
];

const METADATA_LABELS: readonly FieldSpec[] = [spec('metadata/labels', undefined, true), ...TEMPLATE_LABELS];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** `commonLabels`, and `labels` with `includeSelectors`: labels plus the selectors that must match them. */
const SELECTOR_LABELS: readonly FieldSpec[] = [
  spec('spec/selector', ['Service', 'ReplicationController'], true),
  spec('spec/selector/matchLabels', ['Deployment', 'ReplicaSet', 'DaemonSet'], true),
  ...AFFINITY.map((path) => spec(path, ['Deployment'], false, 'apps')),
  spec('spec/selector/matchLabels', ['StatefulSet'], true, 'apps'),
  spec('spec/volumeClaimTemplates[]/metadata/labels', ['StatefulSet'], true, 'apps'),
  ...AFFINITY.map((path) => spec(path, ['StatefulSet'], false, 'apps')),
  spec('spec/selector/matchLabels', ['Job'], false, 'batch'),
  spec('spec/jobTemplate/spec/selector/matchLabels', ['CronJob'], false, 'batch'),
  spec('spec/selector/matchLabels', ['PodDisruptionBudget'], false, 'policy'),
  spec('spec/podSelector/matchLabels', ['NetworkPolicy'], false, 'networking.k8s.io'),
  spec('spec/ingress/from/podSelector/matchLabels', ['NetworkPolicy'], false, 'networking.k8s.io'),
  spec('spec/egress/to/podSelector/matchLabels', ['NetworkPolicy'], false, 'networking.k8s.io'),
  ...METADATA_LABELS,
];

function applies(fs: FieldSpec, resource: Resource): boolean {
  if (fs.kinds && !fs.kinds.includes(resource.kind)) return false;
  return fs.group === undefined || groupOf(resource.apiVersion) === fs.group;
}

/** Calls `visit` on every map at `path` (crossing lists), creating missing maps when `create`. */
function visitMaps(node: KNode, path: readonly string[], create: boolean, origin: Origin, visit: (map: KMap) => void): void {
  const seq = asKSeq(node);
  if (seq) {
    for (const item of seq.items) visitMaps(item, path, create, origin, visit);
    return;
  }
  const map = asKMap(node);
  if (!map) return;
  if (path.length === 0) {
    visit(map);
    return;
  }
  const [segment, ...rest] = path as [string, ...string[]];
  // `name[]` marks a list (kustomize's notation), which is never created.
  const isList = segment.endsWith('[]');
  const head = isList ? segment.slice(0, -2) : segment;
  let next = entry(map, head);
  if (next === undefined || (next.kind === 'scalar' && next.value === null)) {
    if (!create || isList) return;
    // Lists are never created (kustomize does not invent a list element).
    const created = ensureMap(map, [head], origin);
    if (!created) return;
    next = created;
  }
  visitMaps(next, rest, create, origin, visit);
}

/** The labels one kustomization sets, each with the origin of its value. */
export interface LabelSet {
  readonly pairs: readonly { readonly key: string; readonly value: string; readonly origin: Origin }[];
  readonly includeSelectors: boolean;
  readonly includeTemplates: boolean;
}

export function applyLabels(resources: readonly Resource[], labels: LabelSet): void {
  const specs = labels.includeSelectors ? SELECTOR_LABELS : labels.includeTemplates ? METADATA_LABELS : METADATA_LABELS.slice(0, 1);
  const first = labels.pairs[0];
  if (!first) return;
  for (const resource of resources) {
    // As kyaml does: a key the object lacks gets one value node shared by every field set here
    // (metadata, selectors, templates), and a key it has is set in place. So a later transformer
    // or strategic-merge patch that sets the key in one field sets it in all that share the node
    // (an overlay's `labels` without includeSelectors reaches a base's commonLabels selectors).
    const created = new Map<string, KScalar>();
    for (const fs of specs) {
      if (!applies(fs, resource)) continue;
      visitMaps(resource.node, fs.path, fs.create, first.origin, (map) => {
        for (const pair of labels.pairs) {
          const current = entry(map, pair.key);
          if (current?.kind === 'scalar') {
            current.value = pair.value;
            current.origin = pair.origin;
            continue;
          }
          let shared = created.get(pair.key);
          if (!shared) created.set(pair.key, (shared = { kind: 'scalar', value: pair.value, origin: pair.origin }));
          setEntry(map, pair.key, shared);
        }
      });
    }
  }
}

export function applyNamespace(resources: readonly Resource[], namespace: string, origin: Origin): void {
  for (const resource of resources) {
    if (resource.kind === 'Namespace') {
      // kustomize renames Namespace objects to the kustomization's namespace.
      resource.storePreviousId();
      resource.setMetadata('name', namespace, origin);
      continue;
    }
    if (isClusterScoped(resource.kind)) continue;
    resource.storePreviousId();
    resource.setMetadata('namespace', namespace, origin);
  }
}

/** Kinds whose names kustomize never prefixes or suffixes. */
const NOT_RENAMED = new Set(['CustomResourceDefinition', 'APIService', 'Namespace']);

export function applyPrefixSuffix(resources: readonly Resource[], prefix: string, suffix: string, origin: Origin): void {
  for (const resource of resources) {
    if (NOT_RENAMED.has(resource.kind)) continue;
    resource.storePreviousId();
    if (prefix) resource.prefixes.push(prefix);
    if (suffix) resource.suffixes.push(suffix);
    resource.setMetadata('name', `${prefix}${resource.name}${suffix}`, origin);
  }
}

const REPLICA_KINDS = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** Sets the replicas of the workloads named `name`; answers them. */
export function applyReplicas(resources: readonly Resource[], name: string, count: KNode): readonly Resource[] {
  const matched = resources.filter((r) => REPLICA_KINDS.has(r.kind) && r.allIds().some((id) => id.name === name));
  if (matched.length === 0) throw new KustomizeError(`replicas: no Deployment, StatefulSet, ReplicaSet or ReplicationController is named "${name}"`);
  for (const resource of matched) {
    const specMap = ensureMap(resource.node, ['spec'], count.origin);
    if (specMap) setEntry(specMap, 'replicas', { ...(count as KNode & { kind: 'scalar' }) });
  }
  return matched;
}

/** A field of a referrer that names an object of the referral kind (kustomize's nameReference). */
interface NameReference {
  readonly referralKind: string;
  readonly referrerKinds: readonly string[];
  readonly referrerGroup?: string;
  readonly path: readonly string[];
}

const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  Pod: 'spec',
  PodTemplate: 'template/spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  ReplicationController: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
};

function podReferences(referralKind: string, kinds: readonly string[], suffixes: readonly string[]): NameReference[] {
  return kinds.flatMap((kind) => suffixes.map((suffix) => ({ referralKind, referrerKinds: [kind], path: `${POD_SPEC_PATHS[kind]}/${suffix}`.split('/') })));
}

const CONFIG_KINDS = ['Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'];
const ACCOUNT_KINDS = ['Pod', 'StatefulSet', 'Deployment', 'ReplicationController', 'CronJob', 'Job', 'DaemonSet'];

const NAME_REFERENCES: readonly NameReference[] = [
  { referralKind: 'Service', referrerKinds: ['StatefulSet'], referrerGroup: 'apps', path: ['spec', 'serviceName'] },
  { referralKind: 'Service', referrerKinds: ['Ingress'], path: 'spec/rules/http/paths/backend/serviceName'.split('/') },
  { referralKind: 'Service', referrerKinds: ['Ingress'], path: 'spec/backend/serviceName'.split('/') },
  { referralKind: 'Service', referrerKinds: ['Ingress'], path: 'spec/rules/http/paths/backend/service/name'.split('/') },
  { referralKind: 'Service', referrerKinds: ['Ingress'], path: 'spec/defaultBackend/service/name'.split('/') },
  { referralKind: 'Service', referrerKinds: ['HTTPRoute'], path: 'spec/rules/backendRefs/name'.split('/') },
  ...podReferences('ConfigMap', CONFIG_KINDS, [
    'volumes/configMap/name',
    'containers/env/valueFrom/configMapKeyRef/name',
    'initContainers/env/valueFrom/configMapKeyRef/name',
    'containers/envFrom/configMapRef/name',
    'initContainers/envFrom/configMapRef/name',
    'volumes/projected/sources/configMap/name',
  ]),
  ...podReferences('Secret', CONFIG_KINDS, [
    'volumes/secret/secretName',
    'containers/env/valueFrom/secretKeyRef/name',
    'initContainers/env/valueFrom/secretKeyRef/name',
    'containers/envFrom/secretRef/name',
    'initContainers/envFrom/secretRef/name',
    'imagePullSecrets/name',
    'volumes/projected/sources/secret/name',
  ]),
  { referralKind: 'Secret', referrerKinds: ['Ingress'], path: ['spec', 'tls', 'secretName'] },
  ...podReferences('ServiceAccount', ACCOUNT_KINDS, ['serviceAccountName']),
  ...podReferences('PersistentVolumeClaim', ACCOUNT_KINDS, ['volumes/persistentVolumeClaim/claimName']),
];

/** kustomize's SameEndingSubSlice: the shorter list is the tail of the longer. */
function sameEnding(a: readonly string[], b: readonly string[]): boolean {
  const [shortest, longest] = a.length <= b.length ? [a, b] : [b, a];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  return shortest.every((value, i) => longest[i + diff] === value);
}

function selectReferral(oldName: string, candidates: readonly Resource[], referrer: Resource): Resource | null {
  let found = candidates.filter((r) => r.previousIds.some((id) => id.name === oldName));
  if (!isClusterScoped(referrer.kind)) {
    found = found.filter((r) => isClusterScoped(r.kind) || r.kind === 'ServiceAccount' || sameNamespace(r.namespace, referrer.namespace));
  }
  if (found.length === 1) return found[0]!;
  found = found.filter((r) => sameEnding(r.prefixes, referrer.prefixes) && sameEnding(r.suffixes, referrer.suffixes));
  if (found.length === 0) return null;
  if (found.length === 1 || found.every((r) => r.name === found[0]!.name)) return found[0]!;
  throw new KustomizeError(`"${oldName}" in ${referrer.kind} ${referrer.name} could name ${found.length} renamed ${found[0]!.kind}s`);
}

function visitScalars(node: KNode, path: readonly string[], visit: (scalar: KNode & { kind: 'scalar' }) => void): void {
  const seq = asKSeq(node);
  if (seq) {
    for (const item of seq.items) visitScalars(item, path, visit);
    return;
  }
  if (path.length === 0) {
    if (node.kind === 'scalar' && typeof node.value === 'string') visit(node);
    return;
  }
  const map = asKMap(node);
  const next = map ? entry(map, path[0]!) : undefined;
  if (next) visitScalars(next, path.slice(1), visit);
}

/** After every rename, points references (StatefulSet serviceName, …) at the renamed objects. */
export function fixNameReferences(resources: readonly Resource[]): void {
  for (const reference of NAME_REFERENCES) {
    const candidates = resources.filter((r) => r.kind === reference.referralKind);
    if (candidates.length === 0) continue;
    for (const referrer of resources) {
      if (!reference.referrerKinds.includes(referrer.kind)) continue;
      if (reference.referrerGroup !== undefined && groupOf(referrer.apiVersion) !== reference.referrerGroup) continue;
      visitScalars(referrer.node, reference.path, (scalar) => {
        const referral = selectReferral(String(scalar.value), candidates, referrer);
        if (referral && referral.name !== scalar.value) scalar.value = referral.name;
      });
    }
  }
}
