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
    expect(shared.together).toBeUndefined();
  });

  it('weighs an unbounded JUnit report as costlier than SARIF', () => {
    const formats = ['json', 'junit', 'sarif'];
    const shared = shareReportFiles(files(...formats), { junitMaxListed: 0 });
    expect([...shared.helper].map((i) => formats[i])).toEqual(['sarif', 'junit']);
  });

  describe('a large JSON report is written by both threads', () => {
    const count = 1_000_000;
    it('alone: the helper takes pieces of it', () => {
      expect(shareReportFiles(files('json'), {}, { count, evidence: true })).toEqual({
        helper: new Set(),
        together: 0,
      });
    });

    it('beside other reports: the helper writes all of those, and takes fewer pieces of the JSON report', () => {
      const { helper, together } = shareReportFiles(
        files('sarif', 'json', 'junit', 'markdown'),
        {},
        {
          count,
          evidence: false,
        },
      );
      expect([...helper].sort()).toEqual([0, 2, 3]);
      expect(together).toBe(1);
    });

    it('is not shared below SPLIT_JSON_MIN findings, nor when there is no JSON report', () => {
      const small = shareReportFiles(files('json', 'sarif'), {}, { count: SPLIT_JSON_MIN - 1, evidence: true });
      expect(small).toEqual({ helper: new Set([1]) });
      expect(shareReportFiles(files('sarif', 'junit'), {}, { count, evidence: true }).together).toBeUndefined();
    });
  });
});
