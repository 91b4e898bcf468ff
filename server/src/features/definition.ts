// Go to Definition: from serviceName / subdomain to the Service, from a host in a value to the
// Service it resolves through (or the StatefulSet, on a per-pod name's pod label), from a selector
// to the workloads it picks. Several targets come nearest first (same file, then same folder).
import type { Location, Position } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { linkUnderCursor, toLocations } from './links';

export function provideDefinition(index: WorkspaceIndex, uri: string, position: Position): Location[] {
  const found = linkUnderCursor(index, uri, position);
  return found ? toLocations(index, found.site.targets) : [];
}
