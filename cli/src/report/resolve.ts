// `resolve` output: the JSON array the issue specifies, or one line per name.
import { describeAnswer, type Resolution } from '../../../shared/src/index';

export function formatResolveJson(resolutions: readonly Resolution[]): string {
  return JSON.stringify(resolutions, null, 2) + '\n';
}

export function formatResolveText(resolutions: readonly Resolution[]): string {
  return (
    resolutions
      .map((r) => {
        const head = `${r.query} ${r.type}: ${r.status.toUpperCase()}${r.fqdn && r.fqdn !== r.query ? ` (as ${r.fqdn})` : ''}`;
        const body = r.status === 'answer' && r.answer ? `  → ${describeAnswer(r.answer)}\n  ${r.reason}` : `  ${r.reason}`;
        const notes = r.portable ? '' : `\n  Not portable: ${r.notes.join(' ')}`;
        return `${head}\n${body}${notes}`;
      })
      .join('\n') + '\n'
  );
}
