// The language-server half of the benchmark, through the real `dist/server.js --stdio`: cold index
// (spawn to the first diagnostics of a file, which the server answers once its index is built),
// whether the open file is served before the index completes, RSS after indexing, editing
// latency (type in a headless Service file, pull diagnostics for it and for the StatefulSet that
// depends on it), hover latency, and RSS after many random edits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  CompletionRequest,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
  workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
};

export interface ServerFigures {
  /** Spawn to the first `textDocument/diagnostic` answer for a file (the server waits for its index). */
  readonly coldIndexMs: number;
  /** Spawn to the end of the indexing progress, when the server reports one. */
  readonly progressEndMs: number | null;
  /** Spawn to the first hover answered in the file opened right after `initialized`. */
  readonly openFileHoverMs: number;
  readonly rssAfterIndexMb: number | null;
  readonly editP50Ms: number;
  readonly editP95Ms: number;
  readonly hoverP50Ms: number;
  readonly hoverP95Ms: number;
  readonly randomEdits: number;
  readonly rssAfterEditsMb: number | null;
  /** The navigation features, when measured (`rounds.features`). */
  readonly features: FeatureFigures | null;
}

export interface FeatureFigures {
  /** Find references on the shared Service's name (includeDeclaration), p50/p95, and how many it found. */
  readonly referencesP50Ms: number;
  readonly referencesP95Ms: number;
  readonly referencesFound: number;
  readonly symbolsP50Ms: number;
  readonly symbolsP95Ms: number;
  readonly completionP50Ms: number;
  readonly completionP95Ms: number;
  /** Items in the last completion list (a host position must offer hosts). */
  readonly completionItems: number;
}

/** Where the navigation features are measured: a Service many files name. */
export interface FeatureTarget {
  /** The file declaring the shared Service. */
  readonly hubService: string;
  /** Where completion is asked: inside a host in a workload's env value. */
  readonly completion: CompletionTarget;
  readonly requests: number;
}

export interface CompletionTarget {
  readonly file: string;
  /** The offset in the file's text: inside the host, two letters typed. */
  readonly offset: number;
}

class BenchClient {
  private readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  progressEnd: number | null = null;
  private stderr = '';

  constructor(
    serverPath: string,
    workspace: string,
    private readonly started: number,
  ) {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    const c = this.connection;
    c.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'kubeServiceDns' ? {} : item.section === 'files.exclude' ? {} : null)));
    c.onRequest(RegistrationRequest.type, () => undefined);
    c.onRequest(UnregistrationRequest.type, () => undefined);
    c.onRequest(DiagnosticRefreshRequest.type, () => undefined);
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      c.onProgress(WorkDoneProgress.type, params.token, (value) => {
        if (value.kind === 'end' && this.progressEnd === null) this.progressEnd = performance.now() - this.started;
      });
    });
    c.onUnhandledNotification(() => undefined);
    c.listen();
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async initialize(workspace: string): Promise<void> {
    const rootUri = pathToFileURL(workspace).href;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(workspace) }],
      capabilities: CAPABILITIES,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  rssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 10_000);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Killed below.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.pid !== undefined) this.child.kill();
  }

  transcript(): string {
    return this.stderr.slice(-2000);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** A headless Service file and the StatefulSet file that names it (split layout, same app folder). */
export interface EditTarget {
  readonly service: string;
  readonly statefulSet: string;
}

export async function benchServer(
  serverPath: string,
  workspace: string,
  target: EditTarget,
  rounds: { edits: number; hovers: number; randomEdits: number; features?: FeatureTarget },
): Promise<ServerFigures> {
  const started = performance.now();
  const client = new BenchClient(serverPath, workspace, started);
  try {
    await withTimeout(client.initialize(workspace), 30_000);
    const svcUri = pathToFileURL(target.service).href;
    const stsUri = pathToFileURL(target.statefulSet).href;
    let svc = TextDocument.create(svcUri, 'yaml', 1, readFileSync(target.service, 'utf8'));
    const sts = TextDocument.create(stsUri, 'yaml', 1, readFileSync(target.statefulSet, 'utf8'));
    // The file in front of the user: opened at once, hovered at once.
    await client.notify(DidOpenTextDocumentNotification.method, { textDocument: { uri: svcUri, languageId: 'yaml', version: 1, text: svc.getText() } });
    const nameOffset = svc.getText().indexOf('name: ') + 'name: '.length + 1;
    const hoverAt = (doc: TextDocument, offset: number) => client.request(HoverRequest.method, { textDocument: { uri: doc.uri }, position: doc.positionAt(offset) });
    const firstHover = hoverAt(svc, nameOffset).then(() => performance.now() - started);
    const firstDiagnostics = client
      .request(DocumentDiagnosticRequest.method, { textDocument: { uri: stsUri } })
      .then(() => performance.now() - started);
    const [openFileHoverMs, coldIndexMs] = await withTimeout(Promise.all([firstHover, firstDiagnostics]), 600_000);
    const rssAfterIndexMb = client.rssMb();
    await client.notify(DidOpenTextDocumentNotification.method, { textDocument: { uri: stsUri, languageId: 'yaml', version: 1, text: sts.getText() } });

    // Typing in the Service file: one character added, then removed, at the end of a label value.
    const label = svc.getText().indexOf('app.kubernetes.io/component: ');
    const valueEnd = svc.getText().indexOf('\n', label);
    const change = async (insert: boolean): Promise<void> => {
      const at = svc.positionAt(valueEnd);
      const range = insert ? { start: at, end: at } : { start: svc.positionAt(valueEnd), end: svc.positionAt(valueEnd + 1) };
      const text = insert ? 'x' : '';
      svc = TextDocument.update(svc, [{ range, text }], svc.version + 1);
      await client.notify(DidChangeTextDocumentNotification.method, { textDocument: { uri: svcUri, version: svc.version }, contentChanges: [{ range, text }] });
    };
    const pull = (uri: string) => client.request(DocumentDiagnosticRequest.method, { textDocument: { uri } });
    const editTimes: number[] = [];
    for (let i = 0; i < rounds.edits; i++) {
      const t = performance.now();
      await change(i % 2 === 0);
      await Promise.all([pull(svcUri), pull(stsUri)]);
      editTimes.push(performance.now() - t);
    }
    if (rounds.edits % 2 === 1) await change(false);

    // Hover: the Service's name, and a host name in the StatefulSet's env values.
    const hostOffset = sts.getText().search(/value: '?[a-z]/);
    const hoverTimes: number[] = [];
    for (let i = 0; i < rounds.hovers; i++) {
      const t = performance.now();
      if (i % 2 === 0 || hostOffset < 0) await hoverAt(svc, nameOffset);
      else await hoverAt(sts, hostOffset + 'value: '.length + 2);
      hoverTimes.push(performance.now() - t);
    }

    // Many random edits (typing anywhere in the Service file, undone in pairs), pulling now and then.
    let seed = 12345;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < rounds.randomEdits; i += 2) {
      const offset = Math.floor(next() * svc.getText().length);
      const at = svc.positionAt(offset);
      const ch = 'abc: -#\n'[Math.floor(next() * 8)]!;
      svc = TextDocument.update(svc, [{ range: { start: at, end: at }, text: ch }], svc.version + 1);
      await client.notify(DidChangeTextDocumentNotification.method, { textDocument: { uri: svcUri, version: svc.version }, contentChanges: [{ range: { start: at, end: at }, text: ch }] });
      if (i % 50 === 0) await pull(svcUri);
      const end = svc.positionAt(offset + ch.length);
      svc = TextDocument.update(svc, [{ range: { start: at, end }, text: '' }], svc.version + 1);
      await client.notify(DidChangeTextDocumentNotification.method, { textDocument: { uri: svcUri, version: svc.version }, contentChanges: [{ range: { start: at, end }, text: '' }] });
      if (i % 50 === 0) await pull(stsUri);
    }
    await Promise.all([pull(svcUri), pull(stsUri)]);
    const features = rounds.features ? await measureFeatures(client, rounds.features, sts) : null;
    return {
      coldIndexMs,
      progressEndMs: client.progressEnd,
      openFileHoverMs,
      rssAfterIndexMb,
      editP50Ms: percentile(editTimes, 50),
      editP95Ms: percentile(editTimes, 95),
      hoverP50Ms: percentile(hoverTimes, 50),
      hoverP95Ms: percentile(hoverTimes, 95),
      randomEdits: rounds.randomEdits,
      rssAfterEditsMb: client.rssMb(),
      features,
    };
  } catch (error) {
    throw new Error(`server benchmark failed: ${error instanceof Error ? error.message : String(error)}\n${client.transcript()}`);
  } finally {
    await client.close();
  }
}

/** References on the shared Service, workspace symbols and completion in a host value, each `requests` times. */
async function measureFeatures(client: BenchClient, target: FeatureTarget, sts: TextDocument): Promise<FeatureFigures> {
  const hubText = readFileSync(target.hubService, 'utf8');
  const hub = TextDocument.create(pathToFileURL(target.hubService).href, 'yaml', 1, hubText);
  const namePosition = hub.positionAt(hubText.indexOf('name: ') + 'name: '.length + 1);
  const timed = async <T>(fn: (i: number) => Promise<T>): Promise<{ times: number[]; last: T | null }> => {
    const times: number[] = [];
    let last: T | null = null;
    for (let i = 0; i < target.requests; i++) {
      const t = performance.now();
      last = await fn(i);
      times.push(performance.now() - t);
    }
    return { times, last };
  };
  const references = await timed(() =>
    client.request<unknown[] | null>(ReferencesRequest.method, { textDocument: { uri: hub.uri }, position: namePosition, context: { includeDeclaration: true } }),
  );
  // What a user types into the symbol search, letter by letter: short queries match the most.
  const queries = ['p', 'po', 'pos', 'post', 'redis', 'api-1', 'tele', 'kafka-2', 'web', 'zz'];
  const symbols = await timed((i) => client.request<unknown[] | null>(WorkspaceSymbolRequest.method, { query: queries[i % queries.length] }));
  // Completion inside a host written in a workload's env (its first two letters typed so far),
  // in a file opened as the editor would.
  const completionDoc = TextDocument.create(pathToFileURL(target.completion.file).href, 'yaml', 1, readFileSync(target.completion.file, 'utf8'));
  if (completionDoc.uri !== sts.uri)
    await client.notify(DidOpenTextDocumentNotification.method, { textDocument: { uri: completionDoc.uri, languageId: 'yaml', version: 1, text: completionDoc.getText() } });
  const position = completionDoc.positionAt(target.completion.offset);
  const completion = await timed(() => client.request<{ items: unknown[] } | unknown[] | null>(CompletionRequest.method, { textDocument: { uri: completionDoc.uri }, position }));
  const items = completion.last === null ? 0 : Array.isArray(completion.last) ? completion.last.length : completion.last.items.length;
  return {
    referencesP50Ms: percentile(references.times, 50),
    referencesP95Ms: percentile(references.times, 95),
    referencesFound: references.last?.length ?? 0,
    symbolsP50Ms: percentile(symbols.times, 50),
    symbolsP95Ms: percentile(symbols.times, 95),
    completionP50Ms: percentile(completion.times, 50),
    completionP95Ms: percentile(completion.times, 95),
    completionItems: items,
  };
}

/** True when `dist/server.js` starts and answers `initialize` (the server is being written concurrently). */
export async function serverAnswers(workspace: string): Promise<boolean> {
  const client = new BenchClient(SERVER_PATH, workspace, performance.now());
  try {
    await withTimeout(client.initialize(workspace), 15_000);
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
