// Find All References and document highlights on a Service or a workload: its declarations, the
// serviceName / subdomain fields naming it, the workloads its selector picks (or the selectors that
// pick a workload), every host in a value that resolves through it, and what kustomizations add
// (patch targets, patches' names, replicas, hosts that resolve in an overlay).
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Position } from 'vscode-languageserver';
import { findReferences } from '../../../shared/src/index';
import { toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { indexedKustomizeLinks } from './kustomizeLinks';
import { linkUnderCursor, toLocations } from './links';

export function provideReferences(index: WorkspaceIndex, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const found = linkUnderCursor(index, uri, position);
  if (!found?.site.subject) return [];
  const links = findReferences(index.catalog(), found.site.subject, indexedKustomizeLinks(index)).filter((l) => includeDeclaration || l.role !== 'declaration');
  return toLocations(index, links);
}

/** The references in this file: declarations as Write, the rest as Read. */
export function provideDocumentHighlights(index: WorkspaceIndex, uri: string, position: Position): DocumentHighlight[] {
  const found = linkUnderCursor(index, uri, position);
  if (!found?.site.subject) return [];
  const { snapshot, site } = found;
  return findReferences(index.catalog(), site.subject!, indexedKustomizeLinks(index))
    .filter((l) => l.path === snapshot.key)
    .map((l) => ({ range: toRange(snapshot, l.span), kind: l.role === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}
