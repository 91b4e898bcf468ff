// Rename over the wire: prepareRename says what is renamed; rename returns one WorkspaceEdit that,
// applied as an editor would, renames the Service everywhere it is referred to, keeps every host's
// form (short, .ns, .svc, FQDN, URL with port and path, per-pod), leaves a host that resolves to
// another namespace's Service untouched, and marks the edits in values for review.
import * as assert from 'node:assert/strict';
import type { AnnotatedTextEdit, Range, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, DEFAULT_CAPABILITIES } from '../support/lspClient';
import { stopServer } from '../support/serverFixture';
import { TempWorkspace } from '../support/tempWorkspace';
import { offsetIn } from '../support/textOffsets';
import { LINKED } from './fixtures';

const FILES: Record<string, string> = LINKED;
const CAPABILITIES = { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } } };

suite('lsp: rename', () => {
  let client: LspClient | undefined;
  let workspace: TempWorkspace | undefined;

  setup(async () => {
    workspace = new TempWorkspace(FILES);
    client = await LspClient.start({ workspace: workspace.root, capabilities: CAPABILITIES });
  });
  teardown(async () => {
    await stopServer(client, workspace);
    client = undefined;
    workspace = undefined;
  });

  function at(file: string, context: string, needle = context) {
    const uri = workspace!.uri(file);
    return { textDocument: { uri }, position: client!.document(uri).positionAt(offsetIn(FILES[file]!, context, needle)) };
  }

  async function rename(file: string, context: string, needle: string, newName: string): Promise<WorkspaceEdit> {
    const edit = (await client!.request('textDocument/rename', { ...at(file, context, needle), newName })) as WorkspaceEdit | null;
    assert.ok(edit, `no rename edit from "${needle}"`);
    return edit;
  }

  /** The files' texts after applying `edit`. */
  async function applied(edit: WorkspaceEdit): Promise<Record<string, string>> {
    await client!.applyEdit(edit);
    return Object.fromEntries(Object.keys(FILES).map((f) => [f, client!.document(workspace!.uri(f)).getText()]));
  }

  test('prepareRename: the name under the cursor, from a declaration, a field or the Service label of a host', async () => {
    for (const [file, context, needle, expected] of [
      ['data/postgres.yaml', 'name: db', 'db', 'db'],
      ['data/backup.yaml', 'subdomain: db', 'db', 'db'],
      ['app/client.yaml', 'postgres://db.data.svc', 'data.svc', 'db'], // cursor in the host: the range is its Service label
      ['app/client.yaml', 'db-0.db.data.svc', 'db-0', 'db'], // the pod label: the StatefulSet's part of it
    ] as const) {
      const result = (await client!.request('textDocument/prepareRename', at(file, context, needle))) as { range: Range; placeholder: string } | null;
      assert.ok(result, `prepareRename on "${needle}" in ${file}`);
      assert.equal(result.placeholder, expected);
      assert.equal(client!.document(workspace!.uri(file)).getText(result.range), expected);
    }
    await assert.rejects(client!.request('textDocument/prepareRename', at('data/postgres.yaml', 'image: postgres', 'image')), /Put the cursor on a Service/);
  });

  test('renaming a Service keeps every host form and leaves a host resolving elsewhere untouched', async () => {
    const problems = async () => Promise.all(Object.keys(FILES).map(async (f) => `${f}: ${(await client!.diagnostics(workspace!.uri(f))).map((d) => d.code).join(' ')}`));
    const before = await problems();
    const edit = await rename('data/postgres.yaml', 'name: db', 'db', 'pg');
    const after = await applied(edit);
    const client_ = after['app/client.yaml']!;
    const forms: [string, string][] = [
      ['value: db.data\n', 'value: pg.data\n'],
      ['postgres://db.data.svc:5432/app?sslmode=disable', 'postgres://pg.data.svc:5432/app?sslmode=disable'],
      ['value: db.data.svc.cluster.local', 'value: pg.data.svc.cluster.local'],
      ['value: db-0.db.data.svc.cluster.local', 'value: db-0.pg.data.svc.cluster.local'],
      ['value: db-1.db.data:5432', 'value: db-1.pg.data:5432'],
      ['name: LOCAL_DB_HOST\n              value: db\n', 'name: LOCAL_DB_HOST\n              value: db\n'], // app/db: untouched
    ];
    for (const [before, expected] of forms)
      assert.ok(client_.includes(expected) && FILES['app/client.yaml']!.includes(before), `expected ${JSON.stringify(expected)} in\n${client_}`);
    assert.equal(after['app/db.yaml'], FILES['app/db.yaml'], 'another namespace\'s Service of the same name is untouched');
    assert.equal(after['data/backup.yaml'], FILES['data/backup.yaml']!.replace('subdomain: db', 'subdomain: pg'));
    assert.equal(
      after['data/postgres.yaml'],
      FILES['data/postgres.yaml']!.replace('name: db\n  namespace: data\nspec:\n  clusterIP', 'name: pg\n  namespace: data\nspec:\n  clusterIP').replace('serviceName: db', 'serviceName: pg').replace('value: db\n', 'value: pg\n'),
      'the Service, serviceName and the same-namespace short host are renamed; the StatefulSet keeps its name',
    );
    // Re-checked: the renamed workspace has exactly the problems it had before (none from the rename).
    assert.deepEqual(await problems(), before);
  });

  test('edits in values need confirmation; field edits do not', async () => {
    const edit = await rename('app/client.yaml', 'value: db.data', 'db', 'pg');
    const annotation = Object.entries(edit.changeAnnotations ?? {});
    assert.equal(annotation.length, 1);
    assert.equal(annotation[0]![1].needsConfirmation, true);
    const edits = (edit.documentChanges as TextDocumentEdit[]).flatMap((c) => c.edits.map((e) => ({ uri: c.textDocument.uri, annotated: (e as AnnotatedTextEdit).annotationId !== undefined })));
    const inClient = edits.filter((e) => e.uri === workspace!.uri('app/client.yaml'));
    assert.equal(inClient.length, 5);
    assert.ok(inClient.every((e) => e.annotated), 'hosts in values are annotated');
    assert.ok(edits.filter((e) => e.uri === workspace!.uri('data/backup.yaml')).every((e) => !e.annotated), 'subdomain is a field, not a value');
  });

  test('renaming a StatefulSet renames its per-pod names in values', async () => {
    const edit = await rename('data/postgres.yaml', 'name: db\n  namespace: data\nspec:\n  serviceName', 'db', 'postgres');
    const after = await applied(edit);
    assert.ok(after['app/client.yaml']!.includes('value: postgres-0.db.data.svc.cluster.local'));
    assert.ok(after['app/client.yaml']!.includes('value: postgres-1.db.data:5432'));
    assert.ok(after['app/client.yaml']!.includes('value: db.data\n'), 'the Service name is not the StatefulSet\'s');
    assert.ok(after['data/postgres.yaml']!.includes('kind: StatefulSet\nmetadata:\n  name: postgres\n'));
    assert.ok(after['data/postgres.yaml']!.includes('serviceName: db'));
  });

  test('an invalid or taken name is refused with a reason', async () => {
    await assert.rejects(client!.request('textDocument/rename', { ...at('data/postgres.yaml', 'name: db', 'db'), newName: 'Bad_Name' }), /not a valid Service name/);
    await client!.open('data/other.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n  namespace: data\n');
    await assert.rejects(client!.request('textDocument/rename', { ...at('data/postgres.yaml', 'name: db', 'db'), newName: 'pg' }), /already exists/);
  });

  test('without change annotation support: plain changes', async () => {
    await client!.shutdown();
    client = await LspClient.start({ workspace: workspace!.root });
    const edit = await rename('data/postgres.yaml', 'name: db', 'db', 'pg');
    assert.equal(edit.changeAnnotations, undefined);
    assert.ok(edit.changes && Object.keys(edit.changes).length === 3);
  });
});
