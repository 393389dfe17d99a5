// Shared assertions of the robustness suite: what every importer result and every error must look like.
import { expect } from 'vitest';
import { type Diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Pointer } from '../../engine/types.js';
import type { Importer, ImportResult } from '../../inventories/importers/index.js';

const CODES = new Set<string>(Object.values(ErrorCode));

/** What is wrong with a diagnostic's location, or undefined; cheap, as imports can report 100 000 rows. */
function locationProblem(d: Diagnostic, file?: string): string | undefined {
  if (file !== undefined && d.file !== file) return `file is not ${file}`;
  if (typeof d.file !== 'string' || d.file.length === 0) return 'no file';
  if (!Number.isInteger(d.line) || d.line < 1) return 'line is not a positive integer';
  if (!Number.isInteger(d.column) || d.column < 1) return 'column is not a positive integer';
  if (!CODES.has(d.code)) return 'unknown code';
  if (typeof d.message !== 'string' || d.message.length === 0) return 'no message';
  return undefined;
}

/** Fails unless the diagnostic names `file` and a 1-based integer line and column, with a known code. */
export function expectLocated(d: Diagnostic, file?: string): void {
  const problem = locationProblem(d, file);
  if (problem) expect.fail(`${problem}: ${JSON.stringify(d)}`);
}

/** Every pointer to an asset and to each of its top-level facts, for locator checks. */
function assetPointers(result: ImportResult): Pointer[] {
  const pointers: Pointer[] = [[], ['organization'], ['network']];
  for (const kind of ['devices', 'servers'] as const) {
    (result.part.snapshot.assets?.[kind] ?? []).slice(0, 50).forEach((asset, i) => {
      pointers.push(['assets', kind, i]);
      for (const key of Object.keys(asset)) pointers.push(['assets', kind, i, key]);
    });
  }
  return pointers;
}

/** Runs `fn`, failing with `what` and the stack when it throws. (A hang fails on the test timeout.) */
export function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${what} threw: ${(error as Error)?.stack ?? String(error)}`);
  }
}

/** The importer contract under hostile input: detect and import return, and everything they report is located. */
export function checkImporter(importer: Importer, text: string, file: string): void {
  attempt(`${importer.name}.detect`, () => importer.detect(text, file));
  const result = attempt(`${importer.name}.import`, () => importer.import(text, file));
  expect(Array.isArray(result.diagnostics), importer.name).toBe(true);
  expect(Array.isArray(result.rowErrors), importer.name).toBe(true);
  for (const d of [...result.diagnostics, ...result.rowErrors]) expectLocated(d, file);
  for (const pointer of assetPointers(result)) {
    const where = attempt(`${importer.name} locate ${JSON.stringify(pointer)}`, () => result.part.locate(pointer));
    expectLocated({ code: 'bad-row', file, message: `${importer.name} locates ${JSON.stringify(pointer)}`, ...where });
  }
}
