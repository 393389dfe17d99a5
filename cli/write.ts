// Output writing: every report goes to a temporary file beside its target and is renamed only when all succeeded.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/** A file to write: its chunks, or a function that writes the whole file to the path it is given. */
export interface FileOutput {
  path: string;
  chunks?: Iterable<string>;
  write?(file: string): Promise<void>;
}

/** Reporters yield small chunks (a finding each); they are written in batches of about this many characters. */
const BATCH = 1 << 16;

/** Writes chunks to a file in batches, waiting when the stream is full. */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length < BATCH) continue;
      const ready = stream.write(batch);
      batch = '';
      if (!ready) await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
    }
    if (batch !== '') stream.write(batch);
    stream.end();
    await Promise.race([finished(stream), failed]);
  } finally {
    stream.destroy();
  }
}

/**
 * Writes all outputs atomically as a set: each to a temporary file, then every rename. If any write
 * fails, the temporary files are removed and no target is touched. Outputs with `write` are written by
 * someone else (another thread) into the temporary file given, at the same time as the others.
 * @throws the first write error.
 */
export async function writeOutputsAtomically(outputs: readonly FileOutput[]): Promise<void> {
  const temporary: { tmp: string; target: string }[] = [];
  const elsewhere: Promise<void>[] = [];
  try {
    for (const [i, output] of outputs.entries()) {
      const target = path.resolve(output.path);
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${i}.tmp`);
      temporary.push({ tmp, target });
      if (output.write) elsewhere.push(output.write(tmp));
    }
    // Settle every write before cleaning up, so no other thread is still writing a file being removed.
    const settled = Promise.allSettled(elsewhere);
    let failure: unknown;
    for (const output of outputs) {
      const at = temporary[outputs.indexOf(output)];
      if (output.chunks && at) await writeChunks(at.tmp, output.chunks).catch((error) => (failure ??= error));
    }
    for (const result of await settled) if (result.status === 'rejected') failure ??= result.reason;
    if (failure !== undefined) throw failure;
  } catch (error) {
    await Promise.all(temporary.map(({ tmp }) => rm(tmp, { force: true })));
    throw error;
  }
  for (const { tmp, target } of temporary) await rename(tmp, target);
}
