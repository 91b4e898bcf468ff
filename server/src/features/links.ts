// What the navigation features share: the link under a cursor and engine links as LSP locations.
import type { Location, Position } from 'vscode-languageserver';
import { linkAt, type Link, type LinkSite } from '../../../shared/src/index';
import { toOffset, toRange } from '../lsp/convert';
import type { FileSnapshot } from '../workspace/fileSnapshot';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { indexedKustomizeLinks } from './kustomizeLinks';

export function linkUnderCursor(index: WorkspaceIndex, uri: string, position: Position): { snapshot: FileSnapshot; site: LinkSite } | null {
  const snapshot = index.snapshot(uri);
  if (!snapshot) return null;
  const site = linkAt(index.catalog(), snapshot.key, toOffset(snapshot, position), indexedKustomizeLinks(index));
  return site ? { snapshot, site } : null;
}

/** Links as locations; a link into a file the index no longer holds is dropped. */
export function toLocations(index: WorkspaceIndex, links: readonly Link[]): Location[] {
  const locations: Location[] = [];
  for (const link of links) {
    const target = index.snapshotByKey(link.path);
    if (target) locations.push({ uri: target.uri, range: toRange(target, link.span) });
  }
  return locations;
}
