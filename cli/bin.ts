#!/usr/bin/env node
// Entry point of the `aipcheck` command: sets the exit code; calls process.exit() only to end on a signal.
import { main } from './main.js';
import { removeTemporaryFiles } from './write.js';

// A reader that stops early (`aipcheck ... | head`) closes the pipe; that is not a failure of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// Ctrl-C or a CI job's timeout: remove the half-written reports' temporary files, then end as the signal would
// (128 + its number), since a handler replaces Node's default of ending at once.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    removeTemporaryFiles();
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
