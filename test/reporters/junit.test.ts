// JUnit reporter: golden files, our XSD (xmllint-wasm, and Debian's xmllint when present), an independent reader.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseTestResults } from 'test-results-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, Outcome, Report } from '../../engine/types.js';
import { formatJson } from '../../reporters/json.js';
import { formatJunit, JUNIT_MAX_LISTED } from '../../reporters/junit.js';
import { escapeXmlAttribute, escapeXmlText } from '../../reporters/xml.js';
import { expectGolden, render } from './helpers.js';
import { buildLargeReport, buildReport, finding, summarize, windowsRule } from './report-fixture.js';
import { JUNIT_XSD_PATH, junitXsdErrors } from './validators.js';

const report = buildReport();
const dir = mkdtempSync(join(tmpdir(), 'aipcheck-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samples: [string, Report, { timestamp?: string }][] = [
  ['fixture', report, {}],
  ['timestamped', report, { timestamp: '2024-06-01T12:00:00.000Z' }],
  ['empty', buildReport({ findings: [], rules: [], packs: [], notices: [] }), {}],
  ['large', buildLargeReport(2_000), {}],
];

/** Validates with the system's xmllint; fails saying how to install it when there is none. */
function systemXmllint(args: string[]): void {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('xmllint is not installed: apt-get install libxml2-utils (Debian) or brew install libxml2');
  }
  execFileSync('xmllint', args, { stdio: 'pipe' });
}

describe('formatJunit', () => {
  it('matches the golden files', () => {
    expectGolden('report.junit.xml', render(formatJunit, report));
    expectGolden(
      'report-timestamped.junit.xml',
      render(formatJunit, report, { timestamp: '2024-06-01T12:00:00.000Z' }),
    );
  });

  it('gives the same bytes for the same report', () => {
    expect(render(formatJunit, buildReport())).toBe(render(formatJunit, buildReport()));
  });

  it.each(samples)('validates against docs/junit.xsd with xmllint-wasm: %s', async (name, sample, options) => {
    expect(await junitXsdErrors(name, render(formatJunit, sample, options))).toEqual([]);
  });

  it('has a schema that rejects what we do not emit', async () => {
    const wrong = render(formatJunit, report)
      .replace('<failure ', '<failure bogus="1" ')
      .replace('time="0.000"', 'time="0"');
    expect((await junitXsdErrors('wrong', wrong)).length).toBeGreaterThanOrEqual(2);
  });

  it('validates against docs/junit.xsd with Debian xmllint', () => {
    for (const [name, sample, options] of samples) {
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, render(formatJunit, sample, options));
      systemXmllint(['--noout', '--schema', JUNIT_XSD_PATH.pathname, file]);
    }
  });

  it('is read by an independent JUnit parser with the counts of the JSON report', () => {
    const file = join(dir, 'report.xml');
    writeFileSync(file, render(formatJunit, report));
    const parsed = parseTestResults({ type: 'junit', files: [file] });
    const s = JSON.parse(render(formatJson, report)).summary;
    expect({ failed: parsed.failed, errors: parsed.errors, skipped: parsed.skipped, passed: parsed.passed }).toEqual({
      failed: s.fail,
      errors: s.error,
      skipped: s.unknown + s.notApplicable,
      passed: s.pass,
    });
    const cases = parsed.suites.flatMap((suite) => suite.cases);
    const status = (st: string) => cases.filter((c) => c.status === st).length;
    expect(cases).toHaveLength(report.findings.length);
    expect([status('FAIL'), status('SKIP'), status('PASS')]).toEqual([
      s.fail + s.error,
      s.unknown + s.notApplicable,
      s.pass,
    ]);
    expect(parsed.suites.map((suite) => suite.name)).toEqual([
      'AIP-NET-LABELS-URL: The firewall allows *.protection.outlook.com over HTTPS',
      'AIP-NET-TLS-INSPECTION: TLS connections to aadrm.com are not inspected',
      'AIP-OS-WINDOWS: Windows computers run Windows 10 or Windows 11',
      'CONTOSO-ECS: ECS is reachable: <config.edge.skype.com> & "friends"',
    ]);
    // Awkward names survive the round trip; controls are gone; line breaks became spaces.
    const names = cases.map((c) => c.name);
    expect(names).toContain('device WS-0001 (Finance <laptop> & "Q\'s" ]]>)');
    expect(names).toContain('device WS-0002 (Badname with [31mANSI[0m)');
    expect(names).toContain('device WS-0005 (Line break name tab)');
    expect(cases.find((c) => c.name.startsWith('device WS-0001'))?.metadata).toMatchObject({
      'rule.version': '1.1.0',
      'pack.name': 'aip',
    });
  });

  it('writes every start tag on one line, with file, line, classname and time on each test case', () => {
    const xml = render(formatJunit, report);
    expect(xml).not.toMatch(/<[^>]*\n[^>]*>/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none are left.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).toContain(
      '<testcase name="device WS-0001 (Finance &lt;laptop&gt; &amp; &quot;Q&apos;s&quot; ]]&gt;)" classname="aipcheck.AIP-OS-WINDOWS" time="0.000" file="inventories/site #2/Zürich devices 50%.yaml" line="12">',
    );
    expect(xml).toContain('<skipped message="notApplicable: WS-0004 is not a Windows computer | skipped."/>');
    expect(xml).toContain(
      'line="1">\n      <skipped message="unknown: Cannot tell which Windows version Line break name runs: device.os.version is missing."/>',
    );
    expect(xml).toMatch(
      /<error message="Cannot compare version &quot;ten&quot; with &quot;10.0&quot;: not a dotted version." type="evaluation-error">/,
    );
  });

  it('escapes text and attributes', () => {
    expect(escapeXmlText('a ]]> b & <c>\r\n\u0001\uD800')).toBe('a ]]&gt; b &amp; &lt;c&gt;&#13;\n\uFFFD');
    expect(escapeXmlAttribute(' x\n\t"y\'\r\n z ')).toBe('x &quot;y&apos; z');
  });
});

/** One rule's findings: `n` of each outcome given, on devices numbered in order (the engine's order). */
function mixedReport(counts: Partial<Record<Outcome, number>>): Report {
  const many: Finding[] = [];
  let i = 0;
  for (const [outcome, n] of Object.entries(counts) as [Outcome, number][]) {
    for (let k = 0; k < n; k++, i++) {
      const id = `DEV-${String(i).padStart(4, '0')}`;
      const message = `${id} is ${outcome}.`;
      const target = { kind: 'device' as const, id, name: `PC-${i}` };
      many.push(finding({ rule: windowsRule, outcome, target, message, line: i + 1 }));
    }
  }
  many.sort((a, b) => (a.target.id < b.target.id ? -1 : 1));
  return buildReport({ findings: many, rules: [windowsRule], notices: [], summary: summarize(many) });
}

function parsedCases(name: string, xml: string) {
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  return parseTestResults({ type: 'junit', files: [file] });
}

describe('formatJunit: at most junitMaxListed targets of one outcome per suite', () => {
  it('lists 500 by default and counts the rest of that outcome in one failing test case', async () => {
    const large = buildLargeReport(2_000);
    const xml = render(formatJunit, large);
    expect(JUNIT_MAX_LISTED).toBe(500);
    const parsed = parsedCases('capped', xml);
    // 2,000 failures over 3 rules: 667, 667 and 666 per rule; 500 listed and one more test case each.
    for (const suite of parsed.suites) {
      expect(suite.cases).toHaveLength(501);
      expect(suite.failed).toBe(501);
      const rest = suite.cases.at(-1);
      expect(rest?.name).toMatch(/^16[67] more targets fail \(not listed one by one\)$/);
      expect(rest?.status).toBe('FAIL');
    }
    expect(parsed.failed).toBe(1_503);
    expect(xml).toMatch(/tests="1503" failures="1503"/);
    // Test cases that stand for several targets point at the first inventory, never at a rule file in the package.
    const aggregates = xml.match(/<testcase name="\d+ more targets fail[^>]*>/g) ?? [];
    expect(aggregates).toHaveLength(3);
    for (const testcase of aggregates) expect(testcase).toContain(` file="${large.inputs[0]}" line="1"`);
    expect(large.rules.every((rule) => !xml.includes(`file="${rule.file}"`))).toBe(true);
    expect(xml.match(/<failure message="16[67] more targets fail than the 500 listed in this suite; [^"]*"/g)).toEqual([
      '<failure message="167 more targets fail than the 500 listed in this suite; the JSON report lists every one"',
      '<failure message="166 more targets fail than the 500 listed in this suite; the JSON report lists every one"',
      '<failure message="167 more targets fail than the 500 listed in this suite; the JSON report lists every one"',
    ]);
    expect(await junitXsdErrors('capped', xml)).toEqual([]);
  });

  it('lists the first ones in report order, each outcome apart, so failures are not drowned by unknowns', async () => {
    const sample = mixedReport({ fail: 15, unknown: 30, pass: 3, notApplicable: 11 });
    const xml = render(formatJunit, sample, { junitMaxListed: 10 });
    const parsed = parsedCases('mixed', xml);
    const [suite] = parsed.suites;
    const byStatus = (status: string) => (suite?.cases ?? []).filter((c) => c.status === status);
    expect(byStatus('FAIL')).toHaveLength(11);
    expect(byStatus('SKIP')).toHaveLength(22);
    expect(byStatus('PASS')).toHaveLength(3);
    const listed = (outcome: Outcome) => sample.findings.filter((f) => f.outcome === outcome).slice(0, 10);
    const names = (suite?.cases ?? []).map((c) => c.name);
    for (const outcome of ['fail', 'unknown', 'notApplicable'] as const) {
      for (const f of listed(outcome)) expect(names).toContain(`device ${f.target.id} (${f.target.name})`);
    }
    const eleventhFailure = sample.findings.filter((f) => f.outcome === 'fail')[10] as Finding;
    expect(names).not.toContain(`device ${eleventhFailure.target.id} (${eleventhFailure.target.name})`);
    expect(names.slice(-3)).toEqual([
      '5 more targets fail (not listed one by one)',
      '20 more targets could not be decided (not listed one by one)',
      '1 more target not applicable (not listed one by one)',
    ]);
    expect(xml).toContain('tests="36" failures="11" errors="0" skipped="22"');
    expect(xml).toContain(
      '<skipped message="unknown: 20 more targets could not be decided than the 10 listed in this suite; the JSON report lists every one"/>',
    );
    expect(await junitXsdErrors('mixed', xml)).toEqual([]);
  });

  it('writes the same test cases when findings are not grouped by rule (the path that groups them first)', () => {
    const sample = mixedReport({ fail: 12, error: 4, unknown: 7 });
    const shuffled = { ...sample, findings: [...sample.findings].reverse() };
    const counts = (xml: string) => {
      const parsed = parsedCases('order', xml);
      return [
        parsed.suites[0]?.cases.length,
        parsed.failed,
        parsed.errors,
        parsed.skipped,
        parsed.suites[0]?.cases.at(-1)?.name,
      ];
    };
    const grouped = counts(render(formatJunit, sample, { junitMaxListed: 3 }));
    expect(grouped).toEqual([
      3 + 1 + 3 + 1 + 3 + 1,
      4,
      4,
      4,
      '4 more targets could not be decided (not listed one by one)',
    ]);
    expect(counts(render(formatJunit, shuffled, { junitMaxListed: 3 }))).toEqual(grouped);
  });

  it('lists every one with junitMaxListed 0, and nothing changes below the limit', () => {
    const large = buildLargeReport(2_000);
    const all = parsedCases('all', render(formatJunit, large, { junitMaxListed: 0 }));
    expect(all.total).toBe(2_000);
    expect(render(formatJunit, report, { junitMaxListed: 1_000 })).toBe(render(formatJunit, report));
  });
});
