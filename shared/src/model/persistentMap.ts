// A persistent (immutable) hash map from strings: a hash array mapped trie. `set` and `delete`
// return a new map that shares every untouched node with the old one, so replacing one key in a
// map of n keys copies O(log32 n) small nodes instead of n entries. The catalog keeps its indexes
// in these, so a one-file update builds a new catalog without copying the workspace.
// Iteration order is the trie's (hash order), not insertion order: callers that need an order sort.

const BITS = 5;
const MASK = (1 << BITS) - 1;

class Leaf<V> {
  constructor(
    readonly hash: number,
    readonly key: string,
    readonly value: V,
  ) {}
}

/** Keys whose 32-bit hashes are equal. */
class Collision<V> {
  constructor(
    readonly hash: number,
    readonly leaves: readonly Leaf<V>[],
  ) {}
}

class Branch<V> {
  constructor(
    readonly bitmap: number,
    readonly children: Child<V>[],
  ) {}
}

type Child<V> = Leaf<V> | Collision<V> | Branch<V>;

/** FNV-1a over UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** A branch holding two leaves (or collisions) whose hashes differ at or below `shift`. */
function pair<V>(shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V> | Collision<V>): Child<V> {
  if (a.hash === b.hash) {
    const leaves = [...(a instanceof Leaf ? [a] : a.leaves), ...(b instanceof Leaf ? [b] : b.leaves)];
    return new Collision(a.hash, leaves);
  }
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return new Branch(1 << ia, [pair(shift + BITS, a, b)]);
  return new Branch((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a]);
}

interface Edit {
  /** Set when a key was added (+1) or removed (-1). */
  sizeDelta: number;
}

function setIn<V>(node: Child<V>, shift: number, leaf: Leaf<V>, edit: Edit): Child<V> {
  if (node instanceof Leaf) {
    if (node.key === leaf.key) return node.value === leaf.value ? node : leaf;
    edit.sizeDelta = 1;
    return pair(shift, node, leaf);
  }
  if (node instanceof Collision) {
    if (node.hash !== leaf.hash) {
      edit.sizeDelta = 1;
      return pair(shift, node, leaf);
    }
    const i = node.leaves.findIndex((l) => l.key === leaf.key);
    if (i >= 0) {
      if (node.leaves[i]!.value === leaf.value) return node;
      const leaves = [...node.leaves];
      leaves[i] = leaf;
      return new Collision(node.hash, leaves);
    }
    edit.sizeDelta = 1;
    return new Collision(node.hash, [...node.leaves, leaf]);
  }
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    edit.sizeDelta = 1;
    const children = [...node.children];
    children.splice(index, 0, leaf);
    return new Branch(node.bitmap | bit, children);
  }
  const child = node.children[index]!;
  const next = setIn(child, shift + BITS, leaf, edit);
  if (next === child) return node;
  const children = [...node.children];
  children[index] = next;
  return new Branch(node.bitmap, children);
}

/** The node without `key`, null when nothing is left; a lone leaf moves up (lookups stay correct). */
function deleteIn<V>(node: Child<V>, shift: number, hash: number, key: string, edit: Edit): Child<V> | null {
  if (node instanceof Leaf) {
    if (node.key !== key) return node;
    edit.sizeDelta = -1;
    return null;
  }
  if (node instanceof Collision) {
    if (node.hash !== hash) return node;
    const leaves = node.leaves.filter((l) => l.key !== key);
    if (leaves.length === node.leaves.length) return node;
    edit.sizeDelta = -1;
    return leaves.length === 1 ? leaves[0]! : new Collision(hash, leaves);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const child = node.children[index]!;
  const next = deleteIn(child, shift + BITS, hash, key, edit);
  if (next === child) return node;
  if (next === null) {
    if (node.children.length === 1) return null;
    const children = [...node.children];
    children.splice(index, 1);
    if (children.length === 1 && !(children[0] instanceof Branch)) return children[0]!;
    return new Branch(node.bitmap & ~bit, children);
  }
  if (node.children.length === 1 && !(next instanceof Branch)) return next;
  const children = [...node.children];
  children[index] = next;
  return new Branch(node.bitmap, children);
}

/** In-place insert into nodes nobody else holds yet (bulk building). */
function insertMutable<V>(node: Child<V>, shift: number, leaf: Leaf<V>, edit: Edit): Child<V> {
  if (!(node instanceof Branch)) return setIn(node, shift, leaf, edit);
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    edit.sizeDelta = 1;
    node.children.splice(index, 0, leaf);
    (node as { bitmap: number }).bitmap = node.bitmap | bit;
    return node;
  }
  node.children[index] = insertMutable(node.children[index]!, shift + BITS, leaf, edit);
  return node;
}

function* leavesOf<V>(node: Child<V>): Generator<Leaf<V>> {
  if (node instanceof Leaf) yield node;
  else if (node instanceof Collision) yield* node.leaves;
  else for (const child of node.children) yield* leavesOf(child);
}

export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(null, 0);

  private constructor(
    private readonly root: Child<V> | null,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** Builds a map in one pass (later entries win), without the copying of repeated `set`s. */
  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    // The root is a fresh branch that nothing shares, so the build may mutate it and its fresh children.
    let root: Child<V> = new Branch<V>(0, []);
    let size = 0;
    for (const [key, value] of entries) {
      const edit: Edit = { sizeDelta: 0 };
      root = insertMutable(root, 0, new Leaf(hashOf(key), key, value), edit);
      size += edit.sizeDelta;
    }
    return size === 0 ? PersistentMap.empty() : new PersistentMap(root, size);
  }

  get(key: string): V | undefined {
    let node = this.root;
    if (node === null) return undefined;
    const hash = hashOf(key);
    for (let shift = 0; ; shift += BITS) {
      if (node instanceof Leaf) return node.key === key ? node.value : undefined;
      if (node instanceof Collision) return node.hash === hash ? node.leaves.find((l) => l.key === key)?.value : undefined;
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))]!;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const leaf = new Leaf(hashOf(key), key, value);
    if (this.root === null) return new PersistentMap(leaf, 1);
    const edit: Edit = { sizeDelta: 0 };
    const root = setIn(this.root, 0, leaf, edit);
    return root === this.root ? this : new PersistentMap(root, this.size + edit.sizeDelta);
  }

  delete(key: string): PersistentMap<V> {
    if (this.root === null) return this;
    const edit: Edit = { sizeDelta: 0 };
    const root = deleteIn(this.root, 0, hashOf(key), key, edit);
    if (root === this.root) return this;
    return root === null ? PersistentMap.empty() : new PersistentMap(root, this.size + edit.sizeDelta);
  }

  *entries(): Generator<[string, V]> {
    if (this.root) for (const leaf of leavesOf(this.root)) yield [leaf.key, leaf.value];
  }

  *keys(): Generator<string> {
    if (this.root) for (const leaf of leavesOf(this.root)) yield leaf.key;
  }

  *values(): Generator<V> {
    if (this.root) for (const leaf of leavesOf(this.root)) yield leaf.value;
  }
}
