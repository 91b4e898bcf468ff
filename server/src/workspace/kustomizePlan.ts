// Kustomizations in the index. A file that a buildable overlay reads (a base, a patch, the
// kustomization itself) is answered for through that overlay, not also as a plain file applied
// as written in `default`: that is what the CLI does, and what gets applied. The plan is made
// again only when something it depends on changes: a kustomization file, a file some build read,
// or a file that was not there (a build may have missed it).
import * as nodePath from 'node:path';
import { isKustomizationFile, planKustomizations, type KustomizePlan } from '../../../shared/src/index';
import type { FileSnapshot } from './fileSnapshot';
import { filePathOf } from './fileUris';

export interface IndexedKustomizations {
  /** Null when the workspace has no kustomization file. */
  readonly plan: KustomizePlan | null;
  /** Index keys of the files some buildable overlay reads. */
  readonly consumedKeys: ReadonlySet<string>;
  /** The index key of each file, by the `/`-separated path the engine uses. */
  readonly keyOfPath: ReadonlyMap<string, string>;
  /** Each file's text by engine path, when the plan was made (current for every file a build read). */
  readonly texts: ReadonlyMap<string, string>;
  /** Index keys of every file a build read, whether it built or not. */
  readonly readKeys: ReadonlySet<string>;
  /** Every index key when the plan was made. */
  readonly knownKeys: ReadonlySet<string>;
}

export const NO_KUSTOMIZATIONS: IndexedKustomizations = { plan: null, consumedKeys: new Set(), keyOfPath: new Map(), texts: new Map(), readKeys: new Set(), knownKeys: new Set() };

/** The engine's spelling of a key's path (`/`-separated), or null for a non-file key. */
export function enginePathOf(key: string): string | null {
  const path = filePathOf(key);
  return path === null ? null : path.split(nodePath.sep).join('/');
}

export function planIndexed(snapshots: readonly FileSnapshot[]): IndexedKustomizations {
  const texts = new Map<string, string>();
  const keyOfPath = new Map<string, string>();
  for (const snapshot of snapshots) {
    const path = enginePathOf(snapshot.key);
    if (path === null) continue;
    texts.set(path, snapshot.text);
    keyOfPath.set(path, snapshot.key);
  }
  const knownKeys = new Set(snapshots.map((s) => s.key));
  if (![...texts.keys()].some(isKustomizationFile)) return { ...NO_KUSTOMIZATIONS, keyOfPath, texts, knownKeys };
  const plan = planKustomizations(texts.keys(), { readFile: (path) => texts.get(path) });
  const keysOf = (paths: Iterable<string>) => new Set([...paths].flatMap((p) => keyOfPath.get(p) ?? []));
  const read = [...plan.overlays, ...plan.notBuilt].flatMap((b) => b.files);
  return { plan, consumedKeys: keysOf(plan.consumed), keyOfPath, texts, readKeys: keysOf(read), knownKeys };
}

/** Whether a change to the file at `key` may change the plan. */
export function affectsPlan(indexed: IndexedKustomizations, key: string): boolean {
  const path = enginePathOf(key);
  if (path !== null && isKustomizationFile(path)) return true;
  return indexed.plan !== null && (indexed.readKeys.has(key) || !indexed.knownKeys.has(key));
}

export function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}
