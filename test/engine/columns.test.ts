// Packing strings for another thread: packing in two goes gives what packing at once gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packStrings } from '../../engine/columns.js';

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
