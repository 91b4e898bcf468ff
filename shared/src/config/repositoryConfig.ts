// The repository config file (`.kube-service-dns.yaml`), shared by the CLI and the editor: what
// lives outside the manifests (external Services, whole external namespaces), the cluster domain,
// the default namespace, the DNS profile, paths to ignore and severities. Pure: text in, options
// and declarations out, with a `config-invalid` problem at the exact span of each bad entry (the
// entry is ignored, the rest applies). The hosts (CLI, server) find and read the file.
import { extractFile, type FileContext, type FileModel } from '../kube/extractFile';
import type { EndpointSliceDecl, Protocol, ServiceDecl, ServicePort } from '../kube/types';
import { dns1035LabelError, dns1123LabelError } from '../kube/names';
import type { SeverityOverrides } from '../checks/checkFile';
import { clusterDomainError, DNS_PROFILES, namespaceError, type DnsProfile, type EngineOptions } from '../core/options';
import { PROBLEM_CODES, type Problem, type ProblemCode } from '../core/problem';
import type { Span } from '../text/span';
import { parseYamlStream } from '../yaml/parseYamlStream';
import { asMap, asScalar, asSeq, keyText, type YMap, type YNode } from '../yaml/tree';

export const CONFIG_FILE_NAME = '.kube-service-dns.yaml';

/** Whether a path (either separator) names a repository config file. */
export function isConfigFile(path: string): boolean {
  return /(^|[\\/])\.kube-service-dns\.ya?ml$/.test(path);
}

export interface ExternalService {
  readonly namespace: string;
  readonly name: string;
  readonly headless: boolean;
  readonly ports: readonly { readonly name: string | null; readonly port: number; readonly protocol: Protocol }[];
  /** The entry in the config file, for hovers and "go to definition". */
  readonly span: Span;
}

export interface RepositoryConfig {
  readonly path: string;
  /** Only what the file sets. */
  readonly options: Partial<EngineOptions>;
  readonly severities: SeverityOverrides;
  /** Globs, relative to the config file's folder, of files to leave out. */
  readonly ignore: readonly string[];
  readonly externalServices: readonly ExternalService[];
  readonly problems: readonly Problem[];
}

const KEYS = ['clusterDomain', 'defaultNamespace', 'dnsProfile', 'ignore', 'severity', 'external'] as const;
const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function parseRepositoryConfig(path: string, text: string): RepositoryConfig {
  const problems: Problem[] = [];
  const bad = (span: Span, message: string): void => {
    problems.push({ code: 'config-invalid', severity: PROBLEM_CODES['config-invalid'].severity, path, span, message: `${message} This entry is ignored.` });
  };
  const options: { -readonly [K in keyof EngineOptions]?: EngineOptions[K] } = {};
  const severities: SeverityOverrides = {};
  const ignore: string[] = [];
  const externalServices: ExternalService[] = [];
  const externalNamespaces: string[] = [];
  const result = (): RepositoryConfig => ({
    path,
    options: externalNamespaces.length ? { ...options, externalNamespaces } : options,
    severities,
    ignore,
    externalServices,
    problems,
  });

  const docs = parseYamlStream(text).filter((d) => d.root !== null || d.errors.length > 0);
  for (const doc of docs) for (const error of doc.errors.slice(0, 3)) bad(error.span, `${error.message}:`);
  if (docs.some((d) => d.errors.length > 0)) return result();
  if (docs.length === 0) return result(); // an empty file configures nothing
  if (docs.length > 1) bad(docs[1]!.span, `${CONFIG_FILE_NAME} holds one document; the ones after the first are not read.`);
  const root = asMap(docs[0]!.root);
  if (!root) {
    bad(docs[0]!.root!.span, `${CONFIG_FILE_NAME} must be a mapping of settings (clusterDomain, defaultNamespace, dnsProfile, ignore, severity, external).`);
    return result();
  }

  for (const pair of root.pairs) {
    const key = keyText(pair);
    const value = pair.value;
    const at = value?.span ?? pair.keySpan;
    switch (key) {
      case 'clusterDomain': {
        // The validators the CLI flags and the editor settings use: all three reject the same values.
        const domain = stringOf(value);
        const error = clusterDomainError(domain);
        if (error) bad(at, `clusterDomain: ${error}.`);
        else options.clusterDomain = domain!;
        break;
      }
      case 'defaultNamespace': {
        const ns = stringOf(value);
        const error = namespaceError(ns);
        if (error) bad(at, `defaultNamespace: ${error}.`);
        else options.defaultNamespace = ns!;
        break;
      }
      case 'dnsProfile': {
        const profile = stringOf(value);
        if (profile === null || !DNS_PROFILES.includes(profile as DnsProfile)) bad(at, `dnsProfile must be one of ${DNS_PROFILES.join(', ')}.`);
        else options.profile = profile as DnsProfile;
        break;
      }
      case 'ignore':
        for (const item of listOf(value, at, 'ignore', bad)) {
          const glob = stringOf(item);
          if (glob === null || glob.trim() === '') bad(item.span, 'ignore lists globs (strings) relative to this file, e.g. charts/**.');
          else ignore.push(glob);
        }
        break;
      case 'severity': {
        const map = mapOf(value, at, 'severity', 'code: level', bad);
        for (const entry of map?.pairs ?? []) {
          const code = keyText(entry);
          const level = stringOf(entry.value);
          if (code === null || !(code in PROBLEM_CODES)) bad(entry.keySpan, `"${code ?? ''}" is not a problem code (see the README's table).`);
          else if (level === null || !LEVELS.includes(level)) bad(entry.value?.span ?? entry.keySpan, `The severity of ${code} must be one of ${LEVELS.join(', ')}.`);
          else severities[code as ProblemCode] = level as SeverityOverrides[ProblemCode];
        }
        break;
      }
      case 'external': {
        const map = mapOf(value, at, 'external', 'namespaces: [...] and services: [...]', bad);
        for (const entry of map?.pairs ?? []) {
          const which = keyText(entry);
          const where = entry.value?.span ?? entry.keySpan;
          if (which === 'namespaces')
            for (const item of listOf(entry.value, where, 'external.namespaces', bad)) {
              const ns = stringOf(item);
              const error = namespaceError(ns);
              if (error) bad(item.span, `external.namespaces: ${error}.`);
              else externalNamespaces.push(ns!);
            }
          else if (which === 'services') for (const item of listOf(entry.value, where, 'external.services', bad)) externalService(item, externalServices, bad);
          else bad(entry.keySpan, `external takes namespaces and services, not "${which ?? ''}".`);
        }
        break;
      }
      default:
        bad(pair.keySpan, `Unknown setting "${key ?? ''}"; the settings are ${KEYS.join(', ')}.`);
    }
  }
  return result();
}

type Bad = (span: Span, message: string) => void;

function stringOf(node: YNode | null | undefined): string | null {
  const scalar = asScalar(node);
  return scalar && scalar.value !== null ? scalar.source : null;
}

function listOf(node: YNode | null, at: Span, field: string, bad: Bad): readonly YNode[] {
  if (node && node.kind === 'scalar' && node.value === null) return [];
  const seq = asSeq(node);
  if (!seq) bad(at, `${field} must be a list.`);
  return seq?.items ?? [];
}

function mapOf(node: YNode | null, at: Span, field: string, shape: string, bad: Bad): YMap | null {
  if (node && node.kind === 'scalar' && node.value === null) return null;
  const map = asMap(node);
  if (!map) bad(at, `${field} must be a mapping (${shape}).`);
  return map;
}

/** `ns/name`, or `{service: ns/name, headless: true, ports: [80, {name: http, port: 80}]}`. */
function externalService(item: YNode, into: ExternalService[], bad: Bad): void {
  const map = asMap(item);
  const idNode = map ? (map.pairs.find((p) => keyText(p) === 'service')?.value ?? null) : item;
  const id = stringOf(idNode);
  const m = id === null ? null : /^([^/\s]+)\/([^/\s]+)$/.exec(id);
  if (!m) {
    bad(idNode?.span ?? item.span, 'An external Service is written namespace/name (or {service: namespace/name, headless, ports}).');
    return;
  }
  const [, namespace, name] = m as unknown as [string, string, string];
  const error = dns1123LabelError(namespace) ?? dns1035LabelError(name);
  if (error) {
    bad(idNode!.span, `External Service ${id}: ${error}.`);
    return;
  }
  let headless = false;
  const ports: { name: string | null; port: number; protocol: Protocol }[] = [];
  for (const pair of map?.pairs ?? []) {
    const key = keyText(pair);
    if (key === 'service') continue;
    if (key === 'headless') {
      const value = asScalar(pair.value)?.value;
      if (typeof value !== 'boolean') bad(pair.value?.span ?? pair.keySpan, 'headless is true or false.');
      else headless = value;
    } else if (key === 'ports')
      for (const p of listOf(pair.value, pair.value?.span ?? pair.keySpan, 'ports', bad)) {
        const port = externalPort(p);
        if (typeof port === 'string') bad(p.span, port);
        else ports.push(port);
      }
    else bad(pair.keySpan, `An external Service takes service, headless and ports, not "${key ?? ''}".`);
  }
  into.push({ namespace, name, headless, ports, span: idNode!.span });
}

function externalPort(node: YNode): { name: string | null; port: number; protocol: Protocol } | string {
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
  const scalar = asScalar(node);
  if (scalar) return valid(scalar.value) ? { name: null, port: scalar.value, protocol: 'TCP' } : 'A port is a number from 1 to 65535, or {name, port, protocol}.';
  const map = asMap(node);
  if (!map) return 'A port is a number from 1 to 65535, or {name, port, protocol}.';
  const field = (k: string) => asScalar(map.pairs.find((p) => keyText(p) === k)?.value ?? null)?.value;
  const port = field('port');
  const name = field('name');
  const protocol = field('protocol') ?? 'TCP';
  if (!valid(port)) return 'port must be a number from 1 to 65535.';
  if (name !== undefined && name !== null && typeof name !== 'string') return 'A port name is a string.';
  if (!PROTOCOLS.includes(protocol as Protocol)) return `protocol must be one of ${PROTOCOLS.join(', ')}.`;
  return { name: (name as string | undefined) ?? null, port, protocol: protocol as Protocol };
}

/**
 * The config file as the catalog sees it: its external Services (a headless one gets one ready
 * endpoint of unknown address, so its name answers) and its `config-invalid` problems.
 */
export function configFileModel(config: RepositoryConfig, text: string): FileModel {
  const services: ServiceDecl[] = [];
  const slices: EndpointSliceDecl[] = [];
  for (const ext of config.externalServices) {
    const ref = { kind: 'Service', namespace: ext.namespace, name: ext.name, path: config.path, nameSpan: ext.span, kindSpan: ext.span, span: ext.span };
    const ports: ServicePort[] = ext.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: p.protocol, span: ext.span, targetPortSpan: null }));
    services.push({
      ref,
      type: null,
      clusterIP: ext.headless ? { value: 'None', span: ext.span } : null,
      headless: ext.headless,
      clusterIPs: [],
      ipFamilies: ['IPv4'],
      externalName: null,
      selector: null,
      ports,
      publishNotReadyAddresses: false,
      spec: null,
      rejectedBecause: null,
      external: true,
    });
    if (ext.headless)
      slices.push({
        ref: { ...ref, kind: 'EndpointSlice', name: `${ext.name}-external` },
        serviceName: ext.name,
        addressType: 'IPv4',
        endpoints: [{ addresses: [], hostname: null, ready: true }],
        ports: ext.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
        // As a v1 Endpoints object: kube-dns reads only those, CoreDNS reads them mirrored.
        mirroredFromEndpoints: true,
        skipMirror: false,
      });
  }
  const namespaces = [...new Set([...config.externalServices.map((s) => s.namespace), ...(config.options.externalNamespaces ?? [])])];
  return {
    path: config.path,
    text,
    services,
    workloads: [],
    slices,
    declaredNamespaces: namespaces,
    usedNamespaces: [],
    openNamespaces: [],
    valueSites: [],
    problems: config.problems,
    skipped: null,
  };
}

/** A workspace file's model: the config file's declarations, or the manifests' objects. */
export function extractWorkspaceFile(path: string, text: string, options: EngineOptions, context: FileContext = {}): FileModel {
  return isConfigFile(path) ? configFileModel(parseRepositoryConfig(path, text), text) : extractFile(path, text, options, context);
}
