import { describe, expect, it } from 'vitest';
import { shareReportFiles } from '../../run/report-files.js';

const files = (...formats: string[]) => formats.map((format) => ({ format }));

describe('shareReportFiles', () => {
  it.for([
    { formats: ['json'], helper: [] },
    { formats: ['json', 'sarif', 'junit'], helper: ['sarif', 'junit'] },
    { formats: ['sarif', 'json'], helper: ['sarif'] },
    { formats: ['markdown', 'text'], helper: [] },
    { formats: ['json', 'html', 'sarif', 'junit', 'markdown', 'text'], helper: ['html', 'sarif', 'markdown'] },
  ])('$formats: the helper writes $helper', ({ formats, helper }) => {
    const shared = shareReportFiles(files(...formats), {});
    expect([...shared].map((i) => formats[i])).toEqual(helper);
  });

  it('weighs an unbounded JUnit report as the costliest', () => {
    const formats = ['json', 'junit', 'sarif'];
    const shared = shareReportFiles(files(...formats), { junitMaxListed: 0 });
    expect([...shared].map((i) => formats[i])).toEqual(['json', 'sarif']);
  });
});
