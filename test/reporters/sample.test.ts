// The bundled contoso sample, evaluated for real: every format passes its own validator, twice the same.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseTestResults } from 'test-results-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../engine/types.js';
import { formatNames, reporters } from '../../reporters/index.js';
import { formatJson } from '../../reporters/json.js';
import { formatJunit } from '../../reporters/junit.js';
import { formatSarif } from '../../reporters/sarif.js';
import { tempDir } from '../temp-dir.js';
import { render } from './helpers.js';
import { junitXsdErrors, multitoolErrors, reportSchemaErrors, sarifSchemaErrors } from './validators.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = 'inventories/samples/contoso.yaml';
describe('reports of the contoso sample', () => {
  let report: Report;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('sample');
    const { evaluate } = await import('../../index.js');
    report = await evaluate({ inputs: [SAMPLE], cwd: ROOT });
  }, 60_000);

  it('has failing findings to report', () => {
    expect(report.summary.fail).toBeGreaterThan(0);
  });

  it('JSON validates against docs/report.schema.json', () => {
    expect(reportSchemaErrors(JSON.parse(render(formatJson, report)))).toEqual([]);
  });

  it('SARIF has no schema error and no error-level Multitool result', { timeout: 180_000 }, () => {
    const logs = new Map<string, string>();
    for (const [name, options] of [
      ['contoso', {}],
      ['contoso-passing', { includePassing: true, timestamp: '2024-06-01T12:00:00.000Z' }],
    ] as const) {
      const text = render(formatSarif, report, options);
      expect(sarifSchemaErrors(JSON.parse(text))).toEqual([]);
      logs.set(name, text);
    }
    expect(Object.fromEntries(multitoolErrors(logs))).toEqual({});
  });

  it('JUnit validates against docs/junit.xsd and an independent parser counts what the JSON report does', async () => {
    const xml = render(formatJunit, report);
    expect(await junitXsdErrors('contoso', xml)).toEqual([]);
    const file = join(dir, 'contoso.xml');
    writeFileSync(file, xml);
    const parsed = parseTestResults({ type: 'junit', files: [file] });
    const s = JSON.parse(render(formatJson, report)).summary;
    expect({ failed: parsed.failed, errors: parsed.errors, skipped: parsed.skipped, passed: parsed.passed }).toEqual({
      failed: s.fail,
      errors: s.error,
      skipped: s.unknown + s.notApplicable,
      passed: s.pass,
    });
  });

  describe('as the command line writes them: passes and not-applicables counted, not listed', () => {
    let counted: Report;
    beforeAll(async () => {
      const { evaluate } = await import('../../index.js');
      counted = await evaluate({ inputs: [SAMPLE], cwd: ROOT, includePassing: false });
    }, 60_000);

    it('JSON lists only fail, error and unknown, says so, and validates', () => {
      const json = JSON.parse(render(formatJson, counted));
      expect(reportSchemaErrors(json)).toEqual([]);
      expect(json.summary).toEqual(report.summary);
      expect(json.listed).toEqual(['fail', 'error', 'unknown']);
      // Every outcome of each rule is still counted, the same as when every outcome is listed.
      expect(json.byRule).toEqual(JSON.parse(render(formatJson, report)).byRule);
      const totals = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
      for (const counts of Object.values(json.byRule) as (typeof totals)[]) {
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
      }
      expect(totals).toEqual(json.summary);
      expect(Object.keys(json.byRule).length).toBe(counted.rules.length);
      expect(json.findings).toEqual(
        JSON.parse(render(formatJson, report)).findings.filter((f: { outcome: string }) =>
          ['fail', 'error', 'unknown'].includes(f.outcome),
        ),
      );
    });

    it('JUnit has one test case per rule for its unlisted passes and not-applicables, valid and counted', async () => {
      const xml = render(formatJunit, counted);
      expect(await junitXsdErrors('contoso-counted', xml)).toEqual([]);
      const file = join(dir, 'contoso-counted.xml');
      writeFileSync(file, xml);
      const parsed = parseTestResults({ type: 'junit', files: [file] });
      const unlisted = Object.values(counted.unlisted ?? {});
      const s = counted.summary;
      expect(unlisted.reduce((n, u) => n + u.pass, 0)).toBe(s.pass);
      expect(unlisted.reduce((n, u) => n + u.notApplicable, 0)).toBe(s.notApplicable);
      expect({ failed: parsed.failed, errors: parsed.errors, skipped: parsed.skipped, passed: parsed.passed }).toEqual({
        failed: s.fail,
        errors: s.error,
        skipped: s.unknown + unlisted.filter((u) => u.notApplicable > 0).length,
        passed: unlisted.filter((u) => u.pass > 0).length,
      });
    });
  });

  it('gives identical bytes for identical runs, in every format', async () => {
    const { evaluate } = await import('../../index.js');
    const again = await evaluate({ inputs: [SAMPLE], cwd: ROOT });
    for (const name of formatNames) {
      expect(render(reporters[name], again, { includePassing: true })).toBe(
        render(reporters[name], report, { includePassing: true }),
      );
    }
  });
});
