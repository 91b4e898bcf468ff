// The language server: capabilities from the client's, the index kept in step with documents,
// files on disk and settings, and one guarded handler per LSP feature. It receives its connection
// and host, so it knows nothing of the process or transport it runs in.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeError } from './describeError';
import { AFTER_FIX_COMMAND, afterFix, provideCodeActions } from './features/codeActions';
import { DiagnosticsScheduler, provideDocumentDiagnostics, provideWorkspaceDiagnostics } from './features/diagnostics';
import { provideCodeLenses } from './features/codeLens';
import { COMPLETION_TRIGGERS, provideCompletion } from './features/completion';
import { provideDefinition } from './features/definition';
import { provideDocumentLinks } from './features/documentLinks';
import { provideInlayHints } from './features/inlayHints';
import { provideDocumentSymbols, provideWorkspaceSymbols } from './features/symbols';
import { indexReport, readyStatus, resolveMarkdown, serviceAt, serviceNamesMarkdown, serviceTree } from './features/serviceView';
import { REQUESTS, STATUS_NOTIFICATION, type IndexStatus, type ResolveParams, type ResolveResult, type ServiceAtParams, type ServiceNamesParams } from '../../protocol/src/index';
import { provideHover } from './features/hover';
import { provideDocumentHighlights, provideReferences } from './features/references';
import { providePrepareRename, provideRename } from './features/rename';
import type { ServerHost } from '../../host/src/serverHost';
import { ClientTimeoutError, progressWithoutWaiting, withClientTimeout } from './lsp/clientRequests';
import { runSafe, runSafeNotification } from './lsp/guard';
import { effectiveSeverities, parseSettings, SECTION } from './settings';
import { applyRepositoryConfigs, isRepositoryConfigUri } from './repositoryConfig';
import { filePathOf } from './workspace/fileUris';
import { normaliseFolderPath } from './workspace/workspaceRoots';
import { WorkspaceIndex, type DiskChange, type IndexConfiguration, type Logger, type ProgressReporter, type WorkspaceFolderPath } from './workspace/workspaceIndex';

declare const KSD_VERSION: string | undefined;
const VERSION = typeof KSD_VERSION === 'string' ? KSD_VERSION : '0.0.0-dev';

/** YAML files, and kustomize's extension-less `Kustomization` (host/discovery.ts finds both). */
const YAML_WATCH_GLOBS = ['**/*.{yaml,yml}', '**/Kustomization'];
const DIAGNOSTIC_PROVIDER_ID = 'kube-service-dns';

/** What the client told us in `initializationOptions` (facts only the editor knows). */
interface InitializationOptions {
  /** Red Hat's YAML extension is active and reports YAML syntax errors itself. */
  readonly redHatYamlActive?: boolean;
  /** The client shows the index status (kubeServiceDns/status notifications): our VS Code client. */
  readonly statusNotifications?: boolean;
}

/** The client capabilities the server adapts to. */
interface ClientSupport {
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
  readonly configuration: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly workDoneProgress: boolean;
  readonly documentChanges: boolean;
  readonly workspaceFolders: boolean;
  readonly codeLensRefresh: boolean;
  readonly inlayHintRefresh: boolean;
  /** `window/showDocument`: a quick fix that edits another file reveals the edit. */
  readonly showDocument: boolean;
}

function clientSupport(c: ClientCapabilities): ClientSupport {
  return {
    pullDiagnostics: c.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: c.workspace?.diagnostics?.refreshSupport === true,
    configuration: c.workspace?.configuration === true,
    watchedFilesRegistration: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    workDoneProgress: c.window?.workDoneProgress === true,
    documentChanges: c.workspace?.workspaceEdit?.documentChanges === true,
    workspaceFolders: c.workspace?.workspaceFolders === true,
    codeLensRefresh: c.workspace?.codeLens?.refreshSupport === true,
    inlayHintRefresh: c.workspace?.inlayHint?.refreshSupport === true,
    showDocument: c.window?.showDocument?.support === true,
  };
}


export function startServer(connection: Connection, host: ServerHost): void {
  const log: Logger = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
    // A notification: `showWarningMessage` would be a request, and the note offers no choice.
    show: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  };
  let support: ClientSupport = clientSupport({});
  /** The client shows annotated edits for review (rename's hosts in values). */
  let renameAnnotations = false;
  let folders: WorkspaceFolderPath[] = [];
  let redHatYamlActive = false;
  /** Settings pushed in `didChangeConfiguration`, for clients that cannot be asked. */
  let pushedSettings: unknown = undefined;
  let configurationLoads = 0;
  /** The last ignored-settings note shown to the user. */
  let lastInvalidShown = '';

  const index = new WorkspaceIndex(host, log, startProgress);
  const documents = new TextDocuments(TextDocument);
  let scheduler: DiagnosticsScheduler | null = null;

  let statusNotifications = false;
  /** Computed only for a client that shows it: the problem counts read every file's problems. */
  function sendStatus(status: () => IndexStatus): void {
    if (statusNotifications) void connection.sendNotification(STATUS_NOTIFICATION, status());
  }

  /**
   * The index's progress: work-done progress (never waiting for the client: one that does not
   * answer must not hold up the scan, issue 15, finding 23), the status bar's notifications, and
   * a report of each index in the log.
   */
  function startProgress(title: string): Promise<ProgressReporter> {
    const started = Date.now();
    sendStatus(() => ({ state: 'indexing', message: 'Looking for YAML files', percentage: 0 }));
    const progress = support.workDoneProgress ? progressWithoutWaiting(() => connection.window.createWorkDoneProgress(), title, log) : null;
    return Promise.resolve({
      report: (message, percentage) => {
        progress?.report(message, percentage);
        sendStatus(() => ({ state: 'indexing', message, percentage }));
      },
      done: () => {
        progress?.done();
        void index.settled().then(() => {
          log.info(indexReport(index, Date.now() - started));
          sendStatus(() => readyStatus(index));
        });
      },
    });
  }

  async function loadConfiguration(): Promise<IndexConfiguration> {
    const current = folders;
    const load = ++configurationLoads;
    if (!support.configuration) return configurationOf(pushedSettings, [], current);
    const request = connection.workspace.getConfiguration([{ section: SECTION }, ...current.map((f) => ({ scopeUri: f.uri, section: 'files.exclude' }))]);
    try {
      // Applied only if no newer configuration was asked for meanwhile.
      const applyLate = (late: unknown[]): void => {
        if (load === configurationLoads) void index.configure(() => Promise.resolve(configurationOf(late[0], late.slice(1), current)));
      };
      const values: unknown[] = await withClientTimeout(host, 'workspace/configuration', request, applyLate);
      return configurationOf(values[0], values.slice(1), current);
    } catch (error) {
      if (!(error instanceof ClientTimeoutError)) throw error;
      // A late answer is applied when it comes (above).
      log.warn(`Using the pushed or default settings: ${error.message}.`);
      return configurationOf(pushedSettings, [], current);
    }
  }

  function configurationOf(section: unknown, excludes: readonly unknown[], current: WorkspaceFolderPath[]): IndexConfiguration {
    const filesExclude = new Map<string, unknown>();
    current.forEach((f, i) => filesExclude.set(f.uri, excludes[i]));
    const invalid: string[] = [];
    const parsed = parseSettings(section, filesExclude, invalid);
    const note = invalid.length > 0 ? `Ignored settings (their defaults apply): ${invalid.join('; ')}.` : '';
    if (note) log.warn(note);
    // Shown once per distinct set of bad values, not again on every configuration load.
    if (note && note !== lastInvalidShown) log.show?.(note);
    lastInvalidShown = note;
    const settings = applyRepositoryConfigs(parsed, current);
    return { settings, severities: effectiveSeverities(settings, redHatYamlActive), folders: current };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = clientSupport(params.capabilities);
    renameAnnotations = support.documentChanges && params.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
    folders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    redHatYamlActive = (params.initializationOptions as InitializationOptions | undefined)?.redHatYamlActive === true;
    statusNotifications = (params.initializationOptions as InitializationOptions | undefined)?.statusNotifications === true;
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [AFTER_FIX_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    if (support.pullDiagnostics)
      capabilities.diagnosticProvider = { identifier: DIAGNOSTIC_PROVIDER_ID, interFileDependencies: true, workspaceDiagnostics: true };
    scheduler = new DiagnosticsScheduler(
      index,
      host,
      support.pullDiagnostics
        ? { refresh: support.diagnosticRefresh ? () => connection.sendRequest(DiagnosticRefreshRequest.type) : null, publish: null }
        : { refresh: null, publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics }) },
      (what, error) => log.error(`Failed ${what}: ${describeError(error)}`),
    );
    return { capabilities, serverInfo: { name: 'kube-service-dns', version: VERSION } };
  });

  connection.onInitialized(
    runSafeNotification(log, 'initialized', () => {
      if (support.watchedFilesRegistration)
        connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: YAML_WATCH_GLOBS.map((globPattern) => ({ globPattern })) })
          .catch((error: unknown) => log.warn(`Cannot watch YAML files: ${describeError(error)}`));
      if (support.workspaceFolders)
        connection.workspace.onDidChangeWorkspaceFolders(
          runSafeNotification(log, 'workspace/didChangeWorkspaceFolders', (event) => {
            const removed = new Set(event.removed.map((f) => f.uri));
            folders = [...folders.filter((f) => !removed.has(f.uri)), ...folderPaths(event.added)];
            void index.configure(loadConfiguration);
          }),
        );
      index.onDidChange(() => scheduler?.requestRefresh());
      index.onDidChange(() => refreshViews());
      // Open files first: their diagnostics go out as soon as they can be answered (WorkspaceIndex.settledFor).
      void index.openDocumentsReady().then(() => scheduler?.refreshNow());
      void index.configure(loadConfiguration);
    }),
  );

  /** Code lenses and inlay hints of every file may change with any file: ask the client to re-pull them (throttled). */
  let viewsRefresh: unknown = null;
  function refreshViews(): void {
    if (viewsRefresh !== null) return;
    viewsRefresh = host.setTimeout(() => {
      viewsRefresh = null;
      if (statusNotifications && !index.scanning) void index.settled().then(() => sendStatus(() => readyStatus(index)));
      if (support.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.warn(`Code lens refresh failed: ${describeError(error)}`));
      if (support.inlayHintRefresh) connection.languages.inlayHint.refresh().catch((error: unknown) => log.warn(`Inlay hint refresh failed: ${describeError(error)}`));
    }, 300);
  }

  connection.onDidChangeConfiguration(
    runSafeNotification(log, 'workspace/didChangeConfiguration', (params) => {
      const settings = params.settings as Record<string, unknown> | null | undefined;
      if (settings && typeof settings === 'object' && SECTION in settings) pushedSettings = settings[SECTION];
      void index.configure(loadConfiguration);
    }),
  );

  connection.onDidChangeWatchedFiles(
    runSafeNotification(log, 'workspace/didChangeWatchedFiles', (params) => {
      const kinds: Record<number, DiskChange['kind']> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };
      void index.applyDiskChanges(params.changes.filter((c) => kinds[c.type]).map((c) => ({ uri: c.uri, kind: kinds[c.type]! })));
      // The repository config file also sets options: load the configuration again (re-checks all).
      if (params.changes.some((c) => isRepositoryConfigUri(c.uri))) void index.configure(loadConfiguration);
    }),
  );

  documents.onDidChangeContent(
    runSafeNotification(log, 'textDocument/didChange', (event) => index.setOpenDocument(event.document.uri, event.document.version, event.document.getText())),
  );
  documents.onDidClose(runSafeNotification(log, 'textDocument/didClose', (event) => index.closeDocument(event.document.uri)));
  documents.listen(connection);

  connection.onHover(
    runSafe(log, 'textDocument/hover', () => null, async (params, token) => {
      await index.settledFor(params.textDocument.uri);
      // Cancelled while waiting for the index: no work (the guard answers RequestCancelled).
      if (token.isCancellationRequested) return null;
      return provideHover(index, params.textDocument.uri, params.position);
    }),
  );

  connection.onDefinition(
    runSafe(log, 'textDocument/definition', () => [], async (params) => {
      await index.settled();
      return provideDefinition(index, params.textDocument.uri, params.position);
    }),
  );

  connection.onReferences(
    runSafe(log, 'textDocument/references', () => [], async (params) => {
      await index.settled();
      return provideReferences(index, params.textDocument.uri, params.position, params.context.includeDeclaration);
    }),
  );

  connection.onDocumentHighlight(
    runSafe(log, 'textDocument/documentHighlight', () => [], async (params) => {
      await index.settledFor(params.textDocument.uri);
      return provideDocumentHighlights(index, params.textDocument.uri, params.position);
    }),
  );

  connection.onPrepareRename(
    runSafe(log, 'textDocument/prepareRename', () => null, async (params) => {
      await index.settled();
      return providePrepareRename(index, params.textDocument.uri, params.position);
    }),
  );

  connection.onRenameRequest(
    runSafe(log, 'textDocument/rename', () => null, async (params) => {
      // A rename edits every file that refers to the name: only the whole index knows them all.
      await index.settled();
      return provideRename(index, params.textDocument.uri, params.position, params.newName, renameAnnotations);
    }),
  );

  connection.onCompletion(
    runSafe(log, 'textDocument/completion', () => null, async (params) => {
      await index.settledFor(params.textDocument.uri);
      return provideCompletion(index, params.textDocument.uri, params.position);
    }),
  );

  connection.onDocumentSymbol(
    runSafe(log, 'textDocument/documentSymbol', () => [], async (params) => {
      await index.settledFor(params.textDocument.uri);
      return provideDocumentSymbols(index, params.textDocument.uri);
    }),
  );

  connection.onWorkspaceSymbol(
    runSafe(log, 'workspace/symbol', () => [], async (params) => {
      await index.settled();
      return provideWorkspaceSymbols(index, params.query);
    }),
  );

  connection.onCodeLens(
    runSafe(log, 'textDocument/codeLens', () => [], async (params) => {
      // Reference counts span the workspace.
      await index.settled();
      return provideCodeLenses(index, params.textDocument.uri);
    }),
  );

  connection.onDocumentLinks(
    runSafe(log, 'textDocument/documentLink', () => [], async (params) => {
      await index.settledFor(params.textDocument.uri);
      return provideDocumentLinks(index, params.textDocument.uri);
    }),
  );

  connection.languages.inlayHint.on(
    runSafe(log, 'textDocument/inlayHint', () => [], async (params) => {
      await index.settledFor(params.textDocument.uri);
      return provideInlayHints(index, params.textDocument.uri, params.range);
    }),
  );

  // The client's commands and Service DNS view (custom requests: LSP has no such features).
  connection.onRequest(
    REQUESTS.tree,
    runSafe(log, REQUESTS.tree, () => ({ namespaces: [] }), async () => {
      await index.settled();
      return serviceTree(index);
    }),
  );
  connection.onRequest(
    REQUESTS.serviceAt,
    runSafe(log, REQUESTS.serviceAt, () => null, async (params: ServiceAtParams) => {
      await index.settled();
      return serviceAt(index, params.uri, params.position);
    }),
  );
  connection.onRequest(
    REQUESTS.serviceNames,
    runSafe(log, REQUESTS.serviceNames, () => null, async (params: ServiceNamesParams) => {
      await index.settled();
      return serviceNamesMarkdown(index, params.namespace, params.name, typeof params.overlay === 'string' ? params.overlay : undefined);
    }),
  );
  connection.onRequest(
    REQUESTS.resolve,
    runSafe(log, REQUESTS.resolve, () => null, async (params: ResolveParams): Promise<ResolveResult | null> => {
      await index.settled();
      return resolveMarkdown(index, params.name, params.namespace, params.type);
    }),
  );
  connection.onRequest(
    REQUESTS.reindex,
    runSafe(log, REQUESTS.reindex, () => null, async () => {
      await index.rescan(loadConfiguration);
      return null;
    }),
  );

  connection.languages.diagnostics.on(
    runSafe(log, 'textDocument/diagnostic', (): DocumentDiagnosticReport => ({ kind: 'full', items: [] }), async (params, token) => {
      await index.settledFor(params.textDocument.uri);
      if (token.isCancellationRequested) return { kind: 'full', items: [] };
      return provideDocumentDiagnostics(index, params);
    }),
  );

  connection.languages.diagnostics.onWorkspace(
    runSafe(log, 'workspace/diagnostic', (): WorkspaceDiagnosticReport => ({ items: [] }), async (params, token) => {
      await index.settled();
      const pause = () => new Promise<boolean>((resolve) => host.setTimeout(() => resolve(!token.isCancellationRequested), 0));
      // null means cancelled; the guard then answers with RequestCancelled.
      return (await provideWorkspaceDiagnostics(index, params, pause)) ?? { items: [] };
    }),
  );

  connection.onCodeAction(
    runSafe(log, 'textDocument/codeAction', () => [], async (params) => {
      // Quick fixes edit files (create a Service…), so they wait for the whole index even on open documents.
      await index.settled();
      return provideCodeActions(index, params, support);
    }),
  );

  connection.onExecuteCommand(
    runSafe(log, 'workspace/executeCommand', () => null, (params) => {
      if (params.command === AFTER_FIX_COMMAND) afterFix(connection, params.arguments ?? []);
      return null;
    }),
  );

  connection.onShutdown(() => scheduler?.dispose());
  connection.listen();
}

/** Workspace folders with a file-system path; other schemes cannot be scanned and are skipped. */
function folderPaths(list: readonly WorkspaceFolder[]): WorkspaceFolderPath[] {
  const result: WorkspaceFolderPath[] = [];
  for (const f of list) {
    const path = filePathOf(f.uri);
    // Normalised once (`file:///ws/` is `file:///ws`): every path is matched against it.
    if (path !== null) result.push({ uri: f.uri, path: normaliseFolderPath(path) });
  }
  return result;
}
