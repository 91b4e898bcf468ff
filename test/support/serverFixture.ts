// Mocha lifecycle for protocol tests: one server per suite over a temp workspace, or a teardown
// that stops whatever server and workspace a test started.
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient';
import { TempWorkspace } from './tempWorkspace';

export interface ServerFixture {
  readonly client: LspClient;
  readonly workspace: TempWorkspace;
}

/** Starts one server for the suite over `files`; every test must leave it healthy. */
export function sharedServer(files: Record<string, string>, capabilities?: ClientCapabilities): ServerFixture {
  const fixture = {} as { client: LspClient; workspace: TempWorkspace };
  suiteSetup(async () => {
    fixture.workspace = new TempWorkspace(files);
    fixture.client = await LspClient.start({ workspace: fixture.workspace.root, ...(capabilities ? { capabilities } : {}) });
  });
  suiteTeardown(async () => {
    await stopServer(fixture.client, fixture.workspace);
  });
  teardown(() => fixture.client.assertHealthy());
  return fixture;
}

/** Shuts the server down (exit code checked by `shutdown`) and always removes the workspace. */
export async function stopServer(client: LspClient | undefined, workspace: TempWorkspace | undefined): Promise<void> {
  try {
    await client?.shutdown();
  } finally {
    client?.dispose();
    workspace?.dispose();
  }
}
