// Which paths the index skips: `files.exclude` and `kubeServiceDns.exclude` globs, matched the
// way VS Code matches them (against the path relative to its workspace folder, where a matching
// folder excludes everything under it), plus dependency and VCS folders, which are always skipped.
//
// The globs come from the workspace's own `.vscode/settings.json`, so they are untrusted input. A
// glob compiled to a backtracking RegExp can take exponential time (`**/` twelve times took 56 s on
// one 24-folder path), so each folder's globs are compiled into one automaton (an NFA) that is run
// by keeping the set of states it can be in: each character of the path costs at most one step per
// state, whatever the glob, so a match is linear in the path (times the glob's size, at worst).
import * as nodePath from 'node:path';
import { ALWAYS_EXCLUDED_DIRS } from './fileSystem';
import { isNormalPosixPath } from './discovery';

export interface FolderGlobs {
  /** Absolute file-system path of the workspace folder. */
  readonly folder: string;
  readonly globs: readonly string[];
}

export class ExcludeMatcher {
  private readonly folders: { readonly folder: string; readonly automaton: GlobAutomaton | null }[];

  constructor(folders: readonly FolderGlobs[]) {
    // Longest folder first, so a nested workspace folder owns its own files.
    this.folders = [...folders].sort((a, b) => b.folder.length - a.folder.length).map((f) => ({ folder: f.folder, automaton: GlobAutomaton.compile(f.globs) }));
  }

  /** True when `path` (absolute) or one of its parent folders is excluded. */
  isExcluded(path: string): boolean {
    const owner = this.folders.find((f) => path === f.folder || path.startsWith(f.folder.endsWith(nodePath.sep) ? f.folder : f.folder + nodePath.sep));
    // The walk asks for every entry: a normal path under its folder is a slice of it.
    const relative = !owner ? path : path.length > owner.folder.length && isNormalPosixPath(path) && isNormalPosixPath(owner.folder) && owner.folder !== '/' ? path.slice(owner.folder.length + 1) : nodePath.relative(owner.folder, path);
    const segments = relative.split(nodePath.sep).filter((s) => s !== '');
    if (segments.some((s) => ALWAYS_EXCLUDED_DIRS.has(s))) return true;
    if (!owner?.automaton) return false;
    return owner.automaton.matchesPathOrParent(segments.join('/'));
  }
}

/** One NFA state: a character test with its target, and moves that consume nothing. */
interface State {
  test: ((c: string) => boolean) | null;
  next: number;
  readonly epsilon: number[];
}

const notSlash = (c: string): boolean => c !== '/';
const isSlash = (c: string): boolean => c === '/';

/**
 * VS Code globs (`**`, `*`, `?`, `{a,b}` nested, `[a-z]`, `[!a]`) over `/`-separated relative
 * paths, all of one folder's globs in one automaton. Globs that cannot be compiled (an unclosed
 * brace) are left out, as before.
 */
export class GlobAutomaton {
  private readonly states: State[] = [];
  private readonly start: number;
  private readonly accept: number;
  /** Per-state mark of the step that last added it, so a state set never holds a state twice. */
  private readonly seen: Uint32Array;
  private generation = 0;

  private constructor(globs: readonly string[]) {
    this.start = this.newState();
    this.accept = this.newState();
    for (const glob of globs) {
      const fragment = new GlobParser(glob.trim().replace(/\\/g, '/').replace(/^\.\//, ''), this).parse();
      if (!fragment) continue;
      this.states[this.start]!.epsilon.push(fragment.start);
      this.states[fragment.end]!.epsilon.push(this.accept);
    }
    this.seen = new Uint32Array(this.states.length);
  }

  /** null when no glob compiled (nothing to match). */
  static compile(globs: readonly string[]): GlobAutomaton | null {
    const automaton = new GlobAutomaton(globs);
    return automaton.states[automaton.start]!.epsilon.length > 0 ? automaton : null;
  }

  newState(): number {
    this.states.push({ test: null, next: -1, epsilon: [] });
    return this.states.length - 1;
  }

  state(id: number): State {
    return this.states[id]!;
  }

  /** True when the whole `path`, or the part before one of its `/`, matches a glob. */
  matchesPathOrParent(path: string): boolean {
    const size = this.states.length;
    let current = new Int32Array(size);
    let moved = new Int32Array(size);
    const stack = new Int32Array(size * 3 + 1);
    moved[0] = this.start;
    let count = this.closure(moved, 1, current, stack);
    for (let i = 0; i < path.length; i++) {
      const c = path[i]!;
      if (c === '/' && this.seen[this.accept] === this.generation) return true;
      let movedCount = 0;
      for (let k = 0; k < count; k++) {
        const s = this.states[current[k]!]!;
        if (s.test?.(c)) moved[movedCount++] = s.next;
      }
      if (movedCount === 0) return false;
      [current, moved] = [moved, current];
      count = this.closure(current, movedCount, moved, stack);
      [current, moved] = [moved, current];
    }
    return this.seen[this.accept] === this.generation;
  }

  /**
   * Writes into `into` the states reachable from the first `count` of `from` without consuming a
   * character, each once (marked with a new generation in `seen`); returns how many.
   */
  private closure(from: Int32Array, count: number, into: Int32Array, stack: Int32Array): number {
    const mark = ++this.generation;
    let size = 0;
    let top = 0;
    for (let k = 0; k < count; k++) stack[top++] = from[k]!;
    while (top > 0) {
      const id = stack[--top]!;
      if (this.seen[id] === mark) continue;
      this.seen[id] = mark;
      into[size++] = id;
      for (const e of this.states[id]!.epsilon) if (this.seen[e] !== mark) stack[top++] = e;
    }
    return size;
  }
}

interface Fragment {
  readonly start: number;
  readonly end: number;
}

/** Thompson's construction for one glob: each piece becomes a few states. */
class GlobParser {
  private i = 0;

  constructor(
    private readonly pattern: string,
    private readonly nfa: GlobAutomaton,
  ) {}

  /** null for a glob that cannot be compiled. */
  parse(): Fragment | null {
    const fragment = this.sequence(0);
    return fragment && this.i === this.pattern.length ? fragment : null;
  }

  /** Pieces up to the end, or (inside braces) up to the `,` or `}` that ends this alternative. */
  private sequence(depth: number): Fragment | null {
    const first = this.nfa.newState();
    let end = first;
    const p = this.pattern;
    while (this.i < p.length) {
      const c = p[this.i]!;
      if (depth > 0 && (c === ',' || c === '}')) break;
      let piece: Fragment | null;
      if (c === '*') piece = this.star();
      else if (c === '?') {
        piece = this.single(notSlash);
        this.i++;
      } else if (c === '{') {
        this.i++;
        piece = this.alternatives(depth + 1);
        if (!piece) return null;
      } else if (c === '[') piece = this.characterClass();
      else {
        piece = this.single((x) => x === c);
        this.i++;
      }
      this.nfa.state(end).epsilon.push(piece.start);
      end = piece.end;
    }
    return { start: first, end };
  }

  private alternatives(depth: number): Fragment | null {
    const start = this.nfa.newState();
    const end = this.nfa.newState();
    for (;;) {
      const alternative = this.sequence(depth);
      if (!alternative) return null;
      this.nfa.state(start).epsilon.push(alternative.start);
      this.nfa.state(alternative.end).epsilon.push(end);
      const c = this.pattern[this.i];
      this.i++;
      if (c === '}') return { start, end };
      if (c !== ',') return null; // the pattern ended inside the braces
    }
  }

  /** `*` (within a folder name), `**` as a whole segment (any folders) or `**` at the end (anything). */
  private star(): Fragment {
    const p = this.pattern;
    const atSegmentStart = this.i === 0 || p[this.i - 1] === '/';
    if (p[this.i + 1] === '*') {
      const after = p[this.i + 2];
      if (atSegmentStart && after === '/') {
        // `**/`: any number of whole folders, including none: ([^/]*/)*
        this.i += 3;
        // `**/**/` means the same as `**/`: one loop, not a chain of them.
        while (p.startsWith('**/', this.i)) this.i += 3;
        const loop = this.nfa.newState();
        const name = this.nfa.newState();
        const slash = this.nfa.newState();
        const end = this.nfa.newState();
        this.nfa.state(loop).epsilon.push(end, name);
        Object.assign(this.nfa.state(name), { test: notSlash, next: name });
        this.nfa.state(name).epsilon.push(slash);
        Object.assign(this.nfa.state(slash), { test: isSlash, next: loop });
        return { start: loop, end };
      }
      this.i += 2;
      return this.repeat(atSegmentStart && after === undefined ? () => true : notSlash);
    }
    this.i++;
    return this.repeat(notSlash);
  }

  /** `[abc]`, `[a-z]`, `[!a]`; an unclosed `[` is a literal. */
  private characterClass(): Fragment {
    const p = this.pattern;
    const close = p.indexOf(']', this.i + 1);
    if (close < 0) {
      this.i++;
      return this.single((x) => x === '[');
    }
    let body = p.slice(this.i + 1, close);
    if (body.startsWith('!')) body = '^' + body.slice(1);
    this.i = close + 1;
    let regExp: RegExp | null;
    try {
      // One character is tested at a time, so this RegExp cannot backtrack.
      regExp = new RegExp(`^[${body.replace(/\\/g, '\\\\')}]$`);
    } catch {
      regExp = null;
    }
    return this.single(regExp ? (x) => x !== '/' && regExp.test(x) : () => false);
  }

  private single(test: (c: string) => boolean): Fragment {
    const start = this.nfa.newState();
    const end = this.nfa.newState();
    Object.assign(this.nfa.state(start), { test, next: end });
    return { start, end };
  }

  /** Zero or more characters that pass `test`. */
  private repeat(test: (c: string) => boolean): Fragment {
    const start = this.nfa.newState();
    const end = this.nfa.newState();
    Object.assign(this.nfa.state(start), { test, next: start });
    this.nfa.state(start).epsilon.push(end);
    return { start, end };
  }
}
