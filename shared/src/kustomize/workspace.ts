// Which kustomizations of a workspace get applied. Every kustomization file is a root; one that
// another kustomization includes is a base (its objects appear in each overlay that includes it,
// renamed and moved as that overlay says); one that nobody includes is an overlay, a world of its
// own. Files that a buildable overlay reads belong to it; the rest stay plain files, and so do the
// files of a kustomization that did not build (it falls back to them as written), even when a
// buildable overlay reads them too.
import type { Problem } from '../core/problem';
import { buildKustomization, dirOf, isKustomizationFile, type KustomizationBuild, type KustomizeHost } from './build';

export interface KustomizePlan {
  /** Kustomizations nobody includes that build: each is analysed as its own world. */
  readonly overlays: readonly KustomizationBuild[];
  /** Kustomizations that did not build (with notes): their files stay plain files. */
  readonly notBuilt: readonly KustomizationBuild[];
  /** Files some buildable overlay reads and no fallen-back kustomization does: not analysed as plain files. */
  readonly consumed: ReadonlySet<string>;
}

export function planKustomizations(paths: Iterable<string>, host: KustomizeHost): KustomizePlan {
  // Components are only ever included; they are not roots.
  const roots = [...paths].filter((path) => isKustomizationFile(path) && !/^kind:\s*Component\s*$/m.test(host.readFile(path) ?? ''));
  const builds = roots.map((path) => buildKustomization(dirOf(path), host));
  const included = new Set(builds.flatMap((b) => b.includes));
  const overlays: KustomizationBuild[] = [];
  const notBuilt: KustomizationBuild[] = [];
  const consumed = new Set<string>();
  for (const build of builds) {
    if (!build.buildable) {
      // A base that does not build is noted once, on itself, not on every overlay that includes it.
      if (!included.has(build.dir) || build.notes.some((n) => n.path === build.path)) notBuilt.push(build);
      continue;
    }
    if (included.has(build.dir)) continue;
    overlays.push(build);
    for (const file of build.files) consumed.add(file);
  }
  for (const build of notBuilt) for (const file of build.files) consumed.delete(file);
  return { overlays, notBuilt, consumed };
}

/** Whether exactly one of `overlays` reads a file: a value written there is that overlay's alone. */
export function readByOneOverlay(overlays: readonly KustomizationBuild[]): (path: string) => boolean {
  const readers = new Map<string, number>();
  for (const build of overlays) for (const file of new Set(build.files)) readers.set(file, (readers.get(file) ?? 0) + 1);
  return (path) => readers.get(path) === 1;
}

/**
 * Drops what a fallen-back kustomization's `vars` explain: it substitutes `$(NAME)` for each var
 * it declares in the files it reads, so a `$(NAME)` left in those raw files is not the literal
 * host the plain check takes it for. Answers whether to keep a problem.
 */
export function fallbackVariables(plan: KustomizePlan, textOf: (path: string) => string | undefined): (problem: Problem) => boolean {
  const variables = fallbackVariableNames(plan);
  if (variables.size === 0) return () => true;
  return (problem) => {
    const names = variables.get(problem.path);
    if (!names || problem.code !== 'unresolved-host') return true;
    const written = /^\$\(([A-Za-z0-9_.-]+)\)$/.exec(textOf(problem.path)?.slice(problem.span.start, problem.span.end) ?? '');
    return !written || !names.has(written[1]!);
  };
}

/** The `vars` each file's fallen-back kustomizations declare, by file (files without any are absent). */
export function fallbackVariableNames(plan: KustomizePlan): Map<string, Set<string>> {
  const variables = new Map<string, Set<string>>();
  for (const build of plan.notBuilt) {
    if (build.variables.length === 0) continue;
    for (const file of build.files) {
      const names = variables.get(file) ?? new Set<string>();
      for (const name of build.variables) names.add(name);
      variables.set(file, names);
    }
  }
  return variables;
}
