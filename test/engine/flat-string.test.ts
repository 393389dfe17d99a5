// flatString changes how V8 holds a string, never its value: every code unit, lone surrogates included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatString, ownString } from '../../engine/flat-string.js';

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

describe('ownString', () => {
  it('gives the same string, sliced out of a longer one or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(60), fc.nat(60), (text, a, b) => {
        const slice = text.slice(Math.min(a, b), Math.max(a, b));
        expect(ownString(slice)).toBe(slice);
        expect(ownString(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
