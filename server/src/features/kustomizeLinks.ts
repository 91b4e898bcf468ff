// The links kustomizations add (patch targets, patches' names, replicas, hosts that resolve in an
// overlay), computed from the analysed overlays (and the names in kustomizations that did not
// build) once per index generation, by index key.
import { kustomizeLinks, NO_KUSTOMIZE_LINKS, type KustomizeLinks } from '../../../shared/src/index';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { overlayAnalyses } from './kustomizeOverlays';

const cache = new WeakMap<WorkspaceIndex, { readonly generation: number; readonly links: KustomizeLinks }>();

export function indexedKustomizeLinks(index: WorkspaceIndex): KustomizeLinks {
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation) return cached.links;
  const analyses = overlayAnalyses(index);
  const { plan, keyOfPath, texts } = index.kustomizations();
  const notBuilt = plan?.notBuilt ?? [];
  const links = analyses.length + notBuilt.length > 0 ? kustomizeLinks(analyses, notBuilt, { keyOf: (path) => keyOfPath.get(path), textOf: (path) => texts.get(path) }) : NO_KUSTOMIZE_LINKS;
  cache.set(index, { generation: index.generation, links });
  return links;
}
