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
import type { Disposable, ServerHost } from '../host/serverHost';
import { toDiagnostic } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import { canonicalUri } from '../workspace/fileUris';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** Delays that merge bursts of changes (typing, a branch switch) into one refresh or publish. */
const REFRESH_DELAY_MS = 100;
const PUSH_DELAY_MS = 250;
/** Longest stretch of checking before other messages get a turn. */
const SLICE_MS = 25;

/** Lets other messages run; resolves false when the request was cancelled meanwhile. */
export type Pause = () => Promise<boolean>;

export function provideDiagnostics(index: WorkspaceIndex, snapshot: FileSnapshot): Diagnostic[] {
  const lookup = (key: string) => index.snapshotByKey(key);
  return index.problems(snapshot.key).map((problem) => toDiagnostic(snapshot, problem, lookup));
}

export function provideDocumentDiagnostics(index: WorkspaceIndex, params: DocumentDiagnosticParams): DocumentDiagnosticReport {
  const snapshot = index.snapshot(params.textDocument.uri);
  if (!snapshot) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const items = provideDiagnostics(index, snapshot);
  const resultId = resultIdOf(items);
  return params.previousResultId === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
}

/**
 * Reports for files that are not open (open ones are pulled per document), and empties for files
 * gone. Checking a large workspace takes a while, so the work is sliced: between slices other
 * requests run, and a cancelled pull stops (the problems computed so far stay cached).
 */
export async function provideWorkspaceDiagnostics(index: WorkspaceIndex, params: WorkspaceDiagnosticParams, pause: Pause): Promise<WorkspaceDiagnosticReport | null> {
  const previous = new Map(params.previousResultIds.map((p) => [canonicalUri(p.uri), { uri: p.uri, value: p.value }]));
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const reported = new Set<string>();
  let sliceStart = Date.now();
  for (const snapshot of index.snapshots()) {
    if (Date.now() - sliceStart > SLICE_MS) {
      if (!(await pause())) return null;
      sliceStart = Date.now();
    }
    if (index.isOpen(snapshot.key)) continue;
    reported.add(snapshot.key);
    const diagnostics = provideDiagnostics(index, snapshot);
    const resultId = resultIdOf(diagnostics);
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

  dispose(): void {
    this.timer?.dispose();
    this.timer = null;
  }

  private async flush(): Promise<void> {
    if (this.sink.refresh) {
      await this.sink.refresh();
      return;
    }
    await this.index.settled();
    const publish = this.sink.publish!;
    const seen = new Set<string>();
    for (const snapshot of this.index.snapshots()) {
      seen.add(snapshot.uri);
      const diagnostics = provideDiagnostics(this.index, snapshot);
      const resultId = resultIdOf(diagnostics);
      if (this.published.get(snapshot.uri) === resultId) continue;
      this.published.set(snapshot.uri, resultId);
      publish(snapshot.uri, snapshot.version, diagnostics);
    }
    for (const uri of [...this.published.keys()])
      if (!seen.has(uri)) {
        this.published.delete(uri);
        publish(uri, null, []);
      }
  }
}

/** A content hash, so a file whose diagnostics did not change is reported as unchanged. */
function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  const json = JSON.stringify(diagnostics);
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) hash = Math.imul(hash ^ json.charCodeAt(i), 0x01000193);
  return `${(hash >>> 0).toString(36)}-${json.length.toString(36)}`;
}
