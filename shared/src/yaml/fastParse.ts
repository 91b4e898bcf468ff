// The fast path behind the parser seam. `parseYamlStream` splits a file into `---` pieces and
// asks this module for each piece first; only when it returns FALLBACK does the `yaml` package
// parse that piece. The result is, by construction and by differential test
// (test/unit/parserDifferential.test.ts), exactly what the reference path gives: the same tree, the
// same YAML 1.1 values, the same spans (including where `yaml` lets a collection's range run over
// trailing comments), and no errors (anything that could be an error falls back).
//
// What it handles, line by line, in one pass over the text:
//   block mappings and sequences (including `- key: value` compact mappings and sequences at the
//   indentation of their key), plain one-line keys and values, one-line single- and double-quoted
//   scalars (escapes included), literal and folded block scalars (`|`, `>`, with `-`/`+`), one-line
//   flow sequences and mappings of scalars, comments anywhere, blank lines, CRLF.
// What falls back: anchors, aliases, tags, merge keys, directives, `---`/`...` inside a piece,
// explicit keys (`?`), multi-line plain or quoted scalars, nested or multi-line flow collections,
// explicit block indentation indicators, tabs, BOMs and control characters, duplicate keys,
// a document whose root is not a block collection at column 0, empty block scalars, and anything
// else it does not recognise. Falling back is always correct, only slower.
import type { Span } from '../text/span';
import type { ScalarStyle, ScalarValue, YDocument, YMap, YNode, YPair, YScalar, YSeq } from './tree';
import { blockScalarValue, doubleQuotedValue, plainScalarValue, UNDECIDED } from './yaml11';

/** Returned when the fast path declines a piece; the caller parses it with the reference parser. */
export const FALLBACK = undefined;

/** Deeper nesting falls back (the reference cuts off at MAX_NESTING). */
const MAX_FAST_DEPTH = 64;
/** `yaml` rejects an implicit key whose `:` is more than 1024 characters after its start. */
const MAX_KEY_LENGTH = 1000;

/** Characters the fast path never handles: tabs, control characters, NEL, LS, PS, BOM. */
// eslint-disable-next-line no-control-regex
const UNHANDLED_CHARS = /[\x00-\x08\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

class Bail extends Error {}
const BAIL = new Bail('fast path declined');

const enum FrameKind {
  Map,
  Seq,
}

interface Frame {
  readonly kind: FrameKind;
  /** Column of the keys (mapping) or of the dashes (sequence). */
  readonly indent: number;
  /** Offset of the first key or dash: the collection's range start. */
  readonly start: number;
  readonly pairs: YPair[];
  readonly items: YNode[];
  /** Keys seen so far, to leave duplicate keys to the reference parser. */
  readonly keys: KeySet;
  /** The key whose value is still to come (on later lines). */
  pendingKey: YScalar | null;
  /** Where the empty value of the current item would be, or -1 when no empty value is pending. */
  emptyAt: number;
  /** A comment follows the pending empty value (then `yaml` stretches its range over them). */
  emptyComment: boolean;
  /** A nested collection is being built for the current item. */
  awaitingChild: boolean;
  /** `yaml`'s range[2] of the last item's value: this collection's range[1]. */
  valueEnd: number;
  /** The last value ends with tokens (`end`) that more-indented comments can join. */
  lastHasEnd: boolean;
  /**
   * Trailing comment/blank lines that are not part of the last value (`yaml`'s start-only item):
   * 0 none, 1 only blank lines, 2 with a comment. `trailingIndent` is the largest comment indent.
   */
  trailing: number;
  trailingIndent: number;
}

function newFrame(kind: FrameKind, indent: number, start: number): Frame {
  return {
    kind,
    indent,
    start,
    pairs: [],
    items: [],
    keys: { list: [], set: null },
    pendingKey: null,
    emptyAt: -1,
    emptyComment: false,
    awaitingChild: false,
    valueEnd: start,
    lastHasEnd: false,
    trailing: 0,
    trailingIndent: -1,
  };
}

/**
 * Keys of one mapping, to leave duplicates to the reference parser (`yaml`'s uniqueKeys compares
 * values with ===, so `1` and `0x1` collide; a timestamp's text stands for its Date, which only
 * makes the fast path stricter). A scan of the few keys most mappings have, a set past that.
 */
interface KeySet {
  readonly list: ScalarValue[];
  set: Set<ScalarValue> | null;
}

/** Adds the key; false when the mapping already has a key with the same value. */
function addKey(keys: KeySet, key: YScalar): boolean {
  const value = key.value;
  if (keys.set) {
    if (keys.set.has(value)) return false; // SameValueZero: NaN keys fall back too (safe)
    keys.set.add(value);
    return true;
  }
  const list = keys.list;
  for (let i = 0; i < list.length; i++) if (list[i] === value) return false;
  list.push(value);
  if (list.length > 16) keys.set = new Set(list);
  return true;
}

function span(start: number, end: number): Span {
  return { start, end };
}

function scalar(value: ScalarValue, source: string, style: ScalarStyle, start: number, end: number): YScalar {
  return { kind: 'scalar', value, source, style, span: { start, end } };
}

function isFlowIndicator(code: number): boolean {
  return code === 44 || code === 91 || code === 93 || code === 123 || code === 125; // , [ ] { }
}

function isBlank(code: number): boolean {
  // ' ', '\n', '\r' (tabs never reach the fast path)
  return code === 32 || code === 10 || code === 13;
}

/**
 * Parses the piece `text[start, end)` (no `---` separator lines inside; lone CRs already replaced)
 * into its document, or null when it holds no document (only comments and blank lines), or
 * FALLBACK when the reference parser must decide.
 */
export function fastParseChunk(text: string, start: number, end: number): YDocument | null | undefined {
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  if (UNHANDLED_CHARS.test(piece)) return FALLBACK;
  try {
    return new ChunkParser(text, start, end).parse();
  } catch (error) {
    if (error === BAIL) return FALLBACK;
    throw error;
  }
}

class ChunkParser {
  private readonly stack: Frame[] = [];
  private root: YNode | null = null;
  private docStart = -1;
  private docEnd = -1;
  // The current line.
  private lineStart = 0;
  /** End of the line's content (before `\r\n` / `\n`). */
  private contentEnd = 0;
  /** Start of the next line (or the end of the piece). */
  private lineNext = 0;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  parse(): YDocument | null {
    const { text, end } = this;
    let pos = this.start;
    while (pos < end) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0 || nl >= end) nl = end;
      this.lineStart = pos;
      this.lineNext = nl < end ? nl + 1 : end;
      this.contentEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let p = pos;
      while (p < this.contentEnd && text.charCodeAt(p) === 32) p++;
      if (p === this.contentEnd) this.trivia(false, 0);
      else if (text.charCodeAt(p) === 35 /* # */) this.trivia(true, p - pos);
      else {
        const next = this.content(p);
        pos = next;
        continue;
      }
      pos = this.lineNext;
    }
    if (this.docStart < 0) return null;
    while (this.stack.length > 0) this.close(end);
    return { root: this.root, span: span(this.docStart, this.docEnd), errors: [], duplicateKeys: [], nestingCut: null };
  }

  /** A blank or comment-only line. */
  private trivia(comment: boolean, indent: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return; // before the document
    if (top.emptyAt >= 0) {
      // Inside an empty value's separator.
      if (comment) top.emptyComment = true;
      return;
    }
    if (comment && top.lastHasEnd && top.trailing < 2 && indent > top.indent) {
      // A more-indented comment joins the last value's end tokens (`yaml`'s atIndentedComment).
      top.valueEnd = this.lineNext;
      top.trailing = 0;
      return;
    }
    if (comment) {
      top.trailing = 2;
      if (indent > top.trailingIndent) top.trailingIndent = indent;
    } else if (top.trailing === 0) top.trailing = 1;
  }

  /** A content line whose first non-space character is at `p`; returns where the next line starts. */
  private content(p: number): number {
    const { text } = this;
    const indent = p - this.lineStart;
    const c = text.charCodeAt(p);
    const isDash = c === 45 /* - */ && (p + 1 >= this.contentEnd || isBlank(text.charCodeAt(p + 1)));
    if ((c === 45 || c === 46) && indent === 0 && this.isDocumentMarker(p)) throw BAIL;
    if (c === 37 /* % */ || c === 9) throw BAIL;

    if (this.docStart < 0) {
      if (indent !== 0) throw BAIL;
      this.docStart = this.lineStart;
      this.stack.push(newFrame(isDash ? FrameKind.Seq : FrameKind.Map, 0, p));
    } else {
      let top = this.stack[this.stack.length - 1];
      if (!top) throw BAIL; // the root collection already ended
      if (top.emptyAt >= 0) {
        if (indent > top.indent || (indent === top.indent && top.kind === FrameKind.Map && isDash)) {
          // The value of the pending item starts on this line: a nested collection.
          top.emptyAt = -1;
          top.awaitingChild = true;
          if (this.stack.length >= MAX_FAST_DEPTH) throw BAIL;
          this.stack.push(newFrame(isDash ? FrameKind.Seq : FrameKind.Map, indent, p));
        } else {
          this.finishEmpty(top, p);
        }
      }
      for (;;) {
        top = this.stack[this.stack.length - 1];
        if (!top) throw BAIL;
        if (top.indent > indent || (top.indent === indent && top.kind === FrameKind.Seq && !isDash)) {
          if (top.awaitingChild) throw BAIL;
          this.close(p);
          continue;
        }
        if (top.indent < indent) throw BAIL; // a continuation line or a bad indentation
        break;
      }
      if (top.kind === FrameKind.Map && isDash) throw BAIL;
    }
    const top = this.stack[this.stack.length - 1]!;
    // Trailing comments become the new item's leading tokens; in a sequence they are the props of
    // the item itself, so an empty item's range then stretches like one with a comment after it.
    const commentBefore = top.trailing === 2;
    top.trailing = 0;
    top.trailingIndent = -1;
    return top.kind === FrameKind.Seq ? this.seqItem(top, p, commentBefore) : this.mapPair(top, p);
  }

  private isDocumentMarker(p: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
    return p + 3 >= this.contentEnd || isBlank(text.charCodeAt(p + 3));
  }

  /** A `- ` item of `seq` at `dash`. */
  private seqItem(seq: Frame, dash: number, commentBefore: boolean): number {
    const { text } = this;
    let q = dash + 1;
    while (q < this.contentEnd && text.charCodeAt(q) === 32) q++;
    if (q >= this.contentEnd || text.charCodeAt(q) === 35 /* # */) {
      seq.emptyAt = q;
      seq.emptyComment = commentBefore || q < this.contentEnd;
      seq.lastHasEnd = false;
      return this.lineNext;
    }
    const c = text.charCodeAt(q);
    if (c === 45 && (q + 1 >= this.contentEnd || isBlank(text.charCodeAt(q + 1)))) throw BAIL; // `- - x`
    if (c === 124 || c === 62 || c === 91 || c === 123) return this.inlineValue(seq, q, null); // | > [ {
    const keyEnd = this.findKey(q);
    if (keyEnd >= 0) {
      // `- key: value`: a compact mapping at the key's column.
      if (this.stack.length >= MAX_FAST_DEPTH) throw BAIL;
      seq.awaitingChild = true;
      const map = newFrame(FrameKind.Map, q - this.lineStart, q);
      this.stack.push(map);
      return this.mapPair(map, q);
    }
    return this.inlineValue(seq, q, null);
  }

  /** A `key: value` pair of `map` starting at `p`. */
  private mapPair(map: Frame, p: number): number {
    const { text } = this;
    const colon = this.findKey(p);
    if (colon < 0) throw BAIL; // a scalar where a key must be
    const key = this.keyScalar(p, colon);
    if (!addKey(map.keys, key)) throw BAIL; // duplicate keys are errors: the reference reports them
    let v = colon + 1;
    while (v < this.contentEnd && text.charCodeAt(v) === 32) v++;
    map.pendingKey = key;
    if (v >= this.contentEnd || text.charCodeAt(v) === 35 /* # */) {
      map.emptyAt = v;
      map.emptyComment = v < this.contentEnd;
      map.lastHasEnd = false;
      return this.lineNext;
    }
    return this.inlineValue(map, v, key);
  }

  /**
   * If a key starts at `p` (plain or quoted, followed by `:` and a blank), the offset of its `:`;
   * otherwise -1. Throws where the line is something the fast path does not handle.
   */
  private findKey(p: number): number {
    const { text } = this;
    const end = this.contentEnd;
    const c = text.charCodeAt(p);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      let q = this.quotedEnd(p);
      while (q < end && text.charCodeAt(q) === 32) q++;
      if (q < end && text.charCodeAt(q) === 58 /* : */ && (q + 1 >= end || isBlank(text.charCodeAt(q + 1)))) return q;
      return -1;
    }
    this.checkPlainStart(p);
    for (let i = p; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 58 /* : */) {
        if (i + 1 >= end || isBlank(text.charCodeAt(i + 1))) return i;
      } else if (ch === 32 && text.charCodeAt(i + 1) === 35 /* # */) return -1;
    }
    return -1;
  }

  /** The key scalar between `p` and its `:` at `colon`. */
  private keyScalar(p: number, colon: number): YScalar {
    const { text } = this;
    if (colon - p > MAX_KEY_LENGTH) throw BAIL;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) return this.quotedScalar(p, this.quotedEnd(p));
    let e = colon;
    while (e > p && text.charCodeAt(e - 1) === 32) e--;
    return this.plainScalar(p, e);
  }

  /** Throws unless a plain scalar may start at `p` (in block context). */
  private checkPlainStart(p: number): void {
    const { text } = this;
    switch (text.charCodeAt(p)) {
      case 45: // -
      case 63: // ?
      case 58: // :
        if (p + 1 >= this.contentEnd || isBlank(text.charCodeAt(p + 1))) throw BAIL;
        return;
      case 44: // ,
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case 35: // #
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 37: // %
      case 64: // @
      case 96: // `
        throw BAIL;
    }
  }

  /** The offset just after the closing quote of the one-line quoted scalar at `p`. */
  private quotedEnd(p: number): number {
    const { text } = this;
    const quote = text.charCodeAt(p);
    for (let i = p + 1; i < this.contentEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39 && i + 1 < this.contentEnd) {
          i++;
          continue;
        }
        return i + 1;
      }
      if (ch === 92 /* \ */ && quote === 34) i++;
    }
    throw BAIL; // the quote continues on another line
  }

  private quotedScalar(p: number, e: number): YScalar {
    const body = this.text.slice(p + 1, e - 1);
    if (this.text.charCodeAt(p) === 39) {
      const value = body.indexOf("'") >= 0 ? body.replace(/''/g, "'") : body;
      return scalar(value, value, 'single', p, e);
    }
    const value = doubleQuotedValue(body);
    if (value === UNDECIDED) throw BAIL;
    return scalar(value, value, 'double', p, e);
  }

  private plainScalar(p: number, e: number): YScalar {
    const source = this.text.slice(p, e);
    const value = plainScalarValue(source);
    if (value === UNDECIDED) throw BAIL;
    return scalar(value, source, 'plain', p, e);
  }

  /** Requires the rest of the line after a node ending at `e` to be blank or a comment. */
  private expectLineEnd(e: number): void {
    const { text } = this;
    let q = e;
    while (q < this.contentEnd && text.charCodeAt(q) === 32) q++;
    if (q < this.contentEnd && !(text.charCodeAt(q) === 35 && q > e)) throw BAIL;
  }

  /**
   * The value written on the same line as its key or dash, at `v`. `key` is the pending key for a
   * mapping, null for a sequence item. Returns where the next line starts.
   */
  private inlineValue(frame: Frame, v: number, key: YScalar | null): number {
    const { text } = this;
    const c = text.charCodeAt(v);
    let node: YNode;
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(v);
      this.expectLineEnd(e);
      node = this.quotedScalar(v, e);
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      return this.blockScalar(frame, v, key);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      node = this.flowCollection(v);
    } else {
      this.checkPlainStart(v);
      let e = v;
      let i = v;
      for (; i < this.contentEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 32) {
          if (text.charCodeAt(i + 1) === 35) break;
        } else {
          // `key: a: b` is a nested mapping on one line: an error in `yaml`.
          if (ch === 58 && (i + 1 >= this.contentEnd || isBlank(text.charCodeAt(i + 1)))) throw BAIL;
          e = i + 1;
        }
      }
      node = this.plainScalar(v, e);
    }
    this.addValue(frame, key, node);
    frame.valueEnd = this.lineNext;
    frame.lastHasEnd = true;
    return this.lineNext;
  }

  private addValue(frame: Frame, key: YScalar | null, value: YNode): void {
    if (frame.kind === FrameKind.Map) {
      frame.pairs.push({ key, value, keySpan: key!.span });
      frame.pendingKey = null;
    } else frame.items.push(value);
  }

  /** A literal or folded block scalar whose header is at `h`; returns where the next line starts. */
  private blockScalar(frame: Frame, h: number, key: YScalar | null): number {
    const { text, end } = this;
    let q = h + 1;
    let chomp: '' | '-' | '+' = '';
    const ch1 = text.charCodeAt(q);
    if (ch1 === 45 || ch1 === 43) {
      chomp = ch1 === 45 ? '-' : '+';
      q++;
    }
    // Only a blank or a comment may follow the header (no indentation indicator).
    if (q < this.contentEnd && text.charCodeAt(q) !== 32) throw BAIL;
    this.expectLineEnd(q);
    const bodyStart = this.lineNext;
    if (bodyStart >= end) throw BAIL;
    // Where the lexer ends the body (yaml's Lexer.parseBlockScalar, no indentation indicator).
    let indentNext = frame.indent + 1;
    let nl = bodyStart - 1;
    let indent = 0;
    let i = bodyStart;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 32) indent++;
      else if (ch === 10) {
        nl = i;
        indent = 0;
      } else if (ch === 13 && i + 1 < end && text.charCodeAt(i + 1) === 10) continue;
      else break;
    }
    if (i >= end) throw BAIL; // only blank lines follow: an empty body
    if (indent < indentNext) throw BAIL; // empty body
    indentNext = indent;
    for (;;) {
      const cs = this.continueScalar(nl + 1, indentNext);
      if (cs < 0) break;
      nl = text.indexOf('\n', cs);
      if (nl < 0 || nl >= end) {
        nl = -1;
        break;
      }
    }
    if (nl < 0) nl = end;
    if (chomp !== '+') {
      const at = (k: number): number => (k >= this.start && k < end ? text.charCodeAt(k) : NaN);
      for (;;) {
        let j = nl - 1;
        let ch = at(j);
        if (ch === 13) ch = at(--j);
        const lastChar = j;
        while (ch === 32) ch = at(--j);
        if (ch === 10 && j >= bodyStart && j + 1 + indent > lastChar) nl = j;
        else break;
      }
    }
    const bodyEnd = Math.min(nl + 1, end);
    const value = blockScalarValue(text.slice(bodyStart, bodyEnd), text.charCodeAt(h) === 62, chomp, frame.indent);
    if (value === UNDECIDED) throw BAIL;
    const node = scalar(value, value, text.charCodeAt(h) === 62 ? 'folded' : 'literal', h, bodyEnd);
    this.addValue(frame, key, node);
    frame.valueEnd = bodyEnd;
    frame.lastHasEnd = false;
    return bodyEnd;
  }

  /** yaml's Lexer.continueScalar for a positive indentNext, bounded by the piece. */
  private continueScalar(offset: number, indentNext: number): number {
    const { text, end } = this;
    let indent = 0;
    let i = offset;
    while (i < end && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    if (i >= end) return indent >= indentNext ? offset + indent : -1;
    const ch = text.charCodeAt(i);
    if (ch === 13 && i + 1 < end && text.charCodeAt(i + 1) === 10) return offset + indent + 1;
    return ch === 10 || indent >= indentNext ? offset + indent : -1;
  }

  /** A one-line flow sequence or mapping of scalars at `p`. */
  private flowCollection(p: number): YNode {
    const { text } = this;
    const isMap = text.charCodeAt(p) === 123;
    const close = isMap ? 125 : 93;
    const items: YNode[] = [];
    const pairs: YPair[] = [];
    const keys: KeySet = { list: [], set: null };
    let q = this.skipSpaces(p + 1);
    if (text.charCodeAt(q) === close && q < this.contentEnd) q++;
    else {
      for (;;) {
        const first = this.flowScalar(q, isMap);
        q = this.skipSpaces(first.span.end);
        if (isMap) {
          if (text.charCodeAt(q) !== 58 || !(first.style !== 'plain' || isBlank(text.charCodeAt(q + 1)))) throw BAIL;
          if (q + 1 >= this.contentEnd) throw BAIL;
          if (!addKey(keys, first)) throw BAIL;
          const value = this.flowScalar(this.skipSpaces(q + 1), false);
          pairs.push({ key: first, value, keySpan: first.span });
          q = this.skipSpaces(value.span.end);
        } else items.push(first);
        if (q >= this.contentEnd) throw BAIL;
        const ch = text.charCodeAt(q);
        if (ch === close) {
          q++;
          break;
        }
        if (ch !== 44 /* , */) throw BAIL;
        q = this.skipSpaces(q + 1);
        if (q >= this.contentEnd || text.charCodeAt(q) === close) throw BAIL; // trailing comma
      }
    }
    this.expectLineEnd(q);
    const s = span(p, q);
    if (isMap) {
      const map: YMap = { kind: 'map', pairs, flow: true, span: s };
      return map;
    }
    const seq: YSeq = { kind: 'seq', items, flow: true, span: s };
    return seq;
  }

  private skipSpaces(q: number): number {
    while (q < this.contentEnd && this.text.charCodeAt(q) === 32) q++;
    return q;
  }

  /**
   * A scalar inside a flow collection: quoted, or plain without `#`, flow indicators or `:` (a
   * mapping key may end at `: `).
   */
  private flowScalar(q: number, isKey: boolean): YScalar {
    const { text } = this;
    if (q >= this.contentEnd) throw BAIL;
    const c = text.charCodeAt(q);
    if (c === 34 || c === 39) return this.quotedScalar(q, this.quotedEnd(q));
    switch (c) {
      case 45: // -
      case 63: // ?
        // In a flow collection these are indicators before a blank or a flow indicator too.
        if (q + 1 >= this.contentEnd || isBlank(text.charCodeAt(q + 1)) || isFlowIndicator(text.charCodeAt(q + 1))) throw BAIL;
        break;
      case 44:
      case 91:
      case 93:
      case 123:
      case 125:
      case 35:
      case 38:
      case 42:
      case 33:
      case 124:
      case 62:
      case 37:
      case 64:
      case 96:
      case 58:
        throw BAIL;
    }
    let e = q;
    for (let i = q; i < this.contentEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 44 || ch === 93 || ch === 125) break;
      if (ch === 58 && isKey && i + 1 < this.contentEnd && text.charCodeAt(i + 1) === 32) break;
      if (ch === 58 || ch === 35 || ch === 91 || ch === 123) throw BAIL;
      if (ch !== 32) e = i + 1;
    }
    return this.plainScalar(q, e);
  }

  /** Ends the pending empty value of `frame`; its separator runs to `until`. */
  private finishEmpty(frame: Frame, until: number): void {
    const at = frame.emptyAt;
    frame.emptyAt = -1;
    this.addValue(frame, frame.pendingKey, scalar(null, '', 'plain', at, at));
    // An empty value's range ends where it is, unless comments follow it (yaml's composeEmptyNode).
    frame.valueEnd = frame.emptyComment ? until : at;
    frame.lastHasEnd = false;
    frame.trailing = 0;
    frame.trailingIndent = -1;
  }

  /** Closes the innermost collection; `at` is the offset of the token that closes it. */
  private close(at: number): void {
    const frame = this.stack.pop()!;
    if (frame.emptyAt >= 0) this.finishEmpty(frame, at);
    if (frame.awaitingChild) throw BAIL;
    const range1 = frame.valueEnd;
    let range2 = range1;
    let moved = false;
    if (frame.trailing !== 0) {
      // yaml's Parser.pop: trailing comments move to the parent unless one is indented as deep
      // as this collection; if they stay, this collection's range[2] covers them.
      if (frame.indent === 0 || frame.trailingIndent < frame.indent) moved = true;
      else range2 = at;
    }
    const { text } = this;
    let e = range1;
    while (e > frame.start && isBlank(text.charCodeAt(e - 1))) e--;
    const node: YNode =
      frame.kind === FrameKind.Map
        ? { kind: 'map', pairs: frame.pairs, flow: false, span: span(frame.start, e) }
        : { kind: 'seq', items: frame.items, flow: false, span: span(frame.start, e) };
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      // Trailing comments and blank lines of the root move to the document's end tokens.
      this.root = node;
      this.docEnd = frame.trailing !== 0 ? at : range2;
      return;
    }
    parent.awaitingChild = false;
    this.addValue(parent, parent.pendingKey, node);
    parent.valueEnd = range2;
    parent.lastHasEnd = false;
    parent.trailing = moved ? frame.trailing : 0;
    parent.trailingIndent = moved ? frame.trailingIndent : -1;
  }
}
