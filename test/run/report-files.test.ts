import { describe, expect, it } from 'vitest';
import { SPLIT_JSON_MIN, shareReportFiles } from '../../run/report-files.js';

const files = (...formats: string[]) => formats.map((format) => ({ format }));

describe('shareReportFiles', () => {
  it.for([
    { formats: ['json'], helper: [] },
    { formats: ['json', 'sarif', 'junit'], helper: ['sarif', 'junit'] },
    { formats: ['sarif', 'json'], helper: ['sarif'] },
    { formats: ['markdown', 'text'], helper: [] },
    {
      formats: ['json', 'html', 'sarif', 'junit', 'markdown', 'text'],
      helper: ['sarif', 'html', 'junit', 'text', 'markdown'],
    },
  ])('$formats: the helper writes $helper', ({ formats, helper }) => {
    const shared = shareReportFiles(files(...formats), {});
    expect([...shared.helper].map((i) => formats[i])).toEqual(helper);
    expect(shared.split).toBeUndefined();
  });

  it('weighs an unbounded JUnit report as costlier than SARIF', () => {
    const formats = ['json', 'junit', 'sarif'];
    const shared = shareReportFiles(files(...formats), { junitMaxListed: 0 });
    expect([...shared.helper].map((i) => formats[i])).toEqual(['sarif', 'junit']);
  });

  describe('a large JSON report is cut so that both threads finish together', () => {
    const count = 1_000_000;
    it('alone: about half each (the helper first rebuilds the report)', () => {
      const { helper, split } = shareReportFiles(files('json'), {}, { count, evidence: true });
      expect(helper.size).toBe(0);
      expect(split?.file).toBe(0);
      expect(split?.at).toBeGreaterThan(count / 2);
      expect(split?.at).toBeLessThan(count * 0.6);
    });

    it('beside SARIF and JUnit on the helper: this thread keeps most of it', () => {
      const { helper, split } = shareReportFiles(files('sarif', 'json', 'junit'), {}, { count, evidence: true });
      expect([...helper].sort()).toEqual([0, 2]);
      expect(split?.file).toBe(1);
      expect(split?.at).toBeGreaterThan(count * 0.6);
      expect(split?.at).toBeLessThan(count * 0.8);
    });

    it('without evidence the JSON report is lighter, so the helper takes a smaller piece of it', () => {
      const withEvidence = shareReportFiles(files('json', 'sarif', 'junit'), {}, { count, evidence: true });
      const without = shareReportFiles(files('json', 'sarif', 'junit'), {}, { count, evidence: false });
      expect(without.split?.at).toBeGreaterThan(withEvidence.split?.at ?? count);
      expect(without.split?.at).toBeLessThan(count);
    });

    it('is not cut below SPLIT_JSON_MIN findings, nor when there is no JSON report', () => {
      expect(shareReportFiles(files('json'), {}, { count: SPLIT_JSON_MIN - 1, evidence: true }).split).toBeUndefined();
      expect(shareReportFiles(files('sarif', 'junit'), {}, { count, evidence: true }).split).toBeUndefined();
    });
  });
});
