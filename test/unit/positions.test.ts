// Spans are exact UTF-16 offsets whatever the text looks like: CRLF, a BOM, emoji before the
// target, several documents, flow style and block scalars. LineIndex turns them into line and
// character the way LSP does.
import * as assert from 'node:assert/strict';
import { analyzeFiles, checkFile, LineIndex } from '../../shared/src/index';
import { dedent } from '../support/markedText';

const base = dedent`
  # 🚀 emoji before the target: «two UTF-16 units»
  apiVersion: v1
  kind: Service
  metadata: {name: nginx, annotations: {note: "🚀🚀"}}
  spec: {selector: {app: web}, ports: [{port: 80}]}
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: web
  spec:
    serviceName: "nginx" # 🚀
    template:
      metadata:
        labels: {app: web}
      spec:
        containers:
          - name: c
            env:
              - name: PEER_HOST
                value: 🚀web-9.nginx
            args:
              - |
                  connect to 🚀 http://web-7.nginx:8080/x
                  and also web-8.nginx:8080
`;

function spanTexts(text: string): string[] {
  const catalog = analyzeFiles([{ path: 'f.yaml', text }]);
  return checkFile(catalog, 'f.yaml').map((p) => `${p.code} ${text.slice(p.span.start, p.span.end)}`);
}

suite('positions: exact spans on awkward text', () => {
  const expected = [
    'statefulset-service-not-headless "nginx"',
    'unresolved-host web-7.nginx',
    'unresolved-host web-8.nginx',
  ];

  test('LF baseline', () => {
    assert.deepEqual(spanTexts(base), expected);
  });

  test('CRLF line endings', () => {
    assert.deepEqual(spanTexts(base.replace(/\n/g, '\r\n')), expected);
  });

  test('lone CR line endings', () => {
    // YAML treats a lone CR as a line break too.
    const texts = spanTexts(base.replace(/\n/g, '\r'));
    assert.deepEqual(texts, expected);
  });

  test('a BOM at the start', () => {
    assert.deepEqual(spanTexts('\uFEFF' + base), expected);
  });

  test('a leading document separator and a second document', () => {
    assert.deepEqual(spanTexts('---\n' + base + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {URL: "http://web-5.nginx"}\n'), [...expected, 'unresolved-host web-5.nginx']);
  });

  test('LineIndex: LSP line/character with CRLF, CR and surrogate pairs', () => {
    const text = 'a\r\nb🚀c\rd\ne';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 3 });
    assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(text.length + 10), { line: 3, character: 1 });
    assert.equal(index.offsetAt({ line: 1, character: 3 }), text.indexOf('c'));
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 1, 'clamps before the line break');
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside a CRLF pair
      assert.equal(index.offsetAt(index.positionAt(offset)), offset);
    }
  });
});
