// The only place where engine spans (UTF-16 offsets) become LSP positions and back. Each span is
// converted against the snapshot it was computed from, with the engine's LineIndex (LSP line
// breaks: \n, \r\n, lone \r; UTF-16 characters, LSP's default position encoding).
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex, type Problem, type Severity, type Span, type TextEdit as EngineEdit } from '../../../shared/src/index';
import type { FileSnapshot } from '../workspace/fileSnapshot';

export const DIAGNOSTIC_SOURCE = 'kube-service-dns';

/** Looks a snapshot up by its index key (the engine's `path`). */
export type SnapshotLookup = (key: string) => FileSnapshot | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toPosition(snapshot: FileSnapshot, offset: number): Position {
  return snapshot.lines.positionAt(offset);
}

export function toRange(snapshot: FileSnapshot, span: Span): Range {
  return { start: toPosition(snapshot, span.start), end: toPosition(snapshot, span.end) };
}

export function toOffset(snapshot: FileSnapshot, position: Position): number {
  return snapshot.lines.offsetAt(position);
}

export function toSpan(snapshot: FileSnapshot, range: Range): Span {
  const start = toOffset(snapshot, range.start);
  return { start, end: Math.max(start, toOffset(snapshot, range.end)) };
}

export function toDiagnostic(snapshot: FileSnapshot, problem: Problem, lookup: SnapshotLookup): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of problem.related ?? []) {
    const target = lookup(r.path);
    if (target) related.push({ location: { uri: target.uri, range: toRange(target, r.span) }, message: r.message });
  }
  const diagnostic: Diagnostic = {
    range: toRange(snapshot, problem.span),
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/**
 * A quick fix's edits (possibly in several files) as one WorkspaceEdit. With `documentChanges`,
 * open documents carry their version so a stale edit is refused instead of corrupting the text.
 */
export function toWorkspaceEdit(edits: readonly EngineEdit[], lookup: SnapshotLookup, documentChanges: boolean): WorkspaceEdit | null {
  const byFile = new Map<FileSnapshot, TextEdit[]>();
  for (const edit of edits) {
    const target = lookup(edit.path);
    if (!target) return null;
    const list = byFile.get(target) ?? [];
    list.push({ range: toRange(target, edit.span), newText: edit.newText });
    byFile.set(target, list);
  }
  if (documentChanges) {
    const changes: TextDocumentEdit[] = [...byFile].map(([target, list]) => ({ textDocument: { uri: target.uri, version: target.version }, edits: list }));
    return { documentChanges: changes };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [target, list] of byFile) changes[target.uri] = list;
  return { changes };
}

/**
 * Where the text one edit inserts lies once all `edits` of the file are applied (the edits do
 * not overlap; the ones before it shift it). For revealing an edit after a quick fix.
 */
export function rangeAfterEdits(snapshot: FileSnapshot, edits: readonly EngineEdit[], edit: EngineEdit): Range {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let text = snapshot.text;
  for (const e of sorted) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  const shift = edits.filter((e) => e.span.start < edit.span.start).reduce((sum, e) => sum + e.newText.length - (e.span.end - e.span.start), 0);
  const start = edit.span.start + shift;
  const lines = new LineIndex(text);
  return { start: lines.positionAt(start), end: lines.positionAt(start + edit.newText.length) };
}
