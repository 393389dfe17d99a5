// Where a large export is split between two threads: a record boundary of a CSV, an item boundary of a Graph page.
import { open } from 'node:fs/promises';
import type { RecordBreak } from '../formats/csv-scan.js';

/** Bytes read at a time while looking for a split. */
const BLOCK = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The share of a split export this thread reads. Under half it absorbs the helper's part, joins duplicates and
 * keeps the merged store while the helper waits; but the helper reads as fast, so this thread waited for it
 * instead: at 0.45 an Entra export's part here ended 0.4-0.6 s before the helper's. Half, measured against
 * 0.45 in 8 pairs on Entra CSV: × 0.95 wall, peak 635 → 708 MiB (this thread holds its rows as objects until
 * the helper's arrive as arrays); with device names of real length (DESKTOP-LONGNAME-n) AD peaked at 868 MiB,
 * Entra at 767. Intune's rows are wider: see INTUNE_MAIN_SHARE.
 */
export const MAIN_SHARE = 0.5;

/**
 * The share of an Intune export. At 0.52 this thread finished last and peaked at ~1,030 MB; at 0.45 both finish
 * closer together, ~9 % sooner, at ~920 MB. At half, 1M devices with names of real length
 * (AND-LONGDEVICENAME-n) peaked at 1,057-1,071 MiB instead of 994-1,012 MiB.
 */
export const INTUNE_MAIN_SHARE = 0.45;

/** This thread's share of a split export of `format` (an importer's name). */
export function mainShareOf(format: string | undefined): number {
  return format === 'intune-csv' ? INTUNE_MAIN_SHARE : MAIN_SHARE;
}

/** Calls `visit` with the bytes of `[from, to)`, a block at a time, until it returns something. */
async function scanBytes<T>(
  absolute: string,
  from: number,
  to: number,
  visit: (bytes: Buffer, at: number) => T | undefined,
): Promise<T | undefined> {
  const handle = await open(absolute, 'r');
  try {
    const block = Buffer.alloc(BLOCK);
    for (let at = from; at < to; ) {
      const { bytesRead } = await handle.read(block, 0, Math.min(BLOCK, to - at), at);
      if (bytesRead === 0) break;
      const found = visit(block.subarray(0, bytesRead), at);
      if (found !== undefined) return found;
      at += bytesRead;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * The parity of the count of `"` in `bytes[0, end)`, four bytes at a time: each byte equal to `"` leaves bit 7
 * of its byte set in `y` (exactly: no carry crosses bytes), and the parity of those bits is folded together.
 */
function quoteParity(bytes: Buffer, end: number): number {
  let odd = 0;
  const words = bytes.byteOffset % 4 === 0 ? end >> 2 : 0;
  const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  for (let w = 0; w < words; w++) {
    const x = (u32[w] as number) ^ 0x22222222;
    const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    odd ^= ((y >>> 7) ^ (y >>> 15) ^ (y >>> 23) ^ (y >>> 31)) & 1;
  }
  for (let i = words * 4; i < end; i++) if (bytes[i] === QUOTE) odd ^= 1;
  return odd;
}

/** What a split of a CSV export needs to know of it: its record break, delimiter and number of columns. */
export interface CsvShape {
  recordBreak: RecordBreak;
  delimiter: string;
  columns: number;
}

/** Bytes after the target in which a split is looked for by the shape of the rows that follow a record break. */
const NEAR_BYTES = BLOCK;
/** Records after a candidate split that must each be whole, with as many fields as the header. */
const NEAR_RECORDS = 4;

/**
 * Where to split the CSV text in bytes `[from, to)` for two threads: just after a record break at or after this
 * thread's share. First the nearest one after which the next records read as whole records of the header's
 * number of fields (a megabyte read, not the file up to there); else the first one outside quotes, as an even
 * count of `"` before it says (RFC 4180: a quote in a field is doubled). Undefined when there is none before
 * `to`, or for records ended by a lone `\r`. The bytes must be ASCII-compatible text (UTF-8, Windows-1252).
 * Either can be fooled (a quoted field of many lines that read as records; quotes a lenient reader takes as
 * text, `ab"c`): the thread reading up to the split checks that its rows end there, and reads on if not.
 */
export async function findCsvSplit(
  absolute: string,
  from: number,
  to: number,
  shape: CsvShape,
  share = MAIN_SHARE,
): Promise<number | undefined> {
  if (shape.recordBreak === '\r') return undefined;
  const target = from + Math.floor((to - from) * share);
  return (await nearCsvSplit(absolute, target, to, shape)) ?? countedCsvSplit(absolute, from, to, target, shape);
}

/** The first record break at or after `target` followed by NEAR_RECORDS whole records of the right shape. */
async function nearCsvSplit(
  absolute: string,
  target: number,
  to: number,
  shape: CsvShape,
): Promise<number | undefined> {
  const delimiter = shape.delimiter.charCodeAt(0);
  if (shape.delimiter.length !== 1 || delimiter >= 0x80 || delimiter === QUOTE) return undefined;
  const crlf = shape.recordBreak === '\r\n';
  // One block: NEAR_BYTES is BLOCK.
  return scanBytes(absolute, target, Math.min(to, target + NEAR_BYTES), (bytes, at) => {
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
      if (crlf && bytes[lf - 1] !== CR) continue;
      let start = lf + 1;
      let records = 0;
      while (records < NEAR_RECORDS) {
        const end = recordEnd(bytes, start, delimiter, crlf, shape.columns);
        if (end === undefined) break;
        start = end;
        records++;
      }
      if (records === NEAR_RECORDS) return at + lf + 1;
    }
    return undefined;
  });
}

/**
 * Where the record starting at `start` ends (after its record break), when it reads as a whole record of
 * `columns` fields: a quote only opens a field and closes it (doubled inside), no lone CR or LF outside quotes
 * of a CRLF file. Undefined otherwise, or when the bytes end first.
 */
function recordEnd(
  bytes: Buffer,
  start: number,
  delimiter: number,
  crlf: boolean,
  columns: number,
): number | undefined {
  const n = bytes.length;
  let fields = 1;
  let i = start;
  for (;;) {
    if (i >= n) return undefined;
    if (bytes[i] === QUOTE) {
      // A quoted field: up to the quote that is not doubled.
      for (i++; ; ) {
        const quote = bytes.indexOf(QUOTE, i);
        if (quote === -1 || quote + 1 >= n) return undefined;
        if (bytes[quote + 1] === QUOTE) i = quote + 2;
        else {
          i = quote + 1;
          break;
        }
      }
    } else {
      while (i < n) {
        const c = bytes[i] as number;
        if (c === delimiter || c === LF || c === CR) break;
        if (c === QUOTE) return undefined;
        i++;
      }
      if (i >= n) return undefined;
    }
    const c = bytes[i] as number;
    if (c === delimiter) {
      fields++;
      i++;
      continue;
    }
    if (crlf ? c === CR && bytes[i + 1] === LF : c === LF) {
      const end = i + (crlf ? 2 : 1);
      return fields === columns && end <= n ? end : undefined;
    }
    return undefined;
  }
}

/** The first record break at or after `target` outside quotes, by the parity of the quotes from `from` on. */
async function countedCsvSplit(
  absolute: string,
  from: number,
  to: number,
  target: number,
  shape: CsvShape,
): Promise<number | undefined> {
  const { recordBreak } = shape;
  let odd = 0;
  let previous = -1;
  return scanBytes(absolute, from, to, (bytes, at) => {
    const n = bytes.length;
    let i = 0;
    // Before the target only the parity of the quotes matters.
    const counted = Math.min(n, Math.max(0, target - at));
    odd ^= quoteParity(bytes, counted);
    i = counted;
    if (counted > 0) previous = bytes[counted - 1] as number;
    for (; i < n; i++) {
      const c = bytes[i] as number;
      if (c === QUOTE) odd ^= 1;
      else if (c === LF && odd === 0 && (recordBreak === '\n' || previous === CR)) {
        const split = at + i + 1;
        return split < to ? split : -1;
      }
      previous = c;
    }
    return undefined;
  }).then((split) => (split === undefined || split === -1 ? undefined : split));
}

/** An item boundary in a Graph page's `value` array: the byte after a comma between items, and the items before. */
export interface JsonSplit {
  offset: number;
  count: number;
}

/**
 * Where to split a Graph page (`{…, "value": [item, item, …], …}`) in bytes `[from, to)` for two threads: just
 * after the first comma between two items of the top-level object's array at or after this thread's share,
 * with the number of items before it. Strings and their escapes are followed byte by byte. Undefined for
 * other documents (a top-level array of pages) or when no such comma lies before `to`. The bytes must be
 * ASCII-compatible text (UTF-8, Windows-1252).
 */
export async function findJsonSplit(
  absolute: string,
  from: number,
  to: number,
  share = MAIN_SHARE,
): Promise<JsonSplit | undefined> {
  const target = from + Math.floor((to - from) * share);
  let depth = 0;
  let inString = false;
  /** Backslashes at the end of the previous block, inside a string: they may escape a quote that starts this one. */
  let slashesBefore = 0;
  /** Whether the top-level value is an object and the container at depth 2 an array. */
  let topObject = false;
  let listed = false;
  let commas = 0;
  const found = await scanBytes(absolute, from, to, (bytes, at): JsonSplit | null | undefined => {
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (inString) {
        // Strings are most of the text: jump from quote to quote; an odd run of backslashes escapes one.
        const quote = bytes.indexOf(QUOTE, i);
        if (quote === -1) {
          let slashes = 0;
          while (slashes < n - i && bytes[n - 1 - slashes] === BACKSLASH) slashes++;
          slashesBefore = slashes === n - i ? slashesBefore + slashes : slashes;
          return undefined;
        }
        let slashes = 0;
        while (slashes < quote - i && bytes[quote - 1 - slashes] === BACKSLASH) slashes++;
        if (slashes === quote - i) slashes += slashesBefore;
        slashesBefore = 0;
        i = quote + 1;
        if (slashes % 2 === 0) inString = false;
        continue;
      }
      const c = bytes[i] as number;
      i++;
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        depth++;
        if (depth === 1) {
          if (c !== 0x7b) return null;
          topObject = true;
        } else if (depth === 2) {
          listed = c === 0x5b;
          commas = 0;
        }
      } else if (c === 0x7d || c === 0x5d) depth--;
      else if (c === 0x2c && depth === 2 && listed && topObject) {
        commas++;
        if (at + i > target) return at + i < to ? { offset: at + i, count: commas } : null;
      }
    }
    return undefined;
  });
  return found ?? undefined;
}
