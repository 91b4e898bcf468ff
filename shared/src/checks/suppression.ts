// Suppression where the problem is, as linters do: a YAML comment on the line
// (`# kube-service-dns-disable-line unresolved-host`) or on the line before it
// (`# kube-service-dns-disable-next-line`), and an annotation on the object
// (`kube-service-dns.io/disable: unresolved-host,service-selects-nothing`). Without codes, a
// comment or an empty annotation suppresses every code. Unknown codes get a hint. Pure: the
// directives are read from the file's text, once per file model.
import type { FileModel } from '../kube/extractFile';
import { editDistance } from '../dns/nearNames';
import { LineIndex } from '../text/lineIndex';
import { detectEol, lineStartOf, makeSpan, type Span } from '../text/span';
import { parseYamlStream } from '../yaml/parseYamlStream';
import { asMap, asScalar, asSeq, getNode, getPair, type YMap, type YNode } from '../yaml/tree';
import { yamlString } from './fixes';
import { PROBLEM_CODES, type Fix, type Problem, type ProblemCode } from '../core/problem';

export const DISABLE_ANNOTATION = 'kube-service-dns.io/disable';
export const DISABLE_LINE = 'kube-service-dns-disable-line';
export const DISABLE_NEXT_LINE = 'kube-service-dns-disable-next-line';

/** A directive comment: `#`, the directive, then codes (comma or space separated), then an optional `-- reason`. */
const DIRECTIVE = /(^|\s)#\s*kube-service-dns-disable-(next-)?line(?=\s|$)([^\r\n]*)/g;

type Codes = ReadonlySet<ProblemCode> | 'all';

interface ObjectScope {
  readonly span: Span;
  readonly codes: Codes;
}

interface Directives {
  /** 0-based line → codes suppressed on it. */
  readonly lines: ReadonlyMap<number, Codes>;
  readonly objects: readonly ObjectScope[];
  /** Hints for unknown codes in directives. */
  readonly hints: readonly Problem[];
}

const NONE: Directives = { lines: new Map(), objects: [], hints: [] };
const cache = new WeakMap<Pick<FileModel, 'path' | 'text'>, Directives>();

/** Drops the problems a directive suppresses and adds hints for unknown codes in directives. */
export function applySuppressions(file: FileModel, problems: readonly Problem[]): Problem[] {
  if (directivesOf(file) === NONE) return [...problems];
  const suppressions = fileSuppressions(file);
  const kept = problems.filter((p) => !suppressions.suppresses(p));
  return [...kept, ...suppressions.hints].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * The directives of a file, for problems reported in it by something other than its own check (a
 * kustomize overlay reports at the base line a field came from): whether one suppresses a problem,
 * and the hints for unknown codes (reported once, by whoever reports the file's own problems).
 */
export interface FileSuppressions {
  suppresses(problem: Problem): boolean;
  readonly hints: readonly Problem[];
}

export function fileSuppressions(file: Pick<FileModel, 'path' | 'text'>): FileSuppressions {
  const directives = directivesOf(file);
  const index = directives.lines.size ? new LineIndex(file.text) : null;
  return {
    suppresses: (p) =>
      (index !== null && covers(directives.lines.get(index.positionAt(p.span.start).line), p.code)) ||
      directives.objects.some((o) => p.span.start >= o.span.start && p.span.start < o.span.end && covers(o.codes, p.code)),
    hints: directives.hints,
  };
}

/** Codes the `kube-service-dns.io/disable` annotation on a kustomization's own metadata suppresses (in all its overlay reports). */
export function kustomizationSuppresses(kustomization: Pick<FileModel, 'path' | 'text'>): (code: ProblemCode) => boolean {
  // A kustomization is one mapping: the only object an annotation can be on.
  const root = directivesOf(kustomization).objects[0];
  return (code) => root !== undefined && covers(root.codes, code);
}

function covers(codes: Codes | undefined, code: ProblemCode): boolean {
  return codes !== undefined && (codes === 'all' || codes.has(code));
}

function directivesOf(file: Pick<FileModel, 'path' | 'text'>): Directives {
  const text = file.text;
  // Most files have none: two substring tests, no parse.
  if (!text.includes('kube-service-dns-disable') && !text.includes(DISABLE_ANNOTATION)) return NONE;
  let directives = cache.get(file);
  if (!directives) {
    directives = readDirectives(file.path, text);
    cache.set(file, directives);
  }
  return directives;
}

function readDirectives(path: string, text: string): Directives {
  const lines = new Map<number, Codes>();
  const hints: Problem[] = [];
  const index = new LineIndex(text);
  for (const m of text.matchAll(DIRECTIVE)) {
    const listStart = m.index + m[0].length - m[3]!.length;
    const codes = readCodes(path, m[3]!.split(/\s--\s|\s--$/)[0]!, listStart, hints);
    const line = index.positionAt(m.index + m[1]!.length).line + (m[2] ? 1 : 0);
    lines.set(line, merge(lines.get(line), codes));
  }
  const objects: ObjectScope[] = [];
  if (text.includes(DISABLE_ANNOTATION))
    for (const object of objectsOf(text)) {
      const value = asScalar(getNode(getNode(getNode(object, 'metadata'), 'annotations'), DISABLE_ANNOTATION));
      if (!value) continue;
      const written = text.slice(value.span.start, value.span.end);
      const offset = value.style === 'single' || value.style === 'double' ? 1 : 0;
      objects.push({ span: object.span, codes: readCodes(path, written.slice(offset, written.length - offset), value.span.start + offset, hints) });
    }
  return { lines, objects, hints };
}

/** Codes in a list written at `start`; empty or `all` means every code. */
function readCodes(path: string, list: string, start: number, hints: Problem[]): Codes {
  const codes = new Set<ProblemCode>();
  let all = false;
  for (const m of list.matchAll(/[^\s,]+/g)) {
    const word = m[0];
    if (word === 'all') all = true;
    else if (word in PROBLEM_CODES) codes.add(word as ProblemCode);
    else {
      const near = Object.keys(PROBLEM_CODES).find((c) => editDistance(c, word, 3) <= 3);
      hints.push({
        code: 'suppression-unknown-code',
        severity: 'hint',
        path,
        span: makeSpan(start + m.index, start + m.index + word.length),
        message: `"${word}" is not a kube-service-dns problem code, so this suppression does nothing for it${near ? `; did you mean ${near}?` : ' (codes are listed in the README, e.g. unresolved-host).'}`,
        ...(near ? { fixes: [{ title: `Replace with ${near}`, edits: [{ path, span: makeSpan(start + m.index, start + m.index + word.length), newText: near }], preferred: true }] } : {}),
      });
    }
  }
  return all || (codes.size === 0 && list.trim() === '') ? 'all' : codes;
}

function merge(a: Codes | undefined, b: Codes): Codes {
  if (a === undefined) return b;
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

/** Every Kubernetes-looking object map: document roots and the items of `…List` documents. */
function objectsOf(text: string): YMap[] {
  const objects: YMap[] = [];
  for (const doc of parseYamlStream(text)) {
    const root = asMap(doc.root);
    if (!root || doc.errors.length > 0) continue;
    objects.push(root);
    for (const item of asSeq(getNode(root, 'items'))?.items ?? []) {
      const map = asMap(item);
      if (map) objects.push(map);
    }
  }
  return objects;
}

/**
 * "Suppress <code> on this line" (a `disable-next-line` comment above it) and "…for this object"
 * (the annotation), for a problem in `text`. The comment is offered only where a new line cannot
 * change a value (not inside a multi-line scalar); the annotation only on a block-style metadata.
 */
export function suppressionFixes(text: string, problem: Problem): Fix[] {
  if (problem.code === 'suppression-unknown-code') return [];
  const fixes: Fix[] = [];
  const eol = detectEol(text);
  const path = problem.path;
  const objects = objectsOf(text).filter((o) => o.span.start <= problem.span.start && problem.span.start < o.span.end);
  const object = objects[objects.length - 1];
  const lineStart = lineStartOf(text, problem.span.start);
  if (!insideMultiLineScalar(objects[0] ?? null, problem.span.start, lineStart)) {
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    fixes.push({
      title: `Suppress ${problem.code} on this line`,
      edits: [{ path, span: makeSpan(lineStart, lineStart), newText: `${indent}# ${DISABLE_NEXT_LINE} ${problem.code}${eol}` }],
    });
  }
  const metadata = object ? asMap(getNode(object, 'metadata')) : null;
  if (object && metadata && !metadata.flow && metadata.pairs.length > 0) {
    const name = asScalar(getNode(metadata, 'name'))?.source;
    const kind = asScalar(getNode(object, 'kind'))?.source ?? 'object';
    const edit = annotationEdit(text, object, metadata, problem.code, eol);
    if (edit) fixes.push({ title: `Suppress ${problem.code} for ${kind}${name ? ` ${name}` : ''}`, edits: [{ path, ...edit }] });
  }
  return fixes;
}

function annotationEdit(text: string, object: YMap, metadata: YMap, code: ProblemCode, eol: string): { span: Span; newText: string } | null {
  const annotations = getPair(metadata, 'annotations');
  const existing = asScalar(getNode(annotations?.value ?? null, DISABLE_ANNOTATION));
  if (existing) return { span: existing.span, newText: yamlString([String(existing.value ?? ''), code].filter(Boolean).join(',')) };
  const keyColumn = (key: Span) => key.start - lineStartOf(text, key.start);
  const first = metadata.pairs[0]!;
  const metaIndent = keyColumn(first.keySpan);
  if (lineStartOf(text, first.keySpan.start) + metaIndent !== first.keySpan.start) return null; // metadata starts mid-line
  const entry = `${DISABLE_ANNOTATION}: ${yamlString(code)}`;
  const map = asMap(annotations?.value ?? null);
  if (annotations && map && !map.flow && map.pairs.length > 0) {
    const at = lineStartOf(text, map.pairs[0]!.keySpan.start);
    return { span: makeSpan(at, at), newText: `${' '.repeat(keyColumn(map.pairs[0]!.keySpan))}${entry}${eol}` };
  }
  if (annotations) return null; // flow-style or empty annotations: leave them to the user
  const at = lineStartOf(text, first.keySpan.start);
  const step = Math.max(1, metaIndent - keyColumn(object.pairs[0]!.keySpan));
  return { span: makeSpan(at, at), newText: `${' '.repeat(metaIndent)}annotations:${eol}${' '.repeat(metaIndent + step)}${entry}${eol}` };
}

/** Whether `offset` lies in a scalar that started on an earlier line (block or multi-line flow scalar). */
function insideMultiLineScalar(node: YNode | null, offset: number, lineStart: number): boolean {
  if (!node || offset < node.span.start || offset > node.span.end) return false;
  if (node.kind === 'scalar') return node.span.start < lineStart;
  const children = node.kind === 'map' ? node.pairs.flatMap((p) => [p.key, p.value]) : node.items;
  return children.some((child) => insideMultiLineScalar(child, offset, lineStart));
}
