// The `kube-service-dns` command: the DNS engine for CI and terminals. Exit codes: 0 clean,
// 1 a problem at or above --fail-on, 2 bad arguments or unreadable paths. It never prints a
// stack trace for user input.
import { once } from 'node:events';
import { applySeverityOverrides, checkFile, explainService, resolveQuery, type OverlayAnalysis, type Problem, type ServiceDecl, type ServiceExplanation, type Severity } from '../../shared/src/index';
import { parseCommandLine, USAGE, UsageError, type Command, type FailOn } from './args';
import { loadWorkspaceInParallel, readStreamArguments } from './loadWorkspace';
import { escapeControls, formatCheckJson, formatCheckSarif, formatCheckText, Locator } from './report/check';
import { formatExplainJson, formatExplainText } from './report/explain';
import { formatResolveJson, formatResolveText } from './report/resolve';

declare const KSD_VERSION: string | undefined;
const VERSION = typeof KSD_VERSION === 'string' ? KSD_VERSION : '0.0.0-dev';

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function failsOn(problem: Problem, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[problem.severity] >= RANK[failOn];
}

function textsOf(texts: ReadonlyMap<string, string>): { get(path: string): { readonly text: string } | undefined } {
  return { get: (path) => (texts.has(path) ? { text: texts.get(path)! } : undefined) };
}

/**
 * Writes a report piece by piece, in blocks of about 64 KB, waiting when stdout is full: a huge
 * report is never one string (V8 caps strings at 512 MB) and never piles up in memory.
 */
async function writeAll(pieces: Iterable<string>): Promise<void> {
  let block = '';
  const flush = async (): Promise<void> => {
    const full = !process.stdout.write(block);
    block = '';
    if (full) await once(process.stdout, 'drain');
  };
  for (const piece of pieces) {
    block += piece;
    if (block.length >= 65_536) await flush();
  }
  if (block) await flush();
}

async function run(command: Command): Promise<number> {
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const streams = await readStreamArguments(command.paths, command.maxFileBytes);
  const workspace = await loadWorkspaceInParallel(command.paths, command.options, command.maxFileBytes, command.command === 'check' ? command.severities : {}, command.kustomizations, streams);
  if (workspace.errors.length > 0) {
    for (const e of workspace.errors) process.stderr.write(`kube-service-dns: ${escapeControls(workspace.displayPath(e.path))}: ${e.message}\n`);
    return 2;
  }
  for (const n of workspace.notes) process.stderr.write(`kube-service-dns: note: ${escapeControls(workspace.displayPath(n.path))}: ${n.message}\n`);
  const { catalog, kustomize } = workspace;
  const locator = new Locator(kustomize ? { files: textsOf(kustomize.texts) } : catalog, workspace.displayPath);
  if (command.command === 'check') {
    // Each file's problems are written as it is checked: the report is never held whole.
    let fails = false;
    const problems = (function* () {
      const found = (function* () {
        for (const path of catalog.files.keys()) yield kustomize ? checkFile(catalog, path).filter(kustomize.keep) : checkFile(catalog, path);
        if (kustomize) yield [...kustomize.notes, ...kustomize.hints, ...kustomize.overlays.flatMap((o) => o.problems)];
      })();
      for (const batch of found)
        for (const problem of applySeverityOverrides(batch, workspace.severities)) {
          fails ||= failsOn(problem, command.failOn);
          yield withDisplayPaths(problem, workspace.displayText);
        }
    })();
    const fileCount = kustomize ? kustomize.texts.size : catalog.files.size;
    const out =
      command.format === 'json'
        ? formatCheckJson(problems, locator, fileCount)
        : command.format === 'sarif'
          ? formatCheckSarif(problems, locator, VERSION)
          : formatCheckText(problems, locator, fileCount);
    await writeAll(out);
    return fails ? 1 : 0;
  }
  if (command.command === 'explain') {
    const wanted = new Set(command.services);
    // Plain files, then each overlay's built Services (positions at the fields' origins).
    const worlds = [
      { catalog, services: catalog.services(), originOf: null as OverlayAnalysis['originOf'] | null },
      ...(kustomize?.overlays ?? []).map((o) => ({ catalog: o.catalog, services: o.catalog.services().filter((s) => s.ref.path === o.virtualPath), originOf: o.originOf })),
    ];
    const picked = worlds.map((w) => ({ ...w, services: w.services.filter((s) => wanted.size === 0 || wanted.has(`${s.ref.namespace}/${s.ref.name}`)) }));
    const services = picked.flatMap((w) => w.services);
    if (wanted.size > 0 && new Set(services.map((s) => `${s.ref.namespace}/${s.ref.name}`)).size < wanted.size) {
      const found = new Set(services.map((s) => `${s.ref.namespace}/${s.ref.name}`));
      throw new UsageError(`no Service ${[...wanted].filter((w) => !found.has(w)).join(', ')} in the given files`);
    }
    // Each Service is explained when the report reaches it, and written out: the report is never held whole.
    const sources = new Map<ServiceExplanation, { service: ServiceDecl; originOf: OverlayAnalysis['originOf'] | null }>();
    const explanations = (function* () {
      for (const w of picked)
        for (const s of w.services) {
          const explanation = explainService(w.catalog, s);
          const shown = { ...explanation, notes: explanation.notes.map(workspace.displayText) };
          sources.set(shown, { service: s, originOf: w.originOf });
          yield shown;
          sources.delete(shown);
        }
    })();
    const where = (e: ServiceExplanation) => {
      const entry = sources.get(e)!;
      const at = { path: entry.service.ref.path, span: entry.service.ref.nameSpan };
      return entry.originOf ? (entry.originOf(at.span) ?? at) : at;
    };
    await writeAll(command.format === 'json' ? formatExplainJson(explanations, locator, where) : formatExplainText(explanations, locator, where));
    return 0;
  }
  // With -k, names are answered in that overlay's world, from its namespace.
  const overlay = command.kustomizations.length > 0 ? kustomize?.overlays[0] : undefined;
  const world = overlay ? overlay.catalog : catalog;
  const overlayNamespace = overlay?.build.resources.find((r) => r.namespace !== '')?.namespace;
  const fromNamespace = command.fromNamespace ?? overlayNamespace ?? world.options.defaultNamespace;
  const resolutions = command.names.map((name) => resolveQuery(world, name, { fromNamespace, type: command.type }));
  process.stdout.write(command.format === 'json' ? formatResolveJson(resolutions) : formatResolveText(resolutions));
  return 0;
}

/** A problem whose message and related messages show paths as the rest of the report does. */
function withDisplayPaths(problem: Problem, displayText: (text: string) => string): Problem {
  const related = problem.related?.map((r) => ({ ...r, message: displayText(r.message) }));
  return { ...problem, message: displayText(problem.message), ...(related ? { related } : {}) };
}

async function main(): Promise<void> {
  let code: number;
  try {
    code = await run(parseCommandLine(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kube-service-dns: ${error.message}\nRun kube-service-dns --help for usage.\n`);
      code = 2;
    } else {
      // A bug, not the user's input: say so in one line and keep the details for a report.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`kube-service-dns: internal error: ${message}\nPlease report this with the input that caused it.\n`);
      code = 2;
    }
  }
  process.exitCode = code;
}

void main();
