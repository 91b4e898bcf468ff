// Smoke test: the real extension is present in the extension host, activates when a
// YAML file of the fixture workspace is opened, and exports nothing surprising.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'kube-service-dns.kube-service-dns';

suite('smoke', () => {
  test('the extension is installed in development mode', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found; loaded: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ') || '(none but built-ins)'}`);
  });

  test('the extension activates when a YAML file is opened', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', undefined, 1);
    assert.ok(files[0], `no YAML file in the fixture workspace ${folder.uri.fsPath}`);
    const doc = await vscode.workspace.openTextDocument(files[0]);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'yaml');

    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    // Opening the YAML file must activate it by itself (activationEvents: onLanguage:yaml).
    // The API has no activation event to await, so poll isActive against a deadline.
    const deadline = Date.now() + 30_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'opening a YAML file did not activate the extension within 30 s (check activationEvents and the Extension Host log)');
    // activate() resolves at once when already active and rejects if activate() threw.
    await ext.activate();
  });
});
