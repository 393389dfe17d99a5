// The packed table of device keys joins exactly the devices a Map of the key strings would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceKeyTable } from '../../run/device-keys.js';

/** The pairs `joinShared` reports, as the Map of key strings the table replaced gives them. */
function referencePairs(entries: readonly { ordinal: number; keys: string[] }[], gone: ReadonlySet<number>) {
  const firstWith = new Map<string, number>();
  const pairs: [number, number][] = [];
  for (const { ordinal, keys } of entries) {
    if (gone.has(ordinal)) continue;
    for (const key of keys) {
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, ordinal);
      else pairs.push([first, ordinal]);
    }
  }
  return pairs;
}

function pairsOf(table: DeviceKeyTable, gone: ReadonlySet<number>): [number, number][] {
  const pairs: [number, number][] = [];
  table.joinShared(
    (first, ordinal) => pairs.push([first, ordinal]),
    (ordinal) => gone.has(ordinal),
  );
  return pairs;
}

const sorted = (pairs: [number, number][]) => [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

const GUID = '2af2f261-65a8-481c-8d42-4e42a851214a';

describe('DeviceKeyTable', () => {
  it('joins devices that share an Entra or Intune device id, GUID or not, and nothing else', () => {
    const table = new DeviceKeyTable();
    table.add(0, [`e\u001f${GUID}`, 'i\u001f00000000-0000-0000-0000-000000000001']);
    table.add(1, [`i\u001f${GUID}`]); // the same GUID as another kind of id: a different key
    table.add(2, [`e\u001f${GUID}`]);
    table.add(3, ['e\u001fnot-a-guid', 'i\u001fffffffff-ffff-ffff-ffff-ffffffffffff']);
    table.add(4, ['e\u001fnot-a-guid']);
    table.add(5, ['i\u001fffffffff-ffff-ffff-ffff-ffffffffffff']);
    table.add(6, [`e\u001f${GUID.toUpperCase()}`]); // keys are lower case: an upper-case one is kept as text
    expect(table.size).toBe(9);
    expect(sorted(pairsOf(table, new Set()))).toEqual([
      [0, 2],
      [3, 4],
      [3, 5],
    ]);
    expect(sorted(pairsOf(table, new Set([0])))).toEqual([
      [3, 4],
      [3, 5],
    ]);
  });

  const hex = fc.constantFrom(...'0123456789abcdef'.split(''));
  const guid = fc
    .array(hex, { minLength: 32, maxLength: 32 })
    .map(
      (h) =>
        `${h.slice(0, 8).join('')}-${h.slice(8, 12).join('')}-${h.slice(12, 16).join('')}-${h.slice(16, 20).join('')}-${h.slice(20).join('')}`,
    );
  // Few distinct values, so devices share them; some keys are not GUIDs, or almost are.
  const id = fc.oneof(
    fc.constantFrom(GUID, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-fffffffffffe'),
    guid,
    fc.constantFrom('x', 'device-7', `${GUID}0`, GUID.replace('-', '_'), GUID.slice(1)),
  );
  const key = fc.tuple(fc.constantFrom('e', 'i'), id).map(([tag, value]) => `${tag}\u001f${value}`);

  it('reports the pairs a Map of the key strings gives, split over two threads or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(key, { minLength: 1, maxLength: 2 }), { maxLength: 40 }),
        fc.nat(40),
        fc.array(fc.nat(40), { maxLength: 5 }),
        (devices, split, goneList) => {
          const entries = devices.map((keys, ordinal) => ({ ordinal, keys }));
          const gone = new Set(goneList);
          const expected = sorted(referencePairs(entries, gone));
          const whole = new DeviceKeyTable();
          for (const e of entries) whole.add(e.ordinal, e.keys);
          expect(sorted(pairsOf(whole, gone))).toEqual(expected);
          // The helper's half: its own ordinals from 0, sent as plain data and moved by the offset.
          const mine = new DeviceKeyTable();
          const helper = new DeviceKeyTable();
          const at = Math.min(split, entries.length);
          for (const e of entries.slice(0, at)) mine.add(e.ordinal, e.keys);
          for (const e of entries.slice(at)) helper.add(e.ordinal - at, e.keys);
          mine.absorb(structuredClone(helper.toPortable()), at);
          expect(sorted(pairsOf(mine, gone))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
