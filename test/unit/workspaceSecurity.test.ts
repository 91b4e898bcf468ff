// Issue 15, finding 7: no path outside the real workspace roots is ever read, whatever event or
// request names it. The index runs in process on the Node host, and every file-system call that
// reads (open, readFile, readdir) is recorded: after every entry point (the scan, watched-file
// created/changed/deleted events, didOpen/didChange/didClose, hover, code actions, document and
// workspace diagnostics) on paths through a link to a folder outside, and a link to a file outside,
// no recorded path resolves outside the workspace, and nothing outside is indexed.
import * as assert from 'node:assert/strict';
// The module object itself (not a namespace copy), so the spies below replace what every module calls.
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { provideDocumentDiagnostics, provideWorkspaceDiagnostics } from '../../server/src/features/diagnostics';
import { provideHover } from '../../server/src/features/hover';
import { createNodeHost } from '../../host/src/serverHost';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { WorkspaceIndex, type Logger } from '../../server/src/workspace/workspaceIndex';

const SECRET = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: leaked\nspec:\n  selector:\n    app: x\n';
const APP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  URL: http://leaked:80\n';

type Patched = 'openSync' | 'readFileSync' | 'readdirSync' | 'opendirSync';
const PATCHED: Patched[] = ['openSync', 'readFileSync', 'readdirSync', 'opendirSync'];

suite('security: nothing outside the real workspace folders is read (issue 15.7)', () => {
  let base: string;
  let ws: string;
  let outside: string;
  const reads: string[] = [];
  const originals = new Map<Patched, unknown>();

  suiteSetup(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-sec-'));
    ws = path.join(base, 'ws');
    outside = path.join(base, 'outside');
    fs.mkdirSync(ws);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.yaml'), SECRET);
    fs.writeFileSync(path.join(ws, 'app.yaml'), APP);
    fs.symlinkSync(outside, path.join(ws, 'link'));
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(ws, 'secret-link.yaml'));
    const writable = fs as unknown as Record<Patched, (...args: unknown[]) => unknown>;
    for (const name of PATCHED) {
      const original = writable[name];
      originals.set(name, original);
      writable[name] = (...args: unknown[]) => {
        if (typeof args[0] === 'string') reads.push(args[0]);
        return original.apply(fs, args);
      };
    }
  });

  suiteTeardown(() => {
    const writable = fs as unknown as Record<Patched, unknown>;
    for (const [name, original] of originals) writable[name] = original;
    fs.rmSync(base, { recursive: true, force: true });
  });

  const uri = (relative: string): string => pathToFileURL(path.join(ws, relative)).href;
  /** Read paths whose real path (or nearest existing parent's) is outside the workspace. */
  const leaks = (): string[] => {
    const realWs = fs.realpathSync.native(ws);
    return reads.filter((p) => {
      let real: string;
      try {
        real = fs.realpathSync.native(p);
      } catch {
        real = p;
      }
      return !(real === realWs || real.startsWith(realWs + path.sep));
    });
  };

  test('every entry point, on a link to a folder outside and a link to a file outside', async () => {
    const log: Logger = { info: () => undefined, warn: () => undefined, error: (m) => assert.fail(m) };
    const index = new WorkspaceIndex(createNodeHost(), log, () => Promise.resolve({ report: () => undefined, done: () => undefined }));
    await index.configure(() => Promise.resolve({ settings: DEFAULT_SETTINGS, severities: {}, folders: [{ uri: pathToFileURL(ws).href, path: ws }] }));
    const hostile = [uri('link/secret.yaml'), uri('link'), uri('secret-link.yaml'), uri('link/missing.yaml'), pathToFileURL(path.join(outside, 'secret.yaml')).href];
    for (const kind of ['created', 'changed', 'deleted', 'created'] as const) await index.applyDiskChanges(hostile.map((u) => ({ uri: u, kind })));
    for (const u of hostile) {
      index.setOpenDocument(u, 1, SECRET);
      index.setOpenDocument(u, 2, SECRET.replace('leaked', 'leaked2'));
      index.closeDocument(u);
    }
    await index.settled();
    for (const u of [...hostile, uri('app.yaml')]) {
      provideHover(index, u, { line: 3, character: 9 });
      provideHover(index, u, { line: 5, character: 15 });
      provideCodeActions(index, { textDocument: { uri: u }, range: { start: { line: 5, character: 15 }, end: { line: 5, character: 15 } }, context: { diagnostics: [] } }, { documentChanges: true, showDocument: true });
      provideDocumentDiagnostics(index, { textDocument: { uri: u } });
    }
    const report = await provideWorkspaceDiagnostics(index, { previousResultIds: hostile.map((u) => ({ uri: u, value: 'x' })) }, () => Promise.resolve(true));
    assert.ok(reads.length > 0, 'the spy saw the workspace being read');
    assert.deepEqual(leaks(), [], 'paths read outside the workspace');
    const indexed = index.snapshots().map((s) => s.key);
    assert.deepEqual(indexed, [pathToFileURL(path.join(fs.realpathSync.native(ws), 'app.yaml')).href]);
    // The client's own URIs come back only as empty reports (clearing what it showed).
    for (const item of report?.items ?? [])
      if (item.uri !== uri('app.yaml')) assert.deepEqual(item.kind === 'full' ? item.items : null, [], `${item.uri} has problems`);
    // The host name still does not resolve (a note: nothing here declares it): the outside Service never entered the catalog.
    assert.deepEqual(index.problems(indexed[0]!).map((p) => p.code), ['host-not-in-manifests']);
  });

  async function freshIndex(): Promise<WorkspaceIndex> {
    const log: Logger = { info: () => undefined, warn: () => undefined, error: (m) => assert.fail(m) };
    const index = new WorkspaceIndex(createNodeHost(), log, () => Promise.resolve({ report: () => undefined, done: () => undefined }));
    await index.configure(() => Promise.resolve({ settings: DEFAULT_SETTINGS, severities: {}, folders: [{ uri: pathToFileURL(ws).href, path: ws }] }));
    return index;
  }
  const serviceNames = (index: WorkspaceIndex): string[] => index.catalog().services().map((s) => s.ref.name).sort();

  test('a document opened through a link out of the workspace is not indexed, whatever text it carries', async () => {
    const index = await freshIndex();
    reads.length = 0;
    for (const u of [uri('link/secret.yaml'), uri('secret-link.yaml')]) {
      index.setOpenDocument(u, 1, SECRET);
      index.setOpenDocument(u, 2, SECRET.replace('leaked', 'leaked2'));
      await index.settled();
      assert.equal(index.snapshot(u), undefined, `${u}: not indexed`);
      assert.deepEqual(serviceNames(index), [], `${u}: its Service stays out of the catalog`);
      assert.deepEqual(provideDocumentDiagnostics(index, { textDocument: { uri: u } }), { kind: 'full', items: [] });
      index.closeDocument(u);
      await index.settled();
      assert.equal(index.snapshot(u), undefined, 'closed: nothing is read in its place');
    }
    assert.deepEqual(index.problems(index.keyOf(uri('app.yaml'))).map((p) => p.code), ['host-not-in-manifests']);
    assert.deepEqual(leaks(), []);
  });

  test('an open document whose path becomes a link out of the workspace is dropped, and comes back when it is a file again', async () => {
    const index = await freshIndex();
    const rel = 'becomes-link.yaml';
    const file = path.join(ws, rel);
    fs.writeFileSync(file, SECRET.replace('leaked', 'mine'));
    try {
      await index.applyDiskChanges([{ uri: uri(rel), kind: 'created' }]);
      index.setOpenDocument(uri(rel), 1, SECRET.replace('leaked', 'mine'));
      await index.settled();
      assert.deepEqual(serviceNames(index), ['mine'], 'indexed while it is a file in the workspace');
      reads.length = 0;
      // The file is replaced by a link to the outside file (a checkout, a malicious script…).
      fs.rmSync(file);
      fs.symlinkSync(path.join(outside, 'secret.yaml'), file);
      await index.applyDiskChanges([{ uri: uri(rel), kind: 'changed' }]);
      assert.equal(index.snapshot(uri(rel)), undefined, 'the open copy is dropped once its path links out');
      assert.deepEqual(serviceNames(index), []);
      // The editor still holds the text and sends edits: still not indexed.
      index.setOpenDocument(uri(rel), 2, SECRET.replace('leaked', 'mine2'));
      await index.settled();
      assert.equal(index.snapshot(uri(rel)), undefined);
      assert.deepEqual(serviceNames(index), []);
      assert.deepEqual(leaks(), []);
      // A file again: the open document is indexed from the editor's text.
      fs.rmSync(file);
      fs.writeFileSync(file, SECRET.replace('leaked', 'mine3'));
      await index.applyDiskChanges([{ uri: uri(rel), kind: 'changed' }]);
      assert.equal(index.snapshot(uri(rel))?.version, 2);
      assert.deepEqual(serviceNames(index), ['mine2']);
      index.closeDocument(uri(rel));
      await index.settled();
      assert.deepEqual(serviceNames(index), ['mine3'], 'closed: the disk copy is read again');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('a document opened outside every workspace folder (no link) is answered from its own text, and dropped on close', async () => {
    const index = await freshIndex();
    reads.length = 0;
    const u = pathToFileURL(path.join(outside, 'secret.yaml')).href;
    index.setOpenDocument(u, 1, SECRET);
    await index.settled();
    assert.equal(index.snapshot(u)?.version, 1, 'the client sent its text: it is analysed');
    index.closeDocument(u);
    await index.settled();
    assert.equal(index.snapshot(u), undefined, 'closed: nothing is read in its place');
    assert.deepEqual(leaks(), []);
  });
});
