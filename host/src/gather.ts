// The CLI's files from disk: the YAML files under the -f paths (discovery.ts) and their texts
// (fileSystem.ts, bounded), each read as soon as the walk finds it. The same function runs on the
// main thread or on the reader thread (readerWorker.ts); both give the same result.
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExcludeMatcher, type FolderGlobs } from './excludeMatcher';
import { describeFsError, findYamlFiles, readTextFile, type Discovery, type ReadResult } from './fileSystem';
import type { ReadAheadRequest, ReaderMessage } from './readerWorker';

export interface GatherRequest {
  /** The -f paths on disk (files or folders). */
  readonly roots: readonly string[];
  /** A file not to read (the repository config file, read on its own). */
  readonly skipPath: string | null;
  /** The config file's `ignore` globs, under its folder. */
  readonly ignore: FolderGlobs | null;
  readonly maxFileBytes: number;
}

/** A file's text, why it was skipped (size, binary, not a regular file), or why it could not be read. */
export type GatheredRead = ReadResult | { readonly error: string };

export interface Gathered extends Discovery {
  /** Every file found (sorted, in `files`) that was read or tried, but for `skipPath` and ignored ones. */
  readonly reads: ReadonlyMap<string, GatheredRead>;
}

export function gatherFiles(request: GatherRequest, onRead?: (path: string, read: GatheredRead) => void): Gathered {
  const ignored = request.ignore ? new ExcludeMatcher([request.ignore]) : null;
  const reads = new Map<string, GatheredRead>();
  const discovery = findYamlFiles(request.roots, {
    acceptAnyExtensionForFiles: true,
    onFile: (path) => {
      if (path === request.skipPath || ignored?.isExcluded(path)) return;
      const read = readGathered(path, request.maxFileBytes);
      reads.set(path, read);
      onRead?.(path, read);
    },
  });
  return { ...discovery, reads };
}

/** `readTextFile`, with an I/O error as its message (what crosses threads). */
export function readGathered(path: string, maxFileBytes: number): GatheredRead {
  try {
    return readTextFile(path, maxFileBytes);
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

/** The reader thread's code: the CLI and server bundles embed it (scripts/bundle.mjs); compiled to files, it sits beside this one. */
declare const KSD_READER_SOURCE: string | undefined;

/** A reader thread on `request`; its messages go to `onMessage`, its failure or early exit to `onFailure` (once). */
export function startReaderThread(request: GatherRequest | ReadAheadRequest, onMessage: (message: ReaderMessage) => void, onFailure: (error: Error) => void): Worker {
  const embedded = typeof KSD_READER_SOURCE === 'string';
  // Its output is captured, never mixed into ours (the server's stdout carries the protocol).
  const worker = new Worker(embedded ? KSD_READER_SOURCE : nodePath.join(__dirname, 'readerWorker.js'), { eval: embedded, workerData: request, stdout: true, stderr: true });
  let done = false;
  const fail = (error: Error): void => {
    if (done) return;
    done = true;
    void worker.terminate();
    onFailure(error);
  };
  worker.on('message', (message: ReaderMessage) => {
    if (done) return;
    if (message.kind === 'failed') return fail(new Error(`the reader thread failed: ${message.message}`));
    if (message.kind === 'done') done = true;
    try {
      onMessage(message);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the reader thread exited (${code}) before it finished`)));
  return worker;
}

/**
 * `gatherFiles` on a reader thread (readerWorker.ts): `onRead` is called on this thread for each
 * batch of files as they arrive, so the caller analyses them while the thread reads on. Rejects if
 * the thread fails or exits early; the caller then gathers on its own thread.
 */
export function gatherOnReaderThread(request: GatherRequest, onRead: (path: string, read: GatheredRead) => void): Promise<Gathered> {
  const reads = new Map<string, GatheredRead>();
  return new Promise<Gathered>((resolve, reject) => {
    startReaderThread(
      request,
      (message) => {
        if (message.kind === 'reads') {
          for (const [path, read] of message.reads) {
            reads.set(path, read);
            onRead(path, read);
          }
        } else if (message.kind === 'done' && message.discovery) resolve({ files: message.discovery.files, errors: message.discovery.errors, reads });
      },
      reject,
    );
  });
}
