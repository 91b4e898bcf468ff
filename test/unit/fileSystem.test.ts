// The Node host's file access (host/src/fileSystem.ts) on a tree with every awkward case:
// nested folders, excluded folders, links inside and outside the roots, a link loop, a second link
// to one folder, explicit file arguments of any extension, missing roots, binary, oversized and
// BOM-prefixed files; and the host that yields to the event loop between reads.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findYamlFiles, readTextFile } from '../../host/src/fileSystem';
import { createNodeHost } from '../../host/src/serverHost';

suite('host: finding and reading workspace files', () => {
  let dir: string;
  let outside: string;

  suiteSetup(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-sync-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'ksd-sync-outside-'));
    const write = (relative: string, data: string | Buffer): void => {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, data);
    };
    write('a.yaml', 'a: 1\n');
    write('B.YML', 'b: 1\n');
    write('notes.txt', 'not yaml');
    write('nested/deeper/svc.yaml', 'kind: Service\n');
    write('nested/z.yml', 'z: 1\n');
    write('node_modules/pkg/x.yaml', 'x: 1\n');
    write('.git/config.yaml', 'x: 1\n');
    write('bom.yaml', '\uFEFFa: 1\n');
    write('binary.yaml', Buffer.from([0x61, 0x00, 0x62]));
    write('big.yaml', `a: ${'x'.repeat(3000)}\n`);
    writeFileSync(path.join(outside, 'secret.yaml'), 'leaked: 1\n');
    symlinkSync(outside, path.join(dir, 'link-out'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'secret-link.yaml'));
    symlinkSync(dir, path.join(dir, 'nested/loop'));
    symlinkSync(path.join(dir, 'nested/deeper'), path.join(dir, 'again'));
    symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'a-link.yaml'));
    symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
  });

  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const relative = (found: { files: string[] }) => found.files.map((f) => path.relative(dir, f));

  test('explicit files of any extension, an explicit excluded folder, missing roots', () => {
    assert.deepEqual(relative(findYamlFiles([path.join(dir, 'notes.txt'), path.join(dir, 'B.YML')], { acceptAnyExtensionForFiles: true })), ['B.YML', 'notes.txt']);
    assert.deepEqual(relative(findYamlFiles([path.join(dir, 'notes.txt')])), [], 'without the option, only YAML');
    assert.deepEqual(relative(findYamlFiles([path.join(dir, 'node_modules')])), ['node_modules/pkg/x.yaml'], 'named explicitly, an excluded folder is read');
    const missing = findYamlFiles([path.join(dir, 'nope'), path.join(dir, 'nested')]);
    assert.deepEqual(relative(missing), ['nested/deeper/svc.yaml', 'nested/z.yml']);
    assert.deepEqual(missing.errors.map((e) => [path.relative(dir, e.path), e.code]), [['nope', 'ENOENT']]);
  });

  test('exclusions and boundaries', () => {
    assert.deepEqual(relative(findYamlFiles([dir], { isExcluded: (p: string) => p.endsWith('nested') || p.endsWith('again') })), ['B.YML', 'a-link.yaml', 'a.yaml', 'big.yaml', 'binary.yaml', 'bom.yaml']);
    // nested/loop links back to the root: inside the boundaries it is followed (once), outside them it is not.
    assert.deepEqual(relative(findYamlFiles([path.join(dir, 'nested')])), ['nested/deeper/svc.yaml', 'nested/z.yml']);
    const wide = relative(findYamlFiles([path.join(dir, 'nested')], { boundaries: [dir] }));
    assert.ok(wide.includes('nested/loop/a.yaml') && wide.includes('nested/z.yml'), wide.join());
    assert.equal(wide.filter((f) => f.endsWith('svc.yaml')).length, 1, `each folder is read once: ${wide.join()}`);
    assert.ok(relative(findYamlFiles([dir], { boundaries: [dir, outside] })).includes('link-out/secret.yaml'), 'a wider boundary lets the outside link in');
    assert.ok(!relative(findYamlFiles([dir])).some((f) => f.startsWith('link-out')), 'by default it does not');
  });

  test('the tree is the one described (no file behind the outside link, no loop, a folder once, no excluded folder)', () => {
    const found = findYamlFiles([dir]);
    // `again` links to nested/deeper and sorts first, so nested/deeper is the second visit.
    assert.deepEqual(
      found.files.map((f) => path.relative(dir, f)),
      ['B.YML', 'a-link.yaml', 'a.yaml', 'again/svc.yaml', 'big.yaml', 'binary.yaml', 'bom.yaml', 'nested/z.yml'],
    );
    assert.deepEqual(
      found.errors.map((e) => [path.relative(dir, e.path), e.code]),
      [['dangling.yaml', 'ENOENT']],
    );
  });

  test('reading: text, BOM dropped, binary and oversized skipped, missing throws', () => {
    assert.deepEqual(readTextFile(path.join(dir, 'a.yaml'), 1000), { text: 'a: 1\n' });
    assert.deepEqual(readTextFile(path.join(dir, 'bom.yaml'), 1000), { text: 'a: 1\n' });
    assert.deepEqual(readTextFile(path.join(dir, 'a-link.yaml'), 1000), { text: 'a: 1\n' });
    assert.deepEqual(readTextFile(path.join(dir, 'binary.yaml'), 1000), { skipped: 'it contains NUL bytes (binary data, not YAML)' });
    assert.deepEqual(readTextFile(path.join(dir, 'big.yaml'), 1000), { skipped: 'it is 3 KB, above the 1 KB limit' });
    assert.throws(() => readTextFile(path.join(dir, 'missing.yaml'), 1000), (e: unknown) => (e as { code?: string }).code === 'ENOENT');
  });

  test('a 50 MB file is skipped by its size without being read', () => {
    const huge = path.join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, 50 * 1024 * 1024);
    const started = performance.now();
    assert.deepEqual(readTextFile(huge, 5 * 1024 * 1024), { skipped: 'it is 50.0 MB, above the 5.0 MB limit' });
    assert.ok(performance.now() - started < 100, 'decided from the size alone');
    rmSync(huge);
  });

  test('a file deleted between listing and reading is an ENOENT error, not a crash', () => {
    const doomed = path.join(dir, 'doomed.yaml');
    writeFileSync(doomed, 'a: 1\n');
    assert.ok(findYamlFiles([dir]).files.includes(doomed));
    rmSync(doomed);
    assert.throws(() => readTextFile(doomed, 1000), (e: unknown) => (e as { code?: string }).code === 'ENOENT');
  });

  test('the Node host answers as the functions do, and lets timers run during long reads', async () => {
    const host = createNodeHost(0);
    assert.deepEqual(await host.findYamlFiles([dir], {}), findYamlFiles([dir], {}));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    for (let i = 0; i < 200; i++) assert.deepEqual(await host.readTextFile(path.join(dir, 'bom.yaml'), 1000), { text: 'a: 1\n' });
    clearInterval(timer);
    assert.ok(ticks > 0, 'the event loop ran between reads');
  });
});
