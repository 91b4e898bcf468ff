// Document links: a host in a value that resolves in the cluster links to its Service's
// definition, not to a browser. In a URL the link covers the whole URL, so it takes the place of
// the editor's own web link there.
import type { DocumentLink } from 'vscode-languageserver';
import { hostLinksIn } from '../../../shared/src/index';
import { toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { baseRole } from './kustomizeOverlays';

export function provideDocumentLinks(index: WorkspaceIndex, uri: string): DocumentLink[] {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return [];
  const text = snapshot.text;
  // A file only kustomize overlays read is never applied as written, so the Service's namespace
  // as written (`default/db`) is not what any overlay applies: the tooltip names the base Service.
  const role = baseRole(index, snapshot.key);
  const baseOnly = role !== null && !role.alsoAsWritten;
  const links: DocumentLink[] = [];
  for (const { reference, targets } of hostLinksIn(index.catalog(), snapshot.key)) {
    const target = targets[0];
    const file = target && index.snapshotByKey(target.path);
    if (!target || !file) continue;
    let { start, end } = reference.token.span;
    if (reference.token.form === 'url') {
      // Widen to the URL: back to its scheme, on to the next space or quote.
      const scheme = /[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"']*$/.exec(text.slice(reference.site.span.start, start));
      if (scheme) start -= scheme[0].length;
      end += /^[^\s"']*/.exec(text.slice(end, reference.site.span.end))?.[0].length ?? 0;
    }
    const position = file.lines.positionAt(target.span.start);
    links.push({
      range: toRange(snapshot, { start, end }),
      target: `${file.uri}#L${position.line + 1},${position.character + 1}`,
      tooltip: baseOnly ? `Go to the base Service ${serviceName(reference.resolution.answer?.service)} (each overlay applies its own copy)` : `Go to Service ${reference.resolution.answer?.service ?? ''} (what ${reference.token.host} resolves to)`,
    });
  }
  return links;
}

/** `db` of `default/db`. */
function serviceName(id: string | null | undefined): string {
  return id ? id.slice(id.indexOf('/') + 1) : '';
}
