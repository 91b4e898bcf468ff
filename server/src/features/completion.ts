// Completion where DNS names are typed: Service names in `serviceName` and `subdomain` (headless
// first); host names in env values, args and ConfigMap data that resolve from that pod's namespace,
// written in the form the text already uses (short, `.ns`, `.svc`, FQDN), each with what it
// answers; `None` for `clusterIP` and the four `type` values in a Service. Every host offered is
// resolved by the engine first, so nothing offered fails to resolve.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import { answerHint, describeAnswer, explainService, resolveQuery, serviceMode, type Catalog, type FileModel, type ServiceDecl } from '../../../shared/src/index';
import { toOffset, toRange } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export const COMPLETION_TRIGGERS = ['.', '/'];

/** Host candidates offered at most (a workspace may have thousands of Services). */
const MAX_HOSTS = 200;
const MAX_PODS_PER_SERVICE = 5;

const SERVICE_TYPES = [
  ['ClusterIP', 'one stable virtual IP; kube-proxy balances (the default)'],
  ['NodePort', 'ClusterIP, plus a port on every node'],
  ['LoadBalancer', 'NodePort, plus a cloud load balancer'],
  ['ExternalName', 'a DNS CNAME to `externalName`; no proxying, no selector'],
] as const;

export function provideCompletion(index: WorkspaceIndex, uri: string, position: Position): CompletionList | null {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return null;
  const catalog = index.catalog();
  const file = catalog.files.get(snapshot.key);
  if (!file) return null;
  const offset = toOffset(snapshot, position);
  const text = snapshot.text;
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(lineStart, offset);
  const wordStart = offset - (/[A-Za-z0-9_.-]*$/.exec(before)?.[0].length ?? 0);
  const wordEnd = offset + (/^[A-Za-z0-9_.-]*/.exec(text.slice(offset))?.[0].length ?? 0);
  const range = toRange(snapshot, { start: wordStart, end: wordEnd });
  const field = /^\s*(?:-\s+)?(serviceName|subdomain|clusterIP|type):\s*["']?[A-Za-z0-9_.-]*$/.exec(before)?.[1];
  if (field === 'serviceName' || field === 'subdomain') {
    const namespace = namespaceAround(file, offset) ?? catalog.options.defaultNamespace;
    return { isIncomplete: false, items: serviceNameItems(catalog, namespace, range) };
  }
  const service = objectAround(file.services, offset, text);
  if (field === 'clusterIP' && service)
    return { isIncomplete: false, items: [{ label: 'None', kind: CompletionItemKind.EnumMember, detail: 'headless', documentation: 'No virtual IP: the name returns the ready pods\' IPs, and pods with hostname + subdomain (StatefulSet pods) get their own names.', textEdit: { range, newText: 'None' } }] };
  if (field === 'type' && service)
    return { isIncomplete: false, items: SERVICE_TYPES.map(([label, doc], i) => ({ label, kind: CompletionItemKind.EnumMember, sortText: String(i), documentation: { kind: MarkupKind.Markdown, value: doc }, textEdit: { range, newText: label } })) };
  const namespace = valueNamespace(file, snapshot, offset, lineStart);
  if (namespace === null) return null;
  return { isIncomplete: true, items: hostItems(catalog, namespace, text.slice(wordStart, offset), range) };
}

function serviceNameItems(catalog: Catalog, namespace: string, range: ReturnType<typeof toRange>): CompletionItem[] {
  return catalog.servicesIn(namespace).map((svc) => {
    const mode = serviceMode(svc);
    const headless = mode === 'headless';
    return {
      label: svc.ref.name,
      kind: CompletionItemKind.Reference,
      detail: headless ? 'headless Service' : mode === 'vip' ? 'ClusterIP Service (not headless: no per-pod names under kube-dns)' : 'ExternalName Service',
      sortText: `${headless ? 0 : 1}${svc.ref.name}`,
      textEdit: { range, newText: svc.ref.name },
    };
  });
}

/** The namespace of the object around `offset`: a workload's, or the owner of a value there. */
function namespaceAround(file: FileModel, offset: number): string | null {
  const workload = objectAround(file.workloads, offset, file.text);
  if (workload) return workload.ref.namespace;
  return objectAround(file.valueSites.map((s) => ({ ref: s.owner })), offset, file.text)?.ref.namespace ?? null;
}

/**
 * The object whose document holds `offset`. An object's span ends at its last value, so a cursor
 * after an empty `value:` on its last line is past it: the object is the last one starting before
 * the cursor with no document separator in between.
 */
function objectAround<T extends { readonly ref: { readonly span: { readonly start: number; readonly end: number } } }>(objects: readonly T[], offset: number, text: string): T | undefined {
  let found: T | undefined;
  for (const o of objects) if (o.ref.span.start <= offset && (!found || o.ref.span.start > found.ref.span.start)) found = o;
  if (!found || offset <= found.ref.span.end) return found;
  return /(^|[\r\n])---/.test(text.slice(found.ref.span.end, offset)) ? undefined : found;
}

/**
 * The namespace hosts typed here resolve from, when the cursor is where a host is written: inside
 * a value the engine scans, on an env `value:` line, an args/command item, or a ConfigMap data line.
 */
function valueNamespace(file: FileModel, snapshot: FileSnapshot, offset: number, lineStart: number): string | null {
  const site = file.valueSites.find((s) => s.span.start <= offset && offset <= s.span.end);
  if (site) return site.resolver === 'cluster' ? site.namespace : null;
  const line = snapshot.text.slice(lineStart, offset);
  if (!/^\s*(?:-\s+)?value:\s*["']?[A-Za-z0-9_.:/-]*$/.test(line) && !/^\s*-\s+["']?[A-Za-z0-9_.:/=-]*$/.test(line)) return null;
  return objectAround(file.workloads, offset, snapshot.text)?.ref.namespace ?? null;
}

type HostForm = 'short' | 'ns' | 'svc' | 'fqdn';

/** The form the typed text already uses: `db` → short, `db.da` → `.ns`, `….svc` → `.svc`, past it → FQDN. */
function formOf(typed: string): HostForm {
  const labels = typed.split('.');
  const svc = labels.indexOf('svc');
  if (svc >= 0) return labels.length > svc + 1 ? 'fqdn' : 'svc';
  if (labels.length >= 3) return 'svc';
  return labels.length === 2 ? 'ns' : 'short';
}

function hostItems(catalog: Catalog, namespace: string, typed: string, range: ReturnType<typeof toRange>): CompletionItem[] {
  const form = formOf(typed);
  const zone = catalog.options.clusterDomain;
  const write = (labels: string, ns: string): string => {
    if (form === 'fqdn') return `${labels}.${ns}.svc.${zone}`;
    if (form === 'svc') return `${labels}.${ns}.svc`;
    if (form === 'ns' || ns !== namespace) return `${labels}.${ns}`;
    return labels;
  };
  const candidates: { name: string; service: ServiceDecl; pod: boolean }[] = [];
  const services = [...catalog.servicesIn(namespace), ...catalog.services().filter((s) => s.ref.namespace !== namespace)];
  for (const svc of services) {
    if (candidates.length >= MAX_HOSTS) break;
    candidates.push({ name: write(svc.ref.name, svc.ref.namespace), service: svc, pod: false });
    if (svc.headless)
      for (const w of explainService(catalog, svc).selected)
        for (const hostname of w.hostnames.slice(0, MAX_PODS_PER_SERVICE)) candidates.push({ name: write(`${hostname}.${svc.ref.name}`, svc.ref.namespace), service: svc, pod: true });
  }
  const items: CompletionItem[] = [];
  for (const c of candidates) {
    const resolution = resolveQuery(catalog, c.name, { fromNamespace: namespace, type: 'A', clusterOnly: true });
    if (resolution.status !== 'answer' || !resolution.answer) continue;
    const sameNamespace = c.service.ref.namespace === namespace;
    items.push({
      label: c.name,
      kind: c.pod ? CompletionItemKind.Value : CompletionItemKind.Reference,
      detail: `→ ${answerHint(resolution.answer)}`,
      documentation: { kind: MarkupKind.Markdown, value: `Resolves from \`${namespace}\` as \`${resolution.fqdn ?? c.name}\`: ${describeAnswer(resolution.answer)}.` },
      sortText: `${sameNamespace ? 0 : 1}${c.pod ? 1 : 0}${c.name}`,
      textEdit: { range, newText: c.name },
    });
  }
  return items;
}
