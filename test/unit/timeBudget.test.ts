// Issue 15, "Also": the server gives each file a time budget, so one slow file cannot hold up every
// request. Past it, reading stops between documents and checking between objects and values, with
// one `file-skipped` note where it stopped; what was done before stays (a partial result).
import * as assert from 'node:assert/strict';
import { Catalog, checkFile, extractFile, withDefaults, type TimeBudget } from '../../shared/src/index';

const OPTIONS = withDefaults();
const service = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: a${i}\n`;

/** A budget that runs out after `checks` questions: deterministic, unlike a clock. */
function countingBudget(checks: number): TimeBudget {
  let asked = 0;
  return { ms: 250, expired: () => ++asked > checks };
}

suite('time budget per file (issue 15, Also)', () => {
  test('reading stops between documents with a note on the first one left out; the documents before it count', () => {
    const text = Array.from({ length: 10 }, (_, i) => service(i)).join('---\n');
    const model = extractFile('slow.yaml', text, OPTIONS, { budget: countingBudget(6) });
    const read = model.services.map((s) => s.ref.name);
    assert.ok(read.length > 0 && read.length < 10, `a partial result: ${read.join()}`);
    assert.deepEqual(read, Array.from({ length: read.length }, (_, i) => `s${i}`), 'the first documents, in order');
    const notes = model.problems.filter((p) => p.code === 'file-skipped');
    assert.equal(notes.length, 1);
    const note = notes[0]!;
    assert.equal(note.severity, 'info');
    assert.equal(text.slice(note.span.start, note.span.end), 'apiVersion: v1', 'on the first line of the first document left out');
    assert.equal(note.span.start, text.indexOf(`name: s${read.length}\n`) - 'apiVersion: v1\nkind: Service\nmetadata:\n  '.length);
    assert.equal(
      note.message,
      'Partly read: reading this file took longer than the 250 ms limit per file, so the documents from here on are not read (raise kubeServiceDns.maxCheckTime, or split the file).',
    );
    // Without a budget (the CLI), the whole file.
    assert.equal(extractFile('slow.yaml', text, OPTIONS).services.length, 10);
    assert.deepEqual(extractFile('slow.yaml', text, OPTIONS, { budget: countingBudget(1000) }).problems, [], 'a budget not spent leaves no note');
  });

  test('checking stops between objects and values with one note; the problems found before it stay', () => {
    const text = Array.from({ length: 10 }, (_, i) => service(i)).join('---\n');
    const catalog = new Catalog([extractFile('slow.yaml', text, OPTIONS)], OPTIONS);
    const whole = checkFile(catalog, 'slow.yaml');
    assert.equal(whole.length, 10, 'every Service selects nothing');
    const partial = checkFile(catalog, 'slow.yaml', countingBudget(4));
    const found = partial.filter((p) => p.code !== 'file-skipped');
    assert.equal(found.length, 4, 'the four Services checked before the budget ran out');
    assert.deepEqual(found, whole.slice(0, 4));
    const note = partial.find((p) => p.code === 'file-skipped')!;
    assert.equal(text.slice(note.span.start, note.span.end), 's4', 'on the name of the first object not checked');
    assert.match(note.message, /^Partly checked: checking this file took longer than the 250 ms limit per file/);
  });

  test('a real clock: a file that takes seconds to read stops near its budget', function () {
    this.timeout(180_000);
    const text = Array.from({ length: 100_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {a: b}\n`).join('---\n');
    const started = performance.now();
    const whole = extractFile('slow.yaml', text, OPTIONS);
    const wholeMs = performance.now() - started;
    assert.equal(whole.problems.length, 0);
    const budget = (ms: number): TimeBudget => {
      const deadline = performance.now() + ms;
      return { ms, expired: () => performance.now() > deadline };
    };
    const cutStarted = performance.now();
    const cut = extractFile('slow.yaml', text, OPTIONS, { budget: budget(wholeMs / 10) });
    const cutMs = performance.now() - cutStarted;
    assert.deepEqual(cut.problems.map((p) => p.code), ['file-skipped']);
    // Stopped near the budget: the splitting before the first document and one document's work after it.
    assert.ok(cutMs < wholeMs / 2, `${cutMs.toFixed(0)} ms with a ${(wholeMs / 10).toFixed(0)} ms budget; ${wholeMs.toFixed(0)} ms whole`);
  });
});
