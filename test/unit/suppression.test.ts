// Suppression where the problem is: a comment on the line or the line before, an annotation on
// the object, hints for unknown codes, and the two "Suppress …" quick fixes applied and re-checked.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, suppressionFixes, type Fix, type Problem } from '../../shared/src/index';
import { dedent } from '../support/markedText';

function problems(text: string): Problem[] {
  return checkFile(analyzeFiles([{ path: 'a.yaml', text }]), 'a.yaml');
}

const codes = (text: string) => problems(text).map((p) => `${p.code} ${text.slice(p.span.start, p.span.end)}`);

function apply(text: string, fix: Fix): string {
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

/** A ConfigMap with two unresolvable hosts and a Service that selects nothing. */
const base = (comment = '', nextLine = '', annotations = '') =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: conf',
    `${annotations}data:`,
    `  A: http://nosuch-a:80 http://nosuch-b:80${comment}`,
    `${nextLine}  B: http://nosuch-c:80`,
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: lonely',
    'spec:',
    '  selector: {app: nobody}',
    // A pod template in the namespace: what matches nothing is then a warning, not a pods-made-elsewhere note.
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: worker, labels: {app: worker}}',
    'spec: {containers: [{name: c}]}',
    '',
  ].join('\n');

suite('suppression: comments and annotations', () => {
  test('without a directive every problem is reported', () => {
    assert.deepEqual(codes(base()), [
      'unresolved-host nosuch-a',
      'unresolved-host nosuch-b',
      'unresolved-host nosuch-c',
      'service-selects-nothing {app: nobody}',
    ]);
  });

  test('disable-line with a code suppresses that code on its own line only', () => {
    assert.deepEqual(codes(base('  # kube-service-dns-disable-line unresolved-host')), ['unresolved-host nosuch-c', 'service-selects-nothing {app: nobody}']);
    // Another code named: nothing on the line is suppressed.
    assert.deepEqual(codes(base('  # kube-service-dns-disable-line service-selects-nothing')).length, 4);
  });

  test('disable-next-line without codes suppresses every code on the next line; a -- reason is allowed', () => {
    assert.deepEqual(codes(base('', '  # kube-service-dns-disable-next-line -- lives in another cluster\n')), [
      'unresolved-host nosuch-a',
      'unresolved-host nosuch-b',
      'service-selects-nothing {app: nobody}',
    ]);
    assert.deepEqual(codes(base('', '  # kube-service-dns-disable-next-line unresolved-host, service-selects-nothing -- why\n')).length, 3);
  });

  test('the annotation suppresses the codes it names on its object only', () => {
    const text = base('', '', '  annotations:\n    kube-service-dns.io/disable: "unresolved-host"\n');
    assert.deepEqual(codes(text), ['service-selects-nothing {app: nobody}']);
    const onService = base().replace('  name: lonely', '  name: lonely\n  annotations: {kube-service-dns.io/disable: service-selects-nothing}');
    assert.deepEqual(codes(onService), ['unresolved-host nosuch-a', 'unresolved-host nosuch-b', 'unresolved-host nosuch-c']);
    const empty = base().replace('  name: lonely', '  name: lonely\n  annotations:\n    kube-service-dns.io/disable: ""');
    assert.equal(codes(empty).length, 3, 'an empty annotation suppresses every code of the object');
  });

  test('an unknown code gets a hint at its exact span, with the nearest code as a fix', () => {
    const text = base('  # kube-service-dns-disable-line unresolved-hots, unresolved-host');
    const hints = problems(text).filter((p) => p.code === 'suppression-unknown-code');
    assert.equal(hints.length, 1);
    const [hint] = hints;
    assert.equal(text.slice(hint!.span.start, hint!.span.end), 'unresolved-hots');
    assert.equal(hint!.severity, 'hint');
    assert.match(hint!.message, /did you mean unresolved-host\?/);
    assert.equal(hint!.fixes?.[0]?.edits[0]?.newText, 'unresolved-host');
    // The known code beside it still applies.
    assert.deepEqual(codes(text).filter((c) => c.startsWith('unresolved-host')), ['unresolved-host nosuch-c']);
    const inAnnotation = base().replace('  name: lonely', "  name: lonely\n  annotations:\n    kube-service-dns.io/disable: 'nonsense'");
    const annotationHint = problems(inAnnotation).find((p) => p.code === 'suppression-unknown-code')!;
    assert.equal(inAnnotation.slice(annotationHint.span.start, annotationHint.span.end), 'nonsense');
    assert.match(annotationHint.message, /"nonsense" is not a kube-service-dns problem code/);
  });

  test('a directive in a value is not a comment unless # starts a comment word', () => {
    const text = base().replace('http://nosuch-c:80', 'http://nosuch-c:80/#kube-service-dns-disable-line');
    assert.equal(codes(text).filter((c) => c.includes('nosuch-c')).length, 1);
  });
});

suite('suppression: quick fixes', () => {
  function fixAndRecheck(text: string, pick: (p: Problem) => boolean, title: RegExp, removed = 1): string {
    const problem = problems(text).find(pick)!;
    const fix = suppressionFixes(text, problem).find((f) => title.test(f.title));
    assert.ok(fix, `a fix ${title} among ${suppressionFixes(text, problem).map((f) => f.title).join(', ')}`);
    const after = apply(text, fix);
    const left = problems(after);
    assert.ok(!left.some((p) => p.code === problem.code && after.slice(p.span.start, p.span.end) === text.slice(problem.span.start, problem.span.end)), `${problem.code} is gone:\n${after}`);
    assert.equal(left.length, problems(text).length - removed, `exactly ${removed} problem(s) fewer, nothing new:\n${after}`);
    return after;
  }

  test('"Suppress <code> on this line" inserts a disable-next-line comment with the line\'s indentation', () => {
    const after = fixAndRecheck(base(), (p) => p.span.start === base().indexOf('nosuch-c'), /^Suppress unresolved-host on this line$/);
    assert.match(after, /\n {2}# kube-service-dns-disable-next-line unresolved-host\n {2}B: http:\/\/nosuch-c:80\n/);
  });

  test('"Suppress <code> for <kind> <name>" adds the annotation (new annotations, existing annotations, existing disable list)', () => {
    const a = fixAndRecheck(base(), (p) => p.code === 'service-selects-nothing', /^Suppress service-selects-nothing for Service lonely$/);
    assert.match(a, /metadata:\n {2}annotations:\n {4}kube-service-dns\.io\/disable: service-selects-nothing\n {2}name: lonely/);
    const withAnnotations = base().replace('  name: lonely', '  name: lonely\n  annotations:\n    team: db');
    const b = fixAndRecheck(withAnnotations, (p) => p.code === 'service-selects-nothing', /for Service lonely/);
    assert.match(b, /annotations:\n {4}kube-service-dns\.io\/disable: service-selects-nothing\n {4}team: db/);
    const withList = base('', '', '  annotations:\n    kube-service-dns.io/disable: service-selects-nothing\n');
    const c = fixAndRecheck(withList, (p) => p.span.start === withList.indexOf('nosuch-a'), /for ConfigMap conf/, 3);
    assert.deepEqual(codes(c), ['service-selects-nothing {app: nobody}'], 'all of the ConfigMap\'s hosts, not the Service');
    assert.match(c, /kube-service-dns\.io\/disable: "service-selects-nothing,unresolved-host"/);
  });

  test('inside a block scalar only the annotation is offered (a comment line would change the value)', () => {
    const text = dedent`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: script
      data:
        run.sh: |
          curl http://nosuch-d:80/
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {ports: [{port: 80}]}
    `;
    const problem = problems(text).find((p) => p.code === 'unresolved-host')!;
    assert.deepEqual(suppressionFixes(text, problem).map((f) => f.title), ['Suppress unresolved-host for ConfigMap script']);
    fixAndRecheck(text, (p) => p.code === 'unresolved-host', /for ConfigMap script/);
  });

  test('CRLF files get CRLF lines', () => {
    const text = base().replace(/\n/g, '\r\n');
    const problem = problems(text).find((p) => p.code === 'service-selects-nothing')!;
    for (const fix of suppressionFixes(text, problem)) for (const edit of fix.edits) assert.ok(!/[^\r]\n/.test(edit.newText), JSON.stringify(edit.newText));
  });
});
