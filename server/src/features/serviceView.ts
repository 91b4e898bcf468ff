// What the client's commands, Service DNS view and status bar ask for (custom requests, since LSP
// has no such features): the namespaces → Services → names tree (kustomize bases as their
// overlays build them), the Service under a cursor, all the names of one Service as Markdown, one
// name resolved from a namespace, and the index status.
import type { IndexStatus, Position, ResolveResult, ServiceNode, ServiceTree } from '../../../protocol/src/index';
import { describeAnswer, explainService, linkAt, profileLabel, resolveQuery, serviceFqdn, serviceMode, type Catalog, type OverlayAnalysis, type ServiceDecl, type Span } from '../../../shared/src/index';
import { toOffset, toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { overlayAnalyses, overlayServices, type OverlayService } from './kustomizeOverlays';

/** Names listed per Service in the tree; the full list is one command away. */
const MAX_TREE_NAMES = 30;

export function serviceTree(index: WorkspaceIndex): ServiceTree {
  const catalog = index.catalog();
  const { consumedKeys } = index.kustomizations();
  const nodes: ServiceNode[] = [];
  // A file that only kustomize overlays read is never applied as written: its Services are
  // listed as each overlay builds them (namespace, name prefix, patches), not in the namespace
  // the bare file would assume.
  for (const svc of catalog.services()) {
    const node = consumedKeys.has(svc.ref.path) ? null : serviceNode(index, catalog, svc, { key: svc.ref.path, span: svc.ref.nameSpan });
    if (node) nodes.push(node);
  }
  for (const built of overlayServices(index)) {
    const node = overlayNode(index, built);
    if (node) nodes.push(node);
  }
  const byNamespace = new Map<string, ServiceNode[]>();
  for (const node of nodes) {
    const list = byNamespace.get(node.namespace);
    if (list) list.push(node);
    else byNamespace.set(node.namespace, [node]);
  }
  const order = (a: ServiceNode, b: ServiceNode): number => a.name.localeCompare(b.name) || (a.overlay ?? '').localeCompare(b.overlay ?? '');
  return {
    namespaces: [...byNamespace].sort(([a], [b]) => a.localeCompare(b)).map(([name, services]) => ({ name, services: services.sort(order) })),
  };
}

/** The Service as `catalog` answers for it, opening at `at` (where its name is written); null when that file is not indexed. */
function serviceNode(index: WorkspaceIndex, catalog: Catalog, svc: ServiceDecl, at: { readonly key: string; readonly span: Span }): ServiceNode | null {
  const snapshot = index.snapshotByKey(at.key);
  if (!snapshot) return null;
  const e = explainService(catalog, svc);
  return {
    namespace: svc.ref.namespace,
    name: svc.ref.name,
    mode: serviceMode(svc),
    fqdn: serviceFqdn(catalog, svc),
    uri: snapshot.uri,
    range: toRange(snapshot, at.span),
    names: e.resolving.slice(0, MAX_TREE_NAMES).map((n) => ({ name: n.name, type: n.type, answer: n.answer ? describeAnswer(n.answer) : n.reason })),
  };
}

/** A Service as an overlay builds it, opening where its name is written, the overlay named. */
function overlayNode(index: WorkspaceIndex, built: OverlayService): ServiceNode | null {
  const node = built.origin ? serviceNode(index, built.analysis.catalog, built.service, built.origin) : null;
  return node && { ...node, overlay: built.analysis.label };
}

/** The Service under the cursor: its name, a reference to it, or anywhere in its manifest. */
export function serviceAt(index: WorkspaceIndex, uri: string, position: Position): ServiceNode | null {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return null;
  const catalog = index.catalog();
  const offset = toOffset(snapshot, position);
  const subject = linkAt(catalog, snapshot.key, offset)?.subject;
  let svc = subject?.kind === 'service' ? catalog.service(subject.namespace, subject.name) : undefined;
  svc ??= catalog.files.get(snapshot.key)?.services.find((s) => s.ref.span.start <= offset && offset <= s.ref.span.end);
  if (!svc) return null;
  // A Service in a file only overlays read is what the first overlay (by folder) builds from it, as the tree lists it.
  if (index.kustomizations().consumedKeys.has(svc.ref.path)) {
    const built = overlayServices(index)
      .filter((b) => b.origin?.key === svc.ref.path && b.origin.span.start === svc.ref.nameSpan.start)
      .sort((a, b) => a.analysis.label.localeCompare(b.analysis.label))[0];
    return built ? overlayNode(index, built) : null;
  }
  return serviceNode(index, catalog, svc, { key: svc.ref.path, span: svc.ref.nameSpan });
}

/** Every name of a Service as a Markdown document: what resolves, what does not, short forms, notes. */
export function serviceNamesMarkdown(index: WorkspaceIndex, namespace: string, name: string, overlay?: string): string | null {
  // A Service an overlay builds is answered in that overlay's world.
  const built = overlay === undefined ? undefined : overlayServices(index).find((b) => b.analysis.label === overlay && b.service.ref.namespace === namespace && b.service.ref.name === name);
  if (overlay !== undefined && !built) return null;
  const catalog = built ? built.analysis.catalog : index.catalog();
  const svc = built ? built.service : catalog.service(namespace, name);
  if (!svc) return null;
  const e = explainService(catalog, svc);
  const lines = [`# Service ${namespace}/${name}`, '', ...(overlay !== undefined ? [`As the kustomize overlay \`${overlay}\` builds it.`, ''] : []), e.summary, '', `Answers computed for ${profileLabel(catalog.options.profile)}.`, ''];
  if (e.selected.length) lines.push('## Selects', '', ...e.selected.map((w) => `- ${w.workload} (${w.count === null ? 'one pod per node' : `${w.count} pod${w.count === 1 ? '' : 's'}`}${w.pods.length ? `: ${w.pods.join(', ')}` : ''})`), '');
  lines.push('## Names that resolve', '', '| Name | Type | Answers |', '| --- | --- | --- |');
  for (const n of e.resolving) lines.push(`| \`${n.name}\` | ${n.type} | ${cell(n.answer ? describeAnswer(n.answer) : n.reason)}${n.portable ? '' : ` (elsewhere: ${cell(n.notes.join('; '))})`} |`);
  if (e.notResolving.length) {
    lines.push('', '## Names that do not resolve', '', '| Name | Type | Why |', '| --- | --- | --- |');
    for (const n of e.notResolving) lines.push(`| \`${n.name}\`${n.from ? ` from \`${n.from}\`` : ''} | ${n.type} | ${n.status.toUpperCase()}: ${cell(n.reason)} |`);
  }
  lines.push('', '## Short forms', '', `- from \`${namespace}\`: ${e.shortForms.sameNamespace.map((f) => `\`${f}\``).join(', ')}`, `- from other namespaces: ${e.shortForms.otherNamespaces.map((f) => `\`${f}\``).join(', ')}`);
  if (e.notes.length) lines.push('', '## Notes', '', ...e.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/**
 * One name looked up from a namespace, as a pod there would (search path, ndots:5). Where
 * kustomize overlays build objects into the namespace (the tree lists their Services there), it
 * is answered in each of those overlays too, after the files applied as written.
 */
export function resolveMarkdown(index: WorkspaceIndex, name: string, namespace: string, type = 'A'): ResolveResult {
  const overlays = overlayAnalyses(index).filter((a) => buildsInto(a, namespace));
  if (overlays.length === 0) {
    const one = resolveIn(index.catalog(), name, namespace, type);
    return { summary: one.summary, markdown: [`# ${name} (${one.type}) from namespace ${namespace}`, '', ...one.lines].join('\n') + '\n' };
  }
  const asWritten = index.checkCatalog();
  const worlds = [
    ...(asWritten.namespaceExists(namespace) ? [{ label: null as string | null, catalog: asWritten }] : []),
    ...overlays.map((overlay) => ({ label: overlay.label as string | null, catalog: overlay.catalog })),
  ];
  const answers = worlds.map((world) => ({ label: world.label, ...resolveIn(world.catalog, name, namespace, type) }));
  const lines = [`# ${name} (${answers[0]!.type}) from namespace ${namespace}`, '', `Kustomize overlays build into namespace ${namespace}: answered in each${asWritten.namespaceExists(namespace) ? ', after the files applied as written' : ''}.`];
  for (const a of answers) lines.push('', a.label === null ? '## As written (files no overlay reads)' : `## In overlay \`${a.label}\``, '', ...a.lines);
  return { summary: answers.map((a) => (a.label === null ? `${a.summary} (as written)` : `${a.summary} (in overlay ${a.label})`)).join('; '), markdown: lines.join('\n') + '\n' };
}

/** Whether the overlay's own built objects include one in `namespace`. */
function buildsInto(overlay: OverlayAnalysis, namespace: string): boolean {
  const built = overlay.catalog.files.get(overlay.virtualPath);
  return !!built && [...built.services, ...built.workloads].some((o) => o.ref.namespace === namespace);
}

function resolveIn(catalog: Catalog, name: string, namespace: string, type: string): { type: string; summary: string; lines: string[] } {
  const r = resolveQuery(catalog, name, { fromNamespace: namespace, type });
  const answer = r.status === 'answer' && r.answer ? describeAnswer(r.answer) : null;
  const summary = answer ? `${name} (${r.type}) from ${namespace} → ${answer}` : `${name} (${r.type}) from ${namespace}: ${r.status.toUpperCase()}. ${r.reason}`;
  const lines = [answer ? `**Answer:** ${answer}${r.fqdn ? ` (as \`${r.fqdn}\`)` : ''}` : `**${r.status.toUpperCase()}**`, '', r.reason];
  if (!r.portable) lines.push('', `Elsewhere (the answer above is for ${profileLabel(catalog.options.profile)}):`, '', ...r.notes.map((n) => `- ${n}`));
  return { type: r.type, summary, lines };
}

/** Files, Services and problem counts once the index is settled, for the status bar. */
export function readyStatus(index: WorkspaceIndex): IndexStatus {
  let errors = 0;
  let warnings = 0;
  let others = 0;
  const snapshots = index.snapshots();
  for (const snapshot of snapshots)
    for (const p of index.problems(snapshot.key)) {
      if (p.severity === 'error') errors++;
      else if (p.severity === 'warning') warnings++;
      else others++;
    }
  return { state: 'ready', files: snapshots.length, services: index.catalog().services().length, errors, warnings, others };
}

/** What one index contained, for the output channel. */
export function indexReport(index: WorkspaceIndex, milliseconds: number): string {
  const catalog = index.catalog();
  let objects = 0;
  const skipped: string[] = [];
  for (const file of catalog.files.values()) {
    objects += file.services.length + file.workloads.length + file.slices.length;
    if (file.skipped) skipped.push(`  ${index.displayPath(file.path)}: ${file.skipped}`);
  }
  const lines = [`Index: ${catalog.files.size} YAML files, ${objects} DNS-relevant objects, ${catalog.services().length} Services, ${skipped.length} skipped, in ${Math.round(milliseconds)} ms.`];
  if (skipped.length) lines.push('Skipped files:', ...skipped.slice(0, 50), ...(skipped.length > 50 ? [`  …and ${skipped.length - 50} more`] : []));
  return lines.join('\n');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
