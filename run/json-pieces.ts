// A fleet's JSON report written by two threads at once into one file: pieces taken in turn, each written where
// the pieces before it end.
import { type FileHandle, open } from 'node:fs/promises';
import type { ReportView } from '../engine/types.js';
import { jsonRanges } from '../reporters/json.js';
import { Utf8Sink } from '../reporters/utf8-sink.js';

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
    pieceFindings: Math.max(1, pieceFindings),
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

/** Pieces a thread renders before the piece ahead of the first of them has its end. */
const AHEAD = 3;
/** Bytes a piece's buffer starts with; it grows for a larger piece. */
const PIECE_BUFFER = 1 << 22;

/** A piece rendered, waiting for the end of the piece before it to be known. */
interface Rendered {
  piece: number;
  buffer: Uint8Array;
  used: number;
}

/**
 * Writes the pieces of the JSON report this thread takes, into `file` (already created): takes the next piece
 * not taken and renders it; once the piece before it has its end (rendered, on either thread), records its
 * own and writes it there. While it waits for that, it renders up to AHEAD more pieces, so neither thread
 * idles while the other finishes a piece. Ends are recorded in order of pieces: the lowest piece still without
 * one always has its start known, so the two threads never wait for each other at once. `wait`: `block` on a
 * helper thread (nothing else of its own runs meanwhile), `yield` on the main thread (its event loop runs
 * meanwhile). Whatever fails, the other thread is told to stop.
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
  let range: ReturnType<typeof jsonRanges>;
  let handle: FileHandle | undefined;
  const free: Uint8Array[] = [];
  const pending: Rendered[] = [];
  /** Writes under way; each gives its buffer back when done. */
  const writing = new Set<Promise<void>>();
  let buffers = 0;
  /** The first write that failed (a write's failure is seen at the next piece, or at the end). */
  const failed: { error?: unknown } = {};
  const write = (buffer: Uint8Array, used: number, at: number) => {
    const done: Promise<void> = writeAll(handle as FileHandle, buffer, used, at).then(
      () => {
        free.push(buffer);
        writing.delete(done);
      },
      (error: unknown) => {
        if (!('error' in failed)) failed.error = error;
        writing.delete(done);
      },
    );
    writing.add(done);
  };
  /** Records the end of each rendered piece whose start is known, in order, and writes it there. */
  const record = () => {
    for (let first = pending[0]; first !== undefined; first = pending[0]) {
      const start = first.piece === 0 ? 0n : Atomics.load(ends, first.piece - 1);
      if (start === FAILED_PIECE) throw new OtherThreadFailed();
      if (start < 0n) return;
      pending.shift();
      Atomics.store(ends, first.piece, start + BigInt(first.used));
      Atomics.notify(ends, first.piece);
      write(first.buffer, first.used, Number(start));
    }
  };
  /** Waits until the piece before the first one rendered has its end. */
  const awaitFirst = async (first: Rendered) => {
    if (wait === 'block') endAfterBlocking(ends, control, first.piece - 1);
    else await endAfterYielding(ends, control, first.piece - 1);
  };
  try {
    range = jsonRanges(report);
    handle = typeof file === 'string' ? await open(file, 'r+') : file;
    let more = true;
    for (;;) {
      if ('error' in failed) throw failed.error;
      if (Atomics.load(control, FAILED) !== 0) throw new OtherThreadFailed();
      record();
      const first = pending[0];
      if (first && (!more || pending.length >= AHEAD)) {
        await awaitFirst(first);
        continue;
      }
      if (!more) break;
      let buffer = free.pop();
      if (!buffer && buffers < AHEAD + 1) {
        buffer = Buffer.allocUnsafe(PIECE_BUFFER);
        buffers++;
      }
      if (!buffer) {
        // Every buffer is rendered or being written: record what can be, else wait for a write.
        if (first) await awaitFirst(first);
        else await Promise.race(writing);
        continue;
      }
      const piece = Atomics.add(control, NEXT, 1);
      if (piece >= pieces) {
        more = false;
        free.push(buffer);
        continue;
      }
      const from = piece * share.pieceFindings;
      // Grows into a larger array for a larger piece, which then stays in the pool.
      const out = new Utf8Sink(buffer);
      range(from, piece === pieces - 1 ? share.count : from + share.pieceFindings, out);
      pending.push({ piece, buffer: out.bytes, used: out.length });
    }
    await Promise.all(writing);
    if ('error' in failed) throw failed.error;
  } catch (error) {
    // The pieces rendered here never get an end: the other thread, waiting for one, stops.
    for (const { piece } of pending) Atomics.store(ends, piece, FAILED_PIECE);
    abandonShare(share);
    await Promise.allSettled(writing);
    throw error;
  } finally {
    if (typeof file === 'string') await handle?.close();
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
async function writeAll(handle: FileHandle, buffer: Uint8Array, length: number, position: number): Promise<void> {
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
