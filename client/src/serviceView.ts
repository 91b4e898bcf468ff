// The "Service DNS" view in the Explorer: namespaces → Services (icon by mode) → the names they
// publish. Items reveal their Service and copy names; the tree is re-read when the index changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REQUESTS, type ServiceNode, type ServiceTree } from '../../protocol/src/index';

export const VIEW_ID = 'kubeServiceDns.services';

export type ViewItem =
  | { readonly kind: 'namespace'; readonly name: string; readonly services: readonly ServiceNode[] }
  | { readonly kind: 'service'; readonly service: ServiceNode }
  | { readonly kind: 'name'; readonly service: ServiceNode; readonly name: string; readonly type: string; readonly answer: string };

const MODE = {
  headless: { label: 'headless', icon: 'symbol-array' },
  vip: { label: 'ClusterIP', icon: 'symbol-interface' },
  'external-name': { label: 'ExternalName', icon: 'link-external' },
} as const;

export class ServiceDnsView implements vscode.TreeDataProvider<ViewItem> {
  private readonly changed = new vscode.EventEmitter<ViewItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(item?: ViewItem): Promise<ViewItem[]> {
    if (!item) {
      const tree = await this.client.sendRequest<ServiceTree>(REQUESTS.tree, {});
      return tree.namespaces.map((ns) => ({ kind: 'namespace', name: ns.name, services: ns.services }));
    }
    if (item.kind === 'namespace') return item.services.map((service) => ({ kind: 'service', service }));
    if (item.kind === 'service') return item.service.names.map((n) => ({ kind: 'name', service: item.service, ...n }));
    return [];
  }

  getTreeItem(item: ViewItem): vscode.TreeItem {
    switch (item.kind) {
      case 'namespace': {
        const tree = new vscode.TreeItem(item.name, vscode.TreeItemCollapsibleState.Expanded);
        tree.iconPath = new vscode.ThemeIcon('folder');
        tree.description = `${item.services.length} Service${item.services.length === 1 ? '' : 's'}`;
        tree.contextValue = 'namespace';
        return tree;
      }
      case 'service': {
        const { service } = item;
        const tree = new vscode.TreeItem(service.name, vscode.TreeItemCollapsibleState.Collapsed);
        tree.iconPath = new vscode.ThemeIcon(MODE[service.mode].icon);
        // A kustomize base's Service appears once per overlay that builds it: the overlay tells them apart.
        tree.description = service.overlay ? `${MODE[service.mode].label} · ${service.overlay}` : MODE[service.mode].label;
        tree.tooltip = `${service.fqdn} (${MODE[service.mode].label})${service.overlay ? `, as the kustomize overlay ${service.overlay} builds it` : ''}`;
        tree.contextValue = 'service';
        tree.command = { title: 'Reveal in File', command: 'kubeServiceDns.revealService', arguments: [item] };
        return tree;
      }
      case 'name': {
        const tree = new vscode.TreeItem(item.name, vscode.TreeItemCollapsibleState.None);
        tree.iconPath = new vscode.ThemeIcon(item.type === 'SRV' ? 'symbol-event' : 'symbol-constant');
        tree.description = `${item.type} · ${item.answer}`;
        tree.tooltip = `${item.name} ${item.type}: ${item.answer}`;
        tree.contextValue = 'dnsName';
        return tree;
      }
    }
  }
}
