// The `kube-service-dns` command: the DNS engine for CI and terminals. Exit codes: 0 clean,
// 1 a problem at or above --fail-on, 2 bad arguments or unreadable paths. It never prints a
// stack trace for user input.
import { applySeverityOverrides, checkFile, explainService, resolveQuery, type Problem, type Severity } from '../../shared/src/index';
import { parseCommandLine, USAGE, UsageError, type Command, type FailOn } from './args';
import { loadWorkspace } from './loadWorkspace';
import { formatCheckJson, formatCheckSarif, formatCheckText, Locator } from './report/check';
import { formatExplainJson, formatExplainText } from './report/explain';
import { formatResolveJson, formatResolveText } from './report/resolve';

declare const KSD_VERSION: string | undefined;
const VERSION = typeof KSD_VERSION === 'string' ? KSD_VERSION : '0.0.0-dev';

const RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function failsOn(problems: readonly Problem[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return problems.some((p) => RANK[p.severity] >= RANK[failOn]);
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
  const workspace = loadWorkspace(command.paths, command.options, command.maxFileBytes, command.command === 'check' ? command.severities : {});
  if (workspace.errors.length > 0) {
    for (const e of workspace.errors) process.stderr.write(`kube-service-dns: ${e.path}: ${e.message}\n`);
    return 2;
  }
  const { catalog } = workspace;
  const locator = new Locator(catalog, workspace.displayPath);
  if (command.command === 'check') {
    const problems = applySeverityOverrides([...catalog.files.keys()].flatMap((path) => checkFile(catalog, path)), workspace.severities);
    const fileCount = catalog.files.size;
    const out =
      command.format === 'json'
        ? formatCheckJson(problems, locator, fileCount)
        : command.format === 'sarif'
          ? formatCheckSarif(problems, locator, VERSION)
          : formatCheckText(problems, locator, fileCount);
    process.stdout.write(out);
    return failsOn(problems, command.failOn) ? 1 : 0;
  }
  if (command.command === 'explain') {
    const wanted = new Set(command.services);
    const services = catalog.services().filter((s) => wanted.size === 0 || wanted.has(`${s.ref.namespace}/${s.ref.name}`));
    if (wanted.size > 0 && services.length < wanted.size) {
      const found = new Set(services.map((s) => `${s.ref.namespace}/${s.ref.name}`));
      throw new UsageError(`no Service ${[...wanted].filter((w) => !found.has(w)).join(', ')} in the given files`);
    }
    const explanations = services.map((s) => explainService(catalog, s));
    const where = (e: { service: string }) => {
      const svc = services.find((s) => `${s.ref.namespace}/${s.ref.name}` === e.service)!;
      return { path: svc.ref.path, span: svc.ref.nameSpan };
    };
    process.stdout.write(command.format === 'json' ? formatExplainJson(explanations, locator, where) : formatExplainText(explanations, locator, where));
    return 0;
  }
  const fromNamespace = command.fromNamespace ?? catalog.options.defaultNamespace;
  const resolutions = command.names.map((name) => resolveQuery(catalog, name, { fromNamespace, type: command.type }));
  process.stdout.write(command.format === 'json' ? formatResolveJson(resolutions) : formatResolveText(resolutions));
  return 0;
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
