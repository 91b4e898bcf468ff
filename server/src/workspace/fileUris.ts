// File URIs as the index keys them. Clients and Node spell the same file differently (VS Code
// escapes more characters than `pathToFileURL`), so every URI is canonicalised once on the way in.
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** The file-system path of a `file:` URI, or null for any other scheme. */
export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function fileUriOf(path: string): string {
  return pathToFileURL(path).href;
}
