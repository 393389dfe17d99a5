import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDecoder } from '../../../inventories/streams/large-input.js';

/** What one streaming TextDecoder makes of the same chunks: the behaviour `chunkDecoder('utf-8')` keeps. */
function reference(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8');
  return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
}

function decoded(chunks: readonly Uint8Array[]): string {
  const decode = chunkDecoder('utf-8');
  return chunks.map((c) => decode(c)).join('') + decode(undefined);
}

/** Bytes cut into chunks at the given points. */
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

const text = fc.string({ unit: fc.constantFrom('a', ',', '\r\n', 'é', 'ü', '€', '“', '\u{1F600}', '\uFEFF', '"') });

describe('chunkDecoder utf-8', () => {
  it('decodes valid UTF-8 cut anywhere as one streaming TextDecoder does, the byte-order mark dropped once', () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (s, bom, points) => {
        const bytes = new TextEncoder().encode(bom ? `\uFEFF${s}` : s);
        const chunks = cut(bytes, points);
        expect(decoded(chunks)).toBe(reference(chunks));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces bytes that are not UTF-8 as TextDecoder does, whichever chunk they arrive in', () => {
    const bytes = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac)),
      {
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), (b, points) => {
        const chunks = cut(Uint8Array.from(b), points);
        expect(decoded(chunks)).toBe(reference(chunks));
      }),
      { numRuns: 1000 },
    );
  });

  it('ends a character cut off at the end of the input as TextDecoder does', () => {
    const chunks = [new TextEncoder().encode('ab'), Uint8Array.of(0xe2, 0x82)];
    expect(decoded(chunks)).toBe(reference(chunks));
    expect(decoded(chunks)).toBe('ab\uFFFD');
  });
});
