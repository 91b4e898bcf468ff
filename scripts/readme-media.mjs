// Copies the README's screenshots from the last real-editor run (the browser journey,
// test/e2e/browser/userJourney.ts, writes test-artifacts/screenshots/) into media/, which is
// committed: the README (and so the Marketplace page) shows them from there. `npm run
// test:editor` runs this after a green journey; commit media/ when it says a file changed.
//
//   node scripts/readme-media.mjs [--from DIR]
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--from');
const from = at >= 0 ? process.argv[at + 1] : join(ROOT, 'test-artifacts', 'screenshots');

/** media/ file ← the journey's screenshot. README.md shows each one. */
const README_SCREENSHOTS = {
  'hover.png': 'hover-headless-service.png',
  'problems-panel.png': 'problems-panel.png',
  'quick-fix.png': 'quick-fix-menu.png',
  'inlay-hints.png': 'inlay-hints.png',
  'service-dns-view.png': 'service-dns-view.png',
  'kustomize-overlays.png': 'kustomize-renamed-host.png',
};

const missing = Object.values(README_SCREENSHOTS).filter((shot) => !existsSync(join(from, shot)));
if (missing.length) {
  process.stderr.write(`[readme-media] ${from} lacks ${missing.join(', ')}: run the real-editor journey first (npm run test:editor)\n`);
  process.exit(1);
}
const changed = [];
for (const [media, shot] of Object.entries(README_SCREENSHOTS)) {
  const source = join(from, shot);
  const target = join(ROOT, 'media', media);
  if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue;
  copyFileSync(source, target);
  changed.push(`media/${media} (${statSync(target).size} bytes)`);
}
process.stdout.write(changed.length ? `[readme-media] updated ${changed.join(', ')}: commit them\n` : '[readme-media] media/ already shows the last run\n');
