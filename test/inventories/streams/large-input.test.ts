// A large file's encoding is decided as reading it whole decides it, whatever block the deciding bytes fall in.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodingOf } from '../../../inventories/streams/large-input.js';
import { tempDir } from '../../temp-dir.js';

/** The block the check reads at a time (`CHECK_BLOCK`): cases put their bytes on either side of its end. */
const BLOCK = 8 << 20;

/** UTF-8 unless the body is not valid UTF-8: `decodeText`'s rule for a file without a byte-order mark. */
function wholeFileEncoding(bytes: Buffer): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * ASCII filler with `tail` written so that its byte `at` lands on the end of block `blocks` (`at` 0: its first
 * byte). Two blocks are read at once, into two buffers in turn: the second block's end is the first buffer's again.
 */
function fileAround(tail: number[], at: number, after = 100, blocks = 1): Buffer {
  const bytes = Buffer.alloc(blocks * BLOCK - at + tail.length + after, 'a');
  Buffer.from(tail).copy(bytes, blocks * BLOCK - at);
  return bytes;
}

describe('decodingOf', () => {
  const é = [0xc3, 0xa9];
  const euro = [0xe2, 0x82, 0xac];
  const emoji = [0xf0, 0x9f, 0x98, 0x80];
  const cases: [string, Buffer][] = [
    ['a two-byte character across the block end', fileAround(é, 1)],
    ['a three-byte character across the block end', fileAround(euro, 2)],
    ['a four-byte character across the block end, cut after one byte', fileAround(emoji, 1)],
    ['a four-byte character across the block end, cut after three bytes', fileAround(emoji, 3)],
    ['a Windows-1252 é just after the block end', fileAround([0xe9], 0)],
    ['a Windows-1252 é just before the block end', fileAround([0xe9, 0x61], 1)],
    ['a lead byte without its continuation across the block end', fileAround([0xc3, 0x61], 1)],
    ['a character cut by the end of the file', fileAround(euro.slice(0, 2), 0, 0)],
    ['a whole character ending the file', fileAround(euro, 0, 0)],
    ['ASCII only', Buffer.alloc(BLOCK + 10, 'a')],
    ['a four-byte character across the second block end', fileAround(emoji, 2, 100, 2)],
    ['a Windows-1252 é just after the second block end', fileAround([0xe9], 0, 100, 2)],
    ['a three-byte character across the third block end', fileAround(euro, 1, 100, 3)],
    ['a character cut by the end of the file after two blocks', fileAround(emoji.slice(0, 3), 0, 0, 2)],
  ];
  it.each(cases)('decides as the whole file does: %s', async (_, bytes) => {
    const file = path.join(tempDir('large-input'), 'export.csv');
    writeFileSync(file, bytes);
    const decided = await decodingOf(file, bytes.subarray(0, 1024));
    expect({ encoding: decided.encoding, start: decided.start }).toEqual({
      encoding: wholeFileEncoding(bytes),
      start: 0,
    });
  });
});
