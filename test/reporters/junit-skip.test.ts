// The JUnit report of the engine's findings, which stops reading a rule once it is listed to the cap, is the
// report of the same findings read one by one to the end.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../engine/types.js';
import { getReporter } from '../../reporters/index.js';
import { evaluateLazily } from '../../run/aipcheck.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const inputs = [
  'inventories/samples/contoso.yaml',
  'test/inventories/fixtures/ad-computers.csv',
  'test/inventories/fixtures/entra-devices-download.csv',
].map((file) => path.join(root, file));

describe('JUnit of the engine findings', () => {
  it.each([0, 1, 2, 5])('is the same as of the findings as a list, --junit-max-listed %i', async (max) => {
    const report = await evaluateLazily({ inputs, cwd: root, includePassing: true, keepGoing: true, threads: 1 });
    try {
      const junit = getReporter('junit');
      if (!junit) throw new Error('no JUnit reporter');
      const text = (r: ReportView) => [...junit(r, { junitMaxListed: max })].join('');
      const listed = { ...report, findings: report.findings.toArray() };
      expect(text(report)).toBe(text(listed));
      // Some rule has more findings of an outcome than the cap: the rule is cut, so reading stopped early.
      if (max > 0) expect(text(report)).toMatch(/more targets? .*not listed one by one/);
    } finally {
      report.release();
    }
  });
});
