// Finding the YAML files under the roots: a walk that can stop after any entry and go on later, so
// the server walks in slices and keeps answering (a workspace folder of `/` took 120 s before the
// first hover when the walk was one synchronous call), and that can stop for good at a number of
// files. Only files under the given roots are found; symbolic links are followed only when they
// stay inside a root (`boundaries`), and never in a loop; `node_modules` and VCS folders are left
// out. Nothing here reads a file's content.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
/** YAML files without a YAML extension that are found too: kustomize's extension-less kustomization file. */
export const YAML_FILE_NAMES = ['Kustomization'];
/** Folders never indexed: dependencies and VCS metadata. */
export const ALWAYS_EXCLUDED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovery {
  readonly files: string[];
  readonly errors: DiscoveryError[];
  /** The walk stopped at `maxFiles`: there may be more files. */
  readonly truncated?: boolean;
}

export interface DiscoveryError {
  readonly path: string;
  readonly message: string;
  /** The Node error code (`ENOENT`, `EACCES`…), when there is one. */
  readonly code?: string;
}

export interface DiscoveryOptions {
  /** Returns true for paths (absolute) that must be skipped. */
  readonly isExcluded?: (path: string) => boolean;
  /** Explicit file arguments are read whatever their extension (kubectl -f accepts JSON too). */
  readonly acceptAnyExtensionForFiles?: boolean;
  /**
   * Folders symbolic links may point into; default: the roots. The server passes its workspace
   * folders when it re-reads single files, so a link never leads out of the workspace.
   */
  readonly boundaries?: readonly string[];
  /**
   * Report each file by its real path (links resolved), so a file reached twice is found once.
   * The server keys its index by real path; the CLI prints paths as the user gave them.
   */
  readonly realPaths?: boolean;
  /** Stop once this many files are found (`truncated` says so). */
  readonly maxFiles?: number;
  /** List only the files directly in the root folders, not in their subfolders. */
  readonly shallow?: boolean;
  /** Called with each file the first time the walk finds it (in walk order, not sorted). */
  readonly onFile?: (path: string) => void;
}

interface Pending {
  readonly path: string;
  readonly explicit: boolean;
  /** The folder listing's record for `path`: unless it is a link, its type needs no lstat. */
  readonly entry?: fs.Dirent;
  /** The real path of the folder listing it: unless it is a link, its real path needs no realpath. */
  readonly parentReal?: string;
}

/** A depth-first walk in sorted order, run in steps: `run` stops when asked and goes on when called again. */
export class YamlWalk {
  private readonly files = new Set<string>();
  private readonly errors: DiscoveryError[] = [];
  private readonly visitedDirs = new Set<string>();
  private readonly realRoots: string[] = [];
  /** Entries still to visit, the next one last. */
  private readonly stack: Pending[];
  private truncated = false;

  constructor(
    roots: readonly string[],
    private readonly options: DiscoveryOptions = {},
  ) {
    for (const root of options.boundaries ?? roots) {
      try {
        this.realRoots.push(fs.realpathSync.native(root));
      } catch {
        // Reported when the root is visited.
      }
    }
    this.stack = roots.map((root) => ({ path: nodePath.resolve(root), explicit: true })).reverse();
  }

  get done(): boolean {
    return this.stack.length === 0;
  }

  /** Visits entries until the walk ends or `shouldPause` (asked after each entry) says to stop. */
  run(shouldPause: () => boolean = () => false): void {
    while (this.stack.length > 0) {
      this.visit(this.stack.pop()!);
      if (this.options.maxFiles !== undefined && this.files.size >= this.options.maxFiles && this.stack.length > 0) {
        this.truncated = true;
        this.stack.length = 0;
      }
      if (shouldPause()) return;
    }
  }

  /** The files found so far (sorted, without duplicates) and the errors met. */
  result(): Discovery {
    return { files: [...this.files].sort(), errors: this.errors, truncated: this.truncated };
  }

  private insideRoots(real: string): boolean {
    return this.realRoots.some((r) => real === r || real.startsWith(r.endsWith(nodePath.sep) ? r : r + nodePath.sep));
  }

  private visit({ path, explicit, entry, parentReal }: Pending): void {
    if (this.options.isExcluded?.(path)) return;
    let isDirectory: boolean;
    let isFile: boolean;
    let real: string | null = entry && parentReal !== undefined && !entry.isSymbolicLink() ? nodePath.join(parentReal, entry.name) : null;
    try {
      if (entry && !entry.isSymbolicLink()) {
        isDirectory = entry.isDirectory();
        isFile = entry.isFile();
      } else {
        let stat = fs.lstatSync(path);
        const link = stat.isSymbolicLink();
        if (link || real === null) {
          real = fs.realpathSync.native(path);
          // Never follow a link out of the workspace; with explicit boundaries (the server), an
          // explicit root must lie inside them too, whatever links lead to it.
          if ((link || (explicit && this.options.boundaries)) && !this.insideRoots(real)) return;
          if (link) stat = fs.statSync(path);
        }
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      }
    } catch (error) {
      this.errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
      return;
    }
    if (isDirectory) {
      if (!explicit && (this.options.shallow || ALWAYS_EXCLUDED_DIRS.has(nodePath.basename(path)))) return;
      const folderReal = real ?? path;
      if (this.visitedDirs.has(folderReal)) return; // a symlink loop or a second link to the same folder
      this.visitedDirs.add(folderReal);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path, { withFileTypes: true });
      } catch (error) {
        this.errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
        return;
      }
      entries.sort((a, b) => (a.name > b.name ? -1 : a.name < b.name ? 1 : 0)); // reversed: the stack pops the first name first
      for (const e of entries) {
        if (this.options.shallow && !e.isFile() && !e.isSymbolicLink()) continue;
        this.stack.push({ path: nodePath.join(path, e.name), explicit: false, entry: e, parentReal: folderReal });
      }
      return;
    }
    if (!isFile) return;
    const isYaml = YAML_EXTENSIONS.includes(nodePath.extname(path).toLowerCase()) || YAML_FILE_NAMES.includes(nodePath.basename(path));
    if (!isYaml && !(explicit && this.options.acceptAnyExtensionForFiles)) return;
    const found = this.options.realPaths ? (real ?? path) : path;
    if (this.files.has(found)) return;
    this.files.add(found);
    this.options.onFile?.(found);
  }
}

/**
 * True for an absolute POSIX path that path.normalize leaves as it is (no empty, `.` or `..`
 * segment, no trailing `/`): for such paths, `relative` and `join` under a folder are string
 * slices. Hot paths test this before taking the slice; on Windows it is always false.
 */
export function isNormalPosixPath(path: string): boolean {
  return nodePath.sep === '/' && path.startsWith('/') && (path.length === 1 || !/\/\/|\/\.{1,2}(?=\/|$)|\/$/.test(path));
}

/**
 * The real path of `path` (links resolved) and whether it exists. For a path that does not exist
 * (deleted, or a document not saved yet), its nearest existing folder's real path joined with the
 * rest, so it can still be matched against what was indexed.
 */
export function resolveRealPath(path: string): { readonly real: string; readonly exists: boolean } {
  try {
    return { real: fs.realpathSync.native(path), exists: true };
  } catch {
    const parent = nodePath.dirname(path);
    return { real: parent === path ? path : nodePath.join(resolveRealPath(parent).real, nodePath.basename(path)), exists: false };
  }
}

/** YAML files under `roots` (files or folders), sorted, without duplicates, in one synchronous walk. */
export function findYamlFiles(roots: readonly string[], options: DiscoveryOptions = {}): Discovery {
  const walk = new YamlWalk(roots, options);
  walk.run();
  return walk.result();
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
