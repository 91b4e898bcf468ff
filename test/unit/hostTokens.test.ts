// Host names inside values: which strings are picked up, and the exact span of the host part.
import * as assert from 'node:assert/strict';
import { findHostTokens, makeSpan, type ValueSite } from '../../shared/src/index';

function tokens(source: string, field: ValueSite['field'] = 'args', label: string | null = null, hostAliases: string[] = [], extra: Partial<ValueSite> = {}): string[] {
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
    ...extra,
  };
  return findHostTokens(site).map((t) => {
    if (!t.via) assert.equal(source.slice(t.span.start - 100, t.span.end - 100), t.host, 'the span covers exactly the host');
    return `${t.form}:${t.host}${t.port !== null ? `@${t.port}` : ''}${t.via ? ` via ${t.via} at ${t.span.start}-${t.span.end}` : ''}`;
  });
}

suite('host tokens: what is picked up from values', () => {
  test('URL hosts, with user info and ports', () => {
    assert.deepEqual(tokens('http://web-0.nginx:8080/x'), ['url:web-0.nginx@8080']);
    assert.deepEqual(tokens('"postgres://app:secret@db-0.db.data.svc.cluster.local:5432/app"'), ['url:db-0.db.data.svc.cluster.local@5432']);
    assert.deepEqual(tokens('see https://kubernetes.io/docs and http://api'), ['url:kubernetes.io', 'url:api']);
  });

  test('host:port pairs, lists and user@host forms', () => {
    assert.deepEqual(tokens('1@kafka-0.kafka:9093,2@kafka-1.kafka:9093'), ['host-port:kafka-0.kafka@9093', 'host-port:kafka-1.kafka@9093']);
    assert.deepEqual(tokens('redis:6379'), ['host-port:redis@6379']);
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
    assert.deepEqual(tokens('"a.svc, b:9092"', 'env', 'KAFKA_BROKERS'), ['svc-name:a.svc', 'host-port:b@9092']);
    assert.deepEqual(tokens('debug', 'env', 'LOG_LEVEL'), []);
    assert.deepEqual(tokens('true', 'env', 'USE_SERVICE'), ['bare:true'], 'the classifier, not the scanner, drops words that name nothing');
  });

  test('localhost, IPs and names from hostAliases are never cluster lookups', () => {
    assert.deepEqual(tokens('http://localhost:8080 http://127.0.0.1 http://10.0.0.1:80'), []);
    assert.deepEqual(tokens('http://legacy-db:5432', 'args', null, ['legacy-db']), []);
  });

  test('a block scalar keeps exact spans on every line', () => {
    const source = '|\n  upstream api {\n    server api.shop.svc.cluster.local:80;\n  }\n  proxy_pass http://catalog:8080/;\n';
    assert.deepEqual(tokens(source, 'configmap', 'nginx.conf'), ['host-port:api.shop.svc.cluster.local@80', 'url:catalog@8080']);
  });

  test('9.8: variables, templates, time layouts, uppercase and words inside words are not hosts', () => {
    assert.deepEqual(tokens('curl http://$ipaddr:4001 http://${PEER}:80 $(HOST):80 {{ .Values.host }}:80 ${NAME}.db.svc'), []);
    assert.deepEqual(tokens('2006-01-02T15:04:05Z07:00 15:04:05 12:30pm 1.2.3:4', 'configmap', 'layout'), []);
    assert.deepEqual(tokens('MY_HOST:8080 Redis:6379 db_1:5432'), []);
    assert.deepEqual(tokens('multi-master and primary-replica', 'env', 'DESCRIPTION'), [], 'a dash inside a word starts no flag');
  });

  test('9.8: model, bucket and file URLs, protocol:port and <placeholder> joins are not hosts; hdfs and XML text still are', () => {
    assert.deepEqual(tokens('hf://google/gemma-3-27b-it s3://models/llama gs://bucket/x file://data/a', 'env', 'NIM_MODEL_NAME'), []);
    assert.deepEqual(tokens('-instances=${INSTANCE}=tcp:3306 udp:53'), []);
    assert.deepEqual(tokens('http://api.<your-namespace>.svc.cluster.local:80 http://<svc>.<ns>.svc:80'), []);
    assert.deepEqual(tokens('hdfs://namenode-0.namenode:8020/data <value>kafka-0.kafka:9092</value>', 'configmap', 'core-site.xml'), ['url:namenode-0.namenode@8020', 'host-port:kafka-0.kafka@9092']);
  });

  test('9.8: a TLS server name is the name a certificate carries, not a lookup; the address beside it still is', () => {
    assert.deepEqual(tokens('relay.kube-system.svc.cluster.local', 'env', 'TLS_RELAY_SERVER_NAME'), []);
    assert.deepEqual(tokens('api.shop.svc', 'env', 'SSL_SNI'), []);
    assert.deepEqual(tokens('hubble-relay.kube-system.svc:443', 'env', 'FLOWS_API_ADDR'), ['host-port:hubble-relay.kube-system.svc@443']);
    assert.deepEqual(tokens('relay.kube-system.svc', 'env', 'RELAY_SERVER'), ['svc-name:relay.kube-system.svc']);
  });

  test('9.8: free text (JSON, prose, config files) gives only URLs, host:port and .svc names', () => {
    assert.deepEqual(tokens('|\n  {"host": "cache", "url": "http://api:80", "peer": "db.ns.svc", "args": "--host=web -h web"}\n', 'configmap', 'dash.json'), ['url:api@80', 'svc-name:db.ns.svc']);
    assert.deepEqual(tokens('|\n  see --peer web and -h web\n', 'configmap', 'README.md'), []);
  });

  test('9.9: space-separated flag values in scripts, -h, lists, and a flag item followed by its value', () => {
    assert.deepEqual(tokens('exec app --join a-0.a,a-1.a:26257 --cache 25% -h db'), ['bare:a-0.a', 'host-port:a-1.a@26257', 'bare:db']);
    assert.deepEqual(tokens('db-0.db,db-1.db', 'args', null, [], { precedingArg: '--join' }), ['bare:db-0.db', 'bare:db-1.db']);
    assert.deepEqual(tokens('db-0.db', 'args', null, [], { precedingArg: '--name' }), []);
    assert.deepEqual(tokens('--peer web', 'env', 'ARGS'), [], 'space-separated values only in args, commands and scripts');
  });

  test('9.9: host-like shell assignments, quoted or not', () => {
    assert.deepEqual(tokens(`|\n  MASTER_HOST='mysql-0.mysql'\n  export PEERS="a b:1"\n  NAME=web\n`, 'command'), ['bare:mysql-0.mysql', 'bare:a', 'host-port:b@1']);
  });

  test('9.9: $(VAR) is expanded from the env: the host points at its definition, $$ escapes, unknown names are flagged in host positions', () => {
    const env = { vars: [{ name: 'DB', value: 'mysql', valueSpan: makeSpan(10, 15) }, { name: 'IP', value: null, valueSpan: null }], hasEnvFrom: false };
    assert.deepEqual(tokens('--db=$(DB):3306', 'args', null, [], { env }), ['host-port:mysql@3306 via $(DB) in args at 10-15']);
    assert.deepEqual(tokens('http://$(DB).data.svc', 'args', null, [], { env }), ['url:mysql.data.svc via $(…) in args at 107-121']);
    assert.deepEqual(tokens('--db=$$(DB):3306 --ip=$(IP)', 'args', null, [], { env }), []);
    assert.deepEqual(tokens('--db-host=$(DBB) --name=$(DBB)', 'args', null, [], { env }), ['bare:$(DBB)']);
    assert.deepEqual(tokens('http://$(DB):80', 'env', 'URL', [], { env, envIndex: 0 }), ['url:$(DB)'], 'an env value sees only the entries before it');
  });
});
