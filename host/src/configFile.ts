// Finding and reading the repository config file (`.kube-service-dns.yaml`). The engine parses it
// (parseRepositoryConfig); this is only where it is on disk. The CLI walks up from each -f path;
// the server reads it at the root of each workspace folder. Also the repository a path is in (the
// CLI lets kustomizations read their bases there).
import { existsSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE_NAME, parseRepositoryConfig, type RepositoryConfig } from '../../shared/src/index';
import { describeFsError, readTextFile } from './fileSystem';

const CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * The nearest config file in `start` (a file's folder, or the folder itself) or a folder above it,
 * stopping at the repository root (a folder with `.git`) or the file-system root.
 */
export function findConfigFile(start: string): string | null {
  for (const dir of foldersUpToRepositoryRoot(start)) {
    const candidate = nodePath.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The repository (the nearest folder with `.git`) that `start` is in, or null outside one. */
export function repositoryRoot(start: string): string | null {
  const last = foldersUpToRepositoryRoot(start).at(-1);
  return last !== undefined && existsSync(nodePath.join(last, '.git')) ? last : null;
}

/** `start` (a file's folder, or the folder itself) and the folders above it, up to the repository root or the file-system root. */
function foldersUpToRepositoryRoot(start: string): string[] {
  let dir = nodePath.resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = nodePath.dirname(dir);
  } catch {
    dir = nodePath.dirname(dir);
  }
  const folders: string[] = [];
  for (;;) {
    folders.push(dir);
    if (existsSync(nodePath.join(dir, '.git'))) return folders;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return folders;
    dir = parent;
  }
}

/** The parsed config file with its text, or why it could not be read. */
export function readConfigFile(path: string): { config: RepositoryConfig; text: string } | { error: string } {
  try {
    const read = readTextFile(path, CONFIG_MAX_BYTES);
    if (!('text' in read)) return { error: `skipped: ${read.skipped}` };
    return { config: parseRepositoryConfig(path, read.text), text: read.text };
  } catch (error) {
    return { error: describeFsError(error) };
  }
}
