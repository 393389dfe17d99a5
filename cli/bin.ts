#!/usr/bin/env node
// Entry point of the `aipcheck` command: sets the exit code, never calls process.exit().
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
