// flatString changes how V8 holds a string, never its value: every code unit, lone surrogates included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatString } from '../../engine/flat-string.js';

describe('flatString', () => {
  it('gives the same string, built by pieces or not', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (parts) => {
        let built = '';
        for (const part of parts) built += part;
        expect(flatString(built)).toBe(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a lone surrogate and the empty string', () => {
    expect(flatString('\uD800x')).toBe('\uD800x');
    expect(flatString('')).toBe('');
    expect(flatString('a')).toBe('a');
  });
});
