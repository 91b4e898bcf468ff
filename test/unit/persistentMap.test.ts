// The catalog's persistent hash map against a plain Map: every operation sequence gives the same
// contents, including keys whose 32-bit hashes collide, and every earlier version stays as it was.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PersistentMap } from '../../shared/src/model/persistentMap';

/** Pairs with equal FNV-1a hashes (found by search), plus keys that share hash prefixes by chance. */
const COLLIDING = ['k32728', 'k261234', 'k32729', 'k261235', 'k32724', 'k261238'];
const KEYS = [...COLLIDING, ...Array.from({ length: 60 }, (_, i) => `file:///w/app-${i}.yaml`), ''];

function contents<V>(map: PersistentMap<V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function modelContents<V>(map: Map<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

suite('persistent map', () => {
  test('equals a Map after any sequence of sets and deletes; old versions are untouched', () => {
    const op = fc.record({ key: fc.constantFrom(...KEYS), value: fc.option(fc.nat(5), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.nat(5)), { maxLength: 30 }), fc.array(op, { maxLength: 80 }), (initial, ops) => {
        let map = PersistentMap.from(initial);
        const model = new Map(initial);
        const versions: [PersistentMap<number>, [string, number][]][] = [];
        for (const { key, value } of ops) {
          versions.push([map, modelContents(model)]);
          if (value === undefined) {
            map = map.delete(key);
            model.delete(key);
          } else {
            map = map.set(key, value);
            model.set(key, value);
          }
          assert.equal(map.size, model.size);
          for (const k of KEYS) {
            assert.equal(map.get(k), model.get(k), `get ${k}`);
            assert.equal(map.has(k), model.has(k));
          }
        }
        assert.deepEqual(contents(map), modelContents(model));
        assert.deepEqual([...map.keys()].sort(), [...model.keys()].sort());
        for (const [version, expected] of versions) assert.deepEqual(contents(version), expected);
      }),
      { numRuns: 500 },
    );
  });

  test('an unchanged map is returned as is', () => {
    const map = PersistentMap.from([['a', 1]]);
    assert.equal(map.set('a', 1), map);
    assert.equal(map.delete('b'), map);
    assert.equal(map.delete('a').size, 0);
    assert.equal(PersistentMap.from([]).size, 0);
  });
});
