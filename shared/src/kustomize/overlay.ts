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
import { defaultSeverity, type Problem, type RelatedLocation } from '../core/problem';
import { resolveQuery } from '../dns/resolve';
import { makeSpan, type Span } from '../text/span';
import type { KustomizationBuild, KustomizeNote } from './build';
import type { KNode, Origin } from './node';
import { renamedHostFixes, type OverlayFixContext } from './overlayFix';
import type { Resource } from './resource';

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
  const problems: Problem[] = [];
  for (const problem of checkFile(catalog, virtualPath)) {
    const mapped = mapProblem(problem, virtualPath, originOf, label);
    if (!mapped) continue;
    // A host in a namespace nobody declares is only a note, unless the overlay moved it from there.
    if (problem.code !== 'unresolved-host' && problem.code !== 'host-not-in-manifests') {
      problems.push(mapped);
      continue;
    }
    const renamed = renamedHost(mapped, text.slice(problem.span.start, problem.span.end), problem, build, catalog, label);
    if (!renamed) {
      problems.push(mapped);
      continue;
    }
    const range = rangeAt(ranges, problem.span);
    const { problem: found, suggestion, valueLabel } = renamed;
    if (!range || suggestion === null || fixContext === null) {
      problems.push(found);
      continue;
    }
    const hostStart = problem.span.start - (range.start + range.contentStart);
    const host = text.slice(problem.span.start, problem.span.end);
    const site = { build, label, node: range.node, hostStart, hostEnd: hostStart + host.length, suggestion, valueLabel, at: { path: found.path, span: found.span }, host };
    const fixes = renamedHostFixes(site, textOf, fixContext);
    problems.push(fixes.length ? { ...found, fixes } : found);
  }
  return { label, build, catalog, virtualPath, originOf, problems: unsuppressed(problems, build, textOf) };
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

/**
 * An unresolved host that names a Service the overlay renamed or moved: say so, with the rewritten
 * name when it resolves in the overlay (the suggestion), and the env var or ConfigMap key it is in.
 */
function renamedHost(
  mapped: Problem,
  host: string,
  problem: Problem,
  build: KustomizationBuild,
  catalog: Catalog,
  label: string,
): { problem: Problem; suggestion: string | null; valueLabel: string | null } | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const first = labels[0] ?? '';
  const service = build.resources.find(
    (r) => r.kind === 'Service' && r.name !== first && r.allIds().some((id) => id.name === first),
  ) ?? build.resources.find((r) => r.kind === 'Service' && r.previousIds.some((id) => id.name === first && labels[1] === id.namespace && r.namespace !== id.namespace));
  if (!service) return null;
  // A note about an undeclared namespace becomes this problem only when the overlay moved the Service out of it.
  if (problem.code === 'host-not-in-manifests' && !(labels.length > 1 && service.previousIds.some((id) => id.namespace === labels[1]))) return null;
  const site = catalog.files.get(problem.path)?.valueSites.find((s) => s.span.start <= problem.span.start && problem.span.end <= s.span.end);
  const fromNamespace = site?.namespace ?? catalog.options.defaultNamespace;
  const namespace = service.namespace || catalog.options.defaultNamespace;
  const rewritten = [service.name, ...labels.slice(1)];
  if (rewritten.length > 1 && service.previousIds.some((id) => id.namespace === rewritten[1])) rewritten[1] = namespace;
  if (rewritten.length === 1 && namespace !== fromNamespace) rewritten.push(namespace);
  const suggestion = rewritten.join('.');
  const resolves = resolveQuery(catalog, suggestion, { fromNamespace, type: 'A' }).status === 'answer';
  const original = service.originalId.name;
  const moved = service.originalId.namespace !== '' && service.originalId.namespace !== service.namespace;
  const change =
    service.name === original
      ? `moves Service ${original} to namespace ${namespace}`
      : `renames Service ${original} to ${service.name}${moved && labels.length > 1 ? ` and moves it to namespace ${namespace}` : ''}`;
  return {
    problem: {
      ...mapped,
      code: 'kustomize-renamed-host',
      severity: defaultSeverity('kustomize-renamed-host'),
      message:
        `In overlay ${label}: ${host} does not resolve: the overlay ${change}, and kustomize never rewrites host names inside values.` +
        (resolves ? ` Use ${suggestion} here (patch this value in ${label}).` : ''),
    },
    suggestion: resolves ? suggestion : null,
    valueLabel: site ? (site.label ?? site.field) : null,
  };
}

/** A note on a kustomization as an info problem (the build fell back or left something out). */
export function noteProblem(note: KustomizeNote): Problem {
  return { code: 'kustomize-not-built', severity: defaultSeverity('kustomize-not-built'), path: note.path, span: note.span, message: note.message };
}
