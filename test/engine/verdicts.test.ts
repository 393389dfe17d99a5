// Verdict memory keys: different values never share a key; equal plain data always does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOf } from '../../engine/verdicts.js';

describe('keyOf', () => {
  it('tells apart values that look alike', () => {
    const values = [
      '1',
      1,
      true,
      'true',
      null,
      'null',
      undefined,
      '',
      0,
      -0,
      '0',
      [],
      {},
      [1],
      ['1'],
      { a: 1 },
      { a: '1' },
    ];
    const keys = values.map((v) => keyOf(v));
    expect(new Set(keys).size).toBe(values.length);
  });

  it('cannot be fooled by text that spells out another key', () => {
    expect(keyOf(['a', 'b'])).not.toBe(keyOf(['as1:b']));
    expect(keyOf({ a: 'b', c: 'd' })).not.toBe(keyOf({ a: 'bs1:cs1:d' }));
  });

  it('keys no value that is not plain data', () => {
    expect(keyOf(new Date(0))).toBeUndefined();
    expect(keyOf(() => 1)).toBeUndefined();
    expect(keyOf({ when: new Map() })).toBeUndefined();
  });

  it('gives equal JSON data equal keys, and different JSON data different keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(keyOf(structuredClone(a))).toBe(keyOf(a));
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(keyOf(a)).not.toBe(keyOf(b));
      }),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});
