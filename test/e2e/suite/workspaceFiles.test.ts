// Files on disk: deleting the file that defines a Service (workspace.fs.delete, as the
// Explorer does) updates the diagnostics of the file that uses it, and restoring the file
// clears them again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, openFixture, rangeOf, waitForDiagnostics } from './support';

suite('workspace files', () => {
  const queueFile = (): vscode.Uri => fixtureUri('queue/service.yaml');
  let saved: Uint8Array | undefined;

  teardown(async () => {
    if (!saved) return;
    const content = saved;
    saved = undefined;
    try {
      await vscode.workspace.fs.stat(queueFile());
    } catch {
      await vscode.workspace.fs.writeFile(queueFile(), content);
    }
  });

  test('deleting the file of a Service updates the diagnostics of the file that uses it', async () => {
    const doc = await openFixture('web/config.yaml');
    const queueHost = rangeOf(doc, 'amqp://queue.default.svc.cluster.local:5672', 'queue.default.svc.cluster.local');
    const onQueue = (d: vscode.Diagnostic): boolean => codeOf(d) === 'unresolved-host' && d.range.isEqual(queueHost);
    // Analysed (the typo warning is there) and QUEUE_URL resolves.
    const before = await waitForDiagnostics(doc.uri, 'the unresolved-host warning on "cahce" only', (l) => l.some((d) => codeOf(d) === 'unresolved-host') && !l.some(onQueue));
    assert.equal(before.length, 1);

    saved = await vscode.workspace.fs.readFile(queueFile());
    await vscode.workspace.fs.delete(queueFile());

    const after = await waitForDiagnostics(doc.uri, `an unresolved-host warning on QUEUE_URL's host (${queueHost.start.line + 1}:${queueHost.start.character + 1}) after deleting queue/service.yaml`, (l) => l.some(onQueue));
    const warning = after.find(onQueue)!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /^queue\.default\.svc\.cluster\.local does not resolve from namespace default \(NXDOMAIN\): There is no Service "queue" in namespace "default"\./, warning.message);
    assert.equal(after.length, 2, 'the typo warning stays, one warning is added');

    // Putting the file back (as undo in the Explorer does) resolves QUEUE_URL again.
    await vscode.workspace.fs.writeFile(queueFile(), saved);
    saved = undefined;
    await waitForDiagnostics(doc.uri, 'no warning on QUEUE_URL once queue/service.yaml is back', (l) => !l.some(onQueue) && l.length === 1);
  });
});
