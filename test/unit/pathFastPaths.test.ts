// The string shortcuts the cold index takes for plain paths (server/src/workspace/fileUris.ts,
// workspaceRoots.ts, host/src/excludeMatcher.ts) against the Node functions they stand in for, on
// hand-picked awkward paths and on generated ones drawn from an alphabet of every character class
// that URLs or path normalisation treat specially.
import * as assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isNormalPosixPath } from '../../host/src/discovery';
import { ExcludeMatcher, GlobAutomaton } from '../../host/src/excludeMatcher';
import { ALWAYS_EXCLUDED_DIRS } from '../../host/src/fileSystem';
import { filePathOf, fileUriOf } from '../../server/src/workspace/fileUris';
import { WorkspaceRoots } from '../../server/src/workspace/workspaceRoots';
import { random } from '../bench/corpus';

const AWKWARD = [
  '/',
  '/a',
  '/a/',
  '/a//b',
  '/a/./b',
  '/a/../b',
  '/a/.',
  '/a/..',
  '/a/.b/..c/...',
  '/ws/app/service.yaml',
  '/ws/a b.yaml',
  '/ws/a%20b.yaml',
  '/ws/a#b.yaml',
  '/ws/a?b.yaml',
  '/ws/ä.yaml',
  '/ws/a:b.yaml',
  '/ws/C:/x.yaml',
  '/ws/a\\b.yaml',
  '/ws/a\tb.yaml',
  '/ws/~user/+x,y=z@w-v_u.yaml',
  '/ws/{a}/[b]/`c`/"d"/<e>/|f|/^g^',
  'relative/path.yaml',
];

/** Paths built from segments over characters that URLs encode or paths normalise. */
function generatedPaths(count: number): string[] {
  const next = random(20261130);
  const alphabet = ['a', 'Z', '0', '.', '.', '-', '_', '~', '+', ',', '=', '@', ':', '%', '#', '?', ' ', 'é', '\\', '/', '[', '{', '"', '`', '\n'];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    let path = '';
    const segments = 1 + Math.floor(next() * 5);
    for (let s = 0; s < segments; s++) {
      path += '/';
      const length = Math.floor(next() * 5);
      for (let c = 0; c < length; c++) path += alphabet[Math.floor(next() * alphabet.length)]!;
    }
    paths.push(path);
  }
  return paths;
}

const PATHS = [...AWKWARD, ...generatedPaths(5000)];

suite('path shortcuts of the cold index (differential against Node)', () => {
  test('fileUriOf spells every absolute path as pathToFileURL does', () => {
    for (const path of PATHS.filter((p) => nodePath.isAbsolute(p))) assert.equal(fileUriOf(path), pathToFileURL(path).href, JSON.stringify(path));
  });

  test('filePathOf reads back every URI as fileURLToPath does', () => {
    for (const path of PATHS.filter((p) => nodePath.isAbsolute(p))) {
      const uris = [pathToFileURL(path).href, `file://${path}`];
      for (const uri of uris) {
        let expected: string | null;
        try {
          expected = fileURLToPath(uri);
        } catch {
          expected = null;
        }
        assert.equal(filePathOf(uri), expected, JSON.stringify(uri));
      }
    }
  });

  test('isNormalPosixPath is true only where normalize leaves an absolute path as it is', () => {
    let plain = 0;
    for (const path of PATHS) {
      const normal = nodePath.isAbsolute(path) && nodePath.normalize(path) === path && (path === '/' || !path.endsWith('/'));
      assert.equal(isNormalPosixPath(path), normal, JSON.stringify(path));
      if (normal) plain++;
    }
    assert.ok(plain > 1000, `the generated paths hold normal ones too (${plain})`);
  });

  test('clientPath answers as relative + join under the folder, links or not', () => {
    const direct = new WorkspaceRoots([{ uri: 'file:///ws', path: '/ws' }], (p) => p);
    const linked = new WorkspaceRoots([{ uri: 'file:///link', path: '/link' }], () => '/ws');
    for (const rest of PATHS) {
      const real = nodePath.posix.join('/ws', rest);
      if (!real.startsWith('/ws/')) continue;
      assert.equal(direct.clientPath(real), nodePath.join('/ws', nodePath.relative('/ws', real)), JSON.stringify(real));
      assert.equal(linked.clientPath(real), nodePath.join('/link', nodePath.relative('/ws', real)), JSON.stringify(real));
    }
  });

  test('exclusion decides every path under a folder as before the shortcut', () => {
    const globs = ['**/a*', 'x/**', '**/*.yaml'];
    const matcher = new ExcludeMatcher([{ folder: '/ws', globs }]);
    const automaton = GlobAutomaton.compile(globs)!;
    // The code before the shortcut, verbatim but for the folder lookup.
    const reference = (path: string): boolean => {
      const segments = nodePath.relative('/ws', path).split(nodePath.sep).filter((s) => s !== '');
      if (segments.some((s) => ALWAYS_EXCLUDED_DIRS.has(s))) return true;
      return automaton.matchesPathOrParent(segments.join('/'));
    };
    let excluded = 0;
    for (const rest of [...PATHS.filter((p) => p.startsWith('/')), '/node_modules/x', '/x/y', '/b/.git', '/b/c.yaml', '/b/c.yml']) {
      const path = `/ws${rest}`;
      const expected = reference(path);
      assert.equal(matcher.isExcluded(path), expected, JSON.stringify(path));
      if (expected) excluded++;
    }
    assert.ok(excluded > 100, `some generated paths are excluded (${excluded})`);
  });
});
