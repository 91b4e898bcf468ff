// Diagnostics: every engine problem of a file as an LSP diagnostic. Clients that pull get document
// and workspace reports (unopened files included) with result ids, and a refresh request whenever
// the index changes, because a Service edit changes other files' problems. Clients that cannot
// pull get debounced pushes. Both modes sit behind one seam: `DiagnosticsScheduler.requestRefresh`.
import {
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { Disposable, ServerHost } from '../../../host/src/serverHost';
import { toDiagnostic } from '../lsp/convert';
import { overlayProblems } from './kustomizeOverlays';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { FileResult, WorkspaceIndex } from '../workspace/workspaceIndex';

/** Delays that merge bursts of changes (typing, a branch switch) into one refresh or publish. */
const REFRESH_DELAY_MS = 100;
const PUSH_DELAY_MS = 250;
/** Longest stretch of checking before other messages get a turn. */
const SLICE_MS = 25;

/** Lets other messages run; resolves false when the request was cancelled meanwhile. */
export type Pause = () => Promise<boolean>;

interface Report {
  readonly items: Diagnostic[];
  readonly resultId: string;
}

/**
 * Diagnostics per cached file result: the index keeps a result until a fact it was computed from
 * changes (the file's own snapshot included, and the files of every related location), so the
 * conversion and the result id are computed once per result, not per pull.
 */
const reports = new WeakMap<FileResult, Report>();

/** The file's diagnostics and their result id (a content hash: equal diagnostics, equal id). */
export function diagnosticsReport(index: WorkspaceIndex, snapshot: FileSnapshot): Report {
  const result = index.result(snapshot.key);
  let report = reports.get(result);
  if (!report) {
    const lookup = (key: string) => index.snapshotByKey(key);
    const items = result.problems.map((problem) => toDiagnostic(snapshot, problem, lookup));
    report = { items, resultId: resultIdOf(items) };
    reports.set(result, report);
  }
  // What kustomize overlays find in this file depends on other files: added per index generation.
  const overlays = overlayProblems(index, snapshot.key);
  if (overlays.length > 0) {
    const lookup = (key: string) => index.snapshotByKey(key);
    const items = [...report.items, ...overlays.map((problem) => toDiagnostic(snapshot, problem, lookup))];
    return { items, resultId: resultIdOf(items) };
  }
  return report;
}

export function provideDiagnostics(index: WorkspaceIndex, snapshot: FileSnapshot): Diagnostic[] {
  return diagnosticsReport(index, snapshot).items;
}

export function provideDocumentDiagnostics(index: WorkspaceIndex, params: DocumentDiagnosticParams): DocumentDiagnosticReport {
  const snapshot = index.snapshot(params.textDocument.uri);
  if (!snapshot) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const { items, resultId } = diagnosticsReport(index, snapshot);
  return params.previousResultId === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
}

/**
 * Reports for files that are not open (open ones are pulled per document), and empties for files
 * gone. Checking a large workspace takes a while, so the work is sliced: between slices other
 * requests run, and a cancelled pull stops (the problems computed so far stay cached).
 */
export async function provideWorkspaceDiagnostics(index: WorkspaceIndex, params: WorkspaceDiagnosticParams, pause: Pause): Promise<WorkspaceDiagnosticReport | null> {
  const previous = new Map(params.previousResultIds.map((p) => [index.keyOf(p.uri), { uri: p.uri, value: p.value }]));
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const reported = new Set<string>();
  let sliceStart = Date.now();
  for (const listed of index.snapshots()) {
    if (Date.now() - sliceStart > SLICE_MS) {
      if (!(await pause())) return null;
      sliceStart = Date.now();
    }
    // Changes come in during a pause: report the file as it is now (gone: not at all), never its
    // new problems converted against the text it had when the pull began.
    const snapshot = index.snapshotByKey(listed.key);
    if (!snapshot || index.isOpen(snapshot.key)) continue;
    reported.add(snapshot.key);
    const { items: diagnostics, resultId } = diagnosticsReport(index, snapshot);
    items.push(
      previous.get(snapshot.key)?.value === resultId
        ? { kind: DocumentDiagnosticReportKind.Unchanged, uri: snapshot.uri, version: null, resultId }
        : { kind: DocumentDiagnosticReportKind.Full, uri: snapshot.uri, version: null, resultId, items: diagnostics },
    );
  }
  for (const [key, p] of previous)
    if (!reported.has(key) && !index.isOpen(key)) items.push({ kind: DocumentDiagnosticReportKind.Full, uri: p.uri, version: null, items: [] });
  return { items };
}

export interface DiagnosticsSink {
  /** Pull mode: ask the client to pull again (`workspace/diagnostic/refresh`); null when it cannot. */
  readonly refresh: (() => Promise<void>) | null;
  /** Push mode: `textDocument/publishDiagnostics`; null in pull mode. */
  readonly publish: ((uri: string, version: number | null, diagnostics: Diagnostic[]) => void) | null;
}

/** Turns index changes into refresh requests (pull) or publishes (push), debounced. */
export class DiagnosticsScheduler {
  private timer: Disposable | null = null;
  /** Push mode: the result id last published per URI, so unchanged files are not sent again. */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly host: ServerHost,
    private readonly sink: DiagnosticsSink,
    private readonly onError: (what: string, error: unknown) => void,
  ) {}

  requestRefresh(): void {
    if (!this.sink.refresh && !this.sink.publish) return;
    this.timer?.dispose();
    this.timer = this.host.setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.onError('updating diagnostics', error));
    }, this.sink.publish ? PUSH_DELAY_MS : REFRESH_DELAY_MS);
  }

  /** Refreshes (pull) or publishes (push) now, without the debounce: the open documents just became answerable. */
  refreshNow(): void {
    if (!this.sink.refresh && !this.sink.publish) return;
    this.timer?.dispose();
    this.timer = null;
    this.flush().catch((error: unknown) => this.onError('updating diagnostics', error));
  }

  dispose(): void {
    this.timer?.dispose();
    this.timer = null;
  }

  private async flush(): Promise<void> {
    if (this.sink.refresh) {
      await this.sink.refresh();
      return;
    }
    const publish = this.sink.publish!;
    if (this.index.scanning) {
      // The initial scan is still running: the open documents first, from what it has read so far
      // (WorkspaceIndex.settledFor); the end of the scan changes the index and publishes everything.
      await this.index.openDocumentsReady();
      if (this.index.scanning) {
        for (const snapshot of this.index.openSnapshots()) this.publishIfChanged(snapshot, publish);
        return;
      }
    }
    await this.index.settled();
    const seen = new Set<string>();
    for (const snapshot of this.index.snapshots()) {
      seen.add(snapshot.uri);
      this.publishIfChanged(snapshot, publish);
    }
    for (const uri of [...this.published.keys()])
      if (!seen.has(uri)) {
        this.published.delete(uri);
        publish(uri, null, []);
      }
  }

  private publishIfChanged(snapshot: FileSnapshot, publish: NonNullable<DiagnosticsSink['publish']>): void {
    const { items, resultId } = diagnosticsReport(this.index, snapshot);
    if (this.published.get(snapshot.uri) === resultId) return;
    this.published.set(snapshot.uri, resultId);
    publish(snapshot.uri, snapshot.version, items);
  }
}

/** A content hash, so a file whose diagnostics did not change is reported as unchanged. */
function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  const json = JSON.stringify(diagnostics);
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) hash = Math.imul(hash ^ json.charCodeAt(i), 0x01000193);
  return `${(hash >>> 0).toString(36)}-${json.length.toString(36)}`;
}
