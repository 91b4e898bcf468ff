// The protocol-test client: spawns the shipped `dist/server.js --stdio` and speaks real JSON-RPC to
// it through vscode-languageserver-protocol. It answers the server's own requests (configuration,
// registrations, progress, diagnostic refresh), records what the server sends, keeps a
// TextDocument per open file so ranges can be checked as offsets, and fails a test on any
// error-level log, any protocol error and any byte on stdout that is not a protocol frame.
// Waits are on messages with a deadline, never on time alone.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  ConfigurationRequest,
  ShowDocumentRequest,
  type ShowDocumentParams,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceDiagnosticRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type FileEvent,
  type Hover,
  type InitializeResult,
  type LogMessageParams,
  type ProgressToken,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceDiagnosticReport,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

/** The shipped server; `KSD_SERVER` points the tests at another build (to measure a baseline). */
export const SERVER_PATH = process.env['KSD_SERVER'] ?? path.resolve(__dirname, '../../../dist/server.js');
const DEFAULT_DEADLINE_MS = 10_000;
const LOG_LEVEL: Record<number, string> = { [MessageType.Error]: 'error', [MessageType.Warning]: 'warning', [MessageType.Info]: 'info', [MessageType.Log]: 'log' };

/** The capabilities VS Code 1.100 sends that the server relies on; tests may override parts. */
export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true, dataSupport: true },
  },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
};

export interface LspClientOptions {
  /** The workspace folder (absolute path); also the server's working directory. */
  readonly workspace: string;
  /** The `kubeServiceDns` settings section the client answers with. */
  readonly settings?: Record<string, unknown>;
  /** `files.exclude` for the workspace folder. */
  readonly filesExclude?: Record<string, boolean>;
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  /** The workspace folder URI as the client spells it (a trailing slash, a symlinked path…); default: from `workspace`. */
  readonly folderUri?: string;
  /** Server requests this client never answers (a buggy client), by method. */
  readonly neverAnswer?: readonly string[];
}

type ProgressEvent = { readonly token: ProgressToken; readonly value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd };

export class LspClient {
  readonly logs: LogMessageParams[] = [];
  readonly shownMessages: ShowMessageParams[] = [];
  /** `window/showDocument` requests (a quick fix revealing its edit in another file). */
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly registrations: Registration[] = [];
  readonly progressTokens: ProgressToken[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly configurationRequests: unknown[] = [];
  /** `kubeServiceDns/status` notifications received. */
  readonly statuses: unknown[] = [];
  private readonly initializationOptions: unknown;
  /** Complete `Content-Length` frames seen on the server's stdout. */
  stdoutFrames = 0;
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshCount = 0;
  initializeResult: InitializeResult | undefined;
  /** Error-level logs that the current test expects; anything else fails `assertHealthy`. */
  allowErrorLogs = false;

  private readonly problems: string[] = [];
  private shuttingDown = false;
  private readonly documents = new Map<string, TextDocument>();
  private readonly listeners = new Set<() => void>();
  private stderr = '';
  private settings: Record<string, unknown>;
  private filesExclude: Record<string, boolean>;
  private exitCode: Promise<number | null>;
  private readonly neverAnswer: ReadonlySet<string>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    readonly workspace: string,
    options: LspClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.initializationOptions = options.initializationOptions;
    this.filesExclude = options.filesExclude ?? {};
    this.neverAnswer = new Set(options.neverAnswer ?? []);
    this.exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    watchFraming(
      child.stdout!,
      () => this.stdoutFrames++,
      (problem) => this.fail(`stdout: ${problem}`),
    );
    this.listen();
  }

  /** Spawns the server, answers its requests, and completes `initialize` + `initialized`. */
  static async start(options: LspClientOptions): Promise<LspClient> {
    assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build first`);
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], {
      cwd: options.workspace,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options.workspace, options);
    connection.listen();
    const rootUri = options.folderUri ?? pathToFileURL(options.workspace).href;
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(options.workspace) }],
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(relative: string): string {
    return pathToFileURL(path.join(this.workspace, relative)).href;
  }

  /** The open document, or the file's disk content as a document (for ranges in unopened files). */
  document(uri: string): TextDocument {
    return this.documents.get(uri) ?? TextDocument.create(uri, 'yaml', 0, readFileSync(fileURLToPath(uri), 'utf8'));
  }

  openUris(): string[] {
    return [...this.documents.keys()];
  }

  async open(relative: string, text?: string): Promise<string> {
    const uri = this.uri(relative);
    const content = text ?? readFileSync(path.join(this.workspace, relative), 'utf8');
    // Versions restart at 1 with each open: a version published while the document was open
    // before belongs to that earlier session (the server need not resend unchanged diagnostics).
    const earlier = this.published.get(uri);
    if (earlier?.version !== undefined) this.published.set(uri, { uri, diagnostics: earlier.diagnostics });
    this.documents.set(uri, TextDocument.create(uri, 'yaml', 1, content));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: content } });
    return uri;
  }

  /** Sends incremental changes (ranges in the current text) and applies them to the local copy. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const doc = this.documents.get(uri);
    assert.ok(doc, `${uri} is not open`);
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.documents.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges: changes });
  }

  /** Replaces the first occurrence of `find` in an open document, as one incremental change. */
  async replace(uri: string, find: string, replacement: string): Promise<void> {
    const doc = this.document(uri);
    const offset = doc.getText().indexOf(find);
    assert.ok(offset >= 0, `"${find}" not found in ${uri}`);
    await this.change(uri, [{ range: { start: doc.positionAt(offset), end: doc.positionAt(offset + find.length) }, text: replacement }]);
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    const types: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
    const events: FileEvent[] = changes.map((c) => ({ uri: c.uri, type: types[c.type]! }));
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: events });
  }

  /** `workspace/didChangeWorkspaceFolders`, with absolute folder paths. */
  async changeFolders(added: string[], removed: string[] = []): Promise<void> {
    const folder = (p: string) => ({ uri: pathToFileURL(p).href, name: path.basename(p) });
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: added.map(folder), removed: removed.map(folder) } });
  }

  /** Changes the settings the client answers with and tells the server, as VS Code does. */
  async updateSettings(settings: Record<string, unknown>, filesExclude?: Record<string, boolean>): Promise<void> {
    this.settings = settings;
    if (filesExclude) this.filesExclude = filesExclude;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { kubeServiceDns: settings } });
  }

  hover(uri: string, offset: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: this.document(uri).positionAt(offset) });
  }

  /** Pulls the document's diagnostics (a full report is expected). */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.documentDiagnosticReport(uri);
    assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
    return report.kind === DocumentDiagnosticReportKind.Full ? report.items : [];
  }

  documentDiagnosticReport(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, previousResultId === undefined ? { textDocument: { uri } } : { textDocument: { uri }, previousResultId });
  }

  workspaceDiagnostics(previousResultIds: { uri: string; value: string }[] = []): Promise<WorkspaceDiagnosticReport> {
    return this.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    const context = only ? { diagnostics, only } : { diagnostics };
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context });
    return (result ?? []).filter((a): a is CodeAction => !isCommand(a));
  }

  /** An untyped request, for malformed-params tests. */
  request(method: string, params: unknown): Promise<unknown> {
    return this.connection.sendRequest(method, params);
  }

  executeCommand(command: Command): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments ?? [] });
  }

  /**
   * Applies a WorkspaceEdit as an editor would: to open documents through `didChange` (checking
   * the versions the edit was made for), and to unopened files by opening them first.
   */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    const perFile: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const change of edit.documentChanges ?? [])
      if ('textDocument' in change) perFile.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits.filter((e): e is TextEdit => 'range' in e) });
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perFile.push({ uri, version: null, edits });
    for (const file of perFile) {
      if (!this.documents.has(file.uri)) await this.open(path.relative(this.workspace, fileURLToPath(file.uri)));
      const doc = this.documents.get(file.uri)!;
      if (file.version !== null) assert.equal(file.version, doc.version, `edit for ${file.uri} was made for version ${file.version}, document is at ${doc.version}`);
      // Applied last-first, each as its own incremental change, so earlier ranges stay valid.
      const sorted = [...file.edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
      await this.change(file.uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
    }
  }

  /** Resolves when `predicate` holds, checking after every message from the server; fails at the deadline. */
  waitFor(predicate: () => boolean, what: string, deadlineMs = DEFAULT_DEADLINE_MS): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}\n${this.transcript()}`));
      }, deadlineMs);
      this.listeners.add(check);
    });
  }

  /** Fails on error logs (unless allowed), protocol errors and stray stdout seen so far. */
  assertHealthy(): void {
    const errors = this.allowErrorLogs ? [] : this.logs.filter((l) => l.type === MessageType.Error).map((l) => `error log: ${l.message}`);
    assert.deepEqual([...this.problems, ...errors], [], this.transcript());
  }

  /** `shutdown` then `exit`; the server must exit with code 0. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await withDeadline(this.exitCode, DEFAULT_DEADLINE_MS, 'the server to exit');
    this.connection.dispose();
    assert.equal(code, 0, `server exited with ${code}\n${this.transcript()}`);
    this.assertHealthy();
  }

  /** `exit` without `shutdown`: the protocol says the server then exits with code 1. */
  async exitWithoutShutdown(): Promise<number | null> {
    this.shuttingDown = true;
    await this.connection.sendNotification(ExitNotification.type);
    return withDeadline(this.exitCode, DEFAULT_DEADLINE_MS, 'the server to exit');
  }

  /** Kills the server if a test left it running (after a failure). */
  dispose(): void {
    this.shuttingDown = true;
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }

  /** The server process's peak resident memory in MB (Linux `VmHWM`), or null where that is not known. */
  serverPeakMemoryMb(): number | null {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Math.round(Number(match[1]) / 1024) : null;
    } catch {
      return null;
    }
  }

  /** stderr and the server's log, for failure messages. */
  transcript(): string {
    const logs = this.logs.map((l) => `[${LOG_LEVEL[l.type] ?? l.type}] ${l.message}`).join('\n');
    return `--- server log ---\n${logs}\n--- stderr ---\n${this.stderr}`;
  }

  private listen(): void {
    const c = this.connection;
    const notify = (): void => {
      for (const listener of [...this.listeners]) listener();
    };
    c.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params);
      notify();
      if (this.neverAnswer.has(ConfigurationRequest.method)) return new Promise<never>(() => undefined);
      return params.items.map((item) => (item.section === 'kubeServiceDns' ? this.settings : item.section === 'files.exclude' ? this.filesExclude : null));
    });
    c.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      notify();
    });
    c.onRequest(UnregistrationRequest.type, () => undefined);
    c.onRequest(ShowDocumentRequest.type, (params) => {
      this.shownDocuments.push(params);
      notify();
      return { success: true };
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.progressTokens.push(params.token);
      if (this.neverAnswer.has(WorkDoneProgressCreateRequest.method)) return new Promise<never>(() => undefined);
      c.onProgress(WorkDoneProgress.type, params.token, (value) => {
        this.progress.push({ token: params.token, value });
        notify();
      });
      notify();
      return undefined;
    });
    c.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshCount++;
      notify();
    });
    c.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      notify();
    });
    c.onNotification(ShowMessageNotification.type, (params) => {
      this.shownMessages.push(params);
      notify();
    });
    c.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, params);
      notify();
    });
    c.onError(([error]) => this.fail(`protocol error: ${error.message}`));
    c.onClose(() => {
      if (!this.shuttingDown) this.fail('the server closed the connection');
    });
    c.onNotification('kubeServiceDns/status', (params: unknown) => {
      // Sent only to clients that ask (initializationOptions.statusNotifications).
      if (!(this.initializationOptions as { statusNotifications?: boolean } | undefined)?.statusNotifications) this.fail('unexpected notification kubeServiceDns/status');
      this.statuses.push(params);
      notify();
    });
    c.onUnhandledNotification((n) => this.fail(`unexpected notification ${n.method}`));
  }

  private fail(problem: string): void {
    this.problems.push(problem);
  }
}

function isCommand(value: CodeAction | Command): value is Command {
  return typeof (value as Command).command === 'string';
}

/**
 * Checks that stdout is nothing but `Content-Length` framed messages, independently of the
 * protocol reader (which might skip junk between frames).
 */
function watchFraming(stdout: NodeJS.ReadableStream, onFrame: () => void, report: (problem: string) => void): void {
  let buffer = Buffer.alloc(0);
  let failed = false;
  stdout.on('data', (chunk: Buffer) => {
    if (failed) return;
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        const head = buffer.toString('latin1');
        if (!head.startsWith('Content-Length: ') && !'Content-Length: '.startsWith(head)) fail(buffer.subarray(0, 80).toString('utf8'));
        return;
      }
      const header = buffer.subarray(0, headerEnd).toString('latin1');
      const length = /^Content-Length: (\d+)(?:\r\nContent-Type: [^\r\n]*)?$/.exec(header);
      if (!length) return fail(header.slice(0, 80));
      const total = headerEnd + 4 + Number(length[1]);
      if (buffer.length < total) return;
      buffer = buffer.subarray(total);
      onFrame();
    }
  });
  function fail(junk: string): void {
    failed = true;
    report(`non-protocol output ${JSON.stringify(junk)}`);
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
