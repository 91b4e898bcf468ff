// A kustomization that falls back because of `vars` is checked as its raw files; kustomize would
// substitute `$(NAME)` for each var it declares, so such a `$(NAME)` is not reported as a literal host.
import * as assert from 'node:assert/strict';
import { checkFile, extractFile, fallbackVariables, planKustomizations, withDefaults, Catalog } from '../../shared/src/index';

const DEPLOYMENT = (host: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n          args: ["--db-host=${host}"]\n`;

suite('kustomize: vars in a fallen-back kustomization', () => {
  test('$(NAME) for a declared var is not a literal host; an undeclared one still is', () => {
    const files: Record<string, string> = {
      '/w/app/kustomization.yaml': 'resources:\n  - web.yaml\nvars:\n  - name: MYSQL_SERVICE\n    objref:\n      kind: Service\n      name: mysql\n      apiVersion: v1\n',
      '/w/app/web.yaml': DEPLOYMENT('$(MYSQL_SERVICE)'),
      '/w/loose/web.yaml': DEPLOYMENT('$(MYSQL_SERVICE)'),
    };
    const options = withDefaults({});
    const plan = planKustomizations(Object.keys(files), { readFile: (p) => files[p] });
    assert.equal(plan.notBuilt.length, 1);
    const catalog = new Catalog(Object.entries(files).filter(([p]) => p.endsWith('web.yaml')).map(([p, t]) => extractFile(p, t, options)), options);
    const keep = fallbackVariables(plan, (p) => files[p]);
    const reported = (path: string) => checkFile(catalog, path).filter((p) => p.code === 'unresolved-host');
    assert.equal(reported('/w/app/web.yaml').length, 1, 'the plain check reports it');
    assert.deepEqual(reported('/w/app/web.yaml').filter(keep), [], 'the var explains it');
    assert.equal(reported('/w/loose/web.yaml').filter(keep).length, 1, 'outside that kustomization it is still reported');
  });
});
