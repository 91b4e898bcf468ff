// Diagnostics as VS Code holds them (vscode.languages.getDiagnostics): the StatefulSet whose
// governing Service, in another file, is not headless gets one warning on its serviceName
// value; the whole fixture workspace shows exactly the problems it was written to have.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SOURCE, codeOf, fixtureUri, fmtDiagnostic, fmtDiagnostics, fmtRange, openFixture, ours, rangeOf, rel, untilDiagnostics, waitForDiagnostics, workspaceProblems } from './support';

const NOT_HEADLESS = 'statefulset-service-not-headless';

suite('diagnostics', () => {
  test('the StatefulSet warning sits exactly on the serviceName value', async () => {
    const doc = await openFixture('cache/statefulset.yaml');
    const diagnostics = await waitForDiagnostics(doc.uri, `a ${NOT_HEADLESS} warning`, (list) => list.some((d) => codeOf(d) === NOT_HEADLESS));
    assert.equal(diagnostics.length, 1, `expected only the ${NOT_HEADLESS} warning in ${rel(doc.uri)}; the editor shows:${fmtDiagnostics(diagnostics)}`);
    const d = diagnostics[0]!;
    const expected = rangeOf(doc, 'serviceName: cache', 'cache');
    assert.ok(d.range.isEqual(expected), `expected the warning at ${fmtRange(expected)} ("cache", the serviceName value); the editor shows ${fmtDiagnostic(d)} covering ${JSON.stringify(doc.getText(d.range))}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, `expected severity Warning; the editor shows ${fmtDiagnostic(d)}`);
    assert.equal(d.source, SOURCE);
    assert.equal(codeOf(d), NOT_HEADLESS);
    assert.match(d.message, /^StatefulSet cache's serviceName names default\/cache, a ClusterIP Service, not headless: add clusterIP: None/, `message: ${d.message}`);
  });

  test('the workspace shows exactly the problems the fixtures were written to have', async () => {
    // The other file is not opened: its problems come from the workspace diagnostics.
    const expected = [
      `cache/statefulset.yaml 9:16-9:21 warning ${NOT_HEADLESS}`,
      'web/config.yaml 8:26-8:31 warning unresolved-host',
    ];
    const lines = (list: string[]): string => `\n    ${list.join('\n    ') || '(none)'}`;
    const actual = await untilDiagnostics(workspaceProblems, (list) => list.join('\n') === expected.join('\n'), `exactly these problems across the workspace:${lines(expected)}\n`, lines);
    assert.deepEqual(actual, expected, `expected exactly these problems across the workspace:${lines(expected)}\nthe editor shows:${lines(actual)}`);
    const config = fixtureUri('web/config.yaml');
    const typo = ours(config)[0]!;
    assert.match(typo.message, /^cahce does not resolve from namespace default \(NXDOMAIN\); did you mean cache\?/, fmtDiagnostic(typo));
  });
});
