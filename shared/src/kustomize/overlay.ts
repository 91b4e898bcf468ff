// An overlay as the world that gets applied: its built objects are written out as one virtual
// file (JSON documents, which YAML reads) with a source map, analysed by the ordinary extractor,
// catalog and checks, and every finding is mapped back to the file and line the field came from,
// naming the overlay. Host names that kustomize leaves alone while it renames the Service they
// meant become `kustomize-renamed-host`, with the rewritten name when that name resolves.
import { extractFile, type FileModel } from '../kube/extractFile';
import { Catalog } from '../model/catalog';
import { fileSuppressions, kustomizationSuppresses, type FileSuppressions } from '../checks/suppression';
import { checkFile } from '../checks/checkFile';
import type { EngineOptions } from '../core/options';
import { defaultSeverity, type Fix, type Problem, type RelatedLocation } from '../core/problem';
import { findHostTokens, type HostToken } from '../dns/hostTokens';
import { analyzeHostReferences } from '../dns/hostReferences';
import { resolveQuery } from '../dns/resolve';
import type { ServiceDecl, ValueSite } from '../kube/types';
import { makeSpan, type Span } from '../text/span';
import type { KustomizationBuild, KustomizeNote } from './build';
import { pathGet, scalarText, type KNode, type Origin } from './node';
import { renamedHostFixes, type OverlayFixContext } from './overlayFix';
import type { Resource, ResourceId } from './resource';

/** Where a built field was written, or null when the span is not inside one recorded node. */
export type OriginLookup = (span: Span) => Origin | null;

export interface OverlayAnalysis {
  /** How the overlay is named in messages: its directory, relative to what the caller shows. */
  readonly label: string;
  readonly build: KustomizationBuild;
  /** The overlay's world: its built objects plus the context files passed in. */
  readonly catalog: Catalog;
  /** The virtual file holding the built objects (a path no file has). */
  readonly virtualPath: string;
  readonly originOf: OriginLookup;
  /** Problems of the built objects, at the fields' origins, each naming the overlay. */
  readonly problems: readonly Problem[];
  /** Where each problem found in the built objects stands in the virtual file (a block scalar maps back whole; this does not). */
  readonly builtSpans: ReadonlyMap<Problem, Span>;
}

interface MappedRange {
  readonly start: number;
  readonly end: number;
  readonly node: KNode;
  /** Offset of the value's first character inside the range (1 for a JSON string's quote). */
  readonly contentStart: number;
}

/** Serialises the built objects as JSON documents, recording each node's range. */
function serialise(resources: readonly Resource[]): { text: string; ranges: MappedRange[] } {
  const ranges: MappedRange[] = [];
  let text = '';
  const write = (node: KNode): void => {
    const start = text.length;
    if (node.kind === 'scalar') {
      text += JSON.stringify(node.value);
      ranges.push({ start, end: text.length, node, contentStart: typeof node.value === 'string' ? 1 : 0 });
      return;
    }
    if (node.kind === 'seq') {
      text += '[';
      node.items.forEach((item, i) => {
        if (i > 0) text += ', ';
        write(item);
      });
      text += ']';
    } else {
      text += '{';
      node.entries.forEach((entry, i) => {
        if (i > 0) text += ', ';
        const keyStart = text.length;
        text += JSON.stringify(entry.key);
        // A key points where its value came from.
        ranges.push({ start: keyStart, end: text.length, node: entry.value, contentStart: 0 });
        text += ': ';
        write(entry.value);
      });
      text += '}';
    }
    ranges.push({ start, end: text.length, node, contentStart: 0 });
  };
  resources.forEach((resource, i) => {
    if (i > 0) text += '\n---\n';
    write(resource.node);
  });
  return { text: `${text}\n`, ranges };
}

/** The smallest recorded range holding `span`: the built node the span lies in. */
function rangeAt(ranges: readonly MappedRange[], span: Span): MappedRange | null {
  let best: MappedRange | null = null;
  for (const range of ranges) {
    if (range.start <= span.start && span.end <= range.end && (!best || range.end - range.start < best.end - best.start)) best = range;
  }
  return best;
}

function originLookup(ranges: readonly MappedRange[], textOf: (path: string) => string | undefined): OriginLookup {
  return (span) => {
    const best = rangeAt(ranges, span);
    if (!best) return null;
    const origin = best.node.origin;
    if (best.node.kind !== 'scalar' || typeof best.node.value !== 'string') return origin;
    // Inside a string written as is (plain or quoted), a sub-span (a host in a URL) maps exactly.
    const value = best.node.value;
    const written = textOf(origin.path)?.slice(origin.span.start, origin.span.end) ?? '';
    const escapesNothing = JSON.stringify(value) === `"${value}"`;
    const offset = written === value ? 0 : written.length === value.length + 2 && written.slice(1, -1) === value ? 1 : -1;
    if (!escapesNothing || offset < 0) return origin;
    const contentStart = best.start + best.contentStart;
    const from = Math.max(0, span.start - contentStart);
    const to = Math.min(value.length, span.end - contentStart);
    return { path: origin.path, span: makeSpan(origin.span.start + offset + from, origin.span.start + offset + to) };
  };
}

/**
 * Analyses a buildable overlay. `context` holds the files applied beside it (files no
 * kustomization reads), so names they define resolve; only the overlay's own objects are checked.
 */
export function analyzeOverlay(
  build: KustomizationBuild,
  label: string,
  options: EngineOptions,
  textOf: (path: string) => string | undefined,
  context: readonly FileModel[] = [],
  fixContext: OverlayFixContext | null = null,
): OverlayAnalysis {
  const virtualPath = `${build.path}#built`;
  const { text, ranges } = serialise(build.resources);
  const model = extractFile(virtualPath, text, options);
  const catalog = new Catalog([model, ...context], options);
  const originOf = originLookup(ranges, textOf);
  const renames = renamedHosts(build, catalog, virtualPath);
  // Problems in the order of the built text, as the ordinary check gives them.
  const found: { at: number; problem: Problem }[] = [];
  const builtSpans = new Map<Problem, Span>();
  for (const problem of checkFile(catalog, virtualPath)) {
    // A host the overlay's rename broke is reported once, as what it is (below).
    if ((problem.code === 'unresolved-host' || problem.code === 'host-not-in-manifests') && renames.some((r) => r.token.span.start === problem.span.start)) continue;
    const mapped = mapProblem(problem, virtualPath, originOf, label);
    if (!mapped) continue;
    found.push({ at: problem.path === virtualPath ? problem.span.start : -1, problem: mapped });
    if (problem.path === virtualPath) builtSpans.set(mapped, problem.span);
  }
  for (const rename of renames) {
    const problem = renamedHostProblem(rename, originOf, label);
    if (!problem) continue;
    const range = rangeAt(ranges, rename.token.span);
    const { suggestion, site, token } = rename;
    let fixes: Fix[] = [];
    if (range && suggestion !== null && fixContext !== null) {
      const hostStart = token.span.start - (range.start + range.contentStart);
      const host = text.slice(token.span.start, token.span.end);
      const valueLabel = site.label ?? site.field;
      const fixSite = { build, label, node: range.node, hostStart, hostEnd: hostStart + host.length, suggestion, valueLabel, at: { path: problem.path, span: problem.span }, host };
      fixes = renamedHostFixes(fixSite, textOf, fixContext);
    }
    found.push({ at: token.span.start, problem: fixes.length ? { ...problem, fixes } : problem });
  }
  const problems = found.sort((a, b) => a.at - b.at).map((f) => f.problem);
  return { label, build, catalog, virtualPath, originOf, problems: unsuppressed(problems, build, textOf), builtSpans };
}

/**
 * Overlays of one repository are often applied together, one per component (`frontend/overlays/prod`
 * naming `backend`, which `backend/overlays/prod` builds into the same namespace). A host one
 * overlay leaves unresolved that another overlay's own built Services answer, asked from the same
 * namespace, is a dependency between overlays rather than a broken name: its problem becomes one
 * `host-not-in-manifests` note naming the overlay that builds it. Alternatives (one overlay per
 * environment of one base) read files in common and never excuse each other (builtElsewhere).
 */
export function acrossOverlays(analyses: readonly OverlayAnalysis[]): OverlayAnalysis[] {
  return analyses.map((analysis) => {
    const unresolved = analysis.problems.filter((p) => p.code === 'unresolved-host' || p.code === 'host-not-in-manifests');
    if (unresolved.length === 0 || analyses.length < 2) return analysis;
    const replaced = new Map<Problem, Problem>();
    for (const site of analysis.catalog.files.get(analysis.virtualPath)?.valueSites ?? []) {
      // A pod that does not ask cluster DNS gets nothing from another overlay either.
      if (site.resolver !== 'cluster') continue;
      for (const reference of analyzeHostReferences(analysis.catalog, site)) {
        if (reference.resolution.status === 'answer' || reference.token.undefinedVariable) continue;
        // The host's problem, by where it stands in the built text (checkFile reports it on the host).
        const { start, end } = reference.token.span;
        const problem = unresolved.find((p) => analysis.builtSpans.get(p)?.start === start && analysis.builtSpans.get(p)?.end === end);
        if (!problem) continue;
        const builder = builtElsewhere(analyses, analysis, reference.resolvedName, site.namespace);
        if (!builder) continue;
        const { other, service } = builder;
        const where = other.originOf(service.ref.nameSpan);
        replaced.set(problem, {
          code: 'host-not-in-manifests',
          severity: defaultSeverity('host-not-in-manifests'),
          path: problem.path,
          span: problem.span,
          message: `In overlay ${analysis.label}: ${reference.token.host} is not declared in these manifests: overlay ${other.label} builds Service ${service.ref.namespace}/${service.ref.name}, so it resolves from namespace ${site.namespace} when that overlay is applied too.`,
          ...(where ? { related: [{ path: where.path, span: where.span, message: `Service ${service.ref.namespace}/${service.ref.name} as overlay ${other.label} builds it` }] } : {}),
        });
      }
    }
    return replaced.size === 0 ? analysis : { ...analysis, problems: analysis.problems.map((p) => replaced.get(p) ?? p) };
  });
}

/**
 * The first other overlay whose own built Service answers `host` from `namespace`. Overlays that
 * read a file in common (one base, one overlay per environment) are alternatives, never applied
 * together: one does not excuse the other's missing Service.
 */
function builtElsewhere(analyses: readonly OverlayAnalysis[], asking: OverlayAnalysis, host: string, namespace: string): { other: OverlayAnalysis; service: ServiceDecl } | null {
  const read = new Set(asking.build.files);
  for (const other of analyses) {
    if (other === asking || other.build.files.some((file) => read.has(file))) continue;
    const resolution = resolveQuery(other.catalog, host, { fromNamespace: namespace, type: 'A', clusterOnly: true });
    const id = resolution.status === 'answer' ? resolution.answer?.service : null;
    if (!id) continue;
    const slash = id.indexOf('/');
    const service = other.catalog.service(id.slice(0, slash), id.slice(slash + 1));
    // Only what the other overlay builds: the files both worlds share answer in both.
    if (service && service.ref.path === other.virtualPath) return { other, service };
  }
  return null;
}

/**
 * Drops what the user suppressed: a directive comment on the line the problem is reported at (in
 * the base or the patch: every overlay), or the annotation on the overlay's kustomization (this
 * overlay only). Annotations on objects act in the built objects themselves. Hints for unknown
 * codes are the file's own check's, not repeated per overlay.
 */
function unsuppressed(problems: readonly Problem[], build: KustomizationBuild, textOf: (path: string) => string | undefined): Problem[] {
  const kustomizationText = textOf(build.path);
  const overlayWide = kustomizationText === undefined ? () => false : kustomizationSuppresses({ path: build.path, text: kustomizationText });
  const perFile = new Map<string, FileSuppressions | null>();
  const suppressionsOf = (path: string): FileSuppressions | null => {
    let found = perFile.get(path);
    if (found === undefined) {
      const text = textOf(path);
      perFile.set(path, (found = text === undefined ? null : fileSuppressions({ path, text })));
    }
    return found;
  };
  return problems.filter((p) => p.code !== 'suppression-unknown-code' && !overlayWide(p.code) && !suppressionsOf(p.path)?.suppresses(p));
}

function mapProblem(problem: Problem, virtualPath: string, originOf: OriginLookup, label: string): Problem | null {
  const at = problem.path === virtualPath ? originOf(problem.span) : { path: problem.path, span: problem.span };
  if (!at) return null;
  const related: RelatedLocation[] = [];
  for (const r of problem.related ?? []) {
    const where = r.path === virtualPath ? originOf(r.span) : { path: r.path, span: r.span };
    if (where) related.push({ ...r, path: where.path, span: where.span });
  }
  // Quick fixes edit the virtual text; they are not offered on built objects.
  const mapped: Problem = { code: problem.code, severity: problem.severity, path: at.path, span: at.span, message: `In overlay ${label}: ${problem.message}` };
  return related.length ? { ...mapped, related } : mapped;
}

/** A host in a built value that names an object by the id it had before the overlay renamed or moved it. */
interface RenamedHost {
  readonly site: ValueSite;
  readonly token: HostToken;
  /** `rewritten`, when it resolves in the overlay. */
  readonly suggestion: string | null;
  /** What the overlay did, for the message: `renames Service db to prod-db`. */
  readonly change: string;
}

/**
 * Hosts in the overlay's values that do not resolve there but name a Service (or a StatefulSet pod
 * under it) as the base wrote it: `db`, `db.default`, `api-0.api-headless`, their FQDNs. Kustomize
 * rewrites name references in fields (serviceName) but never inside values, so these are broken
 * in that overlay only. Looked for in every host a value holds, not only those the ordinary check
 * reports: a bare `--host=api` with no near name resolves as written and is silent there.
 */
function renamedHosts(build: KustomizationBuild, catalog: Catalog, virtualPath: string): RenamedHost[] {
  const renamed = renamedObjects(build);
  if (renamed.services.size === 0) return [];
  const found: RenamedHost[] = [];
  for (const site of catalog.files.get(virtualPath)?.valueSites ?? []) {
    if (site.resolver !== 'cluster') continue;
    for (const token of findHostTokens(site)) {
      if (token.undefinedVariable || site.hostAliases.includes(token.host.toLowerCase())) continue;
      const rewrite = rewriteHost(token.host, renamed, catalog.options.defaultNamespace, site.namespace, catalog.options.clusterDomain);
      if (!rewrite) continue;
      const ask = (name: string) => resolveQuery(catalog, name, { fromNamespace: site.namespace, type: 'A', clusterOnly: true }).status;
      const written = ask(token.host);
      if (written === 'answer' || written === 'forwarded') continue;
      const suggestion = ask(rewrite.name) === 'answer' ? rewrite.name : null;
      found.push({ site, token, suggestion, change: rewrite.change });
    }
  }
  return found;
}

interface RenamedObjects {
  /** Services by each name they had before the overlay renamed or moved them. */
  readonly services: ReadonlyMap<string, readonly Resource[]>;
  /** StatefulSets by previous name, whose pods' hostnames (`<name>-<ordinal>`) changed with them. */
  readonly statefulSets: ReadonlyMap<string, readonly Resource[]>;
}

function renamedObjects(build: KustomizationBuild): RenamedObjects {
  const byPreviousName = (kind: string) => {
    const map = new Map<string, Resource[]>();
    for (const r of build.resources) {
      if (r.kind !== kind || r.previousIds.length === 0) continue;
      for (const name of new Set(r.previousIds.map((id) => id.name))) map.set(name, [...(map.get(name) ?? []), r]);
    }
    return map;
  };
  return { services: byPreviousName('Service'), statefulSets: byPreviousName('StatefulSet') };
}

/**
 * The host with the overlay's names: the Service label (first, or second after a pod label),
 * the StatefulSet pod label, and the namespace label when the overlay moved the Service. Null
 * when the host names nothing the overlay changed. A short name gains the namespace when the
 * Service now lives elsewhere than the pod asking.
 */
function rewriteHost(host: string, renamed: RenamedObjects, defaultNamespace: string, fromNamespace: string, zone: string): { name: string; change: string } | null {
  const absolute = host.endsWith('.');
  let name = host.toLowerCase().replace(/\.$/, '');
  const tail = name === zone || name.endsWith(`.${zone}`) ? `.${zone}` : '';
  name = name.slice(0, name.length - tail.length);
  const labels = name.split('.');
  if (labels.at(-1) === 'svc') labels.pop();
  const svcSuffix = labels.length < name.split('.').length ? '.svc' : '';
  if (labels.length === 0 || labels.length > 3) return null;
  const previousNamespace = (id: ResourceId) => id.namespace || defaultNamespace;
  for (const serviceAt of labels.length === 3 ? [1] : labels.length === 2 ? [0, 1] : [0]) {
    const written = labels[serviceAt]!;
    const namespaceLabel = labels[serviceAt + 1];
    for (const service of renamed.services.get(written) ?? []) {
      const namespace = service.namespace || defaultNamespace;
      const before = service.previousIds.filter((id) => id.name === written);
      // A namespace label must be where the Service was (or is) for the host to mean it.
      if (namespaceLabel !== undefined && namespaceLabel !== namespace && !before.some((id) => previousNamespace(id) === namespaceLabel)) continue;
      // With no namespace label, the name was asked from the pod's namespace: the Service must have been there.
      if (namespaceLabel === undefined && !before.some((id) => previousNamespace(id) === fromNamespace) && namespace !== fromNamespace) continue;
      const out = [...labels];
      out[serviceAt] = service.name;
      if (serviceAt === 1) out[0] = renamedPodLabel(labels[0]!, service, renamed) ?? labels[0]!;
      if (namespaceLabel !== undefined) out[serviceAt + 1] = namespace;
      else if (namespace !== fromNamespace) out.push(namespace);
      const rewritten = `${out.join('.')}${svcSuffix}${tail}${absolute ? '.' : ''}`;
      if (rewritten === host.toLowerCase()) continue;
      const original = written;
      // The move matters only where the name says a namespace, or the pod asking stayed behind.
      const moved = before.some((id) => previousNamespace(id) !== namespace) && (namespaceLabel !== undefined || namespace !== fromNamespace);
      const change =
        service.name === original
          ? `moves Service ${original} to namespace ${namespace}`
          : `renames Service ${original} to ${service.name}${moved ? ` and moves it to namespace ${namespace}` : ''}`;
      return { name: rewritten, change };
    }
  }
  return null;
}

/** `api-0` → `prod-api-0` when StatefulSet api, governed by this Service, became prod-api. */
function renamedPodLabel(label: string, service: Resource, renamed: RenamedObjects): string | null {
  const match = /^(.+)-(\d+)$/.exec(label);
  if (!match) return null;
  for (const sts of renamed.statefulSets.get(match[1]!) ?? []) {
    if (scalarText(pathGet(sts.node, 'spec', 'serviceName')) === service.name) return `${sts.name}-${match[2]}`;
  }
  return null;
}

function renamedHostProblem(rename: RenamedHost, originOf: OriginLookup, label: string): Problem | null {
  const { token, suggestion, change } = rename;
  const at = originOf(token.span);
  if (!at) return null;
  return {
    code: 'kustomize-renamed-host',
    severity: defaultSeverity('kustomize-renamed-host'),
    path: at.path,
    span: at.span,
    message:
      `In overlay ${label}: ${token.host} does not resolve: the overlay ${change}, and kustomize never rewrites host names inside values.` +
      (suggestion ? ` Use ${suggestion} here (patch this value in ${label}).` : ''),
  };
}

/** A note on a kustomization as an info problem (the build fell back or left something out). */
export function noteProblem(note: KustomizeNote): Problem {
  return { code: 'kustomize-not-built', severity: defaultSeverity('kustomize-not-built'), path: note.path, span: note.span, message: note.message };
}
