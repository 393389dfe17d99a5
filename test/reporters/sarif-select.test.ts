// The SARIF result budget: max-min fair shares among rules, with room for one summary result per rule cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShares, shareResults } from '../../reporters/sarif-select.js';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('fairShares', () => {
  it.for([
    [{ a: 10, b: 20 }, 100, { a: 10, b: 20 }],
    // The small rules keep everything; the rest is split evenly, the remainder one each by rule id.
    [{ big: 1_000_000, small: 3, mid: 40 }, 100, { big: 57, small: 3, mid: 40 }],
    [{ c: 50, a: 50, b: 50 }, 100, { a: 34, b: 33, c: 33 }],
    [{ a: 5 }, 0, { a: 0 }],
  ] as const)('%j within %i gives %j', ([given, budget, shares]) => {
    expect(Object.fromEntries(fairShares(counts(given), budget))).toEqual(shares);
  });
});

describe('shareResults', () => {
  it('leaves room for the summary result of every rule cut, and never more than the cap', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^r\d{1,3}$/), fc.integer({ min: 1, max: 5_000 })),
        fc.integer({ min: 1, max: 3_000 }),
        (given, max) => {
          const all = counts(given);
          const shares = shareResults(all, max);
          let results = 0;
          for (const [rule, n] of all) {
            const share = shares.get(rule) ?? 0;
            expect(share).toBeLessThanOrEqual(n);
            results += share + (share < n ? 1 : 0);
          }
          // Every rule is represented: by its results, or at least by its summary result.
          if (all.size <= max) expect(results).toBeLessThanOrEqual(max);
          else expect(results).toBe(all.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a rule already cut the same share when one more of its targets fails', () => {
    const before = shareResults(counts({ a: 900, b: 30, c: 4_000 }), 500);
    const after = shareResults(counts({ a: 900, b: 30, c: 4_001 }), 500);
    expect(after).toEqual(before);
  });

  it('lists everything with 0 (no limit)', () => {
    expect(Object.fromEntries(shareResults(counts({ a: 9_000, b: 1 }), 0))).toEqual({ a: 9_000, b: 1 });
  });
});
