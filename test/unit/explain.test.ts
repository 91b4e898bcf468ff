// Explanations under each profile, ExternalName, and what a hover target is at an offset.
import * as assert from 'node:assert/strict';
import { analyzeFiles, explainService, targetAt } from '../../shared/src/index';
import { dedent } from '../support/markedText';

const stsWithVip = dedent`
  apiVersion: v1
  kind: Service
  metadata: {name: web-vip}
  spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: web}
  spec:
    serviceName: web-vip
    replicas: 2
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
          - name: c
            env: [{name: PEER, value: "http://web-1.web-vip:80"}]
`;

suite('explain and hover targets', () => {
  test('kube-dns profile: per-pod names under a ClusterIP Service do not resolve, with the reason', () => {
    const catalog = analyzeFiles([{ path: 'a.yaml', text: stsWithVip }], { profile: 'kube-dns' });
    const e = explainService(catalog, catalog.service('default', 'web-vip')!);
    const web0 = e.notResolving.find((n) => n.name === 'web-0.web-vip.default.svc.cluster.local');
    assert.ok(web0, e.notResolving.map((n) => n.name).join());
    assert.match(web0.reason, /kube-dns publishes per-pod names only under headless Services/);
    assert.ok(web0.notes.some((n) => n.startsWith('CoreDNS: ANSWER')), web0.notes.join());
    assert.ok(!web0.portable);
  });

  test('spec profile answers only what the spec guarantees', () => {
    const catalog = analyzeFiles([{ path: 'a.yaml', text: stsWithVip.replace('spec: {selector', 'spec: {clusterIP: None, selector') }], { profile: 'spec' });
    const e = explainService(catalog, catalog.service('default', 'web-vip')!);
    assert.deepEqual(e.resolving.map((n) => `${n.type} ${n.name}`), [
      'A web-vip.default.svc.cluster.local',
      'A web-0.web-vip.default.svc.cluster.local',
      'A web-1.web-vip.default.svc.cluster.local',
      'SRV _http._tcp.web-vip.default.svc.cluster.local',
    ]);
    assert.ok(e.notResolving.some((n) => n.type === 'SRV' && n.name === 'web-vip.default.svc.cluster.local' && n.status === 'nodata'));
  });

  test('ExternalName: CNAME, and nothing under it', () => {
    const catalog = analyzeFiles([{ path: 'e.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: prod}\nspec: {type: ExternalName, externalName: db.example.com}\n' }]);
    const e = explainService(catalog, catalog.service('prod', 'db')!);
    assert.equal(e.mode, 'external-name');
    assert.match(e.summary, /CNAME to db\.example\.com/);
    assert.equal(e.resolving[0]!.answer!.kind, 'cname');
    assert.equal(e.resolving[0]!.answer!.target, 'db.example.com');
    assert.ok(e.notResolving.some((n) => n.name === '<anything>.db.prod.svc.cluster.local' && n.status === 'nxdomain'));
  });

  test('targetAt finds Services, serviceName, workloads and hosts in values', () => {
    const catalog = analyzeFiles([{ path: 'a.yaml', text: stsWithVip }]);
    const at = (needle: string, delta = 1) => targetAt(catalog, 'a.yaml', stsWithVip.indexOf(needle) + delta);
    assert.equal(at('web-vip}')?.kind, 'service');
    assert.equal(at('kind: Service', 7)?.kind, 'service');
    const ref = at('web-vip\n');
    assert.equal(ref?.kind, 'service-reference');
    assert.equal(ref?.kind === 'service-reference' && ref.service?.ref.name, 'web-vip');
    assert.equal(at('name: web}', 7)?.kind, 'workload');
    const host = at('web-1.web-vip');
    assert.equal(host?.kind, 'host');
    assert.equal(host?.kind === 'host' && host.reference.resolution.status, 'answer');
    assert.equal(at('replicas'), null);
  });
});
