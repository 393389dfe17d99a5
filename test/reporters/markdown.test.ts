// Markdown reporter: golden file, table structure that data cannot break, row cap, escaping helpers.
import { describe, expect, it } from 'vitest';
import { formatMarkdown, MAX_MARKDOWN_ROWS } from '../../reporters/markdown.js';
import { codeSpan, escapeMarkdownBlock, escapeMarkdownInline } from '../../reporters/markdown-text.js';
import { expectGolden, render } from './helpers.js';
import { buildLargeReport, buildReport } from './report-fixture.js';

const report = buildReport();

/** Splits a GFM table row into cells the way GFM does: on `|` not preceded by a backslash. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

describe('formatMarkdown', () => {
  it('matches the golden file', () => {
    expectGolden('report.md', render(formatMarkdown, report));
  });

  it('has a counts table and one six-cell row per finding to act on, failures first', () => {
    const md = render(formatMarkdown, report);
    expect(md).toContain(
      '| Fail | 3 |\n| Error | 1 |\n| Unknown | 2 |\n| Pass | 1 |\n| Not applicable | 1 |\n| **Total** | **8** |\n',
    );
    const rows = md.split('\n').filter((line) => /^\| (fail|error|unknown) \|/.test(line));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([
      '| fail',
      '| fail',
      '| fail',
      '| error',
      '| unknown',
      '| unknown',
    ]);
    for (const row of rows) expect(cells(row)).toHaveLength(6);
    expect(md).not.toContain('WS-0003');
  });

  it(`lists at most ${MAX_MARKDOWN_ROWS} findings and says how many more there are`, () => {
    const md = render(formatMarkdown, buildLargeReport(MAX_MARKDOWN_ROWS + 7));
    expect(md.split('\n').filter((line) => line.startsWith('| fail |'))).toHaveLength(MAX_MARKDOWN_ROWS);
    expect(md).toContain('\n7 more not shown; the JSON, SARIF and JUnit reports list them all.\n');
  });

  it('escapes text so it cannot become markup, HTML or extra cells', () => {
    expect(escapeMarkdownInline('a|b *c* _d_ `e` [f](g) <h> & ~i~ \\')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\& \\~i\\~ \\\\',
    );
    expect(escapeMarkdownBlock('# h\n- item\n1. one\n> quote\nplain')).toBe(
      '\\# h\n\\- item\n1\\. one\n\\> quote\nplain',
    );
    expect(codeSpan('a`b|c')).toBe('``a`b\\|c``');
    expect(codeSpan('`x')).toBe('`` `x ``');
  });

  it('says so when there is nothing to act on', () => {
    const clean = buildReport({ findings: report.findings.filter((f) => f.outcome === 'pass'), notices: [] });
    expect(render(formatMarkdown, clean)).toContain('No findings to act on.\n');
  });
});
