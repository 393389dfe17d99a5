// Progress of long runs on stderr: a bar while a streamed input is read, only on a terminal.
import { lazyModule } from '../engine/lazy-module.js';

/** cli-progress, loaded only when a bar is shown (stderr is a terminal). */
const cliProgressModule = lazyModule<typeof import('cli-progress')>('cli-progress');

/** What the CLI reports progress on. */
export interface Progress {
  /** Bytes of streamed input read so far, of `total`. */
  reading(done: number, total: number): void;
  /** Reading is over; the reports are being written. */
  writing(): void;
  /** Removes the bar. */
  stop(): void;
}

const MB = 1024 * 1024;

/**
 * A progress bar on `stream` when it is a terminal (and CI is not set): silent otherwise, so logs and
 * pipes never see it. It appears only once a streamed (JSON Lines) input reports progress.
 */
export function createProgress(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Progress | undefined {
  if (stream.isTTY !== true || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false')) return undefined;
  const cliProgress = cliProgressModule();
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: 'aipcheck {phase} [{bar}] {percentage}% {detail}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  return {
    reading(done, all) {
      if (total < 0) return;
      if (total === 0) {
        total = all;
        bar.start(all, 0, { phase: 'reading', detail: '' });
      }
      bar.update(done, { detail: `${Math.round(done / MB)}/${Math.round(all / MB)} MB` });
    },
    writing() {
      if (total > 0) bar.update(total, { phase: 'writing', detail: 'reports' });
    },
    stop() {
      if (total > 0) bar.stop();
      total = -1;
    },
  };
}
