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
