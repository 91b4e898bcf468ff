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

/** UTF-8 text (BOM dropped, as editors do); binary and oversized files are skipped. Throws on I/O errors. */
export function readTextFile(path: string, maxBytes: number): ReadResult {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) return { skipped: `it is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit` };
    const buffer = fs.readFileSync(fd);
    if (buffer.subarray(0, 8192).includes(0)) return { skipped: 'it contains NUL bytes (binary data, not YAML)' };
    return { text: decoder.decode(buffer) };
  } finally {
    fs.closeSync(fd);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
