// JSON reporter: the machine contract (docs/report.schema.json), streamed one finding per chunk.
import type { Finding, ReportView } from '../engine/types.js';
import { indentJson, normalizeLocation } from './common.js';
import type { ReporterOptions } from './reporter.js';

/** The shape of one finding in the JSON report; the order of keys is the order they are written in. */
function toJsonFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    ruleVersion: f.ruleVersion,
    level: f.level,
    outcome: f.outcome,
    target: { kind: f.target.kind, id: f.target.id, name: f.target.name },
    message: f.message,
    location: normalizeLocation(f.location),
  };
}

/** The opening lines of a finding of one rule, by outcome (they hold nothing else that varies). */
interface RuleHeads {
  version: string;
  level: string;
  heads: Map<string, string>;
}

/** A JSON string literal, or undefined when the value is not a string (the generic path handles it). */
function quoted(value: unknown): string | undefined {
  return typeof value === 'string' ? JSON.stringify(value) : undefined;
}

function isPosition(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/**
 * One finding exactly as `indentJson(toJsonFinding(f), 2)` writes it, without building the object and
 * re-indenting its text: the same bytes at a fraction of the cost, for reports of a whole fleet. Returns
 * undefined for a finding whose fields are not all plain strings and positions; those take the generic path.
 */
function writeFinding(f: Finding, ruleQuoted: Map<string, RuleHeads>): string | undefined {
  const { target, location } = f;
  const kind = quoted(target.kind);
  const id = quoted(target.id);
  const name = quoted(target.name);
  const message = quoted(f.message);
  const file = quoted(location.file);
  if (kind === undefined || id === undefined || name === undefined || message === undefined || file === undefined) {
    return undefined;
  }
  if (!isPosition(location.line) || !isPosition(location.column)) return undefined;
  const cached = ruleQuoted.get(f.ruleId);
  let head = cached?.version === f.ruleVersion && cached.level === f.level ? cached.heads.get(f.outcome) : undefined;
  if (head === undefined) {
    const ruleId = quoted(f.ruleId);
    const version = quoted(f.ruleVersion);
    const level = quoted(f.level);
    const outcome = quoted(f.outcome);
    if (ruleId === undefined || version === undefined || level === undefined || outcome === undefined) return undefined;
    head = `{\n      "ruleId": ${ruleId},\n      "ruleVersion": ${version},\n      "level": ${level},\n      "outcome": ${outcome},\n`;
    if (cached?.version === f.ruleVersion && cached.level === f.level) cached.heads.set(f.outcome, head);
    else ruleQuoted.set(f.ruleId, { version: f.ruleVersion, level: f.level, heads: new Map([[f.outcome, head]]) });
  }
  return (
    `${head}      "target": {\n        "kind": ${kind},\n        "id": ${id},\n        "name": ${name}\n      },\n` +
    `      "message": ${message},\n      "location": {\n        "file": ${file},\n        "line": ${location.line},\n` +
    `        "column": ${location.column}\n      }\n    }`
  );
}

/**
 * Renders the JSON report: tool, packs, summary and every finding in the order given (the engine sorts
 * them). The bytes equal `JSON.stringify(report, null, 2)` plus a newline, but the findings are written
 * one chunk each, so a report of a whole fleet never exists as one string.
 */
export function* formatJson(report: ReportView, _options: ReporterOptions = {}): Generator<string> {
  const tool = { name: report.tool.name, version: report.tool.version };
  const packs = report.packs.map((p) => ({ name: p.name, version: p.version }));
  const summary = {
    pass: report.summary.pass,
    fail: report.summary.fail,
    notApplicable: report.summary.notApplicable,
    unknown: report.summary.unknown,
    error: report.summary.error,
  };
  yield `{\n  "tool": ${indentJson(tool, 1)},\n  "packs": ${indentJson(packs, 1)},\n  "summary": ${indentJson(summary, 1)},\n`;
  if (report.findings.length === 0) {
    yield '  "findings": []\n}\n';
    return;
  }
  yield '  "findings": [\n';
  const last = report.findings.length - 1;
  const heads = new Map<string, RuleHeads>();
  let i = 0;
  for (const finding of report.findings) {
    const text = writeFinding(finding, heads) ?? indentJson(toJsonFinding(finding), 2);
    yield `    ${text}${i < last ? ',' : ''}\n`;
    i++;
  }
  yield '  ]\n}\n';
}
