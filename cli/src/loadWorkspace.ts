// Reads the -f paths into a catalog. Unreadable explicit paths are usage errors (exit 2);
// files skipped by a limit are kept as one `file-skipped` note each.
import * as nodePath from 'node:path';
import { Catalog, extractFile, skippedFile, withDefaults, type EngineOptions, type FileModel } from '../../shared/src/index';
import { describeFsError, findYamlFiles, readTextFile } from '../../server/src/host/fileSystem';

export interface LoadedWorkspace {
  readonly catalog: Catalog;
  /** Paths as the user will read them (relative to the working directory). */
  readonly displayPath: (path: string) => string;
  readonly errors: { readonly path: string; readonly message: string }[];
}

export function loadWorkspace(paths: readonly string[], options: Partial<EngineOptions>, maxFileBytes: number): LoadedWorkspace {
  const resolved = withDefaults(options);
  const discovery = findYamlFiles(paths, { acceptAnyExtensionForFiles: true });
  const models: FileModel[] = [];
  const errors = [...discovery.errors];
  for (const path of discovery.files) {
    try {
      const read = readTextFile(path, maxFileBytes);
      models.push('text' in read ? extractFile(path, read.text, resolved) : skippedFile(path, '', read.skipped));
    } catch (error) {
      errors.push({ path, message: describeFsError(error) });
    }
  }
  const cwd = process.cwd();
  return {
    catalog: new Catalog(models, resolved),
    displayPath: (path) => {
      const relative = nodePath.relative(cwd, path);
      return relative.startsWith('..') ? path : relative;
    },
    errors,
  };
}
