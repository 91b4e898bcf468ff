// Kustomize references over the wire: Find All References on a Service in a base lists the patch
// targets, strategic-merge patches, replicas entries and serviceName patches that select it, and
// the hosts written for an overlay (`prod-db`) that resolve to it there; Go to Definition goes
// from those names to the declarations the kustomization reaches; highlights work in a
// kustomization; the code lens counts them; rename edits exactly those ranges (keeping prefixes,
// suffixes and every host form) and leaves a same-named Service in an unrelated kustomization alone.
// The oracle: after the rename, `kubectl kustomize` of every overlay builds the same objects with
// only the renamed name changed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CodeLens, DocumentHighlight, Location, TextDocumentEdit, WorkspaceEdit, AnnotatedTextEdit } from 'vscode-languageserver-protocol';
import { requireKubectl } from '../support/kustomizeOracle';
import { DEFAULT_CAPABILITIES } from '../support/lspClient';
import { sharedServer } from '../support/serverFixture';
import { offsetIn } from '../support/textOffsets';
import { KUSTOMIZE_LINKED } from './kustomizeLinkedFixtures';

const FILES = KUSTOMIZE_LINKED;
const CAPABILITIES = { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } } };

suite('lsp: kustomize references, definition and rename', () => {
  const server = sharedServer(FILES, CAPABILITIES);

  function position(file: string, context: string, needle = context, occurrence = 1) {
    const uri = server.workspace.uri(file);
    return { textDocument: { uri }, position: server.client.document(uri).positionAt(offsetIn(FILES[file]!, context, needle, occurrence)) };
  }

  function fileOf(uri: string): string {
    return Object.keys(FILES).find((f) => server.workspace.uri(f) === uri) ?? uri;
  }

  /** Locations as `file:text-at-range@line`, so a failure shows what was pointed at. */
  function describe(locations: readonly Location[] | null): string[] {
    return (locations ?? []).map((l) => `${fileOf(l.uri)}:${server.client.document(l.uri).getText(l.range)}@${l.range.start.line}`);
  }

  async function references(file: string, context: string, needle?: string, occurrence?: number): Promise<string[]> {
    return describe((await server.client.request('textDocument/references', { ...position(file, context, needle, occurrence), context: { includeDeclaration: true } })) as Location[]);
  }

  async function definition(file: string, context: string, needle?: string): Promise<string[]> {
    return describe((await server.client.request('textDocument/definition', position(file, context, needle))) as Location[]);
  }

  async function rename(file: string, context: string, needle: string, newName: string): Promise<WorkspaceEdit> {
    const edit = (await server.client.request('textDocument/rename', { ...position(file, context, needle), newName })) as WorkspaceEdit | null;
    assert.ok(edit, `no rename edit from "${needle}" in ${file}`);
    return edit;
  }

  /** Every edit as `file@line: old → new (annotated?)`, and the files' texts with the edit applied (the server's documents stay as they are). */
  function applyLocally(edit: WorkspaceEdit): { edits: string[]; files: Record<string, string> } {
    const files = { ...FILES };
    const edits: string[] = [];
    for (const change of (edit.documentChanges ?? []) as TextDocumentEdit[]) {
      const file = fileOf(change.textDocument.uri);
      const document = server.client.document(change.textDocument.uri);
      const sorted = [...change.edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
      let text = FILES[file]!;
      for (const e of sorted) {
        const [start, end] = [document.offsetAt(e.range.start), document.offsetAt(e.range.end)];
        const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, text.indexOf('\n', end) < 0 ? undefined : text.indexOf('\n', end)).trim();
        edits.push(`${file}@${e.range.start.line}: ${line} [${text.slice(start, end)}→${e.newText}]${(e as AnnotatedTextEdit).annotationId ? ' (review)' : ''}`);
        text = text.slice(0, start) + e.newText + text.slice(end);
      }
      files[file] = text;
    }
    return { edits: edits.sort(), files };
  }

  const BASE_DB_REFERENCES = [
    'shop/base/db.yaml:db@3', // the declaration
    'shop/base/postgres.yaml:db@5', // serviceName
    'shop/base/postgres.yaml:postgres@3', // the workload it selects
    'shop/base/config.yaml:db@5', // hosts in the base's values
    'shop/base/config.yaml:postgres-0.db@6',
    'shop/base/web.yaml:db@18',
    'shop/overlays/prod/kustomization.yaml:db@12', // patches[].target.name (inline JSON patch)
    'shop/overlays/prod/kustomization.yaml:db@22', // an inline strategic-merge patch's metadata.name
    'shop/overlays/prod/db-patch.yaml:db@3', // a strategic-merge patch file's metadata.name
    'shop/overlays/prod/web-env.yaml:prod-db@11', // hosts written for the overlay, with its prefix
    'shop/overlays/prod/web-env.yaml:prod-db.prod.svc.cluster.local@13',
    'shop/overlays/prod/config-patch.yaml:prod-db.prod@5',
    'shop/overlays/prod/config-patch.yaml:prod-postgres-0.prod-db.prod.svc@6',
    'shop/overlays/staging/kustomization.yaml:db@11', // patchesJson6902[].target.name
    'shop/overlays/staging/kustomization.yaml:[a-z]+@16', // a regex target that selects it
    'shop/overlays/staging/kustomization.yaml:db@23', // a kind-less target
    'shop/overlays/staging/postgres-patch.yaml:db@5', // serviceName set by a patchesStrategicMerge patch
    'shop/overlays/staging/web-env.yaml:db-staging.staging.svc@11', // with the overlay's suffix
    'shop/overlays/dev/config-patch.yaml:db.dev.svc.cluster.local@5', // a host that resolves in dev
    'shop/overlays/preview/kustomization.yaml:db@9', // a target in an overlay that does not build offline
  ].sort();

  test('references on a Service in a base: every kustomize reference, in every overlay that reaches it, and nothing of the unrelated kustomization', async () => {
    assert.deepEqual((await references('shop/base/db.yaml', 'name: db', 'db')).sort(), BASE_DB_REFERENCES);
    // The same list from a patch target, a patch's name, and a host written for an overlay.
    assert.deepEqual((await references('shop/overlays/prod/kustomization.yaml', 'name: db', 'db')).sort(), BASE_DB_REFERENCES);
    assert.deepEqual((await references('shop/overlays/prod/db-patch.yaml', 'name: db', 'db')).sort(), BASE_DB_REFERENCES);
    assert.deepEqual((await references('shop/overlays/staging/web-env.yaml', 'db-staging', 'db')).sort(), BASE_DB_REFERENCES);
    // The unrelated kustomization's Service db: its own declaration and target only.
    assert.deepEqual((await references('other/db.yaml', 'name: db', 'db')).sort(), ['other/db.yaml:db@3', 'other/kustomization.yaml:db@6']);
    // A plain file's Service db (no kustomization reads it): the plain files only.
    assert.deepEqual((await references('plain/db.yaml', 'name: db', 'db')).sort(), ['plain/client.yaml:db@5', 'plain/db.yaml:db@3']);
  });

  test('references on a workload include the replicas entry and the patches that name it', async () => {
    assert.deepEqual((await references('shop/base/postgres.yaml', 'name: postgres', 'postgres')).sort(), [
      'shop/base/config.yaml:postgres-0.db@6', // its per-pod name in the base
      'shop/base/db.yaml:app: postgres@7', // the selector that picks it
      'shop/base/postgres.yaml:postgres@3',
      'shop/overlays/prod/config-patch.yaml:prod-postgres-0.prod-db.prod.svc@6', // its per-pod name in prod
      'shop/overlays/prod/kustomization.yaml:postgres@26', // replicas[].name
      'shop/overlays/staging/postgres-patch.yaml:postgres@3', // the patch's metadata.name
    ]);
  });

  test('definition from a patch target, a patch name, a replicas entry and a host written for an overlay goes to the declaration in the base', async () => {
    assert.deepEqual(await definition('shop/overlays/prod/kustomization.yaml', 'name: db', 'db'), ['shop/base/db.yaml:db@3']);
    assert.deepEqual(await definition('shop/overlays/staging/kustomization.yaml', 'name: "[a-z]+"', 'a-z'), ['shop/base/db.yaml:db@3']);
    assert.deepEqual(await definition('shop/overlays/prod/db-patch.yaml', 'name: db', 'db'), ['shop/base/db.yaml:db@3']);
    assert.deepEqual(await definition('shop/overlays/prod/kustomization.yaml', 'name: postgres', 'postgres'), ['shop/base/postgres.yaml:postgres@3']);
    assert.deepEqual(await definition('shop/overlays/prod/web-env.yaml', 'value: prod-db', 'prod-db'), ['shop/base/db.yaml:db@3']);
    assert.deepEqual(await definition('shop/overlays/staging/postgres-patch.yaml', 'serviceName: db', 'db'), ['shop/base/db.yaml:db@3']);
    // A same-named target in a kustomization that reaches another file goes there.
    assert.deepEqual(await definition('other/kustomization.yaml', 'name: db', 'db'), ['other/db.yaml:db@3']);
    // Same-named Services in other worlds are not offered: from a declaration, a serviceName, a plain host.
    assert.deepEqual(await definition('other/db.yaml', 'name: db', 'db'), ['other/db.yaml:db@3']);
    assert.deepEqual(await definition('shop/base/postgres.yaml', 'serviceName: db', 'db'), ['shop/base/db.yaml:db@3']);
    assert.deepEqual(await definition('plain/client.yaml', 'DATABASE_HOST: db', 'db'), ['plain/db.yaml:db@3']);
  });

  test('highlights in a kustomization and the code lens count the kustomize references', async () => {
    const uri = server.workspace.uri('shop/overlays/staging/kustomization.yaml');
    const highlights = (await server.client.request('textDocument/documentHighlight', position('shop/overlays/staging/kustomization.yaml', 'name: db', 'db'))) as DocumentHighlight[];
    assert.deepEqual(highlights.map((h) => `${server.client.document(uri).getText(h.range)}@${h.range.start.line}`).sort(), ['[a-z]+@16', 'db@11', 'db@23']);
    const lenses = (await server.client.request('textDocument/codeLens', { textDocument: { uri: server.workspace.uri('shop/base/db.yaml') } })) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.match(lenses[0]!.command!.title, new RegExp(`referenced ${BASE_DB_REFERENCES.length - 1}×$`));
    const other = (await server.client.request('textDocument/codeLens', { textDocument: { uri: server.workspace.uri('other/db.yaml') } })) as CodeLens[];
    assert.match(other[0]!.command!.title, /referenced 1×$/);
  });

  const RENAMED_EDITS = [
    'shop/base/config.yaml@5: DATABASE_URL: postgres://db:5432/app [db→pg] (review)',
    'shop/base/config.yaml@6: REPLICA_HOST: postgres-0.db:5432 [db→pg] (review)',
    'shop/base/db.yaml@3: name: db [db→pg]',
    'shop/base/postgres.yaml@5: serviceName: db [db→pg]',
    'shop/base/web.yaml@18: value: db [db→pg] (review)',
    'shop/overlays/dev/config-patch.yaml@5: DATABASE_URL: postgres://db.dev.svc.cluster.local:5432/app [db→pg] (review)',
    'shop/overlays/preview/kustomization.yaml@9: name: db [db→pg]',
    'shop/overlays/prod/config-patch.yaml@5: DATABASE_URL: postgres://prod-db.prod:5432/app [db→pg] (review)',
    'shop/overlays/prod/config-patch.yaml@6: REPLICA_HOST: prod-postgres-0.prod-db.prod.svc:5432 [db→pg] (review)',
    'shop/overlays/prod/db-patch.yaml@3: name: db [db→pg]',
    'shop/overlays/prod/kustomization.yaml@12: name: db [db→pg]',
    'shop/overlays/prod/kustomization.yaml@22: name: db [db→pg]',
    'shop/overlays/prod/web-env.yaml@11: value: prod-db [db→pg] (review)',
    'shop/overlays/prod/web-env.yaml@13: value: postgres://prod-db.prod.svc.cluster.local:5432/app?sslmode=require [db→pg] (review)',
    'shop/overlays/staging/kustomization.yaml@11: name: db [db→pg]',
    'shop/overlays/staging/kustomization.yaml@23: name: db [db→pg]',
    'shop/overlays/staging/postgres-patch.yaml@5: serviceName: db [db→pg]',
    'shop/overlays/staging/web-env.yaml@11: value: db-staging.staging.svc [db→pg] (review)',
  ];

  test('rename edits exactly the kustomize ranges, keeps prefixes, suffixes and host forms, and leaves the regex and the unrelated kustomization alone', async () => {
    const { edits, files } = applyLocally(await rename('shop/base/db.yaml', 'name: db', 'db', 'pg'));
    assert.deepEqual(edits, RENAMED_EDITS);
    assert.equal(files['other/db.yaml'], FILES['other/db.yaml']);
    assert.equal(files['other/kustomization.yaml'], FILES['other/kustomization.yaml']);
    assert.equal(files['plain/db.yaml'], FILES['plain/db.yaml']);
    assert.equal(files['plain/client.yaml'], FILES['plain/client.yaml']);
    assert.ok(files['shop/overlays/staging/kustomization.yaml']!.includes('name: "[a-z]+"'), 'a regex target is not renamed');
    // From a patch target or a host written for an overlay: the same edit.
    assert.deepEqual(applyLocally(await rename('shop/overlays/prod/kustomization.yaml', 'name: db', 'db', 'pg')).edits, RENAMED_EDITS);
    assert.deepEqual(applyLocally(await rename('shop/overlays/prod/web-env.yaml', 'value: prod-db', 'db', 'pg')).edits, RENAMED_EDITS);
    // The unrelated kustomization's rename stays in it.
    assert.deepEqual(applyLocally(await rename('other/kustomization.yaml', 'name: db', 'db', 'cache')).edits, ['other/db.yaml@3: name: db [db→cache]', 'other/kustomization.yaml@6: name: db [db→cache]']);
  });

  test('a rename that would unselect another object (a kind-less target naming a Service and a Deployment) is refused with the reason', async () => {
    assert.deepEqual(await definition('queue/overlay/kustomization.yaml', 'name: cache', 'cache'), ['queue/base/cache.yaml:cache@3', 'queue/base/cache.yaml:cache@13']);
    await assert.rejects(
      server.client.request('textDocument/rename', { ...position('queue/base/cache.yaml', 'name: cache', 'cache'), newName: 'redis' }),
      /The patch target "cache" in queue\/overlay\/kustomization\.yaml also selects Deployment cache, which would no longer be selected after the rename\. Give the target a kind first\./,
    );
  });

  test('prepareRename on a host written for an overlay offers only the declared name; on a regex target, nothing', async () => {
    const result = (await server.client.request('textDocument/prepareRename', position('shop/overlays/prod/web-env.yaml', 'value: prod-db', 'prod'))) as { placeholder: string } | null;
    assert.equal(result?.placeholder, 'db');
    await assert.rejects(server.client.request('textDocument/prepareRename', position('shop/overlays/staging/kustomization.yaml', 'name: "[a-z]+"', 'a-z')), /Put the cursor/);
  });

  test('oracle: after the rename, kubectl kustomize builds every overlay with only the renamed name changed', async function () {
    requireKubectl(this);
    const { files } = applyLocally(await rename('shop/base/db.yaml', 'name: db', 'db', 'pg'));
    const before = writeTree(FILES);
    const after = writeTree(files);
    try {
      // (shop/overlays/preview needs helm: kubectl kustomize without --enable-helm rejects it.)
      for (const overlay of ['shop/overlays/prod', 'shop/overlays/staging', 'shop/overlays/dev', 'other']) {
        const built = (root: string) => execFileSync('kubectl', ['kustomize', path.join(root, overlay)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
        const old = built(before);
        // `db` is written in the shop only as the Service's name (the fixture says so); `other` must not change at all.
        const expected = overlay === 'other' ? old : old.replace(/\bdb\b/g, 'pg');
        assert.ok(overlay === 'other' || old !== expected, `${overlay}: the fixture builds something with db in it`);
        assert.equal(built(after), expected, `${overlay}: the renamed build differs in more than the name`);
      }
    } finally {
      rmSync(before, { recursive: true, force: true });
      rmSync(after, { recursive: true, force: true });
    }
  });
});

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ksd-kustomize-rename-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}
