// The synchronous file-system twins (server/src/host/fileSystemSync.ts) find and read exactly what
// the asynchronous originals do, on a tree with every awkward case: nested folders, excluded
// folders, links inside and outside the roots, a link loop, a second link to one folder, explicit
// file arguments of any extension, missing roots, binary, oversized and BOM-prefixed files.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findYamlFiles, readTextFile, type DiscoveryOptions } from '../../server/src/host/fileSystem';
import { findYamlFilesSync, readTextFileSync } from '../../server/src/host/fileSystemSync';
import { nodeHost } from '../../server/src/host/serverHost';
import { createYieldingHost } from '../../server/src/host/yieldingHost';

suite('host: synchronous file-system twins', () => {
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

  const cases: { name: string; roots: () => string[]; options?: () => DiscoveryOptions }[] = [
    { name: 'a folder', roots: () => [dir] },
    { name: 'a folder and a file inside it', roots: () => [dir, path.join(dir, 'a.yaml')] },
    { name: 'explicit files of any extension', roots: () => [path.join(dir, 'notes.txt'), path.join(dir, 'B.YML')], options: () => ({ acceptAnyExtensionForFiles: true }) },
    { name: 'an explicit excluded folder', roots: () => [path.join(dir, 'node_modules')] },
    { name: 'missing roots', roots: () => [path.join(dir, 'nope'), dir] },
    { name: 'with an exclusion', roots: () => [dir], options: () => ({ isExcluded: (p: string) => p.endsWith('nested') }) },
    { name: 'with boundaries wider than the root', roots: () => [path.join(dir, 'nested')], options: () => ({ boundaries: [dir] }) },
    { name: 'with boundaries that include the outside', roots: () => [dir], options: () => ({ boundaries: [dir, outside] }) },
  ];

  for (const c of cases) {
    test(`findYamlFilesSync = findYamlFiles: ${c.name}`, async () => {
      const options = c.options?.() ?? {};
      const expected = await findYamlFiles(c.roots(), options);
      const actual = findYamlFilesSync(c.roots(), options);
      assert.deepEqual(actual, expected);
    });
  }

  test('the tree is the one described (no file behind the outside link, no loop, a folder once, no excluded folder)', () => {
    const found = findYamlFilesSync([dir]);
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

  test('readTextFileSync = readTextFile: text, BOM, binary, oversized, missing', async () => {
    for (const name of ['a.yaml', 'bom.yaml', 'binary.yaml', 'big.yaml', 'a-link.yaml']) {
      assert.deepEqual(readTextFileSync(path.join(dir, name), 1000), await readTextFile(path.join(dir, name), 1000), name);
    }
    const missing = path.join(dir, 'missing.yaml');
    const asyncError = await readTextFile(missing, 1000).then(
      () => null,
      (e: unknown) => (e as { code?: string }).code,
    );
    assert.throws(() => readTextFileSync(missing, 1000), (e: unknown) => (e as { code?: string }).code === asyncError);
  });

  test('the yielding host answers as the Node host does, and lets timers run during long reads', async () => {
    const host = createYieldingHost(nodeHost, 0);
    assert.deepEqual(await host.findYamlFiles([dir], {}), await nodeHost.findYamlFiles([dir], {}));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    for (let i = 0; i < 200; i++) assert.deepEqual(await host.readTextFile(path.join(dir, 'bom.yaml'), 1000), { text: 'a: 1\n' });
    clearInterval(timer);
    assert.ok(ticks > 0, 'the event loop ran between reads');
  });
});
