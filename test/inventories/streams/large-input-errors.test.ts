// A large file's UTF-8 check reads two blocks at once: a read that fails while the block before it is checked is
// an error of the check (the caller reports the file as unreadable), not an unhandled rejection that ends the run.
import { afterEach, expect, it } from 'vitest';
import { type BlockReader, isUtf8From } from '../../../inventories/streams/large-input.js';

const unhandled: unknown[] = [];
const listener = (error: unknown) => unhandled.push(error);

afterEach(() => {
  process.off('unhandledRejection', listener);
});

it('a read that fails while the block before it is checked fails the check, and nothing goes unhandled', async () => {
  process.on('unhandledRejection', listener);
  // The first block arrives late, all ASCII; the second fails at once.
  const reader: BlockReader = {
    read: (buffer, offset, length, at) =>
      at === 0
        ? new Promise((resolve) =>
            setTimeout(() => resolve({ bytesRead: buffer.fill(0x61, offset, offset + length) && length }), 50),
          )
        : Promise.reject(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })),
  };
  await expect(isUtf8From(reader, 0)).rejects.toMatchObject({ code: 'EIO' });
  // Long enough for a rejection nobody handled to be reported.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
});

it('reads every block to the end, each from where the one before it stopped', async () => {
  const asked: number[] = [];
  const size = 20 << 20;
  const reader: BlockReader = {
    read: async (buffer, offset, length, at) => {
      asked.push(at);
      const bytesRead = Math.max(0, Math.min(length, size - at));
      buffer.fill(0x61, offset, offset + bytesRead);
      return { bytesRead };
    },
  };
  expect(await isUtf8From(reader, 0)).toBe(true);
  // 8 MB blocks: 0, 8 and 16 MB hold the file; the two reads after its end find nothing.
  expect(asked.slice(0, 3)).toEqual([0, 8 << 20, 16 << 20]);
  expect(asked.every((at) => at % (8 << 20) === 0 || at >= size)).toBe(true);
});
