// Proves the browser helpers in workbench.ts against plain code-server (no extension of
// ours): opens a YAML and a CSS file of a throwaway workspace, reads a YAML hover from a
// throwaway development extension, runs its command, reads a hover and the Problems view
// from VS Code's built-in CSS support, applies its quick fix, and saves a screenshot at
// each step into test-artifacts/screenshots/selfcheck-*.png. Takes about 10 s.
//
//   node out/test/e2e/browser/selfCheck.js [--keep]
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium, startCodeServer, type CodeServer } from '../codeServer';
import {
  applyQuickFix, hoverText, openFile, openQuickFix, openWorkbench, readProblems, runCommand, screenshot, SELECTORS, visibleEditorText,
} from './workbench';
import type { Browser } from 'playwright-core';

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-dns-selfcheck-'));
  fs.mkdirSync(path.join(fixture, 'deploy'));
  fs.writeFileSync(path.join(fixture, 'deploy', 'web.yaml'), [
    'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  clusterIP: None', '  selector:', '    app: web', '',
  ].join('\n'));
  fs.writeFileSync(path.join(fixture, 'style.css'), '.box {\n  colr: red;\n  color: blue;\n}\n');
  // A throwaway extension (outside the workspace) with a YAML hover and a command, to prove
  // that openWorkbench's extensionDevelopmentPath loads an extension in development mode.
  const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-dns-selfcheck-ext-'));
  fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({
    name: 'selfcheck', publisher: 'e2e', version: '0.0.1', engines: { vscode: '^1.100.0' },
    main: './extension.js', activationEvents: ['onLanguage:yaml'],
    contributes: { commands: [{ command: 'selfcheck.hello', title: 'Selfcheck: Say Hello' }] },
  }));
  fs.writeFileSync(path.join(ext, 'extension.js'), `
    const vscode = require('vscode');
    exports.activate = (context) => {
      context.subscriptions.push(vscode.languages.registerHoverProvider('yaml', {
        provideHover(doc, pos) {
          const range = doc.getWordRangeAtPosition(pos);
          return range && new vscode.Hover('selfcheck hover: **' + doc.getText(range) + '**', range);
        },
      }));
      context.subscriptions.push(vscode.commands.registerCommand('selfcheck.hello',
        () => vscode.window.showInformationMessage('Hello from selfcheck')));
    };`);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const t0 = Date.now();
  const step = (s: string): void => { process.stdout.write(`[selfcheck ${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}\n`); };
  try {
    // Color swatches would add injected text before `red` in the rendered lines.
    server = await startCodeServer({ workspace: fixture, copyWorkspace: true, keepTemp: keep, settings: { 'editor.colorDecorators': false } });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server, { extensionDevelopmentPath: ext });
    step(`workbench up at ${server.origin}`);

    await openFile(page, 'deploy/web.yaml');
    const yaml = await visibleEditorText(page);
    assert.match(yaml, /kind: Service\n/);
    assert.match(yaml, / {2}clusterIP: None/);
    step(`openFile deploy/web.yaml -> ${await screenshot(page, 'selfcheck-1-open-yaml')}`);

    const yamlHover = await hoverText(page, 'clusterIP', { contains: 'selfcheck hover' });
    step(`hover over 'clusterIP' (development extension): ${JSON.stringify(yamlHover)}`);
    assert.equal(yamlHover, 'selfcheck hover: clusterIP');
    step(`screenshot ${await screenshot(page, 'selfcheck-1b-yaml-hover')}`);

    await runCommand(page, 'Selfcheck: Say Hello');
    await page.locator(SELECTORS.notificationMessage, { hasText: 'Hello from selfcheck' }).waitFor();
    step('runCommand: notification "Hello from selfcheck" shown');

    await openFile(page, 'style.css');
    const hover = await hoverText(page, 'color', { nth: 0, contains: 'color' });
    step(`hover over 'color': ${JSON.stringify(hover.slice(0, 120))}`);
    assert.match(hover, /color/i);
    step(`screenshot ${await screenshot(page, 'selfcheck-2-hover')}`);

    // Keyboard route (editor.action.showHover) on the selector: a different hover text.
    const kbHover = await hoverText(page, '.box', { via: 'keyboard' });
    step(`keyboard hover over '.box': ${JSON.stringify(kbHover.slice(0, 120))}`);
    assert.match(kbHover, /class="box"/);
    assert.doesNotMatch(kbHover, /Sets the color/);

    const problems = await readProblems(page, { until: (rows) => rows.some((r) => r.kind !== 'file') });
    step(`problems: ${JSON.stringify(problems)}`);
    const unknown = problems.find((p) => p.kind === 'warning' && /Unknown property/.test(p.message));
    assert.ok(unknown, 'expected the CSS warning "Unknown property: \'colr\'"');
    assert.equal(unknown.source, 'css');
    assert.match(unknown.position, /Ln 2, Col 3/);
    assert.ok(problems.some((p) => p.kind === 'file' && p.message === 'style.css'));
    step(`screenshot ${await screenshot(page, 'selfcheck-3-problems')}`);

    const labels = await openQuickFix(page, { at: 'colr' });
    step(`quick fixes at 'colr': ${JSON.stringify(labels)}`);
    step(`screenshot ${await screenshot(page, 'selfcheck-4-quickfix-menu')}`);
    await page.keyboard.press('Escape');
    const chosen = await applyQuickFix(page, "Rename to 'color'", { at: 'colr' });
    await page.waitForFunction(() => !document.querySelector('.view-lines')?.textContent?.includes('colr'));
    const css = await visibleEditorText(page);
    step(`applied ${JSON.stringify(chosen)}; editor now: ${JSON.stringify(css)}`);
    assert.match(css, /^ {2}color: red;$/m);
    const after = await readProblems(page, { until: (rows) => !rows.some((p) => /Unknown property/.test(p.message)) });
    step(`problems after the fix: ${JSON.stringify(after)}`);
    step(`screenshot ${await screenshot(page, 'selfcheck-5-after-fix')}`);
    step('OK: all helpers worked');
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (!keep) {
      fs.rmSync(fixture, { recursive: true, force: true });
      fs.rmSync(ext, { recursive: true, force: true });
    }
  }
}

main().then(
  () => { process.exitCode = 0; },
  (err: unknown) => {
    process.stderr.write(`[selfcheck] FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
