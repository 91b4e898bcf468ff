// Short human wording for an answer, shared by the hover and the CLI so both say the same thing.
import { formatCount, type Answer, type PodRef } from './resolve';

const MAX_LISTED = 4;

export function describePods(pods: readonly PodRef[]): string {
  const named = pods.filter((p) => p.pod).map((p) => p.pod!);
  if (named.length === pods.length && named.length > 0)
    return named.length <= MAX_LISTED ? named.join(', ') : `${named.slice(0, MAX_LISTED).join(', ')} and ${named.length - MAX_LISTED} more`;
  const byWorkload = new Map<string, number | null>();
  for (const p of pods) {
    const previous = byWorkload.get(p.workload);
    byWorkload.set(p.workload, previous === null || p.count === null ? null : (previous ?? 0) + p.count);
  }
  return [...byWorkload].map(([workload, count]) => `${count === null ? 'every' : count} pod${count === 1 ? '' : 's'} of ${workload.replace(/\/[^/]+\//, ' ')}`).join(', ');
}

/** The answer in a few words, then the conditions under which it holds. */
export function describeAnswer(answer: Answer): string {
  const conditions = answer.conditions.length ? ` — ${answer.conditions.join(' ').replace(/\.$/, '')}` : '';
  return `${describeRecords(answer)}${conditions}`;
}

function describeRecords(answer: Answer): string {
  switch (answer.kind) {
    case 'vip':
      return `the Service VIP${answer.ips.length ? ` ${answer.ips.join(', ')}` : ' (cluster IP allocated at creation)'}`;
    case 'pod-ips':
      return `the IPs of ${answer.readyOnly ? 'the ready pods' : 'all pods, ready or not'} (${describePods(answer.pods)})${answer.ips.length ? `, ${answer.ips.join(', ')}` : ''}`;
    case 'pod-ip': {
      const pod = answer.pods[0];
      const which = pod?.pod ? `pod ${pod.pod}` : pod ? `one pod of ${pod.workload.replace(/\/[^/]+\//, ' ')}` : 'one endpoint';
      return `the IP of ${which}${answer.ips.length ? ` (${answer.ips.join(', ')})` : ''}`;
    }
    case 'ips':
      return answer.pods.length ? `the IPs of ${describePods(answer.pods)}${answer.ips.length ? ` (${answer.ips.join(', ')})` : ''}` : answer.ips.join(', ');
    case 'cname':
      return `CNAME ${answer.target ?? '?'}${answer.pods.length || answer.ips.length ? `, then ${answer.pods.length ? describePods(answer.pods) : ''}${answer.pods.length && answer.ips.length ? ' ' : ''}${answer.ips.join(', ')}` : ''}`;
    case 'ptr':
      return `PTR ${answer.names.join(', ')}`;
    case 'soa':
      return `SOA ${answer.names.join(' ')}`;
    case 'ns':
      return `NS ${answer.target ?? '?'}${answer.ips.length ? ` (${answer.ips.join(', ')})` : ''}`;
    case 'txt':
      return `TXT "${answer.target ?? ''}"`;
    case 'srv': {
      const records = answer.records.map((r) => `${r.target}:${r.port}${r.pod && !r.target.startsWith(`${r.pod}.`) ? ` (${r.pod})` : ''}`);
      return answer.recordCount <= MAX_LISTED ? records.join(', ') : `${records.slice(0, MAX_LISTED).join(', ')} and ${formatCount(answer.recordCount - MAX_LISTED)} more`;
    }
  }
}

/** A few words for an answer, for inlay hints and completion details: `VIP web.prod`, `3 pod IPs`. */
export function answerHint(answer: Answer): string {
  const service = answer.service ? answer.service.split('/').reverse().join('.') : null;
  const count = answer.pods.reduce<number | null>((sum, p) => (sum === null || p.count === null ? null : sum + p.count), 0);
  switch (answer.kind) {
    case 'vip':
      return `VIP ${service ?? ''}`.trim();
    case 'pod-ips':
      return count === null ? 'pod IPs' : `${count} pod IP${count === 1 ? '' : 's'}`;
    case 'pod-ip':
      return answer.pods[0]?.pod ? `pod ${answer.pods[0].pod}` : 'one pod IP';
    case 'ips':
      return answer.pods.length ? (count === null ? 'pod IPs' : `${count} pod IP${count === 1 ? '' : 's'}`) : `${answer.ips.length} IP${answer.ips.length === 1 ? '' : 's'}`;
    case 'cname':
      return `CNAME ${answer.target ?? '?'}`;
    case 'txt':
      return 'TXT';
    case 'srv':
      return `${formatCount(answer.recordCount)} SRV`;
    case 'ptr':
      return `PTR ${answer.target ?? '?'}`;
    case 'soa':
    case 'ns':
      return `${answer.kind.toUpperCase()} ${answer.target ?? '?'}`;
  }
}
