// Hover over the wire, on every kind of target: a Service (name, kind, clusterIP and type lines),
// a StatefulSet serviceName, a pod subdomain, a workload, and a host name inside a value.
import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { offsetIn } from '../support/textOffsets';
import { sharedServer } from '../support/serverFixture';
import { HEADLESS_STATEFULSET, PODS, STATEFULSET_OF_VIP, VIP_SERVICE, WEB } from './fixtures';

/** 30 brokers: more per-pod names than a hover shows. */
const KAFKA = HEADLESS_STATEFULSET.replace(/sts-headless/g, 'shop').replace(/nginx/g, 'kafka').replace(/name: web/g, 'name: broker').replace('replicas: 2', 'replicas: 30');

const FILES: Record<string, string> = {
  'seed.yaml': HEADLESS_STATEFULSET,
  'kafka.yaml': KAFKA,
  'cache.yaml': STATEFULSET_OF_VIP,
  'services/cache.yaml': VIP_SERVICE,
  'web.yaml': WEB,
  'pods.yaml': PODS,
};

suite('lsp: hover', () => {
  const server = sharedServer(FILES);

  /** Hovers `needle` inside `context` of a file (opened or not) and returns the Markdown and the hovered text. */
  async function hover(file: string, context: string, needle = context, occurrence = 1): Promise<{ markdown: string; hovered: string }> {
    const uri = server.workspace.uri(file);
    const result: Hover | null = await server.client.hover(uri, offsetIn(FILES[file]!, context, needle, occurrence));
    assert.ok(result, `no hover on "${needle}" in ${file}`);
    const contents = result.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.ok(result.range, 'the hover says what it is about');
    return { markdown: contents.value, hovered: server.client.document(uri).getText(result.range) };
  }

  test('a headless Service governing a StatefulSet: mode first, per-pod names, failures, short forms', async () => {
    const { markdown, hovered } = await hover('seed.yaml', 'name: nginx', 'nginx');
    assert.equal(hovered, 'nginx');
    assert.equal(
      markdown,
      [
        '**Service `sts-headless/nginx`** — Headless (clusterIP: None): the name returns the IPs of the ready pods and the client balances; pods with hostname + subdomain get their own names.',
        '',
        '**Selects:** StatefulSet `web` (2 pods: `web-0`, `web-1`)',
        '',
        '| Name | Type | Answers |',
        '| --- | --- | --- |',
        '| `nginx.sts-headless.svc.cluster.local` | A | the IPs of the ready pods (web-0, web-1) |',
        '| `web-0.nginx.sts-headless.svc.cluster.local` | A | the IP of pod web-0 |',
        '| `web-1.nginx.sts-headless.svc.cluster.local` | A | the IP of pod web-1 |',
        '| `_web._tcp.nginx.sts-headless.svc.cluster.local` | SRV | web-0.nginx.sts-headless.svc.cluster.local:80, web-1.nginx.sts-headless.svc.cluster.local:80 |',
        '| `nginx.sts-headless.svc.cluster.local` | SRV | web-0.nginx.sts-headless.svc.cluster.local:80, web-1.nginx.sts-headless.svc.cluster.local:80 |',
        '',
        '**Will not resolve:**',
        '- `web-2.nginx.sts-headless.svc.cluster.local` — NXDOMAIN: StatefulSet web has ordinals 0–1 (replicas 2), so pod web-2 does not exist.',
        "- `nginx` from `kube-system` — NXDOMAIN: A bare name resolves only in the client's own namespace: from kube-system it means nginx.kube-system.svc.cluster.local; use nginx.sts-headless.",
        '',
        '**CoreDNS vs kube-dns** — answered differently elsewhere:',
        '- `nginx.sts-headless.svc.cluster.local` SRV — kube-dns: NODATA; the DNS spec: NODATA',
        '',
        '**Short forms:** from `sts-headless`: `nginx`, `nginx.sts-headless`, `nginx.sts-headless.svc` · from other namespaces: `nginx.sts-headless`, `nginx.sts-headless.svc`',
        '',
        '*Note:* Each per-pod name exists only while its pod is ready.',
        '',
        `[Show all 7 names](command:kubeServiceDns.showServiceNames?${encodeURIComponent('["sts-headless","nginx"]')} "Open the full table of this Service's DNS names")`,
      ].join('\n'),
    );
  });

  test('a ClusterIP Service explains its VIP, on its name, kind, clusterIP and type lines', async () => {
    const onName = await hover('web.yaml', 'name: web\nspec', 'web', 2);
    assert.equal(onName.hovered, 'web');
    const first = onName.markdown.split('\n')[0];
    assert.equal(first, '**Service `default/web`** — ClusterIP (virtual IP 10.96.0.10): the name returns one stable IP and kube-proxy balances connections across the ready pods.');
    assert.match(onName.markdown, /\n\| `web\.default\.svc\.cluster\.local` \| A \| the Service VIP 10\.96\.0\.10 \|\n/);
    assert.match(onName.markdown, /\*\*Will not resolve:\*\*\n- `web-<pod-hash>\.web\.default\.svc\.cluster\.local` — NXDOMAIN: Deployment pods have no hostname/);
    assert.match(onName.markdown, /\*\*CoreDNS vs kube-dns\*\* — answered differently elsewhere:\n- `<pod-ip-with-dashes>\.web\.default\.svc\.cluster\.local` — kube-dns: NXDOMAIN; the DNS spec: NXDOMAIN/);
    for (const [context, needle, expected] of [
      ['kind: Service', 'Service', 'Service'],
      ['clusterIP: 10.96.0.10', 'clusterIP', 'clusterIP: 10.96.0.10'],
      ['clusterIP: 10.96.0.10', '10.96', '10.96.0.10'],
      ['type: ClusterIP', 'type', 'type: ClusterIP'],
    ] as const) {
      const other = await hover('web.yaml', context, needle);
      assert.equal(other.hovered, expected, `range of the hover on "${needle}"`);
      assert.equal(other.markdown, onName.markdown, `hover on "${needle}"`);
    }
  });

  test('the serviceName key hovers as its value does', async () => {
    const onKey = await hover('seed.yaml', 'serviceName: nginx', 'serviceName');
    const onValue = await hover('seed.yaml', 'serviceName: nginx', 'nginx');
    assert.equal(onKey.markdown, onValue.markdown);
    assert.equal(onKey.hovered, 'serviceName: nginx');
  });

  test("a StatefulSet's serviceName lists its pods' names under a headless Service", async () => {
    const { markdown, hovered } = await hover('seed.yaml', 'serviceName: nginx', 'nginx');
    assert.equal(hovered, 'nginx');
    assert.equal(markdown.split('\n')[0], '**serviceName `nginx`** → headless Service `sts-headless/nginx`: each pod below gets its own DNS name.');
    assert.match(markdown, /\| `web-0\.nginx\.sts-headless\.svc\.cluster\.local` \| A \| the IP of pod web-0 \|\n\| `web-1\.nginx\.sts-headless\.svc\.cluster\.local` \| A \| the IP of pod web-1 \|/);
  });

  test('a serviceName naming a ClusterIP Service in another file says the names are not portable', async () => {
    const { markdown } = await hover('cache.yaml', 'serviceName: cache', 'cache');
    assert.equal(
      markdown.split('\n')[0],
      '**serviceName `cache`** → ClusterIP Service `default/cache`, which is not headless: only CoreDNS answers the per-pod names below, kube-dns and the DNS spec do not. Make it headless (`clusterIP: None`).',
    );
    assert.match(markdown, /^\*\*serviceName `cache`\*\* → ClusterIP Service `default\/cache`, which is not headless: only CoreDNS answers the per-pod names below/);
    assert.match(markdown, /\| `cache-0\.cache\.default\.svc\.cluster\.local` \| A \| the IP of pod cache-0 \|/);
    assert.doesNotMatch(markdown, /Governs StatefulSet|CoreDNS vs kube-dns/, 'the first line already says it; no repetition');
  });

  test('a pod subdomain naming a headless Service gives the pod its name; a missing one says so', async () => {
    const existing = await hover('pods.yaml', 'subdomain: peers', 'peers');
    assert.equal(existing.markdown.split('\n')[0], '**subdomain `peers`** → headless Service `default/peers`: each pod below gets its own DNS name.');
    assert.match(existing.markdown, /\| `peer-1\.peers\.default\.svc\.cluster\.local` \| A \| the IP of pod peer \|/);
    const missing = await hover('pods.yaml', 'subdomain: workers', 'workers');
    assert.equal(
      missing.markdown,
      '**subdomain `workers`** — there is no Service `workers` in namespace `default`, so `worker-1.workers.default.svc.cluster.local` and the other per-pod names will not resolve.\n\nCreate a headless Service named `workers` that selects the pods.',
    );
  });

  test('a workload says which Services select it and its pod names', async () => {
    const sts = await hover('seed.yaml', 'kind: StatefulSet', 'StatefulSet');
    assert.equal(sts.hovered, 'StatefulSet');
    assert.equal(
      sts.markdown,
      '**StatefulSet `sts-headless/web`** — 2 pods: `web-0`, `web-1`\n\n**Selected by:**\n- headless Service `nginx`, governing → `nginx.sts-headless.svc.cluster.local`; pod names `web-0.nginx.sts-headless.svc.cluster.local`, `web-1.nginx.sts-headless.svc.cluster.local`',
    );
    const deployment = await hover('web.yaml', 'name: web\n', 'web');
    assert.equal(deployment.markdown, '**Deployment `default/web`** — 2 pods: `web-<hash>-<id>`\n\n**Selected by:**\n- ClusterIP Service `web` → `web.default.svc.cluster.local`');
    const lonely = await hover('pods.yaml', 'name: worker', 'worker');
    assert.equal(lonely.markdown, '**Pod `default/worker`** — 1 pod: `worker`\n\n**Selected by:** no Service in `default`, so these pods have no DNS name of their own; clients need a Service that selects `app=worker`.');
  });

  test('a host in an env value: what it resolves to and from where, or why not with a suggestion', async () => {
    const ok = await hover('web.yaml', 'web-0.nginx.sts-headless', 'nginx');
    assert.equal(ok.hovered, 'web-0.nginx.sts-headless');
    assert.equal(
      ok.markdown,
      '**`web-0.nginx.sts-headless`** resolves from namespace `default` as `web-0.nginx.sts-headless.svc.cluster.local` (A): the IP of pod web-0.\n\nResolves to the endpoint whose hostname is web-0. It exists only while pod web-0 is ready.',
    );
    const url = await hover('web.yaml', 'http://web:80', 'web');
    assert.equal(url.hovered, 'web');
    assert.match(url.markdown, /^\*\*`web`\*\* resolves from namespace `default` as `web\.default\.svc\.cluster\.local` \(A\): the Service VIP 10\.96\.0\.10\./);
    const typo = await hover('web.yaml', 'cahce-0.cache:6379', 'cahce');
    assert.equal(typo.hovered, 'cahce-0.cache');
    assert.equal(
      typo.markdown,
      '**`cahce-0.cache`** does not resolve from namespace `default` (NXDOMAIN): No ready endpoint of default/cache has the hostname "cahce-0" (known: cache-0, cache-1).\n\nDid you mean `cache-0.cache`?',
    );
  });

  test('long lists are capped, and the Service-level names stay visible', async () => {
    const { markdown } = await hover('kafka.yaml', 'name: kafka', 'kafka');
    assert.match(markdown, /^\*\*Selects:\*\* StatefulSet `broker` \(30 pods: `broker-0`, `broker-1`, `broker-2`, `broker-3` and 26 more\)$/m);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| `'));
    assert.deepEqual(
      rows.map((r) => r.split(' | ')[0]!.slice(2)),
      ['`kafka.shop.svc.cluster.local`', ...[0, 1, 2, 3].map((i) => `\`broker-${i}.kafka.shop.svc.cluster.local\``), '`_broker._tcp.kafka.shop.svc.cluster.local`', '`kafka.shop.svc.cluster.local`'],
    );
    assert.match(markdown, /\n…and 26 more per-pod names, up to `broker-29\.kafka\.shop\.svc\.cluster\.local`\.\n/);
    assert.match(rows[0]!, /the IPs of the ready pods \(broker-0, broker-1, broker-2, broker-3 and 26 more\)/);
  });

  test('nothing to say elsewhere, and open documents answer from their own text', async () => {
    assert.equal(await server.client.hover(server.workspace.uri('web.yaml'), offsetIn(WEB, 'image: nginx', 'image')), null);
    const edited = WEB.replace('replicas: 2', 'replicas: 5');
    const uri = await server.client.open('web.yaml', edited);
    const result = await server.client.hover(uri, offsetIn(edited, 'name: web\n', 'web'));
    assert.match((result!.contents as MarkupContent).value, /^\*\*Deployment `default\/web`\*\* — 5 pods/);
    await server.client.close(uri);
    const afterClose = await server.client.hover(uri, offsetIn(WEB, 'name: web\n', 'web'));
    assert.match((afterClose!.contents as MarkupContent).value, /^\*\*Deployment `default\/web`\*\* — 2 pods/, 'closing falls back to the disk content');
  });
});
