// The commands of the "Kubernetes Service DNS" category. Each returns what it showed, so tests
// (and other extensions) can run them through `vscode.commands.executeCommand`.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REQUESTS, type ResolveParams, type ResolveResult, type ServiceAtParams, type ServiceNamesParams, type ServiceNode, type ServiceTree } from '../../protocol/src/index';
import { VIEW_ID, type ServiceDnsView, type ViewItem } from './serviceView';

/** Read-only Markdown documents (all names of a Service, a resolution), shown in the preview. */
const SCHEME = 'kube-service-dns';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, view: ServiceDnsView): void {
  const documents = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.path) ?? '' }),
  );

  async function showMarkdown(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${title}.md` });
    documents.set(uri.path, markdown);
    changed.fire(uri);
    // The Markdown preview when the built-in Markdown extension is there; the text otherwise.
    if (vscode.extensions.getExtension('vscode.markdown-language-features')) await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return uri;
  }

  /** The Service of a view item, or the one under the cursor of the active YAML editor. */
  async function serviceOf(item?: ViewItem): Promise<ServiceNode | null> {
    if (item && item.kind !== 'namespace') return item.service;
    const editor = vscode.window.activeTextEditor;
    if (!editor) return null;
    const service = await client.sendRequest<ServiceNode | null>(REQUESTS.serviceAt, {
      uri: editor.document.uri.toString(),
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    } satisfies ServiceAtParams);
    if (!service) void vscode.window.showInformationMessage('Put the cursor on a Service, or on a serviceName, subdomain or host that names one.');
    return service;
  }

  const register = (id: string, run: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('kubeServiceDns.resolveName', async (name?: string, namespace?: string) => {
    name ??= await vscode.window.showInputBox({ title: 'Resolve a DNS name', prompt: 'The name a pod looks up (a Service, a per-pod name, an FQDN)', placeHolder: 'db.data or db-0.db.data.svc.cluster.local' });
    if (!name) return undefined;
    if (!namespace) {
      const tree = await client.sendRequest<ServiceTree>(REQUESTS.tree, {});
      const namespaces = [...new Set(['default', ...tree.namespaces.map((n) => n.name)])].sort();
      namespace = await vscode.window.showQuickPick(namespaces, { title: `Resolve ${name} from which namespace?`, placeHolder: 'The namespace of the pod that looks the name up' });
    }
    if (!namespace) return undefined;
    const result = await client.sendRequest<ResolveResult | null>(REQUESTS.resolve, { name, namespace } satisfies ResolveParams);
    if (!result) {
      void vscode.window.showWarningMessage(`Could not resolve ${name}: the language server failed (see the Kubernetes Service DNS output).`);
      return undefined;
    }
    void vscode.window.showInformationMessage(result.summary, 'Details').then((choice) => choice && showMarkdown(`Resolve ${name} from ${namespace}`, result.markdown));
    return result;
  });

  register('kubeServiceDns.showServiceNames', async (item?: ViewItem | string, name?: string) => {
    // From a hover's command link: (namespace, name).
    const service = typeof item === 'string' ? { namespace: item, name: name! } : await serviceOf(item);
    if (!service) return undefined;
    const overlay = 'overlay' in service ? service.overlay : undefined;
    const markdown = await client.sendRequest<string | null>(REQUESTS.serviceNames, { namespace: service.namespace, name: service.name, ...(overlay ? { overlay } : {}) } satisfies ServiceNamesParams);
    if (!markdown) return undefined;
    await showMarkdown(`DNS names of ${service.namespace}-${service.name}`, markdown);
    return markdown;
  });

  register('kubeServiceDns.copyFqdn', async (item?: ViewItem) => {
    const service = await serviceOf(item);
    if (!service) return undefined;
    await vscode.env.clipboard.writeText(service.fqdn);
    void vscode.window.setStatusBarMessage(`Copied ${service.fqdn}`, 3000);
    return service.fqdn;
  });

  register('kubeServiceDns.copyName', async (item?: ViewItem) => {
    if (item?.kind !== 'name') return undefined;
    await vscode.env.clipboard.writeText(item.name);
    void vscode.window.setStatusBarMessage(`Copied ${item.name}`, 3000);
    return item.name;
  });

  register('kubeServiceDns.revealService', async (item?: ViewItem) => {
    if (!item || item.kind === 'namespace') return;
    const range = client.protocol2CodeConverter.asRange(item.service.range);
    await vscode.window.showTextDocument(vscode.Uri.parse(item.service.uri), { selection: range, preview: true });
  });

  register('kubeServiceDns.reindex', async () => {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Re-indexing Kubernetes YAML' }, () => client.sendRequest(REQUESTS.reindex, {}));
    view.refresh();
  });

  register('kubeServiceDns.showOutput', () => client.outputChannel.show(true));

  register('kubeServiceDns.refreshView', () => view.refresh());

  register('kubeServiceDns.focusView', () => vscode.commands.executeCommand(`${VIEW_ID}.focus`));
}
