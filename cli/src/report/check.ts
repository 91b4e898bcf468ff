// `check` output: compiler-style text, JSON, and SARIF 2.1.0 for code-scanning tools.
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

export function formatCheckText(problems: readonly Problem[], locator: Locator, fileCount: number): string {
  const lines = problems.map((p) => {
    const at = locator.locate(p.path, p.span);
    return `${at.file}:${at.line}:${at.column}: ${p.severity} ${p.code} ${p.message}`;
  });
  const count = (s: Severity): number => problems.filter((p) => p.severity === s).length;
  lines.push(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes) in ${fileCount} file${fileCount === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

export function formatCheckJson(problems: readonly Problem[], locator: Locator, fileCount: number): string {
  return (
    JSON.stringify(
      {
        files: fileCount,
        problems: problems.map((p) => ({
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
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatCheckSarif(problems: readonly Problem[], locator: Locator, version: string): string {
  const region = (path: string, span: Span): object => {
    const at = locator.locate(path, span);
    return {
      artifactLocation: { uri: at.file.split('\\').join('/') },
      region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
    };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-service-dns',
            version,
            rules: Object.entries(PROBLEM_CODES).map(([id, meta]) => ({
              id,
              shortDescription: { text: meta.title },
              defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [{ physicalLocation: region(p.path, p.span) }],
          relatedLocations: (p.related ?? []).map((r, id) => ({ id, physicalLocation: region(r.path, r.span), message: { text: r.message } })),
          fixes: (p.fixes ?? []).map((f) => ({
            description: { text: f.title },
            artifactChanges: f.edits.map((e) => ({
              artifactLocation: { uri: locator.locate(e.path, e.span).file.split('\\').join('/') },
              replacements: [{ deletedRegion: (region(e.path, e.span) as { region: object }).region, insertedContent: { text: e.newText } }],
            })),
          })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
