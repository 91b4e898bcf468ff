// The CLI's two-thread load (a reader thread walks and reads while the main thread analyses) against
// the serial load it replaces: the same catalog (every file's model, deep-equal), the same errors
// and notes, the same problems for every file and the same overlays, on the repository's fixtures,
// a generated bench corpus and a folder of awkward files (binary, oversized, a link loop, a
// dangling link, a FIFO, a config file that ignores a folder). The reader thread itself is compared
// with the serial gathering, and a failing reader falls back to the serial path.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspace, loadWorkspaceInParallel, type LoadedWorkspace } from '../../cli/src/loadWorkspace';
import { gatherFiles, gatherOnReaderThread, type GatheredRead } from '../../host/src/gather';
import { checkFile } from '../../shared/src/index';
import { writeCorpus } from '../bench/corpus';

const root = path.join(__dirname, '../../..');
const MAX_BYTES = 5 * 1024 * 1024;

/** Everything a command prints from a load, in a form deepEqual compares. */
function observable(loaded: LoadedWorkspace) {
  const files = [...loaded.catalog.files.values()];
  return {
    models: files,
    services: loaded.catalog.services(),
    errors: loaded.errors,
    notes: loaded.notes,
    severities: loaded.severities,
    problems: files.map((f) => [f.path, checkFile(loaded.catalog, f.path)]),
    overlays: loaded.kustomize?.overlays.map((o) => [o.build.resources.length, [...o.catalog.files.keys()]]) ?? null,
  };
}

async function assertSameLoad(paths: string[], kustomizeDirs: string[] = [], maxBytes = MAX_BYTES): Promise<number> {
  const serial = loadWorkspace(paths, {}, maxBytes, {}, kustomizeDirs);
  const parallel = await loadWorkspaceInParallel(paths, {}, maxBytes, {}, kustomizeDirs);
  assert.deepStrictEqual(observable(parallel), observable(serial));
  return serial.catalog.files.size;
}

suite('cli: the two-thread load gives what the serial load gives', function () {
  this.timeout(120_000);
  let scratch: string;

  suiteSetup(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'ksd-parallel-'));
  });
  suiteTeardown(() => rmSync(scratch, { recursive: true, force: true }));

  test('the fixtures and examples (kustomizations among them), as folders and with -k', async () => {
    for (const folder of ['test/fixtures', 'examples']) assert.ok((await assertSameLoad([path.join(root, folder)])) > 10, folder);
    const kustomize = path.join(root, 'test/fixtures/kustomize');
    await assertSameLoad([kustomize], [path.join(kustomize, 'shop/overlays/prod')]);
  });

  test('a generated bench corpus of 2,000 documents', async () => {
    const { dir } = writeCorpus(scratch, 2000);
    assert.ok((await assertSameLoad([path.join(dir, 'workspace')])) > 1000);
  });

  test('awkward files: binary, over the size limit, a link loop, a dangling link, a FIFO, an ignored folder', async () => {
    const ws = path.join(scratch, 'awkward');
    mkdirSync(path.join(ws, 'apps/deep/er'), { recursive: true });
    mkdirSync(path.join(ws, 'vendor'), { recursive: true });
    writeFileSync(path.join(ws, '.kube-service-dns.yaml'), 'ignore:\n  - vendor/**\n');
    writeFileSync(path.join(ws, 'vendor/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: vendored\nspec:\n  clusterIP: None\n');
    writeFileSync(path.join(ws, 'apps/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n---\n{{ template }}\n');
    writeFileSync(path.join(ws, 'apps/deep/er/app.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: a\n      env:\n        - name: DB\n          value: db.default.svc\n');
    writeFileSync(path.join(ws, 'apps/binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(path.join(ws, 'apps/big.yaml'), `a: ${'x'.repeat(5000)}\n`);
    writeFileSync(path.join(ws, 'apps/broken.yaml'), 'a: [\nb: 1\n');
    symlinkSync(path.join(ws, 'apps'), path.join(ws, 'apps/deep/loop'));
    symlinkSync(path.join(ws, 'missing.yaml'), path.join(ws, 'apps/dangling.yaml'));
    try {
      execFileSync('mkfifo', [path.join(ws, 'apps/fifo.yaml')]);
    } catch {
      // No mkfifo here: the other cases still run.
    }
    const files = await assertSameLoad([ws], [], 4096);
    assert.ok(files >= 5, `${files} files`);
    const loaded = await loadWorkspaceInParallel([ws], {}, 4096);
    assert.ok(![...loaded.catalog.files.keys()].some((p) => p.includes('vendor')), 'the ignored folder stays out');
    assert.ok(loaded.notes.some((n) => n.path.endsWith('dangling.yaml')), JSON.stringify(loaded.notes));
    const skipped = [...loaded.catalog.files.values()].filter((f) => f.skipped !== null).map((f) => path.basename(f.path));
    assert.deepEqual(skipped.sort(), ['big.yaml', 'binary.yaml']);
  });

  test('the reader thread gathers exactly what the serial walk gathers, every read reported once', async () => {
    const request = { roots: [path.join(root, 'test/fixtures')], skipPath: null, ignore: null, maxFileBytes: 512 };
    const serial = gatherFiles(request);
    const seen: [string, GatheredRead][] = [];
    const threaded = await gatherOnReaderThread(request, (p, read) => seen.push([p, read]));
    assert.deepStrictEqual(threaded.files, serial.files);
    assert.deepStrictEqual(threaded.errors, serial.errors);
    assert.deepStrictEqual(new Map(seen), serial.reads);
    assert.equal(seen.length, serial.reads.size, 'no file reported twice');
    assert.ok([...serial.reads.values()].some((r) => 'skipped' in r), 'the size limit applies on the thread too');
  });

  test('a reader thread that fails, or an analysis that throws, rejects (the load then gathers on the main thread)', async () => {
    // A root the thread's walk cannot take (not a string) makes it throw inside the thread.
    const broken = { roots: [42 as unknown as string], skipPath: null, ignore: null, maxFileBytes: 1024 };
    await assert.rejects(gatherOnReaderThread(broken, () => undefined), /reader thread/);
    // An analysis that throws on the main thread rejects too, and stops the thread.
    const request = { roots: [path.join(root, 'examples')], skipPath: null, ignore: null, maxFileBytes: MAX_BYTES };
    await assert.rejects(
      gatherOnReaderThread(request, () => {
        throw new Error('boom');
      }),
      /boom/,
    );
  });
});
