// Reads the -f paths into a catalog. Unreadable explicit paths are usage errors (exit 2);
// files skipped by a limit are kept as one `file-skipped` note each. The repository config file
// nearest above the first -f path applies (command-line flags override it); its own problems
// and external Services are part of the catalog.
import * as nodePath from 'node:path';
import {
  Catalog,
  configFileModel,
  extractWorkspaceFile,
  skippedFile,
  withDefaults,
  type EngineOptions,
  type FileModel,
  type RepositoryConfig,
  type SeverityOverrides,
} from '../../shared/src/index';
import { findConfigFile, readConfigFile } from '../../server/src/host/configFile';
import { ExcludeMatcher } from '../../server/src/host/excludeMatcher';
import { describeFsError, findYamlFiles, readTextFile } from '../../server/src/host/fileSystem';
import { loadKustomizations, type KustomizeWorkspace } from './kustomizeWorkspace';

export interface LoadedWorkspace {
  readonly catalog: Catalog;
  /** Paths as the user will read them (relative to the working directory). */
  readonly displayPath: (path: string) => string;
  readonly errors: { readonly path: string; readonly message: string }[];
  /** The config file's severities with the command line's on top. */
  readonly severities: SeverityOverrides;
  /** Overlays checked as built (`-k`, and kustomizations inside `-f` folders); null when none. */
  readonly kustomize: KustomizeWorkspace | null;
}

export function loadWorkspace(
  paths: readonly string[],
  flags: Partial<EngineOptions>,
  maxFileBytes: number,
  flagSeverities: SeverityOverrides = {},
  kustomizeDirs: readonly string[] = [],
): LoadedWorkspace {
  const errors: { path: string; message: string }[] = [];
  const firstPath = paths[0] ?? kustomizeDirs[0];
  const configPath = firstPath !== undefined ? findConfigFile(firstPath) : null;
  let config: { config: RepositoryConfig; text: string } | null = null;
  if (configPath) {
    const read = readConfigFile(configPath);
    if ('error' in read) errors.push({ path: configPath, message: read.error });
    else config = read;
  }
  const resolved = withDefaults({ ...config?.config.options, ...flags });
  const discovery = findYamlFiles(paths, { acceptAnyExtensionForFiles: true });
  errors.push(...discovery.errors);
  const ignored = config?.config.ignore.length ? new ExcludeMatcher([{ folder: nodePath.dirname(configPath!), globs: config.config.ignore }]) : null;
  const texts = new Map<string, string>();
  const skipped: FileModel[] = [];
  for (const path of discovery.files) {
    if (path === configPath || ignored?.isExcluded(path)) continue;
    try {
      const read = readTextFile(path, maxFileBytes);
      if ('text' in read) texts.set(path, read.text);
      else skipped.push(skippedFile(path, '', read.skipped));
    } catch (error) {
      errors.push({ path, message: describeFsError(error) });
    }
  }
  if (config) skipped.push(configFileModel(config.config, config.text));
  const cwd = process.cwd();
  const displayPath = (path: string) => {
    const relative = nodePath.relative(cwd, path);
    return relative.startsWith('..') ? path : relative;
  };
  // Files a buildable kustomize overlay reads are checked through that overlay, not as plain files.
  const discovered = [...texts];
  const plain = (consumed: ReadonlySet<string>): FileModel[] => [
    ...discovered.filter(([path]) => !consumed.has(path)).map(([path, text]) => extractWorkspaceFile(path, text, resolved)),
    ...skipped,
  ];
  const hasKustomizations = kustomizeDirs.length > 0 || discovered.some(([path]) => /(?:^|[/\\])(?:kustomization\.ya?ml|Kustomization)$/.test(path));
  let models: FileModel[] | null = null;
  const kustomize = hasKustomizations
    ? loadKustomizations(texts, kustomizeDirs, resolved, maxFileBytes, (consumed) => (models = plain(consumed)), displayPath, paths)
    : null;
  return {
    catalog: new Catalog(models ?? plain(new Set()), resolved),
    displayPath,
    errors,
    severities: { ...config?.config.severities, ...flagSeverities },
    kustomize,
  };
}
