// The server's only state: a snapshot per file (open documents shadow the disk), the settings
// they were analysed with, and the catalog and problems derived from them.
//
// Incremental: a changed file is re-parsed alone (open documents lazily, so a typing burst parses
// only its last version), the catalog is updated with that file only (`Catalog.update`, which
// shares everything else), and each file's problems are cached with the catalog facts they read;
// an update drops the cached problems of exactly the files that read a fact it changed.
//
// Settings changes and disk reads run one at a time in a queue, so they apply in the order they
// arrived; requests wait for the queue and never see a half-built index, with one exception:
// during the initial scan of a large workspace, hovers and diagnostics of open documents are
// answered once the open documents' folders are read (see `settledFor` for the trade-off).
import * as nodePath from 'node:path';
import {
  applySeverityOverrides,
  Catalog,
  fileSuppressions,
  checkFile,
  extractWorkspaceFile,
  skippedFile,
  type CatalogFact,
  type EngineOptions,
  type FileModel,
  fallbackVariableNames,
  fallbackVariables,
  type KustomizePlan,
  type Problem,
  type SeverityOverrides,
  type TimeBudget,
} from '../../../shared/src/index';
import { describeFsError, formatBytes } from '../../../host/src/fileSystem';
import type { Disposable, ServerHost } from '../../../host/src/serverHost';
import { describeError } from '../describeError';
import { DEFAULT_SETTINGS, engineOptions, HOST_SCAN_FIELDS, scanChanged, type Settings } from '../settings';
import { ExcludeMatcher } from '../../../host/src/excludeMatcher';
import { FileSnapshot } from './fileSnapshot';
import { canonicalUri, filePathOf, fileUriOf } from './fileUris';
import { affectsPlan, enginePathOf, NO_KUSTOMIZATIONS, planIndexed, sameKeys, type IndexedKustomizations } from './kustomizePlan';
import { WorkspaceRoots, type WorkspaceFolderPath } from './workspaceRoots';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A note the user should see (`window/showMessage`), beside the log. */
  show?(message: string): void;
}

/** A `window/workDoneProgress` reporter, or one that does nothing for clients without it. */
export interface ProgressReporter {
  report(message: string, percentage: number): void;
  done(): void;
}

export type { WorkspaceFolderPath } from './workspaceRoots';

export interface IndexConfiguration {
  readonly settings: Settings;
  /** The severity overrides to apply (settings plus the `yaml-syntax` coexistence rule). */
  readonly severities: SeverityOverrides;
  readonly folders: readonly WorkspaceFolderPath[];
}

export interface DiskChange {
  readonly uri: string;
  readonly kind: 'created' | 'changed' | 'deleted';
}

interface OpenDocument {
  /** The client's URI (what it is reported under). */
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** One file's problems, cached until a fact they were computed from changes. */
export interface FileResult {
  /** Against the whole workspace, with the severity overrides applied. */
  readonly problems: readonly Problem[];
  /** What the check read from the catalog (the file itself included). */
  readonly facts: readonly CatalogFact[];
}

/** An update touching more files than this (and an eighth of the workspace) rebuilds the catalog instead. */
const REBUILD_THRESHOLD = 256;
/**
 * Workspaces with fewer YAML files are scanned whole before any answer (a fraction of a second),
 * so their answers are always complete; larger ones answer open documents first.
 */
const OPEN_FIRST_MIN_FILES = 500;
/** An initial walk still running after this long reads the open documents' folders first. */
const OPEN_FIRST_AFTER_MS = 300;
/** Errors met by one walk that are logged one by one. */
const MAX_LOGGED_ERRORS = 20;

export class WorkspaceIndex {
  /** Every open document as the client sent it, by real key, excluded or not (a settings change may re-include it). */
  private readonly openDocuments = new Map<string, OpenDocument>();
  /** The real key of each open document, by the client's (canonical) URI: resolved again on every change and watched-file batch. */
  private readonly openKeys = new Map<string, string>();
  private roots = new WorkspaceRoots([], (p) => p);
  /** Watched-file changes not applied yet, by canonical URI (the last one wins); applied in one batch. */
  private diskChanges = new Map<string, DiskChange['kind']>();
  private diskJob: Promise<void> | null = null;
  /** The initial walk is slow: the open documents' folders are read meanwhile (`readOpenFoldersFirst`). */
  private openFirstStarted = false;
  private readonly foldersReadFirst = new Set<string>();
  /** Resolves when every open document's folder read so far has been read. */
  private folderReads: Promise<void> = Promise.resolve();
  /** Analysed open documents, filled on first use (typing bursts analyse only the last version); null: excluded. */
  private readonly open = new Map<string, FileSnapshot | null>();
  private disk = new Map<string, FileSnapshot>();
  private configuration: IndexConfiguration = { settings: DEFAULT_SETTINGS, severities: {}, folders: [] };
  private options: EngineOptions = engineOptions(DEFAULT_SETTINGS);
  private excluder = new ExcludeMatcher([]);
  private scanned = false;
  private generationValue = 0;
  /** The catalog of every snapshot except those in `pending` (navigation: every file, bases too). */
  private catalogValue: Catalog | null = null;
  /**
   * The catalog problems are checked against: `catalogValue` without the files kustomize overlays
   * read (they are checked through their overlays, as the CLI does); the same object when none.
   */
  private checkCatalogValue: Catalog | null = null;
  private kustomizationsValue: IndexedKustomizations = NO_KUSTOMIZATIONS;
  private kustomizationsStale = true;
  /** Keys whose snapshot changed since `catalogValue` was made; null: rebuild it from all snapshots. */
  private pending: Set<string> | null = null;
  private readonly results = new Map<string, FileResult>();
  /** Per catalog fact, the files whose cached results read it. */
  private readonly readers = new Map<CatalogFact, Set<string>>();
  /** True while the first scan reads the workspace (open documents are answered meanwhile). */
  private initialScanRunning = false;
  private rescanRequested = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly readyPromise: Promise<void>;
  private markReady: () => void = () => undefined;
  private readonly openReadyPromise: Promise<void>;
  private markOpenReady: () => void = () => undefined;

  constructor(
    private readonly host: ServerHost,
    private readonly log: Logger,
    private readonly startProgress: (title: string) => Promise<ProgressReporter>,
  ) {
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
    this.openReadyPromise = new Promise((resolve) => (this.markOpenReady = resolve));
  }

  /** Bumped on every change to any snapshot or setting; derived data is keyed by it. */
  get generation(): number {
    return this.generationValue;
  }

  get settings(): Settings {
    return this.configuration.settings;
  }

  /** Resolves once the first configuration has been applied and the initial scan is done. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  /**
   * Resolves when a hover or diagnostics request about `uri` may be answered. In a large
   * workspace, such requests on open documents are answered during the initial scan as soon as the configuration is applied and
   * the open documents' folders are read, from what the scan has read so far (smaller workspaces
   * are scanned whole first: see OPEN_FIRST_MIN_FILES). The trade-off: until the scan completes,
   * such an answer may miss objects in files not read yet (a Service selecting pods declared in
   * another folder reads as selecting nothing); when it completes, the index changes and
   * diagnostics are refreshed (pull) or published again (push). Requests on other files, quick
   * fixes and workspace diagnostics wait for the scan and the queue (`settled`), so they never see
   * a half-built index.
   */
  async settledFor(uri: string): Promise<void> {
    if (this.isOpen(this.keyOf(uri))) {
      await this.openReadyPromise;
      if (this.initialScanRunning) {
        await this.folderReads;
        return;
      }
    }
    await this.settled();
  }

  /** Resolves when open documents may be answered (the first configuration applied, their folders read). */
  openDocumentsReady(): Promise<void> {
    return this.openReadyPromise;
  }

  /** True while the initial scan runs: only open documents are answered, from a partial index. */
  get scanning(): boolean {
    return this.initialScanRunning;
  }

  /** Resolves when the index is ready and no queued update is pending. */
  async settled(): Promise<void> {
    await this.readyPromise;
    let tail: Promise<void>;
    do {
      tail = this.queue;
      await tail;
    } while (tail !== this.queue);
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Queues loading and applying a configuration. The disk is scanned again only when what is read
   * changed (folders, excludes, size limit); otherwise the cached texts are analysed again.
   */
  configure(load: () => Promise<IndexConfiguration>): Promise<void> {
    return this.enqueue('applying the configuration', async () => {
      try {
        const next = await load();
        const forced = this.rescanRequested;
        this.rescanRequested = false;
        const rescan = forced || !this.scanned || scanChanged(this.configuration.settings, next.settings) || !sameFolders(this.configuration.folders, next.folders);
        this.configuration = next;
        this.options = engineOptions(next.settings);
        this.roots = new WorkspaceRoots(next.folders, (path) => this.host.realPath(path).real);
        // Both spellings of each folder: the scan meets paths as the client spells them, watched
        // files are matched by their real paths.
        this.excluder = new ExcludeMatcher(
          this.roots.roots.flatMap((r) => {
            const globs = [...(next.settings.filesExclude.get(r.uri) ?? []), ...next.settings.exclude];
            return r.real === r.path ? [{ folder: r.path, globs }] : [{ folder: r.path, globs }, { folder: r.real, globs }];
          }),
        );
        this.refreshOpenKeys();
        this.open.clear();
        this.pending = null;
        if (rescan) await this.scan(!this.scanned);
        else this.disk = new Map([...this.disk].map(([key, snapshot]) => [key, this.reanalyse(snapshot)]));
        this.initialScanRunning = false;
        this.pending = null;
        this.scanned = true;
        this.changed();
      } finally {
        this.initialScanRunning = false;
        this.markOpenReady();
        this.markReady();
      }
    });
  }

  /** Reads the whole workspace again with the current settings (the "re-index" command). */
  rescan(load: () => Promise<IndexConfiguration>): Promise<void> {
    this.rescanRequested = true;
    return this.configure(load);
  }

  /**
   * `didOpen`/`didChange`. Open documents need no disk read, so they are ready before the scan
   * ends. An open document is analysed from the text the client sent, keyed by its real path so
   * that it shadows its disk copy however the client spells its path. The real path is resolved
   * again on every change (and every watched-file event, `refreshOpenKeys`): a path in a
   * workspace folder that is, or becomes, a link out of the workspace is not indexed (its text
   * would bring an outside file into the workspace's answers). A document opened outside every
   * folder (no link involved) is analysed from its own text, as it always was.
   */
  setOpenDocument(uri: string, version: number, text: string): void {
    const canonical = canonicalUri(uri);
    const known = this.openKeys.has(canonical);
    const key = this.refreshOpenKey(canonical);
    if (!known && this.initialScanRunning && this.openFirstStarted) this.readOpenFoldersFirst([key]);
    this.openDocuments.set(key, { uri, version, text });
    this.open.delete(key);
    this.touch(key);
    this.changed();
  }

  /**
   * Resolves the real path of an open document's client path again, moving the document when it
   * changed (its path became a link, or stopped being one). Returns its key.
   */
  private refreshOpenKey(canonical: string): string {
    const path = filePathOf(canonical);
    const key = path === null ? canonical : fileUriOf(this.host.realPath(path).real);
    const previous = this.openKeys.get(canonical);
    this.openKeys.set(canonical, key);
    if (previous === undefined || previous === key) return key;
    const doc = this.openDocuments.get(previous);
    // The old key stays open only if another spelling of the path still names it.
    let shared = false;
    for (const other of this.openKeys.values()) if (other === previous) shared = true;
    if (!shared) {
      this.openDocuments.delete(previous);
      this.open.delete(previous);
      this.touch(previous);
    }
    if (doc && !this.openDocuments.has(key)) this.openDocuments.set(key, doc);
    this.open.delete(key);
    this.touch(key);
    return key;
  }

  /** Every open document's real path, resolved again (watched-file events, new folders). */
  private refreshOpenKeys(): void {
    for (const canonical of [...this.openKeys.keys()]) this.refreshOpenKey(canonical);
  }

  /** True when the client path of `uri` lies in a workspace folder but its real path `real` does not: a link out. */
  private linksOut(uri: string, real: string): boolean {
    const clientPath = filePathOf(canonicalUri(uri));
    return clientPath !== null && (this.roots.lexicalReal(clientPath) !== null || this.roots.contains(clientPath)) && !this.roots.contains(real);
  }

  /** `didClose`: the file falls back to its disk content, read again (inside the workspace only) since it may have changed. */
  closeDocument(uri: string): void {
    const canonical = canonicalUri(uri);
    const key = this.openKeys.get(canonical) ?? this.keyOf(uri);
    this.openKeys.delete(canonical);
    // The same file may still be open under another spelling of its path.
    for (const other of this.openKeys.values()) if (other === key) return;
    this.openDocuments.delete(key);
    this.open.delete(key);
    this.touch(key);
    this.changed();
    if (filePathOf(key) !== null) void this.applyDiskChanges([{ uri: key, kind: 'changed' }]);
  }

  /**
   * `workspace/didChangeWatchedFiles`; a rename arrives as a delete plus a create. Changes are
   * merged (per file, the last one wins) and applied in one batch, so a branch switch of 20,000
   * events costs one pass over the index, not one per event.
   */
  applyDiskChanges(changes: readonly DiskChange[]): Promise<void> {
    for (const change of changes) this.diskChanges.set(canonicalUri(change.uri), change.kind);
    this.diskJob ??= this.enqueue('reading changed files', async () => {
      this.diskJob = null;
      const batch = this.diskChanges;
      this.diskChanges = new Map();
      await this.applyDiskBatch(batch);
      this.changed();
    });
    return this.diskJob;
  }

  /** The index key of a URI the client names: the real path of a `file:` URI, else the URI itself. */
  keyOf(uri: string): string {
    const canonical = canonicalUri(uri);
    const open = this.openKeys.get(canonical);
    if (open !== undefined) return open;
    const path = filePathOf(canonical);
    if (path === null) return canonical;
    // Most URIs are those the server reported: their folder's real path joined with the rest.
    const guess = this.roots.lexicalReal(path);
    if (guess !== null) {
      const key = fileUriOf(guess);
      if (this.disk.has(key)) return key;
    }
    return fileUriOf(this.host.realPath(path).real);
  }

  /** The snapshot the client means by `uri`: the open document, else the disk file. */
  snapshot(uri: string): FileSnapshot | undefined {
    return this.snapshotByKey(this.keyOf(uri));
  }

  snapshotByKey(key: string): FileSnapshot | undefined {
    const open = this.openSnapshot(key);
    return open === undefined ? this.disk.get(key) : (open ?? undefined);
  }

  /** A key as a user reads it: relative to its workspace folder, else the file path. */
  /** False for a problem a fallen-back kustomization's `vars` explain (the plan knows files by engine path). */
  private keepFallbackProblem(problem: Problem): boolean {
    const { plan, texts } = this.kustomizationsValue;
    const path = plan?.notBuilt.length ? enginePathOf(problem.path) : null;
    if (path === null || !plan) return true;
    if (this.fallbackKeep?.plan !== plan) this.fallbackKeep = { plan, keep: fallbackVariables(plan, (p) => texts.get(p)) };
    return this.fallbackKeep.keep({ ...problem, path });
  }
  private fallbackKeep: { readonly plan: KustomizePlan; readonly keep: (problem: Problem) => boolean } | null = null;

  /** A message with the workspace's URIs (a Helm chart's folder) written as the CLI writes paths: relative to the folder. */
  private relativeUris(message: string): string {
    return message.replace(/file:\/\/[^\s]*[^\s.,;:)]/g, (uri) => this.displayPath(uri) || '.');
  }

  displayPath(key: string): string {
    const path = filePathOf(key);
    if (path === null) return key;
    const owner = this.roots.ownerOf(path);
    return owner && owner.real !== path ? nodePath.relative(owner.real, path).split(nodePath.sep).join('/') : path;
  }

  isOpen(key: string): boolean {
    return this.openDocuments.has(key);
  }

  /** Every indexed file, open documents in place of their disk content. */
  snapshots(): FileSnapshot[] {
    const result = this.openSnapshots();
    for (const [key, snapshot] of this.disk) if (!this.openDocuments.has(key)) result.push(snapshot);
    return result;
  }

  /** The open documents that are indexed (not excluded). */
  openSnapshots(): FileSnapshot[] {
    const result: FileSnapshot[] = [];
    for (const key of this.openDocuments.keys()) {
      const snapshot = this.openSnapshot(key);
      if (snapshot) result.push(snapshot);
    }
    return result;
  }

  /** The catalog of every snapshot, brought up to date with the files changed since it was made. */
  catalog(): Catalog {
    this.refreshCatalogs();
    return this.catalogValue!;
  }

  /** The catalog of what is applied as written: `catalog()` without the files only kustomize overlays read. */
  checkCatalog(): Catalog {
    this.refreshCatalogs();
    return this.checkCatalogValue!;
  }

  /** The workspace's kustomizations: which files overlays read (up to date with the snapshots). */
  kustomizations(): IndexedKustomizations {
    this.refreshCatalogs();
    return this.kustomizationsValue;
  }

  private refreshCatalogs(): void {
    const size = this.catalogValue?.files.size ?? 0;
    let rebuild = this.catalogValue === null || this.pending === null || this.pending.size > Math.max(REBUILD_THRESHOLD, size / 8);
    if (rebuild || this.kustomizationsStale) {
      const previous = this.kustomizationsValue;
      this.kustomizationsValue = planIndexed(this.snapshots());
      this.kustomizationsStale = false;
      // Files joining or leaving an overlay change what every file is checked against.
      if (!sameKeys(previous.consumedKeys, this.kustomizationsValue.consumedKeys)) rebuild = true;
      // The raw files of a fallen-back kustomization are filtered by its `vars` (keepFallbackProblem),
      // which no catalog fact records: a file whose vars changed loses its cached result.
      else {
        const before = fallbackVariablesByKey(previous);
        const after = fallbackVariablesByKey(this.kustomizationsValue);
        for (const key of new Set([...before.keys(), ...after.keys()])) if (before.get(key) !== after.get(key)) this.invalidate(key);
      }
    }
    const consumed = this.kustomizationsValue.consumedKeys;
    if (rebuild) {
      const snapshots = this.snapshots();
      const built = new Catalog(
        snapshots.map((s) => s.model),
        this.options,
      );
      const check = consumed.size === 0 ? built : new Catalog(snapshots.filter((s) => !consumed.has(s.key)).map((s) => s.model), this.options);
      this.catalogValue = built;
      this.checkCatalogValue = check;
      // Its indexes become persistent (shared by updates) just after this request, not during it
      // and not on the first keystroke; the catalog answers alike, so cached results stay valid.
      if (!this.initialScanRunning)
        this.host.setTimeout(() => {
          if (this.catalogValue === built) this.catalogValue = built.forUpdates();
          if (this.checkCatalogValue === check) this.checkCatalogValue = check.forUpdates();
        }, 0);
      this.pending = new Set();
      this.results.clear();
      this.readers.clear();
    } else if (this.pending!.size > 0) {
      const keys = [...this.pending!];
      this.pending!.clear();
      const changes = keys.map((key) => this.snapshotByKey(key)?.model ?? { removed: key });
      const full = this.catalogValue!.update(changes);
      this.catalogValue = full.catalog;
      const update = consumed.size === 0 ? full : this.checkCatalogValue!.update(changes.map((c) => ('removed' in c || !consumed.has(c.path) ? c : { removed: c.path })));
      this.checkCatalogValue = update.catalog;
      for (const fact of update.changed) {
        const readers = this.readers.get(fact);
        if (readers) for (const key of [...readers]) this.invalidate(key);
      }
    }
  }

  /** The file's problems against the whole workspace, with the severity overrides applied. */
  problems(key: string): readonly Problem[] {
    return this.result(key).problems;
  }

  /**
   * The file's cached result: the same object until something it was computed from changes. A
   * file a kustomize overlay reads has none of its own (its problems are the overlays') but the
   * hints on its suppression directives.
   */
  result(key: string): FileResult {
    this.refreshCatalogs();
    const catalog = this.checkCatalogValue!;
    let result = this.results.get(key);
    if (!result && this.kustomizationsValue.consumedKeys.has(key)) {
      const snapshot = this.snapshotByKey(key);
      // Its suppression comments' unknown codes are still its own to report.
      result = { problems: snapshot ? applySeverityOverrides(fileSuppressions(snapshot.model).hints, this.configuration.severities) : [], facts: [] };
      this.results.set(key, result);
    } else if (!result) {
      const facts = new Set<CatalogFact>();
      const problems = catalog.observeReads(facts, () => checkFile(catalog, key, this.timeBudget()));
      const shown = problems.filter((p) => this.keepFallbackProblem(p)).map((p) => (p.message.includes('file://') ? { ...p, message: this.relativeUris(p.message) } : p));
      result = { problems: applySeverityOverrides(shown, this.configuration.severities), facts: [...facts] };
      this.results.set(key, result);
      for (const fact of result.facts) {
        let readers = this.readers.get(fact);
        if (!readers) this.readers.set(fact, (readers = new Set()));
        readers.add(key);
      }
    }
    return result;
  }

  /** How many files' results are cached, and how many facts they hang on (for tests and diagnosis). */
  cacheStats(): { results: number; facts: number } {
    return { results: this.results.size, facts: this.readers.size };
  }

  private invalidate(key: string): void {
    const result = this.results.get(key);
    if (!result) return;
    this.results.delete(key);
    for (const fact of result.facts) {
      const readers = this.readers.get(fact);
      if (!readers) continue;
      readers.delete(key);
      if (readers.size === 0) this.readers.delete(fact);
    }
  }

  /** The snapshot at `key` changed (or may have): the catalog takes it in on next use. */
  private touch(key: string): void {
    this.pending?.add(key);
    if (!this.kustomizationsStale && affectsPlan(this.kustomizationsValue, key)) this.kustomizationsStale = true;
  }

  private changed(): void {
    this.generationValue++;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.log.error(`An index listener failed: ${describeError(error)}`);
      }
    }
  }

  private enqueue(what: string, job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job).catch((error: unknown) => this.log.error(`Failed ${what}: ${describeError(error)}`));
    this.queue = run;
    return run;
  }

  /**
   * Reads every YAML file under the workspace folders. A rescan (settings changed what is read)
   * builds the new map aside, so requests meanwhile see the previous index. The initial scan fills
   * the index as it reads; in a large workspace it reads the open documents' folders first, and
   * once those are read, requests on open documents are answered (`settledFor`). The walk that
   * finds the files yields between entries; if it is still walking after OPEN_FIRST_AFTER_MS,
   * the open documents' folders are read meanwhile and their requests answered.
   */
  private async scan(initial: boolean): Promise<void> {
    const progress = await this.startProgress('Kubernetes Service DNS');
    let openFirst: Disposable | null = null;
    try {
      if (initial) {
        this.disk.clear();
        this.initialScanRunning = true;
        openFirst = this.host.setTimeout(() => {
          this.openFirstStarted = true;
          this.readOpenFoldersFirst([...this.openDocuments.keys()]);
        }, OPEN_FIRST_AFTER_MS);
      }
      progress.report('Looking for YAML files', 0);
      const roots = this.roots.roots.map((r) => r.path);
      const maxFiles = this.configuration.settings.maxFiles;
      const discovery = await this.host.findYamlFiles(roots, { isExcluded: (p) => this.excluder.isExcluded(p), realPaths: true, maxFiles });
      openFirst?.dispose();
      this.logErrors(discovery.errors, false);
      if (discovery.truncated) {
        const note = `Indexed only the first ${maxFiles} YAML files of the workspace: raise kubeServiceDns.maxFiles, or exclude folders with kubeServiceDns.exclude.`;
        this.log.warn(note);
        this.log.show?.(note);
      }
      const next = initial ? this.disk : new Map<string, FileSnapshot>();
      let files = discovery.files;
      if (discovery.truncated) {
        // Whatever the cap left out, the files beside the open documents are read.
        const beside = await this.host.findYamlFiles(this.openFolders(), { isExcluded: (p) => this.excluder.isExcluded(p), realPaths: true, shallow: true, boundaries: this.roots.realPaths });
        files = [...new Set([...files, ...beside.files])].sort();
      }
      const keys = files.map(fileUriOf);
      let order: number[] | null = null;
      let firstRound = -1;
      if (initial && files.length >= OPEN_FIRST_MIN_FILES) {
        const openFolders = new Set<string>();
        for (const key of this.openDocuments.keys()) {
          const path = filePathOf(key);
          if (path !== null) openFolders.add(nodePath.dirname(path));
        }
        const near: number[] = [];
        const rest: number[] = [];
        files.forEach((path, i) => (openFolders.has(nodePath.dirname(path)) ? near : rest).push(i));
        order = [...near, ...rest];
        firstRound = near.length;
      }
      const total = files.length;
      // A reader thread reads the files ahead, in this order, while this thread analyses them.
      const toRead = (order ?? files.map((_, i) => i)).filter((i) => !this.isOpen(keys[i]!)).map((i) => files[i]!);
      this.host.readAhead?.(toRead, this.configuration.settings.maxFileSize);
      let lastPercentage = -1;
      for (let n = 0; n < total; n++) {
        if (order && n === firstRound) this.openFoldersRead();
        const i = order ? order[n]! : n;
        const key = keys[i]!;
        // Open documents are already analysed; their disk content is read when they close. Files
        // of the open documents' folders may have been read already (readOpenFoldersFirst).
        const snapshot = this.isOpen(key) || (initial && next.has(key)) ? undefined : await this.readFile(files[i]!, key);
        if (snapshot) {
          next.set(key, snapshot);
          if (initial) this.touch(key);
        }
        const percentage = Math.floor(((n + 1) * 100) / total);
        if (percentage !== lastPercentage) {
          lastPercentage = percentage;
          progress.report(`Indexed ${n + 1}/${total} YAML files`, percentage);
        }
      }
      // Discovery order (sorted paths) whatever the reading order, so reports list files alike.
      const read = next;
      this.disk = new Map();
      for (const key of keys) {
        const snapshot = read.get(key);
        if (snapshot) this.disk.set(key, snapshot);
      }
      this.log.info(`Indexed ${this.disk.size} YAML file${this.disk.size === 1 ? '' : 's'} in ${roots.length} folder${roots.length === 1 ? '' : 's'}.`);
    } finally {
      this.host.readAhead?.([], 0);
      openFirst?.dispose();
      this.openFirstStarted = false;
      this.foldersReadFirst.clear();
      progress.done();
    }
  }

  /**
   * The initial walk is slow (a huge workspace): the YAML files beside the open documents (`keys`)
   * are read now, so that requests on them are answered before the walk ends, from what has been
   * read so far. Documents opened later have their folders read the same way.
   */
  private readOpenFoldersFirst(keys: readonly string[]): void {
    const folders = this.openFolders(keys).filter((f) => !this.foldersReadFirst.has(f));
    for (const folder of folders) this.foldersReadFirst.add(folder);
    const run = this.readFolders(folders).catch((error: unknown) => this.log.error(`Failed reading the open documents' folders: ${describeError(error)}`));
    this.folderReads = Promise.all([this.folderReads, run]).then(() => undefined);
    void run.then(() => {
      if (this.initialScanRunning) this.openFoldersRead();
    });
  }

  /** The real folders of the open documents (of `keys`) that lie in the workspace. */
  private openFolders(keys: Iterable<string> = this.openDocuments.keys()): string[] {
    const folders = new Set<string>();
    for (const key of keys) {
      const path = filePathOf(key);
      if (path !== null && this.roots.contains(path)) folders.add(nodePath.dirname(path));
    }
    return [...folders];
  }

  private async readFolders(folders: readonly string[]): Promise<void> {
    if (folders.length === 0) return;
    const discovery = await this.host.findYamlFiles(folders, {
      isExcluded: (p) => this.excluder.isExcluded(p),
      realPaths: true,
      shallow: true,
      boundaries: this.roots.realPaths,
    });
    for (const file of discovery.files) {
      if (!this.initialScanRunning) return;
      const key = fileUriOf(file);
      if (this.isOpen(key) || this.disk.has(key)) continue;
      const snapshot = await this.readFile(file, key);
      if (snapshot && this.initialScanRunning) {
        this.disk.set(key, snapshot);
        this.touch(key);
      }
    }
  }

  /** The initial scan has read the open documents' folders: requests on open documents may be answered. */
  private openFoldersRead(): void {
    this.markOpenReady();
    this.changed();
  }

  /**
   * Applies merged watched-file changes: every named file (or folder) is dropped, then what still
   * exists is read again in one walk. Paths are resolved to their real paths first, and only those
   * inside the real workspace folders are read, whatever link or event led to them.
   */
  private async applyDiskBatch(batch: ReadonlyMap<string, DiskChange['kind']>): Promise<void> {
    // An open document's path may have become a link (or stopped being one).
    this.refreshOpenKeys();
    const folders = new Set<string>();
    const toRead: string[] = [];
    // A deleted path has no real path left: its folder's, resolved once per folder in the batch.
    const folderReals = new Map<string, string>();
    const realOfDeleted = (path: string): string => {
      const folder = nodePath.dirname(path);
      let real = folderReals.get(folder);
      if (real === undefined) folderReals.set(folder, (real = this.host.realPath(folder).real));
      return folder === path ? real : nodePath.join(real, nodePath.basename(path));
    };
    for (const [uri, kind] of batch) {
      const path = filePathOf(uri);
      if (path === null) continue;
      const { real, exists } = kind === 'deleted' ? { real: realOfDeleted(path), exists: false } : this.host.realPath(path);
      // Both the real path and the path as spelt (a deleted link has no real path left).
      for (const candidate of new Set([real, path])) {
        const key = fileUriOf(candidate);
        if (this.disk.delete(key)) this.touch(key);
        else folders.add(key.endsWith('/') ? key : `${key}/`);
      }
      if (kind !== 'deleted' && exists && this.roots.contains(real)) toRead.push(real);
    }
    if (folders.size > 0)
      for (const key of [...this.disk.keys()]) {
        // One pass over the index whatever the number of events: each key's folders are looked up.
        for (let slash = key.indexOf('/', 'file:///'.length); slash >= 0; slash = key.indexOf('/', slash + 1))
          if (folders.has(key.slice(0, slash + 1))) {
            this.disk.delete(key);
            this.touch(key);
            break;
          }
      }
    if (toRead.length === 0) return;
    const discovery = await this.host.findYamlFiles(toRead, { isExcluded: (p) => this.excluder.isExcluded(p), boundaries: this.roots.realPaths, realPaths: true });
    // A path gone by the time it is read was deleted or renamed again: its own event follows.
    this.logErrors(discovery.errors, true);
    for (const file of discovery.files) {
      const key = fileUriOf(file);
      if (this.isOpen(key)) continue;
      const snapshot = await this.readFile(file, key);
      if (snapshot) {
        this.disk.set(key, snapshot);
        this.touch(key);
      }
    }
  }

  /** Logs the walk's errors, the first few in full (a walk of `/` meets thousands). */
  private logErrors(errors: readonly { path: string; message: string; code?: string }[], skipMissing: boolean): void {
    const shown = errors.filter((e) => !(skipMissing && e.code === 'ENOENT'));
    for (const e of shown.slice(0, MAX_LOGGED_ERRORS)) this.log.warn(`Cannot read ${e.path}: ${e.message}`);
    if (shown.length > MAX_LOGGED_ERRORS) this.log.warn(`… and ${shown.length - MAX_LOGGED_ERRORS} more files or folders that cannot be read.`);
  }

  /** Reads the file at the real path `path` into a snapshot reported under the client's spelling of it. */
  private async readFile(path: string, key: string): Promise<FileSnapshot | null> {
    try {
      const read = await this.host.readTextFile(path, this.configuration.settings.maxFileSize);
      return new FileSnapshot(fileUriOf(this.roots.clientPath(path)), null, 'text' in read ? this.extract(key, read.text) : skippedFile(key, '', read.skipped));
    } catch (error) {
      this.log.warn(`Cannot read ${path}: ${describeFsError(error)}`);
      return null;
    }
  }

  /** The open document's snapshot; null when it is excluded, undefined when it is not open. */
  private openSnapshot(key: string): FileSnapshot | null | undefined {
    const doc = this.openDocuments.get(key);
    if (!doc) return undefined;
    let snapshot = this.open.get(key);
    if (snapshot === undefined) {
      const path = filePathOf(key);
      if (path === null || this.excluder.isExcluded(path) || this.linksOut(doc.uri, path)) snapshot = null;
      else {
        // The size limit holds for open documents too: parsing a 60 MB buffer took 29 s and 4.4 GB.
        const tooLarge = sizeAboveLimit(doc.text, this.configuration.settings.maxFileSize);
        snapshot = new FileSnapshot(doc.uri, doc.version, tooLarge ? skippedFile(key, '', tooLarge) : this.extract(key, doc.text));
      }
      this.open.set(key, snapshot);
    }
    return snapshot;
  }

  /**
   * A fresh per-file time budget: reading or checking one file stops after `maxCheckTime` with a
   * note, so no request waits long behind one slow file (the work between files yields).
   */
  private timeBudget(): TimeBudget {
    const ms = this.configuration.settings.maxCheckTime;
    const deadline = performance.now() + ms;
    return { ms, expired: () => performance.now() > deadline };
  }

  private reanalyse(snapshot: FileSnapshot): FileSnapshot {
    // A file skipped before it was read (size, binary) has no text to analyse again.
    if (snapshot.model.skipped !== null && snapshot.text === '') return snapshot;
    return new FileSnapshot(snapshot.uri, snapshot.version, this.extract(snapshot.key, snapshot.text));
  }

  private extract(key: string, text: string): FileModel {
    // The repository config file is analysed too: its external Services and its own problems.
    const model = extractWorkspaceFile(key, text, this.options, { budget: this.timeBudget() });
    const fields = this.configuration.settings.hostScanFields;
    // `hostScanFields` narrows which values are searched for host names (hovers and checks alike).
    return fields.length === HOST_SCAN_FIELDS.length ? model : { ...model, valueSites: model.valueSites.filter((s) => fields.includes(s.field)) };
  }
}

function sameFolders(a: readonly WorkspaceFolderPath[], b: readonly WorkspaceFolderPath[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path);
}

/** Why `text` is skipped when its UTF-8 size is above `maxBytes` (as for files on disk); null when it is not. */
function sizeAboveLimit(text: string, maxBytes: number): string | null {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: most texts are decided without counting.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? `it is ${formatBytes(bytes)}, above the ${formatBytes(maxBytes)} limit` : null;
}

/** The `vars` of the fallen-back kustomizations that read each file, by index key (sorted, joined). */
function fallbackVariablesByKey({ plan, keyOfPath }: IndexedKustomizations): Map<string, string> {
  const byKey = new Map<string, string>();
  if (!plan) return byKey;
  for (const [path, names] of fallbackVariableNames(plan)) {
    const key = keyOfPath.get(path);
    if (key !== undefined) byKey.set(key, [...names].sort().join('\0'));
  }
  return byKey;
}
