// Settings reach the language server: changing kubeServiceDns.clusterDomain changes the
// names in a hover, and makes a host that hard-codes cluster.local a problem.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SECTION, codeOf, fixtureUri, hoverOn, nextConfigurationChange, openFixture, shown, waitForDiagnostics } from './support';

const MISMATCH = 'cluster-domain-mismatch';

suite('settings', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration(SECTION);

  async function setClusterDomain(value: string | undefined): Promise<void> {
    const changed = nextConfigurationChange(`${SECTION}.clusterDomain`);
    await config().update('clusterDomain', value, vscode.ConfigurationTarget.Workspace);
    await changed;
  }

  teardown(async () => {
    if (config().inspect('clusterDomain')?.workspaceValue === undefined) return;
    await setClusterDomain(undefined);
    // Back to cluster.local: the hard-coded domain is fine again (later tests start clean).
    await waitForDiagnostics(fixtureUri('web/config.yaml'), `no ${MISMATCH} once the setting is removed`, (list) => !list.some((d) => codeOf(d) === MISMATCH));
  });

  test('kubeServiceDns.clusterDomain changes the names in the hover', async () => {
    const doc = await openFixture('db/postgres.yaml');
    const before = await hoverOn(doc, 'name: postgres', 'postgres');
    assert.ok(before.markdown.includes('`postgres-0 … postgres-1.postgres.default.svc.cluster.local`'), `expected names under cluster.local before the change; the editor showed:${shown(before.markdown)}`);

    await setClusterDomain('corp.example');
    // The server has applied the setting once the host hard-coding cluster.local is reported.
    const configUri = fixtureUri('web/config.yaml');
    const list = await waitForDiagnostics(configUri, `a ${MISMATCH} warning on QUEUE_URL after setting clusterDomain to corp.example`, (l) => l.some((d) => codeOf(d) === MISMATCH));
    const mismatch = list.find((d) => codeOf(d) === MISMATCH)!;
    assert.match(mismatch.message, /"cluster\.local" is hard-coded as the cluster domain, but the cluster domain is corp\.example/, mismatch.message);

    const after = await hoverOn(doc, 'name: postgres', 'postgres');
    assert.ok(after.markdown.includes('`postgres-0 … postgres-1.postgres.default.svc.corp.example`'), `expected per-pod names under corp.example after the change; the editor showed:${shown(after.markdown)}`);
    assert.ok(!after.markdown.includes('svc.cluster.local'), `expected no name under cluster.local after the change; the editor showed:${shown(after.markdown)}`);
  });
});
