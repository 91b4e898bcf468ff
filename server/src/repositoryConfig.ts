// The repository config file (`.kube-service-dns.yaml` at the root of a workspace folder) on top
// of the VS Code settings. Precedence: the file wins over the settings for what it sets (as
// Prettier's config file does), so the editor and the CLI in CI answer alike for one repository;
// the CLI's flags win over the file. Severities merge per code; ignore globs add to the folder's
// excludes. The file's own problems and external Services come through the index, which
// analyses it like any other workspace file (extractWorkspaceFile).
import * as nodePath from 'node:path';
import { existsSync } from 'node:fs';
import { CONFIG_FILE_NAME, type RepositoryConfig } from '../../shared/src/index';
import { readConfigFile } from '../../host/src/configFile';
import type { Settings } from './settings';

export function applyRepositoryConfigs(settings: Settings, folders: readonly { readonly uri: string; readonly path: string }[]): Settings {
  let result = settings;
  for (const folder of folders) {
    const path = nodePath.join(folder.path, CONFIG_FILE_NAME);
    if (!existsSync(path)) continue;
    const read = readConfigFile(path);
    if ('config' in read) result = merge(result, folder.uri, read.config);
  }
  return result;
}

function merge(settings: Settings, folderUri: string, config: RepositoryConfig): Settings {
  const { clusterDomain, defaultNamespace, profile, externalNamespaces } = config.options;
  const filesExclude = new Map(settings.filesExclude);
  if (config.ignore.length) filesExclude.set(folderUri, [...(filesExclude.get(folderUri) ?? []), ...config.ignore]);
  return {
    ...settings,
    clusterDomain: clusterDomain ?? settings.clusterDomain,
    defaultNamespace: defaultNamespace ?? settings.defaultNamespace,
    dnsProfile: profile ?? settings.dnsProfile,
    severity: { ...settings.severity, ...config.severities },
    externalNamespaces: [...new Set([...settings.externalNamespaces, ...(externalNamespaces ?? [])])],
    filesExclude,
  };
}

/** Whether a changed file is a repository config file (then the settings are loaded again). */
export function isRepositoryConfigUri(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}
