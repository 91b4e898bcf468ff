// File URIs as the index keys them. Clients and Node spell the same file differently (VS Code
// escapes more characters than `pathToFileURL`), so every URI is canonicalised once on the way in.
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isNormalPosixPath } from '../../../host/src/discovery';

/** Recent answers of `canonicalUri`: every keystroke and request names its document's URI again. */
const canonicalCache = new Map<string, string>();
const CANONICAL_CACHE_SIZE = 256;

/** The index key for a URI: the `pathToFileURL` spelling for `file:` URIs, else the URI itself. */
export function canonicalUri(uri: string): string {
  let key = canonicalCache.get(uri);
  if (key === undefined) {
    const path = filePathOf(uri);
    key = path === null ? uri : pathToFileURL(path).href;
    if (canonicalCache.size >= CANONICAL_CACHE_SIZE) canonicalCache.clear();
    canonicalCache.set(uri, key);
  }
  return key;
}

/**
 * A POSIX path that `pathToFileURL` and `fileURLToPath` spell unchanged after `file://`: absolute,
 * only characters no URL component escapes, no empty, `.` or `..` segment, no trailing `/`. The
 * cold index keys 8,000 files twice and reads their paths back once more; the URL parser was a
 * tenth of the server's own time there. Anything else takes Node's functions (fileUris.test.ts
 * compares both ways on generated paths).
 */
const PLAIN_POSIX_PATH = nodePath.sep === '/' ? /^(?:\/[A-Za-z0-9._+,=@-]+)+$/ : null;

/** True when `path` is spelt as is in its `file:` URI (see PLAIN_POSIX_PATH). */
function isPlainPath(path: string): boolean {
  // Segments `.` and `..` are normalised by URLs: the pattern checks the characters, isNormalPosixPath the segments.
  return PLAIN_POSIX_PATH !== null && PLAIN_POSIX_PATH.test(path) && isNormalPosixPath(path);
}

/** The file-system path of a `file:` URI, or null for any other scheme. */
export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  if (uri.startsWith('file:///') && isPlainPath(uri.slice(7))) return uri.slice(7);
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function fileUriOf(path: string): string {
  return isPlainPath(path) ? `file://${path}` : pathToFileURL(path).href;
}
