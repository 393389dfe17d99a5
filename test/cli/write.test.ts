// writeChunks: what reporters yield, byte for byte as UTF-8, however the chunks fall against its buffers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WriteError, writeChunks, writeOutputsAtomically } from '../../run/write.js';
import { tempDir } from '../temp-dir.js';

/** The offset of the first byte at which two buffers differ, or -1 when they are equal. */
function firstDifference(a: Buffer, b: Buffer): number {
  if (a.equals(b)) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

describe('writeChunks', () => {
  it('writes the chunks joined, as UTF-8, across buffer boundaries and past a buffer in one chunk', async () => {
    const dir = tempDir('write');
    const line = (i: number) => `    {"id":"dev-${i}","name":"Zürich 中 \u{1F600}"},\n`;
    const chunks = [
      ...Array.from({ length: 40_000 }, (_, i) => line(i)),
      // Larger than a buffer (1 MiB) even before encoding, and wider than one when encoded.
      'é'.repeat(600_000),
      '\u{1F600}'.repeat(200_000),
      ...Array.from({ length: 1000 }, (_, i) => line(i)),
      '',
    ];
    const file = path.join(dir, 'out.json');
    await writeChunks(file, chunks);
    // Compared as bytes, not with toEqual: a deep diff of 4 MB buffers took 25 s and timed out under load.
    const written = readFileSync(file);
    const expected = Buffer.from(chunks.join(''), 'utf8');
    expect(written.length).toBe(expected.length);
    expect(firstDifference(written, expected)).toBe(-1);
  });

  it('gives the bytes of the joined text for any chunks of well-formed text', async () => {
    const dir = tempDir('write');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 3000 }), { maxLength: 60 }),
        async (chunks) => {
          const file = path.join(dir, `p${n++}.txt`);
          await writeChunks(file, chunks);
          expect(readFileSync(file, 'utf8')).toBe(chunks.join(''));
        },
      ),
      { seed: 3, numRuns: 60 },
    );
  });
});

describe('writeOutputsAtomically', () => {
  // A write on the other thread that fails at once, while this thread still prepares the next output (a directory to
  // make): reported as the write error it is, with nothing left behind, never an unhandled rejection.
  it('reports a write that fails while later outputs are prepared, and leaves no file', async () => {
    const dir = tempDir('write-fail');
    const failure = Object.assign(new Error('input/output error'), { code: 'EIO' });
    const outputs = [
      { path: path.join(dir, 'a.json'), write: () => Promise.reject(failure) },
      {
        path: path.join(dir, 'nested', 'deeper', 'b.json'),
        chunks: ['{}\n'],
        together: () => new Promise<void>((resolve) => setTimeout(resolve, 20)),
      },
    ];
    const error = await writeOutputsAtomically(outputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).path).toBe(path.join(dir, 'a.json'));
    expect(existsSync(path.join(dir, 'a.json'))).toBe(false);
    expect(readdirSync(path.join(dir, 'nested', 'deeper'))).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
