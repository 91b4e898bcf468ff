// A time limit on one file's work, given by the host: the engine has no clock (no globals), and
// only the server sets one (one file must not hold up every request: issue 15, "Also"). The CLI
// checks every file whole.

export interface TimeBudget {
  /** The limit in milliseconds, for the note. */
  readonly ms: number;
  /** True once the time is up; read between documents and between checks. */
  expired(): boolean;
}

/** The note when the budget runs out while reading the file (`read`) or checking it against the workspace. */
export function timeBudgetMessage(budget: TimeBudget, stage: 'read' | 'check'): string {
  const limit = `${budget.ms.toLocaleString('en-US')} ms`;
  const what = stage === 'read' ? 'reading this file took longer than the' : 'checking this file took longer than the';
  const leftOut = stage === 'read' ? 'the documents from here on are not read' : 'the checks stopped here: what they had not reached (this object or value, and others) is not reported';
  return `Partly ${stage === 'read' ? 'read' : 'checked'}: ${what} ${limit} limit per file, so ${leftOut} (raise kubeServiceDns.maxCheckTime, or split the file).`;
}
