// `npm run triage:update`: rewrites triage.json from what `check` reports on the corpus now.
// Entries still reported keep their verdict and reason; new problems get verdict TODO (the test
// fails until a person triages them); entries no longer reported are dropped and listed. When one
// problem moved line in the same file with the same code, its old reason is offered in the TODO.
import { checkSource, compare, corpusSources, keyOf, readTriage, writeTriage, type TriageEntry } from './corpus';

function main(): void {
  const old = readTriage();
  const reported = corpusSources().flatMap((source) => checkSource(source));
  const { matched, missing } = compare(reported, old.problems);
  const fresh = matched.filter((m) => !m.entry).map((m) => m.reported);
  const sameSpot = (e: { source: string; file: string; code: string }) => `${e.source}/${e.file} ${e.code}`;
  const out: TriageEntry[] = matched.filter((m) => m.entry).map((m) => m.entry!);
  for (const r of fresh) {
    const moved = missing.filter((e) => sameSpot(e) === sameSpot(r));
    const hint = moved.length === 1 && fresh.filter((f) => sameSpot(f) === sameSpot(r)).length === 1 ? ` (was line ${moved[0]!.line}, ${moved[0]!.verdict}: ${moved[0]!.reason})` : '';
    out.push({ source: r.source, file: r.file, line: r.line, code: r.code, verdict: 'TODO', reason: `TODO${hint}` });
  }
  writeTriage({ minimumPrecision: old.minimumPrecision, problems: out });
  const log = (s: string) => process.stdout.write(`${s}\n`);
  for (const e of missing) log(`removed  ${keyOf(e)} [${e.verdict}] ${e.reason}`);
  for (const r of fresh) log(`TODO     ${keyOf(r)} (${r.severity}) ${r.message}`);
  log(`${out.length} entries (${fresh.length} new to triage, ${missing.length} removed) in test/realworld/triage.json`);
}

main();
