// Definition, references and document highlights over the wire, on every kind of link: a
// serviceName, a subdomain, hosts in values in each form (a per-pod name goes to its StatefulSet
// from its pod label), a selector, and a bare name that resolves to another namespace's Service.
import * as assert from 'node:assert/strict';
import type { DocumentHighlight, Location } from 'vscode-languageserver-protocol';
import { sharedServer } from '../support/serverFixture';
import { offsetIn } from '../support/textOffsets';
import { LINKED } from './fixtures';

const FILES: Record<string, string> = LINKED;

suite('lsp: definition, references, highlights', () => {
  const server = sharedServer(FILES);

  function position(file: string, context: string, needle = context, occurrence = 1) {
    const uri = server.workspace.uri(file);
    return { textDocument: { uri }, position: server.client.document(uri).positionAt(offsetIn(FILES[file]!, context, needle, occurrence)) };
  }

  /** Locations as `file:text-at-range`, so a failure shows what was pointed at. */
  function describe(locations: readonly Location[] | null): string[] {
    return (locations ?? []).map((l) => {
      const file = Object.keys(FILES).find((f) => server.workspace.uri(f) === l.uri) ?? l.uri;
      return `${file}:${server.client.document(l.uri).getText(l.range)}@${l.range.start.line}`;
    });
  }

  async function definition(file: string, context: string, needle?: string): Promise<string[]> {
    return describe((await server.client.request('textDocument/definition', position(file, context, needle))) as Location[]);
  }

  async function references(file: string, context: string, needle?: string, includeDeclaration = true): Promise<string[]> {
    return describe((await server.client.request('textDocument/references', { ...position(file, context, needle), context: { includeDeclaration } })) as Location[]);
  }

  test('serviceName and subdomain go to the Service they name', async () => {
    assert.deepEqual(await definition('data/postgres.yaml', 'serviceName: db', 'db'), ['data/postgres.yaml:db@3']);
    assert.deepEqual(await definition('data/backup.yaml', 'subdomain: db', 'db'), ['data/postgres.yaml:db@3']);
  });

  test('a host in every form goes to the Service it resolves through; a bare name to its own namespace', async () => {
    const forms: [string, string][] = [
      ['value: db.data', 'db.data'],
      ['postgres://db.data.svc:5432', 'db.data'],
      ['value: db.data.svc.cluster.local', 'svc.cluster'],
    ];
    for (const [context, needle] of forms)
      assert.deepEqual(await definition('app/client.yaml', context, needle), ['data/postgres.yaml:db@3'], `from "${needle}" in "${context}"`);
    // Same namespace, same file: the nearest declaration.
    assert.deepEqual(await definition('data/postgres.yaml', 'value: db', 'db'), ['data/postgres.yaml:db@3']);
    // `db` from namespace app is app/db, not data/db.
    assert.deepEqual(await definition('app/client.yaml', 'value: db\n', 'db'), ['app/db.yaml:db@3']);
  });

  test("a per-pod name: the pod label goes to the StatefulSet first, the Service label to the Service first", async () => {
    assert.deepEqual(await definition('app/client.yaml', 'db-0.db.data', 'db-0'), ['data/postgres.yaml:db@16', 'data/postgres.yaml:db@3']);
    assert.deepEqual(await definition('app/client.yaml', 'db-0.db.data', '.db.data'), ['data/postgres.yaml:db@3', 'data/postgres.yaml:db@16']);
    assert.deepEqual(await definition('app/client.yaml', 'db-1.db.data:5432', '.db.data'), ['data/postgres.yaml:db@3', 'data/postgres.yaml:db@16']);
  });

  test('a selector goes to the workloads it picks', async () => {
    assert.deepEqual(await definition('data/postgres.yaml', 'app: postgres'), ['data/postgres.yaml:db@16']);
  });

  test('nothing to go to: a host that does not resolve, plain text', async () => {
    assert.deepEqual(await definition('data/postgres.yaml', 'image: postgres', 'image'), []);
  });

  test('references of a Service: declaration, serviceName, subdomain, selected workloads, every host resolving through it', async () => {
    const expected = [
      'data/postgres.yaml:db@3', // the declaration
      'data/postgres.yaml:db@19', // serviceName
      'data/backup.yaml:db@7', // subdomain
      'data/postgres.yaml:db@16', // the StatefulSet it selects
      'app/client.yaml:db.data@19',
      'app/client.yaml:db.data.svc@21',
      'app/client.yaml:db.data.svc.cluster.local@23',
      'app/client.yaml:db-0.db.data.svc.cluster.local@25',
      'app/client.yaml:db-1.db.data@27',
      'data/postgres.yaml:db@34', // PEER_HOST in its own namespace
    ];
    const fromName = await references('data/postgres.yaml', 'name: db', 'db');
    assert.deepEqual([...fromName].sort(), [...expected].sort());
    // The same set from any reference, and without the declaration when asked.
    assert.deepEqual((await references('app/client.yaml', 'value: db.data', 'db')).sort(), [...expected].sort());
    assert.deepEqual((await references('data/backup.yaml', 'subdomain: db', 'db', false)).sort(), expected.slice(1).sort());
    // app/db is another Service: only its declaration and the bare `db` from app.
    assert.deepEqual(await references('app/client.yaml', 'value: db\n', 'db'), ['app/db.yaml:db@3', 'app/client.yaml:db@29']);
  });

  test('references of a StatefulSet: its name, the selector that picks it, the per-pod hosts', async () => {
    const fromSts = await references('data/postgres.yaml', 'name: db\n  namespace: data\nspec:\n  serviceName', 'db');
    assert.deepEqual(fromSts.sort(), ['app/client.yaml:db-0.db.data.svc.cluster.local@25', 'app/client.yaml:db-1.db.data@27', 'data/postgres.yaml:app: postgres@8', 'data/postgres.yaml:db@16'].sort());
  });

  test('document highlights: the references in this file, the declaration as a write', async () => {
    const highlights = (await server.client.request('textDocument/documentHighlight', position('data/postgres.yaml', 'serviceName: db', 'db'))) as DocumentHighlight[];
    const doc = server.client.document(server.workspace.uri('data/postgres.yaml'));
    assert.deepEqual(
      highlights.map((h) => `${doc.getText(h.range)}@${h.range.start.line}:${h.kind}`).sort(),
      ['db@3:3', 'db@19:2', 'db@16:2', 'db@34:2'].sort(),
    );
  });
});
