// Quick fixes: each engine fix of a problem under the cursor becomes a code action whose
// WorkspaceEdit may touch several files (add `clusterIP: None` to a Service in another file). A
// fix's follow-up note (clusterIP and serviceName are immutable) is shown by a command after the
// edit is applied.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { toDiagnostic, toSpan, toWorkspaceEdit } from '../lsp/convert';
import { suppressionFixes } from '../../../shared/src/index';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** The command a quick fix runs to show its follow-up note; the client registers it from the server's capabilities. */
export const SHOW_NOTE_COMMAND = 'kubeServiceDns.showFixNote';

export function provideCodeActions(index: WorkspaceIndex, params: CodeActionParams, documentChanges: boolean): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => kind === '' || CodeActionKind.QuickFix === kind || CodeActionKind.QuickFix.startsWith(`${kind}.`)))
    return [];
  const snapshot = index.snapshot(params.textDocument.uri);
  if (!snapshot) return [];
  const wanted = toSpan(snapshot, params.range);
  const lookup = (key: string) => index.snapshotByKey(key);
  const actions: CodeAction[] = [];
  for (const problem of index.problems(snapshot.key)) {
    // Touching counts: a cursor right after a word is still on it.
    if (problem.span.start > wanted.end || wanted.start > problem.span.end) continue;
    // The problem's own fixes first, then "Suppress <code> on this line / for this object".
    for (const fix of [...(problem.fixes ?? []), ...suppressionFixes(snapshot.text, problem)]) {
      const edit = toWorkspaceEdit(fix.edits, lookup, documentChanges);
      if (!edit) continue;
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(snapshot, problem, lookup)], edit };
      if (fix.preferred) action.isPreferred = true;
      if (fix.followUp) action.command = { title: 'Show the note about this fix', command: SHOW_NOTE_COMMAND, arguments: [fix.followUp] };
      actions.push(action);
    }
  }
  return actions;
}
