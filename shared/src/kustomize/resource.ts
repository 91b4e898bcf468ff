// One object in a kustomize build, with the bookkeeping kustomize keeps beside it: the ids it had
// before each rename (name references match those), and the prefixes and suffixes applied to it.
import type { Span } from '../text/span';
import { asKMap, entry, ensureMap, pathGet, scalarText, setEntry, type KMap, type KScalar, type Origin } from './node';

export interface ResourceId {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** '' when the object sets none. */
  readonly namespace: string;
}

export class Resource {
  /** Ids before each rename or namespace change, oldest first (kustomize's "previous ids"). */
  readonly previousIds: ResourceId[] = [];
  readonly prefixes: string[] = [];
  readonly suffixes: string[] = [];
  readonly originalId: ResourceId;

  constructor(
    public node: KMap,
    /** The file the object was written in, and its span there. */
    readonly sourcePath: string,
    readonly sourceSpan: Span,
  ) {
    this.originalId = this.id();
  }

  get kind(): string {
    return scalarText(entry(this.node, 'kind')) ?? '';
  }
  get apiVersion(): string {
    return scalarText(entry(this.node, 'apiVersion')) ?? '';
  }
  get name(): string {
    return scalarText(pathGet(this.node, 'metadata', 'name')) ?? '';
  }
  get namespace(): string {
    return scalarText(pathGet(this.node, 'metadata', 'namespace')) ?? '';
  }

  id(): ResourceId {
    return { kind: this.kind, apiVersion: this.apiVersion, name: this.name, namespace: this.namespace };
  }

  /** The current id and every previous one. */
  allIds(): ResourceId[] {
    return [this.id(), ...this.previousIds];
  }

  storePreviousId(): void {
    this.previousIds.push(this.id());
  }

  /** Sets a metadata string field, keeping the node (so the field's key stays where it was written). */
  setMetadata(field: 'name' | 'namespace', value: string, origin: Origin): void {
    const metadata = ensureMap(this.node, ['metadata'], origin);
    if (!metadata) return;
    const current = entry(metadata, field);
    if (current && current.kind === 'scalar') {
      // A rename keeps pointing at the name as written; a new namespace points at what set it.
      if (field === 'namespace') current.origin = origin;
      current.value = value;
    } else setEntry(metadata, field, { kind: 'scalar', value, origin } satisfies KScalar);
  }

  labels(): Record<string, string> {
    return stringMap(pathGet(this.node, 'metadata', 'labels'));
  }
  annotations(): Record<string, string> {
    return stringMap(pathGet(this.node, 'metadata', 'annotations'));
  }
}

function stringMap(node: ReturnType<typeof pathGet>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asKMap(node)?.entries ?? []) {
    const value = scalarText(e.value);
    if (value !== null) out[e.key] = value;
  }
  return out;
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** Kinds kustomize knows to be cluster-scoped (its built-in OpenAPI schema). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'APIService',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'PodSecurityPolicy',
  'ComponentStatus',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** Kubernetes' own API groups, whose lists merge by the OpenAPI merge keys. */
export function isBuiltinApiVersion(apiVersion: string): boolean {
  const group = groupOf(apiVersion);
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** Same namespace, where unset and `default` are the same (kustomize's IsNsEquals). */
export function sameNamespace(a: string, b: string): boolean {
  return (a || 'default') === (b || 'default');
}
