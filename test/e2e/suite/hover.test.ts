// Hovers through VS Code's own command (vscode.executeHoverProvider), on the name of a
// headless Service (its per-pod names) and of a ClusterIP Service (its virtual IP).
import * as assert from 'node:assert/strict';
import { fmtRange, hoverOn, openFixture, shown } from './support';

suite('hover', () => {
  test('a headless Service governing a StatefulSet lists the per-pod names', async () => {
    const doc = await openFixture('db/postgres.yaml');
    const { markdown, ranges, target } = await hoverOn(doc, 'name: postgres', 'postgres');
    const first = markdown.split('\n')[0] ?? '';
    assert.match(first, /^\*\*Service `default\/postgres`\*\* — Headless \(clusterIP: None\)/, `expected the hover to start with the Service and its mode (headless); the editor showed:${shown(markdown)}`);
    for (const pod of ['postgres-0', 'postgres-1']) {
      const name = `${pod}.postgres.default.svc.cluster.local`;
      assert.ok(markdown.includes(`| \`${name}\` | A | the IP of pod ${pod} |`), `expected a row for the per-pod name ${name}; the editor showed:${shown(markdown)}`);
    }
    assert.ok(markdown.includes('`postgres-2.postgres.default.svc.cluster.local` — NXDOMAIN'), `expected postgres-2 (beyond replicas: 2) among the names that will not resolve; the editor showed:${shown(markdown)}`);
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
    assert.ok(markdown.includes('| `web.default.svc.cluster.local` | A | the Service VIP'), `expected the Service name to answer with the VIP; the editor showed:${shown(markdown)}`);
    assert.match(markdown, /\*\*Selects:\*\* Deployment `web` \(3 pods/, `expected the selected Deployment; the editor showed:${shown(markdown)}`);
    assert.ok(markdown.includes('`web-<pod-hash>.web.default.svc.cluster.local` — NXDOMAIN'), `expected Deployment pod names among the names that will not resolve; the editor showed:${shown(markdown)}`);
    assert.ok(ranges.some((r) => r.isEqual(target)), `expected the hover to be about "web" at ${fmtRange(target)}; its ranges: ${ranges.map(fmtRange).join(', ') || 'none'}`);
  });
});
