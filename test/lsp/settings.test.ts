// Settings from `workspace/configuration`: each one changes the answers without a restart (the
// server re-pulls them on didChangeConfiguration), and nonsense values fall back to defaults.
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { dedent } from '../support/markedText';
import { TempWorkspace } from '../support/tempWorkspace';
import { offsetIn } from '../support/textOffsets';
import { stopServer } from '../support/serverFixture';
import { STATEFULSET_OF_VIP, VIP_SERVICE, WEB } from './fixtures';

const BROKEN = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: [broken
`;

suite('lsp: settings', () => {
  let workspace: TempWorkspace;
  let client: LspClient;

  setup(() => {
    workspace = new TempWorkspace({ 'cache.yaml': STATEFULSET_OF_VIP, 'services/cache.yaml': VIP_SERVICE, 'web.yaml': WEB, 'broken.yaml': BROKEN });
  });

  teardown(() => stopServer(client, workspace));

  const diagnostics = (file: string) => client.diagnostics(workspace.uri(file));
  const codes = async (file: string) => (await diagnostics(file)).map((d) => String(d.code));
  async function hoverText(file: string, text: string, context: string, needle: string): Promise<string> {
    const result = await client.hover(workspace.uri(file), offsetIn(text, context, needle));
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
  }

  test('the cluster domain changes the hover, after a refresh request, without a restart', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.cluster\.local`/);
    const refreshes = client.refreshCount;
    const requests = client.configurationRequests.length;
    await client.updateSettings({ clusterDomain: 'corp.example' });
    await client.waitFor(() => client.refreshCount > refreshes, 'a diagnostics refresh after the settings change');
    assert.equal(client.configurationRequests.length, requests + 1, 'the settings are pulled again');
    assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.corp\.example`/);
  });

  test('severity: off removes a diagnostic, another level changes it', async () => {
    client = await LspClient.start({ workspace: workspace.root, settings: { severity: { 'statefulset-service-not-headless': 'off' } } });
    assert.deepEqual(await codes('cache.yaml'), []);
    await client.updateSettings({ severity: { 'statefulset-service-not-headless': 'error' } });
    assert.deepEqual((await diagnostics('cache.yaml')).map((d) => [d.code, d.severity]), [['statefulset-service-not-headless', 1]]);
    await client.updateSettings({});
    assert.deepEqual((await diagnostics('cache.yaml')).map((d) => [d.code, d.severity]), [['statefulset-service-not-headless', 2]]);
  });

  test('the DNS profile and the default namespace change the answers', async () => {
    client = await LspClient.start({ workspace: workspace.root, settings: { dnsProfile: 'kube-dns', defaultNamespace: 'shop' } });
    const hover = await hoverText('cache.yaml', STATEFULSET_OF_VIP, 'serviceName: cache', 'cache');
    assert.match(hover, /→ ClusterIP Service `shop\/cache`/);
    assert.match(hover, /\*\*Per-pod names \(2\):\*\* `cache-0 … cache-1\.cache\.shop\.svc\.cluster\.local` → NXDOMAIN: Service shop\/cache is not headless, and kube-dns publishes per-pod names only under headless Services\./);
    const [problem] = await diagnostics('cache.yaml');
    assert.match(problem!.message, /cache-0\.cache\.shop\.svc\.cluster\.local does not resolve on kube-dns \(only CoreDNS answers it\)/);
  });

  test('hostScanFields limits which values are searched for host names', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    assert.deepEqual(await codes('web.yaml'), ['unresolved-host']);
    await client.updateSettings({ hostScanFields: ['args', 'command'] });
    assert.deepEqual(await codes('web.yaml'), []);
    assert.equal(await hoverText('web.yaml', WEB, 'http://web', 'web'), '', 'no host hover in an unscanned field');
  });

  test('YAML syntax errors are reported unless Red Hat YAML reports them (auto), or as set', async () => {
    client = await LspClient.start({ workspace: workspace.root });
    assert.deepEqual(await codes('broken.yaml'), ['yaml-syntax']);
    await client.updateSettings({ reportYamlSyntaxErrors: 'never' });
    assert.deepEqual(await codes('broken.yaml'), []);
    await client.shutdown();
    client.dispose();

    client = await LspClient.start({ workspace: workspace.root, initializationOptions: { redHatYamlActive: true } });
    assert.deepEqual(await codes('broken.yaml'), [], 'auto: Red Hat YAML already reports them');
    await client.updateSettings({ reportYamlSyntaxErrors: 'always' });
    assert.deepEqual(await codes('broken.yaml'), ['yaml-syntax']);
  });

  test('files above maxFileSize are skipped with a note', async () => {
    client = await LspClient.start({ workspace: workspace.root, settings: { maxFileSize: 100 } });
    const [skipped] = await diagnostics('web.yaml');
    assert.equal(skipped!.code, 'file-skipped');
    assert.equal(skipped!.severity, 3);
    assert.match(skipped!.message, /^Skipped: it is 1 KB, above the 1 KB limit\.$/);
    await client.updateSettings({});
    assert.deepEqual(await codes('web.yaml'), ['unresolved-host'], 'raising the limit reads the file');
  });

  test('an invalid cluster domain or default namespace is ignored with a message, the default kept (issue 15, minor)', async () => {
    client = await LspClient.start({ workspace: workspace.root, settings: { clusterDomain: 'svc.cluster.local', defaultNamespace: 'Bad_NS' } });
    assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.cluster\.local`/, 'the defaults answer');
    await client.waitFor(() => client.shownMessages.some((m) => /^Ignored settings/.test(m.message)), 'a message shown to the user');
    const shown = client.shownMessages.filter((m) => /^Ignored settings/.test(m.message));
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!.type, 2, 'a warning');
    assert.match(shown[0]!.message, /kubeServiceDns\.clusterDomain: the cluster domain "svc\.cluster\.local" contains the label "svc"/);
    assert.match(shown[0]!.message, /kubeServiceDns\.defaultNamespace: the namespace "Bad_NS" is not a DNS-1123 label/);
    // The same bad values again: logged, not shown again; other bad values: shown.
    await client.updateSettings({ clusterDomain: 'svc.cluster.local', defaultNamespace: 'Bad_NS' });
    await client.updateSettings({ clusterDomain: '*' });
    await client.waitFor(() => client.shownMessages.filter((m) => /^Ignored settings/.test(m.message)).length === 2, 'the new bad value shown');
    const last = client.shownMessages.filter((m) => /^Ignored settings/.test(m.message))[1]!;
    assert.match(last.message, /kubeServiceDns\.clusterDomain: the cluster domain "\*" is not a DNS name/);
    for (const clusterDomain of ['a b', `${'a'.repeat(100_000)}.local`]) {
      await client.updateSettings({ clusterDomain });
      assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.cluster\.local`/, `${clusterDomain.slice(0, 10)} is ignored`);
    }
    const longNote = client.shownMessages.at(-1)!.message;
    assert.ok(longNote.length < 400, `a 100,000-character value is cut in the message (${longNote.length})`);
    await client.updateSettings({ clusterDomain: 'corp.example' });
    assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.corp\.example`/, 'a valid value applies');
  });

  test('the repository config file uses the same validators: a problem on the file, the setting kept (issue 15, minor)', async () => {
    workspace.write('.kube-service-dns.yaml', 'clusterDomain: svc.cluster.local\ndefaultNamespace: Bad_NS\n');
    try {
      client = await LspClient.start({ workspace: workspace.root, settings: { clusterDomain: 'corp.example' } });
      assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.corp\.example`/, 'the setting stays');
      const problems = await diagnostics('.kube-service-dns.yaml');
      assert.deepEqual(problems.map((d) => [d.code, d.range.start.line]), [['config-invalid', 0], ['config-invalid', 1]]);
      assert.match(problems[0]!.message, /^clusterDomain: the cluster domain "svc\.cluster\.local" contains the label "svc"/);
      assert.match(problems[1]!.message, /^defaultNamespace: the namespace "Bad_NS" is not a DNS-1123 label/);
    } finally {
      workspace.remove('.kube-service-dns.yaml');
    }
  });

  test('nonsense values fall back to the defaults', async () => {
    client = await LspClient.start({
      workspace: workspace.root,
      settings: {
        clusterDomain: 42,
        dnsProfile: 'bind9',
        severity: JSON.parse('{"statefulset-service-not-headless": "loud", "no-such-code": "off", "constructor": "off", "__proto__": "off"}') as unknown,
        exclude: 'all',
        hostScanFields: 'env',
        maxFileSize: -1,
        maxFiles: 1.5,
      },
    });
    assert.deepEqual((await diagnostics('cache.yaml')).map((d) => [d.code, d.severity]), [['statefulset-service-not-headless', 2]]);
    assert.match(await hoverText('web.yaml', WEB, 'http://web', 'web'), /as `web\.default\.svc\.cluster\.local`/);
    // One warning per configuration, naming each ignored value.
    const warnings = client.logs.filter((l) => /^Ignored settings/.test(l.message));
    assert.equal(warnings.length, 1);
    for (const key of ['clusterDomain', 'dnsProfile', 'severity.statefulset-service-not-headless', 'severity.no-such-code', 'severity.constructor', 'severity.__proto__', 'exclude', 'hostScanFields', 'maxFileSize', 'maxFiles'])
      assert.ok(warnings[0]!.message.includes(`kubeServiceDns.${key} `), `${key} is named in: ${warnings[0]!.message}`);
  });
});
