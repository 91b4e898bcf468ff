// How near one name is to another: the bounded edit distance and the index behind "did you mean"
// suggestions.

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
 * `cahce` is one step from `cache`. Bounded: returns `max + 1` once the distance exceeds `max`.
 * Only the diagonal band |i - j| <= max can stay within the bound, so only it is computed:
 * O(max * length) time rather than O(length²).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  // A shared prefix and suffix cost nothing and change no alignment of the rest (checked
  // exhaustively against the full table in test/unit/fastPathsDifferential.test.ts), so only the
  // middle that differs is compared: a suggestion candidate differs from the name in one label.
  let start = 0;
  const shorter = Math.min(a.length, b.length);
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  if (start > 0 || end > 0) return bandedDistance(a.slice(start, a.length - end), b.slice(start, b.length - end), max);
  return bandedDistance(a, b, max);
}

function bandedDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  const width = b.length + 1;
  if (rows[0]!.length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [beforePrevious, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  beforePrevious.fill(over, 0, width);
  previous.fill(over, 0, width);
  current.fill(over, 0, width);
  for (let j = 0; j <= Math.min(b.length, max); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    current.fill(over, Math.max(0, from - 2), Math.min(width, to + 2));
    current[0] = i <= max ? i : over;
    let rowMin = current[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current[j] = Math.min(value, over);
      if (current[j]! < rowMin) rowMin = current[j]!;
    }
    if (rowMin > max) return over;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return Math.min(previous[b.length]!, over);
}

/** Scratch rows for editDistance, grown as needed (it runs once per suggestion candidate). */
let rows: Int32Array[] = [new Int32Array(128), new Int32Array(128), new Int32Array(128)];

/** How many edits a word may be from a name and still be its typo: 1 up to 5 characters, then 2. */
export function typoBound(a: string, b: string): number {
  return Math.min(2, Math.floor(Math.max(a.length, b.length) / 3));
}

export function isTypoOf(word: string, name: string): boolean {
  const max = typoBound(word, name);
  return max > 0 && word !== name && editDistance(word, name, max) <= max;
}

/** Past this many stored deletion variants an index stops growing and keeps the rest in a list. */
const MAX_INDEXED_VARIANTS = 1_000_000;
/** How many typosOf answers an index keeps. */
const MAX_REMEMBERED_WORDS = 50_000;
/** Past this many unindexed names a lookup gives up on them (no suggestion beats a stall). */
const MAX_UNINDEXED_COMPARISONS = 20_000;

/** Up to this many names, a lookup compares the word with each name rather than build the deletion index. */
const SCAN_LIMIT = 128;

/**
 * Finds the names a word is a typo of. Past SCAN_LIMIT names, without comparing it with every
 * name: each name is stored under every string left after deleting up to two of its characters,
 * and a word within two edits of a name shares at least one such string with it (symmetric
 * deletion); the index is built on the first lookup. A namespace's few dozen Services are simply
 * compared one by one (building their index cost more than every lookup in a run). Both give the
 * same names in the same order: by the first deletion string of the word they share, then in
 * the order the names were given. Also finds the names that extend the word or that it extends
 * at a `-` (`jaeger` → `jaeger-query`).
 */
export class NearNameIndex {
  private readonly bySegment = new Map<string, string[]>();
  /** The distinct names, in the order given. */
  private readonly names = new Set<string>();
  private deletions: { readonly byDeletion: Map<string, string[]>; readonly unindexed: readonly string[] } | null = null;
  /** typosOf's answers: the same words are looked up from file after file. */
  private readonly typos = new Map<string, readonly string[]>();

  constructor(names: Iterable<string>) {
    for (const name of names) {
      if (this.names.has(name)) continue;
      this.names.add(name);
      for (const part of dashParts(name)) if (part !== name) push(this.bySegment, part, name);
    }
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Names the word is a typo of (at most two edits, fewer for short words). */
  typosOf(word: string): readonly string[] {
    let typos = this.typos.get(word);
    if (!typos) {
      if (this.typos.size >= MAX_REMEMBERED_WORDS) this.typos.clear(); // a long editing session types many words
      this.typos.set(word, (typos = this.names.size <= SCAN_LIMIT ? this.scanTypos(word) : this.indexedTypos(word)));
    }
    return typos;
  }

  /** Every name compared with the word, then put in the order the deletion index finds them. */
  private scanTypos(word: string): string[] {
    const indexed: string[] = [];
    const unindexed: string[] = [];
    for (const name of this.names) if (isTypoOf(word, name)) (name.length <= 63 ? indexed : unindexed).push(name);
    if (word.length > 65) return unindexed;
    if (indexed.length > 1) {
      // The order the index's walk over the word's deletion strings meets them in.
      const walk = [...deletionVariants(word)];
      const firstShared = new Map(indexed.map((name) => {
        const own = deletionVariants(name);
        return [name, walk.findIndex((d) => own.has(d))];
      }));
      indexed.sort((a, b) => firstShared.get(a)! - firstShared.get(b)!); // stable: ties keep the given order
    }
    return [...indexed, ...unindexed];
  }

  private indexedTypos(word: string): string[] {
    const { byDeletion, unindexed } = this.deletionIndex();
    const found = new Set<string>();
    const checked = new Set<string>();
    if (word.length <= 65)
      for (const d of deletionVariants(word))
        for (const name of byDeletion.get(d) ?? []) {
          if (checked.has(name)) continue;
          checked.add(name);
          if (isTypoOf(word, name)) found.add(name);
        }
    for (const name of unindexed.slice(0, MAX_UNINDEXED_COMPARISONS)) if (isTypoOf(word, name)) found.add(name);
    return [...found];
  }

  private deletionIndex(): NonNullable<NearNameIndex['deletions']> {
    if (this.deletions) return this.deletions;
    const byDeletion = new Map<string, string[]>();
    const unindexed: string[] = [];
    let variants = 0;
    for (const name of this.names) {
      if (variants < MAX_INDEXED_VARIANTS && name.length <= 63) {
        const deletions = deletionVariants(name);
        variants += deletions.size;
        for (const d of deletions) push(byDeletion, d, name);
      } else unindexed.push(name);
    }
    return (this.deletions = { byDeletion, unindexed });
  }

  /** Names that extend the word at a `-` (`jaeger` → `jaeger-query`), or that it extends (`redis-master-svc` → `redis-master`). */
  relativesOf(word: string): string[] {
    const found = new Set<string>(word.length >= 3 ? (this.bySegment.get(word) ?? []) : []);
    for (const part of dashParts(word)) if (part !== word && part.length >= 3 && this.names.has(part)) found.add(part);
    return [...found];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The word itself and every string left after deleting one or two of its characters. */
function deletionVariants(word: string): Set<string> {
  const variants = new Set<string>([word]);
  for (let i = 0; i < word.length; i++) {
    const one = word.slice(0, i) + word.slice(i + 1);
    variants.add(one);
    for (let j = i; j < one.length; j++) variants.add(one.slice(0, j) + one.slice(j + 1));
  }
  return variants;
}

/** The runs of whole `-` segments that start or end the name: `a-b-c` → a, a-b, b-c, c. */
function dashParts(name: string): string[] {
  const parts: string[] = [];
  for (let i = name.indexOf('-'); i > 0; i = name.indexOf('-', i + 1)) parts.push(name.slice(0, i), name.slice(i + 1));
  return parts;
}
