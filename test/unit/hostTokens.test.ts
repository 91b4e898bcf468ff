// Host names inside values: which strings are picked up, and the exact span of the host part.
import * as assert from 'node:assert/strict';
import { findHostTokens, makeSpan, type ValueSite } from '../../shared/src/index';

function tokens(source: string, field: ValueSite['field'] = 'args', label: string | null = null, hostAliases: string[] = []): string[] {
  const site: ValueSite = {
    path: 'f.yaml',
    span: makeSpan(100, 100 + source.length),
    source,
    field,
    label,
    namespace: 'default',
    owner: { kind: 'Pod', namespace: 'default', name: 'p', path: 'f.yaml', nameSpan: makeSpan(0, 1), kindSpan: makeSpan(0, 1), span: makeSpan(0, 1) },
    hostAliases,
    resolver: 'cluster',
  };
  return findHostTokens(site).map((t) => {
    assert.equal(source.slice(t.span.start - 100, t.span.end - 100), t.host, 'the span covers exactly the host');
    return `${t.form}:${t.host}`;
  });
}

suite('host tokens: what is picked up from values', () => {
  test('URL hosts, with user info and ports', () => {
    assert.deepEqual(tokens('http://web-0.nginx:8080/x'), ['url:web-0.nginx']);
    assert.deepEqual(tokens('"postgres://app:secret@db-0.db.data.svc.cluster.local:5432/app"'), ['url:db-0.db.data.svc.cluster.local']);
    assert.deepEqual(tokens('see https://kubernetes.io/docs and http://api'), ['url:kubernetes.io', 'url:api']);
  });

  test('host:port pairs, lists and user@host forms', () => {
    assert.deepEqual(tokens('1@kafka-0.kafka:9093,2@kafka-1.kafka:9093'), ['host-port:kafka-0.kafka', 'host-port:kafka-1.kafka']);
    assert.deepEqual(tokens('redis:6379'), ['host-port:redis']);
    assert.deepEqual(tokens('version 1.2.3:4 and 10.0.0.1:80 are not hosts'), []);
  });

  test('names with a svc label anywhere in text', () => {
    assert.deepEqual(tokens('connect to api.prod.svc then api.prod.svc.cluster.local.'), ['svc-name:api.prod.svc', 'svc-name:api.prod.svc.cluster.local.']);
  });

  test('--flag=host arguments for host-like flags only', () => {
    assert.deepEqual(tokens('--master-host=redis-master'), ['bare:redis-master']);
    assert.deepEqual(tokens('--log-level=debug'), []);
  });

  test('whole values of host-like env vars and ConfigMap keys, also as lists', () => {
    assert.deepEqual(tokens('redis-master', 'env', 'REDIS_HOST'), ['bare:redis-master']);
    assert.deepEqual(tokens('"a.svc, b:9092"', 'env', 'KAFKA_BROKERS'), ['svc-name:a.svc', 'host-port:b']);
    assert.deepEqual(tokens('debug', 'env', 'LOG_LEVEL'), []);
    assert.deepEqual(tokens('true', 'env', 'USE_SERVICE'), ['bare:true'], 'the classifier, not the scanner, drops words that name nothing');
  });

  test('localhost, IPs and names from hostAliases are never cluster lookups', () => {
    assert.deepEqual(tokens('http://localhost:8080 http://127.0.0.1 http://10.0.0.1:80'), []);
    assert.deepEqual(tokens('http://legacy-db:5432', 'args', null, ['legacy-db']), []);
  });

  test('a block scalar keeps exact spans on every line', () => {
    const source = '|\n  upstream api {\n    server api.shop.svc.cluster.local:80;\n  }\n  proxy_pass http://catalog:8080/;\n';
    assert.deepEqual(tokens(source, 'configmap', 'nginx.conf'), ['host-port:api.shop.svc.cluster.local', 'url:catalog']);
  });
});
