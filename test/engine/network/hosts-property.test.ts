import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostPatternCovers } from '../../../engine/network/hosts.js';

// Small alphabets make coverage and near-coverage likely.
const label = fc.stringMatching(/^(\*|[ab]{1,2}|a\*|\*b)$/);
const pattern = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
const filler = fc.stringMatching(/^[ab](\.?[ab]){0,2}$/);

/** A concrete host matched by `pattern`: every `*` replaced by non-empty text. */
function instantiate(glob: string, fills: string[]): string {
  let i = 0;
  return glob.replace(/\*/g, () => fills[i++ % fills.length] ?? 'a');
}

describe('hostPatternCovers properties', () => {
  it('is reflexive', () => {
    fc.assert(fc.property(pattern, (p) => hostPatternCovers(p, p)));
  });

  it('is sound: an entry covering a pattern matches every host the pattern matches', () => {
    fc.assert(
      fc.property(pattern, pattern, fc.array(filler, { minLength: 1, maxLength: 4 }), (entry, required, fills) => {
        if (!hostPatternCovers(entry, required)) return;
        expect(hostPatternCovers(entry, instantiate(required, fills))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is exact: an entry not covering a pattern misses a host the pattern matches', () => {
    // Each * replaced by a letter no entry contains can only be matched by an entry *.
    fc.assert(
      fc.property(pattern, pattern, (entry, required) => {
        if (hostPatternCovers(entry, required)) return;
        expect(hostPatternCovers(entry, required.replace(/\*/g, 'z'))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(pattern, pattern, pattern, (a, b, c) => {
        if (hostPatternCovers(a, b) && hostPatternCovers(b, c)) expect(hostPatternCovers(a, c)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
