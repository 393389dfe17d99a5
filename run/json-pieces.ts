// A fleet's JSON report written by two threads at once into one file: pieces taken in turn, each written where
// the pieces before it end.
import { type FileHandle, open } from 'node:fs/promises';
import type { ReportView } from '../engine/types.js';
import { jsonRanges } from '../reporters/json.js';

/** Findings in a piece: about 3 MB of a fleet's report with evidence, a few milliseconds to render. */
export const PIECE_FINDINGS = 4096;

/**
 * What the two threads writing one JSON report share: the next piece to take, whether either failed, and
 * where each piece ends in the file once its bytes are known (NOT_YET before, FAILED_PIECE if never).
 */
export interface JsonShare {
  control: SharedArrayBuffer;
  ends: SharedArrayBuffer;
  count: number;
  pieceFindings: number;
}

const NEXT = 0;
const FAILED = 1;
const NOT_YET = -1n;
const FAILED_PIECE = -2n;
/** How long a wait lasts before it looks again whether the other thread failed. */
const WAIT_MS = 200;

/** The state for writing a report of `count` findings in pieces of `pieceFindings`. */
export function createJsonShare(count: number, pieceFindings = PIECE_FINDINGS): JsonShare {
  const pieces = piecesOf(count, pieceFindings);
  const share = {
    control: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
    ends: new SharedArrayBuffer(pieces * BigInt64Array.BYTES_PER_ELEMENT),
    count,
    pieceFindings,
  };
  new BigInt64Array(share.ends).fill(NOT_YET);
  return share;
}

function piecesOf(count: number, pieceFindings: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, pieceFindings)));
}

/** Tells the other thread to stop: it fails at its next piece, or wakes from waiting for one of this thread's. */
export function abandonShare(share: JsonShare): void {
  Atomics.store(new Int32Array(share.control), FAILED, 1);
  const ends = new BigInt64Array(share.ends);
  for (let piece = 0; piece < ends.length; piece++) Atomics.notify(ends, piece);
}

/** The other thread stopped writing the report: this one stops too. */
export class OtherThreadFailed extends Error {
  constructor() {
    super('the other thread writing this report failed');
    this.name = 'OtherThreadFailed';
  }
}

/**
 * Writes the pieces of the JSON report this thread takes, into `file` (already created): takes the next piece
 * not taken, renders it, waits until the piece before it has its end (rendered, on either thread), records its
 * own and writes it there. A thread takes its next piece only once its last one has an end, so the pieces'
 * ends are known in order and neither thread waits for long. `wait`: `block` on a helper thread (no other work
 * of its own can run between rendering a piece and recording its end), `yield` on the main thread (its event
 * loop runs meanwhile). Whatever fails, the other thread is told to stop.
 */
export async function writeJsonPieces(
  report: ReportView,
  share: JsonShare,
  file: string | FileHandle,
  wait: 'block' | 'yield',
): Promise<void> {
  const control = new Int32Array(share.control);
  const ends = new BigInt64Array(share.ends);
  const pieces = piecesOf(share.count, share.pieceFindings);
  const range = jsonRanges(report);
  const handle = typeof file === 'string' ? await open(file, 'r+') : file;
  // Two buffers in turn: one is written while the next piece is rendered into the other.
  const buffers = [Buffer.allocUnsafe(1 << 22), Buffer.allocUnsafe(1 << 22)];
  const writing: (Promise<void> | undefined)[] = [undefined, undefined];
  let taken = 0;
  let unended = -1;
  try {
    for (;;) {
      const slot = taken & 1;
      await writing[slot];
      if (Atomics.load(control, FAILED) !== 0) throw new OtherThreadFailed();
      const piece = Atomics.add(control, NEXT, 1);
      if (piece >= pieces) break;
      unended = piece;
      taken++;
      const from = piece * share.pieceFindings;
      let buffer = buffers[slot] as Buffer;
      let used = 0;
      for (const text of range(from, piece === pieces - 1 ? share.count : from + share.pieceFindings)) {
        // A UTF-16 code unit takes at most 3 bytes of UTF-8.
        if (used + text.length * 3 > buffer.length) {
          const larger = Buffer.allocUnsafe(Math.max(2 * buffer.length, used + text.length * 3));
          buffer.copy(larger, 0, 0, used);
          buffer = larger;
          buffers[slot] = larger;
        }
        used += buffer.write(text, used, 'utf8');
      }
      const start = piece === 0 ? 0n : wait === 'block' ? endAfterBlocking(ends, control, piece - 1) : null;
      const at = start ?? (await endAfterYielding(ends, control, piece - 1));
      Atomics.store(ends, piece, at + BigInt(used));
      Atomics.notify(ends, piece);
      unended = -1;
      writing[slot] = writeAll(handle, buffer, used, Number(at));
      // A failed write is seen when its buffer is next needed, or at the end.
      writing[slot].catch(() => undefined);
    }
    await Promise.all(writing);
  } catch (error) {
    if (unended >= 0) Atomics.store(ends, unended, FAILED_PIECE);
    abandonShare(share);
    await Promise.allSettled(writing);
    throw error;
  } finally {
    if (typeof file === 'string') await handle.close();
  }
}

/** Where piece `piece` ends, waiting for it without letting anything else run on this thread. */
function endAfterBlocking(ends: BigInt64Array, control: Int32Array, piece: number): bigint {
  for (;;) {
    const end = Atomics.load(ends, piece);
    if (end >= 0n) return end;
    if (end === FAILED_PIECE || Atomics.load(control, FAILED) !== 0) throw new OtherThreadFailed();
    Atomics.wait(ends, piece, NOT_YET, WAIT_MS);
  }
}

/** `Atomics.waitAsync` (in Node since 16; typed from TypeScript's ES2024 library on). */
interface AtomicsWaitAsync {
  waitAsync(
    array: BigInt64Array,
    index: number,
    value: bigint,
    timeout: number,
  ): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
}

/** Where piece `piece` ends, waiting for it while this thread's event loop runs. */
async function endAfterYielding(ends: BigInt64Array, control: Int32Array, piece: number): Promise<bigint> {
  for (;;) {
    const end = Atomics.load(ends, piece);
    if (end >= 0n) return end;
    if (end === FAILED_PIECE || Atomics.load(control, FAILED) !== 0) throw new OtherThreadFailed();
    const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(ends, piece, NOT_YET, WAIT_MS);
    if (waiting.async) await waiting.value;
  }
}

/** Writes `length` bytes of `buffer` at `position`, however many calls that takes. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, done, length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Writes the whole JSON report into `file` with another thread: creates it, hands `there` the shared state to
 * write its pieces into the same file, and writes this thread's. Settles once both are done; a failure on
 * either side stops the other, and the first real one is thrown.
 */
export async function writeJsonTogether(
  report: ReportView,
  file: string,
  there: (share: JsonShare) => Promise<void>,
  pieceFindings = PIECE_FINDINGS,
): Promise<void> {
  const share = createJsonShare(report.findings.length, pieceFindings);
  const handle = await open(file, 'w');
  try {
    const helping = there(share).catch((error: unknown) => {
      abandonShare(share);
      throw error;
    });
    const [here, elsewhere] = await Promise.allSettled([writeJsonPieces(report, share, handle, 'yield'), helping]);
    // Told to stop by the other thread: its failure is the one to report.
    if (here.status === 'rejected' && !(here.reason instanceof OtherThreadFailed)) throw here.reason;
    if (elsewhere.status === 'rejected') throw elsewhere.reason;
    if (here.status === 'rejected') throw here.reason;
  } finally {
    await handle.close();
  }
}
