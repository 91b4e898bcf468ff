// Reads the -f paths into a catalog. An explicit path that cannot be read (missing, a device, a
// named pipe) is a usage error (exit 2); a dangling link, a link loop or a path too long inside
// a folder is a note on stderr, and the rest is still checked. Files skipped by a limit are kept
// as one `file-skipped` note each. `-` reads standard input, and /dev/fd/N (a shell's `<(…)`)
// reads that stream, both bounded by the size limit. The repository config file nearest above
// the first -f path on disk applies (command-line flags override it); its own problems and
// external Services are part of the catalog. Kustomizations among the files (and `-k` folders) are
// checked as built; the files an overlay reads are checked through it, not as plain files.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Readable } from 'node:stream';
import {
  Catalog,
  configFileModel,
  extractWorkspaceFile,
  skippedFile,
  withDefaults,
  type EngineOptions,
  type FileModel,
  type RepositoryConfig,
  type SeverityOverrides,
} from '../../shared/src/index';
import { findConfigFile, readConfigFile } from '../../host/src/configFile';
import { gatherFiles, gatherOnReaderThread, type Gathered, type GatherRequest } from '../../host/src/gather';
import { decodeText, describeFsError, tooLarge, type ReadResult } from '../../host/src/fileSystem';
import { loadKustomizations, type KustomizeWorkspace } from './kustomizeWorkspace';

export interface LoadedWorkspace {
  readonly catalog: Catalog;
  /** Paths as the user will read them (relative to the working directory). */
  readonly displayPath: (path: string) => string;
  /** A message with the paths in it (a chart's folder, the file that answered) as `displayPath` shows them. */
  readonly displayText: (text: string) => string;
  /** Explicit paths that cannot be read: the command fails. */
  readonly errors: { readonly path: string; readonly message: string }[];
  /** Things inside the given folders that were left out: said, not fatal. */
  readonly notes: { readonly path: string; readonly message: string }[];
  /** The config file's severities with the command line's on top. */
  readonly severities: SeverityOverrides;
  /** Overlays checked as built (`-k`, and kustomizations inside `-f` folders); null when none. */
  readonly kustomize: KustomizeWorkspace | null;
}

/** The path a model gets for standard input. */
export const STDIN_PATH = '<stdin>';

/** `-`, or a descriptor path a shell's process substitution gives: read as a stream. */
function streamOf(path: string): { readonly path: string; readonly open: () => Readable } | null {
  if (path === '-') return { path: STDIN_PATH, open: () => process.stdin };
  if (/^\/(?:dev|proc\/self)\/fd\/\d+$/.test(path)) return { path, open: () => fs.createReadStream(path) };
  return null;
}

/** Why an explicit path that exists cannot be checked (a device or named pipe), or null. */
function notFileOrFolder(path: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return null; // discovery reports it
  }
  if (stat.isFile() || stat.isDirectory()) return null;
  const what = stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
  return `is ${what}, not a file or folder (to read a stream, use -f - or -f <(command))`;
}

/** What the stream arguments (`-`, /dev/fd/N) held, read before the synchronous load. */
export type StreamReads = ReadonlyMap<string, ReadResult | { readonly error: string }>;

export async function readStreamArguments(paths: readonly string[], maxFileBytes: number): Promise<StreamReads> {
  const reads = new Map<string, ReadResult | { readonly error: string }>();
  for (const path of paths) {
    const stream = streamOf(path);
    if (!stream || reads.has(path)) continue;
    try {
      reads.set(path, await readStream(stream.open(), maxFileBytes));
    } catch (error) {
      reads.set(path, { error: describeFsError(error) });
    }
  }
  return reads;
}

export function loadWorkspace(
  paths: readonly string[],
  flags: Partial<EngineOptions>,
  maxFileBytes: number,
  flagSeverities: SeverityOverrides = {},
  kustomizeDirs: readonly string[] = [],
  streams: StreamReads = new Map(),
): LoadedWorkspace {
  const setup = prepareLoad(paths, flags, maxFileBytes, kustomizeDirs, streams);
  return finishLoad(setup, gatherFiles(setup.request), new Map(), flagSeverities, kustomizeDirs, maxFileBytes);
}

/**
 * `loadWorkspace` on two threads, with the same result (test/cli/parallelLoad.test.ts): when a -f
 * path is a folder, a reader thread walks it and reads the files while this thread analyses those
 * already read. Should the reader fail, the files are gathered again on this thread.
 */
export async function loadWorkspaceInParallel(...args: Parameters<typeof loadWorkspace>): Promise<LoadedWorkspace> {
  const [paths, flags, maxFileBytes, flagSeverities = {}, kustomizeDirs = [], streams = new Map()] = args;
  const setup = prepareLoad(paths, flags, maxFileBytes, kustomizeDirs, streams);
  // A few named files are read faster than a thread starts.
  if (!setup.request.roots.some(isFolder)) return finishLoad(setup, gatherFiles(setup.request), new Map(), flagSeverities, kustomizeDirs, maxFileBytes);
  const models = new Map<string, FileModel>();
  let gathered: Gathered;
  try {
    gathered = await gatherOnReaderThread(setup.request, (path, read) => {
      if ('text' in read) models.set(path, extractWorkspaceFile(path, read.text, setup.resolved));
    });
  } catch {
    models.clear();
    gathered = gatherFiles(setup.request);
  }
  return finishLoad(setup, gathered, models, flagSeverities, kustomizeDirs, maxFileBytes);
}

function isFolder(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** What is known before the files on disk are gathered: the config file, the options, the streams. */
interface LoadSetup {
  readonly request: GatherRequest;
  readonly config: { readonly config: RepositoryConfig; readonly text: string } | null;
  readonly resolved: EngineOptions;
  readonly texts: Map<string, string>;
  readonly skipped: FileModel[];
  readonly errors: { path: string; message: string }[];
  readonly notes: { path: string; message: string }[];
}

function prepareLoad(paths: readonly string[], flags: Partial<EngineOptions>, maxFileBytes: number, kustomizeDirs: readonly string[], streams: StreamReads): LoadSetup {
  const errors: { path: string; message: string }[] = [];
  const notes: { path: string; message: string }[] = [];
  const onDisk = paths.filter((p) => !streamOf(p));
  const firstPath = onDisk[0] ?? kustomizeDirs[0];
  const configPath = firstPath !== undefined ? findConfigFile(firstPath) : null;
  let config: { config: RepositoryConfig; text: string } | null = null;
  if (configPath) {
    const read = readConfigFile(configPath);
    if ('error' in read) errors.push({ path: configPath, message: read.error });
    else config = read;
  }
  const resolved = withDefaults({ ...config?.config.options, ...flags });
  const texts = new Map<string, string>();
  const skipped: FileModel[] = [];
  for (const path of paths) {
    const stream = streamOf(path);
    if (!stream) continue;
    const read = streams.get(path) ?? { error: 'a stream argument that was not read' };
    if ('error' in read) errors.push({ path, message: read.error });
    else if ('text' in read) texts.set(stream.path, read.text);
    else skipped.push(skippedFile(stream.path, '', read.skipped));
  }
  const files: string[] = [];
  for (const path of onDisk) {
    const odd = notFileOrFolder(path);
    if (odd) errors.push({ path, message: odd });
    else files.push(path);
  }
  const ignore = config?.config.ignore.length ? { folder: nodePath.dirname(configPath!), globs: config.config.ignore } : null;
  return { request: { roots: files, skipPath: configPath, ignore, maxFileBytes }, config, resolved, texts, skipped, errors, notes };
}

/** The catalog from what was gathered; `analysed` holds models already made from the same texts. */
function finishLoad(
  setup: LoadSetup,
  gathered: Gathered,
  analysed: ReadonlyMap<string, FileModel>,
  flagSeverities: SeverityOverrides,
  kustomizeDirs: readonly string[],
  maxFileBytes: number,
): LoadedWorkspace {
  const { config, resolved, texts, skipped, errors, notes } = setup;
  const roots = new Set(setup.request.roots.map((p) => nodePath.resolve(p)));
  for (const e of gathered.errors) {
    // Inside a folder, a dangling link, a link loop or a path too long is left out with a note; a
    // file or folder that cannot be read (permissions) still fails the command: it may hide problems.
    const leftOut = !roots.has(e.path) && (e.code === 'ENOENT' || e.code === 'ELOOP' || e.code === 'ENAMETOOLONG');
    if (leftOut) notes.push({ path: e.path, message: describeLeftOut(e.code) });
    else errors.push({ path: e.path, message: e.message });
  }
  for (const path of gathered.files) {
    const read = gathered.reads.get(path);
    if (!read) continue; // the config file, or ignored by it
    if ('error' in read) errors.push({ path, message: read.error });
    else if ('text' in read) texts.set(path, read.text);
    else skipped.push(skippedFile(path, '', read.skipped));
  }
  if (config) skipped.push(configFileModel(config.config, config.text));
  const cwd = process.cwd();
  const displayPath = (path: string): string => {
    if (path === STDIN_PATH || !nodePath.isAbsolute(path)) return path;
    const relative = nodePath.relative(cwd, path);
    // `..x.yaml` is inside the working directory; only a `..` segment leaves it.
    if (relative === '') return '.'; // the working directory itself (a -k overlay run from inside it)
    return relative === '..' || relative.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(relative) ? path : relative;
  };
  const displayText = pathsInTextRelativeTo(cwd);
  // Files a buildable kustomize overlay reads are checked through that overlay, not as plain files.
  const discovered = [...texts];
  const plain = (consumed: ReadonlySet<string>): FileModel[] => [
    ...discovered.filter(([path]) => !consumed.has(path)).map(([path, text]) => analysed.get(path) ?? extractWorkspaceFile(path, text, resolved)),
    ...skipped,
  ];
  const hasKustomizations = kustomizeDirs.length > 0 || discovered.some(([path]) => /(?:^|[/\\])(?:kustomization\.ya?ml|Kustomization)$/.test(path));
  let models: FileModel[] | null = null;
  const kustomize = hasKustomizations
    ? loadKustomizations(texts, kustomizeDirs, setup.request.roots, resolved, maxFileBytes, (consumed) => (models = plain(consumed)), displayPath)
    : null;
  return {
    catalog: new Catalog(models ?? plain(new Set()), resolved),
    displayPath,
    displayText,
    errors,
    notes,
    severities: { ...config?.config.severities, ...flagSeverities },
    kustomize,
  };
}

function describeLeftOut(code: string | undefined): string {
  if (code === 'ENOENT') return 'left out: a symbolic link to nothing (or removed while reading)';
  if (code === 'ELOOP') return 'left out: a loop of symbolic links';
  return 'left out: the path is longer than the system allows (folders nested too deep)';
}

/** Reads a whole stream, keeping at most `maxBytes + 1` bytes: past that it is skipped by size. */
export async function readStream(stream: Readable, maxBytes: number): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (length + bytes.length > maxBytes) {
      stream.destroy();
      return { skipped: tooLarge(null, maxBytes) };
    }
    chunks.push(bytes);
    length += bytes.length;
  }
  const result = decodeText(Buffer.concat(chunks, length));
  return result;
}

/**
 * Rewrites absolute paths inside the working directory, where a message names them (they start
 * after a space, a quote or a bracket), relative to it as `displayPath` does: `cwd/x` → `x`, `cwd` → `.`.
 */
export function pathsInTextRelativeTo(cwd: string): (text: string) => string {
  const root = cwd.replace(/[/\\]+$/, '');
  if (root === '') return (text) => text; // the file-system root: every path stays absolute
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s'"(\\[])${escaped}(?:[/\\\\]|(?=[\\s'"),;:\\]]|\\.?$|\\. ))`, 'g');
  return (text) => (text.includes(root) ? text.replace(pattern, (match, before: string) => (/[/\\]$/.test(match) ? before : `${before}.`)) : text);
}
