// The repository config file (.kube-service-dns.yaml): a valid file becomes options, severities,
// ignore globs and external declarations that the resolver answers; each bad entry is one
// `config-invalid` problem at its exact span, and the rest of the file still applies.
import * as assert from 'node:assert/strict';
import { Catalog, checkFile, clusterDomainError, configFileModel, extractFile, namespaceError, parseRepositoryConfig, resolveQuery, withDefaults } from '../../shared/src/index';
import { dedent } from '../support/markedText';

const PATH = '/repo/.kube-service-dns.yaml';

const VALID = dedent`
  # what lives outside these manifests
  clusterDomain: corp.local
  defaultNamespace: shop
  dnsProfile: kube-dns
  ignore:
    - charts/**
  severity:
    service-selects-nothing: info
    non-portable-host: off
  external:
    namespaces: [monitoring]
    services:
      - db/postgres
      - service: cache/redis
        headless: true
        ports: [6379, {name: metrics, port: 9121}]
`;

/** Each problem as `line:col-endCol message`, 1-based, for exact positions. */
function located(text: string, problems: readonly { span: { start: number; end: number }; message: string }[]): string[] {
  return problems.map((p) => {
    const before = text.slice(0, p.span.start);
    const line = before.split('\n').length;
    const col = p.span.start - before.lastIndexOf('\n');
    return `${line}:${col} ${JSON.stringify(text.slice(p.span.start, p.span.end))} ${p.message}`;
  });
}

suite('repository config: parsing', () => {
  test('a valid file gives options, severities, ignore globs and external declarations, with no problem', () => {
    const config = parseRepositoryConfig(PATH, VALID);
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.options, { clusterDomain: 'corp.local', defaultNamespace: 'shop', profile: 'kube-dns', externalNamespaces: ['monitoring'] });
    assert.deepEqual(config.severities, { 'service-selects-nothing': 'info', 'non-portable-host': 'off' });
    assert.deepEqual(config.ignore, ['charts/**']);
    assert.deepEqual(
      config.externalServices.map((s) => ({ ...s, span: VALID.slice(s.span.start, s.span.end) })),
      [
        { namespace: 'db', name: 'postgres', headless: false, ports: [], span: 'db/postgres' },
        { namespace: 'cache', name: 'redis', headless: true, ports: [{ name: null, port: 6379, protocol: 'TCP' }, { name: 'metrics', port: 9121, protocol: 'TCP' }], span: 'cache/redis' },
      ],
    );
  });

  test('an empty file or a comment-only file configures nothing', () => {
    for (const text of ['', '# nothing yet\n']) {
      const config = parseRepositoryConfig(PATH, text);
      assert.deepEqual([config.problems, config.options, config.externalServices], [[], {}, []]);
    }
  });

  test('each bad entry is a config-invalid problem at its exact position; the good entries still apply', () => {
    const text = dedent`
      clusterDomain: "not a domain"
      defaultNamespace: Shop
      dnsProfile: bind
      ignore: charts
      severity:
        unresolved-hots: info
        unresolved-host: loud
      external:
        namespaces: [monitoring, Bad_NS]
        services:
          - postgres
          - service: db/mysql
            headless: maybe
            ports: [0, {port: 80, protocol: HTTP}]
            weight: 3
        clusters: []
      colour: blue
    `;
    const config = parseRepositoryConfig(PATH, text);
    assert.ok(config.problems.every((p) => p.code === 'config-invalid' && p.severity === 'error' && p.path === PATH));
    assert.deepEqual(
      located(text, config.problems).map((l) => l.replace(/ This entry is ignored\.$/, '')),
      [
        '1:16 "\\"not a domain\\"" clusterDomain: the cluster domain "not a domain" is not a DNS name (dot-separated labels of letters, digits and \'-\', at most 63 characters each).',
        '2:19 "Shop" defaultNamespace: the namespace "Shop" is not a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters).',
        '3:13 "bind" dnsProfile must be one of coredns, kube-dns, spec.',
        '4:9 "charts" ignore must be a list.',
        '6:3 "unresolved-hots" "unresolved-hots" is not a problem code (see the README\'s table).',
        '7:20 "loud" The severity of unresolved-host must be one of error, warning, info, hint, off.',
        '9:28 "Bad_NS" external.namespaces: the namespace "Bad_NS" is not a DNS-1123 label (lowercase letters, digits and \'-\', at most 63 characters).',
        '11:7 "postgres" An external Service is written namespace/name (or {service: namespace/name, headless, ports}).',
        '13:17 "maybe" headless is true or false.',
        '14:15 "0" A port is a number from 1 to 65535, or {name, port, protocol}.',
        '14:18 "{port: 80, protocol: HTTP}" protocol must be one of TCP, UDP, SCTP.',
        '15:7 "weight" An external Service takes service, headless and ports, not "weight".',
        '16:3 "clusters" external takes namespaces and services, not "clusters".',
        '17:1 "colour" Unknown setting "colour"; the settings are clusterDomain, defaultNamespace, dnsProfile, ignore, severity, external.',
      ],
    );
    // What was valid still applies.
    assert.deepEqual(config.options, { externalNamespaces: ['monitoring'] });
    assert.deepEqual(config.externalServices.map((s) => `${s.namespace}/${s.name}`), ['db/mysql']);
  });

  test('clusterDomain and defaultNamespace are checked by the validators the CLI flags and the editor settings use (issue 15, minor)', () => {
    const longLabel = 'a'.repeat(100_000);
    for (const domain of ['"*"', '"a b"', 'svc', 'svc.cluster.local', longLabel, '"-bad.local"', 'a_b.local']) {
      const config = parseRepositoryConfig(PATH, `clusterDomain: ${domain}\n`);
      assert.deepEqual(config.options, {}, `${domain.slice(0, 20)} is ignored: the default stays`);
      assert.equal(config.problems.length, 1);
      const value = domain.replace(/^"|"$/g, '');
      assert.equal(config.problems[0]!.message.replace(/ This entry is ignored\.$/, ''), `clusterDomain: ${clusterDomainError(value)}.`);
      assert.ok(config.problems[0]!.message.length < 400, 'a long value is cut in the message');
    }
    for (const ns of ['Bad_NS', '"a b"', 'x'.repeat(64)]) {
      const config = parseRepositoryConfig(PATH, `defaultNamespace: ${ns}\n`);
      assert.deepEqual(config.options, {});
      assert.equal(config.problems[0]!.message.replace(/ This entry is ignored\.$/, ''), `defaultNamespace: ${namespaceError(ns.replace(/^"|"$/g, ''))}.`);
    }
    assert.deepEqual(parseRepositoryConfig(PATH, 'clusterDomain: Corp.Local.\ndefaultNamespace: shop-1\n').options, { clusterDomain: 'Corp.Local.', defaultNamespace: 'shop-1' });
  });

  test('a YAML error is reported where it is and configures nothing; a non-mapping says what is expected', () => {
    const broken = parseRepositoryConfig(PATH, 'severity: {unresolved-host: info\n');
    assert.equal(broken.problems.length >= 1, true);
    assert.equal(broken.problems[0]!.code, 'config-invalid');
    assert.deepEqual(broken.severities, {});
    const list = parseRepositoryConfig(PATH, '- a\n- b\n');
    assert.deepEqual(located('- a\n- b\n', list.problems).map((l) => l.split(' ')[0]), ['1:1']);
    assert.match(list.problems[0]!.message, /must be a mapping of settings/);
  });
});

suite('repository config: the engine answers with it', () => {
  const manifest = dedent`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: conf, namespace: shop}
    data:
      DB: postgres.db:5432
      CACHE: redis.cache.svc.corp.local
      PROM: http://prometheus-k8s.monitoring:9090
      BAD: http://nosuch:80
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    spec: {ports: [{port: 80}]}
  `;
  function catalogWith(configText: string): Catalog {
    const config = parseRepositoryConfig(PATH, configText);
    const options = withDefaults(config.options);
    return new Catalog([extractFile('/repo/app.yaml', manifest, options), configFileModel(config, configText)], options);
  }

  test('external Services and namespaces resolve on every profile; other names still fail', () => {
    const catalog = catalogWith(VALID);
    const codes = checkFile(catalog, '/repo/app.yaml').map((p) => `${p.code} ${manifest.slice(p.span.start, p.span.end)}`);
    assert.deepEqual(codes, ['unresolved-host nosuch']);
    for (const name of ['prometheus-k8s.monitoring', 'postgres.db', 'redis.cache']) assert.equal(resolveQuery(catalog, name, { fromNamespace: 'shop', type: 'A' }).status, 'answer', name);
    const answer = resolveQuery(catalog, 'prometheus-k8s.monitoring', { fromNamespace: 'shop', type: 'A' });
    assert.equal(answer.status, 'answer');
    assert.match(answer.reason, /declared external in the repository config/);
    assert.equal(resolveQuery(catalog, 'redis.cache', { fromNamespace: 'shop', type: 'A' }).portable, true, 'a headless external Service answers on kube-dns too');
  });

  test('without the config the same names are NXDOMAIN', () => {
    const catalog = catalogWith('clusterDomain: corp.local\n');
    const codes = checkFile(catalog, '/repo/app.yaml').map((p) => `${p.code} ${manifest.slice(p.span.start, p.span.end)}`);
    // Namespace cache is declared nowhere: a note, not NXDOMAIN (the open-world rule, issue 9.5).
    assert.ok(codes.includes('host-not-in-manifests redis.cache.svc.corp.local'), codes.join('\n'));
    for (const name of ['prometheus-k8s.monitoring', 'postgres.db', 'redis.cache'])
      assert.notEqual(resolveQuery(catalog, name, { fromNamespace: 'shop', type: 'A' }).status, 'answer', name);
  });

  test('per-pod names under an external headless Service are assumed to exist (its pods are elsewhere); a wrong port is still caught', () => {
    const configText = 'external:\n  services:\n    - {service: data/kafka, headless: true, ports: [{name: broker, port: 9092}]}\n    - data/redis\n';
    const config = parseRepositoryConfig(PATH, configText);
    const options = withDefaults(config.options);
    const app = dedent`
      apiVersion: v1
      kind: Pod
      metadata: {name: app, namespace: shop}
      spec:
        containers:
          - name: c
            env:
              - {name: BROKERS, value: "kafka-0.kafka.data.svc.cluster.local:9092,kafka-1.kafka.data:9092"}
              - {name: CACHE, value: "redis-0.redis.data:6379"}
              - {name: TYPO, value: "kafka-0.kafak.data:9092"}
    `;
    const catalog = new Catalog([extractFile('/repo/app.yaml', app, options), configFileModel(config, configText)], options);
    const problems = checkFile(catalog, '/repo/app.yaml').map((p) => `${p.code} ${app.slice(p.span.start, p.span.end)}`);
    // redis is not declared headless: CoreDNS answers its per-pod names, kube-dns does not (a note).
    assert.deepEqual(problems, ['non-portable-host redis-0.redis.data', 'unresolved-host kafka-0.kafak.data']);
    const pod = resolveQuery(catalog, 'kafka-0.kafka.data', { fromNamespace: 'shop', type: 'A' });
    assert.equal(pod.status, 'answer');
    assert.equal(pod.portable, true, 'a headless external Service publishes per-pod names on every profile');
    assert.match(pod.reason, /declared external in the repository config .*its pods are not in these manifests, so the endpoint kafka-0 is assumed to exist/);
    const srv = resolveQuery(catalog, 'kafka-0.kafka.data.svc.cluster.local', { fromNamespace: 'shop', type: 'SRV' });
    assert.deepEqual(srv.answer?.records.map((r) => [r.target, r.port]), [['kafka-0.kafka.data.svc.cluster.local', 9092]]);
    // Without the config, the same names are NXDOMAIN (a namespace nothing declares: a note).
    const closed = new Catalog([extractFile('/repo/app.yaml', app, withDefaults())], withDefaults());
    assert.notEqual(resolveQuery(closed, 'kafka-0.kafka.data', { fromNamespace: 'shop', type: 'A' }).status, 'answer');
  });

  test('the config file model carries its problems, reported by checkFile on the config path', () => {
    const catalog = catalogWith('dnsProfile: bind\n');
    assert.deepEqual(checkFile(catalog, PATH).map((p) => p.code), ['config-invalid']);
  });
});
