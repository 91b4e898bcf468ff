// Inlay hints after each host in a value: what it answers (`→ VIP web.prod`, `→ 3 pod IPs`) or
// that it fails (`✗ NXDOMAIN`). The client's `kubeServiceDns.inlayHints.enabled` setting turns them off.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { analyzeHostReferences, answerHint } from '../../../shared/src/index';
import { toOffset, toPosition } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export function provideInlayHints(index: WorkspaceIndex, uri: string, range: Range): InlayHint[] {
  const snapshot = index.snapshot(uri);
  const catalog = index.catalog();
  const file = snapshot && catalog.files.get(snapshot.key);
  if (!snapshot || !file) return [];
  const from = toOffset(snapshot, range.start);
  const to = toOffset(snapshot, range.end);
  const hints: InlayHint[] = [];
  for (const site of file.valueSites) {
    if (site.span.end < from || site.span.start > to) continue;
    for (const reference of analyzeHostReferences(catalog, site)) {
      const { resolution } = reference;
      const label = resolution.status === 'answer' && resolution.answer ? `→ ${answerHint(resolution.answer)}` : `✗ ${resolution.status.toUpperCase()}`;
      hints.push({ position: toPosition(snapshot, reference.token.span.end), label, kind: InlayHintKind.Type, paddingLeft: true, tooltip: resolution.reason });
    }
  }
  return hints;
}
