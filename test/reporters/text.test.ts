// Text reporter: golden files with and without color, grouping, counts, and no terminal control from data.
import { describe, expect, it } from 'vitest';
import { formatCounts, formatText } from '../../reporters/text.js';
import { expectGolden, render } from './helpers.js';
import { buildReport } from './report-fixture.js';

const report = buildReport();

describe('formatText', () => {
  it('matches the golden files', () => {
    expectGolden('report.txt', render(formatText, report));
    expectGolden('report-color.txt', render(formatText, report, { color: true }));
  });

  it('groups findings to act on by rule, with file:line:col, message and remediation', () => {
    const text = render(formatText, report);
    expect(text).toContain(
      'AIP-OS-WINDOWS  Windows computers run Windows 10 or Windows 11  [error]\n' +
        '  inventories/site #2/Zürich devices 50%.yaml:12:5  fail  device WS-0001 (Finance <laptop> & "Q\'s" ]]>)\n' +
        '    Finance laptop runs Windows 8.1 (build 9600), which Azure Rights Management does not support. Upgrade it.\n',
    );
    expect(text).toContain(
      '  Remediation: Upgrade the computer to a supported Windows 10 or Windows 11 release, or retire it.\n',
    );
    expect(text).not.toContain('WS-0003');
    expect(text).not.toContain('WS-0004');
    expect(text.endsWith('8 checks: 3 fail · 1 error · 2 unknown · 1 pass · 1 not applicable\n')).toBe(true);
  });

  it('uses ANSI colors only when asked, and never passes control characters through from data', () => {
    const plain = render(formatText, report);
    const colored = render(formatText, report, { color: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for raw control characters.
    expect(plain).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the only escapes are our own SGR codes.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    expect(plain).toContain('Bad\\u0001name\\u0007 with \\u001b[31mANSI\\u001b[0m');
  });

  it('never prints a line a CI log would read as test results', () => {
    const counts = formatCounts({ pass: 5, fail: 3, notApplicable: 0, unknown: 0, error: 0 });
    expect(counts).not.toMatch(/\d+ passed, \d+ failed/);
  });

  it('says so when there is nothing to act on', () => {
    const clean = buildReport({ findings: report.findings.filter((f) => f.outcome === 'pass'), notices: [] });
    expect(render(formatText, clean)).toBe(
      'aipcheck 0.1.0 · snapshot contoso/2024-06-01 · packs aip 1.2.0, contoso-extra 0.3.1\n\nNo findings to act on.\n1 checks: 0 fail · 0 error · 0 unknown · 1 pass · 0 not applicable\n',
    );
  });
});
