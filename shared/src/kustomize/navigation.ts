// The links only a kustomize build can find, for navigation and rename (navigation/links.ts merges
// them): a patch target's `name`, a strategic-merge patch's `metadata.name` and a `replicas` entry
// that select an object (the build records which: `NameReference`), and, in each overlay's built
// world, a host in a value or a `serviceName`/`subdomain` that resolves to a built Service, mapped
// back to the file it was written in. Each link points at the object's declaration (where its name
// is written in a base), and its `nameSpan` covers only the declared name: in `prod-db` written for
// an overlay with `namePrefix: prod-`, renaming `db` to `pg` makes `prod-pg`.
import { analyzeHostReferences } from '../dns/hostReferences';
import { hostLinks, type DeclaredLink, type KustomizeLinks, type LinkRole } from '../navigation/links';
import { makeSpan, unquotedSpan, type Span } from '../text/span';
import type { KustomizationBuild, NameReference } from './build';
import { pathGet, type Origin } from './node';
import type { OverlayAnalysis } from './overlay';

/** Paths: the engine's (`/`-separated) in, the caller's file keys out. */
export interface LinkPaths {
  /** The caller's key of a workspace file by engine path; undefined for a file it does not hold. */
  keyOf(path: string): string | undefined;
  textOf(path: string): string | undefined;
}

/**
 * The kustomize links of analysed overlays, and the names that select objects in kustomizations
 * that did not build (a Helm chart or a remote base left out: their local patches still name
 * local objects, and a rename must follow them).
 */
export function kustomizeLinks(analyses: readonly OverlayAnalysis[], notBuilt: readonly KustomizationBuild[], paths: LinkPaths): KustomizeLinks {
  const links: DeclaredLink[] = [];
  const readers = new Map<string, string[]>();
  for (const build of [...analyses.map((a) => a.build), ...notBuilt]) {
    for (const file of new Set(build.files)) {
      const key = paths.keyOf(file);
      if (key === undefined) continue;
      const list = readers.get(key) ?? [];
      list.push(build.path);
      readers.set(key, list);
    }
    for (const reference of build.nameReferences) {
      const link = nameReferenceLink(reference, paths);
      if (link) links.push(link);
    }
  }
  for (const analysis of analyses) links.push(...overlayWorldLinks(analysis, paths));
  const seen = new Set<string>();
  const unique = links.filter((l) => {
    const key = `${l.path}#${l.span.start}#${l.span.end}#${l.role}#${l.declaration.path}#${l.declaration.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { links: unique, overlaysReading: (path) => readers.get(path) ?? [] };
}

/** A scalar's span without quotes, and its text. */
function unquoted(text: string, span: Span): { span: Span; value: string } {
  const inner = unquotedSpan(text, span);
  return { span: inner, value: text.slice(inner.start, inner.end) };
}

/** Where the declared name is inside `written` (itself, or with the prefix and suffix around it), or null. */
function declaredNameIn(written: Span, text: string, declaredName: string, prefix: string, suffix: string): Span | null {
  const value = text.slice(written.start, written.end);
  if (value === declaredName) return written;
  if (value === `${prefix}${declaredName}${suffix}` && (prefix || suffix)) return makeSpan(written.start + prefix.length, written.start + prefix.length + declaredName.length);
  return null;
}

function nameReferenceLink(reference: NameReference, paths: LinkPaths): DeclaredLink | null {
  const path = paths.keyOf(reference.at.path);
  const declarationPath = paths.keyOf(reference.declaration.path);
  const text = paths.textOf(reference.at.path);
  if (path === undefined || declarationPath === undefined || text === undefined) return null;
  const { span, value } = unquoted(text, reference.at.span);
  // The origin is exact only where the name was read from this text (not an inline patch's scalar).
  if (value !== reference.written) return null;
  const nameSpan = reference.pattern ? null : declaredNameIn(span, text, reference.declaredName, reference.prefix, reference.suffix);
  return { path, span, role: reference.field, nameSpan, declaration: { path: declarationPath, start: reference.declaration.span.start }, kind: reference.kind, name: reference.declaredName };
}

/** The built object declared with its name at `origin`: its prefix and suffix in this overlay. */
function affixes(analysis: OverlayAnalysis, origin: Origin): { prefix: string; suffix: string } | null {
  for (const resource of analysis.build.resources) {
    const name = pathGet(resource.node, 'metadata', 'name');
    if (name && name.origin.path === origin.path && name.origin.span.start === origin.span.start)
      return { prefix: [...resource.prefixes].reverse().join(''), suffix: resource.suffixes.join('') };
  }
  return null;
}

/** Hosts and serviceName/subdomain fields in an overlay's built objects that resolve to a built Service. */
function overlayWorldLinks(analysis: OverlayAnalysis, paths: LinkPaths): DeclaredLink[] {
  const { catalog, virtualPath, originOf } = analysis;
  const model = catalog.files.get(virtualPath);
  if (!model) return [];
  const links: DeclaredLink[] = [];
  /** The caller's key and text of the file an origin is in, or null. */
  const located = (origin: Origin | null) => {
    const path = origin && paths.keyOf(origin.path);
    const text = origin && paths.textOf(origin.path);
    return origin && path !== undefined && path !== null && text !== undefined && text !== null ? { origin, path, text } : null;
  };
  /** A built object's declaration, where the base wrote its name. */
  const declarationOf = (builtPath: string, nameSpan: Span, kind: string) => {
    if (builtPath !== virtualPath) return null; // a plain file applied beside the overlay: the plain links cover it
    const at = located(originOf(nameSpan));
    const around = at && affixes(analysis, at.origin);
    if (!at || !around) return null;
    const name = unquoted(at.text, at.origin.span).value;
    return { declaration: { path: at.path, start: at.origin.span.start }, kind, name, ...around };
  };
  for (const site of model.valueSites) {
    for (const reference of analyzeHostReferences(catalog, site)) {
      const found = hostLinks(catalog, reference);
      if (found.length === 0) continue;
      const at = located(originOf(reference.token.span));
      // Only a host whose characters map one to one onto the file it was written in.
      if (!at || at.text.slice(at.origin.span.start, at.origin.span.end) !== reference.token.host) continue;
      const { path, text } = at;
      const shift = at.origin.span.start - reference.token.span.start;
      for (const { subject, link } of found) {
        const decl =
          subject.kind === 'service'
            ? catalog.serviceDeclarations(subject.namespace, subject.name).find((s) => s.ref.path === virtualPath)
            : subject.workload;
        const target = decl && declarationOf(decl.ref.path, decl.ref.nameSpan, decl.ref.kind);
        if (!target) continue;
        const written = link.nameSpan && makeSpan(link.nameSpan.start + shift, link.nameSpan.end + shift);
        const nameSpan = written && declaredNameIn(written, text, target.name, target.prefix, target.suffix);
        links.push({ path, span: makeSpan(reference.token.span.start + shift, reference.token.span.end + shift), role: link.role, nameSpan, declaration: target.declaration, kind: target.kind, name: target.name });
      }
    }
  }
  for (const workload of model.workloads) {
    for (const [field, role] of [['serviceName', 'service-name'], ['subdomain', 'subdomain']] as const satisfies readonly (readonly [string, LinkRole])[]) {
      const value = workload[field];
      if (!value) continue;
      const svc = catalog.serviceDeclarations(workload.ref.namespace, value.value).find((s) => s.ref.path === virtualPath);
      const target = svc && declarationOf(svc.ref.path, svc.ref.nameSpan, 'Service');
      const at = located(originOf(value.span));
      if (!target || !at) continue;
      const { path, text } = at;
      const { span } = unquoted(text, at.origin.span);
      links.push({ path, span, role, nameSpan: declaredNameIn(span, text, target.name, target.prefix, target.suffix), declaration: target.declaration, kind: target.kind, name: target.name });
    }
  }
  return links;
}
