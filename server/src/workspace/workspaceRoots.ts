// The workspace folders as the client names them and as they really are on disk. Every path that
// enters the server (the scan, watched-file events, didOpen/didClose, requests) is checked by its
// real path against the real roots: a link inside the workspace may point anywhere, and the
// workspace may be untrusted (issue 15, finding 7). Files are keyed by real path, so one file
// reached by two paths is indexed once; they are reported to the client under the folder as the
// client spells it.
import * as nodePath from 'node:path';
import { isNormalPosixPath } from '../../../host/src/discovery';

export interface WorkspaceFolderPath {
  readonly uri: string;
  /** Absolute file-system path, normalised (no trailing separator, no `.` or `..`). */
  readonly path: string;
}

export interface WorkspaceRoot extends WorkspaceFolderPath {
  /** `path` with every link resolved. */
  readonly real: string;
}

/** A folder path as the client sent it, normalised once: `file:///ws/` and `file:///ws` are one folder. */
export function normaliseFolderPath(path: string): string {
  return nodePath.resolve(path);
}

export class WorkspaceRoots {
  /** Longest real path first, so a nested folder owns its files. */
  readonly roots: readonly WorkspaceRoot[];

  constructor(folders: readonly WorkspaceFolderPath[], realPath: (path: string) => string) {
    this.roots = folders.map((f) => ({ uri: f.uri, path: f.path, real: realPath(f.path) })).sort((a, b) => b.real.length - a.real.length);
  }

  get realPaths(): string[] {
    return this.roots.map((r) => r.real);
  }

  /** The root whose real folder holds `real`. */
  ownerOf(real: string): WorkspaceRoot | undefined {
    return this.roots.find((r) => isAtOrUnder(real, r.real));
  }

  /** True when the real path `real` lies in a workspace folder: only such files are ever read. */
  contains(real: string): boolean {
    return this.ownerOf(real) !== undefined;
  }

  /** Where the client sees the real path `real`: under its folder as the client spells it. */
  clientPath(real: string): string {
    const owner = this.ownerOf(real);
    if (!owner) return real;
    // Unless a link leads to the folder, the client spells it as it is (the cold index asks this
    // for every file): the same answer without path arithmetic.
    if (owner.path === owner.real && isNormalPosixPath(real)) return real;
    return joinUnder(owner.path, nodePath.relative(owner.real, real));
  }

  /** The real path of a client path under a folder, assuming no link below the folder (a guess to confirm). */
  lexicalReal(path: string): string | null {
    let best: WorkspaceRoot | undefined;
    for (const r of this.roots) if (isAtOrUnder(path, r.path) && (!best || r.path.length > best.path.length)) best = r;
    return best ? joinUnder(best.real, nodePath.relative(best.path, path)) : null;
  }
}

function isAtOrUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(nodePath.sep) ? folder : folder + nodePath.sep);
}

function joinUnder(folder: string, relative: string): string {
  return relative === '' ? folder : nodePath.join(folder, relative);
}
