// The facade under damaged inputs: evaluate() returns a report or throws InputError, nothing else, and soon.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, getReporter, InputError, type Report } from '../../index.js';
import { expectLocated } from './check.js';
import { applyAll, FUZZ_RUNS, loadFixtures, mutationsArb, SEED } from './mutations.js';

const fixtures = loadFixtures();
const work = mkdtempSync(path.join(tmpdir(), 'aipcheck-facade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Longest one evaluate() of a few fixture-sized files may take, bundled rules included. */
const EVALUATE_BOUND_MS = 5000;

let runs = 0;

/** Writes the files into a fresh directory and evaluates them; fails on any outcome but a report or InputError. */
async function evaluateFiles(files: { name: string; bytes: Uint8Array }[], keepGoing: boolean): Promise<void> {
  const cwd = path.join(work, String(runs++));
  const names = files.map((f, i) => `${i}-${path.basename(f.name)}`);
  mkdirSync(cwd);
  for (const [i, f] of files.entries()) writeFileSync(path.join(cwd, names[i] as string), f.bytes);
  const start = performance.now();
  let report: Report | undefined;
  try {
    report = await evaluate({ inputs: names, cwd, keepGoing });
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`evaluate threw ${String(error)}`, { cause: error });
    expect(error.diagnostics.length).toBeGreaterThan(0);
    for (const d of error.diagnostics) expectLocated(d);
  }
  expect(performance.now() - start).toBeLessThan(EVALUATE_BOUND_MS);
  if (!report) return;
  for (const finding of report.findings) {
    const where = finding.location;
    if (where) expectLocated({ code: 'bad-row', message: finding.ruleId, ...where });
  }
  for (const format of ['json', 'sarif', 'junit', 'markdown', 'text']) {
    const reporter = getReporter(format);
    expect(() => [...(reporter?.(report, { color: false }) ?? [])].join('')).not.toThrow();
  }
}

const damagedFile = fc
  .tuple(fc.constantFrom(...fixtures), fc.option(mutationsArb, { freq: 4 }))
  .map(([fixture, mutations]) => ({
    name: fixture.name,
    bytes: mutations ? applyAll(fixture.bytes, mutations) : fixture.bytes,
  }));

describe('evaluate() on damaged inputs', () => {
  it('returns a report or throws InputError with located diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(damagedFile, { minLength: 1, maxLength: 3 }), fc.boolean(), evaluateFiles),
      { seed: SEED, numRuns: 4 * FUZZ_RUNS },
    );
  }, 60_000);
});
