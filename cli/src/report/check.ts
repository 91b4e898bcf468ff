// `check` output: compiler-style text, JSON, and SARIF 2.1.0 for code-scanning tools.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, PROBLEM_CODES, type Problem, type Severity, type Span } from '../../../shared/src/index';

export interface Located {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** 1-based line and column (UTF-16 code units, as VS Code and SARIF's default count them). */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(
    /** Anything that holds the files' texts: the catalog, or the texts kustomize builds read. */
    private readonly catalog: { readonly files: { get(path: string): { readonly text: string } | undefined } },
    private readonly displayPath: (path: string) => string,
  ) {}

  locate(path: string, span: Span): Located {
    let index = this.indexes.get(path);
    if (!index) {
      index = new LineIndex(this.catalog.files.get(path)?.text ?? '');
      this.indexes.set(path, index);
    }
    const start = index.positionAt(span.start);
    const end = index.positionAt(span.end);
    return { file: this.displayPath(path), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}

/**
 * Control characters (a newline in a file name, or in a name quoted into a message) are shown
 * escaped, so no input can print a line that looks like another problem or a CI command.
 */
export function escapeControls(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1).replace(/^\\u00/, '\\x'));
}

/** A display path for one text line: escaped, and never starting like a GitHub Actions command (`::`). */
function textPath(file: string): string {
  const escaped = escapeControls(file);
  return escaped.startsWith('::') ? `./${escaped}` : escaped;
}

/** The text report, in pieces (a CLI writes them as they come; no piece holds the whole report). */
export function* formatCheckText(problems: Iterable<Problem>, locator: Locator, fileCount: number): Generator<string> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let total = 0;
  for (const p of problems) {
    counts[p.severity]++;
    total++;
    const at = locator.locate(p.path, p.span);
    yield `${textPath(at.file)}:${at.line}:${at.column}: ${p.severity} ${p.code} ${escapeControls(p.message)}\n`;
  }
  yield `${total} problem${total === 1 ? '' : 's'} (${counts.error} errors, ${counts.warning} warnings, ${counts.info + counts.hint} notes) in ${fileCount} file${fileCount === 1 ? '' : 's'}\n`;
}

/** `JSON.stringify(value, null, 2)` of an element nested `depth` levels deep. */
function indented(value: unknown, depth: number): string {
  return ' '.repeat(depth * 2) + JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(depth * 2)}`);
}

/** `{ …head, [key]: [items…] }` printed as JSON.stringify(…, null, 2) would, one item at a time. */
export function* jsonWithArray(head: string, items: Iterable<unknown>, depth: number, tail: string): Generator<string> {
  let first = true;
  for (const item of items) {
    yield `${first ? `${head}[\n` : ',\n'}${indented(item, depth)}`;
    first = false;
  }
  yield first ? `${head}[]${tail}` : `\n${' '.repeat((depth - 1) * 2)}]${tail}`;
}

export function* formatCheckJson(problems: Iterable<Problem>, locator: Locator, fileCount: number): Generator<string> {
  const items = (function* () {
    for (const p of problems)
      yield {
        ...locator.locate(p.path, p.span),
        severity: p.severity,
        code: p.code,
        message: p.message,
        related: (p.related ?? []).map((r) => ({ ...locator.locate(r.path, r.span), message: r.message })),
        fixes: (p.fixes ?? []).map((f) => ({
          title: f.title,
          edits: f.edits.map((e) => ({ ...locator.locate(e.path, e.span), newText: e.newText })),
          ...(f.followUp ? { followUp: f.followUp } : {}),
        })),
      };
  })();
  yield* jsonWithArray(`{\n  "files": ${fileCount},\n  "problems": `, items, 2, '\n}\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A SARIF artifact URI (RFC 3986): relative paths percent-encoded per segment, absolute ones as file: URIs. */
export function sarifUri(file: string): string {
  const slashed = file.split('\\').join('/');
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return slashed.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

export function* formatCheckSarif(problems: Iterable<Problem>, locator: Locator, version: string): Generator<string> {
  const region = (path: string, span: Span): object => {
    const at = locator.locate(path, span);
    return {
      artifactLocation: { uri: sarifUri(at.file) },
      region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
    };
  };
  const driver = {
    name: 'kube-service-dns',
    version,
    rules: Object.entries(PROBLEM_CODES).map(([id, meta]) => ({
      id,
      shortDescription: { text: meta.title },
      defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
    })),
  };
  const results = (function* () {
    for (const p of problems)
      yield {
        ruleId: p.code,
        level: SARIF_LEVEL[p.severity],
        message: { text: p.message },
        locations: [{ physicalLocation: region(p.path, p.span) }],
        relatedLocations: (p.related ?? []).map((r, id) => ({ id, physicalLocation: region(r.path, r.span), message: { text: r.message } })),
        fixes: (p.fixes ?? []).map((f) => ({
          description: { text: f.title },
          artifactChanges: f.edits.map((e) => ({
            artifactLocation: { uri: sarifUri(locator.locate(e.path, e.span).file) },
            replacements: [{ deletedRegion: (region(e.path, e.span) as { region: object }).region, insertedContent: { text: e.newText } }],
          })),
        })),
      };
  })();
  const head = [
    '{',
    '  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",',
    '  "version": "2.1.0",',
    '  "runs": [',
    '    {',
    `      "tool": {\n        "driver": ${JSON.stringify(driver, null, 2).replace(/\n/g, '\n        ')}\n      },`,
    '      "columnKind": "utf16CodeUnits",',
    '      "results": ',
  ].join('\n');
  yield* jsonWithArray(head, results, 4, '\n    }\n  ]\n}\n');
}
