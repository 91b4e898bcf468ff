// The "Add clusterIP: None" quick fix, as the editor gets it (vscode.executeCodeActionProvider)
// and applies it (workspace.applyEdit): the StatefulSet's warning is in one file, the edit in
// the Service's file, and the warning goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, fmtRange, openFixture, rel, waitForDiagnostics } from './support';

const NOT_HEADLESS = 'statefulset-service-not-headless';

function describeActions(actions: ReadonlyArray<vscode.CodeAction | vscode.Command>): string {
  if (actions.length === 0) return ' (none)';
  return actions
    .map((a) => {
      if (!('kind' in a) && !('edit' in a)) return `\n    command ${JSON.stringify((a as vscode.Command).title)}`;
      const ca = a as vscode.CodeAction;
      const files = ca.edit ? ca.edit.entries().map(([uri]) => rel(uri)).join(', ') : 'no edit';
      return `\n    ${JSON.stringify(ca.title)} [${ca.kind?.value ?? 'no kind'}${ca.isPreferred ? ', preferred' : ''}] edits: ${files}`;
    })
    .join('');
}

suite('quick fix', () => {
  test('"Add clusterIP: None" edits the Service in the other file and the warning goes away', async () => {
    const doc = await openFixture('cache/statefulset.yaml');
    const serviceUri = fixtureUri('cache/service.yaml');
    const before = await waitForDiagnostics(doc.uri, `a ${NOT_HEADLESS} warning`, (list) => list.some((d) => codeOf(d) === NOT_HEADLESS));
    const warning = before.find((d) => codeOf(d) === NOT_HEADLESS)!;

    const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider', doc.uri, warning.range, vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
    const fix = actions.find((a): a is vscode.CodeAction => 'title' in a && a.title.startsWith('Add clusterIP: None'));
    assert.ok(fix, `expected a quick fix "Add clusterIP: None…" at the warning (${fmtRange(warning.range)}); the editor offered:${describeActions(actions)}`);
    assert.equal(fix.title, 'Add clusterIP: None to Service cache (recreate it: clusterIP is immutable) (in cache/service.yaml)');
    assert.equal(fix.kind?.value, 'quickfix');
    assert.equal(fix.isPreferred, true, 'the fix is preferred (Shift+Alt+. / auto-fix applies it)');
    assert.ok(fix.edit, `expected the fix to carry an edit; it has none (command: ${fix.command?.command ?? 'none'})`);
    const edited = fix.edit.entries().map(([uri]) => uri.toString());
    assert.deepEqual(edited, [serviceUri.toString()], `expected the edit to touch only the other file cache/service.yaml; it touches: ${fix.edit.entries().map(([uri]) => rel(uri)).join(', ')}`);

    const applied = await vscode.workspace.applyEdit(fix.edit);
    assert.equal(applied, true, 'workspace.applyEdit refused the edit');
    const service = await vscode.workspace.openTextDocument(serviceUri);
    assert.match(service.getText(), /\nspec:\n {2}clusterIP: None\n {2}selector:\n/, `expected "clusterIP: None" as the first field under spec in cache/service.yaml; it reads:\n${service.getText()}`);

    await waitForDiagnostics(doc.uri, `no ${NOT_HEADLESS} warning after the fix`, (list) => !list.some((d) => codeOf(d) === NOT_HEADLESS));
    // Saved as a user would (the edit left the Service file dirty in the background).
    assert.equal(await service.save(), true, 'saving cache/service.yaml failed');

    // The fix's command shows the follow-up note (clusterIP is immutable) and reveals the edit.
    assert.ok(fix.command, 'expected the fix to carry its follow-up command');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    const deadline = Date.now() + 10_000;
    while (vscode.window.activeTextEditor?.document.uri.toString() !== serviceUri.toString() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), serviceUri.toString(), `expected cache/service.yaml revealed after the fix; the active editor is ${editor ? rel(editor.document.uri) : 'none'}`);
    assert.equal(editor.document.getText(editor.selection), '  clusterIP: None\n', 'expected the inserted line selected');
  });
});
