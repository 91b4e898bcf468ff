// Helpers shared by the extension-host tests: the fixture workspace, activation, positions
// found by text, hovers as Markdown, and waiting on diagnostics through
// onDidChangeDiagnostics (a predicate and a deadline, never a fixed sleep). Every failure
// message says what was expected and what the editor showed.
//
// Fixture: test/fixtures/workspaces/e2e/ (the runners open a temporary copy of it).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kube-service-dns.kube-service-dns';
export const SOURCE = 'kube-service-dns';
export const SECTION = 'kubeServiceDns';

/** The fixture workspace folder (the runner's temporary copy). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open; the runner should open the fixture workspace test/fixtures/workspaces/e2e');
  return folder;
}

/** URI of a fixture file, e.g. fixtureUri('cache/statefulset.yaml'). */
export function fixtureUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relPath.split('/'));
}

/** Path relative to the workspace folder, for messages. */
export function rel(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * Resolves once our extension is active. The API has no activation event, so this checks
 * isActive against a deadline (the extension must activate by itself: activationEvents).
 * activate() then resolves at once, or rejects if the extension's activate() threw.
 */
export async function extensionActive(timeoutMs = 30_000): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const loaded = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`extension ${EXTENSION_ID} not found; loaded: ${loaded.join(', ') || '(none but built-ins)'}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!ext.isActive) throw new Error(`expected ${EXTENSION_ID} to activate within ${timeoutMs} ms of a YAML file being open; it is still inactive (check activationEvents and the Extension Host log)`);
  await ext.activate();
  return ext;
}

/** Opens a fixture file in an editor (as a user does) and waits for the extension. */
export async function openFixture(relPath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relPath));
  await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.languageId !== 'yaml') throw new Error(`expected ${relPath} to open as language 'yaml', the editor says '${doc.languageId}'`);
  await extensionActive();
  return doc;
}

/**
 * Range of `needle` inside the `occurrence`-th (1-based) occurrence of `context` in the
 * document, e.g. rangeOf(doc, 'serviceName: cache', 'cache') is the serviceName value.
 */
export function rangeOf(doc: vscode.TextDocument, context: string, needle = context, occurrence = 1): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(context, at + 1);
    if (at < 0) throw new Error(`test bug: ${JSON.stringify(context)} occurs fewer than ${occurrence} time(s) in ${rel(doc.uri)}`);
  }
  const inner = context.indexOf(needle);
  if (inner < 0) throw new Error(`test bug: ${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  const start = at + inner;
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + needle.length));
}

export function fmtRange(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

export function fmtDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return `[${fmtRange(d.range)}] ${SEVERITY[d.severity]} ${String(code ?? '-')} (${d.source ?? 'no source'}): ${d.message}`;
}

export function fmtDiagnostics(list: readonly vscode.Diagnostic[]): string {
  return list.length === 0 ? '(no diagnostics)' : list.map((d) => `\n    ${fmtDiagnostic(d)}`).join('');
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

/** Our diagnostics of one file (other extensions' are ignored). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with `read()` as soon as it satisfies `predicate`: at once, or on the
 * onDidChangeDiagnostics event that makes it so. Rejects after `timeoutMs` with
 * "expected <expected>" and `show(read())`, what the editor shows at that point.
 */
export function untilDiagnostics<T>(
  read: () => T,
  predicate: (value: T) => boolean,
  expected: string,
  show: (value: T) => string,
  timeoutMs = 30_000,
): Promise<T> {
  const now = read();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`expected ${expected} within ${timeoutMs / 1000} s; the editor shows:${show(read())}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const value = read();
      if (!predicate(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** Resolves with the file's diagnostics (ours only) as soon as they satisfy `predicate` (see untilDiagnostics). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  expected: string,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return untilDiagnostics(() => ours(uri), predicate, `${rel(uri)} to have ${expected}`, fmtDiagnostics, timeoutMs);
}

/** Our diagnostics across the workspace as sorted lines `path L:C-L:C severity code`. */
export function workspaceProblems(): string[] {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, list]) => list.filter((d) => d.source === SOURCE).map((d) => `${rel(uri)} ${fmtRange(d.range)} ${SEVERITY[d.severity]} ${codeOf(d) ?? '-'}`))
    .sort();
}

/** Resolves when the next onDidChangeConfiguration event for `section` fires. */
export function nextConfigurationChange(section: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`expected a configuration change of ${section} within ${timeoutMs / 1000} s; none was announced`));
    }, timeoutMs);
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(section)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** What every hover provider answered at `position`, as text (Markdown source), and the ranges. */
export async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<{ markdown: string; ranges: vscode.Range[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const parts: string[] = [];
  const ranges: vscode.Range[] = [];
  for (const h of hovers) {
    if (h.range) ranges.push(h.range);
    for (const c of h.contents) parts.push(typeof c === 'string' ? c : c.value);
  }
  return { markdown: parts.join('\n\n'), ranges };
}

/** Hover on `needle` inside `context` (see rangeOf): Markdown plus the range it is about. */
export async function hoverOn(doc: vscode.TextDocument, context: string, needle = context, occurrence = 1): Promise<{ markdown: string; ranges: vscode.Range[]; target: vscode.Range }> {
  const target = rangeOf(doc, context, needle, occurrence);
  // The middle of the word, as a mouse would rest on it.
  const middle = target.start.translate(0, Math.floor(needle.length / 2));
  return { ...(await hoverAt(doc.uri, middle)), target };
}

/** A hover's text for failure messages: indented, and short enough to read in a CI log. */
export function shown(markdown: string, max = 1500): string {
  if (markdown === '') return '(no hover)';
  const cut = markdown.length > max ? `${markdown.slice(0, max)}\n…(${markdown.length - max} more characters)` : markdown;
  return `\n    ${cut.split('\n').join('\n    ')}`;
}
