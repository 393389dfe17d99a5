// Temporary directories for tests, removed when the test file is done: every run used to leave its own in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

/**
 * Removes every directory made so far: test/setup.ts calls it after each test file. (Test files share this
 * module when the workers do not isolate them, so it cannot register its own hook on the file that imports it.)
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh directory `aipcheck-<prefix>-XXXXXX` in the system's temporary folder, removed after the file's last
 * test. Call it from a test or a hook, not at collection: a skipped suite's body runs but its hooks do not.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `aipcheck-${prefix}-`));
  made.push(dir);
  return dir;
}
