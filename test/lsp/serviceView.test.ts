// The custom requests behind the VS Code client's commands and Service DNS view, and the status
// notifications its status bar shows (sent only to clients that ask for them).
import * as assert from 'node:assert/strict';
import { LspClient } from '../support/lspClient';
import { stopServer } from '../support/serverFixture';
import { TempWorkspace } from '../support/tempWorkspace';
import { LINKED } from './fixtures';

interface Status {
  state: string;
  percentage?: number;
  services?: number;
  files?: number;
  errors?: number;
  warnings?: number;
}

suite('lsp: Service DNS view, commands, status', () => {
  let client: LspClient | undefined;
  let workspace: TempWorkspace | undefined;

  suiteSetup(async () => {
    workspace = new TempWorkspace({ ...LINKED, 'app/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: app\ndata:\n  DB_HOST: dbb.data\n' });
    client = await LspClient.start({ workspace: workspace.root, initializationOptions: { statusNotifications: true } });
  });
  suiteTeardown(() => stopServer(client, workspace));

  test('status: indexing progress, then files, Services and problem counts', async () => {
    const c = client!;
    await c.waitFor(() => c.statuses.some((s) => (s as Status).state === 'ready'), 'a ready status');
    const statuses = c.statuses as Status[];
    assert.equal(statuses[0]!.state, 'indexing');
    const ready = statuses.find((s) => s.state === 'ready')!;
    assert.equal(ready.files, 5);
    assert.equal(ready.services, 2);
    assert.ok(ready.warnings! >= 1, `the unresolved dbb.data is counted: ${JSON.stringify(ready)}`);
  });

  test('the tree: namespaces → Services with mode, FQDN, location and names', async () => {
    const tree = (await client!.request('kubeServiceDns/serviceTree', {})) as { namespaces: { name: string; services: { name: string; mode: string; fqdn: string; uri: string; names: { name: string; type: string; answer: string }[] }[] }[] };
    assert.deepEqual(tree.namespaces.map((n) => `${n.name}: ${n.services.map((s) => `${s.name} ${s.mode}`).join(', ')}`), ['app: db vip', 'data: db headless']);
    const db = tree.namespaces[1]!.services[0]!;
    assert.equal(db.fqdn, 'db.data.svc.cluster.local');
    assert.equal(db.uri, workspace!.uri('data/postgres.yaml'));
    assert.ok(db.names.some((n) => n.name === 'db-2.db.data.svc.cluster.local' && n.type === 'A' && n.answer === 'the IP of pod db-2'), JSON.stringify(db.names));
  });

  test('the Service under the cursor, from its manifest or a reference; all its names as Markdown', async () => {
    const at = (file: string, line: number, character: number) => client!.request('kubeServiceDns/serviceAt', { uri: workspace!.uri(file), position: { line, character } }) as Promise<{ fqdn: string } | null>;
    assert.equal((await at('data/postgres.yaml', 6, 3))?.fqdn, 'db.data.svc.cluster.local', 'on clusterIP: None');
    assert.equal((await at('app/client.yaml', 19, 22))?.fqdn, 'db.data.svc.cluster.local', 'on the host db.data');
    assert.equal(await at('app/client.yaml', 2, 0), null, 'on a Deployment');
    const markdown = (await client!.request('kubeServiceDns/serviceNames', { namespace: 'data', name: 'db' })) as string;
    assert.match(markdown, /^# Service data\/db\n/);
    assert.ok(markdown.includes('| `db-2.db.data.svc.cluster.local` | A | the IP of pod db-2 |'), markdown);
    assert.ok(markdown.includes('## Names that do not resolve'), markdown);
  });

  test('resolve a name from a namespace', async () => {
    const ok = (await client!.request('kubeServiceDns/resolve', { name: 'db.data', namespace: 'app' })) as { summary: string; markdown: string };
    assert.equal(ok.summary, 'db.data (A) from app → the IPs of the ready pods (db-0, db-1, db-2)');
    const fail = (await client!.request('kubeServiceDns/resolve', { name: 'db', namespace: 'kube-system' })) as { summary: string };
    assert.match(fail.summary, /^db \(A\) from kube-system: NXDOMAIN\. /);
  });

  test('re-index reads the workspace again and reports it', async () => {
    const c = client!;
    const before = c.statuses.length;
    workspace!.write('data/extra.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: data\nspec:\n  selector:\n    app: x\n');
    await c.request('kubeServiceDns/reindex', {});
    await c.waitFor(() => c.statuses.slice(before).some((s) => (s as Status).state === 'ready' && (s as Status).services === 3), 'a ready status with the new Service');
    assert.ok(c.logs.some((l) => /^Index: 6 YAML files, \d+ DNS-relevant objects, 3 Services, 0 skipped, in \d+ ms\.$/.test(l.message)), c.transcript());
  });
});
