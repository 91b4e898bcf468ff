// A code lens on each Service: `headless · 3 pods · 7 names · referenced 4×`. Clicking it shows
// the references (the client turns the command's plain arguments into VS Code's).
import type { CodeLens } from 'vscode-languageserver';
import { explainService, findReferences, serviceMode, serviceSubject, type Catalog, type ServiceDecl } from '../../../shared/src/index';
import { toPosition, toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { indexedKustomizeLinks } from './kustomizeLinks';
import { toLocations } from './links';

/** Client-side command: arguments `[uri, position, locations]`, as `editor.action.showReferences` takes them. */
export const SHOW_REFERENCES_COMMAND = 'kubeServiceDns.showReferences';

const MODE = { vip: 'ClusterIP', headless: 'headless', 'external-name': 'ExternalName' } as const;

export function provideCodeLenses(index: WorkspaceIndex, uri: string): CodeLens[] {
  const snapshot = index.snapshot(uri);
  const catalog = index.catalog();
  const file = snapshot && catalog.files.get(snapshot.key);
  if (!snapshot || !file) return [];
  const kustomize = indexedKustomizeLinks(index);
  return file.services.map((svc) => {
    const references = findReferences(catalog, serviceSubject(svc), kustomize).filter((l) => l.role !== 'declaration');
    return {
      range: toRange(snapshot, svc.ref.nameSpan),
      command: { title: lensTitle(catalog, svc, references.length), command: SHOW_REFERENCES_COMMAND, arguments: [snapshot.uri, toPosition(snapshot, svc.ref.nameSpan.start), toLocations(index, references)] },
    };
  });
}

export function lensTitle(catalog: Catalog, svc: ServiceDecl, referenceCount: number): string {
  const e = explainService(catalog, svc);
  const parts: string[] = [MODE[serviceMode(svc)]];
  if (e.mode !== 'external-name') {
    const pods = e.selected.reduce<number | null>((sum, w) => (sum === null || w.count === null ? null : sum + w.count), 0);
    parts.push(pods === null ? 'pods on every node' : `${pods} pod${pods === 1 ? '' : 's'}`);
  }
  parts.push(`${e.resolving.length} name${e.resolving.length === 1 ? '' : 's'}`);
  parts.push(referenceCount === 0 ? 'not referenced' : `referenced ${referenceCount}×`);
  return parts.join(' · ');
}
