// Hosts an overlay's rename or move breaks, in every shape a value names a Service: a bare name,
// `name.ns`, a StatefulSet pod under a headless Service, the FQDN, and a host-like flag with no
// near name (which the ordinary check leaves alone, since it resolves as written). Each becomes
// one `kustomize-renamed-host` with the rewritten name, never `unresolved-host` or a note.
import * as assert from 'node:assert/strict';
import { analyzeOverlay, buildKustomization, withDefaults, type KustomizeHost, type Problem } from '../../shared/src/index';
import { renamedApiBase } from '../support/kustomizeFiles';


/** The overlay's problems on the base's values: `code host → message tail`. */
function reported(overlay: string, env: string, args = '"--verbose"', baseNamespace = ''): Problem[] {
  const files: Record<string, string> = {
    '/w/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    '/w/base/app.yaml': renamedApiBase(baseNamespace ? `\n  namespace: ${baseNamespace}` : '', env, args),
    '/w/prod/kustomization.yaml': `resources:\n  - ../base\n${overlay}`,
  };
  const host: KustomizeHost = { readFile: (p) => files[p] };
  const build = buildKustomization('/w/prod', host);
  assert.ok(build.buildable, build.notes.map((n) => n.message).join(' '));
  return analyzeOverlay(build, 'prod', withDefaults({}), (p) => host.readFile(p)).problems.filter((p) => p.path === '/w/base/app.yaml');
}

function renamed(problems: readonly Problem[]): { written: string; suggestion: string | null }[] {
  return problems.map((p) => {
    assert.equal(p.code, 'kustomize-renamed-host', p.message);
    return { written: /: (\S+) does not resolve/.exec(p.message)?.[1] ?? '', suggestion: / Use (\S+) here/.exec(p.message)?.[1] ?? null };
  });
}

suite('kustomize: hosts an overlay renames', () => {
  test('a StatefulSet pod under a renamed headless Service: prefix renames both labels', () => {
    const problems = reported('namePrefix: prod-\n', 'http://api-0.api-headless:8080');
    assert.deepEqual(renamed(problems), [{ written: 'api-0.api-headless', suggestion: 'prod-api-0.prod-api-headless' }]);
    assert.match(problems[0]!.message, /the overlay renames Service api-headless to prod-api-headless, and kustomize never rewrites host names inside values/);
  });

  test('the same pod name with a suffix', () => {
    assert.deepEqual(renamed(reported('nameSuffix: -v2\n', 'http://api-1.api-headless:8080')), [{ written: 'api-1.api-headless', suggestion: 'api-v2-1.api-headless-v2' }]);
  });

  test('a pod ordinal past the replicas is still the renamed name, without a suggestion (it resolves nowhere)', () => {
    assert.deepEqual(renamed(reported('namePrefix: prod-\n', 'http://api-7.api-headless:8080')), [{ written: 'api-7.api-headless', suggestion: null }]);
  });

  test('a bare --host=api with no near name is reported in the overlay that renames api', () => {
    const problems = reported('namePrefix: prod-\n', 'http://localhost:1', '"--host=api"');
    assert.deepEqual(renamed(problems), [{ written: 'api', suggestion: 'prod-api' }]);
    assert.deepEqual(reported('namespace: prod\n', 'http://localhost:1', '"--host=api"'), [], 'a move alone keeps the short name working');
  });

  test('a short name with the namespace the overlay moved the Service out of', () => {
    const problems = reported('namespace: prod\n', 'http://api.shop:8080', '"--verbose"', 'shop');
    assert.deepEqual(renamed(problems), [{ written: 'api.shop', suggestion: 'api.prod' }]);
    assert.match(problems[0]!.message, /the overlay moves Service api to namespace prod/);
  });

  test('an unset base namespace is default: `api.default` breaks when the overlay moves it', () => {
    assert.deepEqual(renamed(reported('namespace: prod\n', 'http://api.default:8080')), [{ written: 'api.default', suggestion: 'api.prod' }]);
  });

  test('FQDNs of the Service and of a pod, renamed and moved', () => {
    assert.deepEqual(renamed(reported('namePrefix: prod-\nnamespace: prod\n', 'http://api.shop.svc.cluster.local:8080', '"--verbose"', 'shop')), [
      { written: 'api.shop.svc.cluster.local', suggestion: 'prod-api.prod.svc.cluster.local' },
    ]);
    assert.deepEqual(renamed(reported('namePrefix: prod-\nnamespace: prod\n', 'api-0.api-headless.shop.svc.cluster.local', '"--verbose"', 'shop')), [
      { written: 'api-0.api-headless.shop.svc.cluster.local', suggestion: 'prod-api-0.prod-api-headless.prod.svc.cluster.local' },
    ]);
  });

  test('the `.svc` short form', () => {
    assert.deepEqual(renamed(reported('namePrefix: prod-\n', 'http://api.default.svc:8080')), [{ written: 'api.default.svc', suggestion: 'prod-api.default.svc' }]);
  });

  test('names the overlay keeps, and hosts that are not its Services, give no kustomize-renamed-host', () => {
    assert.deepEqual(reported('namespace: prod\n', 'http://api:8080'), []);
    assert.deepEqual(reported('namePrefix: prod-\n', 'http://prod-api:8080'), []);
    assert.deepEqual(reported('namePrefix: prod-\n', 'https://api.example.com'), []);
    assert.ok(reported('namePrefix: prod-\n', 'http://apx:8080').every((p) => p.code !== 'kustomize-renamed-host'));
  });
});
