// The real-world corpus (public manifests nobody here wrote, kept outside the repository) and what
// the shipped CLI reports on it. Shared by the triage test and `npm run triage:update`. This file
// is the one place that knows where the corpus lives (CONTRIBUTING.md, "The real-world corpus").
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.join(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist/cli.js');
/** Kept in the repository (source, not out/), so the update script rewrites the committed file. */
export const triagePath = path.join(repoRoot, 'test/realworld/triage.json');

/** The environment variable that points at the corpus folder. */
export const CORPUS_ENV = 'KSD_REALWORLD_CORPUS';
/** Without it: this path, looked up in the folder that holds the checkout, then each folder above. */
export const CORPUS_BESIDE_CHECKOUT = 'shared/realworld/corpus';

/**
 * The corpus sits beside the repository: `<parent of the checkout>/shared/realworld/corpus` (CI),
 * or under an ancestor of it (git worktrees one level deeper). CORPUS_ENV overrides.
 */
export function corpusDir(): string {
  const isDir = (dir: string) => existsSync(dir) && statSync(dir).isDirectory();
  const override = process.env[CORPUS_ENV];
  if (override !== undefined) {
    if (!isDir(override)) throw new Error(`${CORPUS_ENV}=${override} is not a folder`);
    return override;
  }
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CORPUS_BESIDE_CHECKOUT);
    if (isDir(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `the real-world corpus is missing: no ${CORPUS_BESIDE_CHECKOUT} beside ${repoRoot} or any folder above it (copy shared/ beside the checkout, or set ${CORPUS_ENV}). ` +
      'This test never skips: without the corpus there is nothing to prove.',
  );
}

export function corpusSources(): string[] {
  const dir = corpusDir();
  const sources = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (sources.length === 0) throw new Error(`the real-world corpus ${dir} has no source folders`);
  return sources;
}

export interface Reported {
  readonly source: string;
  /** Relative to the source's folder, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** Runs `check --format json` on one source folder, from the corpus folder, as a user would. */
export function checkSource(source: string): Reported[] {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');
  const result = spawnSync(process.execPath, [cli, 'check', '-f', source, '--format', 'json', '--fail-on', 'none'], {
    cwd: corpusDir(),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`check -f ${source} exited ${result.status} (${result.signal ?? 'no signal'}): ${result.stderr}`);
  const json = JSON.parse(result.stdout) as { problems: { file: string; line: number; column: number; code: string; severity: string; message: string }[] };
  return json.problems.map((p) => {
    const file = p.file.split(path.sep).join('/');
    if (!file.startsWith(`${source}/`)) throw new Error(`check -f ${source} reported a problem outside the source: ${p.file}`);
    return { source, file: file.slice(source.length + 1), line: p.line, column: p.column, code: p.code, severity: p.severity, message: p.message };
  });
}

export const VERDICTS = ['true', 'false-alarm-known', 'TODO'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TriageEntry {
  readonly source: string;
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** `true`: a user of that repository wants this problem. `false-alarm-known`: a bug of ours, still reported. */
  readonly verdict: Verdict;
  /** One line a user of that repository would accept. */
  readonly reason: string;
}

export interface Triage {
  /** Precision (true / all reported) the test requires; only ever raised. The goal is 0.90. */
  readonly minimumPrecision: number;
  readonly problems: readonly TriageEntry[];
}

export function readTriage(): Triage {
  const triage = JSON.parse(readFileSync(triagePath, 'utf8')) as Triage;
  if (typeof triage.minimumPrecision !== 'number' || !Array.isArray(triage.problems)) throw new Error(`${triagePath}: needs minimumPrecision and problems`);
  return triage;
}

/** One entry per line, sorted, so reviews and merges see one problem per changed line. */
export function writeTriage(triage: Triage): void {
  const order = (a: TriageEntry, b: TriageEntry) => a.source.localeCompare(b.source) || a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code);
  const lines = [...triage.problems].sort(order).map((e) =>
    JSON.stringify({ source: e.source, file: e.file, line: e.line, code: e.code, verdict: e.verdict, reason: e.reason }),
  );
  writeFileSync(triagePath, `{\n  "minimumPrecision": ${triage.minimumPrecision},\n  "problems": [\n${lines.map((l) => `    ${l}`).join(',\n')}\n  ]\n}\n`);
}

export function keyOf(p: { source: string; file: string; line: number; code: string }): string {
  return `${p.source}/${p.file}:${p.line} ${p.code}`;
}

export interface Comparison {
  /** Reported problems paired with their triage entry (undefined: not in the triage file). */
  readonly matched: { reported: Reported; entry: TriageEntry | undefined }[];
  /** Triage entries nothing reported. */
  readonly missing: TriageEntry[];
}

/** Pairs reports with entries by (source, file, line, code); a key may occur several times. */
export function compare(reported: readonly Reported[], entries: readonly TriageEntry[]): Comparison {
  const pool = new Map<string, TriageEntry[]>();
  for (const e of entries) pool.set(keyOf(e), [...(pool.get(keyOf(e)) ?? []), e]);
  const matched = [...reported]
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)) || a.column - b.column)
    .map((r) => ({ reported: r, entry: pool.get(keyOf(r))?.shift() }));
  return { matched, missing: [...pool.values()].flat() };
}
