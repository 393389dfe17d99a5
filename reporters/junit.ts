// JUnit XML reporter for CI test views (GitLab, Azure Pipelines, Jenkins, GitHub test-report actions).
import { compareText } from '../engine/errors.js';
import {
  FINDINGS_INDEX,
  type Finding,
  type FindingsIndex,
  type LoadedRule,
  type PlainTargetFinding,
  type ReportView,
  type ShapedFinding,
  TARGET_PLAIN,
} from '../engine/types.js';
import { describeTarget, formatLocation, indexRules, normalizeLocation, toOneLine } from './common.js';
import type { ReporterOptions } from './reporter.js';
import { plainXmlMessage } from './shapes.js';
import { escapeXmlAttribute, escapeXmlText, xmlAttributes } from './xml.js';

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

const NO_COUNTS: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };

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
function groupSuites(report: ReportView): Suite[] {
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

/**
 * Outcomes evaluated but not listed (the CLI lists passes and not-applicables only with `--include-passing`)
 * are one test case each per rule: so a compliant rule still shows as a passing test, and the counts say how
 * many targets it covers.
 */
function unlistedCounts(report: ReportView, ruleId: string): Counts {
  const hidden = report.unlisted?.[ruleId];
  if (!hidden) return NO_COUNTS;
  const notApplicable = hidden.notApplicable > 0 ? 1 : 0;
  return { tests: (hidden.pass > 0 ? 1 : 0) + notApplicable, failures: 0, errors: 0, skipped: notApplicable };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The test cases of a rule's unlisted outcomes; they point at the rule's own file. */
function* unlistedTestcases(report: ReportView, ruleId: string, rule: LoadedRule | undefined): Generator<string> {
  const hidden = report.unlisted?.[ruleId];
  if (!hidden) return;
  const where = { classname: `aipcheck.${ruleId}`, time: NO_TIME, file: rule?.file ?? report.inputs[0] ?? '', line: 1 };
  if (hidden.pass > 0) {
    const name = `${plural(hidden.pass, 'target passes', 'targets pass')} (not listed one by one)`;
    yield `    <testcase${xmlAttributes({ name, ...where })}/>\n`;
  }
  if (hidden.notApplicable > 0) {
    const name = `${plural(hidden.notApplicable, 'target', 'targets')} not applicable (not listed one by one)`;
    const message = `notApplicable: the rule does not apply to ${plural(hidden.notApplicable, 'target', 'targets')}`;
    yield `    <testcase${xmlAttributes({ name, ...where })}>\n`;
    yield `      <skipped${xmlAttributes({ message })}/>\n`;
    yield '    </testcase>\n';
  }
}

function addCounts(a: Counts, b: Counts): Counts {
  return {
    tests: a.tests + b.tests,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
  };
}

/** The scan with the test cases of unlisted outcomes counted in. */
function withUnlisted(scan: Scan, report: ReportView): Scan {
  if (!report.unlisted) return scan;
  let totals = scan.totals;
  const byRule = new Map(scan.byRule);
  for (const ruleId of Object.keys(report.unlisted)) {
    const extra = unlistedCounts(report, ruleId);
    if (extra.tests === 0) continue;
    byRule.set(ruleId, addCounts(byRule.get(ruleId) ?? NO_COUNTS, extra));
    totals = addCounts(totals, extra);
  }
  return { ...scan, totals, byRule };
}

function* formatSuite(suite: Suite, report: ReportView, options: ReporterOptions): Generator<string> {
  yield* suiteHead(suite, addCounts(countOf(suite.findings), unlistedCounts(report, suite.ruleId)), report, options);
  // Test case names must be unique within a suite; one rule meets one target once, but guard anyway.
  const seen = new Map<string, number>();
  for (const f of suite.findings) {
    const base = describeTarget(f.target);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    yield* formatTestcase(f, n === 1 ? base : `${base} #${n}`, suite.rule);
  }
  yield* unlistedTestcases(report, suite.ruleId, suite.rule);
  yield '  </testsuite>\n';
}

const KIND_RANK: Readonly<Record<string, number>> = { organization: 0, device: 1, server: 2, input: 3 };

/** What one pass over the findings tells: counts, and whether they can be written as they come. */
interface Scan {
  totals: Counts;
  byRule: Map<string, Counts>;
  /** Findings come grouped by rule, in the order of the suites (sorted by rule id), as the engine sorts them. */
  grouped: boolean;
  /**
   * Suites whose test case names are known to be distinct without keeping them all: targets in strictly
   * increasing (kind, id) order, no id containing " (" (only then can two targets' descriptions coincide).
   */
  distinct: Set<string>;
}

function scanFindings(report: ReportView): Scan {
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const byRule = new Map<string, Counts>();
  const distinct = new Set<string>();
  let grouped = true;
  let counts: Counts | undefined;
  let ruleId: string | undefined;
  let kind = -1;
  let id = '';
  for (const f of report.findings) {
    if (f.ruleId !== ruleId) {
      if (ruleId !== undefined && compareText(ruleId, f.ruleId) >= 0) grouped = false;
      ruleId = f.ruleId;
      counts = byRule.get(ruleId);
      if (!counts) {
        counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
        byRule.set(ruleId, counts);
        distinct.add(ruleId);
      }
      kind = -1;
      id = '';
    }
    const c = counts as Counts;
    c.tests++;
    totals.tests++;
    if (f.outcome === 'fail') {
      c.failures++;
      totals.failures++;
    } else if (f.outcome === 'error') {
      c.errors++;
      totals.errors++;
    } else if (f.outcome === 'unknown' || f.outcome === 'notApplicable') {
      c.skipped++;
      totals.skipped++;
    }
    const rank = KIND_RANK[f.target.kind] ?? -1;
    const later = rank > kind || (rank === kind && compareText(f.target.id, id) > 0);
    if (rank < 0 || !later || f.target.id.includes(' (')) distinct.delete(ruleId);
    kind = rank;
    id = f.target.id;
  }
  return { totals, byRule, grouped, distinct };
}

/** Per-run caches of the escaped text that repeats across test cases. */
interface TestcaseContext {
  files: Map<string, string>;
  /** Escaped `file:` prefixes of the Location line, by file. */
  fileTexts: Map<string, string>;
  classname: string;
  /** The escaped remediation line of failures (with its line break), or '' when the rule is unknown. */
  remediation: string;
  /** Escaped `Rule: ...` lines by version, pack and level. */
  ruleLines: Map<string, string>;
}

function ruleLine(f: Finding, context: TestcaseContext): string {
  const key = `${f.ruleVersion}\u0000${f.pack}\u0000${f.level}`;
  let line = context.ruleLines.get(key);
  if (line === undefined) {
    line = escapeXmlText(`Rule: ${f.ruleId} ${f.ruleVersion} (pack ${f.pack}), level ${f.level}`);
    context.ruleLines.set(key, line);
  }
  return line;
}

/**
 * One test case, as `formatTestcase` writes it, as one string; undefined when its fields are not plain text.
 * The failure text is escaped piece by piece: its pieces meet at line breaks and ASCII labels, so escaping
 * them apart gives what escaping the joined text gives.
 */
function writeTestcase(
  f: ShapedFinding & PlainTargetFinding,
  name: string,
  context: TestcaseContext,
): string | undefined {
  const { location, target } = f;
  const { file } = location;
  if (typeof file !== 'string' || typeof f.message !== 'string') return undefined;
  let escapedFile = context.files.get(file);
  if (escapedFile === undefined) {
    escapedFile = escapeXmlAttribute(file);
    context.files.set(file, escapedFile);
  }
  const line = Number.isInteger(location.line) && location.line > 0 ? location.line : normalizeLocation(location).line;
  const plainTarget = f[TARGET_PLAIN] === true;
  const attributes = ` name="${plainTarget ? name : escapeXmlAttribute(name)}" classname="${context.classname}" time="${NO_TIME}" file="${escapedFile}" line="${line}"`;
  const outcome = f.outcome;
  if (outcome === 'pass') return `    <testcase${attributes}/>\n`;
  const plain = plainXmlMessage(f, target.id, target.name, target.kind, plainTarget);
  if (outcome === 'unknown' || outcome === 'notApplicable') {
    const skipped = plain ? `${outcome}: ${plain}` : escapeXmlAttribute(`${outcome}: ${toOneLine(f.message)}`);
    return `    <testcase${attributes}>\n      <skipped message="${skipped}"/>\n    </testcase>\n`;
  }
  if (outcome !== 'fail' && outcome !== 'error') return undefined;
  const message = plain ?? escapeXmlAttribute(toOneLine(f.message));
  // A plain target's id and name need no escaping (see TARGET_PLAIN); a file's text is escaped once.
  const described = plainTarget ? describeTarget(target) : escapeXmlText(describeTarget(target));
  let fileText = context.fileTexts.get(file);
  if (fileText === undefined) {
    fileText = escapeXmlText(`${file}:`);
    context.fileTexts.set(file, fileText);
  }
  const where = `${fileText}${line}:${Number.isInteger(location.column) && location.column > 0 ? location.column : 1}`;
  let text = `${plain ?? escapeXmlText(f.message)}\n\nTarget: ${described}`;
  text += `\nLocation: ${where}\n${ruleLine(f, context)}${context.remediation}`;
  const element = outcome === 'fail' ? 'failure' : 'error';
  const type = outcome === 'fail' ? escapeXmlAttribute(f.level) : 'evaluation-error';
  return `    <testcase${attributes}>\n      <${element} message="${message}" type="${type}">${text}</${element}>\n    </testcase>\n`;
}

/** A suite's opening tag and properties. */
function* suiteHead(suite: Omit<Suite, 'findings'>, counts: Counts, report: ReportView, options: ReporterOptions) {
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
}

/**
 * Writes the suites while reading the findings once more, for findings grouped by rule in suite order (the
 * engine's order): the same bytes as `formatSuite` over grouped arrays, without holding any suite.
 */
function* streamSuites(report: ReportView, scan: Scan, options: ReporterOptions): Generator<string> {
  const { sorted, byId } = indexRules(report);
  const ids = [...new Set([...sorted.map((r) => r.definition.id), ...scan.byRule.keys()])].sort(compareText);
  const files = new Map<string, string>();
  const fileTexts = new Map<string, string>();
  let next = 0;
  let open: { ruleId: string; rule: LoadedRule | undefined; context: TestcaseContext } | undefined;
  let seen: Map<string, number> | undefined;
  const emptySuitesBefore = function* (ruleId: string | undefined) {
    while (next < ids.length && (ruleId === undefined || compareText(ids[next] as string, ruleId) < 0)) {
      const id = ids[next++] as string;
      yield* suiteHead({ ruleId: id, rule: byId.get(id) }, scan.byRule.get(id) ?? NO_COUNTS, report, options);
      yield* unlistedTestcases(report, id, byId.get(id));
      yield '  </testsuite>\n';
    }
  };
  for (const f of report.findings) {
    const ruleId = f.ruleId;
    if (ruleId !== open?.ruleId) {
      if (open) {
        yield* unlistedTestcases(report, open.ruleId, open.rule);
        yield '  </testsuite>\n';
      }
      yield* emptySuitesBefore(ruleId);
      next++;
      const rule = byId.get(f.ruleId);
      const remediation = rule ? escapeXmlText(`\nRemediation: ${rule.definition.remediation}`) : '';
      const classname = escapeXmlAttribute(`aipcheck.${f.ruleId}`);
      open = { ruleId: f.ruleId, rule, context: { files, fileTexts, classname, remediation, ruleLines: new Map() } };
      seen = scan.distinct.has(f.ruleId) ? undefined : new Map();
      yield* suiteHead(open, scan.byRule.get(f.ruleId) ?? NO_COUNTS, report, options);
    }
    const base = describeTarget(f.target);
    let name = base;
    if (seen) {
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      if (n > 1) name = `${base} #${n}`;
    }
    const text = writeTestcase(f, name, open.context);
    if (text !== undefined) yield text;
    else yield* formatTestcase(f, name, open.rule);
  }
  if (open) {
    yield* unlistedTestcases(report, open.ruleId, open.rule);
    yield '  </testsuite>\n';
  }
  yield* emptySuitesBefore(undefined);
}

/** The scan, from the index the engine's findings carry: no pass over them. */
function scanOfIndex(index: FindingsIndex): Scan {
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const byRule = new Map<string, Counts>();
  for (const [ruleId, s] of index.byRule) {
    const counts = {
      tests: s.pass + s.fail + s.notApplicable + s.unknown + s.error,
      failures: s.fail,
      errors: s.error,
      skipped: s.unknown + s.notApplicable,
    };
    if (counts.tests === 0) continue;
    byRule.set(ruleId, counts);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
  }
  return { totals, byRule, grouped: true, distinct: new Set(index.distinctTargets) };
}

/**
 * Renders JUnit XML: one `<testsuite>` per rule, one `<testcase>` per (rule, target). `fail` is a
 * `<failure>`, `error` an `<error>`, `unknown` and `notApplicable` are `<skipped>`, `pass` an empty test
 * case. Valid against docs/junit.xsd; no timestamp unless `options.timestamp` is given. Findings grouped by
 * rule (as the engine sorts them) are read twice, counted then written, and never held.
 */
export function* formatJunit(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const index = (report.findings as { [FINDINGS_INDEX]?: FindingsIndex })[FINDINGS_INDEX];
  const scan = withUnlisted(index ? scanOfIndex(index) : scanFindings(report), report);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${xmlAttributes({ name: report.tool.name, ...scan.totals, time: NO_TIME, timestamp: options.timestamp })}>\n`;
  if (scan.grouped) yield* streamSuites(report, scan, options);
  else for (const suite of groupSuites(report)) yield* formatSuite(suite, report, options);
  yield '</testsuites>\n';
}
