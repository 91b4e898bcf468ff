// YAML 1.1 scalar rules for the fast parser (`fastParse.ts`), written to give exactly what the
// `yaml` package (2.8.1, `version: '1.1'`) gives through `parseYamlStream`'s converter: the same
// implicit types in the same order of precedence, the same numbers (including -0 and NaN), and
// timestamps kept as their text. Block scalar bodies are folded and chomped the same way.
// `parserDifferential.test.ts` proves the equivalence; change both or neither.
import type { ScalarValue } from './tree';

/** Returned when the fast path must not decide (the reference parser will). */
export const UNDECIDED: unique symbol = Symbol('undecided');

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE_RE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE_RE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN_RE = /^[-+]?0b[0-1_]+$/;
const INT_OCT_RE = /^[-+]?0[0-7_]+$/;
const INT_RE = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX_RE = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_TIME_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_TIME_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;
function intResolve(str: string, offset: number, radix: number): number {
  const sign = str[0];
  if (sign === '-' || sign === '+') offset += 1;
  const n = parseInt(str.substring(offset).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

function parseSexagesimal(str: string): number {
  const sign = str[0];
  const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
  const res = parts
    .replace(/_/g, '')
    .split(':')
    .reduce((acc, p) => acc * 60 + Number(p), 0);
  return sign === '-' ? -1 * res : res;
}

/**
 * The value of a plain (unquoted) scalar as the YAML 1.1 schema types it, or UNDECIDED for the
 * merge key `<<` (which the fast path leaves to the reference parser).
 */
export function plainScalarValue(source: string): ScalarValue | typeof UNDECIDED {
  const length = source.length;
  if (length === 0) return null;
  const c = source.charCodeAt(0);
  // Digits, signs and dots may be numbers, sexagesimals or timestamps.
  if ((c >= 48 && c <= 57) || c === 43 /* + */ || c === 45 /* - */ || c === 46 /* . */) return numericValue(source);
  switch (c) {
    case 126: // ~
      return length === 1 ? null : source;
    case 60: // <
      return source === '<<' ? UNDECIDED : source;
    case 101: case 69: // e E: `e3` matches the exponent float pattern (and parses to NaN)
      return FLOAT_EXP_RE.test(source) ? parseFloat(source.replace(/_/g, '')) : source;
    case 110: case 78: case 121: case 89: case 116: case 84: case 102: case 70: case 111: case 79: // n N y Y t T f F o O
      if (length > 5) return source;
      if (NULL_RE.test(source)) return null;
      if (TRUE_RE.test(source)) return true;
      if (FALSE_RE.test(source)) return false;
      return source;
    default:
      return source;
  }
}

function numericValue(source: string): ScalarValue {
  if (INT_BIN_RE.test(source)) return intResolve(source, 2, 2);
  if (INT_OCT_RE.test(source)) return intResolve(source, 1, 8);
  if (INT_RE.test(source)) return intResolve(source, 0, 10);
  if (INT_HEX_RE.test(source)) return intResolve(source, 2, 16);
  if (FLOAT_NAN_RE.test(source)) {
    return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP_RE.test(source)) return parseFloat(source.replace(/_/g, ''));
  if (FLOAT_RE.test(source)) return parseFloat(source.replace(/_/g, ''));
  if (INT_TIME_RE.test(source)) return parseSexagesimal(source);
  if (FLOAT_TIME_RE.test(source)) return parseSexagesimal(source);
  // A timestamp becomes a Date in `yaml`; the engine keeps its text.
  return source;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HEX_RE = /^[0-9a-fA-F]+$/;

/**
 * The value of a one-line double-quoted scalar's body (between the quotes, no line break), or
 * UNDECIDED where `yaml` would report an invalid escape.
 */
export function doubleQuotedValue(body: string): string | typeof UNDECIDED {
  if (body.indexOf('\\') < 0) return body;
  let res = '';
  for (let i = 0; i < body.length; ++i) {
    const ch = body[i]!;
    if (ch !== '\\') {
      res += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) return UNDECIDED;
    const cc = ESCAPES[next];
    if (cc !== undefined) {
      res += cc;
      continue;
    }
    const length = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (length === 0) return UNDECIDED;
    const hex = body.substr(i + 1, length);
    if (hex.length !== length || !HEX_RE.test(hex)) return UNDECIDED;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) return UNDECIDED;
    res += String.fromCodePoint(code);
    i += length;
  }
  return res;
}

/** Splits a block scalar body into `[indent, content]` lines as `yaml` does. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0]!;
  const m = /^( *)/.exec(first);
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i]!, split[i + 1]!]);
  return lines;
}

/**
 * The value of a block scalar without an indentation indicator, given its body (the lines after
 * the header, as the lexer delimits them) and the indentation of the collection that holds it.
 * UNDECIDED where `yaml` would report an error or where the body is empty.
 */
export function blockScalarValue(body: string, folded: boolean, chomp: '' | '-' | '+', parentIndent: number): string | typeof UNDECIDED {
  const lines = body ? splitLines(body) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i]![1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  if (chompStart === 0) return UNDECIDED;
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]!;
    if (content === '' || content === '\r') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) return UNDECIDED; // more-indented leading empty lines
      trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) return UNDECIDED;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i]![0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i]![0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i]!;
    const indent = line[0];
    let content = line[1];
    if (content[content.length - 1] === '\r') content = content.slice(0, -1);
    if (content && indent.length < trimIndent) return UNDECIDED;
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (chomp) {
    case '-':
      break;
    case '+':
      for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i]![0].slice(trimIndent);
      if (value[value.length - 1] !== '\n') value += '\n';
      break;
    default:
      value += '\n';
  }
  return value;
}
