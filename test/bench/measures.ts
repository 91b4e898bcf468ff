// What the benchmark times, one measure per fresh Node process (so every figure is a cold start:
// no JIT warm-up or heap left by another measure). Inputs "from memory" are read before the
// clock starts, as in the table; inputs "from disk" include discovery and reading, as the
// CLI loads (loadWorkspaceInParallel: a reader thread walks and reads while the main thread analyses).
import { loadAll } from 'js-yaml';
import { Lexer, Parser, parseAllDocuments } from 'yaml';
import { loadWorkspaceInParallel } from '../../cli/src/loadWorkspace';
import { findYamlFiles, readTextFile } from '../../host/src/fileSystem';
import { analyzeFiles, checkFile, extractFile, withDefaults } from '../../shared/src/index';
import * as seam from '../../shared/src/yaml/parseYamlStream';

export interface MemoryFile {
  readonly path: string;
  readonly text: string;
}

export interface Measure {
  readonly id: string;
  /** What is timed, for the table. */
  readonly what: string;
  /** `memory`: the files are read before timing; `disk`: discovery and reading are timed too. */
  readonly input: 'memory' | 'disk';
  run(files: readonly MemoryFile[], workspace: string): Promise<string | void> | string | void;
}

/** The options the parser seam gives `yaml` (YAML 1.1, merge keys, unique keys). */
const SEAM_YAML_OPTIONS = { prettyErrors: false, version: '1.1', merge: true, uniqueKeys: true, keepSourceTokens: false } as const;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Counted so the work cannot be optimised away, and reported as a sanity figure. */
let sink = 0;

export const MEASURES: readonly Measure[] = [
  {
    id: 'yaml-parseAllDocuments',
    what: 'yaml.parseAllDocuments (YAML 1.1, as the seam calls it)',
    input: 'memory',
    run(files) {
      for (const f of files) sink += parseAllDocuments(f.text, SEAM_YAML_OPTIONS).length;
      return `${sink} documents`;
    },
  },
  {
    id: 'yaml-lexer',
    what: "yaml's Lexer alone",
    input: 'memory',
    run(files) {
      for (const f of files) for (const token of new Lexer().lex(f.text)) sink += token.length;
    },
  },
  {
    id: 'yaml-parser',
    what: "yaml's Parser alone (CST)",
    input: 'memory',
    run(files) {
      for (const f of files) for (const token of new Parser().parse(f.text)) sink += token.type.length;
    },
  },
  {
    id: 'js-yaml',
    what: 'js-yaml loadAll',
    input: 'memory',
    run(files) {
      for (const f of files) sink += loadAll(f.text).length;
    },
  },
  {
    id: 'js-yaml-listener',
    what: 'js-yaml loadAll with node offsets (listener)',
    input: 'memory',
    run(files) {
      const listener = (event: 'open' | 'close', state: { position: number }): void => {
        if (event === 'close') sink += state.position;
      };
      for (const f of files) sink += loadAll(f.text, null, { listener }).length;
    },
  },
  {
    id: 'seam-yaml',
    what: 'parseYamlStream, yaml path (before)',
    input: 'memory',
    run(files) {
      for (const f of files) sink += seam.parseYamlStreamReference(f.text).length;
    },
  },
  {
    id: 'seam-fast',
    what: 'parseYamlStream, fast path (shipped)',
    input: 'memory',
    run(files) {
      for (const f of files) sink += seam.parseYamlStream(f.text).length;
      return `${sink} documents`;
    },
  },
  {
    id: 'extract-yaml',
    what: 'extractFile over every file, yaml path (before)',
    input: 'memory',
    run(files) {
      useYamlPath();
      const options = withDefaults({});
      for (const f of files) sink += extractFile(f.path, f.text, options).services.length;
    },
  },
  {
    id: 'extract-fast',
    what: 'extractFile over every file, fast path (shipped)',
    input: 'memory',
    run(files) {
      const options = withDefaults({});
      for (const f of files) sink += extractFile(f.path, f.text, options).services.length;
    },
  },
  {
    id: 'analyze-fast',
    what: 'analyzeFiles: extract + catalog (from memory)',
    input: 'memory',
    run(files) {
      sink += analyzeFiles(files).services().length;
    },
  },
  {
    id: 'index-cli',
    what: "cold index, the CLI's loadWorkspace (discovery + reads + extract + catalog)",
    input: 'disk',
    async run(_files, workspace) {
      const loaded = await loadWorkspaceInParallel([workspace], {}, MAX_FILE_BYTES);
      sink += loaded.catalog.files.size;
      return `${loaded.catalog.files.size} files, ${loaded.catalog.services().length} Services`;
    },
  },
  {
    id: 'index-check',
    what: 'cold index (loadWorkspace) + checkFile on every file (the CLI check work, in process)',
    input: 'disk',
    async run(_files, workspace) {
      const { catalog } = await loadWorkspaceInParallel([workspace], {}, MAX_FILE_BYTES);
      let problems = 0;
      for (const path of catalog.files.keys()) problems += checkFile(catalog, path).length;
      sink += problems;
      return `${problems} problems`;
    },
  },
];

/**
 * Makes the engine's extractFile use the yaml path, for the "before" figures: the compiled
 * CommonJS module reads `parseYamlStream` from the seam's exports at each call.
 */
function useYamlPath(): void {
  Object.defineProperty(seam, 'parseYamlStream', { value: seam.parseYamlStreamReference, configurable: true, writable: true });
}

/** Reads the workspace into memory (before the clock starts, for `memory` measures). */
export function readWorkspace(workspace: string): MemoryFile[] {
  return findYamlFiles([workspace]).files.map((path) => {
    const read = readTextFile(path, MAX_FILE_BYTES);
    return { path, text: 'text' in read ? read.text : '' };
  });
}

export function sinkValue(): number {
  return sink;
}
