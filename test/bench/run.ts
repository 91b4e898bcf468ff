// `npm run bench`: generates the 1k / 10k / 20k-document corpora, a 10k "broken references" one and
// the 100k monorepo (all cached under bench-results/corpus, never in git),
// times every parser and the engine's cold index in fresh processes (median of --reps runs), the
// real CLI `check` (as shipped, and the same source with the fast YAML path stubbed out as the
// "before" baseline), and the real language server over stdio; prints one table (what, on what,
// time, baseline, ratio) and writes it as JSON to bench-results/. `npm run bench:smoke` runs a
// tiny corpus once: it proves the harness works and asserts nothing about timing.
//
//   node out/test/bench/run.js [--smoke] [--sizes 1000,10000,20000] [--broken 10000] [--huge 100000|0]
//                              [--reps 3] [--no-server] [--no-cli] [--details] [--quick]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { parseYamlStream, parseYamlStreamReference } from '../../shared/src/yaml/parseYamlStream';
import { generateCorpus, HUB_PATH, writeCorpus, type Corpus, type CorpusKind } from './corpus';
import { MEASURES, readWorkspace, sinkValue } from './measures';
import { benchServer, SERVER_PATH, serverAnswers, type CompletionTarget, type EditTarget, type ServerFigures } from './serverBench';

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
  // The reader thread's source, embedded as scripts/bundle.mjs embeds it in the shipped CLI.
  const reader = await esbuild.build({ entryPoints: [path.join(repoRoot, 'host/src/readerWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', write: false });
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'cli/src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    define: { KSD_VERSION: '"bench"', KSD_READER_SOURCE: JSON.stringify(reader.outputFiles[0]!.text) },
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

/** Every CLI output, in smoke mode: the variants must agree. */
const cliChecks: { cli: string; command: string; workspace: string; output: string }[] = [];
let keepOutputs = false;

function runCli(cli: string, reporter: string, workspace: string, command: 'check' | 'explain'): { ms: number; maxRssMb: number | null; exit: number | null } {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['-r', reporter, cli, command, '-f', workspace, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - started;
  if (out.status !== 0 && out.status !== 1) throw new Error(`${cli} ${command} exited with ${out.status}: ${out.stderr}`);
  if (keepOutputs) cliChecks.push({ cli, command, workspace, output: out.stdout });
  const kb = /KSD_BENCH_MAXRSS_KB (\d+)/.exec(out.stderr)?.[1];
  return { ms, maxRssMb: kb ? Number(kb) / 1024 : null, exit: out.status };
}

// ---------------------------------------------------------------------------------------------
// Orchestration.

interface Options {
  readonly smoke: boolean;
  readonly sizes: readonly number[];
  /** Sizes of the "broken references" corpus. */
  readonly broken: readonly number[];
  /** The monorepo size (0: skipped), built on demand and measured only for the issue's targets. */
  readonly huge: number;
  readonly reps: number;
  readonly server: boolean;
  readonly cli: boolean;
  /** Print every detail row, not only the targets. */
  readonly details: boolean;
  /** Only what the targets need: no parser breakdown, no yaml-path CLI, no random-edit soak. */
  readonly quick: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (v: string): number[] => (v === '' || v === 'none' ? [] : v.split(',').map(Number));
  const smoke = argv.includes('--smoke');
  return {
    smoke,
    sizes: list(value('sizes') ?? (smoke ? '200' : '1000,10000,20000')),
    broken: list(value('broken') ?? (smoke ? '200' : '10000')),
    huge: Number(value('huge') ?? (smoke ? 0 : 100_000)),
    reps: Number(value('reps') ?? (smoke ? 1 : 3)),
    server: !argv.includes('--no-server'),
    cli: !argv.includes('--no-cli'),
    details: smoke || argv.includes('--details'),
    quick: argv.includes('--quick'),
  };
}

/**
 * Where completion is measured: inside the first host written in a workload's env value (first
 * file by path), two letters typed. The edit target's StatefulSet may hold no host at all (at 10k
 * its only env value was `"debug"`, and the row then timed an empty answer), so this is chosen on
 * its own; a completion that offers nothing makes the row not valid.
 */
function completionTarget(workspace: string, corpus: Corpus): CompletionTarget | null {
  const host = /^\s*value: '?(?:[a-z]+:\/\/)?(?=[a-z][a-z0-9-]*\.[a-z])/m;
  for (const f of [...corpus.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!/\nkind: (?:StatefulSet|Deployment)\n/.test(`\n${f.text}`)) continue;
    const match = host.exec(f.text);
    if (match) return { file: path.join(workspace, ...f.path.split('/')), offset: match.index + match[0].length + 2 };
  }
  return null;
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
  return markdownTable(header, cells);
}

function markdownTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => `| ${c.map((s, i) => s.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** One of the issue's targets: what was measured against what limit, and whether it holds. */
interface Verdict {
  readonly target: string;
  readonly on: string;
  readonly measured: string;
  /** The figure compared with the limit (a ratio, milliseconds or MB). */
  readonly value: number | null;
  readonly limit: number;
  readonly unit: 'x' | 'ms' | 'MB';
  /** Why the figure does not measure the target (then the verdict says so, whatever the figure). */
  readonly invalid?: string | null;
}

function verdictRows(verdicts: readonly Verdict[]): string {
  const cells = verdicts.map((v) => {
    const shown = v.value === null ? '—' : v.unit === 'x' ? `${v.value.toFixed(2)}×` : format(v.value, v.unit);
    const limit = v.unit === 'x' ? `≤ ${v.limit}×` : `≤ ${format(v.limit, v.unit)}`;
    const verdict =
      v.value === null ? 'not measured' : v.invalid ? `**not valid** (${v.invalid})` : v.value <= v.limit ? 'met' : `missed by ${(((v.value - v.limit) / v.limit) * 100).toFixed(0)} %`;
    return [v.target, v.on, v.measured, shown, limit, verdict];
  });
  return markdownTable(['target', 'on', 'measured', 'ratio / figure', 'limit', 'verdict'], cells);
}

type CliId = 'cli-shipped' | 'cli-yaml-path' | 'cli-explain';

/** What one corpus is measured with. */
interface Plan {
  readonly size: number;
  readonly kind: CorpusKind;
  readonly measures: readonly string[];
  readonly cli: readonly CliId[];
  readonly server: 'full' | 'targets' | null;
  readonly reps: number;
}

/** Per corpus (`<kind>-<size>`): the medians the targets are computed from. */
interface Figures {
  readonly floorMs: number;
  readonly ratio: (id: string) => number;
  readonly ms: (id: string) => number;
  readonly cliRssMb: number | null;
  readonly coldIndexMs: number;
  readonly server: ServerFigures | null;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1]!, argv[2]!);
  const options = parseOptions(argv);
  keepOutputs = options.smoke;
  const rows: Row[] = [];
  const notes: string[] = [];
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const corpora: { documents: number; kind: CorpusKind; files: number; bytes: number; dir: string }[] = [];
  const figures = new Map<string, Figures>();
  const BASE = 'yaml-parseAllDocuments';

  if (options.cli && !fs.existsSync(CLI_PATH)) throw new Error('dist/cli.js is missing: run `node scripts/bundle.mjs cli` first');
  const variants = options.cli ? await buildCliVariants() : null;
  const haveServer = options.server && fs.existsSync(SERVER_PATH) && (await serverAnswers(fs.mkdtempSync(path.join(os.tmpdir(), 'ksd-bench-probe-'))));
  if (options.server && !haveServer) notes.push('dist/server.js is missing or does not answer LSP: server figures skipped.');

  const all = MEASURES.map((m) => m.id);
  const plans: Plan[] = [
    ...options.sizes.map(
      (size): Plan => ({
        size,
        kind: 'typical',
        measures: options.quick ? [BASE, 'index-cli', 'index-check'] : all,
        cli: options.quick ? ['cli-shipped', 'cli-explain'] : ['cli-shipped', 'cli-yaml-path', 'cli-explain'],
        server: options.smoke && size !== options.sizes[0] ? null : options.quick ? 'targets' : 'full',
        reps: options.reps,
      }),
    ),
    ...options.broken.map((size): Plan => ({ size, kind: 'broken', measures: [BASE, 'index-cli', 'index-check'], cli: options.smoke ? ['cli-shipped', 'cli-yaml-path'] : ['cli-shipped'], server: null, reps: options.reps })),
    // The monorepo: only what its targets need, one round (a round takes minutes on 2 cores).
    ...(options.huge > 0 ? [{ size: options.huge, kind: 'typical', measures: [BASE, 'index-cli'], cli: ['cli-shipped'], server: 'targets', reps: 1 } satisfies Plan] : []),
  ];

  for (const plan of plans) {
    const { size, kind } = plan;
    const { dir, corpus } = writeCorpus(path.join(resultsDir, 'corpus'), size, kind);
    const workspace = path.join(dir, 'workspace');
    corpora.push({ documents: corpus.documents, kind, files: corpus.files.length, bytes: corpus.bytes, dir: path.relative(repoRoot, dir) });
    const on = `${corpus.documents} docs${kind === 'typical' ? '' : `, ${kind} references`}`;
    log(`corpus ${on}: ${corpus.files.length} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, in ${path.relative(repoRoot, dir)}`);
    // Rounds outside, measures inside: a burst of load on this (shared) machine then hits every
    // measure of one round rather than every round of one measure; ratios are taken per round
    // (against that round's baseline) and the median of those is reported.
    const measures = MEASURES.filter((m) => plan.measures.includes(m.id));
    const cliIds = variants ? plan.cli : [];
    const ids = [...measures.map((m) => m.id), ...cliIds];
    const results = new Map<string, ChildResult[]>(ids.map((id) => [id, []]));
    let cliRss: number | null = null;
    for (let r = 0; r < plan.reps; r++) {
      for (const m of measures) results.get(m.id)!.push(runChild(m.id, workspace));
      for (const id of cliIds) {
        const script = id === 'cli-yaml-path' ? variants!.yamlPath : CLI_PATH;
        const run = runCli(script, variants!.reporter, workspace, id === 'cli-explain' ? 'explain' : 'check');
        if (id === 'cli-shipped') cliRss = Math.max(cliRss ?? 0, run.maxRssMb ?? 0);
        results.get(id)!.push({ ms: run.ms, rssMb: run.maxRssMb ?? NaN, maxRssMb: run.maxRssMb ?? NaN, note: null });
      }
    }
    const runsOf = (id: string): ChildResult[] => results.get(id) ?? [];
    const ms = (id: string): number => median(runsOf(id).map((x) => x.ms));
    /** Median over rounds of (this round's figure / this round's baseline). */
    const ratio = (id: string, baseId: string = BASE): number => {
      const a = runsOf(id);
      const b = runsOf(baseId);
      return median(a.map((x, i) => x.ms / (b[i]?.ms ?? NaN)).filter((x) => !Number.isNaN(x)));
    };
    for (const id of ids) if (runsOf(id).length) log(`  ${id.padEnd(24)} ${ms(id).toFixed(0).padStart(6)} ms   (${runsOf(id).map((x) => x.ms.toFixed(0)).join(', ')})`);
    const base = ms(BASE);
    const row = (id: string, what: string, input: string, target?: string, note?: string | null): Row => ({
      what,
      on: `${on}, ${input}`,
      value: ms(id),
      unit: 'ms',
      baseline: 'yaml.parseAllDocuments',
      baselineValue: base,
      ratio: ratio(id),
      target,
      note: note ?? undefined,
      runs: runsOf(id).map((x) => Math.round(x.ms)),
    });
    for (const m of measures) {
      if (m.id === BASE) {
        if (plan.measures.includes('js-yaml')) rows.push({ ...row(m.id, m.what, 'from memory'), baseline: 'js-yaml', baselineValue: ms('js-yaml'), ratio: ratio(BASE, 'js-yaml') });
        else rows.push({ ...row(m.id, m.what, 'from memory'), baseline: '', baselineValue: null, ratio: null });
        continue;
      }
      rows.push(row(m.id, m.what, m.input === 'memory' ? 'from memory' : 'from disk', m.id === 'index-cli' ? '≤ 0.40' : undefined, runsOf(m.id)[0]?.note));
    }
    if (plan.measures.includes('js-yaml')) rows.push({ ...row('index-cli', 'cold index (loadWorkspace) vs js-yaml loadAll', 'from disk'), baseline: 'js-yaml loadAll', baselineValue: ms('js-yaml'), ratio: ratio('index-cli', 'js-yaml') });
    rows.push({ what: 'RSS after cold index (loadWorkspace, in process)', on, value: median(runsOf('index-cli').map((x) => x.rssMb)), unit: 'MB', baseline: '', baselineValue: null, ratio: null });
    if (cliIds.includes('cli-shipped')) {
      rows.push(row('cli-shipped', 'CLI check, dist/cli.js as shipped (wall, incl. node start)', 'from disk', '≤ 0.40'));
      if (cliIds.includes('cli-yaml-path')) {
        rows.push(row('cli-yaml-path', 'CLI check, same source on the yaml path (before)', 'from disk'));
        rows.push({ ...row('cli-shipped', 'CLI check, shipped vs the yaml path (before)', 'from disk'), baseline: 'yaml path', baselineValue: ms('cli-yaml-path'), ratio: ratio('cli-shipped', 'cli-yaml-path') });
      }
      rows.push({ what: 'CLI check peak RSS', on, value: cliRss, unit: 'MB', baseline: '', baselineValue: null, ratio: null });
    }
    if (cliIds.includes('cli-explain')) rows.push(row('cli-explain', 'CLI explain --format json, dist/cli.js (wall, incl. node start)', 'from disk', '≤ 0.50'));

    let server: ServerFigures | null = null;
    if (haveServer && plan.server) {
      const target = editTarget(workspace, corpus);
      if (!target) notes.push(`no split headless Service + StatefulSet pair in the ${size}-document corpus: server figures skipped`);
      else {
        const full = plan.server === 'full';
        const completion = completionTarget(workspace, corpus);
        if (!completion && (options.smoke || size === 10_000)) throw new Error(`no host written in a workload's env in the ${size}-document corpus: nowhere to measure completion`);
        const features =
          completion && (options.smoke || size === 10_000) ? { hubService: path.join(workspace, ...HUB_PATH.split('/')), completion, requests: options.smoke ? 3 : 50 } : undefined;
        const rounds = options.smoke ? { edits: 6, hovers: 6, randomEdits: 20, features } : { edits: 200, hovers: 200, randomEdits: full ? (size >= 10_000 ? 10_000 : 1000) : 0, features };
        log(`  server: ${rounds.edits} edits, ${rounds.hovers} hovers, ${rounds.randomEdits} random edits${features ? ', references / symbols / completion' : ''}…`);
        const s = await benchServer(SERVER_PATH, workspace, target, rounds);
        server = s;
        log(`  server: cold ${s.coldIndexMs.toFixed(0)} ms, edit p95 ${s.editP95Ms.toFixed(1)} ms, hover p95 ${s.hoverP95Ms.toFixed(1)} ms, RSS ${s.rssAfterIndexMb?.toFixed(0)} MB`);
        rows.push({ what: 'server cold index (spawn → first diagnostics answer)', on: `${on}, from disk`, value: s.coldIndexMs, unit: 'ms', baseline: 'yaml.parseAllDocuments', baselineValue: base, ratio: s.coldIndexMs / base, target: '≤ 0.40' });
        rows.push({ what: 'server: open file first hover (spawn → answer)', on, value: s.openFileHoverMs, unit: 'ms', baseline: 'index complete', baselineValue: s.progressEndMs ?? s.coldIndexMs, ratio: s.openFileHoverMs / (s.progressEndMs ?? s.coldIndexMs), target: '< 1 (before the index)' });
        rows.push({ what: 'server editing p95 (change + pull 2 files)', on, value: s.editP95Ms, unit: 'ms', baseline: 'p50', baselineValue: s.editP50Ms, ratio: s.editP95Ms / s.editP50Ms, target: '≤ 15 ms' });
        rows.push({ what: 'server hover p95', on, value: s.hoverP95Ms, unit: 'ms', baseline: 'p50', baselineValue: s.hoverP50Ms, ratio: s.hoverP95Ms / s.hoverP50Ms, target: '≤ 5 ms' });
        rows.push({ what: 'server RSS after indexing', on, value: s.rssAfterIndexMb, unit: 'MB', baseline: '', baselineValue: null, ratio: null, target: size >= 100_000 ? '≤ 1 GB' : '≤ 250 MB' });
        if (s.randomEdits > 0)
          rows.push({ what: `server RSS after ${s.randomEdits} random edits`, on, value: s.rssAfterEditsMb, unit: 'MB', baseline: 'after indexing', baselineValue: s.rssAfterIndexMb, ratio: s.rssAfterEditsMb !== null && s.rssAfterIndexMb ? s.rssAfterEditsMb / s.rssAfterIndexMb : null, target: '≈ 1 (noise)' });
        const f = s.features;
        if (f) {
          rows.push({ what: `server references p95 (Service named ${f.referencesFound} times)`, on, value: f.referencesP95Ms, unit: 'ms', baseline: 'p50', baselineValue: f.referencesP50Ms, ratio: f.referencesP95Ms / f.referencesP50Ms, target: '≤ 50 ms' });
          rows.push({ what: 'server workspace symbols p95', on, value: f.symbolsP95Ms, unit: 'ms', baseline: 'p50', baselineValue: f.symbolsP50Ms, ratio: f.symbolsP95Ms / f.symbolsP50Ms, target: '≤ 50 ms' });
          rows.push({ what: `server completion p95 (host value, ${f.completionItems} items)`, on, value: f.completionP95Ms, unit: 'ms', baseline: 'p50', baselineValue: f.completionP50Ms, ratio: f.completionP95Ms / f.completionP50Ms, target: '≤ 20 ms' });
        }
      }
    }
    figures.set(`${kind}-${size}`, { floorMs: base, ratio, ms, cliRssMb: cliRss, coldIndexMs: ms('index-cli'), server });
  }

  // Growth and size-independence.
  const growth = (what: string, value: (f: Figures) => number | null | undefined, from: number, to: number, target: string, unit: Row['unit'] = 'ms'): number | null => {
    const a = figures.get(`typical-${from}`);
    const b = figures.get(`typical-${to}`);
    const va = a ? value(a) : undefined;
    const vb = b ? value(b) : undefined;
    if (va === undefined || vb === undefined || va === null || vb === null) return null;
    rows.push({ what, on: `${to / 1000}k vs ${from / 1000}k docs`, value: vb, unit, baseline: `${from / 1000}k`, baselineValue: va, ratio: vb / va, target });
    return vb / va;
  };
  const cliGrowth = growth('growth: CLI check (shipped)', (f) => f.ms('cli-shipped'), 10_000, 20_000, '≤ 2.1');
  const serverGrowth = growth('growth: server cold index', (f) => f.server?.coldIndexMs, 10_000, 20_000, '≤ 2.1');
  growth('growth: cold index (loadWorkspace)', (f) => f.coldIndexMs, 10_000, 20_000, '≤ 2.1');
  growth('server editing p95, by workspace size', (f) => f.server?.editP95Ms, 1000, 10_000, '≤ 1.5');
  growth('server hover p95, by workspace size', (f) => f.server?.hoverP95Ms, 1000, 10_000, '≤ 1.5');

  // The issue's targets, one row each.
  const typical10k = figures.get('typical-10000');
  const broken10k = figures.get('broken-10000');
  const huge = options.huge > 0 ? figures.get(`typical-${options.huge}`) : undefined;
  const hugeOn = `${options.huge / 1000}k docs`;
  const features = typical10k?.server?.features ?? null;
  const verdicts: Verdict[] = [
    { target: 'CLI check, ~95 % of references resolving', on: '10k docs', measured: 'wall / yaml floor', value: typical10k?.ratio('cli-shipped') ?? null, limit: 0.4, unit: 'x' },
    { target: 'CLI check, nearly every reference broken', on: '10k docs', measured: 'wall / yaml floor', value: broken10k?.ratio('cli-shipped') ?? null, limit: 0.4, unit: 'x' },
    { target: 'CLI explain', on: '10k docs', measured: 'wall / yaml floor', value: typical10k?.ratio('cli-explain') ?? null, limit: 0.5, unit: 'x' },
    { target: 'growth, CLI check', on: '20k / 10k docs', measured: 'wall 20k / wall 10k', value: cliGrowth, limit: 2.1, unit: 'x' },
    { target: 'growth, server cold index', on: '20k / 10k docs', measured: 'cold index 20k / 10k', value: serverGrowth, limit: 2.1, unit: 'x' },
    { target: 'server cold index', on: hugeOn, measured: 'spawn → diagnostics / yaml floor', value: huge?.server ? huge.server.coldIndexMs / huge.floorMs : null, limit: 0.4, unit: 'x' },
    { target: 'server RSS after indexing', on: hugeOn, measured: 'VmRSS', value: huge?.server?.rssAfterIndexMb ?? null, limit: 1024, unit: 'MB' },
    { target: 'server edit → diagnostics p95', on: hugeOn, measured: 'change + pull 2 files', value: huge?.server?.editP95Ms ?? null, limit: 15, unit: 'ms' },
    { target: 'server hover p95', on: hugeOn, measured: 'hover', value: huge?.server?.hoverP95Ms ?? null, limit: 5, unit: 'ms' },
    { target: 'CLI check', on: hugeOn, measured: 'wall / yaml floor', value: huge ? huge.ratio('cli-shipped') : null, limit: 0.4, unit: 'x' },
    { target: 'CLI check peak RSS', on: hugeOn, measured: 'maxRSS', value: huge?.cliRssMb ?? null, limit: 1536, unit: 'MB' },
    { target: `references on a Service named ${features?.referencesFound ?? 1000} times, p95`, on: '10k docs', measured: 'textDocument/references', value: features?.referencesP95Ms ?? null, limit: 50, unit: 'ms' },
    { target: 'workspace symbols p95', on: '10k docs', measured: 'workspace/symbol', value: features?.symbolsP95Ms ?? null, limit: 50, unit: 'ms' },
    { target: 'completion p95', on: '10k docs', measured: 'textDocument/completion in a host value', value: features?.completionP95Ms ?? null, limit: 20, unit: 'ms', invalid: features && features.completionItems === 0 ? 'it completed nothing' : null },
  ];

  const table = printTable(rows);
  const targets = verdictRows(verdicts);
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
  };
  const report = { date: new Date().toISOString(), mode: options.smoke ? 'smoke' : 'full', reps: options.reps, machine, corpora, verdicts, rows, notes };
  fs.mkdirSync(resultsDir, { recursive: true });
  const name = options.smoke ? 'smoke.json' : `bench-${report.date.replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(path.join(resultsDir, name), JSON.stringify(report, null, 2));
  if (!options.smoke) fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2));
  process.stdout.write(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}; median of ${options.reps} cold run(s) each\n\n${targets}\n`);
  if (options.details) process.stdout.write(`\n${table}\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  process.stdout.write(`\nwritten to ${path.relative(repoRoot, path.join(resultsDir, name))}\n`);

  if (options.smoke) smokeChecks(rows, verdicts, variants !== null, haveServer);
}

/** The smoke run proves the harness works: every row has a figure, and the fast path matches yaml on the corpus. */
function smokeChecks(rows: readonly Row[], verdicts: readonly Verdict[], cliRan: boolean, serverRan: boolean): void {
  const missing = rows.filter((r) => r.value === null && r.unit === 'ms');
  if (missing.length > 0) throw new Error(`smoke: rows without a figure: ${missing.map((r) => r.what).join(', ')}`);
  if (rows.length < MEASURES.length) throw new Error('smoke: measures missing');
  if (verdicts.length !== 14) throw new Error(`smoke: the targets table has ${verdicts.length} rows, the issue has 14 targets`);
  // The shipped CLI and the yaml-path (before) CLI must print the same report, on each corpus.
  if (cliRan) {
    if (cliChecks.length < 4) throw new Error(`smoke: expected the shipped and yaml-path check reports on both corpora, got ${cliChecks.length}`);
    for (const workspace of new Set(cliChecks.map((c) => c.workspace))) {
      const reports = cliChecks.filter((c) => c.workspace === workspace && c.command === 'check');
      if (reports.length !== 2 || reports[0]!.output !== reports[1]!.output) throw new Error(`smoke: the shipped and the yaml-path CLI printed different check reports on ${workspace}`);
      const parsed = JSON.parse(reports[0]!.output) as unknown;
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`smoke: check printed no JSON report on ${workspace}`);
    }
    const explain = cliChecks.find((c) => c.command === 'explain');
    if (!explain || !explain.output.includes('"service":')) throw new Error('smoke: explain printed no JSON explanation');
  }
  // The navigation features answered, and references found every mention of the shared Service.
  const references = rows.find((r) => r.what.startsWith('server references p95'));
  if (serverRan && (!references || /named 0 times/.test(references.what))) throw new Error(`smoke: references on the shared Service found nothing (${references?.what ?? 'no row'})`);
  // Completion must offer hosts where it is measured, or its row times an empty answer.
  const completion = rows.find((r) => r.what.startsWith('server completion p95'));
  if (serverRan && (!completion || /, 0 items\)/.test(completion.what))) throw new Error(`smoke: completion offered nothing where it is measured (${completion?.what ?? 'no row'})`);
  const invalid = verdicts.filter((v) => v.invalid);
  if (invalid.length > 0) throw new Error(`smoke: targets not validly measured: ${invalid.map((v) => `${v.target} (${v.invalid})`).join(', ')}`);
  const corpus = generateCorpus(200);
  for (const f of corpus.files) {
    if (JSON.stringify(parseYamlStream(f.text)) !== JSON.stringify(parseYamlStreamReference(f.text))) throw new Error(`smoke: fast path differs from yaml on ${f.path}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
