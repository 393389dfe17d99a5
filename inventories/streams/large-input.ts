// A large input's head and encoding, read without reading the whole file: what decides whether it is streamed, and
// a decoder of its chunks that decodes them as the whole file would be.
import { isUtf8 } from 'node:buffer';
import { open, stat } from 'node:fs/promises';
import { decodeWindows1252, type Encoding, markedEncoding } from '../formats/decode.js';
import type { Importer } from '../importers/importer.js';
import { CHUNK, readFileHead } from './jsonl-stream.js';

export type { Encoding } from '../formats/decode.js';

/** A decoder of consecutive chunks; `undefined` ends the input. */
export function chunkDecoder(encoding: Encoding): (bytes: Uint8Array | undefined) => string {
  // Windows-1252 is one byte a character: chunks decode on their own.
  if (encoding === 'windows-1252') return (bytes) => (bytes ? decodeWindows1252(bytes) : '');
  if (encoding === 'utf-8') return utf8ChunkDecoder();
  const decoder = new TextDecoder(encoding);
  return (bytes) => (bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode());
}

/** Where the last whole character of UTF-8 bytes ends: a character cut at the end waits for the next chunk. */
function wholeCharactersEnd(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] as number;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back ? bytes.length - back : bytes.length;
    if (b < 0x80) break;
  }
  return bytes.length;
}

/**
 * UTF-8 chunks decoded as one `TextDecoder` streaming through them would (its byte-order mark dropped), but into
 * one-byte strings where the text is Latin-1. Node 20's streaming `TextDecoder` always makes two-byte strings:
 * every id, name and value sliced from them took twice the memory, and every report line holding one was
 * encoded from UTF-16. Valid UTF-8 cut at whole characters is decoded by `Buffer#toString`; from the first bytes
 * that are not valid UTF-8 on, a `TextDecoder` decodes the rest, replacing them as it does.
 */
function utf8ChunkDecoder(): (bytes: Uint8Array | undefined) => string {
  let carry: Uint8Array | undefined;
  let atStart = true;
  let fallback: TextDecoder | undefined;
  return (bytes) => {
    if (fallback) return bytes ? fallback.decode(bytes, { stream: true }) : fallback.decode();
    const data = carry && bytes ? Buffer.concat([carry, bytes]) : (bytes ?? carry);
    carry = undefined;
    if (!data || data.length === 0) return '';
    const end = bytes ? wholeCharactersEnd(data) : data.length;
    const whole = data.subarray(0, end);
    if (!isUtf8(whole)) {
      // The BOM is dropped at the start of the text only, as the one decoder would.
      fallback = new TextDecoder('utf-8', { ignoreBOM: !atStart });
      return bytes ? fallback.decode(data, { stream: true }) : fallback.decode(data);
    }
    if (end < data.length) carry = Buffer.from(data.subarray(end));
    let text = Buffer.from(whole.buffer, whole.byteOffset, whole.length).toString('utf8');
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };
}

/** Bytes read at a time to check a file is UTF-8: few large reads into one buffer cost little more than the copy. */
const CHECK_BLOCK = 8 << 20;
/** Blocks read at once: the next is copied from the page cache while this thread checks the one before. */
const CHECK_READS = 2;
/** Room before a block for the up to 3 bytes of a character cut at the end of the block before. */
const CUT = 3;

/**
 * Whether the bytes of a file from `start` on are UTF-8, read a block at a time, two reads under way at once. A
 * stream of 1 MB chunks took 0.14-0.17 s of a 265 MB export's start (this thread waits for nothing else then);
 * 8 MB reads into one buffer about a third of that; two at once, alone on the machine, 79 → 39 ms.
 */
async function isUtf8File(absolute: string, start: number): Promise<boolean> {
  const handle = await open(absolute, 'r');
  try {
    return await isUtf8From(handle, start);
  } finally {
    await handle.close();
  }
}

/** What the UTF-8 check reads a file through: an open file's `read`. */
export interface BlockReader {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Whether the bytes `handle` reads from `start` on are UTF-8 (see `isUtf8File`); every read settled on return. */
export async function isUtf8From(handle: BlockReader, start: number): Promise<boolean> {
  const blocks = Array.from({ length: CHECK_READS }, () => Buffer.allocUnsafe(CUT + CHECK_BLOCK));
  let next = start;
  /** Fills `block` after its first CUT bytes from the next position not yet asked for: the bytes read. */
  const read = async (block: Buffer): Promise<number> => {
    const at = next;
    next += CHECK_BLOCK;
    let got = 0;
    while (got < CHECK_BLOCK) {
      const { bytesRead } = await handle.read(block, CUT + got, CHECK_BLOCK - got, at + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  /** Starts a read: its failure is thrown where it is awaited, never unhandled while an earlier block is checked. */
  const begin = (block: Buffer): Promise<number> => {
    const started = read(block);
    started.catch(() => undefined);
    return started;
  };
  const reading = blocks.map(begin);
  try {
    let kept = 0;
    const cut = Buffer.alloc(CUT);
    for (let i = 0; ; i = (i + 1) % CHECK_READS) {
      const block = blocks[i] as Buffer;
      const bytesRead = await (reading[i] as Promise<number>);
      if (bytesRead === 0) return kept === 0;
      // A character cut at the end of the block before is checked with this one.
      const from = CUT - kept;
      cut.copy(block, from, 0, kept);
      const length = CUT + bytesRead;
      const end = from + wholeCharactersEnd(block.subarray(from, length));
      if (!isUtf8(block.subarray(from, end))) return false;
      kept = length - end;
      block.copy(cut, 0, end, length);
      reading[i] = begin(block);
    }
  } finally {
    await Promise.allSettled(reading);
  }
}

/** The encoding of a file and where its text starts, as `decodeText` decides for the whole file. */
export async function decodingOf(absolute: string, head: Uint8Array): Promise<{ encoding: Encoding; start: number }> {
  const { encoding, start } = markedEncoding(head);
  if (encoding) return { encoding, start };
  return { encoding: (await isUtf8File(absolute, start)) ? 'utf-8' : 'windows-1252', start };
}

/** The first bytes of a file, decoded as its first chunk: what format detection looks at. */
export async function readHead(absolute: string): Promise<{ bytes: Buffer; text: string; size: number }> {
  const { bytes, size } = await readFileHead(absolute, CHUNK);
  const { encoding, start } = markedEncoding(bytes);
  const body = bytes.subarray(start);
  // A character cut at the end of the head is no reason to read the head as Windows-1252.
  const guess = encoding ?? (isUtf8(body.subarray(0, Math.max(0, body.length - 3))) ? 'utf-8' : 'windows-1252');
  return { bytes, text: chunkDecoder(guess)(body), size };
}

/**
 * A file of at least `minBytes`, with its head and the importer that takes it (the forced format, or the first
 * whose detection accepts the head): what decides whether an input is streamed. Undefined for a smaller file, or
 * one that is not a regular file or cannot be read.
 */
export async function detectLargeInput(
  absolute: string,
  shown: string,
  options: { inputFormat?: string; importers: readonly Importer[]; minBytes: number },
): Promise<{ head: { bytes: Buffer; text: string; size: number }; importer: Importer | undefined } | undefined> {
  // Most inputs are small: their size says so without reading them.
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile() || info.size < options.minBytes) return undefined;
  const head = await readHead(absolute).catch(() => undefined);
  if (!head) return undefined;
  const importer = options.inputFormat
    ? options.importers.find((i) => i.name === options.inputFormat)
    : options.importers.find((i) => i.detect(head.text, shown));
  return { head, importer };
}
