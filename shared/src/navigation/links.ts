// Who references what: a StatefulSet's serviceName and a pod's subdomain name a Service, a selector
// picks workloads, a host in a value resolves to a Service or to one of its pods. One computation,
// shared by go-to-definition, references, highlights, rename, code lens and document links, so they
// cannot disagree. Host links come from the resolver (analyzeHostReferences), never from matching
// text: a host links to a Service only when cluster DNS would answer it through that Service.
import { analyzeHostReferences, type HostReference } from '../dns/hostReferences';
import { objectId, type ServiceDecl, type WorkloadDecl } from '../kube/types';
import { makeSpan, spanContains, type Span } from '../text/span';
import type { Catalog } from '../model/catalog';

/** What references point at: a Service (by key, it may be declared in several files) or a workload. */
export type LinkSubject =
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string }
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
  | 'selector';

export interface Link {
  readonly path: string;
  /** The whole thing that refers (a host token, a field value, a name). */
  readonly span: Span;
  readonly role: LinkRole;
  /** The characters that spell the subject's name, replaced by a rename; null when none do. */
  readonly nameSpan: Span | null;
}

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
  return { kind: 'service', namespace: svc.ref.namespace, name: svc.ref.name };
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
function hostLinks(catalog: Catalog, reference: HostReference): { subject: LinkSubject; link: Link }[] {
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

/** Every place that refers to `subject`, its declarations first, in catalog order. */
export function findReferences(catalog: Catalog, subject: LinkSubject): Link[] {
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
    const svc = declarations[0];
    if (svc) for (const workload of catalog.selectedWorkloads(svc)) links.push({ path: workload.ref.path, span: workload.ref.nameSpan, role: 'selected', nameSpan: null });
  } else {
    const ref = subject.workload.ref;
    links.push({ path: ref.path, span: ref.nameSpan, role: 'declaration', nameSpan: valueSpan(catalog, ref.path, ref.nameSpan) });
    for (const svc of catalog.servicesSelecting(subject.workload)) if (svc.selector) links.push({ path: svc.ref.path, span: svc.selector.span, role: 'selector', nameSpan: null });
  }
  links.push(...(hostIndex(catalog).get(subjectKey(subject)) ?? []));
  return links;
}

/** What links from `offset` of the file at `path`, or null. */
export function linkAt(catalog: Catalog, path: string, offset: number): LinkSite | null {
  const file = catalog.files.get(path);
  if (!file) return null;
  const near = (links: Link[]) => sortByDistance(links, path);
  for (const site of file.valueSites) {
    if (!spanContains(site.span, offset)) continue;
    for (const reference of analyzeHostReferences(catalog, site)) {
      if (!spanContains(reference.token.span, offset)) continue;
      const links = hostLinks(catalog, reference);
      if (links.length === 0) return { span: reference.token.span, subject: null, nameSpan: null, targets: [], host: reference };
      // On the pod label of a per-pod name, the pod's workload comes first; elsewhere the Service.
      const onPod = links.find((l) => l.link.role === 'pod-host' && l.link.nameSpan && spanContains(l.link.nameSpan, offset));
      const chosen = onPod ?? links[0]!;
      const first = declarationsOf(catalog, chosen.subject);
      const at = (l: Link) => `${l.path}#${l.span.start}`;
      const firstAt = new Set(first.map(at));
      const rest = links.flatMap((l) => declarationsOf(catalog, l.subject)).filter((t) => !firstAt.has(at(t)));
      return { span: reference.token.span, subject: chosen.subject, nameSpan: chosen.link.nameSpan, targets: [...near(first), ...near(rest)], host: reference };
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
      const subject: LinkSubject = { kind: 'service', namespace: workload.ref.namespace, name: value.value };
      const targets = declarationsOf(catalog, subject);
      return { span: value.span, subject: targets.length ? subject : null, nameSpan: targets.length ? valueSpan(catalog, path, value.span) : null, targets: near(targets), host: null };
    }
    if (spanContains(workload.ref.nameSpan, offset)) {
      const subject: LinkSubject = { kind: 'workload', workload };
      return { span: workload.ref.nameSpan, subject, nameSpan: valueSpan(catalog, path, workload.ref.nameSpan), targets: declarationsOf(catalog, subject), host: null };
    }
  }
  return null;
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
  const text = catalog.files.get(path)?.text ?? '';
  const first = text[span.start];
  return (first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first ? makeSpan(span.start + 1, span.end - 1) : span;
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
export function renameEdits(catalog: Catalog, subject: LinkSubject, newName: string): { readonly edits: RenameEdit[] } | { readonly error: string } {
  const valid = subject.kind === 'service' ? SERVICE_NAME : WORKLOAD_NAME;
  if (!valid.test(newName))
    return {
      error:
        subject.kind === 'service'
          ? `"${newName}" is not a valid Service name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.`
          : `"${newName}" is not a valid name here: lowercase letters, digits and '-', at most 63 characters (its pods' host names are built from it).`,
    };
  const taken = subject.kind === 'service' ? catalog.service(subject.namespace, newName) : catalog.workloadsIn(subject.workload.ref.namespace).find((w) => w.ref.kind === subject.workload.ref.kind && w.ref.name === newName);
  if (taken && newName !== (subject.kind === 'service' ? subject.name : subject.workload.ref.name))
    return { error: `${subject.kind === 'service' ? 'Service' : subject.workload.ref.kind} ${newName} already exists in namespace ${subject.kind === 'service' ? subject.namespace : subject.workload.ref.namespace}; hosts would then resolve to it.` };
  const edits: RenameEdit[] = [];
  const seen = new Set<string>();
  for (const link of findReferences(catalog, subject)) {
    if (!link.nameSpan) continue;
    const id = `${link.path}#${link.nameSpan.start}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edits.push({ path: link.path, span: link.nameSpan, newText: newName, inValue: link.role === 'host' || link.role === 'pod-host' });
  }
  return { edits };
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
