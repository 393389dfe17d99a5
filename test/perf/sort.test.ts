// sortByKey orders exactly as compareText does, for ids with shared prefixes, wide characters and duplicates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../engine/errors.js';
import { TargetTable } from '../../engine/results/store.js';
import { sortByKey } from '../../engine/sort.js';
import { Origins } from '../../run/fleet-merge.js';

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'a', 'A', 'dev-001', 'dev-0010', 'dev-01', 'DEV-001', 'é', 'ö', '\u4e2d', '\u{1f600}'),
  fc.stringMatching(/^dev-[0-9]{1,7}$/),
  fc.uuid(),
);

function sortedKeys(keys: readonly string[]): string[] {
  const items = Uint32Array.from(keys.keys());
  return Array.from(sortByKey(items, keys), (i) => keys[i] as string);
}

describe('sortByKey', () => {
  it('agrees with compareText on random keys', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 400 }), (keys) => {
        expect(sortedKeys(keys)).toEqual([...keys].sort(compareText));
      }),
      { seed: 7, numRuns: 400 },
    );
  }, 60_000);

  it('sorts a hundred thousand GUIDs, and leaves sorted input as it is', () => {
    const keys = fc.sample(fc.uuid(), { seed: 3, numRuns: 100_000 });
    const expected = [...keys].sort(compareText);
    expect(sortedKeys(keys)).toEqual(expected);
    expect(sortedKeys(expected)).toEqual(expected);
  }, 60_000);
});

describe('a table whose second half another thread sorted', () => {
  it('orders its targets as sorting them all would, dead ones left out', () => {
    fc.assert(
      fc.property(
        fc.array(keyArb, { maxLength: 300 }),
        fc.array(keyArb, { maxLength: 300 }),
        fc.nat(),
        (a, b, seed) => {
          const whole = new TargetTable();
          const split = new TargetTable();
          for (const id of [...a, ...b]) whole.add('device', id, id);
          for (const id of a) split.add('device', id, id);
          // The other thread's half: its own table sorts it, its ordinals shift by a.length here.
          const other = new TargetTable();
          for (const id of b) other.add('device', id, id);
          const order = other.sortedOrdinals('device').map((o) => o + a.length);
          // As absorbing it does: its columns in one go.
          split.addAll(other.kinds.view(), other.ids, other.names, other.flags.view());
          split.addSorted('device', order);
          for (let i = seed % 7; i < a.length + b.length; i += 7) {
            whole.kill(i);
            split.kill(i);
          }
          const ids = (table: TargetTable) => Array.from(table.sortedOrdinals('device'), (o) => table.ids[o] as string);
          expect(ids(split)).toEqual(ids(whole));
          expect(ids(split)).toEqual([...ids(split)].sort(compareText));
          // What merging found of equal ids, when it still holds (nothing killed), is every pair of equal neighbours.
          const same = split.sameAsBefore('device');
          const sorted = ids(split);
          if (same) expect([...same]).toEqual(sorted.map((id, i) => (i > 0 && id === sorted[i - 1] ? 1 : 0)));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('TargetTable.addAll', () => {
  it('adds what add would, one by one, flags and kinds included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('device', 'server') as fc.Arbitrary<'device' | 'server'>, keyArb, keyArb)),
        (targets) => {
          const one = new TargetTable();
          const all = new TargetTable();
          const other = new TargetTable();
          one.add('organization', 'org', 'Org');
          all.add('organization', 'org', 'Org');
          for (const [kind, id, name] of targets) {
            one.add(kind, id, name);
            other.add(kind, id, name);
          }
          all.addAll(other.kinds.view(), other.ids, other.names, other.flags.view());
          expect([...all.kinds.view()]).toEqual([...one.kinds.view()]);
          expect([...all.flags.view()]).toEqual([...one.flags.view()]);
          expect(all.ids).toEqual(one.ids);
          expect(all.names).toEqual(one.names);
          expect(all.sortedOrdinals('device')).toEqual(one.sortedOrdinals('device'));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('refuses columns of different lengths', () => {
    const table = new TargetTable();
    expect(() => table.addAll(new Uint32Array(2), ['a'], ['a'], new Uint32Array(2))).toThrow(/different lengths/);
  });
});

describe('Origins.setAll', () => {
  it('records what set records line by line, growing as needed', () => {
    const one = new Origins();
    const all = new Origins();
    one.set(0, 0, 1);
    all.set(0, 0, 1);
    const lines = Uint32Array.from({ length: 3000 }, (_, i) => i * 2 + 1);
    lines.forEach((line, i) => {
      one.set(5 + i, 2, line + 40);
    });
    all.setAll(5, 2, lines, 40);
    for (let ordinal = 0; ordinal < 3010; ordinal++) expect(all.get(ordinal)).toEqual(one.get(ordinal));
    expect(all.get(3004)).toEqual({ stream: 2, line: 3004 * 2 - 9 + 40 });
  });
});

describe('TargetTable.sameAsBefore', () => {
  it('marks every id equal to the one before it in a run merged from two sorted halves', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 200 }), fc.array(keyArb, { maxLength: 200 }), (a, b) => {
        const table = new TargetTable();
        for (const id of a) table.add('device', id, id);
        table.keepSorted();
        const other = new TargetTable();
        for (const id of b) other.add('device', id, id);
        table.addAll(other.kinds.view(), other.ids, other.names, other.flags.view());
        table.addSorted(
          'device',
          other.sortedOrdinals('device').map((o) => o + a.length),
        );
        const sorted = Array.from(table.sortedOrdinals('device'), (o) => table.ids[o] as string);
        const same = table.sameAsBefore('device');
        if (a.length === 0 || b.length === 0) return;
        expect(same).toBeDefined();
        expect([...(same ?? [])]).toEqual(sorted.map((id, i) => (i > 0 && id === sorted[i - 1] ? 1 : 0)));
        // Killing a target changes the order: nothing is known without comparing again.
        table.kill(0);
        expect(table.sameAsBefore('device')).toBeUndefined();
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
