// Packing strings for another thread: packing in two goes gives what packing at once gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packStrings } from '../../engine/results/columns.js';
import { packedTexts } from '../../engine/results/findings.js';

describe('packStrings', () => {
  it('packs the rest after a packed prefix as it packs everything at once', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 60 }), fc.nat(), (values, cut) => {
        const at = values.length === 0 ? 0 : cut % (values.length + 1);
        const prefix = packStrings(values.slice(0, at));
        expect(packStrings(values, prefix)).toEqual(packStrings(values));
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});

describe('strings another thread holds already (a borrowed range)', () => {
  const arbitrary = fc.tuple(
    fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 60 }),
    fc.nat(),
    fc.nat(),
    fc.nat(),
  );

  it('are left out of the packing and read back from the strings kept, in any order of entries', () => {
    fc.assert(
      fc.property(arbitrary, ([values, a, b, c]) => {
        const n = values.length;
        const from = n === 0 ? 0 : a % (n + 1);
        const count = (n - from + 1 === 0 ? 0 : b % (n - from + 1)) as number;
        const at = n === 0 ? 0 : c % (n + 1);
        const borrowed = { from, count, key: 7 };
        const kept = values.slice(from, from + count);
        const packed = packStrings(values, packStrings(values.slice(0, at)), borrowed);
        // The packed text holds the others only (the prefix was packed before anything was borrowed).
        const rest = values.filter((_, k) => k >= at && (k < from || k >= from + count));
        expect(packed.text).toBe(values.slice(0, at).join('') + rest.join(''));
        const reversed = Uint32Array.from(values.keys()).reverse();
        const texts = packedTexts({ ...packed, entries: reversed }, (key) => (key === 7 ? kept : undefined));
        expect(values.map((_, i) => texts.text(i))).toEqual([...values].reverse());
      }),
      { seed: 9, numRuns: 500 },
    );
  });

  it('are refused when this thread does not hold them under that key', () => {
    const packed = packStrings(['a', 'b', 'c'], undefined, { from: 1, count: 2, key: 3 });
    expect(packed.text).toBe('a');
    expect(() => packedTexts(packed, () => undefined)).toThrow(/kept as 3/);
    expect(() => packedTexts(packed, () => ['b'])).toThrow(/kept as 3/);
    expect(packedTexts(packed, () => ['b', 'c']).text(2)).toBe('c');
  });
});
