// `explain` output: one readable block per Service, or JSON.
import { describeAnswer, type NameEntry, type ServiceExplanation } from '../../../shared/src/index';
import { jsonWithArray, type Locator } from './check';

const MODE_LABEL = { vip: 'ClusterIP (VIP)', headless: 'headless', 'external-name': 'ExternalName' } as const;

function modeLabel(e: ServiceExplanation): string {
  return e.mode === 'vip' && e.type !== 'ClusterIP' ? `${e.type} (VIP)` : MODE_LABEL[e.mode];
}

function displayName(entry: NameEntry): string {
  return entry.from === undefined ? entry.name : `${entry.name} (from ${entry.from})`;
}

function entryLine(entry: NameEntry, width: number): string {
  const what = entry.status === 'answer' && entry.answer ? describeAnswer(entry.answer) : `${entry.status.toUpperCase()}: ${entry.reason}`;
  const portability = entry.portable ? '' : `  [not portable: ${entry.notes.map((n) => n.split('. ')[0]).join('; ')}]`;
  return `    ${entry.type.padEnd(5)} ${displayName(entry).padEnd(width)}  → ${what}${portability}`;
}

type PathOf = (e: ServiceExplanation) => { path: string; span: { start: number; end: number } };

/** The text report, a block per Service as each is explained (the CLI writes them as they come). */
export function* formatExplainText(explanations: Iterable<ServiceExplanation>, locator: Locator, pathOf: PathOf): Generator<string> {
  let first = true;
  for (const e of explanations) {
    yield `${first ? '' : '\n\n'}${explainedBlock(e, locator, pathOf)}`;
    first = false;
  }
  yield '\n';
}

function explainedBlock(e: ServiceExplanation, locator: Locator, pathOf: PathOf): string {
  const at = pathOf(e);
  const where = locator.locate(at.path, at.span);
  const lines = [`Service ${e.service}  [${modeLabel(e)}]  ${where.file}:${where.line}:${where.column}`, `  ${e.summary}`];
  if (e.selected.length) {
    lines.push('  Selects:');
    for (const w of e.selected)
      lines.push(
        `    ${w.workload}  ${w.count === null ? 'one pod per node' : `${w.count} pod${w.count === 1 ? '' : 's'}`}: ${w.pods.slice(0, 6).join(', ')}${w.pods.length > 6 ? ', …' : ''}  (${locator.locate(w.path, { start: 0, end: 0 }).file})`,
      );
  } else if (e.mode !== 'external-name') lines.push('  Selects: no pod template in the workspace');
  const width = Math.min(70, Math.max(...[...e.resolving, ...e.notResolving].map((n) => displayName(n).length), 10));
  lines.push('  Resolves:');
  if (e.resolving.length === 0) lines.push('    (nothing)');
  for (const entry of e.resolving) lines.push(entryLine(entry, width));
  if (e.notResolving.length) {
    lines.push('  Does not resolve:');
    for (const entry of e.notResolving) lines.push(entryLine(entry, width));
  }
  lines.push(`  Short names: from ${e.service.split('/')[0]}: ${e.shortForms.sameNamespace.slice(0, 3).join(', ')}; from other namespaces: ${e.shortForms.otherNamespaces.slice(0, 2).join(', ')}`);
  for (const note of e.notes) lines.push(`  Note: ${note}`);
  return lines.join('\n');
}

/** `JSON.stringify([…], null, 2)` of the explanations, one at a time as each is explained. */
export function* formatExplainJson(explanations: Iterable<ServiceExplanation>, locator: Locator, pathOf: PathOf): Generator<string> {
  const items = (function* () {
    for (const e of explanations) yield { ...e, location: locator.locate(pathOf(e).path, pathOf(e).span), path: undefined };
  })();
  yield* jsonWithArray('', items, 1, '\n');
}
