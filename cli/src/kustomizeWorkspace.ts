// Kustomizations for the CLI: `-k DIR` builds that kustomization as kubectl would, and a `-f`
// folder's kustomizations are split into overlays (each checked as the world it applies) and
// bases (seen only through their overlays). Files no buildable overlay reads stay plain files.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import {
  acrossOverlays,
  analyzeOverlay,
  buildKustomization,
  fallbackVariables,
  fileSuppressions,
  noteProblem,
  planKustomizations,
  readByOneOverlay,
  type EngineOptions,
  type FileModel,
  type KustomizationBuild,
  type KustomizeHost,
  type OverlayAnalysis,
  type Problem,
} from '../../shared/src/index';
import { repositoryRoot } from '../../host/src/configFile';
import { readTextFile } from '../../host/src/fileSystem';

export interface KustomizeWorkspace {
  readonly overlays: readonly OverlayAnalysis[];
  /** Notes on kustomizations that did not build (or left something out), as problems. */
  readonly notes: readonly Problem[];
  /** Hints on unknown codes in the suppression directives of the files overlays read (they have no check of their own). */
  readonly hints: readonly Problem[];
  /** Files a buildable overlay reads: not plain files. */
  readonly consumed: ReadonlySet<string>;
  /** False for a plain file's problem that a fallen-back kustomization's `vars` explain. */
  readonly keep: (problem: Problem) => boolean;
  /** Every file text read, for positions. */
  readonly texts: ReadonlyMap<string, string>;
}

function isInside(path: string, root: string): boolean {
  const relative = nodePath.relative(root, path);
  return relative === '' || (!relative.startsWith('..') && !nodePath.isAbsolute(relative));
}

/**
 * `texts` holds the files found under `-f`; a kustomization may also read files (its bases,
 * patches) under the working directory, the `-k` directories, and the repository each `-k`
 * directory or `-f` path is in, never elsewhere: `check -k .` inside an overlay still reads
 * `../../base`, as kubectl kustomize does.
 */
export function loadKustomizations(
  texts: Map<string, string>,
  kustomizeDirs: readonly string[],
  filePaths: readonly string[],
  options: EngineOptions,
  maxFileBytes: number,
  plainModels: (consumed: ReadonlySet<string>) => FileModel[],
  displayPath: (path: string) => string,
): KustomizeWorkspace {
  const repositories = [...kustomizeDirs, ...filePaths].flatMap((path) => repositoryRoot(path) ?? []);
  const roots = [process.cwd(), ...kustomizeDirs.map((dir) => nodePath.resolve(dir)), ...repositories];
  // A symbolic link inside a root may point anywhere: what it points at must be inside one too.
  const realRoots = roots.flatMap((root) => {
    try {
      return [fs.realpathSync(root)];
    } catch {
      return [];
    }
  });
  const host: KustomizeHost = {
    readFile(path) {
      const known = texts.get(path);
      if (known !== undefined) return known;
      if (!roots.some((root) => isInside(path, root))) return undefined;
      try {
        const real = fs.realpathSync(path);
        if (!realRoots.some((root) => isInside(real, root))) return undefined;
        if (!fs.statSync(real).isFile()) return undefined;
        const read = readTextFile(real, maxFileBytes);
        if (!('text' in read)) return undefined;
        texts.set(path, read.text);
        return read.text;
      } catch {
        return undefined;
      }
    },
  };
  const plan = planKustomizations([...texts.keys()], host);
  const explicit = kustomizeDirs.map((dir) => buildKustomization(nodePath.resolve(dir), host));
  const overlays: KustomizationBuild[] = [...explicit.filter((b) => b.buildable)];
  for (const build of plan.overlays) if (!overlays.some((o) => o.path === build.path)) overlays.push(build);
  const consumed = new Set(plan.consumed);
  for (const build of overlays) for (const file of build.files) consumed.add(file);
  // A kustomization that did not build is checked as its raw files, even those an overlay also reads.
  for (const build of plan.notBuilt) for (const file of build.files) consumed.delete(file);
  const seen = new Set<string>();
  const notes: Problem[] = [];
  for (const build of [...explicit, ...plan.notBuilt, ...overlays]) {
    for (const note of build.notes) {
      const key = `${note.path}:${note.span.start}:${note.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      notes.push(noteProblem(note));
    }
  }
  const context = plainModels(consumed);
  const textOf = (path: string) => texts.get(path);
  // Editing a value in place is right only when no other overlay reads it: known only for the
  // overlays found under -f, not when -k names some overlays of a repository.
  const fixContext = { readOnlyByThisOverlay: kustomizeDirs.length === 0 ? readByOneOverlay(overlays) : () => false, displayPath };
  const analyses = acrossOverlays(overlays.map((build) => analyzeOverlay(build, displayPath(build.dir), options, textOf, context, fixContext)));
  const hints = [...consumed].flatMap((path) => {
    const text = texts.get(path);
    return text === undefined ? [] : fileSuppressions({ path, text }).hints;
  });
  return { overlays: analyses, notes, hints, consumed, texts, keep: fallbackVariables(plan, textOf) };
}
