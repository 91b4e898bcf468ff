// The wire between our language server and our VS Code client, beyond LSP: the custom requests
// behind the commands, the Service DNS view and the status bar (server/src/features/serviceView.ts
// answers them; client/src sends them). Names and types only: no code, no imports, so both sides
// import the one definition and cannot drift apart.

export const REQUESTS = {
  tree: 'kubeServiceDns/serviceTree',
  serviceAt: 'kubeServiceDns/serviceAt',
  serviceNames: 'kubeServiceDns/serviceNames',
  resolve: 'kubeServiceDns/resolve',
  reindex: 'kubeServiceDns/reindex',
} as const;

/** Sent only to a client that sets `initializationOptions.statusNotifications`. */
export const STATUS_NOTIFICATION = 'kubeServiceDns/status';

/** LSP's Position and Range (structurally the same as vscode-languageserver's). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type ServiceMode = 'vip' | 'headless' | 'external-name';

/** A Service in the tree, with its first names (the full list is `serviceNames`). */
export interface ServiceNode {
  readonly namespace: string;
  readonly name: string;
  readonly mode: ServiceMode;
  readonly fqdn: string;
  readonly uri: string;
  readonly range: Range;
  readonly names: readonly { readonly name: string; readonly type: string; readonly answer: string }[];
  /** The kustomize overlay (its folder) that builds this Service, when its file is applied only through overlays. */
  readonly overlay?: string;
}

/** `kubeServiceDns/serviceTree` (no params): namespaces → Services. */
export interface ServiceTree {
  readonly namespaces: readonly { readonly name: string; readonly services: readonly ServiceNode[] }[];
}

/** `kubeServiceDns/serviceAt` params → `ServiceNode | null`. */
export interface ServiceAtParams {
  readonly uri: string;
  readonly position: Position;
}

/** `kubeServiceDns/serviceNames` params → Markdown (`string | null`). */
export interface ServiceNamesParams {
  readonly namespace: string;
  readonly name: string;
  /** `ServiceNode.overlay`: answer in that overlay's world. */
  readonly overlay?: string;
}

/** `kubeServiceDns/resolve` params → `ResolveResult | null`. */
export interface ResolveParams {
  readonly name: string;
  readonly namespace: string;
  readonly type?: string;
}

export interface ResolveResult {
  /** One line, for a notification. */
  readonly summary: string;
  readonly markdown: string;
}

/** `kubeServiceDns/status` notifications. */
export type IndexStatus =
  | { readonly state: 'indexing'; readonly message: string; readonly percentage: number }
  | { readonly state: 'ready'; readonly files: number; readonly services: number; readonly errors: number; readonly warnings: number; readonly others: number };
