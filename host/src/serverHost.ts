// What the server needs from its surroundings: the workspace's files and timers. `main.ts` hands
// the Node implementation to `startServer`; an in-process test could hand it another one.
import { resolveRealPath, YamlWalk, type Discovery, type DiscoveryOptions } from './discovery';
import type { Worker } from 'node:worker_threads';
import { readTextFile, type ReadResult } from './fileSystem';
import { startReaderThread, type GatheredRead } from './gather';

export interface Disposable {
  dispose(): void;
}

export interface ServerHost {
  findYamlFiles(roots: readonly string[], options: DiscoveryOptions): Promise<Discovery>;
  readTextFile(path: string, maxBytes: number): Promise<ReadResult>;
  /** The real path (links resolved); for a missing path, its nearest existing folder's, with `exists: false`. Reads nothing. */
  realPath(path: string): { readonly real: string; readonly exists: boolean };
  setTimeout(callback: () => void, ms: number): Disposable;
  /**
   * The files about to be read, in that order (the cold index): the host may read them ahead on
   * another thread, and `readTextFile` then answers from what it read (the same bounded read, an
   * I/O error thrown with the same message). An empty list drops what was not asked for.
   */
  readAhead?(paths: readonly string[], maxBytes: number): void;
}

/** Fewer files are read on this thread: starting a thread costs more than it saves. */
export const READ_AHEAD_MIN_FILES = 256;

/** What a reader thread read ahead, and who waits for which file. */
class ReadAhead {
  private readonly reads = new Map<string, GatheredRead>();
  private readonly waiting = new Map<string, () => void>();
  /** Files asked for and not yet answered from here. */
  private readonly pending: Set<string>;
  private over = false;
  private readonly worker: Worker;

  constructor(
    paths: readonly string[],
    readonly maxBytes: number,
  ) {
    this.pending = new Set(paths);
    this.worker = startReaderThread(
      { paths, maxFileBytes: maxBytes },
      (message) => {
        if (message.kind === 'reads')
          for (const [path, read] of message.reads) {
            this.reads.set(path, read);
            this.wake(path);
          }
        else if (message.kind === 'done') this.end();
      },
      () => this.end(),
    );
  }

  /** The read for `path` if it was asked ahead (waiting for the thread when it has not got there); undefined otherwise. */
  async take(path: string, maxBytes: number): Promise<GatheredRead | undefined> {
    if (maxBytes !== this.maxBytes || !this.pending.has(path)) return undefined;
    this.pending.delete(path);
    if (!this.reads.has(path) && !this.over) await new Promise<void>((resolve) => this.waiting.set(path, resolve));
    const read = this.reads.get(path);
    this.reads.delete(path);
    return read;
  }

  dispose(): void {
    this.end();
    void this.worker.terminate();
    this.reads.clear();
    this.pending.clear();
  }

  private wake(path: string): void {
    const resolve = this.waiting.get(path);
    if (!resolve) return;
    this.waiting.delete(path);
    resolve();
  }

  /** The thread finished or failed: whoever still waits reads on this thread. */
  private end(): void {
    this.over = true;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
  }
}

/**
 * The Node host. File calls are synchronous (fast) but yield to the event loop once `sliceMs` has
 * passed, so LSP messages (a hover on the open file, a cancellation) are received while the
 * initial scan reads thousands of files; the walk that finds them yields the same way, between
 * any two entries (a workspace folder of `/` no longer holds up every answer).
 */
export function createNodeHost(sliceMs = 8): ServerHost {
  let sliceStart = performance.now();
  let ahead: ReadAhead | null = null;
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
      const read = await ahead?.take(path, maxBytes);
      if (read === undefined) return readTextFile(path, maxBytes);
      if ('error' in read) throw new Error(read.error);
      return read;
    },
    readAhead(paths, maxBytes) {
      ahead?.dispose();
      ahead = paths.length >= READ_AHEAD_MIN_FILES ? new ReadAhead(paths, maxBytes) : null;
    },
    realPath: resolveRealPath,
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  };
}
