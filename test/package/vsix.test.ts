// The packaged extension holds exactly what ships: the manifest, the documents the Marketplace
// shows, and the two bundles the extension runs. No sources, maps, tests, node_modules or CLI.
// `npm run test:vsix` packages first (`npm run package`), then runs this.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '../../..');
const VSIX = path.join(ROOT, 'kube-service-dns.vsix');

interface ZipEntry {
  readonly name: string;
  readonly size: number;
  read(): Buffer;
}

/** Reads a zip's central directory (stored and deflated entries, no zip64: a VSIX is small). */
function readZip(file: string): ZipEntry[] {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'corrupt central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.push({
      name,
      size,
      read: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + skip;
  }
  return entries;
}

suite('package: the .vsix', () => {
  let entries: ZipEntry[];

  suiteSetup(() => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package (npm run test:vsix does)`);
    entries = readZip(VSIX);
  });

  test('contains exactly the shipped files', () => {
    assert.deepEqual(entries.map((e) => e.name).sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/package.json',
      'extension/readme.md',
    ]);
  });

  test('carries the bundles as built, without source map references', () => {
    for (const bundle of ['extension.js', 'server.js']) {
      const entry = entries.find((e) => e.name === `extension/dist/${bundle}`)!;
      assert.equal(entry.size, statSync(path.join(ROOT, 'dist', bundle)).size, `dist/${bundle} changed since packaging`);
      assert.doesNotMatch(entry.read().toString('utf8'), /sourceMappingURL/, `dist/${bundle} is not a production build`);
    }
  });

  test('ships the manifest that points at the bundled client', () => {
    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as { main: string };
    assert.equal(manifest.main, './dist/extension.js');
  });
});
