// One version of one file as the index saw it: immutable, so a span from its model is converted
// only against the very text it was computed from.
import { LineIndex, type FileModel } from '../../../shared/src/index';

export class FileSnapshot {
  private lineIndex: LineIndex | null = null;

  constructor(
    /** The URI to send back to the client (its own spelling for open documents). */
    readonly uri: string,
    /** The document version for open documents; null for files read from disk. */
    readonly version: number | null,
    /** The engine's model; its `path` is the index key (the canonical URI). */
    readonly model: FileModel,
  ) {}

  get key(): string {
    return this.model.path;
  }

  get text(): string {
    return this.model.text;
  }

  /** Built on first use: most disk files never need a position. */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.model.text);
    return this.lineIndex;
  }
}
