// Output writing: every report goes to a temporary file beside its target and is renamed only when all succeeded.
import { createWriteStream, rmSync } from 'node:fs';
import { lstat, mkdir, readdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/** A file to write: its chunks, or a function that writes the whole file to the path it is given. */
export interface FileOutput {
  path: string;
  chunks?: Iterable<string>;
  /** Writes the whole file, elsewhere (another thread). */
  write?(file: string): Promise<void>;
  /**
   * Writes a regular file here and elsewhere at once, each part where it goes in the file (`writeJsonTogether`);
   * `chunks` are written instead where that cannot be done (a device or pipe).
   */
  together?(file: string): Promise<void>;
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

/** Where a report really goes, and how: replaced atomically (a regular file or nothing yet) or written into. */
export interface ReportTarget {
  /** The path after following symlinks: what is replaced or written into. */
  file: string;
  /** `replace`: a regular file or an absent path; `into`: a device, FIFO or socket, written in place. */
  mode: 'replace' | 'into';
}

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Symlinks followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * Follows `file` through symlinks, as a shell's `>` does, even to a target that does not exist yet.
 * Only a regular file or an absent path is ever replaced; a device, FIFO or socket is written into (through
 * the name given: `/dev/stdout` links to a pipe that has no path of its own).
 * @throws an errno error: EISDIR for a directory, ELOOP for a symlink cycle.
 */
export async function resolveReportTarget(file: string): Promise<ReportTarget> {
  let at = path.resolve(file);
  const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (info?.isDirectory()) throw errno('EISDIR', 'it is a directory');
  if (info && !info.isFile()) return { file: at, mode: 'into' };
  if (info) return { file: await realpath(at), mode: 'replace' };
  // Absent, or a dangling symlink (chain): the path it would create.
  for (let links = 0; links <= MAX_LINKS; links++) {
    const link = await lstat(at).catch(() => undefined);
    if (!link?.isSymbolicLink()) return { file: at, mode: 'replace' };
    at = path.resolve(path.dirname(at), await readlink(at));
  }
  throw errno('ELOOP', 'too many levels of symbolic links');
}

/** `.NAME.PID.N.tmp` beside a report: the temporary file of this process's Nth report. */
function temporaryName(target: string, n: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${n}.tmp`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files an earlier run left beside `target` when it was killed (SIGKILL leaves no
 * chance to clean up): only names of our own pattern for this very report, of a process that is gone.
 */
async function removeStaleTemporaries(target: string): Promise<void> {
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(\\d+)\\.\\d+\\.tmp$`);
  const names = await readdir(path.dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (Number.isSafeInteger(pid) && pid !== process.pid && !isRunning(pid)) {
      await rm(path.join(path.dirname(target), name), { force: true }).catch(() => undefined);
    }
  }
}

/** The temporary files this process is writing now: what a signal handler removes before exiting. */
const live = new Set<string>();

/** Removes every temporary report file of this process, synchronously: for signal handlers. */
export function removeTemporaryFiles(): void {
  for (const file of live) rmSync(file, { force: true });
  live.clear();
}

/**
 * Writes all outputs as a set: each regular-file target to a temporary file beside it, then every rename, so
 * no report is half-written and none is replaced unless all are complete. A target that is a device, FIFO or
 * socket (`/dev/null`, `/dev/stdout`, a named pipe) is written into, after every temporary file is complete,
 * and never replaced; a symlink is followed to its target. If any write fails, the temporary files are
 * removed and no regular-file target is touched. Outputs with `write` are written by someone else (another
 * thread) into the file given; those with `together` by this thread and another, while this one writes the rest.
 * @throws WriteError naming the first output that could not be written.
 */
export async function writeOutputsAtomically(outputs: readonly FileOutput[]): Promise<void> {
  const temporary: { tmp: string; target: string }[] = [];
  /**
   * Writes another thread does, each settled as soon as it starts: one that fails while this thread still prepares
   * the next outputs is an answer to report, not an unhandled rejection.
   */
  const elsewhere: Promise<{ failed: boolean; reason?: unknown }>[] = [];
  const startedElsewhere = (i: number, writing: Promise<void>) =>
    elsewhere.push(
      writing.then(
        () => ({ failed: false }),
        (error) => ({ failed: true, reason: blame(i)(error) }),
      ),
    );
  // File system errors are the output's; anything else (a reporter's bug) stays what it is.
  const blame = (i: number) => (error: unknown) =>
    (error as NodeJS.ErrnoException)?.code === undefined
      ? error
      : new WriteError(outputs[i]?.path ?? '', error as NodeJS.ErrnoException);
  const targets: ReportTarget[] = [];
  try {
    // A directory in a target's place would fail only at the rename, after other targets were replaced.
    for (const [i, output] of outputs.entries()) {
      targets.push(await resolveReportTarget(output.path).catch((error) => Promise.reject(blame(i)(error))));
    }
    for (const [i, output] of outputs.entries()) {
      const target = targets[i] as ReportTarget;
      if (target.mode === 'into') continue;
      await makeDirectory(path.dirname(target.file)).catch((error) => {
        throw blame(i)(error);
      });
      await removeStaleTemporaries(target.file);
      const tmp = temporaryName(target.file, i);
      temporary[i] = { tmp, target: target.file };
      live.add(tmp);
      if (output.write) startedElsewhere(i, output.write(tmp));
      // Written here in part, between the other outputs' chunks.
      else if (output.together) startedElsewhere(i, output.together(tmp));
    }
    let failure: unknown;
    for (const [i, output] of outputs.entries()) {
      const at = temporary[i];
      if (output.chunks && at && !output.write && !output.together) {
        await writeChunks(at.tmp, output.chunks).catch((error) => (failure ??= blame(i)(error)));
      }
    }
    for (const result of await Promise.all(elsewhere)) if (result.failed) failure ??= result.reason;
    if (failure !== undefined) throw failure;
    // Devices and pipes cannot be replaced atomically: they get their report once every other one is complete.
    for (const [i, output] of outputs.entries()) {
      const target = targets[i] as ReportTarget;
      if (target.mode !== 'into') continue;
      const written = output.write ? output.write(target.file) : writeChunks(target.file, output.chunks ?? []);
      await written.catch((error) => Promise.reject(blame(i)(error)));
    }
  } catch (error) {
    // Every write settled first, so no other thread is still writing a file being removed.
    await Promise.all(elsewhere);
    await removeAll(temporary);
    throw error;
  }
  for (const [i, at] of temporary.entries()) {
    if (!at) continue;
    try {
      await rename(at.tmp, at.target);
      live.delete(at.tmp);
    } catch (error) {
      await removeAll(temporary.slice(i));
      throw blame(i)(error);
    }
  }
}

async function removeAll(temporary: readonly ({ tmp: string } | undefined)[]): Promise<void> {
  await Promise.all(
    temporary.map(async (at) => {
      if (!at) return;
      await rm(at.tmp, { force: true });
      live.delete(at.tmp);
    }),
  );
}
