// A throwaway workspace folder for protocol tests: files written from strings, changed and removed
// on disk as a user (or git) would, and deleted afterwards.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export class TempWorkspace {
  readonly root: string;

  /** `files` maps relative paths (with `/`) to contents. */
  constructor(files: Record<string, string> = {}) {
    this.root = mkdtempSync(path.join(tmpdir(), 'ksd-lsp-'));
    for (const [relative, text] of Object.entries(files)) this.write(relative, text);
  }

  path(relative: string): string {
    return path.join(this.root, ...relative.split('/'));
  }

  uri(relative: string): string {
    return pathToFileURL(this.path(relative)).href;
  }

  write(relative: string, text: string): string {
    const file = this.path(relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return this.uri(relative);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  remove(relative: string): string {
    rmSync(this.path(relative), { recursive: true, force: true });
    return this.uri(relative);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
