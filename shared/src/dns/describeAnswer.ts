// Short human wording for an answer, shared by the hover and the CLI so both say the same thing.
import type { Answer, PodRef } from './resolve';

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

export function describeAnswer(answer: Answer): string {
  switch (answer.kind) {
    case 'vip':
      return `the Service VIP${answer.ips.length ? ` ${answer.ips.join(', ')}` : ' (cluster IP allocated at creation)'}`;
    case 'pod-ips':
      return `the IPs of the ready pods (${describePods(answer.pods)})${answer.ips.length ? `, ${answer.ips.join(', ')}` : ''}`;
    case 'pod-ip': {
      const pod = answer.pods[0];
      const which = pod?.pod ? `pod ${pod.pod}` : pod ? `one pod of ${pod.workload.replace(/\/[^/]+\//, ' ')}` : 'one endpoint';
      return `the IP of ${which}${answer.ips.length ? ` (${answer.ips.join(', ')})` : ''}`;
    }
    case 'ips':
      return answer.pods.length ? `the IPs of ${describePods(answer.pods)}${answer.ips.length ? ` (${answer.ips.join(', ')})` : ''}` : answer.ips.join(', ');
    case 'cname':
      return `CNAME ${answer.target ?? '?'}`;
    case 'txt':
      return `TXT "${answer.target ?? ''}"`;
    case 'srv': {
      const records = answer.records.map((r) => `${r.target}:${r.port}`);
      return records.length <= MAX_LISTED ? records.join(', ') : `${records.slice(0, MAX_LISTED).join(', ')} and ${records.length - MAX_LISTED} more`;
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
      return `${answer.records.length} SRV`;
  }
}
