// The public surface of the engine. Text in, values out: no I/O, no LSP or VS Code types, and no
// exception on any user input. The server, the CLI and the tests import the engine only from here.
export { makeSpan, spanContains, type Span } from './text/span';
export { LineIndex, type LineCharacter } from './text/lineIndex';
export { DEFAULT_OPTIONS, DNS_PROFILES, clusterDomainError, namespaceError, withDefaults, type DnsProfile, type EngineOptions } from './core/options';
export { PROBLEM_CODES, defaultSeverity, isProblemCode, type Fix, type Problem, type ProblemCode, type RelatedLocation, type Severity, type TextEdit } from './core/problem';
export { extractFile, skippedFile, type FileContext, type FileModel } from './kube/extractFile';
export { namespaceNote, objectId, type NamespaceOrigin, type ObjectRef, type ServiceDecl, type WorkloadDecl, type EndpointSliceDecl, type ValueSite } from './kube/types';
export { Catalog, selects, type CatalogChange, type CatalogFact, type CatalogUpdate } from './model/catalog';
export { checkFile, applySeverityOverrides, type SeverityOverrides } from './checks/checkFile';
export { CONFIG_FILE_NAME, configFileModel, extractWorkspaceFile, isConfigFile, parseRepositoryConfig, type ExternalService, type RepositoryConfig } from './config/repositoryConfig';
export { fileSuppressions, suppressionFixes, DISABLE_ANNOTATION, DISABLE_LINE, DISABLE_NEXT_LINE, type FileSuppressions } from './checks/suppression';
export { findReferences, hostLinksIn, linkAt, NO_KUSTOMIZE_LINKS, renameEdits, serviceSubject, subjectKey, type DeclaredLink, type KustomizeLinks, type Link, type LinkRole, type LinkSite, type LinkSubject, type RenameEdit } from './navigation/links';
export { targetAt, type HoverTarget } from './navigation/targetAt';
export { explainService, serviceMode, MAX_EXPLAINED_PORTS, type ServiceExplanation, type NameEntry, type SelectedWorkload, type ServiceMode } from './dns/explain';
export { resolveQuery, resolveFqdn, searchCandidates, serviceFqdn, profileLabel, queryNameError, MAX_RECORDS, type Resolution, type Answer, type AnswerKind, type SrvRecord, type ResolveStatus, type FqdnResult } from './dns/resolve';
export { answerHint, describeAnswer, describePods } from './dns/describeAnswer';
export { analyzeHostReferences, type HostReference } from './dns/hostReferences';
export { findHostTokens, type HostToken } from './dns/hostTokens';
export { parseYamlStream } from './yaml/parseYamlStream';
export type { TimeBudget } from './core/timeBudget';
export type { YDocument, YNode, YMap, YSeq, YScalar } from './yaml/tree';

import { extractFile } from './kube/extractFile';
import { Catalog } from './model/catalog';
import { withDefaults, type EngineOptions } from './core/options';

/** Builds a catalog from whole files in one call (the CLI's path; the server caches per file). */
export function analyzeFiles(files: Iterable<{ readonly path: string; readonly text: string }>, options: Partial<EngineOptions> = {}): Catalog {
  const resolved = withDefaults(options);
  const models = [];
  for (const file of files) models.push(extractFile(file.path, file.text, resolved));
  return new Catalog(models, resolved);
}
export { buildKustomization, isKustomizationFile, joinPath, dirOf, KUSTOMIZATION_FILE_NAMES, type KustomizeHost, type KustomizeNote, type KustomizationBuild, type NameReference } from './kustomize/build';
export { toPlain, type KNode, type KMap, type Origin, type Plain } from './kustomize/node';
export type { Resource as KustomizeResource } from './kustomize/resource';
export { acrossOverlays, analyzeOverlay, noteProblem, type OverlayAnalysis, type OriginLookup } from './kustomize/overlay';
export type { OverlayFixContext } from './kustomize/overlayFix';
export { kustomizeLinks, type LinkPaths } from './kustomize/navigation';
export { fallbackVariableNames, fallbackVariables, planKustomizations, readByOneOverlay, type KustomizePlan } from './kustomize/workspace';
