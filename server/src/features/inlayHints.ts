// Inlay hints after each host in a value: what it answers (`→ VIP web.prod`, `→ 3 pod IPs`) or
// that it fails (`✗ NXDOMAIN`). In a file only kustomize overlays read, per overlay
// (`dev → 1 pod IP · prod ✗ NXDOMAIN`): it is never applied as written. The client's
// `kubeServiceDns.inlayHints.enabled` setting turns them off.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { analyzeHostReferences, answerHint, type Resolution } from '../../../shared/src/index';
import { baseRole, overlayHostViews } from './kustomizeOverlays';
import { toOffset, toPosition } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export function provideInlayHints(index: WorkspaceIndex, uri: string, range: Range): InlayHint[] {
  const snapshot = index.snapshot(uri);
  const catalog = index.catalog();
  const file = snapshot && catalog.files.get(snapshot.key);
  if (!snapshot || !file) return [];
  const from = toOffset(snapshot, range.start);
  const to = toOffset(snapshot, range.end);
  const role = baseRole(index, snapshot.key);
  const baseOnly = role !== null && !role.alsoAsWritten;
  const hints: InlayHint[] = [];
  for (const site of file.valueSites) {
    if (site.span.end < from || site.span.start > to) continue;
    for (const reference of analyzeHostReferences(catalog, site)) {
      const position = toPosition(snapshot, reference.token.span.end);
      if (baseOnly) {
        const views = overlayHostViews(index, snapshot.key, reference.token.span);
        if (views.length === 0) continue;
        const label = views.map((v) => `${v.overlay.slice(v.overlay.lastIndexOf('/') + 1)} ${hintOf(v.resolution)}`).join(' · ');
        hints.push({ position, label, kind: InlayHintKind.Type, paddingLeft: true, tooltip: views.map((v) => `${v.overlay}: ${v.resolution.reason}`).join('\n') });
        continue;
      }
      const { resolution } = reference;
      hints.push({ position, label: hintOf(resolution), kind: InlayHintKind.Type, paddingLeft: true, tooltip: resolution.reason });
    }
  }
  return hints;
}

function hintOf(resolution: Resolution): string {
  return resolution.status === 'answer' && resolution.answer ? `→ ${answerHint(resolution.answer)}` : `✗ ${resolution.status.toUpperCase()}`;
}
