// Kustomize over the wire: a hover on a Service in a base says what it becomes in each overlay,
// and the host a rename leaves behind is a problem in the base file that names the overlay.
import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { offsetIn } from '../support/textOffsets';
import { sharedServer } from '../support/serverFixture';

const BASE_APP = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: pg
      port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web
          env:
            - name: DATABASE_URL
              value: postgres://db:5432/shop
`;

const FILES: Record<string, string> = {
  'base/app.yaml': BASE_APP,
  'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\n',
  'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: dev\npatches:\n  - path: vip.yaml\n',
  'overlays/dev/vip.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: null\n',
};

suite('lsp: kustomize overlays', () => {
  const server = sharedServer(FILES);

  test('a hover on a Service in a base shows its name in each overlay, and that they disagree on headless', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const result: Hover | null = await server.client.hover(uri, offsetIn(BASE_APP, 'name: db', 'db'));
    assert.ok(result);
    const markdown = (result.contents as MarkupContent).value;
    assert.match(markdown, /\*\*In kustomize overlays\*\* \(what gets applied\):\n/);
    assert.ok(markdown.includes('- `prod-db.prod.svc.cluster.local` (headless) in `overlays/prod`'), markdown);
    assert.ok(markdown.includes('- `db.dev.svc.cluster.local` (ClusterIP) in `overlays/dev`'), markdown);
    assert.match(markdown, /\*\*The overlays disagree:\*\* ClusterIP in `overlays\/dev`; headless in `overlays\/prod`\./);
  });

  test('the host the prod rename leaves behind is a problem on the base value, naming the overlay', async () => {
    const uri = server.workspace.uri('base/app.yaml');
    const diagnostics = await server.client.diagnostics(uri);
    const renamed = diagnostics.filter((d) => d.code === 'kustomize-renamed-host');
    assert.equal(renamed.length, 1, JSON.stringify(diagnostics, null, 1));
    const d = renamed[0]!;
    assert.equal(server.client.document(uri).getText(d.range), 'db');
    assert.equal(d.range.start.line, 49);
    assert.match(d.message, /^In overlay overlays\/prod: db does not resolve: the overlay renames Service db to prod-db, and kustomize never rewrites host names inside values\. Use prod-db here/);
    // The dev overlay keeps the name: no problem names it.
    assert.ok(!diagnostics.some((x) => /In overlay overlays\/dev: db does not resolve/.test(x.message)), JSON.stringify(diagnostics));
  });
});
