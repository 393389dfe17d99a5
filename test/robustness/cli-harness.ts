// Runs the built CLI (dist/cli/bin.js) in fresh temporary folders, bounded in time, for the robustness suites.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const bin = path.join(here, '../../dist/cli/bin.js');
export const fixtures = path.join(here, '../engine/fixtures');
export const mini = ['--no-builtin-rules', '--rules', 'mini'];

export const work = mkdtempSync(path.join(tmpdir(), 'aipcheck-pathological-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let runs = 0;

/** A fresh working directory with the engine fixtures (inventories/, mini/), one per test: tests run concurrently. */
export function fresh(): string {
  const cwd = path.join(work, String(runs++));
  cpSync(fixtures, cwd, { recursive: true });
  return cwd;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs the built CLI in `cwd`, killing it after `bound` ms: a kill is a hang, and fails the caller's checks. */
export function run(cwd: string, args: string[], bound = 10_000): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, bound);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start, timedOut });
    });
  });
}

/** Exit 2 within the bound, every stderr line a `file:line:col: code: message` diagnostic or the summary. */
export function expectRefused(result: Run, pattern: RegExp): void {
  expect(result.timedOut, `hung; stderr so far: ${result.stderr}`).toBe(false);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|TypeError|heap out of memory|FATAL/);
}
