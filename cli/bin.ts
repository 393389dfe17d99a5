#!/usr/bin/env node
import { removeTemporaryFiles } from '../run/write.js';
// Entry point of the `aipcheck` command: sets the exit code, never calls process.exit().
import { main } from './main.js';

// A reader that stops early (`aipcheck ... | head`) closes the pipe; that is not a failure of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Ctrl-C or a CI job's timeout: remove the half-written reports' temporary files, then end by the same signal,
// its default action restored, so the shell sees 130 or 143 as from any command. Not process.exit(): it waits
// for a write blocked on a named pipe without a reader, forever.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removeTemporaryFiles();
    process.kill(process.pid, signal);
  });
}

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // Made only when `-` is an input: process.stdin opens standard input.
  get stdin() {
    return process.stdin;
  },
});
