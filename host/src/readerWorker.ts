// The CLI's second thread: it walks the folders and reads the files (the same discovery and the
// same bounded reads as the serial path, `gatherFiles`), and posts the texts in batches while the
// main thread analyses those already read. Only texts cross threads: an analysed file's model is
// 3× its text in structured-clone bytes and took longer to clone back than to compute (measured
// on the 10k bench corpus), so analysis stays on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { gatherFiles, type GatherRequest, type GatheredRead } from './gather';

/** What the reader posts: texts as they are read, then the walk's result. */
export type ReaderMessage =
  | { readonly kind: 'reads'; readonly reads: readonly (readonly [string, GatheredRead])[] }
  | { readonly kind: 'done'; readonly discovery: { readonly files: string[]; readonly errors: { path: string; message: string; code?: string }[] } }
  | { readonly kind: 'failed'; readonly message: string };

/** Bytes of text per message: large enough that posting costs little, small enough that the main thread starts early. */
const BATCH_CHARS = 256 * 1024;

if (parentPort) {
  const port = parentPort;
  try {
    let batch: [string, GatheredRead][] = [];
    let chars = 0;
    const gathered = gatherFiles(workerData as GatherRequest, (path, read) => {
      batch.push([path, read]);
      chars += 'text' in read ? read.text.length : 0;
      if (chars >= BATCH_CHARS) {
        port.postMessage({ kind: 'reads', reads: batch } satisfies ReaderMessage);
        batch = [];
        chars = 0;
      }
    });
    if (batch.length > 0) port.postMessage({ kind: 'reads', reads: batch } satisfies ReaderMessage);
    port.postMessage({ kind: 'done', discovery: { files: gathered.files, errors: gathered.errors } } satisfies ReaderMessage);
  } catch (error) {
    port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ReaderMessage);
  }
}
