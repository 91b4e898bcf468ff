// Fixture helpers for data-driven tests: `dedent` for readable YAML literals, and `renderSpans`
// that writes actual spans back into the text as «…»{label}, so a failing test shows a diff of
// the whole annotated file instead of bare offsets.

/** Removes the common indentation of a template literal and its first/last blank lines. */
export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const raw = typeof strings === 'string' ? strings : strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export interface LabelledSpan {
  readonly span: { readonly start: number; readonly end: number };
  readonly label: string;
}

/** Inserts «…»{label} around each span. Spans are applied from the end so offsets stay valid. */
export function renderSpans(text: string, spans: readonly LabelledSpan[]): string {
  const inserts: { at: number; text: string; order: number }[] = [];
  spans.forEach((s, i) => {
    inserts.push({ at: s.span.start, text: '«', order: i });
    inserts.push({ at: s.span.end, text: `»{${s.label}}`, order: -i - 1 });
  });
  inserts.sort((a, b) => b.at - a.at || a.order - b.order);
  let out = text;
  for (const insert of inserts) out = out.slice(0, insert.at) + insert.text + out.slice(insert.at);
  return out;
}

/** Splits a fixture with «…» markers into plain text and the marked spans (in order). */
export function parseMarkers(marked: string): { text: string; spans: { start: number; end: number }[] } {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === '«') open.push(text.length);
    else if (ch === '»') spans.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  return { text, spans };
}
