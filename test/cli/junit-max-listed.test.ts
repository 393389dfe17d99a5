// --junit-max-listed: the CLI passes the limit to the JUnit reporter, and rejects what is not a count.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseTestResults } from 'test-results-parser';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const sample = 'inventories/samples/contoso.yaml';

const run = (...argv: string[]) => runCli(argv, root);

describe('--junit-max-listed', () => {
  it('lists at most N targets of one outcome per rule and counts the rest in one test case', async () => {
    const out = tempDir('junit-max');
    const junit = path.join(out, 'junit.xml');
    const json = path.join(out, 'report.json');
    const args = ['evaluate', sample, '--fail-on', 'never', '--include-passing', '--format', `json=${json}`];
    expect((await run(...args, '--format', `junit=${junit}`, '--junit-max-listed', '1')).code).toBe(0);
    const { byRule } = JSON.parse(readFileSync(json, 'utf8')) as {
      byRule: Record<string, { pass: number; fail: number; notApplicable: number; unknown: number; error: number }>;
    };
    const parsed = parseTestResults({ type: 'junit', files: [junit] });
    let capped = 0;
    for (const suite of parsed.suites) {
      const ruleId = suite.name.slice(0, suite.name.indexOf(':'));
      const counts = byRule[ruleId];
      expect(counts).toBeDefined();
      if (!counts) continue;
      // Each outcome: the one listed, plus "N more … (not listed one by one)" holding the other N.
      const more = (pattern: RegExp) => {
        const c = suite.cases.find((tc) => pattern.test(tc.name));
        return c ? Number(/^(\d+) more/.exec(c.name)?.[1]) : 0;
      };
      const listedFails = suite.cases.filter((c) => c.status === 'FAIL' && !/ more /.test(c.name)).length;
      const listedPasses = suite.cases.filter((c) => c.status === 'PASS' && !/ more /.test(c.name)).length;
      expect(listedFails).toBeLessThanOrEqual(1);
      expect(listedPasses).toBeLessThanOrEqual(1);
      expect(listedFails + more(/ more targets? fails? /)).toBe(counts.fail);
      expect(listedPasses + more(/ more targets? pass(es)? /)).toBe(counts.pass);
      if (suite.cases.some((c) => / more /.test(c.name))) capped++;
    }
    // The sample has rules with several passes and failures, so the limit is met somewhere.
    expect(capped).toBeGreaterThan(0);
  });

  it('lists every one with 0', async () => {
    const out = tempDir('junit-max');
    const junit = path.join(out, 'junit.xml');
    const args = ['evaluate', sample, '--fail-on', 'never', '--include-passing', '--format', `junit=${junit}`];
    expect((await run(...args, '--junit-max-listed', '0')).code).toBe(0);
    expect(readFileSync(junit, 'utf8')).not.toContain('(not listed one by one)');
  });

  it.each(['-1', 'many', '1.5', ''])('exits 2 on %j and writes nothing', async (value) => {
    const out = tempDir('junit-max');
    const { code, stderr } = await run(
      'evaluate',
      sample,
      '--format',
      `junit=${path.join(out, 'junit.xml')}`,
      `--junit-max-listed=${value}`,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--junit-max-listed must be a whole number');
    expect(() => readFileSync(path.join(out, 'junit.xml'))).toThrow();
  });
});
