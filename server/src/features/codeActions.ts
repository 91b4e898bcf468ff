// Quick fixes: each engine fix of a problem under the cursor becomes a code action whose
// WorkspaceEdit may touch several files (add `clusterIP: None` to a Service in another file). A
// fix that edits another file names it in its title by the shortest end of its workspace path that
// no other file shares (`cache/service.yaml` when `web/service.yaml` exists too), and reveals the
// edit once applied. A fix's follow-up note (clusterIP and serviceName are immutable) is shown by
// the same command.
import { CodeActionKind, MessageType, ShowDocumentRequest, ShowMessageNotification, type CodeAction, type CodeActionParams, type Connection, type Range } from 'vscode-languageserver';
import { rangeAfterEdits, toDiagnostic, toSpan, toWorkspaceEdit } from '../lsp/convert';
import { suppressionFixes, type Fix } from '../../../shared/src/index';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { overlayProblems } from './kustomizeOverlays';

/** The command a quick fix runs once applied: shows its follow-up note, reveals its edit in another file. */
export const AFTER_FIX_COMMAND = 'kubeServiceDns.afterFix';

/** What the client can do after a fix. */
export interface FixSupport {
  readonly documentChanges: boolean;
  readonly showDocument: boolean;
}

interface AfterFix {
  readonly note: string | null;
  readonly reveal: { readonly uri: string; readonly range: Range } | null;
}

export function provideCodeActions(index: WorkspaceIndex, params: CodeActionParams, support: FixSupport): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => kind === '' || CodeActionKind.QuickFix === kind || CodeActionKind.QuickFix.startsWith(`${kind}.`)))
    return [];
  const snapshot = index.snapshot(params.textDocument.uri);
  if (!snapshot) return [];
  const wanted = toSpan(snapshot, params.range);
  const lookup = (key: string) => index.snapshotByKey(key);
  const actions: CodeAction[] = [];
  for (const problem of [...index.problems(snapshot.key), ...overlayProblems(index, snapshot.key)]) {
    // Touching counts: a cursor right after a word is still on it.
    if (problem.span.start > wanted.end || wanted.start > problem.span.end) continue;
    // The problem's own fixes first, then "Suppress <code> on this line / for this object".
    for (const fix of [...(problem.fixes ?? []), ...suppressionFixes(snapshot.text, problem)]) {
      const edit = toWorkspaceEdit(fix.edits, lookup, support.documentChanges);
      if (!edit) continue;
      const others = [...new Set(fix.edits.map((e) => e.path).filter((path) => path !== snapshot.key))];
      const title = fix.titleWithoutFiles && others.length > 0 ? `${fix.titleWithoutFiles} (in ${others.map((key) => workspaceName(index, key)).join(', ')})` : fix.title;
      const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(snapshot, problem, lookup)], edit };
      if (fix.preferred) action.isPreferred = true;
      const after: AfterFix = { note: fix.followUp ?? null, reveal: support.showDocument && others[0] ? revealOf(index, fix, others[0]) : null };
      if (after.note !== null || after.reveal !== null) action.command = { title: after.note ? 'Show the note about this fix' : 'Show the edit', command: AFTER_FIX_COMMAND, arguments: [after] };
      actions.push(action);
    }
  }
  return actions;
}

/** Runs AFTER_FIX_COMMAND: reveals the edit in the other file (without taking focus from the note), then shows the note. */
export function afterFix(connection: Connection, args: readonly unknown[]): void {
  const after = args[0] as Partial<AfterFix> | undefined;
  const reveal = after?.reveal;
  if (reveal && typeof reveal.uri === 'string') void connection.sendRequest(ShowDocumentRequest.type, { uri: reveal.uri, selection: reveal.range, takeFocus: true }).catch(() => undefined);
  // A notification, not `window/showMessageRequest`: the note offers no choice to wait for.
  if (typeof after?.note === 'string') void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: after.note });
}

/** Where the fix's first edit in `key` lies once the fix is applied. */
function revealOf(index: WorkspaceIndex, fix: Fix, key: string): AfterFix['reveal'] {
  const target = index.snapshotByKey(key);
  const edits = fix.edits.filter((e) => e.path === key);
  const first = edits.reduce((a, b) => (b.span.start < a.span.start ? b : a), edits[0]!);
  return target ? { uri: target.uri, range: rangeAfterEdits(target, edits, first) } : null;
}

/** The shortest end of the file's workspace path that no other indexed file's path ends with. */
function workspaceName(index: WorkspaceIndex, key: string): string {
  const segments = index.displayPath(key).split('/');
  const others = index.snapshots().filter((s) => s.key !== key).map((s) => `/${index.displayPath(s.key)}`);
  for (let n = 1; n < segments.length; n++) {
    const suffix = segments.slice(-n).join('/');
    if (!others.some((path) => path.endsWith(`/${suffix}`))) return suffix;
  }
  return segments.join('/');
}
