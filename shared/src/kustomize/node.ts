// The tree kustomize builds on. Unlike `yaml/tree.ts` (one file's text), a built object mixes
// fields from several files — the base, a patch, the overlay's kustomization — so every node
// carries its own origin: the file and span it came from. Nodes are mutable only while a build
// runs; the build clones whatever it takes from a file before transforming it.
import type { Span } from '../text/span';
import { keyText, type ScalarValue, type YNode } from '../yaml/tree';

/** Where a field of a built object was written: the base file, a patch, or a kustomization. */
export interface Origin {
  readonly path: string;
  readonly span: Span;
}

export interface KScalar {
  readonly kind: 'scalar';
  value: ScalarValue;
  origin: Origin;
}

export interface KEntry {
  readonly key: string;
  value: KNode;
}

export interface KMap {
  readonly kind: 'map';
  entries: KEntry[];
  origin: Origin;
}

export interface KSeq {
  readonly kind: 'seq';
  items: KNode[];
  origin: Origin;
}

export type KNode = KScalar | KMap | KSeq;

/** Converts one file's YAML tree; `origin` overrides every span (text parsed out of a scalar). */
export function fromYNode(node: YNode | null, path: string, origin?: Origin): KNode {
  if (!node) return { kind: 'scalar', value: null, origin: origin ?? { path, span: { start: 0, end: 0 } } };
  const at = origin ?? { path, span: node.span };
  if (node.kind === 'scalar') return { kind: 'scalar', value: node.value, origin: at };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map((item) => fromYNode(item, path, origin)), origin: at };
  const map: KMap = { kind: 'map', entries: [], origin: at };
  for (const pair of node.pairs) {
    const key = keyText(pair);
    if (key === null || key === '<<') continue;
    // Decoders keep the last duplicate key.
    setEntry(map, key, fromYNode(pair.value, path, origin));
  }
  return map;
}

export function cloneNode(node: KNode): KNode {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map(cloneNode), origin: node.origin };
  return { kind: 'map', entries: node.entries.map((e) => ({ key: e.key, value: cloneNode(e.value) })), origin: node.origin };
}

export function entry(map: KMap, key: string): KNode | undefined {
  return map.entries.find((e) => e.key === key)?.value;
}

export function setEntry(map: KMap, key: string, value: KNode): void {
  const existing = map.entries.find((e) => e.key === key);
  if (existing) existing.value = value;
  else map.entries.push({ key, value });
}

export function deleteEntry(map: KMap, key: string): void {
  map.entries = map.entries.filter((e) => e.key !== key);
}

export function asKMap(node: KNode | undefined | null): KMap | null {
  return node && node.kind === 'map' ? node : null;
}

export function asKSeq(node: KNode | undefined | null): KSeq | null {
  return node && node.kind === 'seq' ? node : null;
}

/** A scalar's value as kustomize reads a string field (numbers and booleans as written). */
export function scalarText(node: KNode | undefined | null): string | null {
  if (!node || node.kind !== 'scalar' || node.value === null) return null;
  return String(node.value);
}

export function pathGet(node: KNode | undefined | null, ...keys: string[]): KNode | undefined {
  let current: KNode | undefined | null = node;
  for (const key of keys) {
    const map = asKMap(current);
    if (!map) return undefined;
    current = entry(map, key);
  }
  return current ?? undefined;
}

/** The map at `keys`, created (with `origin`) where missing; null when a non-map is in the way. */
export function ensureMap(root: KMap, keys: readonly string[], origin: Origin): KMap | null {
  let current = root;
  for (const key of keys) {
    const next = entry(current, key);
    if (next === undefined || (next.kind === 'scalar' && next.value === null)) {
      const created: KMap = { kind: 'map', entries: [], origin };
      setEntry(current, key, created);
      current = created;
    } else if (next.kind === 'map') current = next;
    else return null;
  }
  return current;
}

/** A plain JSON value (for tests, comparisons and serialisation). */
export type Plain = ScalarValue | Plain[] | { [key: string]: Plain };

export function toPlain(node: KNode): Plain {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: { [key: string]: Plain } = {};
  for (const e of node.entries) out[e.key] = toPlain(e.value);
  return out;
}

/** Builds nodes from a plain value, all with one origin (values a transformer writes). */
export function fromPlain(value: Plain, origin: Origin): KNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => fromPlain(v, origin)), origin };
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, value: fromPlain(v, origin) })), origin };
  }
  return { kind: 'scalar', value, origin };
}
