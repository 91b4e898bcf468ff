// The workspace catalog: every file's objects, indexed for the lookups DNS needs. It is immutable.
// A new catalog is built from all files once (`new Catalog`), and then per changed file
// (`withFile`, `withoutFile`, `update`): the indexes are persistent maps, so an update shares
// everything it does not touch and costs O(the changed files' objects + the index entries they
// touch), not O(workspace). Every list keeps the order a fresh build gives (by file path, then
// position in the file), so an updated catalog answers exactly as a rebuilt one.
//
// Dependencies: `observeReads` records which facts (a Service key, a namespace's workloads, a
// file…) a computation read, and `update` reports which facts changed, so a caller that caches
// per-file results (the server's problems) recomputes only the files whose reads changed.
import type { FileModel } from '../kube/extractFile';
import { CONTROLLER_LABEL_KEYS, selectedPods, selectsWorkload } from '../kube/controllerLabels';
import { objectId, type EndpointSliceDecl, type PodIdentity, type Protocol, type ServiceDecl, type WorkloadDecl } from '../kube/types';
import { makeSpan } from '../text/span';
import type { EngineOptions } from '../core/options';
import { PersistentMap } from './persistentMap';

/** Namespaces every cluster has, whether or not the workspace declares them. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const BUILTIN = new Set(BUILTIN_NAMESPACES);

/** The path of Services every cluster has; they are in no file. */
export const BUILTIN_PATH = '(built into every cluster)';

function builtinService(namespace: string, name: string, selector: Record<string, string> | null, ports: [string, number, number, Protocol][]): ServiceDecl {
  const none = makeSpan(0, 0);
  return {
    ref: { kind: 'Service', namespace, name, path: BUILTIN_PATH, nameSpan: none, kindSpan: none, span: none },
    type: null,
    clusterIP: null,
    headless: false,
    clusterIPs: [],
    ipFamilies: ['IPv4'],
    externalName: null,
    selector: selector ? { value: selector, span: none } : null,
    ports: ports.map(([portName, port, targetPort, protocol]) => ({ name: portName, port, targetPort, protocol, span: none, targetPortSpan: null })),
    publishNotReadyAddresses: false,
    spec: null,
    rejectedBecause: null,
  };
}

/**
 * Services every cluster this product models has: the API server's `default/kubernetes` and the
 * cluster DNS `kube-system/kube-dns` (CoreDNS keeps that name). A workspace that declares one wins.
 */
const BUILTIN_SERVICES: ReadonlyMap<string, ServiceDecl> = new Map(
  [
    builtinService('default', 'kubernetes', null, [['https', 443, 6443, 'TCP']]),
    builtinService('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [
      ['dns', 53, 53, 'UDP'],
      ['dns-tcp', 53, 53, 'TCP'],
      ['metrics', 9153, 9153, 'TCP'],
    ]),
  ].map((svc) => [key(svc.ref.namespace, svc.ref.name), svc]),
);

/** Whether a Service is one of the built-in ones (in no file, not editable). */
export function isBuiltinService(svc: ServiceDecl): boolean {
  return svc.ref.path === BUILTIN_PATH;
}

/**
 * One thing a catalog answers, as an opaque key: a file's model, the declarations of one Service,
 * the Services of a namespace or of a name, a namespace's workloads, a Service's slices, whether a
 * namespace exists, the list of namespaces, the list of Services, the list of files.
 */
export type CatalogFact = string & { readonly __catalogFact: never };

const fact = {
  file: (path: string) => `F${path}` as CatalogFact,
  fileList: '*' as CatalogFact,
  service: (k: string) => `S${k}` as CatalogFact,
  servicesIn: (ns: string) => `N${ns}` as CatalogFact,
  servicesNamed: (name: string) => `M${name}` as CatalogFact,
  serviceList: 'G' as CatalogFact,
  workloadsIn: (ns: string) => `W${ns}` as CatalogFact,
  slices: (k: string) => `L${k}` as CatalogFact,
  namespace: (ns: string) => `E${ns}` as CatalogFact,
  openNamespace: (ns: string) => `O${ns}` as CatalogFact,
  namespaceList: 'A' as CatalogFact,
};

/** A file to put in (its model) or to take out (its path). */
export type CatalogChange = FileModel | { readonly removed: string };

export interface CatalogUpdate {
  readonly catalog: Catalog;
  /** Facts whose answers may differ between the old catalog and the new one. */
  readonly changed: ReadonlySet<CatalogFact>;
}

/** One `Catalog.memo` result, with what it depended on beyond the catalog. */
interface Memo {
  readonly value: unknown;
  /** The facts it read, when it was computed under `observeReads`. */
  readonly facts: ReadonlySet<CatalogFact> | null;
  readonly perspectiveDependent: boolean;
  readonly perspective: string | null;
}

/** Where the facts read are being recorded (one per catalog; null when nobody observes). */
interface ReadLog {
  into: Set<CatalogFact> | null;
}

const EMPTY: readonly never[] = [];

/** How many `memo` results one generation holds (see `Catalog.memos`); tests shrink it to evict constantly. */
export const memoLimits = { generation: 100_000 };

/**
 * A read-only index: a plain `Map` after a fresh build (the CLI builds once and never pays for
 * persistence), a `PersistentMap` from the first update on.
 */
interface Index<V> {
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  keys(): Iterable<string>;
  values(): Iterable<V>;
}

function persistent<V>(index: Index<V>): PersistentMap<V> {
  return index instanceof PersistentMap ? index : PersistentMap.from(index as Map<string, V>);
}

/** The indexes; iterating a State yields its file models (in no order). */
class State implements Iterable<FileModel> {
  constructor(
    readonly files: Index<FileModel>,
    readonly servicesByKey: Index<readonly ServiceDecl[]>,
    readonly workloadsByNamespace: Index<readonly WorkloadDecl[]>,
    readonly slicesByService: Index<readonly EndpointSliceDecl[]>,
    /** Per namespace (builtins included), how many files declare it or have objects in it. */
    readonly namespaceFiles: Index<number>,
    /** The Service that answers for each key (the first declaration), per namespace, in catalog order. */
    readonly servicesByNamespace: Index<readonly ServiceDecl[]>,
    /** The same, per name. */
    readonly servicesByName: Index<readonly ServiceDecl[]>,
    /** Per namespace, how many files hold custom resources or skipped templates in it. */
    readonly openNamespaceFiles: Index<number>,
    /** Lists the previous catalog had computed that this update left unchanged. */
    readonly carried: Lists | null = null,
  ) {}

  [Symbol.iterator](): Iterator<FileModel> {
    return this.files.values()[Symbol.iterator]();
  }
}

/** What a fresh build knows for free and an update carries over when unchanged. */
interface Lists {
  readonly sortedPaths: readonly string[] | null;
  readonly serviceList: readonly ServiceDecl[] | null;
  readonly namespaceList: readonly string[] | null;
}

export class Catalog {
  readonly files: ReadonlyMap<string, FileModel>;
  private readonly state: State;
  private readonly reads: ReadLog = { into: null };
  /** The file a computation looks from (see `from`), or null. */
  private perspective: string | null = null;
  private serviceList: readonly ServiceDecl[] | null = null;
  private namespaceList: readonly string[] | null = null;
  /**
   * Results computed once for this catalog state (`memo`), in two generations: when the young one
   * is full it becomes the old one and the previous old one is dropped, and a hit in the old one
   * moves back to the young one. Memory stays bounded (a 100,000-document `check` asks about a
   * million distinct names) while the names asked again and again stay remembered.
   */
  private memos = new Map<string, Memo>();
  private oldMemos = new Map<string, Memo>();
  /** While a memoized computation runs: whether it looked up a Service declared in several files. */
  private perspectiveSeen = false;

  constructor(
    files: Iterable<FileModel>,
    readonly options: EngineOptions,
  ) {
    if (files instanceof State) {
      // An update's result: adopt its indexes rather than rebuild them.
      this.state = files;
      this.serviceList = files.carried?.serviceList ?? null;
      this.namespaceList = files.carried?.namespaceList ?? null;
      this.files = new FileTable(this.state.files, this.reads, files.carried?.sortedPaths ?? null);
    } else {
      const built = build(files);
      this.state = built.state;
      this.serviceList = built.serviceList;
      // A fresh build's file map is already in path order.
      this.files = new FileTable(this.state.files, this.reads, null, built.filesInOrder);
    }
  }

  /**
   * The same catalog, with the indexes that updates share already built. A fresh build keeps plain
   * maps (the CLI reads them once); the first update converts them. A caller that will update
   * calls this right after building, so that cost (and its garbage) is not paid by the first edit.
   */
  forUpdates(): Catalog {
    if (this.state.files instanceof PersistentMap) return this;
    const carried: Lists = { sortedPaths: (this.files as FileTable).sortedPathsIfKnown(), serviceList: this.serviceList, namespaceList: this.namespaceList };
    return new Catalog(new Updater(this.state).state(carried), this.options);
  }

  /** This catalog with `file` added, or replacing the file at its path. */
  withFile(file: FileModel): Catalog {
    return this.update([file]).catalog;
  }

  /** This catalog without the file at `path` (itself when there is none). */
  withoutFile(path: string): Catalog {
    return this.update([{ removed: path }]).catalog;
  }

  /** Applies changes in order; the result equals `new Catalog` over the resulting files. */
  update(changes: Iterable<CatalogChange>): CatalogUpdate {
    const updater = new Updater(this.state);
    for (const change of changes) {
      if ('removed' in change) updater.put(change.removed, null);
      else updater.put(change.path, change);
    }
    const changed = updater.changed;
    if (changed.size === 0) return { catalog: this, changed };
    const carried: Lists = {
      // The path list is kept when only file contents changed.
      sortedPaths: updater.pathsChanged ? null : (this.files as FileTable).sortedPathsIfKnown(),
      serviceList: changed.has(fact.serviceList) ? null : this.serviceList,
      namespaceList: changed.has(fact.namespaceList) ? null : this.namespaceList,
    };
    return { catalog: new Catalog(updater.state(carried), this.options), changed };
  }

  /** Runs `fn` and adds to `into` every fact of this catalog that it read. */
  observeReads<T>(into: Set<CatalogFact>, fn: () => T): T {
    const outer = this.reads.into;
    this.reads.into = into;
    try {
      return fn();
    } finally {
      if (outer) for (const f of into) outer.add(f);
      this.reads.into = outer;
    }
  }

  /**
   * Runs `fn` looking from the file at `path`: an object declared in several files (variants side
   * by side, two apps with a `mysql` Service) resolves to the declaration nearest to it.
   */
  from<T>(path: string, fn: () => T): T {
    const outer = this.perspective;
    this.perspective = path;
    try {
      return fn();
    } finally {
      this.perspective = outer;
    }
  }

  /**
   * `compute()`, once per catalog state and key: the catalog never changes, so a pure function of
   * it (resolving a name from a namespace, a suggestion) is computed for the first file that asks
   * and reused by the others. A hit replays the facts the computation read into `observeReads`, and
   * a result that met a Service declared in several files is reused only from the same perspective
   * (`from`), so callers see exactly what computing it again would give.
   */
  memo<T>(key: string, compute: () => T): T {
    const observing = this.reads.into !== null;
    let hit = this.memos.get(key);
    if (hit === undefined && this.oldMemos.size > 0) {
      hit = this.oldMemos.get(key);
      if (hit) this.remember(key, hit);
    }
    if (hit && (!hit.perspectiveDependent || hit.perspective === this.perspective) && (!observing || hit.facts !== null)) {
      if (observing) for (const f of hit.facts!) this.reads.into!.add(f);
      if (hit.perspectiveDependent) this.perspectiveSeen = true;
      return hit.value as T;
    }
    const outerSeen = this.perspectiveSeen;
    this.perspectiveSeen = false;
    try {
      const facts = observing ? new Set<CatalogFact>() : null;
      const value = facts ? this.observeReads(facts, compute) : compute();
      this.remember(key, { value, facts, perspectiveDependent: this.perspectiveSeen, perspective: this.perspective });
      return value;
    } finally {
      this.perspectiveSeen ||= outerSeen;
    }
  }

  private remember(key: string, memo: Memo): void {
    if (this.memos.size >= memoLimits.generation) {
      this.oldMemos = this.memos;
      this.memos = new Map();
    }
    this.memos.set(key, memo);
  }

  private read(f: CatalogFact): void {
    this.reads.into?.add(f);
  }

  /**
   * The Service `namespace/name`; when declared in several files, the one nearest to the file
   * looked from (`from`), else the first by path; else a built-in one.
   */
  service(namespace: string, name: string): ServiceDecl | undefined {
    const k = key(namespace, name);
    if (this.reads.into) this.read(fact.service(k));
    const declared = this.state.servicesByKey.get(k);
    if (!declared) return BUILTIN_SERVICES.get(k);
    return this.nearestOf(declared);
  }

  /**
   * Of several declarations of one object, the one nearest to the file looked from (`from`): the
   * same file, then the same folder, then the longest shared path; else the first by path.
   */
  nearestOf<T extends { readonly ref: { readonly path: string } }>(declarations: readonly T[]): T {
    if (declarations.length > 1) this.perspectiveSeen = true; // a memoized answer then depends on `from`
    return declarations.length > 1 && this.perspective !== null ? nearest(declarations, this.perspective)[0]! : declarations[0]!;
  }

  /** Every declaration of this workload (same kind, namespace and name), in catalog order. */
  workloadDeclarations(workload: WorkloadDecl): readonly WorkloadDecl[] {
    return declarationIndexOf(this.workloadsIn(workload.ref.namespace)).get(objectId(workload.ref)) ?? [workload];
  }

  /** Every declaration of `namespace/name` (more than one in overlay-style repositories). */
  serviceDeclarations(namespace: string, name: string): readonly ServiceDecl[] {
    const k = key(namespace, name);
    if (this.reads.into) this.read(fact.service(k));
    return this.state.servicesByKey.get(k) ?? EMPTY;
  }

  /** One Service per namespace/name. */
  services(): readonly ServiceDecl[] {
    if (this.reads.into) this.read(fact.serviceList);
    this.serviceList ??= sortByPosition([...this.state.servicesByNamespace.values()].flat(), this.state.files);
    return this.serviceList;
  }

  servicesIn(namespace: string): readonly ServiceDecl[] {
    if (this.reads.into) this.read(fact.servicesIn(namespace));
    return this.state.servicesByNamespace.get(namespace) ?? EMPTY;
  }

  hasServiceNamed(name: string): boolean {
    return this.servicesNamed(name).length > 0;
  }

  /** Services with this name, in any namespace (built-in ones included). */
  servicesNamed(name: string): readonly ServiceDecl[] {
    if (this.reads.into) this.read(fact.servicesNamed(name));
    const declared = this.state.servicesByName.get(name) ?? EMPTY;
    const builtins = [...BUILTIN_SERVICES.values()].filter((b) => b.ref.name === name && !declared.some((d) => d.ref.namespace === b.ref.namespace));
    return builtins.length ? [...declared, ...builtins] : declared;
  }

  workloadsIn(namespace: string): readonly WorkloadDecl[] {
    if (this.reads.into) this.read(fact.workloadsIn(namespace));
    return this.state.workloadsByNamespace.get(namespace) ?? EMPTY;
  }

  slicesFor(namespace: string, serviceName: string): readonly EndpointSliceDecl[] {
    const k = key(namespace, serviceName);
    if (this.reads.into) this.read(fact.slices(k));
    return this.state.slicesByService.get(k) ?? EMPTY;
  }

  /** CoreDNS answers under `<ns>.svc` only for namespaces that exist; we count declared and used ones. */
  namespaceExists(namespace: string): boolean {
    if (BUILTIN.has(namespace)) return true;
    if (this.reads.into) this.read(fact.namespace(namespace));
    return this.state.namespaceFiles.has(namespace);
  }

  /**
   * Whether the workspace shows only part of this namespace: it holds custom resources (whose
   * operators make pods and Services) or template documents that were skipped.
   */
  namespaceIsOpen(namespace: string): boolean {
    if (this.reads.into) this.read(fact.openNamespace(namespace));
    return this.state.openNamespaceFiles.has(namespace);
  }

  /** Every namespace, sorted: one array per catalog state (callers may key caches on it). */
  allNamespaces(): readonly string[] {
    if (this.reads.into) this.read(fact.namespaceList);
    this.namespaceList ??= [...new Set([...BUILTIN_NAMESPACES, ...this.state.namespaceFiles.keys()])].sort();
    return this.namespaceList;
  }

  /**
   * Workloads whose pods the Service's selector matches, in its own namespace. When they sit at
   * different distances from the Service's file (alternative apps side by side), only the nearest
   * count: the same file, then the same folder, then the longest shared path.
   */
  selectedWorkloads(svc: ServiceDecl): WorkloadDecl[] {
    const selector = svc.selector?.value;
    if (!selector || svc.type?.value === 'ExternalName') return [];
    // Only the workloads that have the selector's rarest label can match (labelIndexOf's note).
    const candidates = labelIndexOf(this.workloadsIn(svc.ref.namespace)).withRarestLabel(selector);
    const matched = candidates.filter((w) => selectsWorkload(selector, w));
    return matched.length > 1 ? nearest(matched, svc.ref.path) : matched;
  }

  /** The pods of a selected workload that the Service selects (fewer than all when it selects per-pod labels). */
  selectedPods(svc: ServiceDecl, workload: WorkloadDecl): readonly PodIdentity[] {
    return svc.selector ? selectedPods(svc.selector.value, workload) : [];
  }

  /**
   * Workloads in the namespace whose labels may be close to the selector, in catalog order: all
   * of them in a small namespace; in a big one, those with one of its labels exactly and those
   * whose value for one of its keys sorts next to the selector's (forwards or backwards, so a
   * typo at either end is found), so a suggestion costs a few lookups, not one per workload.
   */
  workloadsNear(namespace: string, selector: Readonly<Record<string, string>>): readonly WorkloadDecl[] {
    const workloads = this.workloadsIn(namespace);
    return workloads.length <= NEAR_SCAN_ALL ? workloads : labelIndexOf(workloads).near(selector);
  }

  /** Services in the workload's namespace whose selector matches its pods. */
  servicesSelecting(workload: WorkloadDecl): ServiceDecl[] {
    const services = this.servicesIn(workload.ref.namespace);
    return selectorIndexOf(services)
      .selecting(workload.podLabels)
      .filter((svc) => svc.selector && svc.type?.value !== 'ExternalName' && selectsWorkload(svc.selector.value, workload));
  }
}

/** How close two files are: the same file beats any folder; else how many folders their paths share. */
export function proximity(from: string, to: string): number {
  if (from === to) return Number.MAX_SAFE_INTEGER;
  const a = from.split(/[/\\]/);
  const b = to.split(/[/\\]/);
  let shared = 0;
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++;
  return shared;
}

/** The items declared nearest to `from` (ties all kept, in their order). */
export function nearest<T extends { readonly ref: { readonly path: string } }>(items: readonly T[], from: string): T[] {
  let best = -1;
  let result: T[] = [];
  for (const item of items) {
    const p = proximity(from, item.ref.path);
    if (p > best) {
      best = p;
      result = [item];
    } else if (p === best) result.push(item);
  }
  return result;
}

/** A namespace small enough that a suggestion looks at every workload. */
const NEAR_SCAN_ALL = 64;
/** How many neighbours, each side, a suggestion looks at per sorted order in a big namespace. */
const NEAR_NEIGHBOURS = 8;

function labelKey(k: string, v: string): string {
  return `${k}\u0000${v}`;
}

function reversed(value: string): string {
  return [...value].reverse().join('');
}

/**
 * Workloads by pod label, for one namespace's workload list. Lists are immutable (an update
 * replaces a namespace's list), so the list itself keys the cache. Selection matches a template
 * label exactly, so a workload without the selector's rarest `key=value` cannot match. Keys that
 * a controller may add to pods (CONTROLLER_LABEL_KEYS) are not in `podLabels`, so they never
 * narrow the candidates.
 */
class LabelIndex {
  private readonly byLabel = new Map<string, WorkloadDecl[]>();
  private readonly order = new Map<WorkloadDecl, number>();
  /** Per label key, its distinct values sorted forwards and sorted reversed (built when asked). */
  private readonly valuesByKey = new Map<string, { forward: string[]; backward: string[] }>();

  constructor(private readonly workloads: readonly WorkloadDecl[]) {
    workloads.forEach((w, i) => {
      this.order.set(w, i);
      for (const [k, v] of Object.entries(w.podLabels)) push(this.byLabel, labelKey(k, v), w);
    });
  }

  withRarestLabel(selector: Readonly<Record<string, string>>): readonly WorkloadDecl[] {
    let rarest: readonly WorkloadDecl[] | null = null;
    for (const [k, v] of Object.entries(selector)) {
      if (CONTROLLER_LABEL_KEYS.has(k)) continue;
      const list = this.byLabel.get(labelKey(k, v)) ?? EMPTY;
      if (!rarest || list.length < rarest.length) rarest = list;
      if (list.length === 0) break;
    }
    return rarest ?? this.workloads;
  }

  near(selector: Readonly<Record<string, string>>): readonly WorkloadDecl[] {
    const found = new Set<WorkloadDecl>();
    const take = (list: readonly WorkloadDecl[] | undefined) => {
      for (const w of (list ?? EMPTY).slice(0, NEAR_NEIGHBOURS)) found.add(w);
    };
    for (const [k, v] of Object.entries(selector)) {
      take(this.byLabel.get(labelKey(k, v)));
      const values = this.values(k);
      for (const [sorted, probe, unmap] of [
        [values.forward, v, (x: string) => x],
        [values.backward, reversed(v), reversed],
      ] as const) {
        const at = lowerBound(sorted, probe);
        for (let i = Math.max(0, at - NEAR_NEIGHBOURS); i < Math.min(sorted.length, at + NEAR_NEIGHBOURS); i++) take(this.byLabel.get(labelKey(k, unmap(sorted[i]!))));
      }
    }
    return [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  private values(k: string): { forward: string[]; backward: string[] } {
    let values = this.valuesByKey.get(k);
    if (!values) {
      const distinct = new Set<string>();
      for (const w of this.workloads) {
        const v = w.podLabels[k];
        if (v !== undefined) distinct.add(v);
      }
      values = { forward: [...distinct].sort(), backward: [...distinct].map(reversed).sort() };
      this.valuesByKey.set(k, values);
    }
    return values;
  }
}

/** Per namespace's workload list (immutable, so it keys the cache), the declarations of each object id. */
const declarationIndexes = new WeakMap<readonly WorkloadDecl[], Map<string, WorkloadDecl[]>>();

function declarationIndexOf(workloads: readonly WorkloadDecl[]): Map<string, WorkloadDecl[]> {
  let index = declarationIndexes.get(workloads);
  if (!index) declarationIndexes.set(workloads, (index = groupBy(workloads, (w) => objectId(w.ref))));
  return index;
}

const labelIndexes = new WeakMap<readonly WorkloadDecl[], LabelIndex>();

function labelIndexOf(workloads: readonly WorkloadDecl[]): LabelIndex {
  let index = labelIndexes.get(workloads);
  if (!index) labelIndexes.set(workloads, (index = new LabelIndex(workloads)));
  return index;
}

/**
 * Services by the first template label of their selector, for one namespace's Service list: a
 * Service selects a workload only if the workload has that label, so a workload's labels find
 * every candidate. A selector made only of controller-added keys (a per-pod Service) cannot be
 * narrowed by template labels: those Services are candidates for every workload.
 */
class SelectorIndex {
  private readonly byFirstLabel = new Map<string, ServiceDecl[]>();
  private readonly onControllerLabels: ServiceDecl[] = [];
  private readonly order = new Map<ServiceDecl, number>();

  constructor(services: readonly ServiceDecl[]) {
    services.forEach((svc, i) => {
      this.order.set(svc, i);
      if (!svc.selector) return;
      const entries = Object.entries(svc.selector.value);
      const first = entries.find(([k]) => !CONTROLLER_LABEL_KEYS.has(k));
      if (first) push(this.byFirstLabel, labelKey(first[0], first[1]), svc);
      else if (entries.length > 0) this.onControllerLabels.push(svc);
    });
  }

  /** Candidates in catalog order (each Service is under one label, so none twice). */
  selecting(labels: Readonly<Record<string, string>>): ServiceDecl[] {
    const found = Object.entries(labels).flatMap(([k, v]) => this.byFirstLabel.get(labelKey(k, v)) ?? []);
    found.push(...this.onControllerLabels);
    return found.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

const selectorIndexes = new WeakMap<readonly ServiceDecl[], SelectorIndex>();

function selectorIndexOf(services: readonly ServiceDecl[]): SelectorIndex {
  let index = selectorIndexes.get(services);
  if (!index) selectorIndexes.set(services, (index = new SelectorIndex(services)));
  return index;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/** The namespaces a file contributes: declared ones and those its objects (custom resources too) live in. */
function namespacesOf(file: FileModel): Set<string> {
  return new Set([...file.declaredNamespaces, ...file.usedNamespaces, ...file.openNamespaces]);
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function build(files: Iterable<FileModel>): { state: State; filesInOrder: Map<string, FileModel>; serviceList: ServiceDecl[] } {
  // Paths are sorted so that when a Service is declared twice (overlays), the same one wins every
  // time. A path given twice keeps its last model.
  const byPath = new Map<string, FileModel>();
  for (const file of files) byPath.set(file.path, file);
  const sorted = [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
  const servicesByKey = new Map<string, ServiceDecl[]>();
  const workloadsByNamespace = new Map<string, WorkloadDecl[]>();
  const slicesByService = new Map<string, EndpointSliceDecl[]>();
  const namespaceFiles = new Map<string, number>();
  const openNamespaceFiles = new Map<string, number>();
  for (const file of sorted) {
    for (const ns of namespacesOf(file)) namespaceFiles.set(ns, (namespaceFiles.get(ns) ?? 0) + 1);
    for (const ns of new Set(file.openNamespaces)) openNamespaceFiles.set(ns, (openNamespaceFiles.get(ns) ?? 0) + 1);
    for (const svc of file.services) push(servicesByKey, key(svc.ref.namespace, svc.ref.name), svc);
    for (const w of file.workloads) push(workloadsByNamespace, w.ref.namespace, w);
    for (const s of file.slices) if (s.serviceName) push(slicesByService, key(s.ref.namespace, s.serviceName), s);
  }
  const serviceList: ServiceDecl[] = [];
  const servicesByNamespace = new Map<string, ServiceDecl[]>();
  const servicesByName = new Map<string, ServiceDecl[]>();
  for (const list of servicesByKey.values()) {
    const svc = list[0]!;
    serviceList.push(svc);
    push(servicesByName, svc.ref.name, svc);
    push(servicesByNamespace, svc.ref.namespace, svc);
  }
  const filesInOrder = new Map(sorted.map((f) => [f.path, f]));
  const state = new State(filesInOrder, servicesByKey, workloadsByNamespace, slicesByService, namespaceFiles, servicesByNamespace, servicesByName, openNamespaceFiles);
  return { state, filesInOrder, serviceList };
}

/** Per file model (immutable), each Service's index in its `services`. */
const serviceOrdinals = new WeakMap<FileModel, Map<ServiceDecl, number>>();

/** A Service's index among its file's Services: with its path, its place in catalog order. */
function ordinalOf(svc: ServiceDecl, files: Index<FileModel>): number {
  const file = files.get(svc.ref.path);
  if (!file) return -1;
  let ordinals = serviceOrdinals.get(file);
  if (!ordinals) {
    ordinals = new Map(file.services.map((s, i) => [s, i]));
    serviceOrdinals.set(file, ordinals);
  }
  return ordinals.get(svc) ?? -1;
}

/** Services sorted into catalog order: by path, then index in the file. */
function sortByPosition(services: ServiceDecl[], files: Index<FileModel>): ServiceDecl[] {
  return services.sort((a, b) => comparePaths(a.ref.path, b.ref.path) || ordinalOf(a, files) - ordinalOf(b, files));
}

/** Replaces one file's entries in a list sorted by path: the others stay, the new ones go where its path sorts. */
function replaceEntries<T extends { readonly ref: { readonly path: string } }>(list: readonly T[] | undefined, path: string, added: readonly T[]): readonly T[] {
  const kept = list ? list.filter((x) => x.ref.path !== path) : [];
  if (added.length === 0) return kept;
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePaths(kept[mid]!.ref.path, path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...kept.slice(0, lo), ...added, ...kept.slice(lo)];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k !== null) push(groups, k, item);
  }
  return groups;
}

/** Applies file changes to a State one at a time, collecting the facts that changed. */
class Updater {
  readonly changed = new Set<CatalogFact>();
  /** A file was added or removed (not only changed). */
  pathsChanged = false;
  private files: PersistentMap<FileModel>;
  private servicesByKey: PersistentMap<readonly ServiceDecl[]>;
  private workloadsByNamespace: PersistentMap<readonly WorkloadDecl[]>;
  private slicesByService: PersistentMap<readonly EndpointSliceDecl[]>;
  private namespaceFiles: PersistentMap<number>;
  private openNamespaceFiles: PersistentMap<number>;
  private servicesByNamespace: PersistentMap<readonly ServiceDecl[]>;
  private servicesByName: PersistentMap<readonly ServiceDecl[]>;

  constructor(state: State) {
    // The first update after a fresh build turns its maps into persistent ones (once).
    this.files = persistent(state.files);
    this.servicesByKey = persistent(state.servicesByKey);
    this.workloadsByNamespace = persistent(state.workloadsByNamespace);
    this.slicesByService = persistent(state.slicesByService);
    this.namespaceFiles = persistent(state.namespaceFiles);
    this.openNamespaceFiles = persistent(state.openNamespaceFiles);
    this.servicesByNamespace = persistent(state.servicesByNamespace);
    this.servicesByName = persistent(state.servicesByName);
  }

  state(carried: Lists): State {
    return new State(
      this.files,
      this.servicesByKey,
      this.workloadsByNamespace,
      this.slicesByService,
      this.namespaceFiles,
      this.servicesByNamespace,
      this.servicesByName,
      this.openNamespaceFiles,
      carried,
    );
  }

  put(path: string, next: FileModel | null): void {
    const old = this.files.get(path);
    if (old === next || (old === undefined && next === null)) return;
    this.changed.add(fact.file(path));
    // Iterating the files yields their models, so any change changes what iteration reads.
    this.changed.add(fact.fileList);
    if (old === undefined || next === null) this.pathsChanged = true;
    this.files = next ? this.files.set(path, next) : this.files.delete(path);

    const svcKey = (s: ServiceDecl) => key(s.ref.namespace, s.ref.name);
    const newServices = groupBy(next?.services ?? EMPTY, svcKey);
    for (const k of new Set([...(old?.services ?? EMPTY).map(svcKey), ...newServices.keys()])) {
      const before = this.servicesByKey.get(k);
      const after = replaceEntries(before, path, newServices.get(k) ?? EMPTY);
      this.servicesByKey = after.length ? this.servicesByKey.set(k, after) : this.servicesByKey.delete(k);
      this.changed.add(fact.service(k));
      const was = before?.[0];
      const now = after[0];
      if (was !== now) this.replaceWinner(was, now);
    }

    const newWorkloads = groupBy(next?.workloads ?? EMPTY, (w) => w.ref.namespace);
    for (const ns of new Set([...(old?.workloads ?? EMPTY).map((w) => w.ref.namespace), ...newWorkloads.keys()])) {
      const after = replaceEntries(this.workloadsByNamespace.get(ns), path, newWorkloads.get(ns) ?? EMPTY);
      this.workloadsByNamespace = after.length ? this.workloadsByNamespace.set(ns, after) : this.workloadsByNamespace.delete(ns);
      this.changed.add(fact.workloadsIn(ns));
    }

    const sliceKey = (s: EndpointSliceDecl) => (s.serviceName ? key(s.ref.namespace, s.serviceName) : null);
    const newSlices = groupBy(next?.slices ?? EMPTY, sliceKey);
    const oldSliceKeys = (old?.slices ?? EMPTY).map(sliceKey).filter((k): k is string => k !== null);
    for (const k of new Set([...oldSliceKeys, ...newSlices.keys()])) {
      const after = replaceEntries(this.slicesByService.get(k), path, newSlices.get(k) ?? EMPTY);
      this.slicesByService = after.length ? this.slicesByService.set(k, after) : this.slicesByService.delete(k);
      this.changed.add(fact.slices(k));
    }

    const oldNamespaces = old ? namespacesOf(old) : new Set<string>();
    const newNamespaces = next ? namespacesOf(next) : new Set<string>();
    for (const ns of oldNamespaces) if (!newNamespaces.has(ns)) this.countNamespace(ns, -1);
    for (const ns of newNamespaces) if (!oldNamespaces.has(ns)) this.countNamespace(ns, +1);

    const oldOpen = new Set(old?.openNamespaces ?? EMPTY);
    const newOpen = new Set(next?.openNamespaces ?? EMPTY);
    for (const ns of oldOpen) if (!newOpen.has(ns)) this.countOpenNamespace(ns, -1);
    for (const ns of newOpen) if (!oldOpen.has(ns)) this.countOpenNamespace(ns, +1);
  }

  private countOpenNamespace(ns: string, delta: number): void {
    const count = (this.openNamespaceFiles.get(ns) ?? 0) + delta;
    this.openNamespaceFiles = count > 0 ? this.openNamespaceFiles.set(ns, count) : this.openNamespaceFiles.delete(ns);
    if (count === 0 || (count === 1 && delta > 0)) this.changed.add(fact.openNamespace(ns));
  }

  private countNamespace(ns: string, delta: number): void {
    const count = (this.namespaceFiles.get(ns) ?? 0) + delta;
    this.namespaceFiles = count > 0 ? this.namespaceFiles.set(ns, count) : this.namespaceFiles.delete(ns);
    // Builtin namespaces exist whatever the files say.
    if (!BUILTIN.has(ns) && (count === 0 || (count === 1 && delta > 0))) {
      this.changed.add(fact.namespace(ns));
      this.changed.add(fact.namespaceList);
    }
  }

  /** The Service answering for a key changed: move it in the per-namespace and per-name lists. */
  private replaceWinner(was: ServiceDecl | undefined, now: ServiceDecl | undefined): void {
    const svc = (was ?? now)!;
    const { namespace, name } = svc.ref;
    this.servicesByNamespace = this.replaceIn(this.servicesByNamespace, namespace, was, now);
    this.servicesByName = this.replaceIn(this.servicesByName, name, was, now);
    this.changed.add(fact.servicesIn(namespace));
    this.changed.add(fact.servicesNamed(name));
    this.changed.add(fact.serviceList);
  }

  private replaceIn(
    map: PersistentMap<readonly ServiceDecl[]>,
    k: string,
    was: ServiceDecl | undefined,
    now: ServiceDecl | undefined,
  ): PersistentMap<readonly ServiceDecl[]> {
    const list = (map.get(k) ?? EMPTY).filter((s) => s !== was);
    if (now) {
      // Catalog order: path, then index among the file's Services (the files map is already updated).
      const ordinal = (s: ServiceDecl) => ordinalOf(s, this.files);
      const nowOrdinal = ordinal(now);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = list[mid]!;
        const c = comparePaths(other.ref.path, now.ref.path) || ordinal(other) - nowOrdinal;
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, now);
    }
    return list.length ? map.set(k, list) : map.delete(k);
  }
}

/** `Catalog.files`: lookups record the file read; iteration (by path) records the file list. */
class FileTable implements ReadonlyMap<string, FileModel> {
  constructor(
    private readonly map: Index<FileModel>,
    private readonly reads: ReadLog,
    private sortedPaths: readonly string[] | null,
    private sorted: Map<string, FileModel> | null = null,
  ) {}

  get size(): number {
    this.reads.into?.add(fact.fileList);
    return this.map.size;
  }

  get(path: string): FileModel | undefined {
    this.reads.into?.add(fact.file(path));
    return this.map.get(path);
  }

  has(path: string): boolean {
    this.reads.into?.add(fact.file(path));
    return this.map.has(path);
  }

  sortedPathsIfKnown(): readonly string[] | null {
    if (!this.sortedPaths && this.sorted) this.sortedPaths = [...this.sorted.keys()];
    return this.sortedPaths;
  }

  forEach(callback: (value: FileModel, key: string, map: ReadonlyMap<string, FileModel>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.inOrder()) callback.call(thisArg, v, k, this);
  }

  entries(): MapIterator<[string, FileModel]> {
    return this.inOrder().entries();
  }

  keys(): MapIterator<string> {
    return this.inOrder().keys();
  }

  values(): MapIterator<FileModel> {
    return this.inOrder().values();
  }

  [Symbol.iterator](): MapIterator<[string, FileModel]> {
    return this.inOrder().entries();
  }

  /** The files by path, built on first iteration. */
  private inOrder(): Map<string, FileModel> {
    this.reads.into?.add(fact.fileList);
    if (!this.sorted) {
      this.sortedPaths ??= [...this.map.keys()].sort(comparePaths);
      this.sorted = new Map(this.sortedPaths.map((p) => [p, this.map.get(p)!]));
    }
    return this.sorted;
  }
}
