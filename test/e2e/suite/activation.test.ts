// Activation: the real extension is loaded (in development mode), activates with a YAML file
// of the fixture workspace open, and its language server answers for that file.
// Runs first (files run in name order), before any other test opens a file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, extensionActive, fixtureUri, fmtDiagnostics, openFixture, waitForDiagnostics } from './support';

suite('activation', () => {
  test('the extension is installed in development mode', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const loaded = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    assert.ok(ext, `expected extension ${EXTENSION_ID}; loaded: ${loaded.join(', ') || '(none but built-ins)'}`);
    assert.equal(ext.packageJSON.main, './dist/extension.js', 'the bundled extension is what runs');
  });

  test('opening a YAML file activates the extension and its language server answers', async () => {
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}');
    assert.ok(files.length >= 5, `expected the fixture workspace's YAML files, found: ${files.map((f) => f.path).join(', ') || 'none'}`);
    const doc = await openFixture('cache/statefulset.yaml');
    assert.equal(doc.languageId, 'yaml');
    const ext = await extensionActive();
    assert.equal(ext.isActive, true);
    // The server is up once it reports on the open file (it has one warning there).
    const diagnostics = await waitForDiagnostics(fixtureUri('cache/statefulset.yaml'), 'a diagnostic from kube-service-dns (the server answering)', (d) => d.length > 0);
    assert.ok(diagnostics.every((d) => codeOf(d) !== undefined), `every diagnostic carries a code:${fmtDiagnostics(diagnostics)}`);
  });
});
