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

export const nodeHost: ServerHost = {
  findYamlFiles,
  readTextFile,
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};
