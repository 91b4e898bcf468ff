// The four classic combinations from the seed write-up (Deployment or StatefulSet, each with a
// ClusterIP or a headless Service), read from the bundled examples, must come out exactly right.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, checkFile, explainService, type Catalog, type ServiceExplanation } from '../../shared/src/index';

const seedDir = path.join(__dirname, '../../../examples/seed');

function loadSeed(): Catalog {
  return analyzeFiles(readdirSync(seedDir).map((f) => ({ path: f, text: readFileSync(path.join(seedDir, f), 'utf8') })));
}

function explain(catalog: Catalog, id: string): ServiceExplanation {
  const [ns, name] = id.split('/');
  const svc = catalog.service(ns!, name!);
  assert.ok(svc, `Service ${id} exists`);
  return explainService(catalog, svc);
}

/** name → "STATUS kind portable?" for a compact, complete comparison. */
function table(e: ServiceExplanation): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const entry of [...e.resolving, ...e.notResolving])
    rows[`${entry.type} ${entry.name}${entry.from ? ` from ${entry.from}` : ''}`] = `${entry.status}${entry.answer ? ` ${entry.answer.kind}` : ''}${entry.portable ? '' : ' non-portable'}`;
  return rows;
}

suite('seed: the four Deployment/StatefulSet × ClusterIP/headless cases', () => {
  const catalog = loadSeed();

  test('1. Deployment + ClusterIP: one VIP; the pod-name form is NXDOMAIN', () => {
    const e = explain(catalog, 'deploy-vip/redis-master');
    assert.equal(e.mode, 'vip');
    assert.deepEqual(e.selected.map((w) => [w.workload, w.count]), [['Deployment/deploy-vip/redis-master', 2]]);
    assert.deepEqual(table(e), {
      'A redis-master.deploy-vip.svc.cluster.local': 'answer vip',
      'A <pod-ip-with-dashes>.redis-master.deploy-vip.svc.cluster.local': 'answer pod-ip non-portable',
      'SRV _redis._tcp.redis-master.deploy-vip.svc.cluster.local': 'answer srv',
      'SRV redis-master.deploy-vip.svc.cluster.local': 'answer srv non-portable',
      'A redis-master-<pod-hash>.redis-master.deploy-vip.svc.cluster.local': 'nxdomain',
      'A redis-master from kube-system': 'nxdomain',
    });
    const podName = e.notResolving.find((n) => n.name.startsWith('redis-master-<pod-hash>'))!;
    assert.match(podName.reason, /Deployment pods have no hostname/);
    const srv = e.resolving.find((n) => n.name.startsWith('_redis._tcp'))!;
    assert.deepEqual(srv.answer!.records, [{ target: 'redis-master.deploy-vip.svc.cluster.local', port: 6379, pod: null }]);
  });

  test('2. Deployment + headless: every ready pod IP; pod names still NXDOMAIN', () => {
    const e = explain(catalog, 'deploy-headless/nginx-ss');
    assert.equal(e.mode, 'headless');
    const t = table(e);
    assert.equal(t['A nginx-ss.deploy-headless.svc.cluster.local'], 'answer pod-ips');
    assert.equal(t['A nginx-ss-<pod-hash>.nginx-ss.deploy-headless.svc.cluster.local'], 'nxdomain');
    const fqdn = e.resolving.find((n) => n.name === 'nginx-ss.deploy-headless.svc.cluster.local')!;
    assert.deepEqual(fqdn.answer!.pods, [{ workload: 'Deployment/deploy-headless/nginx-ss', pod: null, count: 3 }]);
    // Headless SRV: one record per endpoint (each pod, named by its runtime IP) with the container (target) port.
    const srv = e.resolving.find((n) => n.name.startsWith('_http._tcp'))!;
    assert.deepEqual(
      srv.answer!.records,
      [1, 2, 3].map((i) => ({ target: '<pod-ip-dashed>.nginx-ss.deploy-headless.svc.cluster.local', port: 80, pod: `nginx-ss: pod ${i} of 3` })),
    );
  });

  test('3. StatefulSet + ClusterIP: VIP; per-pod names answered by CoreDNS only, and a warning', () => {
    const e = explain(catalog, 'sts-vip/web-vip');
    assert.equal(e.mode, 'vip');
    const t = table(e);
    assert.equal(t['A web-vip.sts-vip.svc.cluster.local'], 'answer vip');
    for (const i of [0, 1, 2]) assert.equal(t[`A web-${i}.web-vip.sts-vip.svc.cluster.local`], 'answer pod-ip non-portable');
    assert.equal(t['A web-3.web-vip.sts-vip.svc.cluster.local'], 'nxdomain');
    const web0 = e.resolving.find((n) => n.name.startsWith('web-0.'))!;
    assert.ok(web0.notes.some((n) => n.startsWith('kube-dns: NXDOMAIN')), web0.notes.join(' | '));
    assert.ok(e.notes.some((n) => n.includes('not headless')));
    const problems = checkFile(catalog, '3-statefulset-clusterip.yaml').map((p) => p.code);
    assert.deepEqual(problems, ['statefulset-service-not-headless']);
  });

  test('4. StatefulSet + headless: pod-ips and portable per-pod names', () => {
    const e = explain(catalog, 'sts-headless/nginx');
    assert.equal(e.mode, 'headless');
    assert.deepEqual(table(e), {
      'A nginx.sts-headless.svc.cluster.local': 'answer pod-ips',
      'A web-0.nginx.sts-headless.svc.cluster.local': 'answer pod-ip',
      'A web-1.nginx.sts-headless.svc.cluster.local': 'answer pod-ip',
      'SRV _web._tcp.nginx.sts-headless.svc.cluster.local': 'answer srv',
      'SRV nginx.sts-headless.svc.cluster.local': 'answer srv non-portable',
      'A web-2.nginx.sts-headless.svc.cluster.local': 'nxdomain',
      'A nginx from kube-system': 'nxdomain',
    });
    const srv = e.resolving.find((n) => n.name.startsWith('_web._tcp'))!;
    assert.deepEqual(srv.answer!.records, [
      { target: 'web-0.nginx.sts-headless.svc.cluster.local', port: 80, pod: 'web-0' },
      { target: 'web-1.nginx.sts-headless.svc.cluster.local', port: 80, pod: 'web-1' },
    ]);
    assert.deepEqual(checkFile(catalog, '4-statefulset-headless.yaml'), []);
  });
});
