// The extension: a thin launcher for the bundled language server (dist/server.js). It holds no
// domain logic; it passes settings through `workspace/configuration` and tells the server one fact
// only the editor knows: whether Red Hat's YAML extension already reports YAML syntax errors.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { whenKubernetesYamlAppears, workspaceHasKubernetesYaml } from './kubernetesYaml';
import { STATUS_NOTIFICATION, type IndexStatus } from '../../protocol/src/index';
import { StatusItem } from './statusBar';
import { ServiceDnsView, VIEW_ID } from './serviceView';

const CLIENT_ID = 'kubeServiceDns';
const CLIENT_NAME = 'Kubernetes Service DNS';
const RED_HAT_YAML = 'redhat.vscode-yaml';

let client: LanguageClient | undefined;

/** What `activate` returns (the extension's exports): the view and status, for tests and other extensions. */
export interface ExtensionApi {
  view?: ServiceDnsView;
  status?: StatusItem;
}

const api: ExtensionApi = {};

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  // No Kubernetes YAML (e.g. only GitHub workflows): no server until some appears.
  if (!(await workspaceHasKubernetesYaml())) void whenKubernetesYamlAppears(context).then(() => startClient(context));
  else await startClient(context);
  return api;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // F5 "Run Extension" attaches to this port (see .vscode/launch.json).
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  let restartReported = false;
  // Filled in once the client exists: the default handler is made by the client it serves.
  const fallback: { handler?: ErrorHandler } = {};
  // The default handler restarts a crashed server (up to 4 times in 3 minutes); we only add a
  // single notice the first time, so a crash is never silent and never nags.
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => fallback.handler!.error(error, message, count),
    closed: async (): Promise<CloseHandlerResult> => {
      const result = await fallback.handler!.closed();
      if (result.action === CloseAction.Restart && !restartReported) {
        restartReported = true;
        void vscode.window.showWarningMessage(`${CLIENT_NAME}: the language server stopped unexpectedly and was restarted. Details are in its output channel.`);
      }
      return result;
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    // `files.exclude` is read by the server per workspace folder; listing it here makes the
    // client announce its changes too.
    synchronize: { configurationSection: [CLIENT_ID, 'files.exclude'] },
    // Read once at start: installing or removing that extension later takes effect on the next start.
    initializationOptions: { redHatYamlActive: vscode.extensions.getExtension(RED_HAT_YAML) !== undefined, statusNotifications: true },
    // Hovers link to the full list of a Service's names.
    markdown: { isTrusted: { enabledCommands: ['kubeServiceDns.showServiceNames'] } },
    errorHandler,
    middleware: {
      // Inlay hints have their own switch, beside the editor's `editor.inlayHints.enabled`.
      provideInlayHints: (document, range, token, next) =>
        vscode.workspace.getConfiguration(CLIENT_ID, document).get<boolean>('inlayHints.enabled', true) ? next(document, range, token) : [],
    },
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  fallback.handler = client.createDefaultErrorHandler();
  context.subscriptions.push(client);
  const started = client;
  context.subscriptions.push(
    // The code lens command: LSP has no "show references", so the server sends plain arguments.
    vscode.commands.registerCommand('kubeServiceDns.showReferences', (uri: string, position: { line: number; character: number }, locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        started.protocol2CodeConverter.asPosition(position),
        locations.map((l) => started.protocol2CodeConverter.asLocation(l)),
      ),
    ),
  );
  const view = new ServiceDnsView(client);
  const status = new StatusItem();
  api.view = view;
  api.status = status;
  context.subscriptions.push(status, vscode.window.registerTreeDataProvider(VIEW_ID, view));
  registerCommands(context, client, view);
  let viewRefresh: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (next: IndexStatus) => {
      status.update(next);
      if (next.state !== 'ready') return;
      void vscode.commands.executeCommand('setContext', 'kubeServiceDns.hasServices', next.services > 0);
      // Each settled index re-reads the tree (debounced: edits come in bursts).
      clearTimeout(viewRefresh);
      viewRefresh = setTimeout(() => view.refresh(), 200);
    }),
  );
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: the language server failed to start (${reason}). See the "${CLIENT_NAME}" output channel.`);
    throw error;
  }
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
