// Recall on real repositories (issue 9): real host references in the public manifests of the
// real-world corpus (read where corpus.ts finds it, never copied here) are broken the way people break
// them, and each break must be reported where it is. The engine runs on the whole source folder,
// as `check` does, so the other files (the Services, the pods) are there to answer.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, checkFile, type Problem } from '../../shared/src/index';
import { corpusDir } from './corpus';

interface Break {
  /** The kind of mistake; each kind counts once. */
  readonly kind: string;
  readonly file: string;
  /** The real text, exactly as the file has it (its first occurrence is broken), and the broken text. */
  readonly from: string;
  readonly to: string;
}

const BREAKS: readonly Break[] = [
  { kind: 'transposed letters', file: 'cockroachdb/cluster-init.yaml', from: '--host=cockroachdb-0.cockroachdb', to: '--host=cockroachdb-0.cockroahcdb' },
  { kind: 'StatefulSet ordinal past replicas, in a space-separated --join list in a shell script', file: 'cockroachdb/cockroachdb-statefulset.yaml', from: 'cockroachdb-2.cockroachdb\n', to: 'cockroachdb-3.cockroachdb\n' },
  { kind: 'pod name under a Service that is not its governing one', file: 'cockroachdb/cockroachdb-statefulset.yaml', from: '--join cockroachdb-0.cockroachdb,', to: '--join cockroachdb-0.cockroachdb-public,' },
  { kind: 'missing character in a URL host after user info', file: 'cockroachdb/example-app.yaml', from: 'root@cockroachdb-public:26257', to: 'root@cockroachdb-publc:26257' },
  { kind: 'wrong port on a ClusterIP Service', file: 'cockroachdb/example-app.yaml', from: 'root@cockroachdb-public:26257', to: 'root@cockroachdb-public:26258' },
  { kind: 'extra character in a host env var', file: 'istio-bookinfo/bookinfo-ratings-v2-mysql.yaml', from: 'value: mysqldb', to: 'value: mysqldbb' },
  { kind: 'the Deployment name instead of its Service', file: 'istio-bookinfo/bookinfo-ratings-v2-mysql.yaml', from: 'value: mysqldb', to: 'value: mysqldb-v1' },
  { kind: 'dropped letter in a URL host', file: 'istio-bookinfo/bookinfo-ratings-v2.yaml', from: 'mongodb://mongodb:27017', to: 'mongodb://mongdb:27017' },
  { kind: 'wrong port in a URL', file: 'istio-bookinfo/bookinfo-ratings-v2.yaml', from: 'mongodb://mongodb:27017', to: 'mongodb://mongodb:27018' },
  { kind: 'misspelt namespace in an FQDN', file: 'k8s-examples/databases/cassandra/cassandra-statefulset.yaml', from: 'cassandra-0.cassandra.default.svc', to: 'cassandra-0.cassandra.defualt.svc' },
  { kind: '.svc.cluster.local misspelt', file: 'k8s-examples/databases/cassandra/cassandra-statefulset.yaml', from: 'svc.cluster.local"', to: 'svc.cluster.locla"' },
  { kind: 'cluster domain cut short', file: 'k8s-examples/databases/cassandra/cassandra-statefulset.yaml', from: 'svc.cluster.local"', to: 'svc.cluster"' },
  { kind: 'Deployment pod name (Deployment pods get no per-pod DNS name)', file: 'kubeflow-pipelines/kfp-platform-agnostic-no-argo.yaml', from: 'dbHost: mysql', to: 'dbHost: mysql-0.mysql' },
  { kind: 'substituted letter in a ConfigMap host key', file: 'kubeflow-pipelines/kfp-platform-agnostic-no-argo.yaml', from: 'mysqlHost: mysql', to: 'mysqlHost: mysgl' },
  { kind: 'missing dash', file: 'kubeflow-pipelines/kfp-platform-agnostic-no-argo.yaml', from: 'METADATA_GRPC_SERVICE_HOST: metadata-grpc-service', to: 'METADATA_GRPC_SERVICE_HOST: metadatagrpc-service' },
  { kind: 'misspelt $(VAR) in a flag value', file: 'kubeflow-pipelines/kfp-platform-agnostic-no-argo.yaml', from: '--db_host=$(DBCONFIG_HOST_NAME)', to: '--db_host=$(DBCONFIG_HOST_NAM)' },
  { kind: 'transposed namespace in a <service>.<namespace> name', file: 'kubeflow-pipelines/kfp-platform-agnostic-no-argo.yaml', from: 'value: seaweedfs.kubeflow', to: 'value: seaweedfs.kubeflwo' },
  { kind: 'an old name of the Service (linkerd-prometheus, before viz moved it)', file: 'linkerd/viz.yaml', from: 'http://prometheus.linkerd-viz.svc.cluster.local:9090', to: 'http://linkerd-prometheus.linkerd-viz.svc.cluster.local:9090' },
  { kind: 'wrong port in an FQDN URL flag', file: 'linkerd/viz.yaml', from: 'http://prometheus.linkerd-viz.svc.cluster.local:9090', to: 'http://prometheus.linkerd-viz.svc.cluster.local:9091' },
  { kind: 'svc label misspelt', file: 'linkerd/viz.yaml', from: 'metrics-api.linkerd-viz.svc.cluster.local:8085', to: 'metrics-api.linkerd-viz.scv.cluster.local:8085' },
  { kind: 'Service name cut at a dash', file: 'kube-prometheus/prometheusAdapter-deployment.yaml', from: 'http://prometheus-k8s.monitoring.svc:9090/', to: 'http://prometheus.monitoring.svc:9090/' },
  { kind: 'right name, wrong existing namespace', file: 'linkerd/viz.yaml', from: 'metrics-api.linkerd-viz.svc.cluster.local:8085', to: 'metrics-api.linkerd.svc.cluster.local:8085' },
  { kind: 'misspelt host in a --flag=value list', file: 'cockroachdb/cockroachdb-statefulset.yaml', from: 'cockroachdb-1.cockroachdb,', to: 'cockroachdb-1.cockroachdbb,' },
];

/** Every YAML file of one corpus source, keyed by its path relative to the corpus folder. */
function sourceFiles(source: string): Map<string, string> {
  const root = corpusDir();
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, source));
  return files;
}

function problemsOf(files: Map<string, string>, file: string): Problem[] {
  const catalog = analyzeFiles([...files].map(([p, text]) => ({ path: p, text })));
  return checkFile(catalog, file);
}

suite('real-world recall: broken host references are caught', () => {
  const results: { kind: string; caught: boolean; message: string }[] = [];

  suiteTeardown(() => {
    const caught = results.filter((r) => r.caught).length;
    process.stdout.write(`\n    recall: ${caught}/${results.length} breaks caught, ${new Set(results.map((r) => r.kind)).size} kinds\n`);
    for (const r of results) process.stdout.write(`      ${r.caught ? '✔' : '✘'} ${r.kind}: ${r.message.slice(0, 160)}\n`);
  });

  test('at least 20 kinds of mistake', () => {
    assert.ok(new Set(BREAKS.map((b) => b.kind)).size >= 20);
  });

  for (const brk of BREAKS) {
    test(brk.kind, function () {
      this.timeout(60_000);
      const files = sourceFiles(brk.file.split('/')[0]!);
      const original = files.get(brk.file);
      assert.ok(original !== undefined, `${brk.file} is in the corpus`);
      const at = original.indexOf(brk.from);
      assert.ok(at >= 0, `${brk.file} still holds ${brk.from}`);
      const before = problemsOf(files, brk.file).map((p) => `${p.code}@${p.span.start}`);
      files.set(brk.file, original.slice(0, at) + brk.to + original.slice(at + brk.from.length));
      const changedEnd = at + brk.to.length;
      const found = problemsOf(files, brk.file).find((p) => /host|domain/.test(p.code) && p.span.start < changedEnd && p.span.end > at && !before.includes(`${p.code}@${p.span.start}`));
      results.push({ kind: brk.kind, caught: found !== undefined, message: found ? `${found.code}: ${found.message}` : 'not reported' });
      assert.ok(found, `${brk.kind}: "${brk.to}" in ${brk.file} is not reported`);
    });
  }
});
