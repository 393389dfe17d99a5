// Utf8Sink: text written into bytes must be the bytes Node writes for the same text, whatever it holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Sink, utf8 } from '../../reporters/utf8-sink.js';

/** What Node writes to a file for these chunks of text. */
function nodeBytes(chunks: readonly string[]): Buffer {
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'utf8')));
}

/** Any UTF-16 code unit (lone surrogates too), or a whole character beyond ASCII. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('🚀', 'é', '日', 'a'),
);

describe('Utf8Sink', () => {
  it.each([
    ['ASCII', ['plain ASCII, "quoted" \\ and \u0000 control']],
    ['Latin-1 and beyond', ['Zürich ', '日本 ', 'laptop']],
    ['a surrogate pair', ['rocket 🚀 after ASCII', '🚀 first']],
    ['lone surrogates', ['high \ud800 alone', '\udc00 low first', 'end high \ud83d']],
    ['a byte order mark', ['\ufeff at the start']],
    ['nothing', ['', '']],
  ])('writes %s as Node does', (_name, chunks) => {
    const out = new Utf8Sink(new Uint8Array(4));
    for (const chunk of chunks) out.text(chunk);
    expect(Buffer.from(out.bytes.subarray(0, out.length))).toEqual(nodeBytes(chunks));
    // Decoded again it is the text, a lone surrogate read back as U+FFFD and a leading U+FEFF kept.
    expect(out.decoded()).toBe(nodeBytes(chunks).toString('utf8'));
  });

  it('writes any text, copied or encoded, in any order, as Node writes it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.string({ unit: codeUnit, maxLength: 80 })), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        (chunks, size) => {
          const out = new Utf8Sink(new Uint8Array(size));
          for (const [copied, text] of chunks) {
            if (copied) out.raw(utf8(text));
            else out.text(text);
          }
          expect(Buffer.from(out.bytes.subarray(0, out.length))).toEqual(nodeBytes(chunks.map(([, text]) => text)));
        },
      ),
    );
  });

  it.each([0, 1, 9, 10, 99, 100, 12_345, 4_294_967_295, 4_294_967_296, 2 ** 53, 1.5, -3, Number.NaN])(
    'writes the number %d as String does',
    (value) => {
      const out = new Utf8Sink(new Uint8Array(1));
      out.text('at ');
      out.integer(value);
      expect(out.decoded()).toBe(`at ${String(value)}`);
    },
  );

  it('keeps its array when cleared, and the bytes written before it grows', () => {
    // Room for 'abcd' as text: up to 3 bytes a code unit.
    const out = new Utf8Sink(new Uint8Array(12));
    const first = out.bytes;
    out.text('1234');
    out.clear();
    out.text('abcd');
    expect(out.bytes).toBe(first);
    out.raw(utf8('x'.repeat(100)));
    expect(out.bytes).not.toBe(first);
    expect(out.decoded()).toBe(`abcd${'x'.repeat(100)}`);
  });
});
