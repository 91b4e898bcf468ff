// The engine's own YAML tree. Every layer above reads this tree, never a parser's node types, so
// the parser behind `parseYamlStream` can be swapped (e.g. for a faster one) without touching
// the Kubernetes or DNS code. Spans are [start, valueEnd) offsets into the file text.
import type { Span } from '../text/span';

export type ScalarValue = string | number | boolean | null;
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface YScalar {
  readonly kind: 'scalar';
  /** The value as Kubernetes' YAML 1.1 decoder types it (`yes` is a boolean, `0777` is 511). */
  readonly value: ScalarValue;
  /** The scalar exactly as written, without quotes; used where the API would coerce or reject. */
  readonly source: string;
  readonly style: ScalarStyle;
  readonly span: Span;
}

export interface YPair {
  readonly key: YNode | null;
  readonly value: YNode | null;
  /** The key's span, or the value's when the key is empty. */
  readonly keySpan: Span;
}

export interface YMap {
  readonly kind: 'map';
  readonly pairs: readonly YPair[];
  readonly flow: boolean;
  readonly span: Span;
}

export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly flow: boolean;
  readonly span: Span;
}

export type YNode = YScalar | YMap | YSeq;

/** One `---` document of a stream. A document with syntax errors keeps its root for hovering but
 * contributes no objects (the API server would reject it). */
export interface YDocument {
  readonly root: YNode | null;
  readonly span: Span;
  readonly errors: readonly { readonly span: Span; readonly message: string }[];
  /** Keys written twice in one mapping (the tree keeps both pairs; lookups take the last, as kubectl). */
  readonly duplicateKeys: readonly YDuplicateKey[];
  /** Where the first node nested past the depth limit starts (that part is not read), or null. */
  readonly nestingCut: Span | null;
}

export interface YDuplicateKey {
  readonly key: string;
  /** The later key, whose value counts. */
  readonly span: Span;
  /** The earlier key, whose value is overridden. */
  readonly earlier: Span;
}

export function keyText(pair: YPair): string | null {
  return pair.key && pair.key.kind === 'scalar' ? String(pair.key.value) : null;
}

/** The last pair with this key (YAML decoders keep the last duplicate). */
export function getPair(map: YMap, key: string): YPair | undefined {
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i]!;
    if (keyText(pair) === key) return pair;
  }
  return undefined;
}

export function getNode(node: YNode | null | undefined, key: string): YNode | null {
  if (!node || node.kind !== 'map') return null;
  return getPair(node, key)?.value ?? null;
}

/** Follows a path of map keys; null when any step is missing or is not a map. */
export function getPath(node: YNode | null | undefined, ...keys: string[]): YNode | null {
  let current: YNode | null = node ?? null;
  for (const key of keys) {
    current = getNode(current, key);
    if (!current) return null;
  }
  return current;
}

export function asMap(node: YNode | null | undefined): YMap | null {
  return node && node.kind === 'map' ? node : null;
}

export function asSeq(node: YNode | null | undefined): YSeq | null {
  return node && node.kind === 'seq' ? node : null;
}

export function asScalar(node: YNode | null | undefined): YScalar | null {
  return node && node.kind === 'scalar' ? node : null;
}

/** A scalar that decodes to a non-empty string (Kubernetes rejects `name: yes` or `name: 80`). */
export function asString(node: YNode | null | undefined): string | null {
  const s = asScalar(node);
  return s && typeof s.value === 'string' ? s.value : null;
}
