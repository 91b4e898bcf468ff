// Hover: what cluster DNS answers for the thing under the cursor, as Markdown. The most important
// line comes first (the mode and what it means); long lists are capped. All facts come from the
// engine (explainService, resolveQuery, describeAnswer); this module only words and lays them out.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  describeAnswer,
  explainService,
  namespaceNote,
  objectId,
  profileLabel,
  resolveQuery,
  serviceFqdn,
  serviceMode,
  targetAt,
  type Catalog,
  type HostReference,
  type HoverTarget,
  type NameEntry,
  type Resolution,
  type ServiceDecl,
  type ServiceExplanation,
  type WorkloadDecl,
} from '../../../shared/src/index';
import { toOffset, toRange } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { overlayHoverBlock } from './kustomizeOverlays';

const MAX_TABLE_ROWS = 10;
const MAX_POD_ROWS = 4;
const MAX_FAILURES = 5;
const MAX_PODS = 4;

const MODE_LABEL = { vip: 'ClusterIP', headless: 'headless', 'external-name': 'ExternalName' } as const;

export function provideHover(index: WorkspaceIndex, uri: string, position: Position): Hover | null {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return null;
  const catalog = index.catalog();
  // Objects declared in several files answer from the declaration nearest to this one.
  const target = catalog.from(snapshot.key, () => findTarget(catalog, snapshot, toOffset(snapshot, position)));
  if (!target) return null;
  const blocks = catalog.from(snapshot.key, () => renderTarget(catalog, target, (key) => index.displayPath(key)));
  const overlays = target.kind === 'service' ? overlayHoverBlock(index, target.service) : null;
  if (overlays) blocks.push(overlays);
  return { contents: { kind: MarkupKind.Markdown, value: blocks.join('\n\n') }, range: toRange(snapshot, target.span) };
}

/**
 * The engine's target, widened for `clusterIP:` and `type:` lines: it knows their value spans, and
 * a hover anywhere on such a line (the key included) is about the Service.
 */
function findTarget(catalog: Catalog, snapshot: FileSnapshot, offset: number): HoverTarget | null {
  const direct = targetAt(catalog, snapshot.key, offset);
  if (direct) return direct;
  const text = snapshot.text;
  /** The span from the key to the end of `value`, when the cursor is on the key of the value's line. */
  const keyLine = (value: { readonly span: { readonly start: number; readonly end: number } } | null): { start: number; end: number } | null => {
    if (!value || offset >= value.span.start || /[\r\n]/.test(text.slice(offset, value.span.start))) return null;
    const lineStart = Math.max(text.lastIndexOf('\n', offset), text.lastIndexOf('\r', offset)) + 1;
    const keyStart = lineStart + (/^[ \t-]*/.exec(text.slice(lineStart, value.span.start))?.[0].length ?? 0);
    return offset < keyStart ? null : { start: keyStart, end: value.span.end };
  };
  const file = catalog.files.get(snapshot.key);
  for (const svc of file?.services ?? [])
    for (const field of [svc.clusterIP, svc.type]) {
      const span = keyLine(field);
      if (span) return { kind: 'service', span, service: svc };
    }
  // The `serviceName:` and `subdomain:` keys hover as their values do.
  for (const workload of file?.workloads ?? [])
    for (const field of [workload.serviceName, workload.subdomain]) {
      const span = keyLine(field);
      const target = span && field ? targetAt(catalog, snapshot.key, field.span.start) : null;
      if (span && target) return { ...target, span };
    }
  return null;
}

function renderTarget(catalog: Catalog, target: HoverTarget, displayPath: (key: string) => string): string[] {
  switch (target.kind) {
    case 'service':
      return renderService(catalog, target.service, displayPath);
    case 'service-reference':
      return renderServiceReference(catalog, target, displayPath);
    case 'workload':
      return renderWorkload(catalog, target.workload);
    case 'host':
      return renderHost(catalog, target.reference, displayPath);
  }
}

function renderService(catalog: Catalog, svc: ServiceDecl, displayPath: (key: string) => string): string[] {
  const e = explainService(catalog, svc);
  const blocks = [`**Service ${code(e.service)}** — ${text(e.summary)}`];
  if (e.selected.length > 0) blocks.push(selectedBlock(e));
  else if (e.mode !== 'external-name') blocks.push('**Selects:** no pod template in the workspace.');
  blocks.push(...nameBlocks(e));
  const [ns] = e.service.split('/');
  blocks.push(
    `**Short forms:** from ${code(ns!)}: ${e.shortForms.sameNamespace.slice(0, 3).map(code).join(', ')} · from other namespaces: ${e.shortForms.otherNamespaces.slice(0, 2).map(code).join(', ')}`,
  );
  blocks.push(...e.notes.map((note) => `*Note:* ${text(replacePaths(note, catalog, displayPath))}`));
  blocks.push(showAllNamesLink(svc, e.resolving.length + e.notResolving.length));
  return blocks;
}

/** A command link (VS Code runs it; the client trusts only this command) to the full table of names. */
function showAllNamesLink(svc: ServiceDecl, count: number): string {
  const args = encodeURIComponent(JSON.stringify([svc.ref.namespace, svc.ref.name]));
  return `[Show all ${count} names](command:kubeServiceDns.showServiceNames?${args} "Open the full table of this Service's DNS names")`;
}

function selectedBlock(e: ServiceExplanation): string {
  const lines = e.selected.slice(0, MAX_PODS).map((w) => {
    const [kind, , name] = w.workload.split('/');
    const count = w.count === null ? 'one pod per node' : `${w.count} pod${w.count === 1 ? '' : 's'}`;
    const pods = w.pods.filter((p) => p !== '');
    return `${kind} ${code(name!)} (${count}${pods.length ? `: ${capList(pods.map(code), MAX_PODS)}` : ''})`;
  });
  if (e.selected.length > MAX_PODS) lines.push(`and ${e.selected.length - MAX_PODS} more workloads`);
  return lines.length === 1 ? `**Selects:** ${lines[0]}` : `**Selects:**\n${lines.map((l) => `- ${l}`).join('\n')}`;
}

/** The table of names that resolve, the names that do not (with reasons), and portability. */
function nameBlocks(e: ServiceExplanation): string[] {
  const blocks: string[] = [];
  if (e.resolving.length > 0) {
    // Per-pod names can be many; cap them so the Service-level names (SRV included) stay visible.
    const perPod = e.resolving.filter((n) => n.answer?.kind === 'pod-ip');
    const shown = e.resolving.filter((n) => n.answer?.kind !== 'pod-ip' || perPod.indexOf(n) < MAX_POD_ROWS).slice(0, MAX_TABLE_ROWS);
    const rows = shown.map((n) => `| ${code(n.name)} | ${n.type} | ${cell(n.answer ? describeAnswer(n.answer) : n.reason)} |`);
    const hidden = e.resolving.filter((n) => !shown.includes(n));
    const hiddenPods = hidden.filter((n) => perPod.includes(n));
    const more = hidden.length === 0 ? '' : hiddenPods.length === hidden.length ? `\n\n…and ${hidden.length} more per-pod names, up to ${code(hidden.at(-1)!.name)}.` : `\n\n…and ${hidden.length} more names.`;
    blocks.push(`| Name | Type | Answers |\n| --- | --- | --- |\n${rows.join('\n')}${more}`);
  } else blocks.push('**Resolves:** nothing.');
  if (e.notResolving.length > 0) {
    // The type is named when it is not A, so an A and an SRV failure on one name read as two facts.
    const lines = e.notResolving.slice(0, MAX_FAILURES).map((n) => `- ${code(n.name)}${n.type === 'A' ? '' : ` ${n.type}`}${n.from ? ` from ${code(n.from)}` : ''} — ${n.status.toUpperCase()}: ${text(n.reason)}`);
    if (e.notResolving.length > MAX_FAILURES) lines.push(`- …and ${e.notResolving.length - MAX_FAILURES} more`);
    blocks.push(`**Will not resolve:**\n${lines.join('\n')}`);
  }
  const differing = [...e.resolving, ...e.notResolving].filter((n) => !n.portable);
  if (differing.length > 0) blocks.push(portabilityBlock(differing));
  return blocks;
}

/** Non-portable names grouped by what the other implementations answer, one line per group. */
function portabilityBlock(entries: readonly NameEntry[]): string {
  const groups = new Map<string, NameEntry[]>();
  for (const n of entries) {
    const key = n.notes.map((note) => firstSentence(note)).join('; ');
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const lines = [...groups].map(([others, names]) => `- ${capList(names.map((n) => `${code(n.name)}${n.type === 'A' ? '' : ` ${n.type}`}`), 2)} — ${text(others)}`);
  return `**CoreDNS vs kube-dns** — answered differently elsewhere:\n${lines.join('\n')}`;
}

function renderServiceReference(catalog: Catalog, target: Extract<HoverTarget, { kind: 'service-reference' }>, displayPath: (key: string) => string): string[] {
  const { workload, field, namespace, serviceName, service } = target;
  const zone = catalog.options.clusterDomain;
  const subject = `**${field} ${code(serviceName)}**`;
  if (!service) {
    const elsewhere = catalog.servicesNamed(serviceName).map((s) => code(s.ref.namespace));
    const there = elsewhere.length ? ` (there is one in ${elsewhere.join(', ')}, but it must be in the pods' own namespace)` : '';
    const example = podHostnames(workload)[0];
    const consequence = example
      ? `so ${code(`${example}.${serviceName}.${namespace}.svc.${zone}`)} and the other per-pod names will not resolve`
      : 'so these pods get no per-pod DNS names';
    return [`${subject} — there is no Service ${code(serviceName)} in namespace ${code(namespace)}${there}, ${consequence}.`, `Create a headless Service named ${code(serviceName)} that selects the pods.`];
  }
  const mode = serviceMode(service);
  const meaning = {
    headless: ': each pod below gets its own DNS name.',
    vip: ', which is not headless: only CoreDNS answers the per-pod names below, kube-dns and the DNS spec do not. Make it headless (`clusterIP: None`).',
    'external-name': ': an ExternalName Service has no names under it, so the pods get no per-pod names.',
  }[mode];
  const blocks = [`${subject} → ${MODE_LABEL[mode]} Service ${code(`${namespace}/${serviceName}`)}${meaning}`];
  const hostnames = podHostnames(workload).filter((h) => field === 'serviceName' || workload.pods.some((p) => p.hostname === h && p.subdomain === serviceName));
  // The first line already says which implementations answer, so the table carries no portability block.
  if (hostnames.length > 0) blocks.push(resolutionTable(catalog, hostnames.map((h) => `${h}.${serviceFqdn(catalog, service)}`), namespace));
  const e = explainService(catalog, service);
  blocks.push(`**Service:** ${text(e.summary)}`);
  const notes = e.notes.filter((note) => !note.startsWith('Governs StatefulSet'));
  blocks.push(...notes.map((note) => `*Note:* ${text(replacePaths(note, catalog, displayPath))}`));
  return blocks;
}

/** Resolves absolute names from `namespace` and lays them out like the Service table. */
function resolutionTable(catalog: Catalog, names: readonly string[], namespace: string): string {
  const rows = names.slice(0, MAX_POD_ROWS).map((name) => {
    const r = resolveQuery(catalog, `${name}.`, { fromNamespace: namespace, type: 'A' });
    return `| ${code(name)} | A | ${cell(r.status === 'answer' && r.answer ? describeAnswer(r.answer) : `${r.status.toUpperCase()}: ${r.reason}`)} |`;
  });
  const more = names.length > MAX_POD_ROWS ? `\n\n…and ${names.length - MAX_POD_ROWS} more, up to ${code(names.at(-1)!)}.` : '';
  return `| Name | Type | Answers |\n| --- | --- | --- |\n${rows.join('\n')}${more}`;
}

function renderWorkload(catalog: Catalog, workload: WorkloadDecl): string[] {
  const ref = workload.ref;
  const names = podNames(workload);
  const count = workload.replicas === null ? (ref.kind === 'DaemonSet' ? 'one pod per node' : 'pods') : `${workload.replicas} pod${workload.replicas === 1 ? '' : 's'}`;
  const blocks = [`**${ref.kind} ${code(`${ref.namespace}/${ref.name}`)}** — ${count}${names.length ? `: ${capList(names.map(code), MAX_PODS)}` : ''}`];
  const assumed = namespaceNote(ref);
  if (assumed) blocks.push(`*Note:* ${text(assumed)}`);
  const services = catalog.servicesSelecting(workload);
  if (services.length === 0) {
    blocks.push(`**Selected by:** no Service in ${code(ref.namespace)}, so these pods have no DNS name of their own; clients need a Service that selects ${labelsText(workload)}.`);
    return blocks;
  }
  const id = objectId(ref);
  const lines = services.slice(0, MAX_PODS).map((svc) => {
    const selected = explainService(catalog, svc).selected.find((w) => w.workload === id);
    const podDns = selected?.hostnames.length ? `; pod names ${capList(selected.hostnames.map((h) => code(`${h}.${serviceFqdn(catalog, svc)}`)), 2)}` : '';
    const governing = workload.serviceName?.value === svc.ref.name ? ', governing' : '';
    return `${MODE_LABEL[serviceMode(svc)]} Service ${code(svc.ref.name)}${governing} → ${code(serviceFqdn(catalog, svc))}${podDns}`;
  });
  if (services.length > MAX_PODS) lines.push(`…and ${services.length - MAX_PODS} more Services`);
  blocks.push(`**Selected by:**\n${lines.map((l) => `- ${l}`).join('\n')}`);
  return blocks;
}

function renderHost(catalog: Catalog, reference: HostReference, displayPath: (key: string) => string): string[] {
  const { token, resolution, site } = reference;
  const from = `from namespace ${code(site.namespace)}`;
  const blocks: string[] = [];
  if (reference.domainMismatch)
    blocks.push(
      `**${code(token.host)}** hard-codes the cluster domain ${code(reference.domainMismatch.written)}, but the cluster domain is ${code(catalog.options.clusterDomain)}: names under ${code(reference.domainMismatch.written)} are forwarded upstream and fail.`,
    );
  if (resolution.status === 'answer' && resolution.answer) {
    const fqdn = resolution.fqdn ? ` as ${code(resolution.fqdn)}` : '';
    blocks.push(`**${code(token.host)}** resolves ${from}${fqdn} (${resolution.type}): ${text(describeAnswer(resolution.answer))}.`);
    blocks.push(text(resolution.reason));
  } else {
    blocks.push(`**${code(token.host)}** does not resolve ${from} (${resolution.status.toUpperCase()}): ${text(resolution.reason)}`);
    if (reference.suggestion) blocks.push(`Did you mean ${code(reference.suggestion)}?`);
  }
  if (!resolution.portable) blocks.push(hostPortability(catalog, resolution));
  const answering = answeringDeclaration(catalog, resolution);
  if (answering) blocks.push(`*Answered by* ${code(displayPath(answering.path))}, the nearest of ${answering.count} declarations of this Service.`);
  const assumed = namespaceNote(site.owner);
  if (assumed) blocks.push(`*Note:* ${text(assumed)}`);
  return blocks;
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

function firstSentence(note: string): string {
  return note.split('. ')[0]!.replace(/\.$/, '');
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

function cell(value: string): string {
  return text(value).replace(/\r?\n/g, ' ');
}
