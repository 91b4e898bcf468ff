// Spans are half-open [start, end) ranges of UTF-16 code-unit offsets into one file's text.
// They are the only position type in the engine; the language server converts them to LSP ranges.

/** A half-open range `[start, end)` of UTF-16 offsets into a file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function makeSpan(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** True when `offset` lies inside the span or on its end (a cursor just after a word still hovers it). */
export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** Clamps a span into `[0, length]`, so a parser's end-of-file position never points past the text. */
export function clampSpan(span: Span, length: number): Span {
  const start = Math.min(Math.max(0, span.start), length);
  return { start, end: Math.min(Math.max(start, span.end), length) };
}

/** A scalar's span without its quotes (`"db"` → `db`): the characters its value is spelt with. */
export function unquotedSpan(text: string, span: Span): Span {
  const first = text[span.start];
  return (first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first ? makeSpan(span.start + 1, span.end - 1) : span;
}

/** The offset at which the line containing `offset` starts (after `\n`, `\r\n` or a lone `\r`). */
export function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The line ending the file mostly uses, so inserted lines match it. */
export function detectEol(text: string): string {
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) return '\r\n';
  if (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0) return '\r';
  return '\n';
}
