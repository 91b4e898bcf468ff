// Finding and reading the repository config file (`.kube-service-dns.yaml`). The engine parses it
// (parseRepositoryConfig); this is only where it is on disk. The CLI walks up from each -f path;
// the server reads it at the root of each workspace folder.
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
  let dir = nodePath.resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = nodePath.dirname(dir);
  } catch {
    dir = nodePath.dirname(dir);
  }
  for (;;) {
    const candidate = nodePath.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(nodePath.join(dir, '.git'))) return null;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return null;
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
