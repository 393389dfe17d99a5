// The facade under damaged inputs: evaluate() returns a report or throws InputError, nothing else (a hang fails
// on the test timeout).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type EngineName, evaluate, getReporter, InputError, type Report } from '../../index.js';
import { expectLocated } from './check.js';
import { applyAll, FUZZ_RUNS, loadFixtures, mutationsArb, SEED } from './mutations.js';

const fixtures = loadFixtures();
const work = mkdtempSync(path.join(tmpdir(), 'aipcheck-facade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;

/** Writes the files into a fresh directory and evaluates them; fails on any outcome but a report or InputError. */
async function evaluateFiles(
  files: { name: string; bytes: Uint8Array }[],
  keepGoing: boolean,
  engine: EngineName,
): Promise<void> {
  const cwd = path.join(work, String(runs++));
  const names = files.map((f, i) => `${i}-${path.basename(f.name)}`);
  mkdirSync(cwd);
  for (const [i, f] of files.entries()) writeFileSync(path.join(cwd, names[i] as string), f.bytes);
  let report: Report | undefined;
  try {
    report = await evaluate({ inputs: names, cwd, keepGoing, engine });
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`evaluate threw ${String(error)}`, { cause: error });
    expect(error.diagnostics.length).toBeGreaterThan(0);
    for (const d of error.diagnostics) expectLocated(d);
  }
  if (!report) return;
  for (const finding of report.findings) {
    const where = finding.location;
    if (where) expectLocated({ code: 'bad-row', message: finding.ruleId, ...where });
  }
  for (const format of ['json', 'sarif', 'junit', 'markdown', 'text']) {
    const reporter = getReporter(format);
    const output = [...(reporter?.(report, { color: false }) ?? [])].join('');
    if (format === 'json' || format === 'sarif') expect(() => JSON.parse(output), format).not.toThrow();
    if (format === 'junit') expect(notXml(output), 'a character XML 1.0 cannot carry').toBeUndefined();
  }
}

/** The first character XML 1.0 cannot carry, raw or as a reference (controls, lone surrogates, U+FFFE/F). */
function notXml(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const pairs = high && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pairs) i++;
    else if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || high || (c >= 0xdc00 && c <= 0xdfff) || c >= 0xfffe)
      return `U+${c.toString(16).padStart(4, '0')} at ${i}`;
  }
  return /&#(x0*([0-8bcef]|1[0-9a-f])|0*([0-8]|1[124-9]|2[0-9]|3[01]));/i.exec(text)?.[0];
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
      fc.asyncProperty(
        fc.array(damagedFile, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom<EngineName>('compiled', 'compiled', 'compiled', 'reference'),
        evaluateFiles,
      ),
      { seed: SEED, numRuns: 4 * FUZZ_RUNS },
    );
  }, 60_000);
});
