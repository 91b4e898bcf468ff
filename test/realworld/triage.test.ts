// Runs the shipped CLI's `check` on every source of the real-world corpus and compares the result
// with triage.json: every reported problem must be triaged (with a verdict and a reason a user of
// that repository would accept) and every triaged problem must still be reported. Precision is the
// share of reported problems a user wants. How to keep it green: README.md in this folder.
import * as assert from 'node:assert/strict';
import { checkSource, compare, corpusSources, keyOf, readTriage, VERDICTS, type Comparison, type Reported, type Triage } from './corpus';

/** The goal of issue 9: at least 9 of 10 reported problems are ones a user wants. */
const TARGET_PRECISION = 0.9;

suite('realworld: triage of check on the real-world corpus', function () {
  this.timeout(300_000);
  let triage: Triage;
  let reported: Reported[];
  let comparison: Comparison;

  suiteSetup(() => {
    triage = readTriage();
    reported = corpusSources().flatMap((source) => checkSource(source));
    comparison = compare(reported, triage.problems);
  });

  test('every reported problem is in triage.json, and every entry there is still reported', () => {
    const unexpected = comparison.matched.filter((m) => !m.entry).map((m) => `  + ${keyOf(m.reported)} (${m.reported.severity}) ${m.reported.message}`);
    const missing = comparison.missing.map((e) => `  - ${keyOf(e)} [${e.verdict}] ${e.reason}`);
    assert.ok(
      unexpected.length === 0 && missing.length === 0,
      `check's output on the corpus differs from test/realworld/triage.json:\n${[...unexpected, ...missing].join('\n')}\n` +
        'Read each new problem as a user of that repository would: a false alarm is a bug to fix. Then `npm run triage:update` and give every TODO a verdict and a reason (test/realworld/README.md).',
    );
  });

  test('every entry has a verdict (no TODO) and a one-line reason', () => {
    const bad = triage.problems.filter((e) => e.verdict === 'TODO' || !VERDICTS.includes(e.verdict) || !e.reason || /^TODO\b/.test(e.reason) || e.reason.includes('\n'));
    assert.deepEqual(
      bad.map((e) => `${keyOf(e)} [${e.verdict}] ${e.reason}`),
      [],
      'triage entries without a verdict (true / false-alarm-known) or a one-line reason',
    );
  });

  test(`precision (true / all reported) is at least the recorded floor (goal ${TARGET_PRECISION})`, () => {
    const bySource = new Map<string, { all: number; wanted: number }>();
    for (const source of corpusSources()) bySource.set(source, { all: 0, wanted: 0 });
    for (const { reported: r, entry } of comparison.matched) {
      const row = bySource.get(r.source)!;
      row.all += 1;
      if (entry?.verdict === 'true') row.wanted += 1;
    }
    const all = reported.length;
    const wanted = [...bySource.values()].reduce((n, r) => n + r.wanted, 0);
    const precision = all === 0 ? 1 : wanted / all;
    const rows = [...bySource].map(([source, r]) => `    ${source.padEnd(20)} ${String(r.all).padStart(4)} ${String(r.wanted).padStart(5)}`);
    // Warnings and errors apart: they are what fails a CI run and what a user must act on.
    const loud = comparison.matched.filter((m) => m.reported.severity === 'warning' || m.reported.severity === 'error');
    const loudWanted = loud.filter((m) => m.entry?.verdict === 'true').length;
    rows.push(`    (warnings and errors: ${loudWanted} true of ${loud.length}; notes: ${wanted - loudWanted} true of ${all - loud.length})`);
    process.stdout.write(
      `    source               reported  true\n${rows.join('\n')}\n    ${'total'.padEnd(20)} ${String(all).padStart(4)} ${String(wanted).padStart(5)}   precision ${precision.toFixed(3)} (floor ${triage.minimumPrecision}, goal ${TARGET_PRECISION})\n`,
    );
    assert.ok(triage.minimumPrecision >= 0 && triage.minimumPrecision <= 1, 'minimumPrecision is a share');
    assert.ok(precision >= triage.minimumPrecision, `precision ${precision.toFixed(3)} fell below the recorded floor ${triage.minimumPrecision}: a change added false alarms or lost true problems`);
  });
});
