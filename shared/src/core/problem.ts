// Problems are the engine's findings: a stable code, a one-sentence message, an exact span, and
// whatever a quick fix needs. They are plain data so the CLI can print them and the server can
// turn them into diagnostics and code actions.
import type { Span } from '../text/span';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Every problem code the engine can emit. Codes are stable: users configure severities by them. */
export const PROBLEM_CODES = {
  'yaml-syntax': { severity: 'error', title: 'YAML syntax error (the document is skipped)' },
  'helm-template-skipped': { severity: 'info', title: 'Helm/Go template document skipped (one note per chart, on Chart.yaml)' },
  'placeholder-skipped': { severity: 'info', title: 'Document with a placeholder to fill in (YOUR_ZONE_HERE, <your-name>) in a checked field skipped' },
  'file-skipped': { severity: 'info', title: 'File skipped by a limit (size, time)' },
  'too-many-problems': { severity: 'info', title: 'More problems in the file than are reported (the rest are left out)' },
  'duplicate-key': { severity: 'warning', title: 'Duplicate mapping key (the last value is used, as kubectl does)' },
  'invalid-object': { severity: 'warning', title: 'Field has a type the API server rejects' },
  'invalid-dns-name': { severity: 'error', title: 'Name is not a valid DNS label for its use' },
  'headless-service-invalid-type': { severity: 'error', title: 'clusterIP: None on a NodePort/LoadBalancer Service' },
  'external-name-is-ip': { severity: 'warning', title: 'ExternalName is an IP address' },
  // Info: variants side by side are common; the note lists every location and what differs.
  'duplicate-object': { severity: 'info', title: 'Object declared in several files that differ in what DNS answers' },
  'service-selects-nothing': { severity: 'warning', title: 'Service selector matches no pod template' },
  // Info: the namespace shows only part of what runs there (operator, chart, or no pods at all).
  'service-pods-not-in-manifests': { severity: 'info', title: 'Service selects pods these manifests do not define' },
  'target-port-not-declared': { severity: 'warning', title: 'Named targetPort not declared by the selected pods' },
  'statefulset-service-missing': { severity: 'warning', title: 'StatefulSet serviceName names no Service' },
  'statefulset-service-not-headless': { severity: 'warning', title: 'StatefulSet governing Service is not headless' },
  'subdomain-service-missing': { severity: 'warning', title: 'Pod subdomain names no Service' },
  'subdomain-service-not-headless': { severity: 'warning', title: 'Pod subdomain names a Service that is not headless' },
  'governing-service-not-selecting': { severity: 'warning', title: 'Governing Service does not select the pods' },
  'unresolved-host': { severity: 'warning', title: 'Host name will not resolve in cluster DNS' },
  // Info: the name points where the workspace is not the whole truth; it may exist in the cluster.
  'host-not-in-manifests': { severity: 'info', title: 'Host name is not declared in these manifests' },
  // Info: the actionable warning usually sits on the cause (a governing Service that is not headless).
  'non-portable-host': { severity: 'info', title: 'Host name resolves only on some DNS implementations' },
  'cluster-domain-mismatch': { severity: 'warning', title: 'Hard-coded cluster domain differs from the configured one' },
  'host-port-not-exposed': { severity: 'warning', title: 'Host resolves, but its Service or pods do not serve that port' },
  'config-invalid': { severity: 'error', title: 'Entry of .kube-service-dns.yaml is invalid (it is ignored)' },
  'suppression-unknown-code': { severity: 'hint', title: 'Suppression names an unknown problem code' },
  'kustomize-renamed-host': { severity: 'warning', title: 'Host name in a value names a Service the overlay renamed or moved' },
  'kustomize-not-built': { severity: 'info', title: 'Kustomization not built offline (remote base, Helm, replacements…)' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Whether `code` is one of ours (`constructor` or `__proto__` are not, though `in` says so). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** A text edit on one file, in that file's spans. `newText` already uses the file's line endings. */
export interface TextEdit {
  readonly path: string;
  readonly span: Span;
  readonly newText: string;
}

/** A quick fix: a title for the menu and the edits it makes, possibly across files. */
export interface Fix {
  readonly title: string;
  /**
   * For a fix that edits other files: its title before the `(in …)` that names them (relative to
   * the problem's folder). Front ends that know the workspace name the files their own way.
   */
  readonly titleWithoutFiles?: string;
  readonly edits: readonly TextEdit[];
  /** Shown after the fix is applied, e.g. that clusterIP is immutable on a live Service. */
  readonly followUp?: string;
  /** The one fix that certainly resolves the problem (VS Code's "preferred" fix). */
  readonly preferred?: boolean;
}

/** A place related to a problem, e.g. the Service that is not headless. */
export interface RelatedLocation {
  readonly path: string;
  readonly span: Span;
  readonly message: string;
}

export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly path: string;
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export function defaultSeverity(code: ProblemCode): Severity {
  return PROBLEM_CODES[code].severity;
}
