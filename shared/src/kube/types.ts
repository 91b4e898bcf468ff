// The Kubernetes objects the engine understands, reduced to what cluster DNS depends on.
// Each carries the spans of the fields a diagnostic or a quick fix points at.
import type { Span } from '../text/span';
import type { YMap } from '../yaml/tree';

/**
 * How an object's namespace was decided: `written` in its metadata; `file`, assumed because every
 * object of its file that names a namespace names this one; `bundle`, given by the bundle it is
 * built in (a kustomization's `namespace:`); `default`, the configured default, only assumed
 * (kubectl -n decides where it really lands).
 */
export type NamespaceOrigin = 'written' | 'file' | 'bundle' | 'default';

/** Where an object lives: its identity plus spans for hovers and diagnostics. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  /** How `namespace` was decided; absent means written. */
  readonly namespaceOrigin?: NamespaceOrigin;
  readonly name: string;
  readonly path: string;
  /** The object's `metadata.name` value. */
  readonly nameSpan: Span;
  readonly kindSpan: Span;
  /** The whole object (document or `List` item). */
  readonly span: Span;
}

/** `Kind/namespace/name`, the id used in JSON output. */
export function objectId(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/**
 * One sentence for hovers when the namespace was assumed from the object's file or bundle, else
 * null. The configured default is not worth a note on every hover of a namespace-less manifest;
 * it is remembered instead (no `<name>.default` suggestions).
 */
export function namespaceNote(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'namespaceOrigin'>): string | null {
  switch (ref.namespaceOrigin ?? 'written') {
    case 'written':
    case 'default':
      return null;
    case 'file':
      return `Namespace ${ref.namespace} is assumed: this ${ref.kind} names none, and the objects of its file that name one all name ${ref.namespace}.`;
    case 'bundle':
      return `Namespace ${ref.namespace} is set by the bundle this ${ref.kind} is built in; the manifest names none.`;
  }
}

export interface Spanned<T> {
  readonly value: T;
  readonly span: Span;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type IpFamily = 'IPv4' | 'IPv6';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePort {
  readonly name: string | null;
  readonly port: number;
  /** A number, a port name to look up in the pods' container ports, or the port itself when unset. */
  readonly targetPort: number | string;
  readonly protocol: Protocol;
  readonly span: Span;
  readonly targetPortSpan: Span | null;
}

export interface ServiceDecl {
  readonly ref: ObjectRef;
  readonly type: Spanned<ServiceType> | null;
  /** `spec.clusterIP` as written; null when unset (the API allocates one). */
  readonly clusterIP: Spanned<string> | null;
  readonly headless: boolean;
  /** Literal VIPs from `clusterIP`/`clusterIPs`, when the manifest pins them. */
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly IpFamily[];
  readonly externalName: Spanned<string> | null;
  /** Null when the Service has no selector (then only EndpointSlices give it endpoints). */
  readonly selector: Spanned<Readonly<Record<string, string>>> | null;
  readonly ports: readonly ServicePort[];
  readonly publishNotReadyAddresses: boolean;
  /** The `spec` mapping, for quick fixes that edit it. */
  readonly spec: YMap | null;
  /** Why the API server would reject this Service; a rejected Service has no DNS records. */
  readonly rejectedBecause: string | null;
  /** Declared external in the repository config: it and its pods live outside the manifests. */
  readonly external?: true;
}

export interface ContainerPort {
  /** The name of the container that declares it. */
  readonly container?: string | null;
  readonly name: string | null;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** How the pods of a workload are named and addressed. */
export interface PodIdentity {
  /** The pod's name when it is predictable (StatefulSet, bare Pod), else null. */
  readonly podName: string | null;
  /** The pod's `spec.hostname` as the controller sets it, or null. */
  readonly hostname: string | null;
  readonly subdomain: string | null;
  /** How many pods share this identity; null when unknown (DaemonSet: one per node). */
  readonly count: number | null;
}

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob'
  | 'Pod';

export interface WorkloadDecl {
  readonly ref: ObjectRef & { readonly kind: WorkloadKind };
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podLabelsSpan: Span | null;
  /** Replicas (or completions); null when unknown. */
  readonly replicas: number | null;
  readonly hostname: Spanned<string> | null;
  readonly subdomain: Spanned<string> | null;
  /** StatefulSet `spec.serviceName`. */
  readonly serviceName: Spanned<string> | null;
  readonly ordinalsStart: number;
  readonly indexedJob: boolean;
  readonly containerPorts: readonly ContainerPort[];
  /** The pods this workload creates, as DNS sees them. */
  readonly pods: readonly PodIdentity[];
  /** Job/CronJob pods leave the endpoints when they finish. */
  readonly runsToCompletion: boolean;
  /** The controller's label selector when it is plain labels (ReplicaSet, Deployment, ReplicationController); else null. */
  readonly selector: Readonly<Record<string, string>> | null;
  /** A bare Pod whose ownerReferences name a controller (so no ReplicaSet adopts it). */
  readonly controlled: boolean;
  /** Container ports span owner for "create headless Service" fixes: the pod template's containers. */
  readonly rejectedBecause: string | null;
}

export interface SliceEndpoint {
  readonly addresses: readonly string[];
  readonly hostname: string | null;
  readonly ready: boolean;
}

export interface SlicePort {
  readonly name: string | null;
  readonly port: number | null;
  readonly protocol: Protocol;
}

/** A hand-written EndpointSlice, or a v1 Endpoints object mirrored into slices. */
export interface EndpointSliceDecl {
  readonly ref: ObjectRef;
  readonly serviceName: string | null;
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly endpoints: readonly SliceEndpoint[];
  readonly ports: readonly SlicePort[];
  /** True for slices mirrored from a v1 Endpoints object. */
  readonly mirroredFromEndpoints: boolean;
  readonly skipMirror: boolean;
}

/** A string field that may hold host names, with the namespace it is resolved from. */
export interface ValueSite {
  readonly path: string;
  /** The scalar's span; host tokens are found in `text.slice(span)` so their spans are exact. */
  readonly span: Span;
  readonly source: string;
  readonly field: 'env' | 'args' | 'command' | 'configmap' | 'probe';
  /** The env var or ConfigMap key name, which hints whether a bare word is a host. */
  readonly label: string | null;
  readonly namespace: string;
  readonly owner: ObjectRef;
  /** Names the pod's /etc/hosts defines (hostAliases): they resolve without cluster DNS. */
  readonly hostAliases: readonly string[];
  /**
   * Which DNS the pod asks (rule 60): `cluster` (ClusterFirst), `node` (dnsPolicy Default, or
   * hostNetwork without ClusterFirstWithHostNet: cluster names do not resolve), or `custom`
   * (dnsPolicy None: whatever dnsConfig says, unknown here).
   */
  readonly resolver: PodResolver;
  /** The container's env, for `$(NAME)` expansion in env values, args and command. */
  readonly env?: ContainerEnv;
  /** For an env value: its index in the env list (only the vars before it expand into it). */
  readonly envIndex?: number;
  /** For an args/command item: the item before it (after `--join` or `-h`, this one is a host). */
  readonly precedingArg?: string | null;
}

/** A container's env as the kubelet expands `$(NAME)` from it. */
export interface ContainerEnv {
  /** In list order; `value` is null when it comes from `valueFrom` (unknown here). */
  readonly vars: readonly { readonly name: string; readonly value: string | null; readonly valueSpan: Span | null }[];
  /** `envFrom` can define any name, so an unknown `$(NAME)` may still be defined. */
  readonly hasEnvFrom: boolean;
}

export type PodResolver = 'cluster' | 'node' | 'custom';

/** What a pod's DNS setup means for the host names its containers use. */
export interface PodDnsContext {
  readonly hostAliases: readonly string[];
  readonly resolver: PodResolver;
}
