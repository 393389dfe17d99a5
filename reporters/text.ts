// Text reporter, the CLI's default on stdout: findings to act on grouped by rule, then the counts.
import { compareText } from '../engine/errors.js';
import type { Finding, Level, Outcome, Report, ReportView } from '../engine/types.js';
import {
  ACTION_OUTCOMES,
  clipField,
  clipMessage,
  countChecks,
  describeTarget,
  escapeControls,
  formatLocation,
  indexRules,
  OUTCOME_LABELS,
  toOneLine,
} from './common.js';
import { describeWaiver, lifecycleSections } from './lifecycle-lines.js';
import type { ReporterOptions } from './reporter.js';

type Paint = (text: string, ...codes: number[]) => string;

const BOLD = 1;
const DIM = 2;
const RED = 31;
const YELLOW = 33;
const MAGENTA = 35;
const CYAN = 36;

const LEVEL_COLOR: Record<Level, number> = { error: RED, warning: YELLOW, note: CYAN };
const OUTCOME_COLOR: Record<Outcome, number> = {
  fail: RED,
  error: MAGENTA,
  unknown: YELLOW,
  pass: 0,
  notApplicable: 0,
  waived: CYAN,
};

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...codes) => {
    const active = codes.filter((c) => c !== 0);
    return active.length === 0 ? text : `\u001b[${active.join(';')}m${text}\u001b[0m`;
  };
}

/** Indents every line of a (possibly multi-line) message, with controls made visible. */
function indent(text: string, prefix: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `${prefix}${escapeControls(line)}`.trimEnd())
    .join('\n');
}

function outcomeWord(f: Finding, paint: Paint): string {
  const color = f.outcome === 'fail' ? LEVEL_COLOR[f.level] : OUTCOME_COLOR[f.outcome];
  return paint(OUTCOME_LABELS[f.outcome], color, BOLD);
}

/**
 * The closing line. Deliberately not `N passed, N failed`: CI logs read that form as a test runner's
 * result, and a compliance report printed in a CI log must not be mistaken for one.
 */
export function formatCounts(summary: Report['summary']): string {
  const parts = [
    `${summary.fail} fail`,
    `${summary.error} error`,
    `${summary.unknown} unknown`,
    `${summary.pass} pass`,
    `${summary.notApplicable} not applicable`,
    ...(summary.waived === undefined ? [] : [`${summary.waived} waived`]),
  ];
  return `${countChecks(summary)} checks: ${parts.join(' · ')}`;
}

/**
 * Renders a readable report: for each rule with findings to act on (fail, error, unknown), its id, title
 * and level, then each finding as `file:line:col`, outcome, target and message, then the remediation;
 * then input notices and the counts of every outcome. ANSI colors only when `options.color`.
 */
export function* formatText(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const paint = painter(options.color === true);
  const { byId } = indexRules(report);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (!(ACTION_OUTCOMES as readonly Outcome[]).includes(f.outcome)) continue;
    const group = groups.get(f.ruleId) ?? [];
    group.push(f);
    groups.set(f.ruleId, group);
  }
  const packs = escapeControls(report.packs.map((p) => `${p.name} ${p.version}`).join(', '));
  yield `${paint(`${report.tool.name} ${report.tool.version}`, BOLD)} · snapshot ${escapeControls(clipField(report.snapshotId))} · packs ${packs || 'none'}\n`;
  for (const ruleId of [...groups.keys()].sort(compareText)) {
    const rule = byId.get(ruleId);
    const findings = groups.get(ruleId) ?? [];
    const level = rule?.definition.severity ?? findings[0]?.level ?? 'error';
    const title = rule ? `  ${escapeControls(rule.definition.title)}` : '';
    yield `\n${paint(ruleId, BOLD)}${title}  ${paint(`[${level}]`, LEVEL_COLOR[level])}\n`;
    for (const f of findings) {
      const where = paint(escapeControls(formatLocation(f.location)), DIM);
      const state = f.baselineState ? `  ${paint(`[${f.baselineState}]`, DIM)}` : '';
      yield `  ${where}  ${outcomeWord(f, paint)}  ${escapeControls(toOneLine(describeTarget(f.target)))}${state}\n`;
      yield `${indent(clipMessage(f.message), '    ')}\n`;
      if (f.expiredWaiver)
        yield `${indent(`Waiver expired on ${f.expiredWaiver.expires}: ${describeWaiver(f.expiredWaiver)}`, '    ')}\n`;
    }
    if (rule) yield `${indent(`Remediation: ${rule.definition.remediation}`, '  ')}\n`;
  }
  if (report.notices.length > 0) {
    yield `\n${paint('Notices', BOLD)}\n`;
    for (const notice of report.notices) {
      const where = notice.location ? `${paint(escapeControls(formatLocation(notice.location)), DIM)}  ` : '';
      const word = paint(notice.level, LEVEL_COLOR[notice.level], BOLD);
      yield `  ${where}${word}  ${escapeControls(notice.code)}: ${indent(clipMessage(notice.message), '    ').trimStart()}\n`;
    }
  }
  if (report.unknownFacts && report.unknownFacts.length > 0) {
    yield `\n${paint('Unknown outcomes by missing fact (what to collect)', BOLD)}\n`;
    for (const u of report.unknownFacts) {
      const fact = u.fact === '' ? '(facts present but undecidable)' : u.fact;
      yield `  ${paint(escapeControls(fact), BOLD)}  ${u.outcomes} unknown · ${escapeControls(u.rules.join(', '))}\n`;
      for (const source of u.sources) {
        yield `    collect with ${escapeControls(source.importer)}: ${escapeControls(toOneLine(source.command))}\n`;
      }
    }
  }
  for (const section of lifecycleSections(report.lifecycle, report.findings)) {
    yield `\n${paint(section.heading, BOLD)}\n`;
    for (const line of section.lines) yield `${indent(line, '  ')}\n`;
  }
  if (report.excludedRules && report.excludedRules.length > 0) {
    const ids = report.excludedRules.map((r) => r.id).join(', ');
    yield `\n${paint('Rules left out', BOLD)} (--rule, --exclude-rule, --tag): ${report.excludedRules.length}: ${escapeControls(ids)}\n`;
  }
  const none = groups.size === 0 ? 'No findings to act on.\n' : '';
  yield `\n${none}${paint(formatCounts(report.summary), BOLD)}\n`;
}
