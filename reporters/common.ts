// Helpers every reporter shares: rule lookup, outcome labels, target names and safe text.
import { compareText } from '../engine/errors.js';
import type { Finding, LoadedRule, Outcome, Report } from '../engine/types.js';

/** Outcomes that someone has to act on, in the order reports list them. */
export { ACTION_OUTCOMES } from '../engine/types.js';

/** Human labels of outcomes, as text and Markdown print them. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  fail: 'fail',
  error: 'error',
  unknown: 'unknown',
  pass: 'pass',
  notApplicable: 'not applicable',
  waived: 'waived',
};

/** The report's rules sorted by id, and a lookup from id to rule. */
export function indexRules(report: Pick<Report, 'rules'>): { sorted: LoadedRule[]; byId: Map<string, LoadedRule> } {
  const sorted = [...report.rules].sort((a, b) => compareText(a.definition.id, b.definition.id));
  return { sorted, byId: new Map(sorted.map((rule) => [rule.definition.id, rule])) };
}

/**
 * Characters of one inventory field (a target's id or name, the snapshot id) that text, Markdown and JUnit
 * print at most; longer ones end with `…`. JSON and SARIF keep every field whole.
 */
export const MAX_FIELD_LENGTH = 256;

/** Characters of one finding or notice message that text and JUnit print at most (Markdown cells: 300). */
export const MAX_MESSAGE_LENGTH = 4096;

/** An inventory field cut to `MAX_FIELD_LENGTH`. */
export function clipField(text: string): string {
  return truncate(text, MAX_FIELD_LENGTH);
}

/** A message cut to `MAX_MESSAGE_LENGTH`. */
export function clipMessage(text: string): string {
  return truncate(text, MAX_MESSAGE_LENGTH);
}

/** Names a finding's target for people: `device WS-001 (Finance laptop)`, id and name cut to MAX_FIELD_LENGTH. */
export function describeTarget(target: Finding['target']): string {
  const named = target.name && target.name !== target.id ? ` (${clipField(target.name)})` : '';
  return `${target.kind} ${clipField(target.id)}${named}`;
}

/** A 1-based line or column; anything else (0, NaN) becomes 1, the start of the file or line. */
function toPosition(n: number): number {
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** A finding's location with line and column at least 1, as every format promises. */
export function normalizeLocation(location: Finding['location']): Finding['location'] {
  return { file: location.file, line: toPosition(location.line), column: toPosition(location.column) };
}

/** `file:line:col` of a finding, the form editors and terminals turn into links. */
export function formatLocation(location: Finding['location']): string {
  const { file, line, column } = normalizeLocation(location);
  return `${file}:${line}:${column}`;
}

/** Total number of findings the summary counts. */
export function countChecks(summary: Report['summary']): number {
  return summary.pass + summary.fail + summary.notApplicable + summary.unknown + summary.error + (summary.waived ?? 0);
}

/** Replaces unpaired UTF-16 surrogates with U+FFFD, so the text encodes as UTF-8 without loss of meaning. */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Removes C0 control characters other than tab, newline and carriage return, DEL and C1 controls, after
 * making the text well-formed: they mean nothing to a reader, and some consumers reject them (a NUL).
 */
export function stripControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return toWellFormed(text).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '');
}

/**
 * Shows C0/C1 control characters (other than newline and tab), DEL and the bidirectional controls (U+202E
 * RIGHT-TO-LEFT OVERRIDE and its kin) as `\u001b`-style escapes, so text taken from inventories cannot move a
 * terminal's cursor, change its colors, break a Markdown table or make a name read as another.
 */
export function escapeControls(text: string): string {
  return toWellFormed(text).replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
    /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Cuts text to at most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Joins lines into one: line breaks and the spaces around them become one space. */
export function toOneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Pretty-prints a JSON value (2 spaces) nested `depth` levels deep: every line but the first is indented. */
export function indentJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
}
