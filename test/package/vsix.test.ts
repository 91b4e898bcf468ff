// The packaged extension holds exactly what ships: the manifest, the documents the Marketplace
// shows, the icon and the two bundles the extension runs. No sources, maps, tests, node_modules
// or CLI. The suite packages it itself (`vsce package`, as `npm run package` does) so it can read
// what vsce prints: a warning fails the test (vsce would stop to ask in a release job), and the
// same .vsix goes to the Marketplace and to Open VSX (which requires the license file).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '../../..');
const VSIX = path.join(ROOT, 'kube-service-dns.vsix');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  version: string;
  icon: string;
  license: string;
  keywords: string[];
  categories: string[];
  galleryBanner: { color: string; theme: string };
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  scripts: Record<string, string>;
};
/** Where vsce points the README's relative images and links: the repository on GitHub, at HEAD. */
const REPOSITORY = manifest.repository.url.replace(/\.git$/, '');

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

/** The PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

suite('package: the .vsix', function () {
  this.timeout(120_000);
  let entries: ZipEntry[];
  let vsceOutput: string;
  const text = (name: string): string => {
    const entry = entries.find((e) => e.name === name);
    assert.ok(entry, `${name} is not in the .vsix`);
    return entry.read().toString('utf8');
  };

  suiteSetup(() => {
    // `npm run package` is vsce with these arguments; no stdin, so a question vsce asks fails.
    const args = manifest.scripts['package']!.split(' ');
    assert.equal(args[0], 'vsce');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), ...args.slice(1)], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      timeout: 110_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    vsceOutput = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, `vsce package failed:\n${vsceOutput}`);
    assert.ok(existsSync(VSIX), `${VSIX} is missing after vsce package`);
    entries = readZip(VSIX);
  });

  test('vsce packages it without a warning', () => {
    assert.match(vsceOutput, /DONE\s+Packaged:/, vsceOutput);
    assert.doesNotMatch(vsceOutput, /WARNING|\bwarn/i, vsceOutput);
  });

  test('contains exactly the shipped files', () => {
    assert.deepEqual(entries.map((e) => e.name).sort(), [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/changelog.md',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/media/icon.png',
      'extension/package.json',
      'extension/readme.md',
    ]);
  });

  test('the icon is a square PNG the Marketplace shows (128 or 256 px), built from media/icon.svg', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const png = entries.find((e) => e.name === 'extension/media/icon.png')!.read();
    const { width, height } = pngSize(png);
    assert.ok(width === height && (width === 128 || width === 256), `icon is ${width}×${height}`);
    assert.ok(existsSync(path.join(ROOT, 'media/icon.svg')), 'the icon source media/icon.svg (npm run icon renders it)');
    assert.match(text('extension.vsixmanifest'), /<Asset Type="Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/media\/icon\.png"/);
  });

  test('the gallery metadata: categories, keywords, banner, links, license for Open VSX', () => {
    const vsixManifest = text('extension.vsixmanifest');
    // The categories VS Code's manifest schema accepts (extensions.contribution.ts).
    const valid = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];
    assert.deepEqual(manifest.categories.filter((c) => !valid.includes(c)), []);
    assert.ok(manifest.categories.includes('Linters'));
    assert.match(vsixManifest, new RegExp(`<Categories>${manifest.categories.join(',')}</Categories>`));
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    const tags = /<Tags>([^<]*)<\/Tags>/.exec(vsixManifest)![1]!.split(',');
    for (const keyword of manifest.keywords) assert.ok(tags.includes(keyword), `keyword ${keyword} is a gallery tag`);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.match(vsixManifest, new RegExp(`Id="Microsoft\\.VisualStudio\\.Services\\.Branding\\.Color" Value="${manifest.galleryBanner.color}"`));
    assert.match(vsixManifest, new RegExp(`Id="Microsoft\\.VisualStudio\\.Services\\.Branding\\.Theme" Value="${manifest.galleryBanner.theme}"`));
    assert.match(REPOSITORY, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    // vsce writes the repository as a git URL (`….git`).
    assert.ok(vsixManifest.includes(`Id="Microsoft.VisualStudio.Services.Links.Source" Value="${REPOSITORY}.git"`), 'the repository link');
    assert.ok(vsixManifest.includes(`Id="Microsoft.VisualStudio.Services.Links.Support" Value="${manifest.bugs.url}"`), 'the bugs link');
    assert.ok(vsixManifest.includes(`Id="Microsoft.VisualStudio.Services.Links.Learn" Value="${manifest.homepage}"`), 'the homepage link');
    // Open VSX refuses an extension without a license; its namespace is the publisher.
    assert.equal(manifest.license, 'MIT');
    assert.match(text('extension/LICENSE.txt'), /^MIT License/);
    assert.match(`${manifest.publisher}.${manifest.name}`, /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/);
  });

  test('the README page: its images are https files of the repository, committed in media/; no link leaves the package broken', () => {
    const readme = text('extension/readme.md');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
    assert.ok(images.length >= 4, `the README shows the screenshots (hover, Problems panel, quick fix, Service DNS view): ${images.join(', ')}`);
    for (const image of images) {
      assert.ok(image.startsWith(`${REPOSITORY}/raw/HEAD/media/`), `${image}: vsce points relative images at the repository`);
      const file = image.slice(`${REPOSITORY}/raw/HEAD/`.length);
      assert.ok(existsSync(path.join(ROOT, file)), `${file} (shown on the page) is committed`);
      pngSize(readFileSync(path.join(ROOT, file)));
    }
    const links = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    for (const link of links) {
      if (link.startsWith('#')) continue;
      assert.match(link, /^(https:|mailto:)/, `${link}: a relative link is broken on the Marketplace`);
      if (!link.startsWith(`${REPOSITORY}/blob/HEAD/`)) continue;
      const file = link.slice(`${REPOSITORY}/blob/HEAD/`.length).replace(/#.*$/, '');
      assert.ok(existsSync(path.join(ROOT, file)), `${file} (linked from the README) is in the repository`);
    }
  });

  test('the changelog says what this version brings', () => {
    const changelog = text('extension/changelog.md');
    const lines = changelog.split('\n');
    const start = lines.findIndex((l) => l === `## ${manifest.version}` || l.startsWith(`## ${manifest.version} `));
    assert.ok(start >= 0, `CHANGELOG.md has a section "## ${manifest.version}"`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    const items = lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l.startsWith('- '));
    assert.ok(items.length >= 3, `the ${manifest.version} section lists the changes it brings`);
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
