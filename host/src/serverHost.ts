// What the server needs from its surroundings: the workspace's files and timers. `main.ts` hands
// the Node implementation to `startServer`; an in-process test could hand it another one.
import { resolveRealPath, YamlWalk, type Discovery, type DiscoveryOptions } from './discovery';
import { readTextFile, type ReadResult } from './fileSystem';

export interface Disposable {
  dispose(): void;
}

export interface ServerHost {
  findYamlFiles(roots: readonly string[], options: DiscoveryOptions): Promise<Discovery>;
  readTextFile(path: string, maxBytes: number): Promise<ReadResult>;
  /** The real path (links resolved); for a missing path, its nearest existing folder's, with `exists: false`. Reads nothing. */
  realPath(path: string): { readonly real: string; readonly exists: boolean };
  setTimeout(callback: () => void, ms: number): Disposable;
}

/**
 * The Node host. File calls are synchronous (fast) but yield to the event loop once `sliceMs` has
 * passed, so LSP messages (a hover on the open file, a cancellation) are received while the
 * initial scan reads thousands of files; the walk that finds them yields the same way, between
 * any two entries (a workspace folder of `/` no longer holds up every answer).
 */
export function createNodeHost(sliceMs = 8): ServerHost {
  let sliceStart = performance.now();
  const due = (): boolean => performance.now() - sliceStart >= sliceMs;
  const yieldIfDue = async (): Promise<void> => {
    if (!due()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  return {
    async findYamlFiles(roots, options) {
      const walk = new YamlWalk(roots, options);
      do {
        await yieldIfDue();
        walk.run(due);
      } while (!walk.done);
      return walk.result();
    },
    async readTextFile(path, maxBytes) {
      await yieldIfDue();
      return readTextFile(path, maxBytes);
    },
    realPath: resolveRealPath,
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  };
}
