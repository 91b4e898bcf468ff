// Reading the workspace from disk, for the server's index and for the CLI. Finding the files is
// `discovery.ts` (only under the given roots, links followed only inside them, never in a loop,
// `node_modules` and VCS folders left out); here binary and oversized files are skipped.
// Nothing here writes, executes or reaches the network.
// The calls are synchronous on purpose: awaiting one libuv round trip per file cost ~2.7 s of
// waiting on an 8,000-file workspace against ~0.13 s synchronously (test/bench). The server keeps
// answering during a long scan through `serverHost.ts`, which yields between calls.
import * as fs from 'node:fs';

export { ALWAYS_EXCLUDED_DIRS, describeFsError, findYamlFiles, YAML_EXTENSIONS, type Discovery, type DiscoveryError, type DiscoveryOptions } from './discovery';

export type ReadResult = { readonly text: string } | { readonly skipped: string };

const decoder = new TextDecoder('utf-8');

/** Opened without blocking, so a FIFO put where a file was (after discovery) cannot hang the read. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * UTF-8 text (BOM dropped, as editors do); binary, oversized and non-regular files are skipped.
 * At most `maxBytes + 1` bytes are read whatever `fstat` says (files in /proc report size 0).
 * Throws on I/O errors.
 */
export function readTextFile(path: string, maxBytes: number): ReadResult {
  const fd = fs.openSync(path, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { skipped: 'it is not a regular file (a pipe, socket or device)' };
    if (stat.size > maxBytes) return { skipped: tooLarge(stat.size, maxBytes) };
    // Whole pages: some kernel files (/proc/self/pagemap) refuse reads of odd lengths.
    const read = readAtMost(fd, Math.ceil((maxBytes + 1) / 4096) * 4096, stat.size + 1);
    // The size was wrong (a file in /proc, or one growing): only the limit is known to be passed.
    if (read.length > maxBytes) return { skipped: tooLarge(null, maxBytes) };
    return decodeText(read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Text from bytes already read (a file, or a stream the CLI was given): binary data is skipped. */
export function decodeText(buffer: Uint8Array): ReadResult {
  if (buffer.subarray(0, 8192).includes(0)) return { skipped: 'it contains NUL bytes (binary data, not YAML)' };
  return { text: decoder.decode(buffer) };
}

/** Why a file is skipped by size; `size` null when only "more than the limit" is known. */
export function tooLarge(size: number | null, maxBytes: number): string {
  return size === null ? `it is larger than the ${formatBytes(maxBytes)} limit` : `it is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit`;
}

/**
 * One buffer for every read, reused (decoding copies the bytes into a string): a fresh 64 KB buffer
 * per file was 0.5 GB of external memory on an 8,000-file workspace, and the scavenges that
 * external memory pressure forced cost more than the reads. It grows to the largest file read,
 * up to SCRATCH_KEPT_BYTES; a larger file gets a buffer of its own.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
const SCRATCH_KEPT_BYTES = 4 * 1024 * 1024;

/**
 * Reads up to `limit` bytes from the start of `fd`, growing from `expected` (the size fstat gave).
 * The bytes are valid only until the next read.
 */
function readAtMost(fd: number, limit: number, expected: number): Buffer {
  let buffer = scratch.length >= Math.min(limit, expected) ? scratch : Buffer.allocUnsafeSlow(Math.min(limit, Math.ceil(expected / 4096) * 4096));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const grown = Buffer.allocUnsafeSlow(Math.min(limit, length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = fs.readSync(fd, buffer, length, Math.min(buffer.length, limit) - length, length);
    if (n === 0) break;
    length += n;
  }
  if (buffer !== scratch && buffer.length <= SCRATCH_KEPT_BYTES && buffer.length > scratch.length) scratch = buffer;
  return buffer.subarray(0, length);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
