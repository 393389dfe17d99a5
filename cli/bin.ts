#!/usr/bin/env node
// Entry point of the `aipcheck` command: sets the exit code, never calls process.exit().
import { main } from './main.js';

// A reader that stops early (`aipcheck ... | head`) closes the pipe; that is not a failure of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
