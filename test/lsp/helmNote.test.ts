// The Helm chart note in the editor names the chart's folder as the CLI does (relative to the
// workspace), not as the server's file URI.
import * as assert from 'node:assert/strict';
import { sharedServer } from '../support/serverFixture';

suite('lsp: the Helm chart note', () => {
  const server = sharedServer({
    'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    'charts/shop/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  ports:\n    - port: {{ .Values.port }}\n',
  });

  test('names the chart folder relative to the workspace, with no file:// URI', async () => {
    const diagnostics = await server.client.diagnostics(server.workspace.uri('charts/shop/Chart.yaml'));
    const note = diagnostics.find((d) => d.code === 'helm-template-skipped');
    assert.ok(note, JSON.stringify(diagnostics));
    assert.ok(note.message.includes('run helm template charts/shop and check the output'), note.message);
    assert.ok(!note.message.includes('file:'), note.message);
  });
});
