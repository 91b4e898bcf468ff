// The browser-level check: what a person does and sees in VS Code (code-server in Chromium,
// driven by playwright-core), with the real extension loaded from this repository and a copy
// of the fixture workspace test/fixtures/workspaces/e2e/ open.
//
//   1. opens db/postgres.yaml and hovers over the headless Service's name: per-pod names
//      summarised, at most 12 lines, no scrollbar; hover-old-vs-new.png sets it beside the
//      old hover's measured size;
//   2. opens web/web.yaml and hovers over the ClusterIP Service's name: the VIP explanation;
//   3. opens the Problems panel and reads the StatefulSet warning (and nothing unexpected);
//   4. in cache/statefulset.yaml, hovers over the squiggled serviceName value, opens the
//      quick-fix menu there and applies "Add clusterIP: None…";
//   5. checks that the fix revealed its edit in cache/service.yaml, that the warning is gone
//      from the Problems panel and that the edit landed in the other file;
//   6. the code lens on Service postgres, and the inlay hints after the hosts of web/config.yaml;
//   7. completion in a StatefulSet's serviceName (headless Services first);
//   8. F2 on Service queue: the rename preview (its URL host in web/config.yaml needs review);
//   9. the Service DNS view in the Explorer, a Service expanded to its names;
//  10. kustomize: a base and two overlays written into the workspace; the hover on the base's
//      Service lists its name per overlay, the host the prod rename breaks is squiggled with the
//      overlay named, and the quick-fix menu offers the patch for that overlay;
//  11. the Service DNS view again: the base's Service listed as each overlay builds it (prod-db
//      in namespace prod, db in dev), the overlay named beside its mode.
// Each step saves a screenshot into test-artifacts/screenshots/ (git-ignored) and prints what
// it read from the page. Takes about 30 s.
//
//   node out/test/e2e/browser/userJourney.js [--keep] [--verbose] [--screenshot-dir DIR]
//
// Exit code 0 when every step saw what it expected, 1 otherwise (the message says what was
// expected and what the page showed; browser-failure.png shows the page at that moment).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_APP } from '../../support/kustomizeFiles';
import { REPO_ROOT, launchChromium, startCodeServer, type CodeServer } from '../codeServer';
import {
  SCREENSHOT_DIR,
  SELECTORS,
  applyQuickFix,
  clickText,
  dismissHover,
  hoverAtCursor,
  hoverText,
  measureHover,
  openFile,
  openQuickFix,
  openWorkbench,
  placeCursor,
  readProblems,
  screenshot,
  screenshotRegion,
  scrollHover,
  sideBySide,
  runCommand,
  visibleEditorText,
  waitForMutation,
  type ProblemRow,
} from './workbench';
import type { Browser, Page } from 'playwright-core';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'e2e');
const NOT_HEADLESS = 'statefulset-service-not-headless';
/** The budget for a hover. */
const HOVER_LINES = 12;
/**
 * The hover on Service postgres before the rework, measured with this journey's measureHover on
 * commit 0a86c12 (the main branch before issue 12's hover rework) in the same code-server.
 */
const OLD_HOVER = { commit: 'commit 0a86c12', lines: 34, width: 750, height: 250, contentHeight: 657 };
const FIX_LABEL = 'Add clusterIP: None to Service cache (recreate it: clusterIP is immutable) (in cache/service.yaml)';

/** Step 10 writes a kustomize base and two overlays into the workspace (after the steps that count its problems). */
const KUSTOMIZE_BASE = BASE_APP;
const KUSTOMIZE_FILES: Record<string, string> = {
  'shop/base/app.yaml': KUSTOMIZE_BASE,
  'shop/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'shop/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\n',
  'shop/overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: dev\n',
};
const PATCH_FIX = 'Use prod-db in shop/overlays/prod only: patch DATABASE_URL of Deployment web in shop/overlays/prod/kustomization.yaml';

class CheckFailed extends Error {}

/** Fails the check with what was expected and what the page showed. */
function expect(condition: unknown, expected: string, shown: string): asserts condition {
  if (!condition) throw new CheckFailed(`expected ${expected}; the page shows: ${shown}`);
}

/**
 * Which occurrence (0-based, as workbench.ts counts them across rendered lines) of `needle`
 * is the one inside `context` in a fixture file. Valid while the whole file is rendered
 * (the files used here are shorter than the editor).
 */
function occurrenceIn(file: string, context: string, needle: string): number {
  return occurrenceInText(fs.readFileSync(path.join(FIXTURE, file), 'utf8'), context, needle);
}

/** The 1-based line and column of `needle` inside the first `context` in `text`. */
function lineColumnIn(text: string, context: string, needle: string): [number, number] {
  const at = text.indexOf(context);
  if (at < 0) throw new Error(`test bug: ${JSON.stringify(context)} not in the text`);
  const offset = at + context.indexOf(needle);
  const before = text.slice(0, offset);
  return [before.split('\n').length, offset - before.lastIndexOf('\n')];
}

function occurrenceInText(text: string, context: string, needle: string): number {
  const at = text.indexOf(context);
  if (at < 0) throw new Error(`test bug: ${JSON.stringify(context)} not in the text`);
  const target = at + context.indexOf(needle);
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < target; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/**
 * Problem-count badges ("1") that VS Code draws after a file's name on its editor tab and
 * its Explorer row (CSS ::after content), read until `until` holds or 10 s pass.
 */
async function problemBadges(page: Page, fileName: string, until: (badges: string[]) => boolean): Promise<string[]> {
  const read = (): Promise<string[]> =>
    page.evaluate((name) => {
      const found: string[] = [];
      for (const row of Array.from(document.querySelectorAll('.tabs-container .tab, .explorer-folders-view .monaco-list-row'))) {
        const label = row.querySelector('.monaco-icon-label');
        if (!label || label.querySelector('.label-name')?.textContent?.trim() !== name) continue;
        const badge = getComputedStyle(label, '::after').content.replace(/^"|"$/g, '');
        if (/\d/.test(badge)) found.push(`${row.classList.contains('tab') ? 'tab' : 'explorer'}: ${badge}`);
      }
      return found;
    }, fileName);
  const deadline = Date.now() + 10_000;
  let badges = await read();
  while (!until(badges) && Date.now() < deadline) {
    await waitForMutation(page.locator(SELECTORS.workbench), 1_000);
    badges = await read();
  }
  return badges;
}

function rowsText(rows: readonly ProblemRow[]): string {
  if (rows.length === 0) return '(no rows)';
  return rows.map((r) => (r.kind === 'file' ? `\n  ${r.message}` : `\n    ${r.kind} ${r.position} ${r.code} (${r.source}): ${r.message}`)).join('');
}

function indent(text: string): string {
  return `\n    ${text.split('\n').join('\n    ')}`;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep');
  const verbose = argv.includes('--verbose');
  const dirArg = argv.indexOf('--screenshot-dir');
  const shotDir = dirArg >= 0 && argv[dirArg + 1] ? path.resolve(argv[dirArg + 1]!) : SCREENSHOT_DIR;
  const t0 = Date.now();
  const log = (s: string): void => { process.stdout.write(`[browser ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}\n`); };
  const shot = async (page: Page, name: string): Promise<void> => { log(`screenshot ${path.relative(REPO_ROOT, await screenshot(page, name, shotDir))}`); };

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let step = 'starting code-server';
  const onSignal = (): void => { void (async () => { await browser?.close().catch(() => undefined); await server?.stop(); process.exit(130); })(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startCodeServer({ workspace: FIXTURE, copyWorkspace: true, keepTemp: keep, verbose });
    browser = await launchChromium({ handleSignals: false });
    step = 'opening the workbench';
    page = await openWorkbench(browser, server, { extensionDevelopmentPath: REPO_ROOT });
    log(`workbench up at ${server.origin} with the extension from ${REPO_ROOT}, workspace ${server.workspace}`);

    step = '1. hover over the headless Service postgres';
    await openFile(page, 'db/postgres.yaml');
    const headless = await hoverText(page, 'postgres', { contains: 'postgres-0 … postgres-1.postgres.default.svc.cluster.local', timeout: 45_000 });
    log(`hover over Service postgres:${indent(headless)}`);
    expect(headless.startsWith('Service default/postgres — Headless (clusterIP: None)'), 'the hover to start with "Service default/postgres — Headless (clusterIP: None)"', indent(headless));
    expect(headless.includes("Per-pod names (2): postgres-0 … postgres-1.postgres.default.svc.cluster.local → each pod's own IP"), 'the per-pod names summarised', indent(headless));
    expect(/Show all \d+ names/.test(headless), 'the link to the full table of names', indent(headless));
    expect(!/[*`|]/.test(headless), 'rendered Markdown (no literal *, ` or | left in the hover)', indent(headless));
    await shot(page, 'hover-headless-service');
    const measured = await measureHover(page);
    log(`hover size: ${measured.lines} rendered lines, ${Math.round(measured.box.width)}×${Math.round(measured.box.height)} px, content ${Math.round(measured.contentHeight)} px${measured.scrolls ? ', scrolls' : ''}`);
    expect(!measured.scrolls, 'the whole hover visible, without a scrollbar', JSON.stringify(measured));
    expect(measured.lines <= HOVER_LINES, `at most ${HOVER_LINES} rendered lines`, `${measured.lines} lines:${indent(headless)}`);
    const newHover = await screenshotRegion(page, 'hover-headless-service-box', measured.box, shotDir);
    const comparison = await sideBySide(browser, path.join(shotDir, 'hover-old-vs-new.png'), [
      { caption: `New hover: ${measured.lines} lines, ${Math.round(measured.box.width)}×${Math.round(measured.box.height)} px, nothing to scroll.`, image: newHover },
      {
        caption:
          `Old hover (${OLD_HOVER.commit}, before the rework), same Service: ${OLD_HOVER.lines} lines in a ${OLD_HOVER.width}×${OLD_HOVER.height} px box ` +
          `(above the orange line) scrolling through ${OLD_HOVER.contentHeight} px (dashed); the caveat was at the end.`,
        box: { width: OLD_HOVER.width, height: OLD_HOVER.contentHeight, visibleHeight: OLD_HOVER.height },
      },
    ]);
    log(`screenshot ${path.relative(REPO_ROOT, comparison)}`);

    step = '2. hover over the ClusterIP Service web';
    await dismissHover(page);
    await openFile(page, 'web/web.yaml');
    const vip = await hoverText(page, 'web', { contains: 'ClusterIP (virtual IP)' });
    await scrollHover(page, 'start');
    log(`hover over Service web:${indent(vip)}`);
    expect(vip.startsWith('Service default/web — ClusterIP (virtual IP): the name returns one stable IP and kube-proxy balances connections across the ready pods.'), 'the hover to start with the VIP explanation', indent(vip));
    expect(vip.includes('Names: web in default, web.default.svc.cluster.local from anywhere → the Service VIP'), 'the names people use, answering with the Service VIP', indent(vip));
    await shot(page, 'hover-clusterip-service');
    if (await scrollHover(page, 'end')) await shot(page, 'hover-clusterip-service-end');
    await dismissHover(page);

    step = '3. read the warning in the Problems panel';
    const isWarning = (r: ProblemRow): boolean => r.kind !== 'file' && r.code.includes(NOT_HEADLESS);
    const problems = await readProblems(page, { until: (rows) => rows.some(isWarning) && rows.some((r) => r.code.includes('unresolved-host')), timeout: 45_000 });
    log(`Problems panel:${rowsText(problems)}`);
    const warning = problems.find(isWarning)!;
    expect(warning.kind === 'warning', `the ${NOT_HEADLESS} row to be a warning`, rowsText(problems));
    expect(warning.source === 'kube-service-dns', 'the source "kube-service-dns"', rowsText(problems));
    expect(/Ln 9, Col 16/.test(warning.position), 'the warning at Ln 9, Col 16 (the serviceName value)', rowsText(problems));
    expect(warning.message.startsWith("StatefulSet cache's serviceName names default/cache, a ClusterIP Service, not headless: add clusterIP: None"), 'the message to name the StatefulSet and the non-headless Service', rowsText(problems));
    const markers = problems.filter((r) => r.kind !== 'file');
    expect(markers.length === 2 && markers.every((r) => r.kind === 'warning'), 'exactly two warnings (the StatefulSet and the unresolved "cahce") and no errors', rowsText(problems));
    expect(problems.some((r) => r.kind === 'file' && r.message === 'statefulset.yaml') && problems.some((r) => r.kind === 'file' && r.message === 'config.yaml'), 'file rows statefulset.yaml and config.yaml', rowsText(problems));
    await shot(page, 'problems-panel');

    step = '4. hover over the squiggled serviceName and open the quick-fix menu there';
    await openFile(page, 'cache/statefulset.yaml');
    const nth = occurrenceIn('cache/statefulset.yaml', 'serviceName: cache', 'cache');
    const squiggle = await hoverText(page, 'cache', { nth, contains: 'not headless' });
    log(`hover over the serviceName value:${indent(squiggle)}`);
    expect(squiggle.includes("StatefulSet cache's serviceName names default/cache, a ClusterIP Service, not headless"), 'the warning in the hover', indent(squiggle));
    expect(squiggle.includes('serviceName cache → ClusterIP Service default/cache, not headless.'), 'the serviceName explanation in the hover', indent(squiggle));
    expect(squiggle.split('a ClusterIP Service, not headless').length === 2, 'the warning once, not repeated by the hover', indent(squiggle));
    await scrollHover(page, 'start');
    await shot(page, 'hover-statefulset-warning');
    if (await scrollHover(page, 'end')) await shot(page, 'hover-statefulset-warning-end');
    const labels = await openQuickFix(page, { at: 'cache', nth });
    log(`quick fixes at serviceName: ${JSON.stringify(labels)}`);
    expect(labels.includes(FIX_LABEL), `the quick fix "${FIX_LABEL}"`, JSON.stringify(labels));
    await shot(page, 'quick-fix-menu');
    await page.keyboard.press('Escape');
    await page.locator(SELECTORS.actionWidget).waitFor({ state: 'hidden' });

    step = '5. apply the quick fix and check the warning is gone';
    const chosen = await applyQuickFix(page, FIX_LABEL, { at: 'cache', nth });
    log(`applied ${JSON.stringify(chosen)}`);
    // The fix reveals its edit: cache/service.yaml becomes the active editor.
    const revealed = await page
      .waitForFunction(() => (document.querySelector('.tabs-container .tab.active .label-name')?.textContent ?? '').trim() === 'service.yaml', undefined, { timeout: 15_000 })
      .then(() => true, () => false);
    const activeTab = await page.locator('.tabs-container .tab.active').first().innerText().catch(() => '');
    log(`active editor after the fix: ${JSON.stringify(activeTab.trim())}`);
    expect(revealed, 'cache/service.yaml revealed (the active editor) after the fix', JSON.stringify(activeTab));
    await shot(page, 'quick-fix-reveals-edit');
    const note = page.locator(SELECTORS.notificationMessage, { hasText: 'clusterIP is immutable' });
    await note.first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => undefined);
    const noteText = (await note.allInnerTexts()).join(' | ');
    log(`notification: ${JSON.stringify(noteText)}`);
    expect(noteText !== '', 'the follow-up note "clusterIP is immutable…" as a notification', 'no such notification');
    let after: ProblemRow[];
    try {
      after = await readProblems(page, { until: (rows) => !rows.some(isWarning) && rows.some((r) => r.code.includes('unresolved-host')), timeout: 30_000 });
    } catch (err) {
      throw new CheckFailed(`expected the ${NOT_HEADLESS} warning to leave the Problems panel after the fix; ${err instanceof Error ? err.message : String(err)}`);
    }
    log(`Problems panel after the fix:${rowsText(after)}`);
    expect(!after.some((r) => r.kind === 'file' && r.message === 'statefulset.yaml'), 'no row for statefulset.yaml any more', rowsText(after));
    // The problem-count badges on the editor tab and in the Explorer follow a moment later.
    const badges = await problemBadges(page, 'statefulset.yaml', (b) => b.length === 0);
    expect(badges.length === 0, 'no problem badge on statefulset.yaml (tab, Explorer) after the fix', JSON.stringify(badges));
    await shot(page, 'after-fix');
    await openFile(page, 'cache/statefulset.yaml');
    const left = await openQuickFix(page, { at: 'cache', nth });
    log(`quick fixes at serviceName after the fix: ${JSON.stringify(left)}`);
    if (left.length > 0) {
      await shot(page, 'after-fix-quick-fix-menu');
      await page.keyboard.press('Escape');
    }
    expect(!left.includes(FIX_LABEL), 'the applied fix no longer offered at serviceName', JSON.stringify(left));

    await openFile(page, 'cache/service.yaml');
    const service = await visibleEditorText(page);
    log(`cache/service.yaml now reads:${indent(service)}`);
    expect(/\nspec:\n {2}clusterIP: None\n {2}selector:/.test(service), '"clusterIP: None" as the first field under spec in cache/service.yaml', indent(service));
    await shot(page, 'after-fix-service-file');
    step = '6. the code lens on Service postgres and the inlay hints in web/config.yaml';
    await openFile(page, 'db/postgres.yaml');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'headless · 2 pods' });
    await lens.first().waitFor({ state: 'visible', timeout: 30_000 });
    const lensText = (await lens.first().innerText()).trim();
    log(`code lens: ${JSON.stringify(lensText)}`);
    expect(/^headless · 2 pods · \d+ names · referenced 3×$/.test(lensText), 'the lens "headless · 2 pods · N names · referenced 3×" (serviceName, the StatefulSet, the host in web.yaml)', lensText);
    await shot(page, 'code-lens');
    await openFile(page, 'web/config.yaml');
    await page.waitForFunction((sel) => Array.from(document.querySelectorAll(sel)).some((l) => (l.textContent ?? '').includes('NXDOMAIN')), `${SELECTORS.activeEditor} ${SELECTORS.viewLine}`, { timeout: 30_000 });
    const hinted = await visibleEditorText(page);
    log(`web/config.yaml with inlay hints:${indent(hinted)}`);
    expect(hinted.includes('cahce ✗ NXDOMAIN') || /cahce\s*✗ NXDOMAIN/.test(hinted), 'the hint "✗ NXDOMAIN" after cahce', indent(hinted));
    expect(/queue\.default\.svc\.cluster\.local\s*→ VIP queue\.default/.test(hinted), 'the hint "→ VIP queue.default" after the queue host', indent(hinted));
    await shot(page, 'inlay-hints');

    step = '7. completion in serviceName';
    await openFile(page, 'cache/statefulset.yaml');
    await clickText(page, 'serviceName: cache', occurrenceIn('cache/statefulset.yaml', 'serviceName: cache', 'serviceName: cache'));
    await page.keyboard.press('End');
    for (let i = 0; i < 'cache'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press(`Control+Space`);
    const suggest = page.locator('.suggest-widget .monaco-list-row');
    await suggest.first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(300);
    const offered = (await suggest.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`completion in serviceName: ${JSON.stringify(offered)}`);
    // After step 5's fix both cache and postgres are headless: they come first, by name.
    expect(offered[0]?.startsWith('cache') === true && offered[1]?.startsWith('postgres') === true && offered.length === 4, 'the headless Services cache and postgres first, then queue and web', JSON.stringify(offered));
    await shot(page, 'completion-servicename');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');

    step = '8. rename Service queue: the preview';
    await openFile(page, 'queue/service.yaml');
    // Go to Line, not a click: the code lens drawn above `name: queue` can move the line under a
    // click that was aimed before it appeared (a fresh-clone run renamed from column 1).
    await placeCursor(page, ...lineColumnIn(fs.readFileSync(path.join(FIXTURE, 'queue/service.yaml'), 'utf8'), 'name: queue', 'queue'));
    await page.keyboard.press('F2');
    const renameInput = page.locator('.rename-box input');
    await renameInput.waitFor({ state: 'visible', timeout: 15_000 });
    await renameInput.fill('mq');
    await page.keyboard.press('Enter');
    const preview = page.locator('.bulk-edit-panel');
    await preview.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(500);
    const previewText = (await preview.innerText()).replace(/\s+/g, ' ');
    log(`rename preview: ${previewText}`);
    expect(previewText.includes('config.yaml') && previewText.includes('service.yaml'), 'both files in the rename preview', previewText);
    await shot(page, 'rename-preview');
    const discard = page.locator('.monaco-button', { hasText: 'Discard' });
    if (await discard.first().isVisible()) await discard.first().click();

    step = '9. the Service DNS view';
    await runCommand(page, 'Kubernetes Service DNS: Show the Service DNS View');
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Service DNS' }) });
    const rows = pane.locator('.monaco-list-row', { hasText: 'postgres' });
    await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
    // A click on the row reveals the Service in its file; the twistie expands it.
    await rows.first().locator('.monaco-tl-twistie').click();
    await pane.locator('.monaco-list-row', { hasText: 'postgres-0.postgres.default.svc.cluster.local' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const viewRows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`Service DNS view: ${JSON.stringify(viewRows)}`);
    expect(viewRows[0]?.startsWith('default') === true && viewRows.some((r) => /^postgres ?headless/.test(r)), 'namespace default, then Service postgres marked headless', JSON.stringify(viewRows));
    const status = (await page.locator('.statusbar-item', { hasText: 'K8s DNS' }).first().innerText().catch(() => '')).trim();
    log(`status bar: ${JSON.stringify(status)}`);
    await shot(page, 'service-dns-view');

    step = '10. kustomize: the per-overlay hover in a base, and the overlay env-value problem with its fix';
    // Folders first, then the files, as a person creates them: files written into a folder the
    // same instant it appears can be missed by the editor's file watcher (it reports the folder).
    for (const file of Object.keys(KUSTOMIZE_FILES)) fs.mkdirSync(path.dirname(path.join(server.workspace, file)), { recursive: true });
    await page.waitForTimeout(2_000);
    for (const [file, text] of Object.entries(KUSTOMIZE_FILES)) fs.writeFileSync(path.join(server.workspace, file), text);
    // The kustomizations are opened, as the person who wrote them has them open.
    for (const file of Object.keys(KUSTOMIZE_FILES)) if (file.endsWith('kustomization.yaml')) await openFile(page, file);
    await openFile(page, 'shop/base/app.yaml');
    // The cursor is placed with Go to Line and the hover asked with Ctrl+K Ctrl+I: a click on the
    // text can land on the editor's cursor layer instead.
    await placeCursor(page, ...lineColumnIn(KUSTOMIZE_BASE, 'name: db', 'db'));
    const perOverlay = await hoverAtCursor(page, { contains: 'in each kustomize overlay', timeout: 45_000 });
    log(`hover over Service db in the base:${indent(perOverlay)}`);
    expect(
      /Service db in each kustomize overlay/.test(perOverlay) &&
        /db\.dev\.svc\.cluster\.local \(headless\) in shop\/overlays\/dev/.test(perOverlay) &&
        /prod-db\.prod\.svc\.cluster\.local \(headless\) in shop\/overlays\/prod/.test(perOverlay) &&
        /shop\/base\/app\.yaml is a kustomize base of 2 overlays, not applied on its own\./.test(perOverlay),
      'the name in each overlay (db.dev… in shop/overlays/dev, prod-db.prod… in shop/overlays/prod) and that the base is not applied on its own',
      indent(perOverlay),
    );
    expect(!/default/.test(perOverlay), 'no answer for the base as written (default/db): it is never applied', indent(perOverlay));
    await shot(page, 'kustomize-hover-per-overlay');

    await placeCursor(page, ...lineColumnIn(KUSTOMIZE_BASE, 'postgres://db:5432', 'db'));
    const renamed = await hoverAtCursor(page, { contains: 'In overlay shop/overlays/prod', timeout: 30_000 });
    log(`hover over the host in DATABASE_URL:${indent(renamed)}`);
    expect(renamed.includes('In overlay shop/overlays/prod: db does not resolve: the overlay renames Service db to prod-db'), 'the overlay problem in the hover', indent(renamed));
    await scrollHover(page, 'start');
    await shot(page, 'kustomize-renamed-host');
    await placeCursor(page, ...lineColumnIn(KUSTOMIZE_BASE, 'postgres://db:5432', 'db'));
    const kustomizeFixes = await openQuickFix(page);
    log(`quick fixes at the host: ${JSON.stringify(kustomizeFixes)}`);
    expect(kustomizeFixes[0] === PATCH_FIX, `the first quick fix "${PATCH_FIX}"`, JSON.stringify(kustomizeFixes));
    await shot(page, 'kustomize-overlay-quick-fix');
    await page.keyboard.press('Escape');

    step = "11. the Service DNS view lists the overlays' Services in the namespaces they build into";
    await runCommand(page, 'Kubernetes Service DNS: Show the Service DNS View');
    // The view lists only the rows in sight: the file tree above it is folded to give it room, and
    // namespace default (postgres unfolded in step 9) is folded, so the overlays' namespaces show.
    const folderHeader = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'E2E' });
    if (await folderHeader.count()) await folderHeader.first().click();
    const defaultRow = pane.locator('.monaco-list-row[aria-expanded="true"]', { hasText: 'default' }).first();
    if (await defaultRow.count()) await defaultRow.locator('.monaco-tl-twistie').click();
    await pane.locator('.monaco-list-row', { hasText: 'prod-db' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const overlayRows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`Service DNS view with the overlays: ${JSON.stringify(overlayRows)}`);
    // The rows in order: default (folded, its 4 Services of step 9: nothing from the base), then
    // each overlay's namespace with the base's Service as that overlay builds it.
    const order = [/^default ?4 Services$/, /^dev ?1 Service$/, /^db ?headless · shop\/overlays\/dev$/, /^prod ?1 Service$/, /^prod-db ?headless · shop\/overlays\/prod$/];
    expect(
      overlayRows.length === order.length && order.every((pattern, i) => pattern.test(overlayRows[i]!)),
      'default (4 Services, as before the overlays), dev → db (headless · shop/overlays/dev), prod → prod-db (headless · shop/overlays/prod)',
      JSON.stringify(overlayRows),
    );
    await shot(page, 'service-dns-view-overlays');

    log("OK: hover, Problems panel, quick fix, code lens, inlay hints, completion, rename preview, the Service DNS view and the kustomize overlays (hover, fix, the view's overlay namespaces) all showed what a user should see");
    return 0;
  } catch (err) {
    const message = err instanceof CheckFailed ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`[browser] FAILED at step "${step}": ${message}\n`);
    if (page && !page.isClosed()) {
      try {
        await shot(page, 'browser-failure');
      } catch { /* the page may be gone */ }
    }
    if (server) process.stderr.write(`[browser] code-server log: ${server.logFile}${keep ? '' : ' (removed; rerun with --keep)'}\n`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`[browser] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
