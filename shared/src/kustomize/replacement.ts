// kustomize's `replacements` in their simple form: one source field (a scalar, `metadata.name` by
// default) copied into fields of the selected targets, addressed by dotted paths with list items
// by index (`args.3`) or by a key (`containers.[name=web]`). What this does not reproduce — a
// whole map or list copied, `options` (delimiter, create), `reject`, wildcards — is reported as
// unsupported, and the build falls back. A replacement kustomize would refuse (no source, several
// sources, a missing field) is a KustomizeError, as kubectl fails on it.
import { KustomizeError } from './patch';
import { asKMap, asKSeq, entry, scalarText, type KMap, type KNode } from './node';
import type { Resource } from './resource';

export type Selector = (resources: readonly Resource[], target: KMap) => Resource[];

/** Why a replacement is not reproduced, or null when it was applied. */
export function applyReplacement(replacement: KMap, resources: readonly Resource[], select: Selector): string | null {
  const source = asKMap(entry(replacement, 'source'));
  const targets = asKSeq(entry(replacement, 'targets'));
  if (!source || !targets) return 'a replacement without source or targets';
  if (entry(source, 'options')) return 'source options';
  const sources = select(resources, source);
  if (sources.length !== 1) throw new KustomizeError(`a replacement source selects ${sources.length === 0 ? 'no object' : `${sources.length} objects`}`);
  const sourcePath = parseFieldPath(scalarText(entry(source, 'fieldPath')) ?? 'metadata.name');
  if (!sourcePath) return 'a source fieldPath with wildcards or options';
  const value = walk(sources[0]!.node, sourcePath);
  if (!value) throw new KustomizeError(`the replacement source field ${scalarText(entry(source, 'fieldPath')) ?? 'metadata.name'} is missing`);
  if (value.kind !== 'scalar') return 'a replacement copying a map or a list';
  for (const item of targets.items) {
    const target = asKMap(item);
    const selector = target && asKMap(entry(target, 'select'));
    if (!target || !selector) return 'a replacement target without select';
    if (entry(target, 'reject') || entry(target, 'options')) return 'target reject or options';
    const paths = (asKSeq(entry(target, 'fieldPaths'))?.items ?? []).map((p) => parseFieldPath(scalarText(p) ?? ''));
    if (paths.some((p) => p === null)) return 'a target fieldPath with wildcards or options';
    for (const resource of select(resources, selector)) {
      for (const path of paths as string[][]) {
        const at = walk(resource.node, path);
        if (!at) throw new KustomizeError(`the replacement target field ${path.join('.')} is missing in ${resource.kind} ${resource.name}`);
        if (at.kind !== 'scalar') return 'a replacement into a map or a list';
        // The value now comes from the source field; a string field stays a string (`"32"` in args).
        at.value = typeof at.value === 'string' && value.value !== null ? String(value.value) : value.value;
        at.origin = value.origin;
      }
    }
  }
  return null;
}

/** `a.b.[k=v].3` → segments; null for what is not reproduced (wildcards, `*`, `%`). */
function parseFieldPath(path: string): string[] | null {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return null;
      segments.push(path.slice(i, end + 1));
      i = end + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let end = path.indexOf('.', i);
    if (end < 0) end = path.length;
    segments.push(path.slice(i, end));
    i = end + 1;
  }
  return segments.length > 0 && segments.every((s) => s !== '' && !s.includes('*') && !/^\[[^=]*\]$/.test(s)) ? segments : null;
}

function walk(node: KNode, path: readonly string[]): KNode | null {
  let current: KNode | undefined = node;
  for (const segment of path) {
    if (!current) return null;
    if (segment.startsWith('[')) {
      const [key, want] = segment.slice(1, -1).split('=') as [string, string];
      current = asKSeq(current)?.items.find((item) => scalarText(asKMap(item) && entry(asKMap(item)!, key)) === want);
    } else if (/^\d+$/.test(segment) && current.kind === 'seq') {
      current = current.items[Number(segment)];
    } else {
      const map = asKMap(current);
      current = map ? entry(map, segment) : undefined;
    }
  }
  return current ?? null;
}
