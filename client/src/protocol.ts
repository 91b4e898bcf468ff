// The custom requests and notification the server offers this client (server/src/features/serviceView.ts).
import type * as lsp from 'vscode-languageclient/node';

export const REQUESTS = {
  tree: 'kubeServiceDns/serviceTree',
  serviceAt: 'kubeServiceDns/serviceAt',
  serviceNames: 'kubeServiceDns/serviceNames',
  resolve: 'kubeServiceDns/resolve',
  reindex: 'kubeServiceDns/reindex',
} as const;
export const STATUS_NOTIFICATION = 'kubeServiceDns/status';

export interface ServiceNode {
  readonly namespace: string;
  readonly name: string;
  readonly mode: 'vip' | 'headless' | 'external-name';
  readonly fqdn: string;
  readonly uri: string;
  readonly range: lsp.Range;
  readonly names: readonly { readonly name: string; readonly type: string; readonly answer: string }[];
}

export interface ServiceTree {
  readonly namespaces: readonly { readonly name: string; readonly services: readonly ServiceNode[] }[];
}

export type IndexStatus =
  | { readonly state: 'indexing'; readonly message: string; readonly percentage: number }
  | { readonly state: 'ready'; readonly files: number; readonly services: number; readonly errors: number; readonly warnings: number; readonly others: number };
