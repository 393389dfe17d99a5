// Output writing: every report goes to a temporary file beside its target and is renamed only when all succeeded.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';

export interface FileOutput {
  path: string;
  chunks: Iterable<string>;
}

/** Reporters yield small chunks (a finding each); they are written in batches of about this many characters. */
const BATCH = 1 << 16;

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
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
 * fails, the temporary files are removed and no target is touched.
 * @throws the first write error.
 */
export async function writeOutputsAtomically(outputs: readonly FileOutput[]): Promise<void> {
  const temporary: { tmp: string; target: string }[] = [];
  try {
    for (const [i, output] of outputs.entries()) {
      const target = path.resolve(output.path);
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${i}.tmp`);
      temporary.push({ tmp, target });
      await writeChunks(tmp, output.chunks);
    }
  } catch (error) {
    await Promise.all(temporary.map(({ tmp }) => rm(tmp, { force: true })));
    throw error;
  }
  for (const { tmp, target } of temporary) await rename(tmp, target);
}
