// Hovers through VS Code's own command (vscode.executeHoverProvider), on the name of a
// headless Service (its per-pod names, summarised) and of a ClusterIP Service (its virtual IP):
// short (at most 12 lines), the full table one command link away.
import * as assert from 'node:assert/strict';
import { fmtRange, hoverOn, openFixture, shown } from './support';

/** The budget: a hover of at most about 12 lines. */
const HOVER_LINES = 12;

function lineCount(markdown: string): number {
  return markdown.split('\n').filter((l) => l.trim() !== '').length;
}

suite('hover', () => {
  test('a headless Service governing a StatefulSet summarises the per-pod names and links to the full table', async () => {
    const doc = await openFixture('db/postgres.yaml');
    const { markdown, ranges, target } = await hoverOn(doc, 'name: postgres', 'postgres');
    const first = markdown.split('\n')[0] ?? '';
    assert.match(first, /^\*\*Service `default\/postgres`\*\* — Headless \(clusterIP: None\)/, `expected the hover to start with the Service and its mode (headless); the editor showed:${shown(markdown)}`);
    assert.ok(
      markdown.includes("**Per-pod names (2):** `postgres-0 … postgres-1.postgres.default.svc.cluster.local` → each pod's own IP"),
      `expected the per-pod names summarised; the editor showed:${shown(markdown)}`,
    );
    assert.ok(markdown.includes('](command:kubeServiceDns.showServiceNames?'), `expected a link to the full table of names; the editor showed:${shown(markdown)}`);
    assert.ok(lineCount(markdown) <= HOVER_LINES, `expected at most ${HOVER_LINES} lines, got ${lineCount(markdown)}; the editor showed:${shown(markdown)}`);
    assert.ok(ranges.some((r) => r.isEqual(target)), `expected the hover to be about "postgres" at ${fmtRange(target)}; its ranges: ${ranges.map(fmtRange).join(', ') || 'none'}`);
  });

  test('a ClusterIP Service explains its virtual IP', async () => {
    const doc = await openFixture('web/web.yaml');
    const { markdown, ranges, target } = await hoverOn(doc, 'kind: Service\nmetadata:\n  name: web', 'web');
    assert.match(
      markdown.split('\n')[0] ?? '',
      /^\*\*Service `default\/web`\*\* — ClusterIP \(virtual IP\): the name returns one stable IP and kube-proxy balances connections across the ready pods\.$/,
      `expected the VIP explanation first; the editor showed:${shown(markdown)}`,
    );
    assert.ok(markdown.includes('**Names:** `web` in `default`, `web.default.svc.cluster.local` from anywhere → the Service VIP'), `expected the names people use, answering with the VIP; the editor showed:${shown(markdown)}`);
    assert.match(markdown, /\*\*Selects:\*\* Deployment `web` \(3 pods\)/, `expected the selected Deployment; the editor showed:${shown(markdown)}`);
    assert.ok(lineCount(markdown) <= HOVER_LINES, `expected at most ${HOVER_LINES} lines, got ${lineCount(markdown)}; the editor showed:${shown(markdown)}`);
    assert.ok(ranges.some((r) => r.isEqual(target)), `expected the hover to be about "web" at ${fmtRange(target)}; its ranges: ${ranges.map(fmtRange).join(', ') || 'none'}`);
  });
});
