// Patches as kustomize (kyaml merge2) applies them: strategic merge for the fields DNS depends on,
// and RFC 6902 JSON patches. Patched nodes keep the patch's origin, so a diagnostic on a patched
// field points at the patch that set it.
import { asKMap, cloneNode, deleteEntry, entry, setEntry, toPlain, type KMap, type KNode, type KSeq } from './node';

/** Thrown when kustomize itself would fail; the build turns it into a note on the kustomization. */
export class KustomizeError extends Error {}

/** Lists merged by a key (the Kubernetes OpenAPI patch merge keys kustomize reads). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
};

/** kyaml's guesses for lists of kinds it has no schema for. */
const ASSOCIATIVE_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];

const DIRECTIVE = '$patch';

function isDirectiveKey(key: string): boolean {
  return key === DIRECTIVE || key.startsWith('$setElementOrder/') || key === '$retainKeys' || key.startsWith('$deleteFromPrimitiveList/');
}

/** Applies a strategic-merge patch to `target` in place. `builtinKind` selects schema-known merge keys. */
export function strategicMerge(target: KMap, patch: KMap, builtinKind: boolean): void {
  mergeMap(target, patch, [], builtinKind);
}

function directive(map: KMap): string | null {
  const node = entry(map, DIRECTIVE);
  return node && node.kind === 'scalar' ? String(node.value) : null;
}

function mergeMap(target: KMap, patch: KMap, path: readonly string[], builtinKind: boolean): void {
  for (const { key, value } of patch.entries) {
    if (isDirectiveKey(key)) continue;
    const current = entry(target, key);
    if (value.kind === 'scalar' && value.value === null) {
      deleteEntry(target, key);
      continue;
    }
    if (value.kind === 'map') {
      const mode = directive(value);
      if (mode === 'delete') {
        deleteEntry(target, key);
        continue;
      }
      if (current && current.kind === 'map' && mode !== 'replace') {
        mergeMap(current, value, [...path, key], builtinKind);
        continue;
      }
      setEntry(target, key, stripDirectives(value));
      continue;
    }
    if (value.kind === 'seq' && current && current.kind === 'seq') {
      setEntry(target, key, mergeList(current, value, [...path, key], builtinKind));
      continue;
    }
    if (value.kind === 'scalar' && current?.kind === 'scalar') {
      // Set in place, as kyaml's merge does: a value node the label transformer shares changes everywhere.
      current.value = value.value;
      current.origin = value.origin;
      continue;
    }
    setEntry(target, key, stripDirectives(value));
  }
}

/** A copy without `$patch` directives and null fields (what the merge writes for new content). */
function stripDirectives(node: KNode): KNode {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'seq') {
    const items = node.items.filter((item) => !(item.kind === 'map' && directive(item) === 'delete'));
    return { kind: 'seq', items: items.map(stripDirectives), origin: node.origin };
  }
  const entries = node.entries
    .filter((e) => !isDirectiveKey(e.key) && !(e.value.kind === 'scalar' && e.value.value === null))
    .map((e) => ({ key: e.key, value: stripDirectives(e.value) }));
  return { kind: 'map', entries, origin: node.origin };
}

/** The merge keys of a list: the schema's where kustomize has one, else kyaml's inferred key. */
function mergeKeysFor(path: readonly string[], target: KSeq, patch: KSeq, builtinKind: boolean): string[] {
  const field = path[path.length - 1] ?? '';
  if (builtinKind && field === 'ports') return path[0] === 'spec' && path.length === 2 ? ['port', 'protocol'] : ['containerPort', 'protocol'];
  const known = MERGE_KEYS[field];
  if (known) return [known];
  const all = [...target.items, ...patch.items];
  if (all.length === 0 || !all.every((item) => item.kind === 'map')) return [];
  const inferred = ASSOCIATIVE_KEYS.find((key) => all.every((item) => entry(item as KMap, key) !== undefined));
  return inferred ? [inferred] : [];
}

function keyValues(map: KMap, keys: readonly string[]): string[] {
  return keys.map((key) => {
    const node = entry(map, key);
    return node && node.kind === 'scalar' && node.value !== null ? String(node.value) : '';
  });
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.every((value, i) => value === b[i]);
}

/**
 * kyaml's associative-list merge, as kubectl kustomize v5 behaves: with one key, the patch's
 * elements come first (merged with their match), then the other elements; with two keys (port
 * and protocol), matches merge in place, and a patch element that leaves out the protocol while
 * the element with its port states one is lost.
 */
function mergeList(target: KSeq, patch: KSeq, path: readonly string[], builtinKind: boolean): KSeq {
  const keys = mergeKeysFor(path, target, patch, builtinKind);
  if (keys.length === 0) {
    // Lists without a merge key are replaced whole, as the API's strategic merge does.
    return stripDirectives(patch) as KSeq;
  }
  // kyaml collapses elements with the same key to the first one whenever it merges the list.
  const seen = new Set<string>();
  let items = target.items.filter((item): item is KMap => {
    if (item.kind !== 'map') return false;
    const id = JSON.stringify(keyValues(item, keys));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const front: KNode[] = [];
  const back: KNode[] = [];
  const movedToFront = new Set<KNode>();
  for (const item of patch.items) {
    const patchMap = asKMap(item);
    if (!patchMap) continue;
    const values = keyValues(patchMap, keys);
    const exact = items.find((existing) => sameValues(keyValues(existing, keys), values));
    if (!exact && keys.length > 1 && items.some((existing) => keys.every((_, i) => values[i] === '' || keyValues(existing, keys)[i] === values[i]))) continue;
    if (directive(patchMap) === 'delete') {
      if (exact) items = items.filter((existing) => existing !== exact);
      continue;
    }
    if (!exact) {
      // Observed in kubectl kustomize v5.5: a new element naming every key goes first, one that
      // leaves a key (the protocol) out goes last.
      (keys.length === 1 || values.every((value) => value !== '') ? front : back).push(stripDirectives(patchMap));
      continue;
    }
    let merged: KMap = exact;
    if (directive(patchMap) === 'replace') {
      merged = stripDirectives(patchMap) as KMap;
      items = items.map((existing) => (existing === exact ? merged : existing));
    } else mergeMap(exact, patchMap, [...path, '[]'], builtinKind);
    if (keys.length === 1) {
      front.push(merged);
      movedToFront.add(merged);
    }
  }
  return { kind: 'seq', items: [...front, ...items.filter((item) => !movedToFront.has(item)), ...back], origin: target.origin };
}

/** One RFC 6902 operation, its value already a node with the patch's origin. */
export interface JsonPatchOp {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: KNode;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`JSON patch path "${path}" does not start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function child(node: KNode, segment: string, path: string): KNode {
  if (node.kind === 'map') {
    const value = entry(node, segment);
    if (value === undefined) throw new KustomizeError(`JSON patch path "${path}" does not exist`);
    return value;
  }
  if (node.kind === 'seq') {
    const index = Number(segment);
    if (!/^\d+$/.test(segment) || index >= node.items.length) throw new KustomizeError(`JSON patch path "${path}" does not exist`);
    return node.items[index]!;
  }
  throw new KustomizeError(`JSON patch path "${path}" does not exist`);
}

function parentOf(root: KNode, path: string): { parent: KNode; last: string } {
  const segments = pointer(path);
  if (segments.length === 0) throw new KustomizeError('JSON patch cannot replace the whole object');
  let node = root;
  for (const segment of segments.slice(0, -1)) node = child(node, segment, path);
  return { parent: node, last: segments[segments.length - 1]! };
}

function getAt(root: KNode, path: string): KNode {
  let node = root;
  for (const segment of pointer(path)) node = child(node, segment, path);
  return node;
}

function removeAt(root: KNode, path: string): KNode {
  const { parent, last } = parentOf(root, path);
  const removed = child(parent, last, path);
  if (parent.kind === 'map') deleteEntry(parent, last);
  else if (parent.kind === 'seq') parent.items.splice(Number(last), 1);
  return removed;
}

function addAt(root: KNode, path: string, value: KNode, replace: boolean): void {
  const { parent, last } = parentOf(root, path);
  if (parent.kind === 'map') {
    if (replace && entry(parent, last) === undefined) throw new KustomizeError(`JSON patch path "${path}" does not exist`);
    setEntry(parent, last, value);
    return;
  }
  if (parent.kind === 'seq') {
    if (last === '-' && !replace) {
      parent.items.push(value);
      return;
    }
    const index = Number(last);
    const limit = replace ? parent.items.length - 1 : parent.items.length;
    if (!/^\d+$/.test(last) || index > limit) throw new KustomizeError(`JSON patch path "${path}" is out of range`);
    parent.items.splice(index, replace ? 1 : 0, value);
    return;
  }
  throw new KustomizeError(`JSON patch path "${path}" does not exist`);
}

export function applyJsonPatch(root: KMap, ops: readonly JsonPatchOp[]): void {
  for (const op of ops) {
    switch (op.op) {
      case 'add':
      case 'replace':
        if (!op.value) throw new KustomizeError(`JSON patch "${op.op}" at "${op.path}" has no value`);
        addAt(root, op.path, cloneNode(op.value), op.op === 'replace');
        break;
      case 'remove':
        removeAt(root, op.path);
        break;
      case 'move':
        addAt(root, op.path, removeAt(root, op.from ?? ''), false);
        break;
      case 'copy':
        addAt(root, op.path, cloneNode(getAt(root, op.from ?? '')), false);
        break;
      case 'test':
        if (!op.value || JSON.stringify(toPlain(getAt(root, op.path))) !== JSON.stringify(toPlain(op.value)))
          throw new KustomizeError(`JSON patch test at "${op.path}" failed`);
        break;
      default:
        throw new KustomizeError(`unknown JSON patch operation "${op.op}"`);
    }
  }
}
