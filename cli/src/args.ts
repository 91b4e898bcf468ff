// Command-line parsing with Node's own util.parseArgs (no dependency, strict: unknown flags fail).
import { parseArgs } from 'node:util';
import { DNS_PROFILES, clusterDomainError, isProblemCode, namespaceError, queryNameError, type DnsProfile, type EngineOptions, type SeverityOverrides } from '../../shared/src/index';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'info' | 'hint' | 'none';

interface Common {
  readonly paths: string[];
  /** `-k DIR`: kustomization directories, checked as kustomize builds them. */
  readonly kustomizations: string[];
  readonly options: Partial<EngineOptions>;
  readonly format: Format;
  readonly maxFileBytes: number;
}

export type Command =
  | ({ readonly command: 'check'; readonly failOn: FailOn; readonly severities: SeverityOverrides } & Common)
  | ({ readonly command: 'explain'; readonly services: string[] } & Common)
  | ({ readonly command: 'resolve'; readonly names: string[]; readonly fromNamespace: string | null; readonly type: string } & Common)
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export const USAGE = `Usage: kube-service-dns <command> [options]

Commands:
  check   -f PATH… | -k DIR   Report DNS problems (exit 1 when one is at or above --fail-on)
  explain -f PATH… | -k DIR   Show every Service: mode, selected pods, names that resolve and that do not
  resolve NAME… -f PATH… | -k DIR   Answer names as cluster DNS would, from a pod's namespace

Options:
  -f, --filename PATH         File or folder (recursive, *.yaml/*.yml); repeatable. Kustomizations
                              in it are checked as built: each overlay as its own world.
                              - reads standard input, and -f <(command) reads its output
  -k, --kustomize DIR         A kustomization directory, checked as kubectl kustomize builds it; repeatable
  --format text|json|sarif    Output format (sarif: check only; default text)
  --fail-on error|warning|info|hint|none   Lowest severity that fails check (default warning)
  --severity CODE=LEVEL       Override a problem's severity (error|warning|info|hint|off); repeatable
  --service NS/NAME           explain: only these Services; repeatable
  --from-namespace NS         resolve: the client pod's namespace (default: --default-namespace)
  --type TYPE                 resolve: record type, e.g. A, AAAA, SRV, CNAME, TXT (default A)
  --cluster-domain DOMAIN     Cluster domain (default cluster.local)
  --default-namespace NS      Namespace of objects without one (default default)
  --profile coredns|kube-dns|spec   DNS implementation to answer for (default coredns)
  --max-file-size BYTES       Skip larger files with a note (default 5242880)
  -h, --help                  Show this help
  -v, --version               Show the version
`;

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'hint', 'none'];
const LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        filename: { type: 'string', short: 'f', multiple: true },
        kustomize: { type: 'string', short: 'k', multiple: true },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        severity: { type: 'string', multiple: true },
        service: { type: 'string', multiple: true },
        'from-namespace': { type: 'string' },
        type: { type: 'string' },
        'cluster-domain': { type: 'string' },
        'default-namespace': { type: 'string' },
        profile: { type: 'string' },
        'max-file-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('no command given (check, explain or resolve)');
  if (command !== 'check' && command !== 'explain' && command !== 'resolve') throw new UsageError(`unknown command "${command}" (use check, explain or resolve)`);
  const paths = values.filename ?? [];
  const kustomizations = values.kustomize ?? [];
  if (paths.length === 0 && kustomizations.length === 0) throw new UsageError(`${command} needs at least one -f PATH or -k DIR`);
  if (paths.includes('') || kustomizations.includes('')) throw new UsageError('-f or -k was given an empty path (use . for the current folder)');
  const format = oneOf(values.format ?? 'text', ['text', 'json', 'sarif'] as const, '--format');
  if (format === 'sarif' && command !== 'check') throw new UsageError('--format sarif is only for check');
  const profile = values.profile === undefined ? undefined : oneOf(values.profile, DNS_PROFILES, '--profile');
  const clusterDomain = values['cluster-domain'];
  const domainError = clusterDomain === undefined ? null : clusterDomainError(clusterDomain);
  if (domainError) throw new UsageError(`--cluster-domain: ${domainError}`);
  for (const [flag, value] of [['--default-namespace', values['default-namespace']], ['--from-namespace', values['from-namespace']]] as const) {
    const error = value === undefined ? null : namespaceError(value);
    if (error) throw new UsageError(`${flag}: ${error}`);
  }
  const options: Partial<EngineOptions> = {
    ...(clusterDomain !== undefined ? { clusterDomain } : {}),
    ...(values['default-namespace'] !== undefined ? { defaultNamespace: values['default-namespace'] } : {}),
    ...(profile !== undefined ? { profile: profile as DnsProfile } : {}),
  };
  const maxFileBytes = values['max-file-size'] === undefined ? 5 * 1024 * 1024 : Number(values['max-file-size']);
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) throw new UsageError('--max-file-size takes a positive number of bytes');
  const common = { paths, kustomizations, options, format, maxFileBytes };
  if (command === 'check') {
    if (rest.length) throw new UsageError(`check takes no names (got "${rest[0]}")`);
    const severities: SeverityOverrides = {};
    for (const entry of values.severity ?? []) {
      const [code, level] = entry.split('=');
      if (!code || !isProblemCode(code)) throw new UsageError(`--severity: unknown problem code ${JSON.stringify(code ?? '')}`);
      severities[code] = oneOf(level ?? '', LEVELS, `--severity ${code}`);
    }
    return { command, ...common, failOn: oneOf(values['fail-on'] ?? 'warning', FAIL_ON, '--fail-on'), severities };
  }
  if (command === 'explain') {
    if (rest.length) throw new UsageError(`explain takes no names (got "${rest[0]}"); use --service NS/NAME`);
    return { command, ...common, services: values.service ?? [] };
  }
  if (rest.length === 0) throw new UsageError('resolve needs at least one NAME');
  const type = (values.type ?? 'A').toUpperCase();
  if (!/^[A-Z0-9]{1,10}$/.test(type)) throw new UsageError(`--type "${values.type}" is not a DNS record type`);
  for (const name of rest) {
    const error = queryNameError(name);
    if (error) throw new UsageError(`resolve: ${error}`);
  }
  return { command, ...common, names: rest, fromNamespace: values['from-namespace'] ?? null, type };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
