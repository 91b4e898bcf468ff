// The fast parsing path must give exactly what the `yaml` reference path gives: the same trees,
// YAML 1.1 values, spans, and errors-or-not per document, on every input. Compared here over every
// example and fixture file (whole, CRLF, lone CR, and every prefix: half-typed YAML), over the
// benchmark corpus, over generated block-style documents, over generated documents using every
// YAML feature the fast path declines (anchors, aliases, tags, merge keys, flow, tabs, BOM, …),
// and over random edits of all of them. Replay a failure with DIFF_SEED=<seed>; run longer with
// DIFF_RUNS=<n>.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { extractFile, withDefaults, type FileModel } from '../../shared/src/index';
import { FALLBACK, fastParseChunk } from '../../shared/src/yaml/fastParse';
import * as seam from '../../shared/src/yaml/parseYamlStream';
import { parseYamlStream, parseYamlStreamReference, splitDocuments } from '../../shared/src/yaml/parseYamlStream';
import type { YDocument } from '../../shared/src/yaml/tree';
import { generateCorpus } from '../bench/corpus';

const root = path.join(__dirname, '../../..');
const RUNS = Number(process.env.DIFF_RUNS ?? 1000);
const SEED = Number(process.env.DIFF_SEED ?? Date.now() % 2 ** 31);

function yamlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

const fixtures = [...yamlFiles(path.join(root, 'examples')), ...yamlFiles(path.join(root, 'test/fixtures'))].map((f) => ({
  name: path.relative(root, f),
  text: readFileSync(f, 'utf8'),
}));

/** What the comparisons exercised: inputs, `---` pieces, and pieces the fast path took itself. */
interface Tally {
  inputs: number;
  pieces: number;
  fast: number;
}
const tallies = new Map<string, Tally>();

function tally(name: string): Tally {
  let t = tallies.get(name);
  if (!t) tallies.set(name, (t = { inputs: 0, pieces: 0, fast: 0 }));
  return t;
}

/** Asserts the fast path and the reference agree on `text`, and counts what the fast path took. */
function same(text: string, into: Tally): void {
  let reference: YDocument[];
  try {
    reference = parseYamlStreamReference(text);
  } catch (error) {
    // The reference throws on a few hostile inputs (the engine then skips the file); so must we.
    assert.throws(() => parseYamlStream(text), () => true, `the reference threw (${String(error)}) but the fast path did not on ${JSON.stringify(text)}`);
    into.inputs++;
    return;
  }
  const fast = parseYamlStream(text);
  assert.deepStrictEqual(fast, reference, `fast path differs from yaml on ${JSON.stringify(text)}`);
  into.inputs++;
  const normalized = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  for (const piece of splitDocuments(normalized)) {
    into.pieces++;
    if (fastParseChunk(normalized, piece.start, piece.end) !== FALLBACK) into.fast++;
  }
}

// ---------------------------------------------------------------------------------------------
// Generated YAML: a tree of maps, sequences and scalars rendered in block style, with every
// layout choice (indent widths, sequence style, comments at any indentation, blank lines,
// trailing comments and spaces, line ends) drawn from a choice stream so fast-check can shrink.

type Tree =
  | { readonly k: 'scalar'; readonly v: string }
  | { readonly k: 'block'; readonly header: string; readonly lines: readonly { readonly extra: number; readonly text: string }[] }
  | { readonly k: 'map'; readonly entries: readonly { readonly key: string; readonly value: Tree | null }[] }
  | { readonly k: 'seq'; readonly items: readonly (Tree | null)[] };

/** Plain and quoted scalars the fast path handles, with every YAML 1.1 type. */
const COMMON = [
  'web', 'nginx:1.27', 'http://api.prod.svc:8080/x?a=b#frag', 'postgres://app@db-0.db:5432/shop', 'a b  c', 'a#b', 'a:b', '-x', '?x', ':x',
  '🚀web-9.nginx', 'é', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'OFF', 'off', 'y', 'Y', 'n', 'N', 'true', 'True', 'FALSE', '~', 'null', 'Null', 'NULL',
  '0777', '0_7', '08', '0x1F', '0x_f', '0b101', '-0b1', '1_000', '-0', '+12', '-7', '007', '3.14', '.5', '-.5', '1.', '1.0', '1e3', '6.02e+23', 'e3', 'E-2',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1:20', '-1:20', '190:20:30.15', '12:30:00', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10',
  'trail  ', 'x   # spaced comment', '99999999999999999999', '0.0000001', '1_2.3_4', '0o17', '0xG', '1:99', 'nullx', 'ya', 'tRue', '<<x', '*', 'a*', 'x!', 'x&y', 'x%', 'a,b', 'a]b', 'a}b',
  '"q"', '""', "''", '"a b # c"', "'it''s'", "'#not comment'", '"🚀 é"', '"yes"', "'0777'", '"a\\"b"', '"\\u00e9\\n\\t\\\\"', '"\\x41\\U0001F680"', '"\\/\\ \\_\\N\\L\\P\\0\\a\\b\\e\\f\\r\\v"',
  '[]', '[ ]', '{}', '{ }', '[a, b]', '[ a , "b" , \'c\' ]', '[yes, 0777, ~, 1:20]', '{a: 1, b: "x"}', '{"a":1, \'b\': 2}', '{ a : b }', '[a b, c]',
];
/** Scalars and properties the fast path declines (the reference must still be matched). */
const ODD = [
  '&a x', '*a', '&b', '!!str 5', '!t x', '!!binary aGVsbG8=', '? x', '- a', '-', ': x', '|2', '>1-', '"\\q"', '"\\xZZ"', '"unterminated', "'unterminated", '[a,', '[a, ]',
  '[a: b]', '[ -]', '[-]', '[a, ?]', '{a: -}', '{-: x}', '[-1, ?x, a-]', '[[a]]', '{a}', '{a: }', '{a: [b]}', '`x', '@x', '%x', ',x', ']', '}', 'k: v: w', 'a #', '<<', '"a"b', "'a' b", '[a] b', '{}x', '|x', '--- x', '... x',
  'a\tb', '\t', '\u0085', '\u2028', '\uFEFF', '\u0000', '\u007f', 'x #', '"\\', '\'', '"',
];
const KEYS = ['spaced ', '"q" ', 'apiVersion', 'kind', 'name', 'namespace', 'key with space', '"quoted key"', "'single'", '1', '0x1', 'true', 'yes', '~', 'null', 'a:b', '-k', '?k', 'é', '🚀', 'x.y/z', '.inf'];
const ODD_KEYS = ['<<', '"<<"', '? complex', '[a]', '{a: 1}', '&a k', '*a', '!!str k', '', 'a #b', '"multi\nline"', 'k\tk'];
const BLOCK_LINES = ['', 'x', 'host: db.prod.svc:5432', 'a  b', '# not a comment', '  more indented', '    deeper', '- item', 'key: value', "'q'", '🚀', 'trailing  '];

function keyArb(odd: boolean): fc.Arbitrary<string> {
  return odd ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) }) : fc.constantFrom(...KEYS);
}

function scalarArb(odd: boolean): fc.Arbitrary<Tree> {
  const common = fc.constantFrom(...COMMON);
  const v = odd
    ? fc.oneof(
        { weight: 5, arbitrary: common },
        { weight: 2, arbitrary: fc.constantFrom(...ODD) },
        { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme' }) },
        { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
      )
    : common;
  return v.map((s) => ({ k: 'scalar', v: s }) as const);
}

const blockArb: fc.Arbitrary<Tree> = fc
  .record({
    header: fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '| # c', '>- # c'),
    lines: fc.array(fc.record({ extra: fc.nat(3), text: fc.constantFrom(...BLOCK_LINES) }), { minLength: 1, maxLength: 5 }),
  })
  .map((b) => ({ k: 'block', ...b }) as const);

/** A document's root: any node in the odd generator, a block collection in the other. */
function treeArb(odd: boolean): fc.Arbitrary<Tree> {
  const { tree, map, seq } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
    tree: fc.oneof({ maxDepth: 4, depthIdentifier: 'tree' }, scalarArb(odd), blockArb, tie('map'), tie('seq')),
    // Repeated keys only in the odd generator (the reference reports them; keys such as `1` and
    // `0x1` still collide by value in the other).
    map: (odd
      ? fc.array(fc.record({ key: keyArb(odd), value: fc.option(tie('tree'), { freq: 4 }) }), { minLength: 1, maxLength: 4 })
      : fc.uniqueArray(fc.record({ key: keyArb(odd), value: fc.option(tie('tree'), { freq: 4 }) }), { minLength: 1, maxLength: 4, selector: (e) => e.key })
    ).map((entries) => ({ k: 'map', entries }) as const),
    seq: fc.array(fc.option(tie('tree'), { freq: 5 }), { minLength: 1, maxLength: 4 }).map((items) => ({ k: 'seq', items }) as const),
  }));
  return odd ? tree : fc.oneof({ weight: 3, arbitrary: map }, { weight: 1, arbitrary: seq });
}

/** Draws layout choices from a fixed stream, so every choice shrinks with the input. */
class Choices {
  private i = 0;
  constructor(private readonly stream: readonly number[]) {}
  next(n: number): number {
    const v = this.stream[this.i++ % this.stream.length] ?? 0;
    return v % n;
  }
  chance(percent: number): boolean {
    return this.next(100) < percent;
  }
}

function render(doc: Tree, c: Choices): string {
  const step = 1 + c.next(4);
  const lines: string[] = [];
  const trivia = (indent: number): void => {
    const r = c.next(100);
    if (r < 8) lines.push(' '.repeat(c.next(indent + 5)) + '#' + ['', ' note', ': x', ' - a'][c.next(4)]);
    else if (r < 13) lines.push(' '.repeat(c.next(3)));
  };
  const tail = (): string => (c.chance(12) ? ' # t' : c.chance(5) ? '  ' : '');
  const blockBody = (b: Extract<Tree, { k: 'block' }>, indent: number): void => {
    const base = indent + 1 + c.next(3);
    // The first line sets the indentation; later ones may be more indented, or blank.
    const first = b.lines[0]!.text.trim() || 'x';
    lines.push(' '.repeat(base) + first);
    for (const line of b.lines.slice(1)) lines.push(line.text === '' && c.chance(50) ? ' '.repeat(c.next(base + 3)) : ' '.repeat(base + line.extra) + line.text);
    if (c.chance(25)) lines.push('');
  };
  const node = (t: Tree, indent: number, prefix: string): void => {
    // `prefix` is what precedes the node on its first line (`key:` or `-`), already indented.
    switch (t.k) {
      case 'scalar':
        lines.push(`${prefix} ${t.v}${tail()}`);
        return;
      case 'block':
        lines.push(`${prefix} ${t.header}`);
        blockBody(t, indent);
        return;
      case 'map': {
        // Under a dash, usually the compact `- key: value` form: the keys at the dash's column + 2.
        const compact = prefix.endsWith('-') && c.chance(70);
        const inner = compact ? indent + 2 : indent + step;
        if (!compact) lines.push(prefix + tail());
        t.entries.forEach((e, i) => {
          if (compact && i === 0) entry(e, inner, prefix + ' ');
          else {
            trivia(inner);
            entry(e, inner, ' '.repeat(inner));
          }
        });
        return;
      }
      case 'seq': {
        const inner = prefix.endsWith(':') && c.chance(40) ? indent : indent + step;
        lines.push(prefix + tail());
        for (const item of t.items) {
          trivia(inner);
          const pad = ' '.repeat(inner) + '-';
          if (item === null) lines.push(pad + tail());
          else node(item, inner, pad);
        }
        return;
      }
    }
  };
  const entry = (e: { key: string; value: Tree | null }, indent: number, pad: string): void => {
    const prefix = `${pad}${e.key}:`;
    if (e.value === null) lines.push(prefix + tail());
    else node(e.value, indent, prefix);
  };
  if (doc.k === 'map' || doc.k === 'seq') {
    if (doc.k === 'map')
      for (const e of doc.entries) {
        trivia(0);
        entry(e, 0, '');
      }
    else
      for (const item of doc.items) {
        trivia(0);
        if (item === null) lines.push('-' + tail());
        else node(item, 0, '-');
      }
  } else node(doc, 0, '---');
  trivia(0);
  return lines.join('\n') + '\n';
}

const SEPARATORS = ['---\n', '---\n', '---\n\n', '--- \n', '---\t\n', '--- # c\n', '...\n', '...\n---\n', '--- x\n', '# between\n---\n'];

/** A stream of generated documents; `odd` mixes in everything the fast path declines. */
function streamArb(odd: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      docs: fc.array(treeArb(odd), { minLength: 1, maxLength: 3 }),
      choices: fc.array(fc.nat(9999), { minLength: 16, maxLength: 64 }),
      seps: fc.array(fc.constantFrom(...(odd ? SEPARATORS : SEPARATORS.slice(0, 4))), { minLength: 3, maxLength: 3 }),
      lead: fc.constantFrom('', '', '---\n', '# Source: chart/templates/x.yaml\n', '\n\n'),
      eol: fc.constantFrom('\n', '\n', '\r\n', ...(odd ? ['\r', 'mixed'] : [])),
      noFinalNewline: fc.boolean(),
      bom: odd ? fc.boolean() : fc.constant(false),
    })
    .map((s) => {
      const c = new Choices(s.choices);
      let text = s.lead + s.docs.map((d, i) => (i > 0 ? s.seps[i - 1]! : '') + render(d, c)).join('');
      if (s.noFinalNewline) text = text.replace(/\n$/, '');
      if (s.eol === 'mixed') text = text.replace(/\n/g, () => ['\n', '\r\n', '\r'][c.next(3)]!);
      else if (s.eol !== '\n') text = text.replace(/\n/g, s.eol);
      return (s.bom ? '\uFEFF' : '') + text;
    });
}

/**
 * A second, independent generator (seeded, line-oriented, with its own value lists and byte-level
 * mutations): different generators miss different corners, e.g. `[ -]`.
 */
function seededStream(seed: number): string {
  let a = seed >>> 0;
  const r = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const wild = seed % 3 === 0;
  const values = wild ? [...COMMON, ...ODD] : COMMON;
  const keys = wild ? [...KEYS, ...ODD_KEYS] : KEYS;
  const key = (i: number): string => {
    const k = pick(keys);
    if (wild) return k;
    return k[0] === '"' || k[0] === "'" ? `${k.slice(0, -1)}${i}${k.slice(-1)}` : `${k.trim()}${i}`;
  };
  const lines: string[] = [];
  const trivia = (indent: number): void => {
    const k = r();
    if (k < 0.08) lines.push(' '.repeat(Math.floor(r() * (indent + 4))) + '# c' + pick(['', ' x', ':', ' a: b']));
    else if (k < 0.14) lines.push(' '.repeat(Math.floor(r() * 3)));
  };
  const blockBody = (indent: number): void => {
    const ind = indent + 1 + Math.floor(r() * 3);
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const k = r();
      if (k < 0.15) lines.push('');
      else if (k < 0.25) lines.push(' '.repeat(ind + Math.floor(r() * 4)));
      else if (k < 0.4) lines.push(' '.repeat(ind + 1 + Math.floor(r() * 3)) + 'more ' + pick(values));
      else lines.push(' '.repeat(ind) + 'line ' + pick(values));
    }
    if (r() < 0.3) lines.push('');
  };
  const block = (indent: number, depth: number): void => {
    const n = 1 + Math.floor(r() * 4);
    const seq = r() < 0.35;
    for (let i = 0; i < n; i++) {
      trivia(indent);
      const pad = ' '.repeat(indent);
      const tail = r() < 0.15 ? ' # t' : r() < 0.05 ? '   ' : '';
      const k = r();
      if (seq) {
        if (k < 0.45 || depth > 4) {
          const v = pick(values);
          lines.push(`${pad}- ${v}${tail}`);
          if (/^[|>]/.test(v)) blockBody(indent);
        } else if (k < 0.7) {
          lines.push(`${pad}- ${key(0)}: ${pick(values).replace(/^[|>].*/, 'z')}${tail}`);
          const extra = Math.floor(r() * 3);
          for (let j = 0; j < extra; j++) {
            trivia(indent + 2);
            lines.push(`${pad}  ${key(j + 1)}:${r() < 0.2 ? '' : ' ' + pick(values).replace(/^[|>].*/, 'z')}${tail}`);
            if (r() < 0.15) block(indent + 4, depth + 1);
          }
        } else if (k < 0.8) lines.push(`${pad}-${tail}`);
        else {
          lines.push(`${pad}-${tail}`);
          block(indent + 2 + Math.floor(r() * 2), depth + 1);
        }
      } else if (k < 0.5 || depth > 4) {
        const v = pick(values);
        lines.push(`${pad}${key(i)}:${v === '' ? '' : ' ' + v}${tail}`);
        if (/^[|>]/.test(v)) blockBody(indent);
      } else if (k < 0.65) lines.push(`${pad}${key(i)}:${tail}`);
      else {
        lines.push(`${pad}${key(i)}:${tail}`);
        block(k < 0.75 ? indent : indent + 1 + Math.floor(r() * 3), depth + 1);
      }
    }
  };
  const docs = 1 + Math.floor(r() * 3);
  for (let d = 0; d < docs; d++) {
    if (d > 0 || r() < 0.2) lines.push(wild ? pick(['---', '---', '--- ', '--- # x', '...', '---  \t', '--- a']) : '---');
    trivia(0);
    block(!wild || r() < 0.95 ? 0 : 2, 0);
    trivia(0);
  }
  let text = lines.map((l) => l + (r() < 0.1 ? '\r\n' : '\n')).join('');
  if (r() < 0.2) text = text.replace(/\r?\n$/, '');
  const mutations = wild ? Math.floor(r() * 3) : r() < 0.1 ? 1 : 0;
  for (let i = 0; i < mutations; i++) {
    const pos = Math.floor(r() * (text.length + 1));
    const k = r();
    if (k < 0.3) text = text.slice(0, pos) + text.slice(pos + 1);
    else if (k < 0.6) text = text.slice(0, pos) + pick([' ', '\n', ':', '-', '#', '"', "'", '\r', '\t', '\uFEFF', '  ', '[', '|', '?', ',']) + text.slice(pos);
    else if (k < 0.8) text = text.slice(0, pos);
  }
  return wild && r() < 0.03 ? '\uFEFF' + text : text;
}

const edit = fc.record({
  at: fc.nat(),
  deleteCount: fc.integer({ min: 0, max: 6 }),
  insert: fc.oneof(
    fc.constantFrom('', ' ', '  ', '\n', '\r\n', '\r', '\t', '#', '# c\n', ':', ': ', '- ', '-', '"', "'", '|', '>', '[', ']', '{', '}', ',', '&a ', '*a', '!', '---\n', '...', '\uFEFF', '🚀', 'x', '\\'),
    fc.string({ maxLength: 4, unit: 'grapheme' }),
  ),
});

function applyEdits(text: string, edits: readonly { at: number; deleteCount: number; insert: string }[]): string {
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert + text.slice(at + e.deleteCount);
  }
  return text;
}

/** Hand-picked corners, each once. */
const CORNERS = [
  '',
  '\n',
  '# only a comment\n',
  '---\n',
  '---\n---\n',
  'a: 1\n---\n',
  'a: 1\n--- # x\nb: 2\n',
  'a: 1\n...\n',
  'a:\n',
  'a:',
  'a: # c\n',
  'a:\n# c\n',
  'a:\n  # c\nb:\n',
  '- \n',
  '-',
  '- x\n-\n',
  '- x\n# c\n-\n',
  '- ...\n# c:\n-   \n   ',
  'a:\n  b: 1\n  # two\n# zero\n',
  'a:\n  - x\n    # deep\n  # two\nb: 1\n',
  'a: b\n  c\n',
  'a: b\n\n  c: d\n',
  'a: "b\n  c"\n',
  'a: |\n  x\n\n\n',
  'a: |+\n  x\n\n\nb: 1\n',
  'a: >\n  f\n   g\n\n  h\n',
  'a: |\n\n   x\n  y\n',
  'a: |\n',
  'a: |\nb: 1\n',
  'a: |2\n   x\n',
  'a: yes\nb: 0777\nc: 0x1f\nd: 1:20\ne: .inf\nf: ~\ng: 2001-12-14\nh: e3\n',
  'a: 1\na: 2\n',
  'a: 1\n"a": 2\n',
  '1: a\n01: b\n',
  'base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n',
  'a: !!str 5\n',
  '\uFEFFa: 1\n',
  'a:\tb\n',
  '\ta: 1\n',
  'a: 1\r\nb:\r\n  - x\r\n  # c\r\n',
  'a: 1\rb: 2\r',
  'a: "\\u00e9 🚀"\nb: \'it\'\'s\'\n',
  'a: "\\q"\n',
  'k: v: w\n',
  '  a: 1\n  b: 2\n',
  'hello\n',
  '[a, b]\n',
  '{a: 1}\n',
  'a: [a, b] # c\nb: {c: d}#x\n',
  'a: [a, ]\n',
  'a: [\n  b]\n',
  `${'k'.repeat(1100)}: v\n`,
  'a:\n  b:\n    c: 1\n',
  // Broken documents beside valid ones.
  'kind: Service\nmetadata:\n  name: a\n---\nkind: Service\nmetadata: {name: b\n---\nkind: Service\nmetadata:\n  name: c\n',
  'kind: Service\nmetadata:\n  name: "a\n---\nkind: Service\nmetadata:\n  name: c\n',
  'a: 1\n---\nb: 1\nb: 2\n---\n- c\n  d: x\n---\ne: 5\n',
  Array.from({ length: 40 }, (_, i) => `k${i}: ${i}\n`).join(''),
  Array.from({ length: 30 }, (_, i) => `k${i}: ${i}\n`).join('') + 'k3: again\n',
  Array.from({ length: 30 }, (_, i) => `${i}: x\n`).join('') + '0x1: again\n',
  Array.from({ length: 80 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' x\n',
];

/**
 * extractFile with the seam's parseYamlStream swapped for the reference (the compiled CommonJS
 * engine reads the seam's export at each call), so whole FileModels can be compared.
 */
/** Calls that reached the reference parser through the swapped seam. */
let referenceCalls = 0;

function extractOnYamlPath(path: string, text: string): FileModel {
  const fast = seam.parseYamlStream;
  const reference = (source: string) => {
    referenceCalls++;
    return seam.parseYamlStreamReference(source);
  };
  Object.defineProperty(seam, 'parseYamlStream', { value: reference, configurable: true, writable: true });
  try {
    return extractFile(path, text, withDefaults({}));
  } finally {
    Object.defineProperty(seam, 'parseYamlStream', { value: fast, configurable: true, writable: true });
  }
}

function sameModel(path: string, text: string, into: Tally): void {
  const reference = extractOnYamlPath(path, text);
  const fast = extractFile(path, text, withDefaults({}));
  assert.deepStrictEqual(fast, reference, `extractFile differs between the paths on ${JSON.stringify(text)}`);
  into.inputs++;
}

suite(`parser differential: fast path vs yaml (runs=${RUNS}, seed=${SEED}; replay with DIFF_SEED)`, function () {
  this.timeout(600_000);
  const params = (runs: number) => ({ numRuns: runs, seed: SEED, endOnFailure: true });

  suiteTeardown(() => {
    const lines = [...tallies].map(([name, t]) => `      ${name}: ${t.inputs} inputs, ${t.pieces} pieces, ${t.fast} on the fast path`);
    process.stdout.write(`    differential tallies:\n${lines.join('\n')}\n`);
  });

  test('hand-picked corners', () => {
    for (const text of CORNERS) same(text, tally('corners'));
  });

  test('every example and fixture file, as written, with CRLF and with lone CR', () => {
    assert.ok(fixtures.length >= 5, 'the examples are missing');
    for (const f of fixtures) {
      same(f.text, tally('files'));
      same(f.text.replace(/\r?\n/g, '\r\n'), tally('files'));
      same(f.text.replace(/\r?\n/g, '\r'), tally('files'));
    }
  });

  test('every prefix of every example and fixture file (half-typed YAML), LF and CRLF', () => {
    for (const f of fixtures) {
      for (let end = 0; end <= f.text.length; end++) same(f.text.slice(0, end), tally('prefixes'));
      // With CRLF, the prefixes around each line end (between `\r` and `\n` included).
      const crlf = f.text.replace(/\r?\n/g, '\r\n');
      for (let end = 0; end <= crlf.length; end++) {
        if (/[\r\n]/.test(crlf.slice(Math.max(0, end - 2), end + 2))) same(crlf.slice(0, end), tally('prefixes'));
      }
    }
  });

  test('the benchmark corpus (every file of a 400-document workspace), all on the fast path', () => {
    const t = tally('corpus');
    for (const f of generateCorpus(400).files) same(f.text, t);
    // The benchmark measures the fast path; a corpus file falling back would make it measure yaml.
    assert.equal(t.fast, t.pieces, 'some corpus pieces fell back to yaml');
  });

  test('generated block-style documents', () => {
    const t = tally('generated');
    fc.assert(
      fc.property(streamArb(false), (text) => same(text, t)),
      params(RUNS),
    );
    // The generator must keep reaching the fast path, or this test proves nothing.
    assert.ok(t.fast > t.pieces * 0.5, `only ${t.fast} of ${t.pieces} pieces took the fast path`);
  });

  test('generated documents with anchors, aliases, tags, merge keys, flow, tabs, BOM, odd scalars', () => {
    const t = tally('generated-odd');
    fc.assert(
      fc.property(streamArb(true), (text) => same(text, t)),
      params(RUNS),
    );
    assert.ok(t.fast > 0 && t.fast < t.pieces, JSON.stringify(t));
  });

  test('extractFile: the same objects, value sites and problems on both paths', () => {
    const t = tally('extractFile');
    // Guard: the swap must really reach the engine, or this test would compare the fast path with itself.
    const before = referenceCalls;
    const duplicate = 'kind: Service\nmetadata:\n  name: a\n  name: b\n';
    assert.ok(extractOnYamlPath('x.yaml', duplicate).problems.some((p) => p.code === 'duplicate-key'));
    assert.equal(referenceCalls, before + 1);
    for (const f of fixtures) for (const text of [f.text, f.text.replace(/\r?\n/g, '\r\n')]) sameModel(f.name, text, t);
    for (const f of generateCorpus(400).files) sameModel(f.path, f.text, t);
    for (const text of CORNERS) sameModel('corner.yaml', text, t);
    fc.assert(
      fc.property(streamArb(false), (text) => sameModel('gen.yaml', text, t)),
      params(Math.ceil(RUNS / 5)),
    );
  });

  test('a second, seeded line generator with byte-level mutations', () => {
    const t = tally('seeded');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => same(seededStream(seed), t)),
      params(RUNS * 3),
    );
    assert.ok(t.fast > t.pieces * 0.3, JSON.stringify(t));
  });

  test('random edits of generated documents and of the example files', () => {
    const t = tally('edited');
    const source = fc.oneof(streamArb(false), fc.constantFrom(...fixtures.map((f) => f.text)));
    fc.assert(
      fc.property(source, fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => same(applyEdits(text, edits), t)),
      params(RUNS),
    );
  });
});
