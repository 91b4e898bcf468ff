// The problems fixture: a workspace of files, where each file holds «…»{code} around each problem
// it must report, so a failure shows the whole annotated file.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, type Catalog, type Problem } from '../../shared/src/index';
import { parseMarkers, renderSpans } from './markedText';

/** The text of a marked fixture without its markers (`{{` template braces are left alone). */
export function unmarked(marked: string): string {
  return parseMarkers(marked.replace(/»\{[a-z-]+\}/g, '»')).text;
}

/** Checks every file of the workspace and compares its problems with the markers; returns the catalog. */
export function checkMarked(files: Record<string, string>, options: Parameters<typeof analyzeFiles>[1] = {}): Catalog {
  const plain: Record<string, string> = {};
  for (const [path, marked] of Object.entries(files)) plain[path] = unmarked(marked);
  const catalog = analyzeFiles(Object.entries(plain).map(([path, text]) => ({ path, text })), options);
  for (const [path, marked] of Object.entries(files)) {
    const problems = checkFile(catalog, path);
    const rendered = renderSpans(plain[path]!, problems.map((p) => ({ span: p.span, label: p.code })));
    assert.equal(rendered, marked, messages(problems));
    for (const p of problems) {
      assert.ok(p.message.length > 20 && !/undefined|\[object/.test(p.message), `plain message: ${p.message}`);
      assert.ok(p.span.end <= plain[path]!.length);
    }
  }
  return catalog;
}

export function messages(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.code}: ${p.message}`).join('\n');
}
