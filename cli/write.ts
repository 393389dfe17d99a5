// Output writing: every report goes to a temporary file beside its target and is renamed only when all succeeded.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/** A file to write: its chunks, or a function that writes the whole file to the path it is given. */
export interface FileOutput {
  path: string;
  chunks?: Iterable<string>;
  write?(file: string): Promise<void>;
}

/** Reporters yield small chunks (a finding each); they are encoded into buffers of this many bytes and written. */
const BATCH = 1 << 20;

/**
 * Writes chunks to a file, waiting when the stream is full. Each chunk is encoded as UTF-8 straight into a
 * buffer: joining chunks into one string first made V8 build, then flatten, a string of a thousand pieces per
 * write, which cost as much again as the encoding.
 */
export async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { highWaterMark: BATCH });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  try {
    let buffer = Buffer.allocUnsafe(BATCH);
    let used = 0;
    const flush = async () => {
      if (used === 0) return;
      // The stream keeps the buffer until it is written: the next chunks go into a new one.
      const ready = stream.write(buffer.subarray(0, used));
      buffer = Buffer.allocUnsafe(BATCH);
      used = 0;
      if (!ready) await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
    };
    for (const chunk of chunks) {
      // A UTF-16 code unit takes at most 3 bytes of UTF-8.
      if (used + chunk.length * 3 > BATCH) {
        await flush();
        if (chunk.length * 3 > BATCH) {
          const ready = stream.write(chunk, 'utf8');
          if (!ready)
            await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
          continue;
        }
      }
      used += buffer.write(chunk, used, 'utf8');
    }
    await flush();
    stream.end();
    await Promise.race([finished(stream), failed]);
  } finally {
    stream.destroy();
  }
}

/** A report that could not be written: the output's path as given, and why. */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: NodeJS.ErrnoException,
  ) {
    super(`cannot write ${path}: ${reason.message}`, { cause: reason });
    this.name = 'WriteError';
  }
}

const isDirectory = (dir: string) =>
  stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir retries forever where a parent exists but mkdir
 * answers ENOENT (a path under /proc, a dangling symlink): `--format json=/proc/x/r.json` hung at 100% CPU.
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; !(await isDirectory(at)) && path.dirname(at) !== at; at = path.dirname(at)) missing.push(at);
  for (const level of missing.reverse()) {
    await mkdir(level).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST' || !(await isDirectory(level))) throw error;
    });
  }
}

/**
 * Writes all outputs atomically as a set: each to a temporary file, then every rename. If any write
 * fails, the temporary files are removed and no target is touched. Outputs with `write` are written by
 * someone else (another thread) into the temporary file given, at the same time as the others.
 * @throws WriteError naming the first output that could not be written.
 */
export async function writeOutputsAtomically(outputs: readonly FileOutput[]): Promise<void> {
  const temporary: { tmp: string; target: string }[] = [];
  const elsewhere: Promise<void>[] = [];
  // File system errors are the output's; anything else (a reporter's bug) stays what it is.
  const blame = (i: number) => (error: unknown) =>
    (error as NodeJS.ErrnoException)?.code === undefined
      ? error
      : new WriteError(outputs[i]?.path ?? '', error as NodeJS.ErrnoException);
  try {
    // A directory in a target's place would fail only at the rename, after other targets were replaced.
    for (const [i, output] of outputs.entries()) {
      const target = path.resolve(output.path);
      if (await isDirectory(target)) throw blame(i)(Object.assign(new Error('it is a directory'), { code: 'EISDIR' }));
    }
    for (const [i, output] of outputs.entries()) {
      const target = path.resolve(output.path);
      await makeDirectory(path.dirname(target)).catch((error) => {
        throw blame(i)(error);
      });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${i}.tmp`);
      temporary.push({ tmp, target });
      if (output.write) elsewhere.push(output.write(tmp).catch((error) => Promise.reject(blame(i)(error))));
    }
    // Settle every write before cleaning up, so no other thread is still writing a file being removed.
    const settled = Promise.allSettled(elsewhere);
    let failure: unknown;
    for (const [i, output] of outputs.entries()) {
      const at = temporary[i];
      if (output.chunks && at) await writeChunks(at.tmp, output.chunks).catch((error) => (failure ??= blame(i)(error)));
    }
    for (const result of await settled) if (result.status === 'rejected') failure ??= result.reason;
    if (failure !== undefined) throw failure;
  } catch (error) {
    await Promise.all(temporary.map(({ tmp }) => rm(tmp, { force: true })));
    throw error;
  }
  for (const [i, { tmp, target }] of temporary.entries()) {
    try {
      await rename(tmp, target);
    } catch (error) {
      await Promise.all(temporary.slice(i).map((t) => rm(t.tmp, { force: true })));
      throw blame(i)(error);
    }
  }
}
