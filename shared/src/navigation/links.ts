// Who references what: a StatefulSet's serviceName and a pod's subdomain name a Service, a selector
// picks workloads, a host in a value resolves to a Service or to one of its pods. One computation,
// shared by go-to-definition, references, highlights, rename, code lens and document links, so they
// cannot disagree. Host links come from the resolver (analyzeHostReferences), never from matching
// text: a host links to a Service only when cluster DNS would answer it through that Service.
// Kustomizations add links that only a build can find (a patch target, a strategic-merge patch's
// name, `replicas`, a host that resolves in an overlay): `kustomize/navigation.ts` computes them
// from the builds as `KustomizeLinks`, each pointing at one declaration, and every function here
// takes them, so the editor's features still cannot disagree.
import { analyzeHostReferences, type HostReference } from '../dns/hostReferences';
import { selectsWorkload } from '../kube/controllerLabels';
import { objectId, type ServiceDecl, type WorkloadDecl } from '../kube/types';
import { makeSpan, spanContains, unquotedSpan, type Span } from '../text/span';
import type { Catalog } from '../model/catalog';

/** What references point at: a Service (by key, it may be declared in several files) or a workload. */
export type LinkSubject =
  /** `declaredIn`: the file of the declaration it was reached from, which decides its kustomize world. */
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly declaredIn?: string }
  | { readonly kind: 'workload'; readonly workload: WorkloadDecl };

export type LinkRole =
  /** The subject's own `metadata.name`. */
  | 'declaration'
  /** A StatefulSet's `spec.serviceName`. */
  | 'service-name'
  /** A pod template's `subdomain`. */
  | 'subdomain'
  /** A host in a value that resolves through the Service (its name, an SRV name, a per-pod name). */
  | 'host'
  /** A per-pod host name of a StatefulSet's pod (`web-0.nginx…`). */
  | 'pod-host'
  /** A workload the Service's selector picks (its name). */
  | 'selected'
  /** The selector of a Service that picks the workload. */
  | 'selector'
  /** A kustomize patch target's `name` that selects it. */
  | 'patch-target'
  /** A strategic-merge patch's `metadata.name` that names it. */
  | 'patch-name'
  /** A kustomization's `replicas[].name` that names the workload. */
  | 'replicas';

export interface Link {
  readonly path: string;
  /** The whole thing that refers (a host token, a field value, a name). */
  readonly span: Span;
  readonly role: LinkRole;
  /** The characters that spell the subject's name, replaced by a rename; null when none do. */
  readonly nameSpan: Span | null;
}

/** A link a kustomize build found: it refers to one declaration, known by where its name is. */
export interface DeclaredLink extends Link {
  readonly declaration: { readonly path: string; readonly start: number };
  /** The object referred to, for messages: its kind and declared name. */
  readonly kind: string;
  readonly name: string;
}

/** What kustomizations add to the links: computed from the builds (kustomize/navigation.ts). */
export interface KustomizeLinks {
  readonly links: readonly DeclaredLink[];
  /**
   * The overlays that apply a file; empty for a file no overlay reads. Two files whose overlays
   * are disjoint are separate worlds: a Service in one is not the same-named Service in the other.
   */
  overlaysReading(path: string): readonly string[];
}

export const NO_KUSTOMIZE_LINKS: KustomizeLinks = { links: [], overlaysReading: () => [] };

/** What sits under a cursor, for navigation. */
export interface LinkSite {
  /** The text under the cursor that links (a host, a field value, a name, a selector). */
  readonly span: Span;
  /** What references and rename act on from here; null when the name points at nothing known. */
  readonly subject: LinkSubject | null;
  /** The characters a rename from here replaces (the Service label in a host), or null. */
  readonly nameSpan: Span | null;
  /** Where it goes, nearest to `path` first. */
  readonly targets: readonly Link[];
  /** The host reference under the cursor, when it is one. */
  readonly host: HostReference | null;
}

export function subjectKey(subject: LinkSubject): string {
  return subject.kind === 'service' ? `service:${subject.namespace}/${subject.name}` : `workload:${objectId(subject.workload.ref)}`;
}

export function serviceSubject(svc: ServiceDecl): LinkSubject {
  return { kind: 'service', namespace: svc.ref.namespace, name: svc.ref.name, declaredIn: svc.ref.path };
}

const declarationKey = (path: string, start: number) => `${path}#${start}`;

/**
 * Whether a file belongs to the subject's world (see KustomizeLinks.overlaysReading): files read
 * by a common overlay, or, for a subject in a file no overlay reads, the other such files. A
 * base's Service is applied renamed and moved by its overlays, so a same-named Service in a plain
 * file is another object (and the reverse); what a build resolves comes as declared links.
 */
function inWorldOf(subject: LinkSubject, kustomize: KustomizeLinks): (path: string) => boolean {
  return inWorldOfFile(subject.kind === 'workload' ? subject.workload.ref.path : subject.declaredIn, kustomize);
}

function inWorldOfFile(anchor: string | undefined, kustomize: KustomizeLinks): (path: string) => boolean {
  // Without kustomizations every file is one world.
  if (anchor === undefined || kustomize === NO_KUSTOMIZE_LINKS) return () => true;
  const world = kustomize.overlaysReading(anchor);
  return (path) => {
    const other = kustomize.overlaysReading(path);
    return world.length === 0 ? other.length === 0 : other.some((overlay) => world.includes(overlay));
  };
}

/** The subject's declarations in its world, as `declarationKey`s. */
function declarationKeys(catalog: Catalog, subject: LinkSubject, inWorld: (path: string) => boolean): Set<string> {
  if (subject.kind === 'workload') return new Set([declarationKey(subject.workload.ref.path, subject.workload.ref.nameSpan.start)]);
  return new Set(catalog.serviceDeclarations(subject.namespace, subject.name).filter((svc) => inWorld(svc.ref.path)).map((svc) => declarationKey(svc.ref.path, svc.ref.nameSpan.start)));
}

/** The Service or workload declared with its name at `start` of `path`, as a subject. */
function subjectDeclaredAt(catalog: Catalog, path: string, start: number): LinkSubject | null {
  const file = catalog.files.get(path);
  const svc = file?.services.find((s) => s.ref.nameSpan.start === start);
  if (svc) return serviceSubject(svc);
  const workload = file?.workloads.find((w) => w.ref.nameSpan.start === start);
  return workload ? { kind: 'workload', workload } : null;
}

/** Host links of a whole catalog, by subject key; computed once per (immutable) catalog. */
const hostIndexes = new WeakMap<Catalog, Map<string, Link[]>>();

function hostIndex(catalog: Catalog): Map<string, Link[]> {
  let index = hostIndexes.get(catalog);
  if (index) return index;
  index = new Map();
  for (const file of catalog.files.values())
    for (const site of file.valueSites)
      for (const reference of analyzeHostReferences(catalog, site))
        for (const { subject, link } of hostLinks(catalog, reference)) {
          const key = subjectKey(subject);
          const list = index.get(key);
          if (list) list.push(link);
          else index.set(key, [link]);
        }
  hostIndexes.set(catalog, index);
  return index;
}

/** The Service (and the StatefulSet, for a per-pod name) a resolving host goes through. */
export function hostLinks(catalog: Catalog, reference: HostReference): { subject: LinkSubject; link: Link }[] {
  const answer = reference.resolution.status === 'answer' ? reference.resolution.answer : null;
  if (!answer?.service || !reference.resolution.fqdn) return [];
  const [namespace, name] = answer.service.split('/') as [string, string];
  const { token, site } = reference;
  const labels = token.host.replace(/\.$/, '').split('.');
  const resolved = reference.resolution.fqdn.replace(/\.$/, '').split('.');
  // fqdn = […, service, namespace, svc, zone…]; a relative name is a prefix of it (the search path
  // appends), and a foreign cluster domain changes only the labels after `svc`.
  let serviceIndex = -1;
  for (let i = 0; i + 2 < resolved.length; i++) if (resolved[i] === name && resolved[i + 1] === namespace && resolved[i + 2] === 'svc') serviceIndex = i;
  const labelSpan = (i: number, length = labels[i]!.length): Span => {
    const start = token.span.start + labels.slice(0, i).reduce((sum, l) => sum + l.length + 1, 0);
    return makeSpan(start, start + length);
  };
  const spells = (i: number, expected: string) => i >= 0 && i < labels.length && labels[i]!.toLowerCase() === expected;
  const result: { subject: LinkSubject; link: Link }[] = [];
  const isPodName = serviceIndex === 1 && (answer.kind === 'pod-ip' || answer.kind === 'ips') && answer.pods.length > 0;
  result.push({
    subject: { kind: 'service', namespace, name },
    link: { path: site.path, span: token.span, role: 'host', nameSpan: spells(serviceIndex, name) ? labelSpan(serviceIndex) : null },
  });
  if (isPodName) {
    const podLabel = labels[0]!.toLowerCase();
    for (const pod of answer.pods) {
      const workload = workloadById(catalog, namespace, pod.workload);
      if (!workload) continue;
      // A StatefulSet's pod hostname is `<name>-<ordinal>`: renaming the StatefulSet renames it.
      const prefix = workload.ref.kind === 'StatefulSet' && podLabel.startsWith(`${workload.ref.name}-`) && /^\d+$/.test(podLabel.slice(workload.ref.name.length + 1));
      result.push({ subject: { kind: 'workload', workload }, link: { path: site.path, span: token.span, role: 'pod-host', nameSpan: prefix ? labelSpan(0, workload.ref.name.length) : null } });
    }
  }
  return result;
}

function workloadById(catalog: Catalog, namespace: string, id: string): WorkloadDecl | undefined {
  return catalog.workloadsIn(namespace).find((w) => objectId(w.ref) === id);
}

/**
 * Every place that refers to `subject`, its declarations first, in catalog order, then what the
 * kustomizations add. In a kustomize workspace only the subject's world counts: a same-named
 * Service in a kustomization that does not reach the subject's file is another object.
 */
export function findReferences(catalog: Catalog, subject: LinkSubject, kustomize: KustomizeLinks = NO_KUSTOMIZE_LINKS): Link[] {
  const links: Link[] = [];
  if (subject.kind === 'service') {
    const declarations = catalog.serviceDeclarations(subject.namespace, subject.name);
    for (const svc of declarations) links.push({ path: svc.ref.path, span: svc.ref.nameSpan, role: 'declaration', nameSpan: valueSpan(catalog, svc.ref.path, svc.ref.nameSpan) });
    for (const workload of catalog.workloadsIn(subject.namespace)) {
      for (const [field, role] of [['serviceName', 'service-name'], ['subdomain', 'subdomain']] as const) {
        const value = workload[field];
        if (value?.value === subject.name) links.push({ path: workload.ref.path, span: value.span, role, nameSpan: valueSpan(catalog, workload.ref.path, value.span) });
      }
    }
    // The selector of the declaration it was reached from (a patch's copy selects nothing).
    const svc = declarations.find((d) => d.ref.path === subject.declaredIn) ?? declarations[0];
    if (svc) for (const workload of catalog.selectedWorkloads(svc)) links.push({ path: workload.ref.path, span: workload.ref.nameSpan, role: 'selected', nameSpan: null });
  } else {
    const ref = subject.workload.ref;
    links.push({ path: ref.path, span: ref.nameSpan, role: 'declaration', nameSpan: valueSpan(catalog, ref.path, ref.nameSpan) });
    // Every declaration of a Service declared in several files (the world filter below keeps this one's).
    const selecting = catalog.servicesIn(ref.namespace).flatMap((svc) => catalog.serviceDeclarations(ref.namespace, svc.ref.name));
    for (const svc of selecting) if (svc.selector && svc.type?.value !== 'ExternalName' && selectsWorkload(svc.selector.value, subject.workload)) links.push({ path: svc.ref.path, span: svc.selector.span, role: 'selector', nameSpan: null });
  }
  links.push(...(hostIndex(catalog).get(subjectKey(subject)) ?? []));
  const inWorld = inWorldOf(subject, kustomize);
  const declared = declarationKeys(catalog, subject, inWorld);
  const built = kustomize.links.filter((l) => declared.has(declarationKey(l.declaration.path, l.declaration.start)));
  // A build knows better what a name in a patch file is (a patch, not a second declaration).
  const at = (l: Link) => `${l.path}#${l.span.start}#${l.span.end}`;
  const builtAt = new Set(built.map(at));
  const seen = new Set<string>();
  return [...links.filter((l) => !builtAt.has(at(l)) && inWorld(l.path)), ...built].filter((l) => {
    const key = `${at(l)}#${l.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What links from `offset` of the file at `path`, or null. */
export function linkAt(catalog: Catalog, path: string, offset: number, kustomize: KustomizeLinks = NO_KUSTOMIZE_LINKS): LinkSite | null {
  const built = builtLinkAt(catalog, path, offset, kustomize);
  if (built) return built;
  const site = plainLinkAt(catalog, path, offset);
  if (!site || kustomize === NO_KUSTOMIZE_LINKS) return site;
  // Only what is in this file's world: a same-named Service in another kustomization is another object.
  const here = inWorldOfFile(path, kustomize);
  const targets = site.targets.filter((t) => here(t.path));
  if (targets.length === site.targets.length || targets.length === 0) return site;
  const subject = site.subject;
  if (subject?.kind !== 'service') return { ...site, targets };
  const declaredIn = catalog.serviceDeclarations(subject.namespace, subject.name).find((d) => targets.some((t) => t.path === d.ref.path && t.span.start === d.ref.nameSpan.start));
  return { ...site, targets, subject: declaredIn ? { ...subject, declaredIn: declaredIn.ref.path } : subject };
}

/** What links from `offset` in the catalog's own files, before kustomize worlds are told apart. */
function plainLinkAt(catalog: Catalog, path: string, offset: number): LinkSite | null {
  const near = (links: Link[]) => sortByDistance(links, path);
  const file = catalog.files.get(path);
  if (!file) return null;
  for (const site of file.valueSites) {
    if (!spanContains(site.span, offset)) continue;
    for (const reference of analyzeHostReferences(catalog, site)) {
      if (!spanContains(reference.token.span, offset)) continue;
      const links = hostLinks(catalog, reference);
      if (links.length === 0) return { span: reference.token.span, subject: null, nameSpan: null, targets: [], host: reference };
      // On the pod label of a per-pod name, the pod's workload comes first; elsewhere the Service.
      const onPod = links.find((l) => l.link.role === 'pod-host' && l.link.nameSpan && spanContains(l.link.nameSpan, offset));
      const chosen = onPod ?? links[0]!;
      const first = near(declarationsOf(catalog, chosen.subject));
      if (chosen.subject.kind === 'service' && first[0]) chosen.subject = { ...chosen.subject, declaredIn: first[0].path };
      const at = (l: Link) => `${l.path}#${l.span.start}`;
      const firstAt = new Set(first.map(at));
      const rest = links.flatMap((l) => declarationsOf(catalog, l.subject)).filter((t) => !firstAt.has(at(t)));
      return { span: reference.token.span, subject: chosen.subject, nameSpan: chosen.link.nameSpan, targets: [...first, ...near(rest)], host: reference };
    }
  }
  for (const svc of file.services) {
    const subject = serviceSubject(svc);
    if (spanContains(svc.ref.nameSpan, offset)) return { span: svc.ref.nameSpan, subject, nameSpan: valueSpan(catalog, path, svc.ref.nameSpan), targets: near(declarationsOf(catalog, subject)), host: null };
    if (svc.selector && spanContains(svc.selector.span, offset)) {
      const targets = catalog.selectedWorkloads(svc).map((w): Link => ({ path: w.ref.path, span: w.ref.nameSpan, role: 'declaration', nameSpan: null }));
      return { span: svc.selector.span, subject, nameSpan: null, targets: near(targets), host: null };
    }
  }
  for (const workload of file.workloads) {
    for (const field of ['serviceName', 'subdomain'] as const) {
      const value = workload[field];
      if (!value || !spanContains(value.span, offset)) continue;
      const targets = near(declarationsOf(catalog, { kind: 'service', namespace: workload.ref.namespace, name: value.value }));
      const subject: LinkSubject = { kind: 'service', namespace: workload.ref.namespace, name: value.value, ...(targets[0] ? { declaredIn: targets[0].path } : {}) };
      return { span: value.span, subject: targets.length ? subject : null, nameSpan: targets.length ? valueSpan(catalog, path, value.span) : null, targets, host: null };
    }
    if (spanContains(workload.ref.nameSpan, offset)) {
      const subject: LinkSubject = { kind: 'workload', workload };
      return { span: workload.ref.nameSpan, subject, nameSpan: valueSpan(catalog, path, workload.ref.nameSpan), targets: declarationsOf(catalog, subject), host: null };
    }
  }
  return null;
}

/**
 * A link a build found under the cursor (a patch target, a patch's name, a replicas name, a host
 * resolving in an overlay): its subject is the nearest declaration it selects, and its targets
 * every declaration it selects, nearest first.
 */
function builtLinkAt(catalog: Catalog, path: string, offset: number, kustomize: KustomizeLinks): LinkSite | null {
  const here = kustomize.links.filter((l) => l.path === path && spanContains(l.span, offset));
  if (here.length === 0) return null;
  // On the pod label of a per-pod name, the StatefulSet; elsewhere the Service before the workloads.
  const onName = here.filter((l) => l.nameSpan && spanContains(l.nameSpan, offset));
  const preferred = onName.find((l) => l.role === 'pod-host') ?? here.find((l) => l.role === 'host') ?? here.find((l) => l.kind === 'Service') ?? here[0]!;
  const span = preferred.span;
  const seen = new Set<string>();
  const targets: Link[] = [];
  for (const l of here) {
    if (l.span.start !== span.start || l.span.end !== span.end) continue;
    const key = declarationKey(l.declaration.path, l.declaration.start);
    if (seen.has(key) || !catalog.files.has(l.declaration.path)) continue;
    seen.add(key);
    const name = catalog.files.get(l.declaration.path)!;
    const decl = [...name.services, ...name.workloads].find((d) => d.ref.nameSpan.start === l.declaration.start);
    if (decl) targets.push({ path: decl.ref.path, span: decl.ref.nameSpan, role: 'declaration', nameSpan: null });
  }
  const sorted = sortByDistance(targets, path);
  const subject = subjectDeclaredAt(catalog, preferred.declaration.path, preferred.declaration.start);
  // The declaration the preferred link names comes first.
  const first = sorted.findIndex((t) => t.path === preferred.declaration.path && t.span.start === preferred.declaration.start);
  if (first > 0) sorted.unshift(...sorted.splice(first, 1));
  return { span, subject, nameSpan: subject ? preferred.nameSpan : null, targets: sorted, host: null };
}

function declarationsOf(catalog: Catalog, subject: LinkSubject): Link[] {
  if (subject.kind === 'workload') return [{ path: subject.workload.ref.path, span: subject.workload.ref.nameSpan, role: 'declaration', nameSpan: null }];
  return catalog.serviceDeclarations(subject.namespace, subject.name).map((svc) => ({ path: svc.ref.path, span: svc.ref.nameSpan, role: 'declaration', nameSpan: null }));
}

/** Same file first, then by how much of the directory path is shared, then by path. */
function sortByDistance(links: Link[], path: string): Link[] {
  const shared = (other: string) => {
    let i = 0;
    while (i < other.length && i < path.length && other[i] === path[i]) i++;
    return other === path ? Infinity : other.lastIndexOf('/', i);
  };
  return [...links].sort((a, b) => shared(b.path) - shared(a.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.span.start - b.span.start));
}

/** A scalar's span without its quotes: the characters a rename replaces. */
function valueSpan(catalog: Catalog, path: string, span: Span): Span {
  return unquotedSpan(catalog.files.get(path)?.text ?? '', span);
}

export interface RenameEdit {
  readonly path: string;
  readonly span: Span;
  readonly newText: string;
  /** Edits inside values (hosts) deserve review: the text is free-form, not a Kubernetes field. */
  readonly inValue: boolean;
}

/** DNS-1035 label: what a Service name must be (and a StatefulSet's, for its pods' host names). */
const SERVICE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const WORKLOAD_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The edits that rename `subject` everywhere it is referred to, or why it cannot be renamed so. */
export function renameEdits(
  catalog: Catalog,
  subject: LinkSubject,
  newName: string,
  kustomize: KustomizeLinks = NO_KUSTOMIZE_LINKS,
  /** How a file is named in a refusal. */
  displayPath: (path: string) => string = (path) => path,
): { readonly edits: RenameEdit[] } | { readonly error: string } {
  const valid = subject.kind === 'service' ? SERVICE_NAME : WORKLOAD_NAME;
  if (!valid.test(newName))
    return {
      error:
        subject.kind === 'service'
          ? `"${newName}" is not a valid Service name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.`
          : `"${newName}" is not a valid name here: lowercase letters, digits and '-', at most 63 characters (its pods' host names are built from it).`,
    };
  const inWorld = inWorldOf(subject, kustomize);
  const taken =
    subject.kind === 'service'
      ? catalog.serviceDeclarations(subject.namespace, newName).find((svc) => inWorld(svc.ref.path))
      : catalog.workloadsIn(subject.workload.ref.namespace).find((w) => w.ref.kind === subject.workload.ref.kind && w.ref.name === newName && inWorld(w.ref.path));
  if (taken && newName !== (subject.kind === 'service' ? subject.name : subject.workload.ref.name))
    return { error: `${subject.kind === 'service' ? 'Service' : subject.workload.ref.kind} ${newName} already exists in namespace ${subject.kind === 'service' ? subject.namespace : subject.workload.ref.namespace}; hosts would then resolve to it.` };
  const shared = sharedSelection(catalog, subject, kustomize, displayPath);
  if (shared) return { error: shared };
  const edits: RenameEdit[] = [];
  const seen = new Set<string>();
  for (const link of findReferences(catalog, subject, kustomize)) {
    if (!link.nameSpan) continue;
    const id = `${link.path}#${link.nameSpan.start}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edits.push({ path: link.path, span: link.nameSpan, newText: newName, inValue: link.role === 'host' || link.role === 'pod-host' });
  }
  return { edits };
}

/**
 * Why renaming would break another object: a name (a kind-less patch target, a replicas entry)
 * that selects the subject and also an object of another name's declaration, which would stop
 * being selected. Null when there is none.
 */
function sharedSelection(catalog: Catalog, subject: LinkSubject, kustomize: KustomizeLinks, displayPath: (path: string) => string): string | null {
  const inWorld = inWorldOf(subject, kustomize);
  const declared = declarationKeys(catalog, subject, inWorld);
  const structural = new Set<LinkRole>(['patch-target', 'patch-name', 'replicas']);
  const ours = kustomize.links.filter((l) => l.nameSpan && structural.has(l.role) && declared.has(declarationKey(l.declaration.path, l.declaration.start)) && inWorld(l.path));
  for (const link of ours) {
    const other = kustomize.links.find(
      (l) => l.path === link.path && l.span.start === link.span.start && l.role === link.role && !declared.has(declarationKey(l.declaration.path, l.declaration.start)),
    );
    if (!other) continue;
    const written = catalog.files.get(link.path)?.text.slice(link.span.start, link.span.end) ?? other.name;
    const what = link.role === 'replicas' ? 'replicas entry' : link.role === 'patch-target' ? 'patch target' : 'patch';
    return `The ${what} "${written}" in ${displayPath(link.path)} also selects ${other.kind} ${other.name}, which would no longer be selected after the rename. ${link.role === 'patch-target' ? 'Give the target a kind first.' : 'Rename both, one after the other.'}`;
  }
  return null;
}

/** Each host in the file's values with the declarations it resolves through (empty when it does not). */
export function hostLinksIn(catalog: Catalog, path: string): { readonly reference: HostReference; readonly targets: readonly Link[] }[] {
  const file = catalog.files.get(path);
  if (!file) return [];
  const result: { reference: HostReference; targets: Link[] }[] = [];
  for (const site of file.valueSites)
    for (const reference of analyzeHostReferences(catalog, site)) {
      const subjects = hostLinks(catalog, reference).map((l) => l.subject);
      result.push({ reference, targets: subjects.length ? sortByDistance(declarationsOf(catalog, subjects[0]!), path) : [] });
    }
  return result;
}
