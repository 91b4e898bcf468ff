// Cursor placement in fixtures without markers: "the `web` in `serviceName: web`".

/** Offset of `needle` inside the first occurrence of `context` (the whole context by default). */
export function offsetIn(text: string, context: string, needle: string = context, occurrence = 1): number {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(context, at + 1);
    if (at < 0) throw new Error(`"${context}" (occurrence ${i + 1}) not found in fixture`);
  }
  const inner = context.indexOf(needle);
  if (inner < 0) throw new Error(`"${needle}" is not part of "${context}"`);
  return at + inner;
}
