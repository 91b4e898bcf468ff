// The link features through VS Code's own commands: definition, references, rename (applied),
// completion, code lens, the extension's commands and its Service DNS view's tree items.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixtureUri, fmtRange, openFixture, rangeOf, rel } from './support';

interface ExtensionApi {
  view?: vscode.TreeDataProvider<unknown>;
  status?: { last: { state: string } | null };
}

function where(locations: readonly (vscode.Location | vscode.LocationLink)[]): string[] {
  return locations.map((l) => ('uri' in l ? `${rel(l.uri)}@${fmtRange(l.range)}` : `${rel(l.targetUri)}@${fmtRange(l.targetRange)}`));
}

suite('navigation, rename, completion, lenses, commands, view', () => {
  // Later suites expect the fixture's files closed: an open document shadows its file on disk.
  suiteTeardown(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Go to Definition from a per-pod host goes to the headless Service; from the pod label to the StatefulSet', async () => {
    const web = await openFixture('web/web.yaml');
    const db = await openFixture('db/postgres.yaml');
    const service = rangeOf(db, 'name: postgres', 'postgres');
    const statefulSet = rangeOf(db, 'name: postgres', 'postgres', 2);
    const onService = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', web.uri, rangeOf(web, 'postgres-0.postgres', '.postgres').end);
    assert.deepEqual(where(onService)[0], `db/postgres.yaml@${fmtRange(service)}`, `the editor went to: ${where(onService).join(', ')}`);
    const onPod = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', web.uri, rangeOf(web, 'postgres-0.postgres', 'postgres-0').start);
    // VS Code sorts the targets by position, so the server's order (pod's StatefulSet first) is checked in test/lsp.
    assert.deepEqual(where(onPod).sort(), [`db/postgres.yaml@${fmtRange(service)}`, `db/postgres.yaml@${fmtRange(statefulSet)}`].sort(), `the editor went to: ${where(onPod).join(', ')}`);
  });

  test('Find All References on a Service lists its serviceName, the StatefulSet it selects and the host in web.yaml', async () => {
    const db = await openFixture('db/postgres.yaml');
    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', db.uri, rangeOf(db, 'name: postgres', 'postgres').start);
    const found = where(references);
    const web = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(db.uri, '../../web/web.yaml'));
    for (const expected of [
      `db/postgres.yaml@${fmtRange(rangeOf(db, 'serviceName: postgres', 'postgres'))}`,
      `db/postgres.yaml@${fmtRange(rangeOf(db, 'name: postgres', 'postgres', 2))}`,
      `web/web.yaml@${fmtRange(rangeOf(web, 'postgres-0.postgres'))}`,
    ])
      assert.ok(found.includes(expected), `expected ${expected} among the references: ${found.join(', ')}`);
  });

  test('rename a Service: the edit, applied, renames its URL host in a ConfigMap and keeps the form', async () => {
    const queue = await openFixture('queue/service.yaml');
    const config = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(queue.uri, '../../web/config.yaml'));
    const rename = async (doc: vscode.TextDocument, at: vscode.Position, newName: string) => {
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, newName);
      assert.ok(edit && edit.size > 0, 'a rename edit');
      // The same edits without their "needs confirmation" annotation: with it, VS Code waits in the
      // refactor preview for a person to press Apply (the browser journey shows that preview).
      const plain = new vscode.WorkspaceEdit();
      for (const [uri, edits] of edit.entries()) plain.set(uri, edits.map((e) => new vscode.TextEdit(e.range, e.newText)));
      assert.ok(await vscode.workspace.applyEdit(plain), 'the edit applies');
      return edit;
    };
    const edit = await rename(queue, rangeOf(queue, 'name: queue', 'queue').start, 'mq');
    assert.deepEqual(edit.entries().map(([uri]) => rel(uri)).sort(), ['queue/service.yaml', 'web/config.yaml']);
    assert.ok(config.getText().includes('QUEUE_URL: amqp://mq.default.svc.cluster.local:5672'), `config.yaml now reads:\n${config.getText()}`);
    assert.ok(queue.getText().includes('kind: Service\nmetadata:\n  name: mq\n'), 'the Service is renamed');
    assert.ok(queue.getText().includes('kind: Deployment\nmetadata:\n  name: queue\n'), 'the Deployment keeps its name');
    // Back as it was, so later tests see the fixture.
    await rename(queue, rangeOf(queue, 'name: mq', 'mq').start, 'queue');
    assert.ok(config.getText().includes('QUEUE_URL: amqp://queue.default.svc.cluster.local:5672'));
    await vscode.workspace.saveAll(false);
  });

  test('completion in serviceName offers the Services of the namespace, headless first', async () => {
    const db = await openFixture('db/postgres.yaml');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', db.uri, rangeOf(db, 'serviceName: postgres', 'postgres').end);
    const ours = list.items.filter((i) => typeof i.detail === 'string' && i.detail.endsWith('Service') || /Service \(/.test(String(i.detail)));
    const labels = ours.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => `${typeof i.label === 'string' ? i.label : i.label.label}: ${i.detail}`);
    // Headless Services first (cache is headless once the quick-fix suite has run, ClusterIP before).
    const firstVip = labels.findIndex((l) => !l.includes(': headless Service'));
    assert.ok(labels.includes('postgres: headless Service') && labels.slice(firstVip).every((l) => !l.includes(': headless Service')), `the completion list: ${labels.join(' | ')}`);
    assert.ok(labels.some((l) => l.startsWith('web: ClusterIP Service')), `the completion list: ${labels.join(' | ')}`);
  });

  test('the code lens on a Service counts its pods, names and references; its command is registered', async () => {
    const db = await openFixture('db/postgres.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', db.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(lenses.length, 1, `lenses: ${titles.join(' | ')}`);
    assert.match(titles[0]!, /^headless · 2 pods · \d+ names · referenced 3×$/);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(lenses[0]!.command!.command), `${lenses[0]!.command!.command} is a registered command`);
  });

  test('commands: copy the FQDN under the cursor, show all names, resolve a name from a namespace', async () => {
    const db = await openFixture('db/postgres.yaml');
    const editor = await vscode.window.showTextDocument(db);
    editor.selection = new vscode.Selection(rangeOf(db, 'clusterIP: None').start, rangeOf(db, 'clusterIP: None').start);
    assert.equal(await vscode.commands.executeCommand('kubeServiceDns.copyFqdn'), 'postgres.default.svc.cluster.local');
    assert.equal(await vscode.env.clipboard.readText(), 'postgres.default.svc.cluster.local');
    const markdown = await vscode.commands.executeCommand<string>('kubeServiceDns.showServiceNames');
    assert.match(markdown, /^# Service default\/postgres\n/);
    assert.ok(markdown.includes('`postgres-1.postgres.default.svc.cluster.local` | A | the IP of pod postgres-1'), markdown);
    const resolved = await vscode.commands.executeCommand<{ summary: string }>('kubeServiceDns.resolveName', 'web', 'default');
    assert.match(resolved.summary, /^web \(A\) from default → the Service VIP/);
    const elsewhere = await vscode.commands.executeCommand<{ summary: string }>('kubeServiceDns.resolveName', 'web', 'kube-system');
    assert.match(elsewhere.summary, /NXDOMAIN/);
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  });

  test('the Service DNS view: namespaces → Services (with mode) → names', async () => {
    await openFixture('db/postgres.yaml');
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
    const view = api.view;
    assert.ok(view, 'the extension exports its view');
    const roots = (await view.getChildren()) ?? [];
    const labels = async (items: readonly unknown[]) => Promise.all(items.map(async (i) => { const t = await view.getTreeItem(i); return `${typeof t.label === 'string' ? t.label : t.label?.label} (${t.description})`; }));
    assert.deepEqual(await labels(roots), ['default (4 Services)']);
    const services = (await view.getChildren(roots[0])) ?? [];
    // cache is headless once the quick-fix suite has applied its fix: read its mode from the file.
    const cacheText = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri('cache/service.yaml')));
    const cacheMode = /clusterIP: None/.test(cacheText) ? 'headless' : 'ClusterIP';
    assert.deepEqual(await labels(services), [`cache (${cacheMode})`, 'postgres (headless)', 'queue (ClusterIP)', 'web (ClusterIP)'], `services: ${(await labels(services)).join(', ')}`);
    const names = (await view.getChildren(services[1])) ?? [];
    const nameLabels = await labels(names);
    assert.ok(nameLabels.includes('postgres-0.postgres.default.svc.cluster.local (A · the IP of pod postgres-0)'), nameLabels.join('\n'));
    assert.equal(api.status?.last?.state, 'ready');
  });

  test('in a kustomize repository: references on a base Service include the overlay patch target, and the rename applied updates it', async () => {
    // Written for this test only (the shared fixture keeps its exact problem list), and removed after.
    // Last in this suite: the documents it opens stay open (VS Code closes them later), so the
    // view's Service count above must not see them.
    const files: Record<string, string> = {
      'kz/base/kustomization.yaml': 'resources:\n  - ledger.yaml\n',
      'kz/base/ledger.yaml': [
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: ledger\nspec:\n  selector:\n    app: ledger\n  ports:\n    - port: 8080\n---',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ledger-api\nspec:\n  selector:\n    matchLabels:\n      app: ledger\n  template:\n    metadata:\n      labels:\n        app: ledger\n    spec:\n      containers:\n        - name: api\n          image: ledger:1\n          ports:\n            - containerPort: 8080\n',
      ].join('\n'),
      'kz/prod/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\npatches:\n  - target:\n      kind: Service\n      name: ledger\n    patch: |-\n      - op: add\n        path: /metadata/annotations\n        value:\n          team: money\n',
    };
    try {
      for (const [file, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(fixtureUri(file), new TextEncoder().encode(text));
      const overlay = await vscode.workspace.openTextDocument(fixtureUri('kz/prod/kustomization.yaml'));
      await vscode.workspace.openTextDocument(fixtureUri('kz/base/kustomization.yaml'));
      const base = await openFixture('kz/base/ledger.yaml');
      const target = rangeOf(overlay, 'name: ledger', 'ledger');
      const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', base.uri, rangeOf(base, 'name: ledger', 'ledger').start);
      assert.ok(where(references).includes(`kz/prod/kustomization.yaml@${fmtRange(target)}`), `expected the patch target among the references: ${where(references).join(', ')}`);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', base.uri, rangeOf(base, 'name: ledger', 'ledger').start, 'books');
      assert.deepEqual(edit.entries().map(([uri]) => rel(uri)).sort(), ['kz/base/ledger.yaml', 'kz/prod/kustomization.yaml']);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
      assert.ok(overlay.getText().includes('      kind: Service\n      name: books\n'), `the overlay now reads:\n${overlay.getText()}`);
      assert.ok(base.getText().includes('kind: Service\nmetadata:\n  name: books\n'), 'the Service is renamed');
      assert.ok(base.getText().includes('app: ledger'), 'labels are not names');
    } finally {
      await vscode.workspace.saveAll(false);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(fixtureUri('kz'), { recursive: true });
    }
  });
});
