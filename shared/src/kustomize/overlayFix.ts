// Quick fixes for a host name an overlay's rename leaves behind (`kustomize-renamed-host`). The
// value is shared by every overlay of its base, so the fix that is right for one overlay only is
// a strategic-merge patch in that overlay's kustomization, setting the value with the rewritten
// name. When no other overlay reads the file the value was written in, editing it in place is
// offered too, its title naming the file.
import { yamlString } from '../checks/fixes';
import type { Fix } from '../core/problem';
import { detectEol, lineStartOf, makeSpan } from '../text/span';
import { parseYamlStream } from '../yaml/parseYamlStream';
import { asMap, asSeq, getPair } from '../yaml/tree';
import { entry, scalarText, type KNode } from './node';
import type { Resource } from './resource';
import type { KustomizationBuild } from './build';

/** What the overlay's callers know beyond the build: who else reads a file, and how paths read. */
export interface OverlayFixContext {
  /** Whether no other overlay of the workspace reads `path` (a value there is this overlay's alone). */
  readonly readOnlyByThisOverlay: (path: string) => boolean;
  /** A path as the user reads it. */
  readonly displayPath: (path: string) => string;
}

/** One step from a resource's root to a node: a map key or a list index. */
type Step = string | number;

/** Patch content: a small tree of strings. */
type PatchValue = string | PatchMap | PatchValue[];
interface PatchMap {
  [key: string]: PatchValue;
}

export interface RenamedHostSite {
  readonly build: KustomizationBuild;
  /** The overlay as messages name it. */
  readonly label: string;
  /** The built scalar holding the host, and where the host sits in its value. */
  readonly node: KNode;
  readonly hostStart: number;
  readonly hostEnd: number;
  readonly suggestion: string;
  /** The env var or ConfigMap key, for the title. */
  readonly valueLabel: string | null;
  /** The problem's position in the file the value came from (exact when the value is written as is). */
  readonly at: { readonly path: string; readonly span: { readonly start: number; readonly end: number } };
  readonly host: string;
}

export function renamedHostFixes(site: RenamedHostSite, textOf: (path: string) => string | undefined, context: OverlayFixContext): Fix[] {
  const fixes: Fix[] = [];
  const patch = patchFix(site, textOf, context);
  if (patch) fixes.push(patch);
  const written = textOf(site.at.path)?.slice(site.at.span.start, site.at.span.end);
  if (written === site.host && context.readOnlyByThisOverlay(site.at.path)) {
    fixes.push({
      title: `Use ${site.suggestion} in ${context.displayPath(site.at.path)} (only ${site.label} reads it)`,
      edits: [{ path: site.at.path, span: makeSpan(site.at.span.start, site.at.span.end), newText: site.suggestion }],
      ...(patch ? {} : { preferred: true }),
    });
  }
  return fixes;
}

function patchFix(site: RenamedHostSite, textOf: (path: string) => string | undefined, context: OverlayFixContext): Fix | null {
  const { build, node } = site;
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return null;
  let found: { resource: Resource; steps: Step[] } | null = null;
  for (const resource of build.resources) {
    const steps = pathTo(resource.node, node);
    if (steps) {
      found = { resource, steps };
      break;
    }
  }
  if (!found) return null;
  const { resource, steps } = found;
  // The overlay's patches run before its own renames, and match any id the object had: the id it
  // was written with names it, unless another object was written with the same one.
  const original = resource.originalId;
  const sameOriginal = build.resources.filter((r) => r.originalId.kind === original.kind && r.originalId.name === original.name && (r.originalId.namespace || 'default') === (original.namespace || 'default'));
  if (sameOriginal.length !== 1 || !original.name || !original.kind || !original.apiVersion) return null;
  const value = node.value.slice(0, site.hostStart) + site.suggestion + node.value.slice(site.hostEnd);
  const body = patchBody(resource.node, steps, value);
  if (!body) return null;
  const metadata: PatchMap = { name: original.name };
  if (original.namespace) metadata['namespace'] = original.namespace;
  const document: PatchMap = { apiVersion: original.apiVersion, kind: original.kind, metadata, ...body };
  const kustomization = textOf(build.path);
  if (kustomization === undefined) return null;
  const edit = insertPatch(kustomization, document);
  if (!edit) return null;
  const what = site.valueLabel ? `${site.valueLabel} of ${original.kind} ${original.name}` : `${original.kind} ${original.name}`;
  return {
    title: `Use ${site.suggestion} in ${site.label} only: patch ${what} in ${context.displayPath(build.path)}`,
    edits: [{ path: build.path, span: makeSpan(edit.at, edit.at), newText: edit.text }],
    preferred: true,
  };
}

/** The steps from `root` to `target` (by identity), or null. */
function pathTo(root: KNode, target: KNode): Step[] | null {
  if (root === target) return [];
  if (root.kind === 'map') {
    for (const e of root.entries) {
      const rest = pathTo(e.value, target);
      if (rest) return [e.key, ...rest];
    }
  } else if (root.kind === 'seq') {
    for (let i = 0; i < root.items.length; i++) {
      const rest = pathTo(root.items[i]!, target);
      if (rest) return [i, ...rest];
    }
  }
  return null;
}

/**
 * The smallest strategic-merge patch setting the value at `steps`: maps nest; a list item that is
 * a map is named by its `name` (containers and env merge by name); a list of strings (args,
 * command) is replaced whole, as strategic merge replaces it. Anything else: null.
 */
function patchBody(node: KNode, steps: readonly Step[], value: string): PatchMap | null {
  const step = steps[0];
  if (typeof step !== 'string' || node.kind !== 'map') return null;
  const child = entry(node, step);
  if (!child) return null;
  const inner = patchValue(child, steps.slice(1), value);
  return inner === null ? null : { [step]: inner };
}

function patchValue(node: KNode, steps: readonly Step[], value: string): PatchValue | null {
  if (steps.length === 0) return node.kind === 'scalar' ? value : null;
  const step = steps[0]!;
  if (typeof step === 'string') return patchBody(node, steps, value);
  if (node.kind !== 'seq') return null;
  const item = node.items[step];
  if (!item) return null;
  if (item.kind === 'map') {
    const name = scalarText(entry(item, 'name'));
    if (name === null || steps.length < 2) return null;
    const rest = patchBody(item, steps.slice(1), value);
    return rest && !('name' in rest) ? [{ name, ...rest }] : null;
  }
  if (steps.length !== 1 || node.items.some((i) => i.kind !== 'scalar')) return null;
  return node.items.map((i, n) => (n === step ? value : (scalarText(i) ?? '')));
}

/** Block YAML for a patch document, each line indented by `indent`. */
function writeYaml(value: PatchValue, indent: string, lines: string[]): void {
  if (typeof value === 'string') {
    lines.push(`${indent}${yamlString(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') lines.push(`${indent}- ${yamlString(item)}`);
      else {
        const start = lines.length;
        writeYaml(item, `${indent}  `, lines);
        lines[start] = `${indent}- ${lines[start]!.slice(indent.length + 2)}`;
      }
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') lines.push(`${indent}${yamlString(key)}: ${yamlString(child)}`);
    else {
      lines.push(`${indent}${yamlString(key)}:`);
      writeYaml(child, `${indent}  `, lines);
    }
  }
}

/**
 * Where and what to insert in a kustomization to add an inline patch: after the last item of a
 * block `patches:` list, or a new `patches:` list at the end. Null when the file is not plain
 * block YAML this can extend safely (flow style, several documents, `patches` of another shape).
 */
function insertPatch(text: string, document: PatchMap): { at: number; text: string } | null {
  const docs = parseYamlStream(text);
  if (docs.length !== 1 || docs[0]!.errors.length > 0) return null;
  const root = asMap(docs[0]!.root);
  if (!root || root.flow || root.pairs.length === 0) return null;
  if (root.pairs[0]!.keySpan.start !== lineStartOf(text, root.pairs[0]!.keySpan.start)) return null;
  const eol = detectEol(text);
  const body: string[] = [];
  writeYaml(document, '', body);
  const pair = getPair(root, 'patches');
  if (!pair) {
    const lines = ['patches:', '  - patch: |-', ...body.map((l) => `      ${l}`)];
    const needsEol = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
    return { at: text.length, text: `${needsEol ? eol : ''}${lines.join(eol)}${eol}` };
  }
  const seq = asSeq(pair.value);
  if (!seq || seq.flow || seq.items.length === 0) return null;
  const firstItem = seq.items[0]!;
  const dashLine = lineStartOf(text, firstItem.span.start);
  const dash = text.slice(dashLine, firstItem.span.start).indexOf('-');
  if (dash < 0) return null;
  const pad = ' '.repeat(dash);
  const lines = [`${pad}- patch: |-`, ...body.map((l) => `${pad}    ${l}`)];
  // Right after the line the list ends on.
  let at = seq.span.end;
  if (at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') {
    const newline = text.indexOf('\n', at);
    if (newline < 0) return { at: text.length, text: `${eol}${lines.join(eol)}${eol}` };
    at = newline + 1;
  }
  return { at, text: `${lines.join(eol)}${eol}` };
}
