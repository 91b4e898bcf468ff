// Quick-fix edits computed on the text: they keep the file's indentation, quoting and line endings,
// so applying one and re-checking yields no new problem.
import type { ServiceDecl, WorkloadDecl } from '../kube/types';
import { detectEol, lineStartOf, makeSpan } from '../text/span';
import { getPair, type YMap } from '../yaml/tree';
import type { Fix, TextEdit } from '../core/problem';

const IMMUTABLE_NOTE =
  'clusterIP is immutable: if this Service already exists in a cluster, delete and re-create it (kubectl replace --force) for the change to apply.';

/** "Add clusterIP: None" to a ClusterIP Service, replacing a pinned IP if there is one. */
export function addClusterIpNoneFix(svc: ServiceDecl, text: string): Fix | null {
  const spec = svc.spec;
  if (!spec) return null;
  const edits: TextEdit[] = [];
  const path = svc.ref.path;
  const clusterIP = getPair(spec, 'clusterIP');
  if (clusterIP?.value) edits.push({ path, span: clusterIP.value.span, newText: 'None' });
  else {
    const insert = insertPairEdit(spec, text, 'clusterIP: None', path);
    if (!insert) return null;
    edits.push(insert);
  }
  const clusterIPs = getPair(spec, 'clusterIPs');
  // clusterIPs[0] must equal clusterIP; keep the list's own style.
  if (clusterIPs?.value) edits.push({ path, span: clusterIPs.value.span, newText: clusterIPs.value.kind === 'seq' && !clusterIPs.value.flow ? '- None' : '[None]' });
  return {
    title: `Add clusterIP: None to Service ${svc.ref.name} (recreate it: clusterIP is immutable)`,
    edits,
    followUp: IMMUTABLE_NOTE,
    preferred: true,
  };
}

/** Inserts `key: value` as the first pair of a map, in block or flow style. */
function insertPairEdit(map: YMap, text: string, pairText: string, path: string): TextEdit | null {
  if (map.flow) {
    const brace = text.indexOf('{', map.span.start);
    if (brace < 0 || brace >= map.span.end) return null;
    const spaced = /\s/.test(text[brace + 1] ?? '');
    return { path, span: makeSpan(brace + 1, brace + 1), newText: map.pairs.length ? ` ${pairText},${spaced ? '' : ' '}` : ` ${pairText} ` };
  }
  const first = map.pairs[0];
  if (!first) return null;
  const keyStart = first.keySpan.start;
  const lineStart = lineStartOf(text, keyStart);
  const prefix = text.slice(lineStart, keyStart);
  if (/^[ \t]*$/.test(prefix)) return { path, span: makeSpan(lineStart, lineStart), newText: `${prefix}${pairText}${factsOf(text).eol}` };
  // The map starts mid-line (e.g. `- spec: …`): insert before the key on its own line.
  return { path, span: makeSpan(keyStart, keyStart), newText: `${pairText}${factsOf(text).eol}${' '.repeat(prefix.length)}` };
}

/** The indentation step the file uses (2 unless it clearly uses another). */
function indentUnit(text: string): string {
  const m = /\n( +)[A-Za-z_"'-]/.exec(text);
  return m && m[1]!.length <= 8 ? ' '.repeat(m[1]!.length) : '  ';
}

/** What every fix in a file needs to know about its text: its line ending and indentation step. */
interface TextFacts {
  readonly eol: string;
  readonly indent: string;
}

/**
 * Both scan the whole file (when it has no CRLF, or no indented line), so they are computed once
 * per file text: checking a file asks for a fix per problem, and 21,000 fixes each rescanning a
 * 3 MB file took 21 s. Fixes for one file are computed together, so one entry is enough.
 */
let lastFacts: { readonly text: string; readonly facts: TextFacts } | null = null;

function factsOf(text: string): TextFacts {
  if (lastFacts?.text !== text) lastFacts = { text, facts: { eol: detectEol(text), indent: indentUnit(text) } };
  return lastFacts.facts;
}

const YAML_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?[\d._]+(?:[eE][-+]?\d+)?|0x[\da-fA-F]+|0o?[0-7]+)$/;

/** A scalar that reads back as the same string under YAML 1.1 and 1.2. */
export function yamlString(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !YAML_SPECIAL.test(value) ? value : JSON.stringify(value);
}

function serviceDocument(name: string, namespace: string | null, selector: Readonly<Record<string, string>>, ports: string[], text: string): string[] {
  const i = factsOf(text).indent;
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', `${i}name: ${yamlString(name)}`];
  if (namespace) lines.push(`${i}namespace: ${yamlString(namespace)}`);
  lines.push('spec:', `${i}clusterIP: None`, `${i}selector:`);
  for (const [k, v] of Object.entries(selector)) lines.push(`${i}${i}${yamlString(k)}: ${yamlString(v)}`);
  if (ports.length) lines.push(`${i}ports:`, ...ports.map((p) => p.replace(/^/gm, `${i}${i}`).replace(/\t/g, '  ')));
  return lines;
}

/** An edit that appends a new `---` document right after the object spanning up to `end`. */
function appendDocumentEdit(path: string, text: string, end: number, lines: string[]): TextEdit {
  const eol = factsOf(text).eol;
  const body = lines.join(eol);
  if (end >= text.length) {
    const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
    return { path, span: makeSpan(text.length, text.length), newText: `${needsBreak ? eol : ''}---${eol}${body}${eol}` };
  }
  // Insert at the start of the line after the object, before any following `---`.
  let offset = end;
  while (offset < text.length && text[offset] !== '\n' && text[offset] !== '\r') offset++;
  return { path, span: makeSpan(offset, offset), newText: `${eol}---${eol}${body}` };
}

function containerPortLines(workload: WorkloadDecl): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of workload.containerPorts) {
    const id = `${p.containerPort}/${p.protocol}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const name = p.name ? `name: ${yamlString(p.name)}\n\t` : '';
    const protocol = p.protocol !== 'TCP' ? `\n\tprotocol: ${p.protocol}` : '';
    lines.push(`- ${name}port: ${p.containerPort}${p.name ? `\n\ttargetPort: ${yamlString(p.name)}` : ''}${protocol}`);
  }
  // More than one port needs names (the API rejects unnamed ports then): fall back to numbered names.
  if (lines.length > 1) return lines.map((l, n) => (l.startsWith('- name:') ? l : l.replace('- ', `- name: port-${n + 1}\n\t`)));
  return lines;
}

/** "Create the missing headless Service" for a StatefulSet, from its pod labels and container ports. */
export function createHeadlessServiceFix(workload: WorkloadDecl, serviceName: string, text: string, namespaceWritten: boolean): Fix | null {
  if (!isTopLevel(text, workload.ref.span.start) || Object.keys(workload.podLabels).length === 0) return null;
  const lines = serviceDocument(serviceName, namespaceWritten ? workload.ref.namespace : null, workload.podLabels, containerPortLines(workload), text);
  return {
    title: `Create headless Service ${serviceName} for StatefulSet ${workload.ref.name}`,
    edits: [appendDocumentEdit(workload.ref.path, text, workload.ref.span.end, lines)],
    preferred: true,
  };
}

/** For a NodePort/LoadBalancer governing Service: a separate headless Service, and point serviceName at it. */
export function separateHeadlessServiceFix(svc: ServiceDecl, svcText: string, workload: WorkloadDecl): Fix | null {
  if (!workload.serviceName || !isTopLevel(svcText, svc.ref.span.start)) return null;
  const name = `${svc.ref.name}-headless`.slice(0, 63).replace(/-+$/, '');
  const selector = svc.selector?.value ?? workload.podLabels;
  const ports = svc.ports.map((p) => `- ${p.name ? `name: ${yamlString(p.name)}\n\t` : ''}port: ${p.port}\n\ttargetPort: ${typeof p.targetPort === 'number' ? p.targetPort : yamlString(p.targetPort)}${p.protocol !== 'TCP' ? `\n\tprotocol: ${p.protocol}` : ''}`);
  const namespaceWritten = svc.ref.namespace !== null && /\bnamespace:/.test(svcText.slice(svc.ref.span.start, svc.ref.span.end));
  const lines = serviceDocument(name, namespaceWritten ? svc.ref.namespace : null, selector, ports, svcText);
  return {
    title: `Add headless Service ${name} beside ${svc.type?.value ?? 'the'} Service ${svc.ref.name} and use it as serviceName`,
    edits: [appendDocumentEdit(svc.ref.path, svcText, svc.ref.span.end, lines), { path: workload.ref.path, span: workload.serviceName.span, newText: name }],
    followUp: 'serviceName is immutable: delete and re-create the StatefulSet (its pods keep their data if the volume claims are kept).',
  };
}

/** A replacement of one span, e.g. an unresolvable host by the suggested one. */
export function replaceFix(title: string, path: string, span: { start: number; end: number }, newText: string): Fix {
  return { title, edits: [{ path, span: makeSpan(span.start, span.end), newText }], preferred: true };
}

/** New documents can be appended only after top-level objects, not inside a `kind: List`. */
function isTopLevel(text: string, offset: number): boolean {
  return lineStartOf(text, offset) === offset || /^\uFEFF?$/.test(text.slice(lineStartOf(text, offset), offset));
}
