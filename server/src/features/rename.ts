// Rename a Service (or a StatefulSet): its name, every serviceName / subdomain naming it, and every
// host in a value that resolves through it, each host keeping its form (only the label that spells
// the name changes). Hosts that resolve elsewhere are untouched: the links come from the resolver.
// Edits inside values carry a change annotation that asks for review.
import { ResponseError, ErrorCodes, type Position, type Range, type TextDocumentEdit, type TextEdit, type AnnotatedTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { renameEdits } from '../../../shared/src/index';
import { toRange } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { indexedKustomizeLinks } from './kustomizeLinks';
import { linkUnderCursor } from './links';

const VALUE_ANNOTATION = 'kube-service-dns.host-in-value';

export function providePrepareRename(index: WorkspaceIndex, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const found = linkUnderCursor(index, uri, position);
  const site = found?.site;
  if (!found || !site?.subject || !site.nameSpan)
    throw new ResponseError(ErrorCodes.InvalidRequest, 'Put the cursor on a Service or StatefulSet name, a serviceName or subdomain value, or the Service label of a host that resolves.');
  return { range: toRange(found.snapshot, site.nameSpan), placeholder: found.snapshot.text.slice(site.nameSpan.start, site.nameSpan.end) };
}

export function provideRename(index: WorkspaceIndex, uri: string, position: Position, newName: string, annotations: boolean): WorkspaceEdit | null {
  const found = linkUnderCursor(index, uri, position);
  const subject = found?.site.subject;
  if (!found || !subject || !found.site.nameSpan) return null;
  const result = renameEdits(index.catalog(), subject, newName, indexedKustomizeLinks(index), (key) => index.displayPath(key));
  if ('error' in result) throw new ResponseError(ErrorCodes.InvalidParams, result.error);
  const byFile = new Map<FileSnapshot, (TextEdit | AnnotatedTextEdit)[]>();
  for (const edit of result.edits) {
    const target = index.snapshotByKey(edit.path);
    if (!target) continue;
    const list = byFile.get(target) ?? [];
    const range = toRange(target, edit.span);
    list.push(edit.inValue && annotations ? { range, newText: edit.newText, annotationId: VALUE_ANNOTATION } : { range, newText: edit.newText });
    byFile.set(target, list);
  }
  const documentChanges: TextDocumentEdit[] = [...byFile].map(([target, edits]) => ({ textDocument: { uri: target.uri, version: target.version }, edits }));
  if (!annotations) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [target, edits] of byFile) changes[target.uri] = edits;
    return { changes };
  }
  const hasValueEdits = result.edits.some((e) => e.inValue);
  return {
    documentChanges,
    ...(hasValueEdits ? { changeAnnotations: { [VALUE_ANNOTATION]: { label: 'Host names in values', description: 'hosts that resolve through this name', needsConfirmation: true } } } : {}),
  };
}
