// Runs the CLI in-process, as the bin does, capturing what it writes.
import { Readable } from 'node:stream';
import { main } from '../../cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `aipcheck ...argv` in `cwd` with an empty environment (and `stdin`, when given): its exit code and output. */
export async function runCli(argv: readonly string[], cwd: string, stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    env: {},
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }),
  });
  return { code, stdout, stderr };
}
