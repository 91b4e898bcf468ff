// Which paths the index skips: `files.exclude` and `kubeServiceDns.exclude` globs, matched the
// way VS Code matches them (against the path relative to its workspace folder, where a matching
// folder excludes everything under it), plus dependency and VCS folders, which are always skipped.
import * as nodePath from 'node:path';
import { ALWAYS_EXCLUDED_DIRS } from '../host/fileSystem';

export interface FolderGlobs {
  /** Absolute file-system path of the workspace folder. */
  readonly folder: string;
  readonly globs: readonly string[];
}

export class ExcludeMatcher {
  private readonly folders: { readonly folder: string; readonly patterns: readonly RegExp[] }[];

  constructor(folders: readonly FolderGlobs[]) {
    // Longest folder first, so a nested workspace folder owns its own files.
    this.folders = [...folders]
      .sort((a, b) => b.folder.length - a.folder.length)
      .map((f) => ({ folder: f.folder, patterns: f.globs.map(globToRegExp).filter((r): r is RegExp => r !== null) }));
  }

  /** True when `path` (absolute) or one of its parent folders is excluded. */
  isExcluded(path: string): boolean {
    const owner = this.folders.find((f) => path === f.folder || path.startsWith(f.folder + nodePath.sep));
    const relative = owner ? nodePath.relative(owner.folder, path) : path;
    const segments = relative.split(nodePath.sep).filter((s) => s !== '');
    if (segments.some((s) => ALWAYS_EXCLUDED_DIRS.has(s))) return true;
    if (!owner || owner.patterns.length === 0) return false;
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (owner.patterns.some((p) => p.test(prefix))) return true;
    }
    return false;
  }
}

/**
 * Converts a VS Code glob (`**`, `*`, `?`, `{a,b}`, `[a-z]`, `[!a]`) into an anchored RegExp over
 * `/`-separated relative paths; null for a pattern that cannot be compiled.
 */
export function globToRegExp(glob: string): RegExp | null {
  const pattern = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const next = pattern[i + 2];
        if (atSegmentStart && next === '/') {
          out += '(?:[^/]*(?:/[^/]*)*/)?'; // `**/`: any number of whole folders, including none
          i += 2;
        } else if (atSegmentStart && next === undefined) {
          out += '.*';
          i += 1;
        } else {
          out += '[^/]*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  if (braces > 0) return null;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}
