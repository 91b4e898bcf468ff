// Each quick fix is applied to the text and the workspace re-checked: the problem is gone and no
// new one appears. The edits keep the file's indentation, quoting and line endings.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, type Fix, type ProblemCode } from '../../shared/src/index';
import { dedent } from '../support/markedText';

type Files = Record<string, string>;

function applyFix(files: Files, fix: Fix): Files {
  const result = { ...files };
  const byPath = new Map<string, Fix['edits'][number][]>();
  for (const edit of fix.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  for (const [path, edits] of byPath) {
    let text = result[path]!;
    for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    result[path] = text;
  }
  return result;
}

function allProblems(files: Files, clusterDomain?: string) {
  const catalog = analyzeFiles(Object.entries(files).map(([path, text]) => ({ path, text })), clusterDomain ? { clusterDomain } : {});
  return Object.keys(files).flatMap((path) => checkFile(catalog, path));
}

/** Applies the first fix of the one problem with `code`, then expects a clean workspace. */
function fixAndRecheck(files: Files, code: ProblemCode, titlePattern: RegExp, clusterDomain?: string): Files {
  const before = allProblems(files, clusterDomain);
  assert.deepEqual(before.map((p) => p.code), [code], before.map((p) => p.message).join('\n'));
  const fix = before[0]!.fixes?.[0];
  assert.ok(fix, 'a fix is offered');
  assert.match(fix.title, titlePattern);
  const after = applyFix(files, fix);
  assert.deepEqual(allProblems(after, clusterDomain).map((p) => `${p.code}: ${p.message}`), []);
  return after;
}

const statefulSet = (serviceName: string, eol = '\n', indent = '  ') =>
  ['apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', `${indent}name: web`, 'spec:', `${indent}serviceName: ${serviceName}`, `${indent}replicas: 2`, `${indent}template:`, `${indent}${indent}metadata:`, `${indent}${indent}${indent}labels: {app: web}`, `${indent}${indent}spec:`, `${indent}${indent}${indent}containers:`, `${indent}${indent}${indent}${indent}- name: web`, `${indent}${indent}${indent}${indent}  ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9090}]`, ''].join(eol);

/** A Service `catalog` and a client Pod whose container carries `containerLine`. */
const catalogWithClient = (containerLine: string): Files => ({
  'app.yaml': dedent`
    apiVersion: v1
    kind: Service
    metadata: {name: catalog}
    spec: {selector: {app: catalog}, ports: [{port: 80}]}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: client, labels: {app: catalog}}
    spec:
      containers:
        - name: c
          ${containerLine}
  `,
});

suite('fixes: apply, re-check, nothing new', () => {
  test('add clusterIP: None in another file (block style, LF)', () => {
    const after = fixAndRecheck(
      { 'sts.yaml': statefulSet('nginx'), 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n' },
      'statefulset-service-not-headless',
      /Add clusterIP: None to Service nginx \(recreate it: clusterIP is immutable\)/,
    );
    assert.equal(after['svc.yaml'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n    - port: 80\n');
  });

  test('add clusterIP: None keeps CRLF and four-space indentation', () => {
    const svc = 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n    name: nginx\r\nspec:\r\n    selector:\r\n        app: web\r\n';
    const after = fixAndRecheck({ 'sts.yaml': statefulSet('nginx', '\r\n', '    '), 'svc.yaml': svc }, 'statefulset-service-not-headless', /clusterIP: None/);
    assert.equal(after['svc.yaml'], 'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n    name: nginx\r\nspec:\r\n    clusterIP: None\r\n    selector:\r\n        app: web\r\n');
  });

  test('add clusterIP: None into a flow-style spec', () => {
    const after = fixAndRecheck(
      { 'sts.yaml': statefulSet('nginx'), 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec: {selector: {app: web}}\n' },
      'statefulset-service-not-headless',
      /clusterIP: None/,
    );
    assert.equal(after['svc.yaml'], 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec: { clusterIP: None, selector: {app: web}}\n');
  });

  test('replaces a pinned clusterIP and clusterIPs, keeping the rest', () => {
    const after = fixAndRecheck(
      { 'sts.yaml': statefulSet('nginx'), 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec:\n  clusterIP: "10.96.4.4" # pinned\n  clusterIPs:\n    - 10.96.4.4\n  selector: {app: web}\n' },
      'statefulset-service-not-headless',
      /clusterIP: None/,
    );
    assert.equal(after['svc.yaml'], 'apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec:\n  clusterIP: None # pinned\n  clusterIPs:\n    - None\n  selector: {app: web}\n');
  });

  test('create the missing headless Service from the pod template', () => {
    const after = fixAndRecheck({ 'sts.yaml': statefulSet('nginx') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n' }, 'statefulset-service-missing', /Create headless Service nginx for StatefulSet web/);
    assert.match(after['sts.yaml']!, /\n---\napiVersion: v1\nkind: Service\nmetadata:\n {2}name: nginx\nspec:\n {2}clusterIP: None\n {2}selector:\n {4}app: web\n {2}ports:\n {4}- name: http\n {6}port: 8080\n {6}targetPort: http\n {4}- name: admin\n/);
    assert.match(after['sts.yaml']!, /\n---\napiVersion: v1\nkind: ConfigMap/, 'the following document is intact');
  });

  test('NodePort governing Service: add a separate headless Service and point serviceName at it', () => {
    const after = fixAndRecheck(
      { 'sts.yaml': statefulSet('edge'), 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n' },
      'statefulset-service-not-headless',
      /Add headless Service edge-headless beside NodePort Service edge/,
    );
    assert.match(after['sts.yaml']!, /serviceName: edge-headless/);
    assert.match(after['svc.yaml']!, /name: edge-headless\nspec:\n {2}clusterIP: None/);
  });

  test('replace an unresolvable host with the suggestion', () => {
    const after = fixAndRecheck(catalogWithClient('env: [{name: CATALOG_URL, value: "http://catalgo:80/items"}]'), 'unresolved-host', /Replace with catalog/);
    assert.match(after['app.yaml']!, /value: "http:\/\/catalog:80\/items"/);
  });

  test('use the configured cluster domain', () => {
    const after = fixAndRecheck(catalogWithClient('args: ["--upstream=catalog.default.svc.cluster.local"]'), 'cluster-domain-mismatch', /Use cluster domain corp.internal/, 'corp.internal');
    assert.match(after['app.yaml']!, /--upstream=catalog\.default\.svc\.corp\.internal/);
  });
});
