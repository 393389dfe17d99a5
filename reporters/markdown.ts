// Markdown reporter for $GITHUB_STEP_SUMMARY and pull-request comments: counts, then findings to act on.
import type { Finding, Outcome, ReportView } from '../engine/types.js';
import {
  ACTION_OUTCOMES,
  clipField,
  countChecks,
  formatLocation,
  OUTCOME_LABELS,
  toOneLine,
  truncate,
} from './common.js';
import { lifecycleSections } from './lifecycle-lines.js';
import { codeSpan, escapeMarkdownInline } from './markdown-text.js';
import type { ReporterOptions } from './reporter.js';

/** Rows of the findings table at most: a pull-request comment holds 65,536 characters. */
export const MAX_MARKDOWN_ROWS = 100;

/** Characters of a message shown in one table cell at most. */
const MAX_CELL = 300;

/**
 * Characters of the whole summary at most: GitHub refuses a comment or step summary of 65,536 or more. Rows
 * and notices that would pass it are left out and counted; the last lines saying so fit in the rest.
 */
export const MAX_MARKDOWN_LENGTH = 65_536 - 1;

/** Room kept at the end for the lines that say what was left out. */
const TAIL_ROOM = 1024;

function messageCell(message: string): string {
  return escapeMarkdownInline(truncate(toOneLine(message), MAX_CELL));
}

function targetCell(target: Finding['target']): string {
  const name =
    target.name && target.name !== target.id ? ` ${escapeMarkdownInline(toOneLine(clipField(target.name)))}` : '';
  return `${target.kind} ${codeSpan(clipField(target.id))}${name}`;
}

function findingRow(f: Finding): string {
  const cells = [
    OUTCOME_LABELS[f.outcome],
    f.level,
    codeSpan(f.ruleId),
    targetCell(f.target),
    codeSpan(truncate(formatLocation(f.location), MAX_CELL)),
    messageCell(f.message),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/** The heading and header row of the table of unknown outcomes by missing fact. */
const UNKNOWN_FACTS_HEAD =
  '\n### Unknown outcomes by missing fact\n\n| Missing fact | Unknown | Rules | Collect with |\n| --- | ---: | --- | --- |\n';

/** Characters of one evidence value shown at most. */
const MAX_EVIDENCE_VALUE = 120;

function evidenceValue(value: unknown): string {
  return codeSpan(truncate(JSON.stringify(value) ?? 'undefined', MAX_EVIDENCE_VALUE));
}

/** One line per condition leaf of a finding's evidence: fact, value, operator, expected value and result. */
function evidenceLines(f: Finding): string {
  const evidence = f.evidence;
  if (!evidence) return '';
  const lines = evidence.checks.map((c) => {
    const value =
      c.value !== undefined
        ? evidenceValue(c.value)
        : c.valueSummary
          ? escapeMarkdownInline(clipField(c.valueSummary))
          : 'missing';
    const at = c.location ? ` (${codeSpan(truncate(formatLocation(c.location), MAX_CELL))})` : '';
    const deciding = c.deciding !== undefined ? `; decided by ${evidenceValue(c.deciding)}` : '';
    return `  - ${c.in} ${codeSpan(clipField(c.fact))} = ${value}${at}: ${codeSpan(c.operator)} ${evidenceValue(c.expected)} → ${c.result}${deciding}\n`;
  });
  const missing =
    evidence.missing.length > 0
      ? `  - missing: ${evidence.missing.map((fact) => codeSpan(clipField(fact))).join(', ')}\n`
      : '';
  return `- ${codeSpan(f.ruleId)} ${targetCell(f.target)}\n${lines.join('')}${missing}`;
}

/** The evidence of the findings shown, collapsed: GitHub renders `<details>` closed until clicked. */
function* evidenceBlock(shown: readonly Finding[], fits: (text: string) => boolean): Generator<string> {
  const withEvidence = shown.filter((f) => f.evidence);
  const open = '\n<details>\n<summary>Evidence of the findings above</summary>\n\n';
  if (withEvidence.length === 0 || !fits(open)) return;
  yield open;
  let listed = 0;
  for (const f of withEvidence) {
    const lines = evidenceLines(f);
    if (!fits(lines)) break;
    yield lines;
    listed++;
  }
  if (listed < withEvidence.length) {
    yield `\nEvidence of ${withEvidence.length - listed} more findings not shown (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most); the JSON report has it.\n`;
  }
  yield '\n</details>\n';
}

/**
 * Renders a Markdown summary: a table of outcome counts and a table of the findings to act on (fail,
 * error, unknown; at most 100 rows), failures first. Text from rules and inventories is escaped, so it
 * cannot break the tables or turn into links or HTML; fields are cut (see MAX_FIELD_LENGTH), and the whole
 * summary stays under MAX_MARKDOWN_LENGTH characters whatever the input, saying what it left out.
 */
export function* formatMarkdown(report: ReportView, _options: ReporterOptions = {}): Generator<string> {
  const s = report.summary;
  const packs = report.packs
    .map((p) => `${codeSpan(clipField(p.name))} ${escapeMarkdownInline(clipField(p.version))}`)
    .join(', ');
  let used = 0;
  const counted = (text: string) => {
    used += text.length;
    return text;
  };
  const fits = (text: string) => used + text.length <= MAX_MARKDOWN_LENGTH - TAIL_ROOM;
  yield counted(`## ${escapeMarkdownInline(report.tool.name)} report\n\n`);
  yield counted(
    truncate(
      `Snapshot ${codeSpan(clipField(report.snapshotId))} · ${escapeMarkdownInline(report.tool.name)} ${escapeMarkdownInline(report.tool.version)} · rule packs: ${packs || 'none'}`,
      MAX_MARKDOWN_LENGTH / 4,
    ) + '\n\n',
  );
  yield counted('| Outcome | Count |\n| --- | ---: |\n');
  yield counted(`| Fail | ${s.fail} |\n| Error | ${s.error} |\n| Unknown | ${s.unknown} |\n`);
  if (s.waived !== undefined) yield counted(`| Waived | ${s.waived} |\n`);
  yield counted(
    `| Pass | ${s.pass} |\n| Not applicable | ${s.notApplicable} |\n| **Total** | **${countChecks(s)}** |\n\n`,
  );
  if (report.excludedRules && report.excludedRules.length > 0) {
    const ids = report.excludedRules.map((r) => codeSpan(clipField(r.id))).join(', ');
    yield counted(
      truncate(
        `Rules left out (\`--rule\`, \`--exclude-rule\`, \`--tag\`): ${report.excludedRules.length}: ${ids}`,
        MAX_MARKDOWN_LENGTH / 4,
      ) + '\n\n',
    );
  }

  // Failures first, then errors, then unknowns: the first rows of each are enough for the table.
  const first = new Map<Outcome, Finding[]>(ACTION_OUTCOMES.map((outcome) => [outcome, []]));
  let actionable = 0;
  for (const f of report.findings) {
    const rows = first.get(f.outcome);
    if (!rows) continue;
    actionable++;
    if (rows.length < MAX_MARKDOWN_ROWS) rows.push(f);
  }
  if (actionable === 0) {
    yield counted('No findings to act on.\n');
  } else {
    yield counted(`### Findings to act on (${actionable})\n\n`);
    yield counted('| Outcome | Level | Rule | Target | Location | Message |\n| --- | --- | --- | --- | --- | --- |\n');
    const shown = ACTION_OUTCOMES.flatMap((outcome) => first.get(outcome) ?? []).slice(0, MAX_MARKDOWN_ROWS);
    let rows = 0;
    for (const f of shown) {
      const row = findingRow(f);
      if (!fits(row)) break;
      yield counted(row);
      rows++;
    }
    if (actionable > rows) {
      const why = rows < shown.length ? ` (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most)` : '';
      yield counted(`\n${actionable - rows} more not shown${why}; the JSON, SARIF and JUnit reports list them all.\n`);
    }
    for (const text of evidenceBlock(shown, fits)) yield counted(text);
  }
  if (report.unknownFacts && report.unknownFacts.length > 0 && fits(UNKNOWN_FACTS_HEAD)) {
    yield counted(UNKNOWN_FACTS_HEAD);
    let listed = 0;
    for (const u of report.unknownFacts) {
      const fact = u.fact === '' ? '(present but undecidable)' : codeSpan(clipField(u.fact));
      const rules = u.rules.map((rule) => codeSpan(clipField(rule))).join(', ');
      const sources = u.sources.map((s) => `${codeSpan(s.importer)}: ${messageCell(s.command)}`).join('<br>');
      const row = `| ${fact} | ${u.outcomes} | ${rules} | ${sources || 'no importer'} |\n`;
      if (!fits(row)) break;
      yield counted(row);
      listed++;
    }
    if (listed < report.unknownFacts.length) {
      yield counted(
        `\n${report.unknownFacts.length - listed} more missing facts not shown (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most); the JSON report lists them all.\n`,
      );
    }
  }
  for (const section of lifecycleSections(report.lifecycle, report.findings)) {
    const head = `\n### ${messageCell(section.heading)}\n\n`;
    if (!fits(head)) {
      yield counted(
        `\nWaiver and baseline sections not shown (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most); the JSON report has them.\n`,
      );
      break;
    }
    yield counted(head);
    let listed = 0;
    for (const line of section.lines.slice(0, MAX_MARKDOWN_ROWS)) {
      const item = `- ${messageCell(line)}\n`;
      if (!fits(item)) break;
      yield counted(item);
      listed++;
    }
    if (listed < section.lines.length) {
      const why =
        listed < Math.min(section.lines.length, MAX_MARKDOWN_ROWS)
          ? ` (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most)`
          : '';
      yield counted(`- ${section.lines.length - listed} more not shown${why}; the JSON report lists them all\n`);
    }
  }
  if (report.notices.length > 0) {
    yield counted('\n### Notices\n\n');
    let listed = 0;
    for (const n of report.notices) {
      const where = n.location ? ` ${codeSpan(truncate(formatLocation(n.location), MAX_CELL))}` : '';
      const line = `- ${n.level} ${codeSpan(n.code)}${where}: ${messageCell(n.message)}\n`;
      if (!fits(line)) break;
      yield counted(line);
      listed++;
    }
    if (listed < report.notices.length) {
      yield `\n${report.notices.length - listed} more notices not shown (a summary holds ${MAX_MARKDOWN_LENGTH + 1} characters at most); the text report lists them all.\n`;
    }
  }
}
