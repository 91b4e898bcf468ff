// The workspace catalog: every file's objects, indexed for the lookups DNS needs. It is immutable;
// a change to any file builds a new catalog from the cached per-file models (cheap: no parsing).
import type { FileModel } from '../kube/extractFile';
import type { EndpointSliceDecl, ServiceDecl, WorkloadDecl } from '../kube/types';
import type { EngineOptions } from './options';

/** Namespaces every cluster has, whether or not the workspace declares them. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class Catalog {
  private readonly servicesByKey = new Map<string, ServiceDecl[]>();
  private readonly workloadsByNamespace = new Map<string, WorkloadDecl[]>();
  private readonly slicesByService = new Map<string, EndpointSliceDecl[]>();
  private readonly namespaces = new Set<string>(BUILTIN_NAMESPACES);
  private readonly serviceList: ServiceDecl[] = [];
  private readonly servicesByNamespace = new Map<string, ServiceDecl[]>();
  private readonly servicesByName = new Map<string, ServiceDecl[]>();
  readonly files: ReadonlyMap<string, FileModel>;

  constructor(
    files: Iterable<FileModel>,
    readonly options: EngineOptions,
  ) {
    // Paths are sorted so that when a Service is declared twice (overlays), the same one wins every time.
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.files = new Map(sorted.map((f) => [f.path, f]));
    for (const file of sorted) {
      for (const ns of file.declaredNamespaces) this.namespaces.add(ns);
      for (const ns of file.usedNamespaces) this.namespaces.add(ns);
      for (const svc of file.services) push(this.servicesByKey, key(svc.ref.namespace, svc.ref.name), svc);
      for (const w of file.workloads) push(this.workloadsByNamespace, w.ref.namespace, w);
      for (const s of file.slices) if (s.serviceName) push(this.slicesByService, key(s.ref.namespace, s.serviceName), s);
    }
    for (const list of this.servicesByKey.values()) {
      const svc = list[0]!;
      this.serviceList.push(svc);
      push(this.servicesByName, svc.ref.name, svc);
      push(this.servicesByNamespace, svc.ref.namespace, svc);
    }
  }

  /** The Service `namespace/name`; when declared in several files, the first by path. */
  service(namespace: string, name: string): ServiceDecl | undefined {
    return this.servicesByKey.get(key(namespace, name))?.[0];
  }

  /** Every declaration of `namespace/name` (more than one in overlay-style repositories). */
  serviceDeclarations(namespace: string, name: string): readonly ServiceDecl[] {
    return this.servicesByKey.get(key(namespace, name)) ?? [];
  }

  /** One Service per namespace/name. */
  services(): readonly ServiceDecl[] {
    return this.serviceList;
  }

  servicesIn(namespace: string): readonly ServiceDecl[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  hasServiceNamed(name: string): boolean {
    return this.servicesByName.has(name);
  }

  /** Services with this name, in any namespace. */
  servicesNamed(name: string): readonly ServiceDecl[] {
    return this.servicesByName.get(name) ?? [];
  }

  workloadsIn(namespace: string): readonly WorkloadDecl[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  slicesFor(namespace: string, serviceName: string): readonly EndpointSliceDecl[] {
    return this.slicesByService.get(key(namespace, serviceName)) ?? [];
  }

  /** CoreDNS answers under `<ns>.svc` only for namespaces that exist; we count declared and used ones. */
  namespaceExists(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  allNamespaces(): string[] {
    return [...this.namespaces].sort();
  }

  /** Workloads whose pod labels the Service's selector matches, in its own namespace. */
  selectedWorkloads(svc: ServiceDecl): WorkloadDecl[] {
    const selector = svc.selector?.value;
    if (!selector || svc.type?.value === 'ExternalName') return [];
    return this.workloadsIn(svc.ref.namespace).filter((w) => selects(selector, w.podLabels));
  }

  /** Services in the workload's namespace whose selector matches its pods. */
  servicesSelecting(workload: WorkloadDecl): ServiceDecl[] {
    return this.servicesIn(workload.ref.namespace).filter(
      (svc) => svc.selector && svc.type?.value !== 'ExternalName' && selects(svc.selector.value, workload.podLabels),
    );
  }
}

export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}
