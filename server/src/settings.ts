// The server's settings: their shape, their defaults, and how they are read from the client's
// `workspace/configuration` (section `kubeServiceDns`, plus `files.exclude` per workspace folder).
// Every value is user input, so each is validated and falls back to its default.
import { DNS_PROFILES, PROBLEM_CODES, withDefaults, type DnsProfile, type EngineOptions, type ProblemCode, type SeverityOverrides, type ValueSite } from '../../shared/src/index';

export const SECTION = 'kubeServiceDns';

export type HostScanField = ValueSite['field'];
export const HOST_SCAN_FIELDS: readonly HostScanField[] = ['env', 'args', 'command', 'configmap', 'probe'];

/**
 * `auto` reports YAML syntax errors only when Red Hat's YAML extension, which reports them too,
 * is not active (the client says so in `initializationOptions`).
 */
export type YamlSyntaxReporting = 'auto' | 'always' | 'never';

export interface Settings {
  readonly clusterDomain: string;
  readonly defaultNamespace: string;
  readonly dnsProfile: DnsProfile;
  readonly severity: SeverityOverrides;
  /** Extra exclude globs, matched like `files.exclude` (relative to each workspace folder). */
  readonly exclude: readonly string[];
  readonly hostScanFields: readonly HostScanField[];
  /** Files larger than this many bytes are skipped with a `file-skipped` note. */
  readonly maxFileSize: number;
  readonly reportYamlSyntaxErrors: YamlSyntaxReporting;
  /** `files.exclude` globs that are switched on, per workspace folder URI. */
  readonly filesExclude: ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export const DEFAULT_SETTINGS: Settings = {
  clusterDomain: 'cluster.local',
  defaultNamespace: 'default',
  dnsProfile: 'coredns',
  severity: {},
  exclude: [],
  hostScanFields: HOST_SCAN_FIELDS,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  reportYamlSyntaxErrors: 'auto',
  filesExclude: new Map(),
};

const SEVERITY_VALUES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Reads the `kubeServiceDns` section (as the client returns it) and `files.exclude` per folder. */
export function parseSettings(section: unknown, filesExclude: ReadonlyMap<string, unknown>): Settings {
  const raw = isRecord(section) ? section : {};
  const severity: Record<string, string> = {};
  if (isRecord(raw['severity']))
    for (const [code, value] of Object.entries(raw['severity']))
      if (code in PROBLEM_CODES && typeof value === 'string' && SEVERITY_VALUES.has(value)) severity[code] = value;
  const fields = Array.isArray(raw['hostScanFields']) ? HOST_SCAN_FIELDS.filter((f) => (raw['hostScanFields'] as unknown[]).includes(f)) : HOST_SCAN_FIELDS;
  const maxFileSize = raw['maxFileSize'];
  const reporting = raw['reportYamlSyntaxErrors'];
  const excludes = new Map<string, readonly string[]>();
  for (const [folder, value] of filesExclude) excludes.set(folder, enabledGlobs(value));
  return {
    clusterDomain: typeof raw['clusterDomain'] === 'string' ? raw['clusterDomain'] : DEFAULT_SETTINGS.clusterDomain,
    defaultNamespace: typeof raw['defaultNamespace'] === 'string' ? raw['defaultNamespace'] : DEFAULT_SETTINGS.defaultNamespace,
    dnsProfile: DNS_PROFILES.includes(raw['dnsProfile'] as DnsProfile) ? (raw['dnsProfile'] as DnsProfile) : DEFAULT_SETTINGS.dnsProfile,
    severity: severity as SeverityOverrides,
    exclude: Array.isArray(raw['exclude']) ? raw['exclude'].filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    hostScanFields: fields,
    maxFileSize: typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize > 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
    reportYamlSyntaxErrors: reporting === 'always' || reporting === 'never' ? reporting : 'auto',
    filesExclude: excludes,
  };
}

/** `files.exclude` maps globs to `true`, `false` or `{ when }`; only plain `true` excludes here. */
function enabledGlobs(value: unknown): string[] {
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export function engineOptions(settings: Settings): EngineOptions {
  return withDefaults({ clusterDomain: settings.clusterDomain, defaultNamespace: settings.defaultNamespace, profile: settings.dnsProfile });
}

/** The per-code overrides to apply, with `yaml-syntax` switched off when another extension reports it. */
export function effectiveSeverities(settings: Settings, redHatYamlActive: boolean): SeverityOverrides {
  const report = settings.reportYamlSyntaxErrors === 'always' || (settings.reportYamlSyntaxErrors === 'auto' && !redHatYamlActive);
  const code: ProblemCode = 'yaml-syntax';
  return report ? settings.severity : { ...settings.severity, [code]: 'off' };
}

/** True when two settings need a new disk scan (what is read changed, not only how it is read). */
export function scanChanged(a: Settings, b: Settings): boolean {
  return a.maxFileSize !== b.maxFileSize || !sameList(a.exclude, b.exclude) || !sameExcludes(a.filesExclude, b.filesExclude);
}

function sameExcludes(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!sameList(v, b.get(k) ?? [])) return false;
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
