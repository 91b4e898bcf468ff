// `npm run bench`: generates the 1k / 10k / 20k-document corpora (cached under bench-results/corpus),
// times every parser and the engine's cold index in fresh processes (median of --reps runs), the
// real CLI `check` (as shipped, and the same source with the fast YAML path stubbed out as the
// "before" baseline), and the real language server over stdio; prints one table (what, on what,
// time, baseline, ratio) and writes it as JSON to bench-results/. `npm run bench:smoke` runs a
// tiny corpus once: it proves the harness works and asserts nothing about timing.
//
//   node out/test/bench/run.js [--smoke] [--sizes 1000,10000,20000] [--reps 3] [--no-server] [--no-cli]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { parseYamlStream, parseYamlStreamReference } from '../../shared/src/yaml/parseYamlStream';
import { generateCorpus, writeCorpus, type Corpus } from './corpus';
import { MEASURES, readWorkspace, sinkValue } from './measures';
import { benchServer, SERVER_PATH, serverAnswers, type EditTarget, type ServerFigures } from './serverBench';

const repoRoot = path.resolve(__dirname, '../../..');
const resultsDir = path.join(repoRoot, 'bench-results');
const buildDir = path.join(resultsDir, 'build');
const CLI_PATH = path.join(repoRoot, 'dist/cli.js');

interface Row {
  readonly what: string;
  readonly on: string;
  /** Milliseconds, or another unit named in `unit`. */
  readonly value: number | null;
  readonly unit: 'ms' | 'MB' | 'x';
  readonly baseline: string;
  readonly baselineValue: number | null;
  /** value / baselineValue. */
  readonly ratio: number | null;
  readonly target?: string;
  readonly note?: string;
  /** Every round's figure (ms), for noisy machines. */
  readonly runs?: readonly number[];
}

interface ChildResult {
  readonly ms: number;
  readonly rssMb: number;
  readonly maxRssMb: number;
  readonly note: string | null;
}

// ---------------------------------------------------------------------------------------------
// Child mode: one measure, one cold process.

async function child(id: string, workspace: string): Promise<void> {
  const measure = MEASURES.find((m) => m.id === id);
  if (!measure) throw new Error(`unknown measure ${id}`);
  const files = measure.input === 'memory' ? readWorkspace(workspace) : [];
  const started = performance.now();
  const note = await measure.run(files, workspace);
  const ms = performance.now() - started;
  const result: ChildResult = {
    ms,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    note: note ? `${note}` : null,
  };
  process.stdout.write(`${JSON.stringify({ ...result, sink: sinkValue() })}\n`);
}

function runChild(id: string, workspace: string): ChildResult {
  const out = spawnSync(process.execPath, [__filename, '--child', id, workspace], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`measure ${id} failed (${out.status}): ${out.stderr}`);
  const line = out.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as ChildResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// CLI: the shipped bundle, and the same source with the fast path stubbed out.

/** Reports the process's peak RSS on stderr when it exits (loaded with `node -r`). */
const RSS_REPORTER = `process.on('exit', () => { try { require('fs').writeSync(2, '\\nKSD_BENCH_MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'); } catch {} });\n`;

/**
 * The "before" CLI: the shipped source with the fast YAML path stubbed out (every chunk falls back
 * to yaml), so the shipped CLI has a before/after baseline built from the same source.
 */
async function buildCliVariants(): Promise<{ yamlPath: string; reporter: string }> {
  fs.mkdirSync(buildDir, { recursive: true });
  const reporter = path.join(buildDir, 'rss-reporter.js');
  fs.writeFileSync(reporter, RSS_REPORTER);
  const yamlPath = path.join(buildDir, 'cli-yaml-path.js');
  let stubbed = false;
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'cli/src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    define: { KSD_VERSION: '"bench"' },
    outfile: yamlPath,
    plugins: [
      {
        name: 'no-fast-path',
        setup(build) {
          build.onResolve({ filter: /[\\/]fastParse$/ }, () => {
            stubbed = true;
            return { path: 'fastParse', namespace: 'ksd-stub' };
          });
          build.onLoad({ filter: /.*/, namespace: 'ksd-stub' }, () => ({
            contents: 'export const FALLBACK = undefined; export function fastParseChunk() { return undefined; }',
            loader: 'js',
          }));
        },
      },
    ],
  });
  // Without the stub the "before" CLI would be the shipped one, and its figures a false baseline.
  if (!stubbed) throw new Error('the yaml-path CLI could not stub out ./fastParse (moved or renamed?): no honest before baseline');
  return { yamlPath, reporter };
}

/** The last `check` output of each CLI variant: they must agree (checked in smoke mode). */
const cliOutputs = new Map<string, string>();

function runCli(cli: string, reporter: string, workspace: string): { ms: number; maxRssMb: number | null; exit: number | null } {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['-r', reporter, cli, 'check', '-f', workspace, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - started;
  if (out.status !== 0 && out.status !== 1) throw new Error(`${cli} check exited with ${out.status}: ${out.stderr}`);
  cliOutputs.set(cli, out.stdout);
  const kb = /KSD_BENCH_MAXRSS_KB (\d+)/.exec(out.stderr)?.[1];
  return { ms, maxRssMb: kb ? Number(kb) / 1024 : null, exit: out.status };
}

// ---------------------------------------------------------------------------------------------
// Orchestration.

interface Options {
  readonly smoke: boolean;
  readonly sizes: readonly number[];
  readonly reps: number;
  readonly server: boolean;
  readonly cli: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  return {
    smoke,
    sizes: (value('sizes') ?? (smoke ? '200' : '1000,10000,20000')).split(',').map(Number),
    reps: Number(value('reps') ?? (smoke ? 1 : 3)),
    server: !argv.includes('--no-server'),
    cli: !argv.includes('--no-cli'),
  };
}

function describeCorpus(c: Corpus): string {
  return `${c.documents} docs`;
}

/** A headless Service file and its StatefulSet file in the same (split) app folder. */
function editTarget(workspace: string, corpus: Corpus): EditTarget | null {
  for (const f of corpus.files) {
    if (!f.path.endsWith('/service-headless.yaml')) continue;
    const sts = f.path.replace(/service-headless\.yaml$/, 'statefulset.yaml');
    if (corpus.files.some((g) => g.path === sts)) return { service: path.join(workspace, ...f.path.split('/')), statefulSet: path.join(workspace, ...sts.split('/')) };
  }
  return null;
}

function format(value: number | null, unit: Row['unit']): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (unit === 'x') return `${value.toFixed(2)}×`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function printTable(rows: readonly Row[]): string {
  const header = ['what', 'on what', 'time', 'baseline', 'ratio', 'target'];
  const cells = rows.map((r) => [
    r.what,
    r.on,
    format(r.value, r.unit),
    r.baselineValue === null ? r.baseline : `${r.baseline} ${format(r.baselineValue, r.unit === 'x' ? 'x' : r.unit)}`,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}`,
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => `| ${c.map((s, i) => s.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1]!, argv[2]!);
  const options = parseOptions(argv);
  const rows: Row[] = [];
  const notes: string[] = [];
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const corpora: { documents: number; files: number; bytes: number; dir: string }[] = [];
  const coldIndex = new Map<number, number>();
  const cliTimes = new Map<number, number>();
  const rss = new Map<number, number>();
  const serverFigures = new Map<number, ServerFigures>();

  if (options.cli && !fs.existsSync(CLI_PATH)) throw new Error('dist/cli.js is missing: run `node scripts/bundle.mjs cli` first');
  const variants = options.cli ? await buildCliVariants() : null;
  const haveServer = options.server && fs.existsSync(SERVER_PATH) && (await serverAnswers(fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-bench-probe-'))));
  if (options.server && !haveServer) notes.push('dist/server.js is missing or does not answer LSP: server figures skipped.');

  for (const size of options.sizes) {
    const { dir, corpus } = writeCorpus(path.join(resultsDir, 'corpus'), size);
    const workspace = path.join(dir, 'workspace');
    corpora.push({ documents: corpus.documents, files: corpus.files.length, bytes: corpus.bytes, dir: path.relative(repoRoot, dir) });
    const on = describeCorpus(corpus);
    log(`corpus ${on}: ${corpus.files.length} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, in ${path.relative(repoRoot, dir)}`);
    // Rounds outside, measures inside: a burst of load on this (shared) machine then hits every
    // measure of one round rather than every round of one measure; ratios are taken per round
    // (against that round's baseline) and the median of those is reported.
    const CLI_IDS = ['cli-shipped', 'cli-yaml-path'] as const;
    const ids = [...MEASURES.map((m) => m.id), ...(variants ? CLI_IDS : [])];
    const all = new Map<string, ChildResult[]>(ids.map((id) => [id, []]));
    let cliRss: number | null = null;
    for (let r = 0; r < options.reps; r++) {
      for (const m of MEASURES) all.get(m.id)!.push(runChild(m.id, workspace));
      if (!variants) continue;
      const cli = (id: string, script: string): void => {
        const run = runCli(script, variants.reporter, workspace);
        if (id === 'cli-shipped') cliRss = run.maxRssMb;
        all.get(id)!.push({ ms: run.ms, rssMb: run.maxRssMb ?? NaN, maxRssMb: run.maxRssMb ?? NaN, note: null });
      };
      cli('cli-shipped', CLI_PATH);
      cli('cli-yaml-path', variants.yamlPath);
    }
    const runsOf = (id: string): ChildResult[] => all.get(id) ?? [];
    const ms = (id: string): number => median(runsOf(id).map((x) => x.ms));
    /** Median over rounds of (this round's figure / this round's baseline). */
    const ratio = (id: string, baseId: string): number => {
      const a = runsOf(id);
      const b = runsOf(baseId);
      return median(a.map((x, i) => x.ms / (b[i]?.ms ?? NaN)).filter((x) => !Number.isNaN(x)));
    };
    for (const id of ids) if (runsOf(id).length) log(`  ${id.padEnd(24)} ${ms(id).toFixed(0).padStart(6)} ms   (${runsOf(id).map((x) => x.ms.toFixed(0)).join(', ')})`);
    const BASE = 'yaml-parseAllDocuments';
    const base = ms(BASE);
    const jsYaml = ms('js-yaml');
    const row = (id: string, what: string, input: string, target?: string, note?: string | null): Row => ({
      what,
      on: `${on}, ${input}`,
      value: ms(id),
      unit: 'ms',
      baseline: 'yaml.parseAllDocuments',
      baselineValue: base,
      ratio: ratio(id, BASE),
      target,
      note: note ?? undefined,
      runs: runsOf(id).map((x) => Math.round(x.ms)),
    });
    for (const m of MEASURES) {
      if (m.id === BASE) {
        rows.push({ ...row(m.id, m.what, 'from memory'), baseline: 'js-yaml', baselineValue: jsYaml, ratio: ratio(BASE, 'js-yaml') });
        continue;
      }
      const isCold = m.id === 'index-cli';
      rows.push(row(m.id, m.what, m.input === 'memory' ? 'from memory' : 'from disk', isCold ? '≤ 0.40' : undefined, runsOf(m.id)[0]?.note));
    }
    rows.push({ ...row('index-cli', 'cold index (loadWorkspace) vs js-yaml loadAll', 'from disk'), baseline: 'js-yaml loadAll', baselineValue: jsYaml, ratio: ratio('index-cli', 'js-yaml') });
    coldIndex.set(size, ms('index-cli'));
    rss.set(size, median(runsOf('index-cli').map((x) => x.rssMb)));
    rows.push({ what: 'RSS after cold index (loadWorkspace, in process)', on, value: rss.get(size)!, unit: 'MB', baseline: '', baselineValue: null, ratio: null });
    if (variants) {
      cliTimes.set(size, ms('cli-shipped'));
      rows.push(row('cli-shipped', 'CLI check, dist/cli.js as shipped (wall, incl. node start)', 'from disk', '≤ 0.40'));
      rows.push(row('cli-yaml-path', 'CLI check, same source on the yaml path (before)', 'from disk'));
      rows.push({
        ...row('cli-shipped', 'CLI check, shipped vs the yaml path (before)', 'from disk'),
        baseline: 'yaml path',
        baselineValue: ms('cli-yaml-path'),
        ratio: ratio('cli-shipped', 'cli-yaml-path'),
      });
      rows.push({ what: 'CLI check peak RSS', on, value: cliRss, unit: 'MB', baseline: '', baselineValue: null, ratio: null });
    }

    if (haveServer && (!options.smoke || size === options.sizes[0])) {
      const target = editTarget(workspace, corpus);
      if (!target) notes.push(`no split headless Service + StatefulSet pair in the ${size}-document corpus: server figures skipped`);
      else {
        const rounds = options.smoke ? { edits: 6, hovers: 6, randomEdits: 20 } : { edits: 200, hovers: 200, randomEdits: size >= 10_000 ? 10_000 : 1000 };
        log(`  server: ${rounds.edits} edits, ${rounds.hovers} hovers, ${rounds.randomEdits} random edits…`);
        const s = await benchServer(SERVER_PATH, workspace, target, rounds);
        serverFigures.set(size, s);
        log(`  server: cold ${s.coldIndexMs.toFixed(0)} ms, edit p95 ${s.editP95Ms.toFixed(1)} ms, hover p95 ${s.hoverP95Ms.toFixed(1)} ms, RSS ${s.rssAfterIndexMb?.toFixed(0)} MB`);
        rows.push({ what: 'server cold index (spawn → first diagnostics answer)', on: `${on}, from disk`, value: s.coldIndexMs, unit: 'ms', baseline: 'yaml.parseAllDocuments', baselineValue: base, ratio: s.coldIndexMs / base, target: '≤ 0.40' });
        rows.push({ what: 'server: open file first hover (spawn → answer)', on, value: s.openFileHoverMs, unit: 'ms', baseline: 'index complete', baselineValue: s.progressEndMs ?? s.coldIndexMs, ratio: s.openFileHoverMs / (s.progressEndMs ?? s.coldIndexMs), target: '< 1 (before the index)' });
        rows.push({ what: 'server editing p95 (change + pull 2 files)', on, value: s.editP95Ms, unit: 'ms', baseline: 'p50', baselineValue: s.editP50Ms, ratio: s.editP95Ms / s.editP50Ms, target: '≤ 15 ms' });
        rows.push({ what: 'server hover p95', on, value: s.hoverP95Ms, unit: 'ms', baseline: 'p50', baselineValue: s.hoverP50Ms, ratio: s.hoverP95Ms / s.hoverP50Ms, target: '≤ 5 ms' });
        rows.push({ what: 'server RSS after indexing', on, value: s.rssAfterIndexMb, unit: 'MB', baseline: '', baselineValue: null, ratio: null, target: '≤ 250 MB' });
        rows.push({ what: `server RSS after ${s.randomEdits} random edits`, on, value: s.rssAfterEditsMb, unit: 'MB', baseline: 'after indexing', baselineValue: s.rssAfterIndexMb, ratio: s.rssAfterEditsMb !== null && s.rssAfterIndexMb ? s.rssAfterEditsMb / s.rssAfterIndexMb : null, target: '≈ 1 (noise)' });
      }
    }
  }

  // Growth and size-independence.
  const growth = (what: string, map: Map<number, number>, from: number, to: number, target: string, unit: Row['unit'] = 'ms'): void => {
    const a = map.get(from);
    const b = map.get(to);
    if (a === undefined || b === undefined) return;
    rows.push({ what, on: `${to / 1000}k vs ${from / 1000}k docs`, value: b, unit, baseline: `${from / 1000}k`, baselineValue: a, ratio: b / a, target });
  };
  growth('growth: cold index (loadWorkspace)', coldIndex, 10_000, 20_000, '≤ 2.2');
  growth('growth: CLI check (shipped)', cliTimes, 10_000, 20_000, '≤ 2.2');
  growth('growth: RSS after cold index', rss, 10_000, 20_000, '≤ 2.0 (linear)', 'MB');
  const edit = new Map([...serverFigures].map(([k, v]) => [k, v.editP95Ms]));
  const hover = new Map([...serverFigures].map(([k, v]) => [k, v.hoverP95Ms]));
  growth('server editing p95, by workspace size', edit, 1000, 10_000, '≤ 1.5');
  growth('server hover p95, by workspace size', hover, 1000, 10_000, '≤ 1.5');

  const table = printTable(rows);
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const report = { date: new Date().toISOString(), mode: options.smoke ? 'smoke' : 'full', reps: options.reps, machine, corpora, rows, notes };
  fs.mkdirSync(resultsDir, { recursive: true });
  const name = options.smoke ? 'smoke.json' : `bench-${report.date.replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(path.join(resultsDir, name), JSON.stringify(report, null, 2));
  if (!options.smoke) fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2));
  process.stdout.write(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; median of ${options.reps} cold run(s) each\n\n${table}\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  process.stdout.write(`\nwritten to ${path.relative(repoRoot, path.join(resultsDir, name))}\n`);

  if (options.smoke) smokeChecks(rows, variants !== null);
}

/** The smoke run proves the harness works: every row has a figure, and the fast path matches yaml on the corpus. */
function smokeChecks(rows: readonly Row[], cliRan: boolean): void {
  const missing = rows.filter((r) => r.value === null && r.unit === 'ms');
  if (missing.length > 0) throw new Error(`smoke: rows without a figure: ${missing.map((r) => r.what).join(', ')}`);
  if (rows.length < MEASURES.length) throw new Error('smoke: measures missing');
  // The shipped CLI and the yaml-path (before) CLI must print the same report.
  const outputs = [...cliOutputs];
  if (cliRan && outputs.length !== 2) throw new Error(`smoke: expected the shipped and the yaml-path CLI reports, got ${outputs.length}`);
  for (const [cli, output] of outputs.slice(1)) {
    if (output !== outputs[0]![1]) throw new Error(`smoke: ${path.basename(cli)} printed another check report than ${path.basename(outputs[0]![0])}`);
  }
  const corpus = generateCorpus(200);
  for (const f of corpus.files) {
    if (JSON.stringify(parseYamlStream(f.text)) !== JSON.stringify(parseYamlStreamReference(f.text))) throw new Error(`smoke: fast path differs from yaml on ${f.path}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
