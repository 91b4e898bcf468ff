// A ServerHost whose disk reads are synchronous (see `fileSystemSync.ts`: ~20x less waiting on a
// large workspace than one awaited libuv round trip per call) but that still lets the event loop
// run every few milliseconds, so LSP messages (a hover on the open file, a cancellation) are
// received while the initial scan reads thousands of files.
import { findYamlFilesSync, readTextFileSync } from './fileSystemSync';
import type { ServerHost } from './serverHost';

/** Wraps `base` (timers stay its own); `sliceMs` bounds how long reads run between two yields. */
export function createYieldingHost(base: ServerHost, sliceMs = 8): ServerHost {
  let sliceStart = performance.now();
  const yieldIfDue = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  return {
    setTimeout: (callback, ms) => base.setTimeout(callback, ms),
    async findYamlFiles(roots, options) {
      await yieldIfDue();
      return findYamlFilesSync(roots, options);
    },
    async readTextFile(path, maxBytes) {
      await yieldIfDue();
      return readTextFileSync(path, maxBytes);
    },
  };
}
