// The parser seam: the only module that imports the `yaml` package. It turns text into the
// engine's YDocument trees with exact spans, resolving aliases and merge keys the way Kubernetes'
// YAML 1.1 decoder does. It never throws on user input.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node as YamlNode } from 'yaml';
import { clampSpan, makeSpan, type Span } from '../text/span';
import type { ScalarStyle, ScalarValue, YDocument, YDuplicateKey, YMap, YNode, YPair, YScalar, YSeq } from './tree';
import { FALLBACK, fastParseChunk } from './fastParse';

/** Nesting deeper than this is cut off: no Kubernetes field is this deep, and it bounds recursion. */
export const MAX_NESTING = 256;
export const MAX_ERRORS_PER_DOCUMENT = 3;
/** Duplicate keys reported per document; a hostile file can repeat one key 100,000 times. */
export const MAX_DUPLICATE_KEYS_PER_DOCUMENT = 100;
/**
 * A document whose aliases would expand past this many nodes is rejected, as Kubernetes' decoder
 * rejects "excessive aliasing" (a billion-laughs bomb). The engine itself never expands aliases.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

export function parseYamlStream(text: string): YDocument[] {
  return parseStream(text, true, null).documents;
}

/**
 * `parseYamlStream` that stops between two documents once `expired` says so (a time budget):
 * `stoppedAt` is the offset of the first piece not parsed, null when all were.
 */
export function parseYamlStreamUntil(text: string, expired: () => boolean): { documents: YDocument[]; stoppedAt: number | null } {
  return parseStream(text, true, expired);
}

/**
 * The reference path: every piece parsed by `yaml`. `parseYamlStream` gives exactly the same
 * documents (test/unit/parserDifferential.test.ts); this stays for that test and the benchmark.
 */
export function parseYamlStreamReference(text: string): YDocument[] {
  return parseStream(text, false, null).documents;
}

function parseStream(text: string, fast: boolean, expired: (() => boolean) | null): { documents: YDocument[]; stoppedAt: number | null } {
  // YAML, Kubernetes' decoder and editors treat a lone CR as a line break; the `yaml` lexer does
  // not. Replacing it by LF keeps every offset, so spans still index the original text.
  const normalized = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const documents: YDocument[] = [];
  let first = true;
  for (const chunk of splitDocuments(normalized)) {
    // At least one piece is parsed, however long the split took: a partial result is never empty.
    if (!first && expired?.()) return { documents, stoppedAt: chunk.start };
    first = false;
    if (fast) {
      // The common block-style subset is parsed directly (about ten times faster); anything else
      // in this piece goes to `yaml` below.
      const doc = fastParseChunk(normalized, chunk.start, chunk.end);
      if (doc !== FALLBACK) {
        if (doc) documents.push(doc);
        continue;
      }
    }
    const source = normalized.slice(chunk.start, chunk.end);
    try {
      const parsed = parseWithoutStacks(source);
      // An empty stream comes back as a special non-array marker.
      if (!Array.isArray(parsed)) continue;
      for (const doc of parsed) documents.push(convertDocument(doc, source, chunk.start));
    } catch (error) {
      // `yaml` recurses per level of flow nesting and overflows the stack near a thousand `[`; the
      // piece is then left unread (a cut at its start), never thrown to callers such as quick fixes.
      if (!(error instanceof RangeError)) throw error;
      documents.push(unreadPiece(chunk));
    }
  }
  return { documents, stoppedAt: null };
}

/** A piece nested too deeply for the parser: no root, and a nesting cut where it starts. */
function unreadPiece(chunk: { start: number; end: number }): YDocument {
  return { root: null, span: makeSpan(chunk.start, chunk.end), errors: [], duplicateKeys: [], nestingCut: makeSpan(chunk.start, chunk.end) };
}

/** V8's stack-trace depth; not in the ES types, which `shared/` limits itself to. */
const errorConstructor = Error as { stackTraceLimit?: number };

/**
 * `yaml` builds an Error per problem; their stack traces are never read, and capturing them cost
 * seconds on a hostile file with 100,000 errors.
 */
function parseWithoutStacks(source: string) {
  const stackTraceLimit = errorConstructor.stackTraceLimit;
  errorConstructor.stackTraceLimit = 0;
  try {
    // Duplicate keys are found by the converter (a Set per mapping): `yaml`'s uniqueKeys compares
    // each key with every earlier one, quadratic in a big mapping.
    return parseAllDocuments(source, { prettyErrors: false, version: '1.1', merge: true, uniqueKeys: false, keepSourceTokens: false });
  } finally {
    errorConstructor.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * Splits the stream where kubectl does (k8s.io/apimachinery YAMLReader): at lines that are exactly
 * `---` plus trailing spaces. Parsing each piece alone means an unterminated quote or bracket in
 * one document cannot swallow the documents after it, as it cannot in kubectl.
 */
export function splitDocuments(text: string): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  const separator = /^---[ \t]*(?:\r?\n|$)/gm;
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > start || match.index === 0) chunks.push({ start, end: match.index });
    start = match.index + match[0].length;
  }
  chunks.push({ start, end: text.length });
  return chunks.filter((c) => c.end > c.start && /\S/.test(text.slice(c.start, c.end)));
}

function convertDocument(doc: Document.Parsed, source: string, base: number): YDocument {
  const converter = new Converter(doc, source, base);
  const root = converter.convert(doc.contents as YamlNode | null, 0);
  const range = doc.range ?? [0, 0, 0];
  const span = makeSpan(base + Math.min(range[0], source.length), base + Math.min(range[2], source.length));
  // A few errors say what is wrong; thousands (a hostile file) would only cost time.
  const errors = doc.errors.slice(0, MAX_ERRORS_PER_DOCUMENT).map((e) => ({
    span: makeSpan(base + Math.min(e.pos[0], source.length), base + Math.min(Math.max(e.pos[1], e.pos[0] + 1), source.length)),
    message: firstSentence(e.message),
  }));
  if (converter.sawAlias && (converter.mergedPairs > MAX_ALIAS_EXPANSION || expandedSize(root, MAX_ALIAS_EXPANSION) > MAX_ALIAS_EXPANSION))
    errors.push({
      span: makeSpan(span.start, Math.min(span.start + 1, span.end)),
      message: `Its aliases would expand it to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes, and Kubernetes' decoder rejects such excessive aliasing`,
    });
  return { root, span, errors, duplicateKeys: converter.duplicateKeys, nestingCut: converter.nestingCut };
}

/** Nodes in the tree with every alias expanded, counted over the shared DAG; stops past `limit`. */
function expandedSize(root: YNode | null, limit: number): number {
  const sizes = new Map<YNode, number>();
  const size = (node: YNode | null): number => {
    if (!node) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let total = 1;
    if (node.kind === 'map') for (const pair of node.pairs) total += size(pair.key) + size(pair.value);
    else if (node.kind === 'seq') for (const item of node.items) total += size(item);
    total = Math.min(total, limit + 1);
    sizes.set(node, total);
    return total;
  };
  return size(root);
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.trim();
}

class Converter {
  // Aliases share the converted node, so an alias bomb stays a small DAG instead of exploding.
  private readonly converted = new Map<YamlNode, YNode | null>();
  private readonly inProgress = new Set<YamlNode>();
  /** Each alias's anchored node, found in one walk of the document on the first alias. */
  private aliasTargets: Map<YamlNode, YamlNode | undefined> | null = null;
  /** Whether the document uses aliases at all (only then can it expand beyond its text). */
  sawAlias = false;
  /** Pairs copied by merge keys so far; past MAX_ALIAS_EXPANSION merging stops (and the document is rejected). */
  mergedPairs = 0;
  readonly duplicateKeys: YDuplicateKey[] = [];
  nestingCut: Span | null = null;

  constructor(
    private readonly doc: Document.Parsed,
    /** This document's piece of the file; `base` is where it starts in the file. */
    private readonly text: string,
    private readonly base: number,
  ) {}

  convert(node: YamlNode | null | undefined, depth: number): YNode | null {
    if (!node) return null;
    if (depth > MAX_NESTING) {
      this.nestingCut ??= this.span(node);
      return null;
    }
    if (isAlias(node)) {
      this.sawAlias = true;
      const target = this.targetOf(node);
      return target ? this.convert(target, depth) : null;
    }
    const cached = this.converted.get(node);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(node)) return null; // an alias to its own ancestor
    this.inProgress.add(node);
    const result = this.convertFresh(node, depth);
    this.inProgress.delete(node);
    this.converted.set(node, result);
    return result;
  }

  /**
   * The node an alias names: the last node with that anchor before the alias in document order
   * (as `yaml`'s Alias.resolve, which walks the whole document for every alias).
   */
  private targetOf(alias: YamlNode & { source: string }): YamlNode | undefined {
    if (!this.aliasTargets) {
      const targets = new Map<YamlNode, YamlNode | undefined>();
      const anchors = new Map<string, YamlNode>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias);
  }

  private span(node: YamlNode): Span {
    const range = node.range ?? [0, 0, 0];
    let end = Math.min(range[1], this.text.length);
    // Block collections end after their last line break; a span should stop at the last character.
    if (!isScalar(node)) while (end > range[0] && /[ \t\r\n]/.test(this.text[end - 1]!)) end--;
    const span = clampSpan(makeSpan(range[0], end), this.text.length);
    return makeSpan(span.start + this.base, span.end + this.base);
  }

  private convertFresh(node: YamlNode, depth: number): YNode | null {
    if (isScalar(node)) return this.scalar(node);
    if (isMap(node)) return this.map(node, depth);
    if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        const converted = this.convert(item as YamlNode, depth + 1);
        if (converted) items.push(converted);
      }
      const seq: YSeq = { kind: 'seq', items, flow: node.flow === true, span: this.span(node) };
      return seq;
    }
    return null;
  }

  private scalar(node: YamlNode & { value: unknown; source?: string; type?: string }): YScalar {
    const raw = node.value;
    const source = typeof node.source === 'string' ? node.source : String(raw ?? '');
    let value: ScalarValue;
    if (raw === null || raw === undefined) value = null;
    else if (typeof raw === 'string' || typeof raw === 'boolean') value = raw;
    else if (typeof raw === 'number') value = raw;
    else if (typeof raw === 'bigint') value = Number(raw);
    else value = source; // timestamps, binary: Kubernetes fields never want these, keep the text
    return { kind: 'scalar', value, source, style: scalarStyle(node.type), span: this.span(node) };
  }

  private map(node: YamlNode & { items: { key: unknown; value: unknown }[]; flow?: boolean }, depth: number): YMap {
    const pairs: YPair[] = [];
    const merged: YPair[] = [];
    /** Each key's first span in this mapping, to report a key written again. */
    const seen = new Map<string, Span>();
    for (const item of node.items) {
      const key = this.convert(item.key as YamlNode, depth + 1);
      const value = this.convert(item.value as YamlNode, depth + 1);
      if (key && key.kind === 'scalar' && key.source === '<<' && key.style === 'plain') {
        // Merge keys: the merged maps' pairs count only where the map does not set the key itself.
        for (const source of value?.kind === 'seq' ? value.items : value ? [value] : []) {
          if (source.kind !== 'map') continue;
          // Copying is bounded like expansion: a chain of merges grows quadratically otherwise.
          this.mergedPairs += source.pairs.length;
          if (this.mergedPairs > MAX_ALIAS_EXPANSION) break;
          for (const pair of source.pairs) merged.push(pair);
        }
        continue;
      }
      // A key written as an alias (`*k: v`) is at the alias, not at its anchor.
      const keySpan = isAlias(item.key) ? this.span(item.key as YamlNode) : (key?.span ?? value?.span ?? this.span(node));
      if (key?.kind === 'scalar') {
        const text = String(key.value);
        const earlier = seen.get(text);
        if (earlier) {
          if (this.duplicateKeys.length < MAX_DUPLICATE_KEYS_PER_DOCUMENT) this.duplicateKeys.push({ key: text, span: keySpan, earlier });
        }
        else seen.set(text, keySpan);
      }
      pairs.push({ key, value, keySpan });
    }
    const own = new Set(pairs.map((p) => (p.key?.kind === 'scalar' ? String(p.key.value) : '')));
    const mergedFirst: YPair[] = [];
    for (const pair of merged) {
      const k = pair.key?.kind === 'scalar' ? String(pair.key.value) : '';
      if (!own.has(k)) {
        own.add(k);
        mergedFirst.push(pair);
      }
    }
    // Merged pairs come first, in reverse of the order met (unshift one by one, as before).
    const all = mergedFirst.length ? mergedFirst.reverse().concat(pairs) : pairs;
    return { kind: 'map', pairs: all, flow: node.flow === true, span: this.span(node) };
  }
}

function scalarStyle(type: string | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_LITERAL':
      return 'literal';
    case 'BLOCK_FOLDED':
      return 'folded';
    default:
      return 'plain';
  }
}
