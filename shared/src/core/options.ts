// Engine options: what the cluster looks like, as far as DNS answers depend on it.

/** Which DNS server's behaviour answers are computed for. */
export type DnsProfile = 'coredns' | 'kube-dns' | 'spec';
export const DNS_PROFILES: readonly DnsProfile[] = ['coredns', 'kube-dns', 'spec'];

export interface EngineOptions {
  /** The cluster domain (kubelet `--cluster-domain`), default `cluster.local`. */
  readonly clusterDomain: string;
  /** The namespace of objects that do not set one (kubectl's context namespace), default `default`. */
  readonly defaultNamespace: string;
  readonly profile: DnsProfile;
  /** Namespaces that live outside the manifests (repository config): names in them are assumed to exist. */
  readonly externalNamespaces?: readonly string[];
}

export const DEFAULT_OPTIONS: EngineOptions = {
  clusterDomain: 'cluster.local',
  defaultNamespace: 'default',
  profile: 'coredns',
};

export function withDefaults(partial: Partial<EngineOptions> = {}): EngineOptions {
  const clusterDomain = (partial.clusterDomain ?? DEFAULT_OPTIONS.clusterDomain).toLowerCase().replace(/^\.+|\.+$/g, '');
  return {
    clusterDomain: clusterDomain || DEFAULT_OPTIONS.clusterDomain,
    defaultNamespace: partial.defaultNamespace || DEFAULT_OPTIONS.defaultNamespace,
    profile: partial.profile ?? DEFAULT_OPTIONS.profile,
    ...(partial.externalNamespaces?.length ? { externalNamespaces: partial.externalNamespaces } : {}),
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why a cluster domain cannot be used, or null: it must be a DNS name of lowercase labels (at
 * most 63 characters each, 253 in all; a trailing dot is allowed), and no label may be `svc`,
 * which names are answered under already (`svc.cluster.local` as the domain is a common slip).
 * One validator for the CLI flags and the editor settings, so both reject the same values.
 */
export function clusterDomainError(value: unknown): string | null {
  if (typeof value !== 'string') return 'the cluster domain must be a string';
  const shown = quoted(value);
  const domain = value.toLowerCase().replace(/\.$/, '');
  if (domain.length === 0) return 'the cluster domain is empty';
  if (domain.length > 253) return `the cluster domain ${shown} is longer than 253 characters`;
  const labels = domain.split('.');
  if (!labels.every((l) => l.length <= 63 && DNS_LABEL.test(l)))
    return `the cluster domain ${shown} is not a DNS name (dot-separated labels of letters, digits and '-', at most 63 characters each)`;
  if (labels.includes('svc')) return `the cluster domain ${shown} contains the label "svc": names are answered under svc.<cluster domain>, so give only the domain (e.g. cluster.local)`;
  return null;
}

/** Why a namespace name cannot be used (the default namespace, a client pod's namespace), or null. */
export function namespaceError(value: unknown): string | null {
  if (typeof value !== 'string') return 'a namespace must be a string';
  if (value.length > 63 || !DNS_LABEL.test(value))
    return `the namespace ${quoted(value)} is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`;
  return null;
}

/** A value for a message: control characters escaped, long values cut. */
function quoted(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(cut);
}
