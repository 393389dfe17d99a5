// The packed table of device keys joins exactly the devices a Map of `deviceKeysOf`'s key strings would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceKeysOf } from '../../engine/snapshot/merge.js';
import type { Asset } from '../../engine/types.js';
import { DeviceKeyTable } from '../../run/device-keys.js';

/** The pairs `joinShared` reports, as a Map of the key strings `deviceKeysOf` gives (besides the id) does. */
function referencePairs(devices: readonly Asset[], gone: ReadonlySet<number>) {
  const firstWith = new Map<string, number>();
  const pairs: [number, number][] = [];
  for (const [ordinal, asset] of devices.entries()) {
    if (gone.has(ordinal)) continue;
    for (const key of deviceKeysOf(asset).slice(1)) {
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
  it('joins devices that share an Entra or Intune device id, GUID or not, in either case, and nothing else', () => {
    const table = new DeviceKeyTable();
    const devices: Asset[] = [
      { id: 'a', entraDeviceId: GUID, intuneDeviceId: '00000000-0000-0000-0000-000000000001' },
      { id: 'b', intuneDeviceId: GUID }, // the same GUID as another kind of id: a different key
      { id: 'c', entraDeviceId: GUID.toUpperCase() },
      { id: 'd', entraDeviceId: 'Not-A-Guid', intuneDeviceId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
      { id: 'e', entraDeviceId: 'not-a-guid' },
      { id: 'f', intuneDeviceId: 'FFFFFFFF-ffff-ffff-ffff-ffffffffffff' },
      { id: 'g~2', entraDeviceId: GUID }, // a second device of one id in one export keeps apart
      { id: 'h' },
    ];
    for (const [ordinal, asset] of devices.entries()) table.addDevice(ordinal, asset);
    expect(table.size).toBe(8);
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

  const hex = fc.constantFrom(...'0123456789abcdefABCDEF'.split(''));
  const guid = fc
    .array(hex, { minLength: 32, maxLength: 32 })
    .map((h) =>
      [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].map((p) => p.join('')).join('-'),
    );
  // Few distinct values, so devices share them; some ids are not GUIDs, or almost are.
  const id = fc.oneof(
    fc.constantFrom(
      GUID,
      GUID.toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-fffffffffffe',
    ),
    guid,
    fc.constantFrom('x', 'X', 'device-7', `${GUID}0`, GUID.replace('-', '_'), GUID.slice(1), GUID.replace('a', 'g')),
  );
  const device = fc.record(
    { id: fc.constantFrom('pc', 'pc~1'), entraDeviceId: id, intuneDeviceId: id },
    { requiredKeys: ['id'] },
  );

  it('reports the pairs a Map of the key strings gives, split over two threads or not', () => {
    fc.assert(
      fc.property(
        fc.array(device, { maxLength: 40 }),
        fc.nat(40),
        fc.array(fc.nat(40), { maxLength: 5 }),
        (devices, split, goneList) => {
          const gone = new Set(goneList);
          const expected = sorted(referencePairs(devices, gone));
          const whole = new DeviceKeyTable();
          for (const [ordinal, asset] of devices.entries()) whole.addDevice(ordinal, asset);
          expect(sorted(pairsOf(whole, gone))).toEqual(expected);
          // The helper's half: its own ordinals from 0, sent as plain data and moved by the offset.
          const mine = new DeviceKeyTable();
          const helper = new DeviceKeyTable();
          const at = Math.min(split, devices.length);
          for (const [ordinal, asset] of devices.entries()) {
            if (ordinal < at) mine.addDevice(ordinal, asset);
            else helper.addDevice(ordinal - at, asset);
          }
          mine.absorb(structuredClone(helper.toPortable()), at);
          expect(sorted(pairsOf(mine, gone))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
