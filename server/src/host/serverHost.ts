// What the server needs from its surroundings: the workspace's files and timers. `main.ts` hands
// the Node implementation to `startServer`; an in-process test could hand it another one.
import { findYamlFiles, readTextFile, type Discovery, type DiscoveryOptions, type ReadResult } from './fileSystem';

export interface Disposable {
  dispose(): void;
}

export interface ServerHost {
  findYamlFiles(roots: readonly string[], options: DiscoveryOptions): Promise<Discovery>;
  readTextFile(path: string, maxBytes: number): Promise<ReadResult>;
  setTimeout(callback: () => void, ms: number): Disposable;
}

/**
 * The Node host. File calls are synchronous (fast) but yield to the event loop once `sliceMs` has
 * passed, so LSP messages (a hover on the open file, a cancellation) are received while the
 * initial scan reads thousands of files.
 */
export function createNodeHost(sliceMs = 8): ServerHost {
  let sliceStart = performance.now();
  const yieldIfDue = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  return {
    async findYamlFiles(roots, options) {
      await yieldIfDue();
      return findYamlFiles(roots, options);
    },
    async readTextFile(path, maxBytes) {
      await yieldIfDue();
      return readTextFile(path, maxBytes);
    },
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  };
}
