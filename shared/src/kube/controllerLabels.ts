// Labels the controllers add to the pods they create, beyond the pod template's own: a Service may
// select them (a per-pod Service for one StatefulSet pod is a common pattern). Values that are
// hashes or UIDs are unknown here, so a selector on them matches any value.
import type { PodIdentity, WorkloadDecl } from './types';

/** Every key a controller may add to the pods it creates (controllerLabel below answers for them). */
export const CONTROLLER_LABEL_KEYS: ReadonlySet<string> = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
  'pod-template-hash',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

/** Which pods of a workload a selector picks: all, some (by per-pod labels), or none. */
export function selectedPods(selector: Readonly<Record<string, string>>, workload: WorkloadDecl): readonly PodIdentity[] {
  const keys = Object.keys(selector);
  if (keys.length === 0) return [];
  let pods = workload.pods;
  for (const key of keys) {
    const want = selector[key]!;
    const own = workload.podLabels[key];
    if (own !== undefined) {
      if (own !== want) return [];
      continue;
    }
    const label = controllerLabel(workload, key);
    if (label === null) return [];
    if ('every' in label) {
      if (!label.every(want)) return [];
      continue;
    }
    pods = pods.filter((pod) => label.perPod(pod, workload.pods.indexOf(pod)) === want);
    if (pods.length === 0) return [];
  }
  return pods;
}

/** Whether the selector matches the workload's pods (every pod, or some by a per-pod label). */
export function selectsWorkload(selector: Readonly<Record<string, string>>, workload: WorkloadDecl): boolean {
  const keys = Object.keys(selector);
  // The common case: every key is a template label.
  if (keys.length > 0 && keys.every((k) => workload.podLabels[k] === selector[k])) return true;
  if (keys.some((k) => workload.podLabels[k] !== undefined && workload.podLabels[k] !== selector[k])) return false;
  // A workload whose pods are not listed (DaemonSet, replicas unknown) still has them.
  if (workload.pods.length === 0) return false;
  return selectedPods(selector, workload).length > 0;
}

/** A per-pod value, from the pod and its index in `workload.pods`. */
type PerPod = (pod: PodIdentity, index: number) => string | null;

const ANY = { every: () => true };
const exactly = (value: string) => ({ every: (want: string) => want === value });

/**
 * What a controller gives `key` on this workload's pods: a test that holds for every pod's value
 * (`ANY` for hashes and UIDs, unknown here), a value per pod, or null (the controller sets no such
 * label).
 */
function controllerLabel(workload: WorkloadDecl, key: string): { every: (want: string) => boolean } | { perPod: PerPod } | null {
  // The set decides which keys a controller may add (the catalog's label indexes rely on it): a key
  // answered below but missing from it would be ignored here as it is there.
  if (!CONTROLLER_LABEL_KEYS.has(key)) return null;
  const { kind, name } = workload.ref;
  switch (kind) {
    case 'StatefulSet':
      if (key === 'statefulset.kubernetes.io/pod-name') return { perPod: (pod) => pod.podName };
      if (key === 'apps.kubernetes.io/pod-index') return { perPod: (_pod, i) => String(workload.ordinalsStart + i) };
      return key === 'controller-revision-hash' ? ANY : null;
    case 'Deployment':
      return key === 'pod-template-hash' ? ANY : null;
    case 'DaemonSet':
      return key === 'controller-revision-hash' || key === 'pod-template-generation' ? ANY : null;
    case 'Job':
    case 'CronJob':
      if (key === 'controller-uid' || key === 'batch.kubernetes.io/controller-uid') return ANY;
      // A CronJob's Jobs are named <cronjob>-<scheduled time>.
      if (key === 'job-name' || key === 'batch.kubernetes.io/job-name')
        return kind === 'Job' ? exactly(name) : { every: (want: string) => want.startsWith(`${name}-`) };
      if (key === 'batch.kubernetes.io/job-completion-index' && workload.indexedJob) return { perPod: (_pod, i) => String(i) };
      return null;
    default:
      return null;
  }
}
