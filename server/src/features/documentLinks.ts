// Document links: a host in a value that resolves in the cluster links to its Service's
// definition, not to a browser. In a URL the link covers the whole URL, so it takes the place of
// the editor's own web link there.
import type { DocumentLink } from 'vscode-languageserver';
import { hostLinksIn } from '../../../shared/src/index';
import { toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export function provideDocumentLinks(index: WorkspaceIndex, uri: string): DocumentLink[] {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return [];
  const text = snapshot.text;
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
      tooltip: `Go to Service ${reference.resolution.answer?.service ?? ''} (what ${reference.token.host} resolves to)`,
    });
  }
  return links;
}
