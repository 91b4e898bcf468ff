// Reading the workspace from disk, for the server's initial index and for the CLI. Only files under
// the given roots are read; symbolic links are followed only when they stay inside a root, and
// never in a loop. Nothing here writes, executes or reaches the network.
import { promises as fs } from 'node:fs';
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

/** Lists YAML files under `roots` (files or folders), sorted, without duplicates. */
export async function findYamlFiles(roots: readonly string[], options: DiscoveryOptions = {}): Promise<Discovery> {
  const files = new Set<string>();
  const errors: DiscoveryError[] = [];
  const visitedDirs = new Set<string>();
  const realRoots: string[] = [];
  for (const root of options.boundaries ?? roots) {
    try {
      realRoots.push(await fs.realpath(root));
    } catch {
      // Reported below when the root is visited.
    }
  }
  const insideRoots = (real: string): boolean => realRoots.some((r) => real === r || real.startsWith(r + nodePath.sep));

  async function visit(path: string, explicit: boolean): Promise<void> {
    if (options.isExcluded?.(path)) return;
    let stat;
    try {
      stat = await fs.lstat(path);
      if (stat.isSymbolicLink()) {
        const real = await fs.realpath(path);
        if (!insideRoots(real)) return; // never follow a link out of the workspace
        stat = await fs.stat(path);
      }
    } catch (error) {
      errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
      return;
    }
    if (stat.isDirectory()) {
      if (!explicit && ALWAYS_EXCLUDED_DIRS.has(nodePath.basename(path))) return;
      const real = await fs.realpath(path).catch(() => path);
      if (visitedDirs.has(real)) return; // a symlink loop or a second link to the same folder
      visitedDirs.add(real);
      let entries: string[];
      try {
        entries = await fs.readdir(path);
      } catch (error) {
        errors.push({ path, message: describeFsError(error), code: (error as { code?: string }).code });
        return;
      }
      for (const entry of entries.sort()) await visit(nodePath.join(path, entry), false);
      return;
    }
    if (!stat.isFile()) return;
    const isYaml = YAML_EXTENSIONS.includes(nodePath.extname(path).toLowerCase());
    if (isYaml || (explicit && options.acceptAnyExtensionForFiles)) files.add(path);
  }

  for (const root of roots) await visit(nodePath.resolve(root), true);
  return { files: [...files].sort(), errors };
}

export type ReadResult = { readonly text: string } | { readonly skipped: string };

/** Reads a file as UTF-8 text (BOM dropped, as editors do); binary and oversized files are skipped. */
export async function readTextFile(path: string, maxBytes: number): Promise<ReadResult> {
  const handle = await fs.open(path, 'r');
  try {
    const stat = await handle.stat();
    if (stat.size > maxBytes) return { skipped: `it is ${formatBytes(stat.size)}, above the ${formatBytes(maxBytes)} limit` };
    const buffer = await handle.readFile();
    if (buffer.subarray(0, 8192).includes(0)) return { skipped: 'it contains NUL bytes (binary data, not YAML)' };
    return { text: new TextDecoder('utf-8').decode(buffer) };
  } finally {
    await handle.close();
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

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
