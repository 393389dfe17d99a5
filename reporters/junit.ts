// JUnit XML reporter for CI test views (GitLab, Azure Pipelines, Jenkins, GitHub test-report actions).
import { compareText } from '../engine/errors.js';
import {
  type EngineOutcome,
  emptySummary,
  type Finding,
  type FindingsIndex,
  findingsIndexOf,
  hasPlainTarget,
  type LoadedRule,
  type Outcome,
  type ReportView,
  ruleSkipperOf,
  type Summary,
  type WaiverRef,
} from '../engine/types.js';
import {
  clipMessage,
  describeTarget,
  formatLocation,
  indexRules,
  MAX_MESSAGE_LENGTH,
  normalizeLocation,
  toOneLine,
} from './common.js';
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

/**
 * By default a rule's suite lists at most this many targets of one outcome one by one; the others are counted
 * in one test case. GitLab reads JUnit files of at most 30 MB (500,000 test cases on GitLab.com, and rejects
 * XML of more than 250,000 nodes): a fleet of a million devices has 436,000 findings to act on, 350 MB listed
 * one by one. The JSON report lists every finding.
 */
export const JUNIT_MAX_LISTED = 500;

/** The limit in effect: `options.junitMaxListed` (0: none), else JUNIT_MAX_LISTED. */
function maxListed(options: ReporterOptions): number {
  const max = options.junitMaxListed;
  if (max === undefined) return JUNIT_MAX_LISTED;
  return max > 0 ? max : Number.POSITIVE_INFINITY;
}

function summaryOf(findings: readonly Finding[]): Summary {
  const summary = emptySummary(true);
  for (const f of findings) summary[f.outcome] = (summary[f.outcome] ?? 0) + 1;
  return summary;
}

/** The test cases of findings counted by outcome, at most `max` of one outcome listed and one for the rest. */
function countOf(summary: Summary, max: number): Counts {
  const shown = (n: number) => (n > max ? max + 1 : n);
  const failures = shown(summary.fail);
  const errors = shown(summary.error);
  const skipped = shown(summary.unknown) + shown(summary.notApplicable) + shown(summary.waived ?? 0);
  return { tests: shown(summary.pass) + failures + errors + skipped, failures, errors, skipped };
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
  const lines = [
    clipMessage(f.message),
    '',
    `Target: ${describeTarget(f.target)}`,
    `Location: ${formatLocation(f.location)}`,
  ];
  if (f.expiredWaiver) {
    const w = f.expiredWaiver;
    lines.push(
      `Expired waiver: ${w.source.file}:${w.source.line}:${w.source.column} (${w.owner}, expired ${w.expires})`,
    );
  }
  lines.push(`Rule: ${f.ruleId} ${f.ruleVersion} (pack ${f.pack}), level ${f.level}`);
  if (rule) lines.push(`Remediation: ${rule.definition.remediation}`);
  return escapeXmlText(lines.join('\n'));
}

/** The `<skipped>` message of a waived fail: who accepted it, why, until when. */
function waivedMessage(w: WaiverRef): string {
  const ticket = w.ticket ?? w.link;
  return `waived: ${toOneLine(w.reason)}, ${w.owner}${ticket ? `, ${ticket}` : ''}, expires ${w.expires}`;
}

function* formatTestcase(f: Finding, name: string, rule: LoadedRule | undefined): Generator<string> {
  const attributes = xmlAttributes({
    name,
    classname: `aipcheck.${f.ruleId}`,
    time: NO_TIME,
    file: f.location.file,
    line: normalizeLocation(f.location).line,
  });
  const message = toOneLine(clipMessage(f.message));
  if (f.outcome === 'waived' && f.waiver) {
    yield `    <testcase${attributes}>\n`;
    yield `      <skipped${xmlAttributes({ message: waivedMessage(f.waiver) })}/>\n`;
    yield '    </testcase>\n';
  } else if (f.outcome === 'fail') {
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

/**
 * Where the test cases that stand for several targets point: the first inventory file, line 1. Not the rule's
 * file: a bundled rule's path is inside the installed package, which CI test views resolve against the
 * repository and show as a broken link.
 */
function ruleFileAttributes(report: ReportView, ruleId: string) {
  return { classname: `aipcheck.${ruleId}`, time: NO_TIME, file: report.inputs[0] ?? '', line: 1 };
}

/** The test cases of a rule's unlisted outcomes; they point at the first inventory file. */
function* unlistedTestcases(report: ReportView, ruleId: string): Generator<string> {
  const hidden = report.unlisted?.[ruleId];
  if (!hidden) return;
  const where = ruleFileAttributes(report, ruleId);
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

/** Outcomes in the order their overflow test cases come, and how each is told. */
const OVERFLOW: readonly { outcome: EngineOutcome | 'waived'; one: string; many: string }[] = [
  { outcome: 'waived', one: 'more target waived', many: 'more targets waived' },
  { outcome: 'fail', one: 'more target fails', many: 'more targets fail' },
  { outcome: 'error', one: 'more target could not be evaluated', many: 'more targets could not be evaluated' },
  { outcome: 'unknown', one: 'more target could not be decided', many: 'more targets could not be decided' },
  { outcome: 'notApplicable', one: 'more target not applicable', many: 'more targets not applicable' },
  { outcome: 'pass', one: 'more target passes', many: 'more targets pass' },
];

/**
 * The test cases of the findings a suite did not list past `max` of one outcome (`seen` counts every finding
 * of the suite by outcome): one per outcome, pointing at the first inventory file, with the outcome's element.
 */
function* overflowTestcases(
  report: ReportView,
  suite: { ruleId: string; rule: LoadedRule | undefined; level: string },
  seen: Summary,
  max: number,
): Generator<string> {
  const { ruleId, rule } = suite;
  const where = ruleFileAttributes(report, ruleId);
  for (const { outcome, one, many } of OVERFLOW) {
    const extra = (seen[outcome] ?? 0) - max;
    if (extra <= 0) continue;
    const what = plural(extra, one, many);
    const name = `${what} (not listed one by one)`;
    const told = `${what} than the ${max} listed in this suite; the JSON report lists every one`;
    if (outcome === 'pass') {
      yield `    <testcase${xmlAttributes({ name, ...where })}/>\n`;
      continue;
    }
    yield `    <testcase${xmlAttributes({ name, ...where })}>\n`;
    if (outcome === 'fail' || outcome === 'error') {
      const element = outcome === 'fail' ? 'failure' : 'error';
      const type = outcome === 'fail' ? suite.level : 'evaluation-error';
      const lines = [`${told}.`, ''];
      if (rule) {
        const { definition, pack } = rule;
        lines.push(`Rule: ${ruleId} ${definition.version} (pack ${pack.name}), level ${suite.level}`);
        lines.push(`Remediation: ${definition.remediation}`);
      }
      yield `      <${element}${xmlAttributes({ message: told, type })}>${escapeXmlText(lines.join('\n'))}</${element}>\n`;
    } else {
      yield `      <skipped${xmlAttributes({ message: `${outcome}: ${told}` })}/>\n`;
    }
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
  const max = maxListed(options);
  const counts = countOf(summaryOf(suite.findings), max);
  yield* suiteHead(suite, addCounts(counts, unlistedCounts(report, suite.ruleId)), report, options);
  // Test case names must be unique within a suite; one rule meets one target once, but guard anyway.
  const names = new Map<string, number>();
  const seen = emptySummary(true);
  for (const f of suite.findings) {
    seen[f.outcome] = (seen[f.outcome] ?? 0) + 1;
    if ((seen[f.outcome] as number) > max) continue;
    const base = describeTarget(f.target);
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    yield* formatTestcase(f, n === 1 ? base : `${base} #${n}`, suite.rule);
  }
  const level = suite.findings[0]?.level ?? suite.rule?.definition.severity ?? 'error';
  yield* overflowTestcases(report, { ...suite, level }, seen, max);
  yield* unlistedTestcases(report, suite.ruleId);
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

function scanFindings(report: ReportView, max: number): Scan {
  const outcomes = new Map<string, Summary>();
  const distinct = new Set<string>();
  let grouped = true;
  let summary: Summary | undefined;
  let ruleId: string | undefined;
  let kind = -1;
  let id = '';
  for (const f of report.findings) {
    if (f.ruleId !== ruleId) {
      if (ruleId !== undefined && compareText(ruleId, f.ruleId) >= 0) grouped = false;
      ruleId = f.ruleId;
      summary = outcomes.get(ruleId);
      if (!summary) {
        summary = emptySummary(true);
        outcomes.set(ruleId, summary);
        distinct.add(ruleId);
      }
      kind = -1;
      id = '';
    }
    (summary as Summary)[f.outcome] = ((summary as Summary)[f.outcome] ?? 0) + 1;
    const rank = KIND_RANK[f.target.kind] ?? -1;
    const later = rank > kind || (rank === kind && compareText(f.target.id, id) > 0);
    if (rank < 0 || !later || f.target.id.includes(' (')) distinct.delete(ruleId);
    kind = rank;
    id = f.target.id;
  }
  return { ...countScan(outcomes, max), grouped, distinct };
}

/** Test cases by rule and in all, from every rule's findings counted by outcome. */
function countScan(outcomes: ReadonlyMap<string, Summary>, max: number): Pick<Scan, 'totals' | 'byRule'> {
  let totals = NO_COUNTS;
  const byRule = new Map<string, Counts>();
  for (const [ruleId, summary] of outcomes) {
    const counts = countOf(summary, max);
    if (counts.tests === 0) continue;
    byRule.set(ruleId, counts);
    totals = addCounts(totals, counts);
  }
  return { totals, byRule };
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
function writeTestcase(f: Finding, name: string, context: TestcaseContext): string | undefined {
  const { location, target } = f;
  const { file } = location;
  if (typeof file !== 'string' || typeof f.message !== 'string') return undefined;
  // A message to cut takes the general path.
  if (f.message.length > MAX_MESSAGE_LENGTH) return undefined;
  let escapedFile = context.files.get(file);
  if (escapedFile === undefined) {
    escapedFile = escapeXmlAttribute(file);
    context.files.set(file, escapedFile);
  }
  const line = Number.isInteger(location.line) && location.line > 0 ? location.line : normalizeLocation(location).line;
  const plainTarget = hasPlainTarget(f);
  const attributes = ` name="${plainTarget ? name : escapeXmlAttribute(name)}" classname="${context.classname}" time="${NO_TIME}" file="${escapedFile}" line="${line}"`;
  const outcome = f.outcome;
  if (outcome === 'pass') return `    <testcase${attributes}/>\n`;
  const plain = plainXmlMessage(f, target.id, target.name, target.kind, plainTarget);
  if (outcome === 'unknown' || outcome === 'notApplicable') {
    const skipped = plain ? `${outcome}: ${plain}` : escapeXmlAttribute(`${outcome}: ${toOneLine(f.message)}`);
    return `    <testcase${attributes}>\n      <skipped message="${skipped}"/>\n    </testcase>\n`;
  }
  if (outcome !== 'fail' && outcome !== 'error') return undefined;
  if (f.waiver !== undefined || f.expiredWaiver !== undefined) return undefined;
  const message = plain ?? escapeXmlAttribute(toOneLine(f.message));
  // A plain target's id and name need no escaping (see hasPlainTarget); a file's text is escaped once.
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
  const max = maxListed(options);
  const files = new Map<string, string>();
  const fileTexts = new Map<string, string>();
  let next = 0;
  let open:
    | { ruleId: string; rule: LoadedRule | undefined; level: string; seen: Summary; context: TestcaseContext }
    | undefined;
  let names: Map<string, number> | undefined;
  const emptySuitesBefore = function* (ruleId: string | undefined) {
    while (next < ids.length && (ruleId === undefined || compareText(ids[next] as string, ruleId) < 0)) {
      const id = ids[next++] as string;
      yield* suiteHead({ ruleId: id, rule: byId.get(id) }, scan.byRule.get(id) ?? NO_COUNTS, report, options);
      yield* unlistedTestcases(report, id);
      yield '  </testsuite>\n';
    }
  };
  const close = function* (suite: NonNullable<typeof open>) {
    yield* overflowTestcases(report, suite, suite.seen, max);
    yield* unlistedTestcases(report, suite.ruleId);
    yield '  </testsuite>\n';
  };
  // The engine's findings let a suite stop reading its rule once every outcome is listed to the cap: the rest
  // only adds to counts its index already has (an AD export's big rules: 650,000 findings each, 10 listed).
  const index = findingsIndexOf(report.findings);
  const cursor = report.findings[Symbol.iterator]();
  const skipper = index && ruleSkipperOf(cursor);
  for (let step = cursor.next(); !step.done; step = cursor.next()) {
    const f = step.value;
    const ruleId = f.ruleId;
    if (ruleId !== open?.ruleId) {
      if (open) yield* close(open);
      yield* emptySuitesBefore(ruleId);
      next++;
      const rule = byId.get(f.ruleId);
      const remediation = rule ? escapeXmlText(`\nRemediation: ${rule.definition.remediation}`) : '';
      const classname = escapeXmlAttribute(`aipcheck.${f.ruleId}`);
      const context = { files, fileTexts, classname, remediation, ruleLines: new Map() };
      open = { ruleId: f.ruleId, rule, level: f.level, seen: emptySummary(true), context };
      names = scan.distinct.has(f.ruleId) ? undefined : new Map();
      yield* suiteHead(open, scan.byRule.get(f.ruleId) ?? NO_COUNTS, report, options);
    }
    open.seen[f.outcome] = (open.seen[f.outcome] ?? 0) + 1;
    if ((open.seen[f.outcome] as number) > max) {
      const total = skipper && index.byRule.get(ruleId);
      if (total && listedToCap(open.seen, total, max)) {
        Object.assign(open.seen, total);
        skipper.skipRule();
      }
      continue;
    }
    const base = describeTarget(f.target);
    let name = base;
    if (names) {
      const n = (names.get(base) ?? 0) + 1;
      names.set(base, n);
      if (n > 1) name = `${base} #${n}`;
    }
    const text = writeTestcase(f, name, open.context);
    if (text !== undefined) yield text;
    else yield* formatTestcase(f, name, open.rule);
  }
  if (open) yield* close(open);
  yield* emptySuitesBefore(undefined);
}

/**
 * Whether a suite has every outcome of its rule listed as far as it will be: all of the outcome's findings
 * (`total`, from the engine's index) or more than `max` of them.
 */
function listedToCap(seen: Summary, total: Summary, max: number): boolean {
  for (const outcome of Object.keys(total) as Outcome[]) {
    const n = seen[outcome] ?? 0;
    if (n <= max && n < (total[outcome] ?? 0)) return false;
  }
  return true;
}

/** The scan, from the index the engine's findings carry: no pass over them. */
function scanOfIndex(index: FindingsIndex, max: number): Scan {
  return { ...countScan(index.byRule, max), grouped: true, distinct: new Set(index.distinctTargets) };
}

/**
 * Renders JUnit XML: one `<testsuite>` per rule, one `<testcase>` per (rule, target). `fail` is a
 * `<failure>`, `error` an `<error>`, `unknown` and `notApplicable` are `<skipped>`, `pass` an empty test
 * case. Valid against docs/junit.xsd; no timestamp unless `options.timestamp` is given. Findings grouped by
 * rule (as the engine sorts them) are read twice, counted then written, and never held.
 */
export function* formatJunit(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const index = findingsIndexOf(report.findings);
  const max = maxListed(options);
  const scan = withUnlisted(index ? scanOfIndex(index, max) : scanFindings(report, max), report);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${xmlAttributes({ name: report.tool.name, ...scan.totals, time: NO_TIME, timestamp: options.timestamp })}>\n`;
  if (scan.grouped) yield* streamSuites(report, scan, options);
  else for (const suite of groupSuites(report)) yield* formatSuite(suite, report, options);
  yield '</testsuites>\n';
}
