// The server's only state: a snapshot per file (open documents shadow the disk), the settings
// they were analysed with, and the catalog and problems derived from them, rebuilt lazily once
// per generation. Settings changes and disk reads run one at a time in a queue, so they apply in
// the order they arrived; requests wait for the queue (`settled`) and never see a half-built index.
import * as nodePath from 'node:path';
import { applySeverityOverrides, Catalog, checkFile, extractFile, skippedFile, type EngineOptions, type FileModel, type Problem, type SeverityOverrides } from '../../../shared/src/index';
import { describeFsError } from '../host/fileSystem';
import type { Disposable, ServerHost } from '../host/serverHost';
import { describeError } from '../describeError';
import { DEFAULT_SETTINGS, engineOptions, HOST_SCAN_FIELDS, scanChanged, type Settings } from '../settings';
import { ExcludeMatcher } from './excludeMatcher';
import { FileSnapshot } from './fileSnapshot';
import { canonicalUri, filePathOf, fileUriOf } from './fileUris';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A `window/workDoneProgress` reporter, or one that does nothing for clients without it. */
export interface ProgressReporter {
  report(message: string, percentage: number): void;
  done(): void;
}

export interface WorkspaceFolderPath {
  readonly uri: string;
  /** Absolute file-system path. */
  readonly path: string;
}

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
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

export class WorkspaceIndex {
  /** Every open document as the client sent it, excluded or not (a settings change may re-include it). */
  private readonly openDocuments = new Map<string, OpenDocument>();
  /** Analysed open documents, filled on first use (typing bursts analyse only the last version); null: excluded. */
  private readonly open = new Map<string, FileSnapshot | null>();
  private disk = new Map<string, FileSnapshot>();
  private configuration: IndexConfiguration = { settings: DEFAULT_SETTINGS, severities: {}, folders: [] };
  private options: EngineOptions = engineOptions(DEFAULT_SETTINGS);
  private excluder = new ExcludeMatcher([]);
  private scanned = false;
  private generationValue = 0;
  private derived: { readonly generation: number; readonly catalog: Catalog; readonly problems: Map<string, Problem[]> } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly readyPromise: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly host: ServerHost,
    private readonly log: Logger,
    private readonly startProgress: (title: string) => Promise<ProgressReporter>,
  ) {
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
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
        const rescan = !this.scanned || scanChanged(this.configuration.settings, next.settings) || !sameFolders(this.configuration.folders, next.folders);
        this.configuration = next;
        this.options = engineOptions(next.settings);
        this.excluder = new ExcludeMatcher(
          next.folders.map((f) => ({ folder: f.path, globs: [...(next.settings.filesExclude.get(f.uri) ?? []), ...next.settings.exclude] })),
        );
        this.open.clear();
        if (rescan) await this.scan();
        else this.disk = new Map([...this.disk].map(([key, snapshot]) => [key, this.reanalyse(snapshot)]));
        this.scanned = true;
        this.changed();
      } finally {
        this.markReady();
      }
    });
  }

  /** `didOpen`/`didChange`. Open documents need no disk read, so they are ready before the scan ends. */
  setOpenDocument(uri: string, version: number, text: string): void {
    const key = canonicalUri(uri);
    this.openDocuments.set(key, { uri, version, text });
    this.open.delete(key);
    this.changed();
  }

  /** `didClose`: the file falls back to its disk content, read again since it may have changed. */
  closeDocument(uri: string): void {
    const key = canonicalUri(uri);
    this.openDocuments.delete(key);
    this.open.delete(key);
    this.changed();
    if (filePathOf(key) !== null) void this.applyDiskChanges([{ uri: key, kind: 'changed' }]);
  }

  /** `workspace/didChangeWatchedFiles`; a rename arrives as a delete plus a create. */
  applyDiskChanges(changes: readonly DiskChange[]): Promise<void> {
    return this.enqueue('reading changed files', async () => {
      for (const change of changes) {
        const key = canonicalUri(change.uri);
        const path = filePathOf(key);
        if (path === null) continue;
        this.removeFromDisk(key);
        if (change.kind !== 'deleted') await this.readUnder(path);
      }
      this.changed();
    });
  }

  /** The snapshot the client means by `uri`: the open document, else the disk file. */
  snapshot(uri: string): FileSnapshot | undefined {
    return this.snapshotByKey(canonicalUri(uri));
  }

  snapshotByKey(key: string): FileSnapshot | undefined {
    const open = this.openSnapshot(key);
    return open === undefined ? this.disk.get(key) : (open ?? undefined);
  }

  /** A key as a user reads it: relative to its workspace folder, else the file path. */
  displayPath(key: string): string {
    const path = filePathOf(key);
    if (path === null) return key;
    const folder = this.configuration.folders.filter((f) => path.startsWith(f.path + nodePath.sep)).sort((a, b) => b.path.length - a.path.length)[0];
    return folder ? nodePath.relative(folder.path, path).split(nodePath.sep).join('/') : path;
  }

  isOpen(key: string): boolean {
    return this.openDocuments.has(key);
  }

  /** Every indexed file, open documents in place of their disk content. */
  snapshots(): FileSnapshot[] {
    const result: FileSnapshot[] = [];
    for (const key of this.openDocuments.keys()) {
      const snapshot = this.openSnapshot(key);
      if (snapshot) result.push(snapshot);
    }
    for (const [key, snapshot] of this.disk) if (!this.openDocuments.has(key)) result.push(snapshot);
    return result;
  }

  catalog(): Catalog {
    return this.derive().catalog;
  }

  /** The file's problems against the whole workspace, with the severity overrides applied. */
  problems(key: string): readonly Problem[] {
    const derived = this.derive();
    let problems = derived.problems.get(key);
    if (!problems) {
      problems = applySeverityOverrides(checkFile(derived.catalog, key), this.configuration.severities);
      derived.problems.set(key, problems);
    }
    return problems;
  }

  private derive(): { catalog: Catalog; problems: Map<string, Problem[]> } {
    if (this.derived?.generation !== this.generationValue) {
      const catalog = new Catalog(
        this.snapshots().map((s) => s.model),
        this.options,
      );
      this.derived = { generation: this.generationValue, catalog, problems: new Map() };
    }
    return this.derived;
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

  private async scan(): Promise<void> {
    const progress = await this.startProgress('Kubernetes Service DNS');
    try {
      progress.report('Looking for YAML files', 0);
      const roots = this.configuration.folders.map((f) => f.path);
      const discovery = await this.host.findYamlFiles(roots, { isExcluded: (p) => this.excluder.isExcluded(p) });
      for (const e of discovery.errors) this.log.warn(`Cannot read ${e.path}: ${e.message}`);
      const next = new Map<string, FileSnapshot>();
      const total = discovery.files.length;
      let lastPercentage = -1;
      for (const [i, path] of discovery.files.entries()) {
        const key = fileUriOf(path);
        // Open documents are already analysed; their disk content is read when they close.
        const snapshot = this.isOpen(key) ? undefined : await this.readFile(path, key);
        if (snapshot) next.set(key, snapshot);
        const percentage = Math.floor(((i + 1) * 100) / total);
        if (percentage !== lastPercentage) {
          lastPercentage = percentage;
          progress.report(`Indexed ${i + 1}/${total} YAML files`, percentage);
        }
      }
      this.disk = next;
      this.log.info(`Indexed ${next.size} YAML file${next.size === 1 ? '' : 's'} in ${roots.length} folder${roots.length === 1 ? '' : 's'}.`);
    } finally {
      progress.done();
    }
  }

  /** Reads the YAML files at or under `path` (a file, or a folder created by a move). */
  private async readUnder(path: string): Promise<void> {
    const boundaries = this.configuration.folders.map((f) => f.path);
    if (!boundaries.some((folder) => path === folder || path.startsWith(folder + nodePath.sep))) return;
    const discovery = await this.host.findYamlFiles([path], { isExcluded: (p) => this.excluder.isExcluded(p), boundaries });
    // A path gone by the time it is read was deleted or renamed again: its own event follows.
    for (const e of discovery.errors) if (e.code !== 'ENOENT') this.log.warn(`Cannot read ${e.path}: ${e.message}`);
    for (const file of discovery.files) {
      const key = fileUriOf(file);
      if (this.isOpen(key)) continue;
      const snapshot = await this.readFile(file, key);
      if (snapshot) this.disk.set(key, snapshot);
    }
  }

  private async readFile(path: string, key: string): Promise<FileSnapshot | null> {
    try {
      const read = await this.host.readTextFile(path, this.configuration.settings.maxFileSize);
      return new FileSnapshot(key, null, 'text' in read ? this.extract(key, read.text) : skippedFile(key, '', read.skipped));
    } catch (error) {
      this.log.warn(`Cannot read ${path}: ${describeFsError(error)}`);
      return null;
    }
  }

  /** Removes the file at `key`, or everything under it when it was a folder. */
  private removeFromDisk(key: string): void {
    const prefix = key.endsWith('/') ? key : `${key}/`;
    for (const k of [...this.disk.keys()]) if (k === key || k.startsWith(prefix)) this.disk.delete(k);
  }

  /** The open document's snapshot; null when it is excluded, undefined when it is not open. */
  private openSnapshot(key: string): FileSnapshot | null | undefined {
    const doc = this.openDocuments.get(key);
    if (!doc) return undefined;
    let snapshot = this.open.get(key);
    if (snapshot === undefined) {
      const path = filePathOf(key);
      snapshot = path === null || this.excluder.isExcluded(path) ? null : new FileSnapshot(doc.uri, doc.version, this.extract(key, doc.text));
      this.open.set(key, snapshot);
    }
    return snapshot;
  }

  private reanalyse(snapshot: FileSnapshot): FileSnapshot {
    // A file skipped before it was read (size, binary) has no text to analyse again.
    if (snapshot.model.skipped !== null && snapshot.text === '') return snapshot;
    return new FileSnapshot(snapshot.uri, snapshot.version, this.extract(snapshot.key, snapshot.text));
  }

  private extract(key: string, text: string): FileModel {
    const model = extractFile(key, text, this.options);
    const fields = this.configuration.settings.hostScanFields;
    // `hostScanFields` narrows which values are searched for host names (hovers and checks alike).
    return fields.length === HOST_SCAN_FIELDS.length ? model : { ...model, valueSites: model.valueSites.filter((s) => fields.includes(s.field)) };
  }
}

function sameFolders(a: readonly WorkspaceFolderPath[], b: readonly WorkspaceFolderPath[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path);
}

