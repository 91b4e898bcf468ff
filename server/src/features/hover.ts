// Hover: what cluster DNS answers for the thing under the cursor, as short Markdown (at most
// HOVER_LINES lines). The caveat that changes the answer comes first, then the mode and what it
// means, the names people type, per-pod names summarised (`web-0 … web-2`), and a link to the full
// table (the `kubeServiceDns.showServiceNames` command). Where a Problems entry already covers the
// hovered text, the hover does not repeat it: it says what the Problems entry cannot (where the
// name was looked up, what the near name would answer). All facts come from the engine
// (explainService, resolveQuery, describeAnswer); this module only words and lays them out.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  describeAnswer,
  explainService,
  namespaceNote,
  objectId,
  profileLabel,
  resolveQuery,
  searchCandidates,
  serviceFqdn,
  serviceMode,
  targetAt,
  type Catalog,
  type HostReference,
  type HoverTarget,
  type Resolution,
  type ServiceDecl,
  type ServiceExplanation,
  type Span,
  type WorkloadDecl,
} from '../../../shared/src/index';
import { toOffset, toRange } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { baseRole, overlayHostViews, overlayProblems, overlayViews, type BaseRole, type OverlayHostView, type OverlayView } from './kustomizeOverlays';

/** The most lines a hover shows; the full table is one click away. */
export const HOVER_LINES = 12;
/** Caveats shown before the explanation; the others are in the full table's notes. */
const MAX_CAVEATS = 2;
const MAX_LISTED = 2;
const MAX_SERVICES_LISTED = 4;

const MODE_LABEL = { vip: 'ClusterIP', headless: 'headless', 'external-name': 'ExternalName' } as const;

/** The hover targets: the engine's, plus a pod template's `hostname:`. */
type Target = HoverTarget | { readonly kind: 'hostname'; readonly span: Span; readonly workload: WorkloadDecl };

/** What the hover needs besides the catalog: workspace-relative paths, and whether the Problems view covers the hovered text. */
interface Context {
  readonly catalog: Catalog;
  readonly displayPath: (key: string) => string;
  /** True when a problem of this file overlaps the hovered span (its message is in the Problems view and in the hover box). */
  readonly diagnosed: boolean;
}

export function provideHover(index: WorkspaceIndex, uri: string, position: Position): Hover | null {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return null;
  const catalog = index.catalog();
  // Objects declared in several files answer from the declaration nearest to this one.
  const target = catalog.from(snapshot.key, () => findTarget(catalog, snapshot, toOffset(snapshot, position)));
  if (!target) return null;
  const problems = [...index.problems(snapshot.key), ...overlayProblems(index, snapshot.key)];
  const diagnosed = problems.some((p) => p.span.start < target.span.end && target.span.start < p.span.end);
  const context: Context = { catalog, displayPath: (key) => index.displayPath(key), diagnosed };
  const overlays = target.kind === 'service' ? overlayViews(index, target.service) : [];
  const role = target.kind === 'service' || target.kind === 'host' ? baseRole(index, snapshot.key) : null;
  // A file only overlays read is never applied as written: answer for what each overlay makes of it.
  const baseOnly = role !== null && !role.alsoAsWritten;
  const hostViews = baseOnly && target.kind === 'host' ? overlayHostViews(index, snapshot.key, target.reference.token.span) : [];
  const lines =
    baseOnly && target.kind === 'service' && overlays.length > 0
      ? renderBaseService(context, snapshot.key, target.service, role, overlays)
      : baseOnly && target.kind === 'host' && hostViews.length > 0
        ? renderBaseHost(context, snapshot.key, target.reference, role, hostViews)
        : catalog.from(snapshot.key, () => renderTarget(context, target, overlays, role));
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: toRange(snapshot, target.span) };
}

/**
 * The engine's target, widened for the lines it has no target for: a hover anywhere on a
 * `clusterIP:` or `type:` line (the key included) is about the Service; the `serviceName:` and
 * `subdomain:` keys hover as their values do; `hostname:` (key or value) is about the pods' names.
 */
function findTarget(catalog: Catalog, snapshot: FileSnapshot, offset: number): Target | null {
  const direct = targetAt(catalog, snapshot.key, offset);
  if (direct) return direct;
  const text = snapshot.text;
  /** The span from the key to the end of `value`, when the cursor is on the key of the value's line or on the value. */
  const keyLine = (value: { readonly span: Span } | null): Span | null => {
    if (!value || offset > value.span.end || /[\r\n]/.test(text.slice(Math.min(offset, value.span.start), value.span.start))) return null;
    const lineStart = Math.max(text.lastIndexOf('\n', value.span.start), text.lastIndexOf('\r', value.span.start)) + 1;
    const keyStart = lineStart + (/^[ \t-]*/.exec(text.slice(lineStart, value.span.start))?.[0].length ?? 0);
    return offset < keyStart ? null : { start: keyStart, end: value.span.end };
  };
  const file = catalog.files.get(snapshot.key);
  for (const svc of file?.services ?? [])
    for (const field of [svc.clusterIP, svc.type]) {
      const span = keyLine(field);
      if (span) return { kind: 'service', span, service: svc };
    }
  for (const workload of file?.workloads ?? []) {
    for (const field of [workload.serviceName, workload.subdomain]) {
      const span = keyLine(field);
      const target = span && field ? targetAt(catalog, snapshot.key, field.span.start) : null;
      if (span && target) return { ...target, span };
    }
    const span = keyLine(workload.hostname);
    if (span) return { kind: 'hostname', span, workload };
  }
  return null;
}

function renderTarget(context: Context, target: Target, overlays: readonly OverlayView[], role: BaseRole | null): string[] {
  switch (target.kind) {
    case 'service':
      return renderService(context, target.service, overlays, role);
    case 'service-reference':
      return renderServiceReference(context, target);
    case 'workload':
      return renderWorkload(context.catalog, target.workload);
    case 'hostname':
      return renderHostname(context.catalog, target.workload);
    case 'host':
      return renderHost(context, target.reference);
  }
}

/**
 * A Service in a file only overlays read: it is never applied as written, so the hover says what
 * each overlay makes of it, and that the file is a base.
 */
function renderBaseService({ displayPath }: Context, key: string, svc: ServiceDecl, role: BaseRole, overlays: readonly OverlayView[]): string[] {
  const disagreement = overlayDisagreement(overlays);
  const lines = disagreement ? [`⚠ ${disagreement}`] : [];
  lines.push(...overlayLines(overlays, HOVER_LINES - lines.length - 1, `**Service ${code(svc.ref.name)} in each kustomize overlay** (what gets applied):`));
  lines.push(baseLine(displayPath(key), role));
  return lines;
}

/** A host written in a file only overlays read: what it answers in each overlay, from the pod's namespace there. */
function renderBaseHost({ displayPath }: Context, key: string, reference: HostReference, role: BaseRole, views: readonly OverlayHostView[]): string[] {
  const budget = HOVER_LINES - 2;
  const shown = views.length <= budget ? views : views.slice(0, budget - 1);
  const rows = shown.map((v) => {
    const r = v.resolution;
    const answer = r.status === 'answer' && r.answer ? `→ ${text(describeAnswer(r.answer))}` : `**${r.status.toUpperCase()}**`;
    return `- in ${code(v.overlay)} (from ${code(v.from)}): ${answer}`;
  });
  if (shown.length < views.length) rows.push(`- …and ${views.length - shown.length} more overlays`);
  return [
    `**${code(reference.token.host)} in each kustomize overlay** (what gets applied):\n${rows.join('\n')}`,
    baseLine(displayPath(key), role),
  ];
}

function baseLine(path: string, role: BaseRole): string {
  return `${code(path)} is a kustomize base of ${role.overlays} overlay${role.overlays === 1 ? '' : 's'}, not applied on its own.`;
}

function renderService({ catalog, displayPath }: Context, svc: ServiceDecl, overlays: readonly OverlayView[], role: BaseRole | null = null): string[] {
  const e = explainService(catalog, svc);
  const disagreement = overlayDisagreement(overlays);
  const caveats = [...(disagreement ? [disagreement] : []), ...e.caveats.map((c) => text(replacePaths(c, catalog, displayPath)))];
  const lines = caveats.slice(0, MAX_CAVEATS).map((c) => `⚠ ${c}`);
  // A file applied both as written (a kustomization that falls back to it) and through overlays: both views, labelled.
  const asWritten = role?.alsoAsWritten ? ' as written (a kustomization that cannot be built applies this file as is)' : '';
  lines.push(`**Service ${code(e.service)}**${asWritten} — ${text(e.summary)}`);
  lines.push(namesLine(catalog, svc, e));
  const perPod = perPodLine(catalog, svc, hostnamesOf(e));
  if (perPod) lines.push(perPod);
  if (e.selected.length > 0) lines.push(selectsLine(e));
  lines.push(...overlayLines(overlays, HOVER_LINES - lines.length - 1, `**${role?.alsoAsWritten ? 'Also in kustomize overlays' : 'In kustomize overlays'}** (what gets applied):`));
  lines.push(showAllNamesLink(svc, e.resolving.length + e.notResolving.length, caveats.length - Math.min(caveats.length, MAX_CAVEATS)));
  return lines;
}

/** The two names people type (short in the namespace, the FQDN from anywhere) and what they answer. */
function namesLine(catalog: Catalog, svc: ServiceDecl, e: ServiceExplanation): string {
  const { name, namespace } = svc.ref;
  const fqdn = serviceFqdn(catalog, svc);
  const entry = [...e.resolving, ...e.notResolving].find((n) => n.name === fqdn && n.from === undefined && n.type !== 'SRV');
  const answer = !entry ? '' : entry.answer ? ` → ${text(describeAnswer(entry.answer))}` : ` → ${entry.status.toUpperCase()}`;
  return `**Names:** ${code(name)} in ${code(namespace)}, ${code(fqdn)} from anywhere${answer}`;
}

/** Per-pod DNS labels under this Service, in the order the explanation lists its workloads. */
function hostnamesOf(e: ServiceExplanation): string[] {
  return [...new Set(e.selected.flatMap((w) => w.hostnames))];
}

/**
 * Per-pod names summarised (`web-0 … web-2.nginx.prod.svc.cluster.local`), with what they answer under the
 * configured profile: each pod's IP, or why not (a ClusterIP Service under kube-dns).
 */
function perPodLine(catalog: Catalog, svc: ServiceDecl, hostnames: readonly string[]): string | null {
  if (hostnames.length === 0) return null;
  const suffix = serviceFqdn(catalog, svc);
  const resolutions = hostnames.map((h) => resolveQuery(catalog, `${h}.${serviceFqdn(catalog, svc)}.`, { fromNamespace: svc.ref.namespace, type: 'A' }));
  const failed = resolutions.find((r) => r.status !== 'answer');
  const answer = failed
    ? `${failed.status.toUpperCase()}: ${text(failed.reason)}`
    : `each pod's own IP${resolutions.some((r) => !r.portable) ? ` (${text(profileLabel(catalog.options.profile))} only)` : ''}`;
  return `**Per-pod names (${hostnames.length}):** ${summariseLabels(hostnames, suffix)} → ${answer}`;
}

/** `web-0.nginx.prod.svc.cluster.local` for one; `web-0 … web-2.nginx.prod.svc.cluster.local` for more. */
function summariseLabels(labels: readonly string[], suffix: string): string {
  return code(labels.length === 1 ? `${labels[0]}.${suffix}` : `${labels[0]} … ${labels.at(-1)}.${suffix}`);
}

function selectsLine(e: ServiceExplanation): string {
  const items = e.selected.slice(0, MAX_LISTED).map((w) => {
    const [kind, , name] = w.workload.split('/');
    const count = w.count === null ? 'one pod per node' : `${w.count} pod${w.count === 1 ? '' : 's'}`;
    return `${kind} ${code(name!)} (${count})`;
  });
  const more = e.selected.length > MAX_LISTED ? ` and ${e.selected.length - MAX_LISTED} more` : '';
  return `**Selects:** ${items.join(', ')}${more}`;
}

/** The overlays' names for a Service in a base, in at most `budget` lines (a heading and rows). */
function overlayLines(overlays: readonly OverlayView[], budget: number, heading: string): string[] {
  if (overlays.length === 0 || budget < 2) return [];
  const shown = overlays.length <= budget - 1 ? overlays : overlays.slice(0, budget - 2);
  const rows = shown.map((o) => `- ${code(o.fqdn)} (${o.mode}) in ${code(o.overlay)}`);
  if (shown.length < overlays.length) rows.push(`- …and ${overlays.length - shown.length} more overlays`);
  return [`${heading}\n${rows.join('\n')}`];
}

function overlayDisagreement(overlays: readonly OverlayView[]): string | null {
  const modes = [...new Set(overlays.map((o) => o.mode))];
  if (modes.length < 2) return null;
  const where = modes.map((mode) => `${mode} in ${overlays.filter((o) => o.mode === mode).map((o) => code(o.overlay)).join(', ')}`);
  return `**The overlays disagree:** ${where.join('; ')}.`;
}

/** A command link (VS Code runs it; the client trusts only this command) to the full table of names. */
function showAllNamesLink(svc: ServiceDecl, count: number, moreNotes: number): string {
  const args = encodeURIComponent(JSON.stringify([svc.ref.namespace, svc.ref.name]));
  const notes = moreNotes > 0 ? ` and ${moreNotes} more note${moreNotes === 1 ? '' : 's'}` : '';
  return `[Show all ${count} names${notes}](command:kubeServiceDns.showServiceNames?${args} "Open the full table of this Service's DNS names")`;
}

function renderServiceReference(context: Context, target: Extract<HoverTarget, { kind: 'service-reference' }>): string[] {
  const { catalog, displayPath, diagnosed } = context;
  const { workload, field, namespace, serviceName, service } = target;
  const subject = `**${field} ${code(serviceName)}**`;
  const hostnames = podHostnames(workload).filter((h) => field === 'serviceName' || workload.pods.some((p) => p.hostname === h && p.subdomain === serviceName));
  if (!service) {
    // The Problems entry says the Service is missing; the hover says what the names would be and what is there.
    const lines = [diagnosed ? `${subject} — no such Service in ${code(namespace)}.` : `${subject} — there is no Service ${code(serviceName)} in namespace ${code(namespace)}, so the pods get no per-pod DNS names.`];
    if (hostnames.length > 0) lines.push(`**Would give the pods:** ${summariseLabels(hostnames, `${serviceName}.${namespace}.svc.${catalog.options.clusterDomain}`)}, with a headless Service ${code(serviceName)} that selects them.`);
    const elsewhere = catalog.servicesNamed(serviceName).map((s) => code(s.ref.namespace));
    if (elsewhere.length > 0) lines.push(`**Named ${code(serviceName)} elsewhere:** in ${capList(elsewhere, MAX_SERVICES_LISTED)} (it must be in the pods' own namespace).`);
    lines.push(servicesInLine(catalog, namespace));
    return lines;
  }
  const mode = serviceMode(service);
  const meaning = {
    headless: ': each pod gets its own DNS name.',
    vip: diagnosed
      ? ', not headless.'
      : ', which is not headless: only CoreDNS answers the per-pod names, kube-dns and the DNS spec do not. Make it headless (`clusterIP: None`).',
    'external-name': ': an ExternalName Service has no names under it, so the pods get no per-pod names.',
  }[mode];
  const lines = [`${subject} → ${MODE_LABEL[mode]} Service ${code(`${namespace}/${serviceName}`)}${meaning}`];
  const e = explainService(catalog, service);
  // The first line already says what being headless or not changes.
  const caveats = e.caveats.filter((c) => !c.startsWith('Governs StatefulSet'));
  lines.push(...caveats.slice(0, MAX_CAVEATS).map((c) => `⚠ ${text(replacePaths(c, catalog, displayPath))}`));
  const perPod = mode === 'external-name' ? null : perPodLine(catalog, service, hostnames);
  if (perPod) lines.push(perPod);
  lines.push(namesLine(catalog, service, e));
  lines.push(showAllNamesLink(service, e.resolving.length + e.notResolving.length, Math.max(0, caveats.length - MAX_CAVEATS)));
  return lines;
}

/** The Services of a namespace, headless first: where a missing or misspelt name was looked for. */
function servicesInLine(catalog: Catalog, namespace: string): string {
  const services = [...catalog.servicesIn(namespace)].sort((a, b) => Number(b.headless) - Number(a.headless) || a.ref.name.localeCompare(b.ref.name));
  if (services.length === 0) return `**Services in ${code(namespace)}:** none in the workspace.`;
  const names = services.map((s) => `${code(s.ref.name)}${s.headless ? ' (headless)' : ''}`);
  return `**Services in ${code(namespace)}:** ${capList(names, MAX_SERVICES_LISTED)}`;
}

function renderWorkload(catalog: Catalog, workload: WorkloadDecl): string[] {
  const ref = workload.ref;
  const names = podNames(workload);
  const count = workload.replicas === null ? (ref.kind === 'DaemonSet' ? 'one pod per node' : 'pods') : `${workload.replicas} pod${workload.replicas === 1 ? '' : 's'}`;
  const lines = [`**${ref.kind} ${code(`${ref.namespace}/${ref.name}`)}** — ${count}${names.length ? `: ${summarisePods(names)}` : ''}`];
  const assumed = namespaceNote(ref);
  if (assumed) lines.unshift(`⚠ ${text(assumed)}`);
  const services = catalog.servicesSelecting(workload);
  if (services.length === 0) {
    lines.push(`**Selected by:** no Service in ${code(ref.namespace)}, so these pods have no DNS name of their own; clients need a Service that selects ${labelsText(workload)}.`);
    return lines;
  }
  const id = objectId(ref);
  const rows = services.slice(0, MAX_SERVICES_LISTED).map((svc) => {
    const selected = explainService(catalog, svc).selected.find((w) => w.workload === id);
    const podDns = selected?.hostnames.length ? `; pod names ${summariseLabels(selected.hostnames, serviceFqdn(catalog, svc))}` : '';
    const governing = workload.serviceName?.value === svc.ref.name ? ', governing' : '';
    return `${MODE_LABEL[serviceMode(svc)]} Service ${code(svc.ref.name)}${governing} → ${code(serviceFqdn(catalog, svc))}${podDns}`;
  });
  if (services.length > MAX_SERVICES_LISTED) rows.push(`…and ${services.length - MAX_SERVICES_LISTED} more Services`);
  lines.push(`**Selected by:**\n${rows.map((l) => `- ${l}`).join('\n')}`);
  return lines;
}

/** `hostname:` in a pod template: the DNS name it gives the pods, if any. */
function renderHostname(catalog: Catalog, workload: WorkloadDecl): string[] {
  const written = workload.hostname!.value;
  const { kind, namespace } = workload.ref;
  const subject = `**hostname ${code(written)}**`;
  const hostnames = podHostnames(workload);
  // StatefulSets and Indexed Jobs set each pod's hostname themselves.
  if (!hostnames.includes(written))
    return [`${subject} — ignored: ${kind === 'StatefulSet' ? 'a StatefulSet' : 'an Indexed Job'} sets each pod's hostname itself (${summarisePods(hostnames)}).`];
  const subdomain = workload.subdomain?.value;
  if (!subdomain)
    return [`${subject} — the pods' own hostname only: without ${code('subdomain:')} naming a headless Service in ${code(namespace)}, it is no DNS name.`, servicesInLine(catalog, namespace)];
  const fqdn = `${written}.${subdomain}.${namespace}.svc.${catalog.options.clusterDomain}`;
  const r = resolveQuery(catalog, `${fqdn}.`, { fromNamespace: namespace, type: 'A' });
  const answer = r.status === 'answer' && r.answer ? text(describeAnswer(r.answer)) : `${r.status.toUpperCase()}: ${text(r.reason)}`;
  const shared = workload.replicas !== null && workload.replicas > 1 ? ` All ${workload.replicas} pods of ${kind} ${code(workload.ref.name)} share this hostname.` : '';
  return [`${subject} with subdomain ${code(subdomain)} → ${code(fqdn)}: ${answer}${shared}`];
}

function renderHost({ catalog, displayPath, diagnosed }: Context, reference: HostReference): string[] {
  const { token, resolution, site } = reference;
  const from = `from namespace ${code(site.namespace)}`;
  const lines: string[] = [];
  if (reference.domainMismatch && !diagnosed)
    lines.push(
      `**${code(token.host)}** hard-codes the cluster domain ${code(reference.domainMismatch.written)}, but the cluster domain is ${code(catalog.options.clusterDomain)}: names under ${code(reference.domainMismatch.written)} are forwarded upstream and fail.`,
    );
  if (resolution.status === 'answer' && resolution.answer) {
    const fqdn = resolution.fqdn ? ` as ${code(resolution.fqdn)}` : '';
    lines.push(`**${code(token.host)}** resolves ${from}${fqdn} (${resolution.type}): ${text(describeAnswer(resolution.answer))}.`);
    lines.push(text(resolution.reason));
  } else {
    // The Problems entry already says why it fails and the near name; say where it was looked and what the near name answers.
    if (diagnosed) lines.push(`**${code(token.host)}** ${from}: ${resolution.status.toUpperCase()}.`);
    else lines.push(`**${code(token.host)}** does not resolve ${from} (${resolution.status.toUpperCase()}): ${text(resolution.reason)}`);
    lines.push(lookedUpLine(catalog, reference));
    lines.push(reference.suggestion ? suggestionLine(catalog, reference.suggestion, site.namespace) : servicesInLine(catalog, lookedUpNamespace(catalog, resolution) ?? site.namespace));
  }
  if (!resolution.portable) lines.push(hostPortability(catalog, resolution));
  const answering = answeringDeclaration(catalog, resolution);
  if (answering) lines.push(`*Answered by* ${code(displayPath(answering.path))}, the nearest of ${answering.count} declarations of this Service.`);
  const assumed = namespaceNote(site.owner);
  if (assumed) lines.push(`*Note:* ${text(assumed)}`);
  return lines;
}

/** The absolute names a pod of the site's namespace asks, in order (search path, ndots:5), as suffixes of the name. */
function lookedUpLine(catalog: Catalog, reference: HostReference): string {
  const name = reference.resolvedName.replace(/\.$/, '');
  const steps = searchCandidates(reference.resolvedName, reference.site.namespace, catalog.options.clusterDomain).map((c) => {
    const absolute = c.replace(/\.$/, '');
    return absolute === name ? 'as written' : code(absolute.startsWith(`${name}.`) ? absolute.slice(name.length) : absolute);
  });
  return `**Looked up as:** ${code(name)} + ${steps.join(' → ')}`;
}

/** The namespace a cluster name points into (`x.ns`, `x.ns.svc…`), when the lookup named one. */
function lookedUpNamespace(catalog: Catalog, resolution: Resolution): string | null {
  const zone = `.svc.${catalog.options.clusterDomain}`;
  const fqdn = resolution.fqdn?.replace(/\.$/, '');
  if (!fqdn?.endsWith(zone)) return null;
  const labels = fqdn.slice(0, -zone.length).split('.');
  const namespace = labels.at(-1);
  return namespace && catalog.allNamespaces().includes(namespace) ? namespace : null;
}

function suggestionLine(catalog: Catalog, suggestion: string, namespace: string): string {
  const r = resolveQuery(catalog, suggestion, { fromNamespace: namespace, type: 'A' });
  const answer = r.status === 'answer' && r.answer ? text(describeAnswer(r.answer)) : r.status.toUpperCase();
  return `**${code(suggestion)}** would answer: ${answer}.`;
}

/** The file of the Service that answered, when several files declare it (the hover runs from the asking file). */
function answeringDeclaration(catalog: Catalog, resolution: Resolution): { path: string; count: number } | null {
  const [namespace, name] = resolution.answer?.service?.split('/') ?? [];
  if (!namespace || !name) return null;
  const count = catalog.serviceDeclarations(namespace, name).length;
  const svc = catalog.service(namespace, name);
  return count > 1 && svc ? { path: svc.ref.path, count } : null;
}

function hostPortability(catalog: Catalog, resolution: Resolution): string {
  const lines = resolution.notes.map((note) => `- ${text(note)}`);
  return `**CoreDNS vs kube-dns:** the answer above is for ${profileLabel(catalog.options.profile)}; elsewhere:\n${lines.join('\n')}`;
}

/** Pod names as DNS sees them: exact for StatefulSets and Pods, a pattern for controllers. */
function podNames(workload: WorkloadDecl): string[] {
  const { kind, name } = workload.ref;
  if (kind === 'StatefulSet' || kind === 'Pod') return workload.pods.map((p) => p.podName).filter((n): n is string => n !== null);
  if (kind === 'Job' || kind === 'CronJob') return [`${name}-<suffix>`];
  return [`${name}-<hash>-<id>`];
}

/** `web-0`, `web-1` for two; `web-0 … web-29` for more. */
function summarisePods(names: readonly string[]): string {
  return names.length <= MAX_LISTED ? names.map(code).join(', ') : code(`${names[0]} … ${names.at(-1)}`);
}

function podHostnames(workload: WorkloadDecl): string[] {
  return [...new Set(workload.pods.map((p) => p.hostname).filter((h): h is string => h !== null))];
}

function labelsText(workload: WorkloadDecl): string {
  const labels = Object.entries(workload.podLabels).map(([k, v]) => `${k}=${v}`);
  return labels.length ? code(labels.join(',')) : 'its pods (which have no labels)';
}

/**
 * Engine notes name files by their index key (a URI); show them relative to the workspace. Each
 * URI-looking word is replaced by the longest indexed key it starts with. Only prefixes as long as
 * some key are looked up, so the cost is the note's length times the few distinct key lengths, not
 * one lookup (and one hash of a long prefix) per character of a long word.
 */
export function replacePaths(note: string, catalog: Catalog, displayPath: (key: string) => string): string {
  const lengths = keyLengthsOf(catalog);
  // The lookbehind makes a match start only at the start of a word: no rescan from inside one.
  return note.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\S+/gi, (word) => {
    for (const length of lengths) {
      if (length > word.length) continue;
      const key = word.slice(0, length);
      if (catalog.files.has(key)) return displayPath(key) + word.slice(length);
    }
    return word;
  });
}

/** The distinct lengths of the catalog's file keys, longest first (once per catalog). */
const keyLengths = new WeakMap<Catalog, number[]>();

function keyLengthsOf(catalog: Catalog): number[] {
  let lengths = keyLengths.get(catalog);
  if (!lengths) {
    lengths = [...new Set([...catalog.files.keys()].map((k) => k.length))].sort((a, b) => b - a);
    keyLengths.set(catalog, lengths);
  }
  return lengths;
}

function capList(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Inline code; names never contain backticks, but a stray one must not break the hover. */
function code(value: string): string {
  return `\`${value.replace(/`/g, "'")}\``;
}

/** Plain prose: Markdown and HTML specials escaped so engine wording renders as written. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<>#|]/g, '\\$&');
}
