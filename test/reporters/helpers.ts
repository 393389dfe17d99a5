// Shared test helpers: render a reporter to one string, compare with golden files, find validators.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../engine/types.js';
import type { Reporter, ReporterOptions } from '../../reporters/reporter.js';

const require = createRequire(import.meta.url);
const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

/** Joins a reporter's chunks: the bytes a file would hold. */
export function render(reporter: Reporter, report: Report, options: ReporterOptions = {}): string {
  return [...reporter(report, options)].join('');
}

/**
 * Compares output with `test/reporters/golden/<name>` byte for byte. With UPDATE_GOLDEN=1 in the
 * environment, writes the golden file instead (review the diff before committing it).
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/reporters`);
  const expected = readFileSync(file);
  expect(actual).toBe(expected.toString('utf8'));
  expect(Buffer.from(actual, 'utf8').equals(expected)).toBe(true);
}

/** The SARIF 2.1.0 JSON Schema (draft 2020-12) that @microsoft/sarif-multitool-ts ships. */
export function readSarifSchema(): object {
  const root = dirname(dirname(require.resolve('@microsoft/sarif-multitool-ts')));
  return JSON.parse(readFileSync(join(root, 'assets', 'sarif-2.1.0.schema.json'), 'utf8'));
}

/**
 * Path of Microsoft's SARIF Multitool binary, made executable: npm does not run the package's
 * postinstall `chmod u+x` when install scripts are off, which is the default here.
 */
export function multitoolPath(): string {
  const binary: string = require('@microsoft/sarif-multitool-linux');
  const mode = statSync(binary).mode;
  if ((mode & 0o100) === 0) chmodSync(binary, mode | 0o755);
  return binary;
}

/**
 * The layout of the JSON report: what `JSON.stringify(data, null, 2)` writes, except that each finding (the
 * last key) takes one line, as `JSON.stringify(finding)` writes it.
 */
export function layoutJson(data: { findings: unknown[] }): string {
  const { findings, ...rest } = data;
  if (findings.length === 0) return `${JSON.stringify(data, null, 2)}\n`;
  const head = JSON.stringify(rest, null, 2).slice(0, -2);
  return `${head},\n  "findings": [\n${findings.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]\n}\n`;
}
