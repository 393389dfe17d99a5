// JSON reporter: the machine contract (docs/report.schema.json), streamed one finding per chunk.
import type { Finding, Report } from '../engine/types.js';
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

/**
 * Renders the JSON report: tool, packs, summary and every finding in the order given (the engine sorts
 * them). The bytes equal `JSON.stringify(report, null, 2)` plus a newline, but the findings are written
 * one chunk each, so a report of a whole fleet never exists as one string.
 */
export function* formatJson(report: Report, _options: ReporterOptions = {}): Generator<string> {
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
  for (const [i, finding] of report.findings.entries()) {
    yield `    ${indentJson(toJsonFinding(finding), 2)}${i < last ? ',' : ''}\n`;
  }
  yield '  ]\n}\n';
}
