// The repository config file in the editor: read at the workspace folder's root, applied over the
// settings, and a change to it (watched file) re-checks the workspace; its bad entries are
// diagnostics on the config file itself.
import * as assert from 'node:assert/strict';
import { LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { stopServer } from '../support/serverFixture';
import { API_SERVICE } from './fixtures';

const APP = `${API_SERVICE}---
${dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
  spec:
    selector:
      matchLabels:
        app: api
    template:
      metadata:
        labels:
          app: api
      spec:
        containers:
          - name: api
            image: api
            env:
              - name: DB
                value: http://legacy-db:5432
`}`;

suite('lsp: repository config file', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  teardown(() => stopServer(client, workspace));

  const codes = async (file: string) => (await client.diagnostics(workspace.uri(file))).map((d) => `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1}`);

  test('a change to .kube-service-dns.yaml re-checks: external Services, severities and its own bad entries', async () => {
    workspace = new TempWorkspace({ 'app.yaml': APP });
    client = await LspClient.start({ workspace: workspace.root });
    assert.deepEqual(await codes('app.yaml'), ['unresolved-host 29:29']);

    const config = workspace.write('.kube-service-dns.yaml', 'external:\n  services: [default/legacy-db]\n');
    await client.filesChanged([{ uri: config, type: 'created' }]);
    assert.deepEqual(await codes('app.yaml'), [], 'legacy-db is declared external');
    assert.deepEqual(await codes('.kube-service-dns.yaml'), []);

    workspace.write('.kube-service-dns.yaml', 'severity:\n  unresolved-host: info\ndnsProfile: bind\n');
    await client.filesChanged([{ uri: config, type: 'changed' }]);
    const diagnostics = await client.diagnostics(workspace.uri('app.yaml'));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['unresolved-host', 3]], 'the file sets the severity: information');
    assert.deepEqual(await codes('.kube-service-dns.yaml'), ['config-invalid 3:13']);

    workspace.remove('.kube-service-dns.yaml');
    await client.filesChanged([{ uri: config, type: 'deleted' }]);
    const after = await client.diagnostics(workspace.uri('app.yaml'));
    assert.deepEqual(after.map((d) => [d.code, d.severity]), [['unresolved-host', 2]], 'back to the settings: a warning');
  });
});
