// Markdown reporter for $GITHUB_STEP_SUMMARY and pull-request comments: counts, then findings to act on.
import type { Finding, Outcome, ReportView } from '../engine/types.js';
import { ACTION_OUTCOMES, countChecks, formatLocation, OUTCOME_LABELS, toOneLine, truncate } from './common.js';
import { codeSpan, escapeMarkdownInline } from './markdown-text.js';
import type { ReporterOptions } from './reporter.js';

/** Rows of the findings table at most: a pull-request comment holds 65,536 characters. */
export const MAX_MARKDOWN_ROWS = 100;

/** Characters of a message shown in one table cell at most. */
const MAX_CELL = 300;

function messageCell(message: string): string {
  return escapeMarkdownInline(truncate(toOneLine(message), MAX_CELL));
}

function targetCell(target: Finding['target']): string {
  const name = target.name && target.name !== target.id ? ` ${escapeMarkdownInline(toOneLine(target.name))}` : '';
  return `${target.kind} ${codeSpan(target.id)}${name}`;
}

function findingRow(f: Finding): string {
  const cells = [
    OUTCOME_LABELS[f.outcome],
    f.level,
    codeSpan(f.ruleId),
    targetCell(f.target),
    codeSpan(formatLocation(f.location)),
    messageCell(f.message),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/**
 * Renders a Markdown summary: a table of outcome counts and a table of the findings to act on (fail,
 * error, unknown; at most 100 rows), failures first. Text from rules and inventories is escaped, so it
 * cannot break the tables or turn into links or HTML.
 */
export function* formatMarkdown(report: ReportView, _options: ReporterOptions = {}): Generator<string> {
  const s = report.summary;
  const packs = report.packs.map((p) => `${codeSpan(p.name)} ${escapeMarkdownInline(p.version)}`).join(', ');
  yield `## ${escapeMarkdownInline(report.tool.name)} report\n\n`;
  yield `Snapshot ${codeSpan(report.snapshotId)} · ${escapeMarkdownInline(report.tool.name)} ${escapeMarkdownInline(report.tool.version)} · rule packs: ${packs || 'none'}\n\n`;
  yield '| Outcome | Count |\n| --- | ---: |\n';
  yield `| Fail | ${s.fail} |\n| Error | ${s.error} |\n| Unknown | ${s.unknown} |\n`;
  yield `| Pass | ${s.pass} |\n| Not applicable | ${s.notApplicable} |\n| **Total** | **${countChecks(s)}** |\n\n`;
  if (report.excludedRules && report.excludedRules.length > 0) {
    const ids = report.excludedRules.map((r) => codeSpan(r.id)).join(', ');
    yield `Rules left out (\`--rule\`, \`--exclude-rule\`, \`--tag\`): ${report.excludedRules.length}: ${ids}\n\n`;
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
    yield 'No findings to act on.\n';
  } else {
    yield `### Findings to act on (${actionable})\n\n`;
    yield '| Outcome | Level | Rule | Target | Location | Message |\n| --- | --- | --- | --- | --- | --- |\n';
    const shown = ACTION_OUTCOMES.flatMap((outcome) => first.get(outcome) ?? []).slice(0, MAX_MARKDOWN_ROWS);
    for (const f of shown) yield findingRow(f);
    if (actionable > MAX_MARKDOWN_ROWS) {
      yield `\n${actionable - MAX_MARKDOWN_ROWS} more not shown; the JSON, SARIF and JUnit reports list them all.\n`;
    }
  }
  if (report.notices.length > 0) {
    yield '\n### Notices\n\n';
    for (const n of report.notices) {
      const where = n.location ? ` ${codeSpan(formatLocation(n.location))}` : '';
      yield `- ${n.level} ${codeSpan(n.code)}${where}: ${messageCell(n.message)}\n`;
    }
  }
}
