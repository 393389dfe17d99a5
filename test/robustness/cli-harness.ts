// Runs the built CLI (dist/cli/bin.js) in fresh temporary folders, killed if it hangs, for the robustness suites.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tempDir } from '../temp-dir.js';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const bin = path.join(here, '../../dist/cli/bin.js');
export const fixtures = path.join(here, '../engine/fixtures');
export const mini = ['--no-builtin-rules', '--rules', 'mini'];

/** A fresh working directory with the engine fixtures (inventories/, mini/), one per test: tests run concurrently. */
export function fresh(): string {
  const cwd = tempDir('pathological');
  cpSync(fixtures, cwd, { recursive: true });
  return cwd;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * A hang guard, not a speed check: a child still running this long is killed (and fails as hung) before the
 * test timeout (30 s) would leave it behind.
 */
const HANG_MS = 25_000;

/** Runs the built CLI in `cwd` (as user `as`, when given), killing it if it hangs: a kill fails the caller's checks. */
export function run(cwd: string, args: string[], as?: { uid: number; gid: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Exit 2 without hanging, every stderr line a `file:line:col: code: message` diagnostic or the summary. */
export function expectRefused(result: Run, pattern: RegExp): void {
  expect(result.timedOut, `hung; stderr so far: ${result.stderr}`).toBe(false);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|TypeError|heap out of memory|FATAL/);
}
