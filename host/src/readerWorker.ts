// The second thread of the CLI and the server: it reads the files (the same bounded reads as the
// serial path) and posts the texts in batches while the main thread analyses those already read.
// For the CLI it also walks the folders (`gatherFiles`); the server walks on its own thread (its
// exclusions are settings it keeps) and hands over the list to read ahead (`readAhead`). Only texts cross threads: an analysed file's model is
// 3× its text in structured-clone bytes and took longer to clone back than to compute (measured
// on the 10k bench corpus), so analysis stays on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { gatherFiles, readGathered, type GatherRequest, type GatheredRead } from './gather';

/** Files to read in this order (the server's scan), with the size limit. */
export interface ReadAheadRequest {
  readonly paths: readonly string[];
  readonly maxFileBytes: number;
}

/** What the reader posts: texts as they are read, then the walk's result. */
export type ReaderMessage =
  | { readonly kind: 'reads'; readonly reads: readonly (readonly [string, GatheredRead])[] }
  | { readonly kind: 'done'; readonly discovery: { readonly files: string[]; readonly errors: { path: string; message: string; code?: string }[] } | null }
  | { readonly kind: 'failed'; readonly message: string };

/** Bytes of text per message: large enough that posting costs little, small enough that the main thread starts early. */
const BATCH_CHARS = 256 * 1024;

if (parentPort) {
  const port = parentPort;
  try {
    let batch: [string, GatheredRead][] = [];
    let chars = 0;
    const post = (path: string, read: GatheredRead): void => {
      batch.push([path, read]);
      chars += 'text' in read ? read.text.length : 0;
      if (chars >= BATCH_CHARS) {
        port.postMessage({ kind: 'reads', reads: batch } satisfies ReaderMessage);
        batch = [];
        chars = 0;
      }
    };
    const request = workerData as GatherRequest | ReadAheadRequest;
    let discovery: { files: string[]; errors: { path: string; message: string; code?: string }[] } | null = null;
    if ('paths' in request) for (const path of request.paths) post(path, readGathered(path, request.maxFileBytes));
    else {
      const gathered = gatherFiles(request, post);
      discovery = { files: gathered.files, errors: gathered.errors };
    }
    if (batch.length > 0) port.postMessage({ kind: 'reads', reads: batch } satisfies ReaderMessage);
    port.postMessage({ kind: 'done', discovery } satisfies ReaderMessage);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ReaderMessage);
  }
}
