// The extension's page as VS Code renders it: installs kube-service-dns.vsix (the package users
// get, `npm run package`) into code-server, opens the Extensions view, clicks the extension and
// photographs its details editor: icon, name, description, categories, and the README with its
// screenshots.
//
//   npm run package && node out/test/e2e/browser/detailsPage.js [--screenshot-dir DIR]
//
// The packaged README points its images at the repository on GitHub (vsce rewrites relative
// links against package.json's `repository`). This machine has no internet, so the browser is
// given those URLs from the committed media/ folder: the files GitHub would serve at HEAD.
// Screenshots: extension-details.png (the top of the page), extension-details-readme.png
// (scrolled to the screenshots). Exit 1 when the page lacks the icon, the name, the
// categories or a README image.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { REPO_ROOT, launchChromium, startCodeServer } from '../codeServer';
import { SCREENSHOT_DIR, SELECTORS, screenshot } from './workbench';

const VSIX = path.join(REPO_ROOT, 'kube-service-dns.vsix');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  displayName: string;
  description: string;
  categories: string[];
  repository: { url: string };
};
const RAW = `${manifest.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;

/** The webview frame that shows the README (its body holds the extension's display name as a heading). */
async function readmeFrame(page: Page, timeout: number): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => document.querySelectorAll('img').length > 0 && !!document.querySelector('h1, h2')).catch(() => false);
      if (found && frame !== page.mainFrame()) return frame;
    }
    if (Date.now() > deadline) throw new Error('the README webview never showed (no frame with a heading and images)');
    await page.waitForTimeout(250);
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const dirArg = argv.indexOf('--screenshot-dir');
  const shotDir = dirArg >= 0 && argv[dirArg + 1] ? path.resolve(argv[dirArg + 1]!) : SCREENSHOT_DIR;
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
  const workspace = fs.mkdtempSync(path.join(REPO_ROOT, 'test-artifacts', 'details-'));
  fs.writeFileSync(path.join(workspace, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n');
  const server = await startCodeServer({ workspace, installExtensions: [VSIX] });
  const browser = await launchChromium();
  const served: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.route(`${RAW}**`, async (route) => {
      const file = path.join(REPO_ROOT, decodeURIComponent(route.request().url().slice(RAW.length)));
      if (!file.startsWith(path.join(REPO_ROOT, 'media') + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
      served.push(path.relative(REPO_ROOT, file));
      return route.fulfill({ status: 200, contentType: 'image/png', body: fs.readFileSync(file) });
    });
    const page = await context.newPage();
    await page.goto(server.url(), { waitUntil: 'domcontentloaded' });
    await page.locator(SELECTORS.statusbar).waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Control+Shift+X');
    const viewlet = page.locator('.extensions-viewlet');
    await viewlet.waitFor({ state: 'visible', timeout: 30_000 });
    await viewlet.locator('.monaco-editor').first().click();
    await page.keyboard.type('@installed kube-service-dns');
    const item = page.locator('.extensions-viewlet .extension-list-item', { hasText: manifest.displayName });
    await item.first().waitFor({ state: 'visible', timeout: 30_000 });
    await item.first().click();
    const editor = page.locator('.extension-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    const name = (await editor.locator('.header .name').first().innerText()).trim();
    const description = (await editor.locator('.header .description').first().innerText()).trim();
    const iconOk = await editor.locator('.header .icon-container img.icon').first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
    const frame = await readmeFrame(page, 30_000);
    await frame.waitForFunction(() => Array.from(document.images).every((img) => img.complete), undefined, { timeout: 30_000 });
    const images = await frame.evaluate(() => Array.from(document.images).map((img) => ({ src: img.src, width: img.naturalWidth })));
    const categories = (await editor.locator('.categories, .more-info').allInnerTexts().catch(() => [] as string[])).join(' ');
    process.stdout.write(`[details] name ${JSON.stringify(name)}; description ${JSON.stringify(description)}; icon ${iconOk ? 'shown' : 'MISSING'}\n`);
    process.stdout.write(`[details] README images: ${images.map((i) => `${i.src.slice(RAW.length)} (${i.width} px)`).join(', ')}\n`);
    process.stdout.write(`[details] served from media/: ${served.join(', ')}\n`);
    process.stdout.write(`[details] screenshot ${path.relative(REPO_ROOT, await screenshot(page, 'extension-details', shotDir))}\n`);
    await frame.evaluate(() => document.querySelector('img')?.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    process.stdout.write(`[details] screenshot ${path.relative(REPO_ROOT, await screenshot(page, 'extension-details-readme', shotDir))}\n`);
    const failures = [
      name === manifest.displayName ? '' : `the name ${JSON.stringify(name)}, not ${JSON.stringify(manifest.displayName)}`,
      description === manifest.description ? '' : 'the description from package.json',
      iconOk ? '' : 'the icon (the default one is shown)',
      images.length >= 4 ? '' : `at least 4 README images (found ${images.length})`,
      ...images.filter((i) => i.width === 0).map((i) => `README image ${i.src} did not load`),
      manifest.categories.every((c) => categories.includes(c)) ? '' : `the categories ${manifest.categories.join(', ')} (page: ${JSON.stringify(categories)})`,
    ].filter(Boolean);
    if (failures.length) {
      process.stderr.write(`[details] FAILED: the page lacks ${failures.join('; ')}\n`);
      return 1;
    }
    process.stdout.write('[details] OK: icon, name, description, categories and every README image shown\n');
    return 0;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`[details] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
