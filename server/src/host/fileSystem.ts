// Reading the workspace from disk, for the server's index and for the CLI. Only files under the
// given roots are read; symbolic links are followed only when they stay inside a root, and never
// in a loop; `node_modules` and VCS folders are left out; binary and oversized files are skipped.
// Nothing here writes, executes or reaches the network.
// The calls are synchronous on purpose: awaiting one libuv round trip per file cost ~2.7 s of
// waiting on an 8,000-file workspace against ~0.13 s synchronously (test/bench). The server keeps
// answering during a long scan through `serverHost.ts`, which yields between calls.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
/** Folders never indexed: dependencies and VCS metadata. */
export const ALWAYS_EXCLUDED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovery {
  readonly files: string[];
  readonly errors: DiscoveryError[];
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
}

export type ReadResult = { readonly text: string } | { readonly skipped: string };

/** YAML files under `roots` (files or folders), sorted, without duplicates. */
export function findYamlFiles(roots: readonly string[], options: DiscoveryOptions = {}): Discovery {
  const files = new Set<string>();
  const errors: DiscoveryError[] = [];
  const visitedDirs = new Set<string>();
  const realRoots: string[] = [];
  for (const root of options.boundaries ?? roots) {
    try {
      realRoots.push(fs.realpathSync.native(root));
    } catch {
      // Reported below when the root is visited.
    }
  }
  const insideRoots = (real: string): boolean => realRoots.some((r) => real === r || real.startsWith(r + nodePath.sep));

  /**
   * `entry` is the folder listing's record for `path` and `parentReal` the real path of that
   * folder: unless the entry is a link, its type needs no lstat and its real path no realpath.
   */
  function visit(path: string, explicit: boolean, entry?: fs.Dirent, parentReal?: string): void {
    if (options.isExcluded?.(path)) return;
    let isDirectory: boolean;
    let isFile: boolean;
    try {
      if (entry && !entry.isSymbolicLink()) {
        isDirectory = entry.isDirectory();
        isFile = entry.isFile();
      } else {
        let stat = fs.lstatSync(path);
        if (stat.isSymbolicLink()) {
          const real = fs.realpathSync.native(path);
          if (!insideRoots(real)) return; // never follow a link out of the workspace
          stat = fs.statSync(path);
        }
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      }
    } catch (error) {
      errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
      return;
    }
    if (isDirectory) {
      if (!explicit && ALWAYS_EXCLUDED_DIRS.has(nodePath.basename(path))) return;
      let real: string;
      if (entry && parentReal !== undefined && !entry.isSymbolicLink()) real = nodePath.join(parentReal, entry.name);
      else {
        try {
          real = fs.realpathSync.native(path);
        } catch {
          real = path;
        }
      }
      if (visitedDirs.has(real)) return; // a symlink loop or a second link to the same folder
      visitedDirs.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path, { withFileTypes: true });
      } catch (error) {
        errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) visit(nodePath.join(path, e.name), false, e, real);
      return;
    }
    if (!isFile) return;
    const isYaml = YAML_EXTENSIONS.includes(nodePath.extname(path).toLowerCase());
    if (isYaml || (explicit && options.acceptAnyExtensionForFiles)) files.add(path);
  }

  for (const root of roots) visit(nodePath.resolve(root), true);
  return { files: [...files].sort(), errors };
}

const decoder = new TextDecoder('utf-8');

/** UTF-8 text (BOM dropped, as editors do); binary and oversized files are skipped. Throws on I/O errors. */
export function readTextFile(path: string, maxBytes: number): ReadResult {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) return { skipped: `it is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit` };
    const buffer = fs.readFileSync(fd);
    if (buffer.subarray(0, 8192).includes(0)) return { skipped: 'it contains NUL bytes (binary data, not YAML)' };
    return { text: decoder.decode(buffer) };
  } finally {
    fs.closeSync(fd);
  }
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

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
