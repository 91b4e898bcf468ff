// The server's settings: their shape, their defaults, and how they are read from the client's
// `workspace/configuration` (section `kubeServiceDns`, plus `files.exclude` per workspace folder).
// Every value is user input, so each is validated and falls back to its default.
import { DNS_PROFILES, clusterDomainError, isProblemCode, namespaceError, withDefaults, type DnsProfile, type EngineOptions, type ProblemCode, type SeverityOverrides, type ValueSite } from '../../shared/src/index';

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
  /** The scan stops after this many YAML files, with a note. */
  readonly maxFiles: number;
  /** Milliseconds one file's reading or checking may take; past it the rest is left out with a note. */
  readonly maxCheckTime: number;
  readonly reportYamlSyntaxErrors: YamlSyntaxReporting;
  /** `files.exclude` globs that are switched on, per workspace folder URI. */
  readonly filesExclude: ReadonlyMap<string, readonly string[]>;
  /** Namespaces that live elsewhere (only from the repository config file). */
  readonly externalNamespaces: readonly string[];
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** 50,000 small files index in about 4 s and 400 MB; a folder of `/` stops there. */
export const DEFAULT_MAX_FILES = 50_000;
/** A 5 MB file of small documents reads in about 1 s on a loaded 2-core machine; ordinary files in milliseconds. */
export const DEFAULT_MAX_CHECK_TIME = 3000;

export const DEFAULT_SETTINGS: Settings = {
  clusterDomain: 'cluster.local',
  defaultNamespace: 'default',
  dnsProfile: 'coredns',
  severity: {},
  exclude: [],
  hostScanFields: HOST_SCAN_FIELDS,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  maxFiles: DEFAULT_MAX_FILES,
  maxCheckTime: DEFAULT_MAX_CHECK_TIME,
  reportYamlSyntaxErrors: 'auto',
  filesExclude: new Map(),
  externalNamespaces: [],
};

const SEVERITY_VALUES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/**
 * Reads the `kubeServiceDns` section (as the client returns it) and `files.exclude` per folder.
 * A value of the wrong type or out of range falls back to its default; `invalid` receives one
 * line naming each such setting, so the caller can log one warning.
 */
export function parseSettings(section: unknown, filesExclude: ReadonlyMap<string, unknown>, invalid: string[] = []): Settings {
  const raw = isRecord(section) ? section : {};
  const reject = (key: string, expected: string): void => void invalid.push(`${SECTION}.${key} ${describeValue(raw[key])} (expected ${expected})`);
  const severity: Record<string, string> = {};
  if (isRecord(raw['severity'])) {
    for (const [code, value] of Object.entries(raw['severity']))
      if (isProblemCode(code) && typeof value === 'string' && SEVERITY_VALUES.has(value)) severity[code] = value;
      else invalid.push(`${SECTION}.severity.${code} ${describeValue(value)} (expected a problem code and one of ${[...SEVERITY_VALUES].join(', ')})`);
  } else if (raw['severity'] !== undefined) reject('severity', 'an object');
  let fields = HOST_SCAN_FIELDS;
  if (Array.isArray(raw['hostScanFields'])) fields = HOST_SCAN_FIELDS.filter((f) => (raw['hostScanFields'] as unknown[]).includes(f));
  else if (raw['hostScanFields'] !== undefined) reject('hostScanFields', `a list of ${HOST_SCAN_FIELDS.join(', ')}`);
  const string = (key: string, fallback: string): string => {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (value !== undefined) reject(key, 'a non-empty string');
    return fallback;
  };
  /** A string the engine's validator accepts (the CLI checks its flags with the same one). */
  const validated = (key: string, fallback: string, error: (value: unknown) => string | null): string => {
    const value = string(key, fallback);
    if (value === fallback) return value;
    const why = error(value);
    if (why === null) return value;
    invalid.push(`${SECTION}.${key}: ${why}`);
    return fallback;
  };
  const positiveInteger = (key: string, fallback: number): number => {
    const value = raw[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    if (value !== undefined) reject(key, 'a positive whole number');
    return fallback;
  };
  const dnsProfile = raw['dnsProfile'];
  if (dnsProfile !== undefined && !DNS_PROFILES.includes(dnsProfile as DnsProfile)) reject('dnsProfile', DNS_PROFILES.join(', '));
  const reporting = raw['reportYamlSyntaxErrors'];
  if (reporting !== undefined && reporting !== 'auto' && reporting !== 'always' && reporting !== 'never') reject('reportYamlSyntaxErrors', 'auto, always or never');
  let exclude: string[] = [];
  if (Array.isArray(raw['exclude'])) exclude = raw['exclude'].filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  else if (raw['exclude'] !== undefined) reject('exclude', 'a list of globs');
  const excludes = new Map<string, readonly string[]>();
  for (const [folder, value] of filesExclude) excludes.set(folder, enabledGlobs(value));
  return {
    clusterDomain: validated('clusterDomain', DEFAULT_SETTINGS.clusterDomain, clusterDomainError),
    defaultNamespace: validated('defaultNamespace', DEFAULT_SETTINGS.defaultNamespace, namespaceError),
    dnsProfile: DNS_PROFILES.includes(dnsProfile as DnsProfile) ? (dnsProfile as DnsProfile) : DEFAULT_SETTINGS.dnsProfile,
    severity: severity as SeverityOverrides,
    exclude,
    hostScanFields: fields,
    maxFileSize: positiveInteger('maxFileSize', DEFAULT_MAX_FILE_SIZE),
    maxFiles: positiveInteger('maxFiles', DEFAULT_MAX_FILES),
    maxCheckTime: positiveInteger('maxCheckTime', DEFAULT_MAX_CHECK_TIME),
    reportYamlSyntaxErrors: reporting === 'always' || reporting === 'never' ? reporting : 'auto',
    filesExclude: excludes,
    externalNamespaces: [],
  };
}

/** A setting's value as a warning quotes it: short, whatever its size or type. */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** `files.exclude` maps globs to `true`, `false` or `{ when }`; only plain `true` excludes here. */
function enabledGlobs(value: unknown): string[] {
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

export function engineOptions(settings: Settings): EngineOptions {
  return withDefaults({ clusterDomain: settings.clusterDomain, defaultNamespace: settings.defaultNamespace, profile: settings.dnsProfile, externalNamespaces: settings.externalNamespaces });
}

/** The per-code overrides to apply, with `yaml-syntax` switched off when another extension reports it. */
export function effectiveSeverities(settings: Settings, redHatYamlActive: boolean): SeverityOverrides {
  const report = settings.reportYamlSyntaxErrors === 'always' || (settings.reportYamlSyntaxErrors === 'auto' && !redHatYamlActive);
  const code: ProblemCode = 'yaml-syntax';
  return report ? settings.severity : { ...settings.severity, [code]: 'off' };
}

/** True when two settings need a new disk scan (what is read changed, not only how it is read). */
export function scanChanged(a: Settings, b: Settings): boolean {
  return a.maxFileSize !== b.maxFileSize || a.maxFiles !== b.maxFiles || !sameList(a.exclude, b.exclude) || !sameExcludes(a.filesExclude, b.filesExclude);
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
