// JUnit XML reporter for CI test views (GitLab, Azure Pipelines, Jenkins, GitHub test-report actions).
import { compareText } from '../engine/errors.js';
import type { Finding, LoadedRule, Report } from '../engine/types.js';
import { describeTarget, formatLocation, indexRules, normalizeLocation, toOneLine } from './common.js';
import type { ReporterOptions } from './reporter.js';
import { escapeXmlText, xmlAttributes } from './xml.js';

/** The engine measures no per-check time; every time attribute is this plain decimal. */
const NO_TIME = (0).toFixed(3);

interface Suite {
  ruleId: string;
  rule: LoadedRule | undefined;
  findings: Finding[];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countOf(findings: readonly Finding[]): Counts {
  const counts = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
  for (const f of findings) {
    if (f.outcome === 'fail') counts.failures++;
    else if (f.outcome === 'error') counts.errors++;
    else if (f.outcome === 'unknown' || f.outcome === 'notApplicable') counts.skipped++;
  }
  return counts;
}

/** One suite per rule (rules without findings too), sorted by rule id; findings keep the engine's order. */
function groupSuites(report: Report): Suite[] {
  const { sorted, byId } = indexRules(report);
  const suites = new Map<string, Suite>(
    sorted.map((rule) => [rule.definition.id, { ruleId: rule.definition.id, rule, findings: [] }]),
  );
  for (const f of report.findings) {
    let suite = suites.get(f.ruleId);
    if (!suite) {
      suite = { ruleId: f.ruleId, rule: byId.get(f.ruleId), findings: [] };
      suites.set(f.ruleId, suite);
    }
    suite.findings.push(f);
  }
  return [...suites.values()].sort((a, b) => compareText(a.ruleId, b.ruleId));
}

/** The element text of a failure or error: the whole message, then where, what and how to fix. */
function details(f: Finding, rule: LoadedRule | undefined): string {
  const lines = [f.message, '', `Target: ${describeTarget(f.target)}`, `Location: ${formatLocation(f.location)}`];
  lines.push(`Rule: ${f.ruleId} ${f.ruleVersion} (pack ${f.pack}), level ${f.level}`);
  if (rule) lines.push(`Remediation: ${rule.definition.remediation}`);
  return escapeXmlText(lines.join('\n'));
}

function* formatTestcase(f: Finding, name: string, rule: LoadedRule | undefined): Generator<string> {
  const attributes = xmlAttributes({
    name,
    classname: `aipcheck.${f.ruleId}`,
    time: NO_TIME,
    file: f.location.file,
    line: normalizeLocation(f.location).line,
  });
  const message = toOneLine(f.message);
  if (f.outcome === 'fail') {
    yield `    <testcase${attributes}>\n`;
    yield `      <failure${xmlAttributes({ message, type: f.level })}>${details(f, rule)}</failure>\n`;
    yield '    </testcase>\n';
  } else if (f.outcome === 'error') {
    yield `    <testcase${attributes}>\n`;
    yield `      <error${xmlAttributes({ message, type: 'evaluation-error' })}>${details(f, rule)}</error>\n`;
    yield '    </testcase>\n';
  } else if (f.outcome === 'unknown' || f.outcome === 'notApplicable') {
    yield `    <testcase${attributes}>\n`;
    yield `      <skipped${xmlAttributes({ message: `${f.outcome}: ${message}` })}/>\n`;
    yield '    </testcase>\n';
  } else {
    yield `    <testcase${attributes}/>\n`;
  }
}

function* formatSuite(suite: Suite, report: Report, options: ReporterOptions): Generator<string> {
  const counts = countOf(suite.findings);
  const title = suite.rule ? `${suite.ruleId}: ${suite.rule.definition.title}` : suite.ruleId;
  yield `  <testsuite${xmlAttributes({ name: title, ...counts, time: NO_TIME, timestamp: options.timestamp })}>\n`;
  const properties: [string, string][] = [['rule.id', suite.ruleId]];
  if (suite.rule) {
    const { definition, pack } = suite.rule;
    properties.push(['rule.version', definition.version], ['rule.severity', definition.severity]);
    properties.push(['pack.name', pack.name], ['pack.version', pack.version]);
  }
  properties.push(['aipcheck.version', report.tool.version], ['snapshot.id', report.snapshotId]);
  yield '    <properties>\n';
  for (const [name, value] of properties) yield `      <property${xmlAttributes({ name, value })}/>\n`;
  yield '    </properties>\n';
  // Test case names must be unique within a suite; one rule meets one target once, but guard anyway.
  const seen = new Map<string, number>();
  for (const f of suite.findings) {
    const base = describeTarget(f.target);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    yield* formatTestcase(f, n === 1 ? base : `${base} #${n}`, suite.rule);
  }
  yield '  </testsuite>\n';
}

/**
 * Renders JUnit XML: one `<testsuite>` per rule, one `<testcase>` per (rule, target). `fail` is a
 * `<failure>`, `error` an `<error>`, `unknown` and `notApplicable` are `<skipped>`, `pass` an empty test
 * case. Valid against docs/junit.xsd; no timestamp unless `options.timestamp` is given.
 */
export function* formatJunit(report: Report, options: ReporterOptions = {}): Generator<string> {
  const totals = countOf(report.findings);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${xmlAttributes({ name: report.tool.name, ...totals, time: NO_TIME, timestamp: options.timestamp })}>\n`;
  for (const suite of groupSuites(report)) yield* formatSuite(suite, report, options);
  yield '</testsuites>\n';
}
