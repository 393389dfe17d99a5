// JSON reporter: the machine contract (docs/report.schema.json), streamed one finding per chunk.
import { compareText } from '../engine/errors.js';
import { flatString } from '../engine/flat-string.js';
import {
  emptySummary,
  evidenceJsonOf,
  type Finding,
  findingsIndexOf,
  hasPlainTarget,
  type ReportView,
  SUMMARY_OUTCOMES,
  type Summary,
} from '../engine/types.js';
import { indentJson, normalizeLocation } from './common.js';
import type { ReporterOptions } from './reporter.js';
import { jsonMessage, quoteJson } from './shapes.js';

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
    ...(f.evidence ? { evidence: f.evidence } : {}),
    ...(f.waiver ? { waiver: f.waiver } : {}),
    ...(f.expiredWaiver ? { expiredWaiver: f.expiredWaiver } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}

/** The JSON of each evidence object: the engine shares one between the findings whose facts read alike. */
const evidenceJson = new WeakMap<object, string>();

/** `,"evidence":…` for a finding with evidence, else ''. */
function evidenceMember(f: Finding): string {
  // The engine's findings keep their evidence as JSON.
  const json = evidenceJsonOf(f);
  if (json !== undefined) return json === '' ? '' : `,"evidence":${json}`;
  const evidence = f.evidence;
  if (!evidence) return '';
  let text = evidenceJson.get(evidence);
  if (text === undefined) {
    text = `,"evidence":${JSON.stringify(evidence)}`;
    evidenceJson.set(evidence, text);
  }
  return text;
}

/** A JSON string literal, or undefined when the value is not a string (the generic path handles it). */
function quoted(value: unknown): string | undefined {
  return typeof value === 'string' ? quoteJson(value) : undefined;
}

function isPosition(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

/**
 * Writes one finding exactly as `JSON.stringify(toJsonFinding(f))` does, without building the object: the
 * same bytes at a fraction of the cost, for reports of a whole fleet. What repeats
 * from one finding to the next (the rule's lines, the kind, the file) is quoted once. `write` returns
 * undefined for a finding whose fields are not all plain strings and positions; those take the generic path.
 */
class FindingWriter {
  private ruleId: unknown;
  private ruleVersion: unknown;
  private level: unknown;
  /** The opening lines of the current rule's findings, by outcome. */
  private heads = new Map<unknown, string | undefined>();
  private kind: unknown;
  private kindQuoted: string | undefined;
  private file: unknown;
  private fileQuoted: string | undefined;

  /** The last outcome asked for and its head: findings come grouped by rule and mostly by outcome. */
  private lastOutcome: unknown;
  private lastHead: string | undefined;

  private head(f: Finding): string | undefined {
    const outcome = f.outcome;
    if (f.ruleId !== this.ruleId || f.ruleVersion !== this.ruleVersion || f.level !== this.level) {
      this.ruleId = f.ruleId;
      this.ruleVersion = f.ruleVersion;
      this.level = f.level;
      this.heads = new Map();
    } else if (outcome === this.lastOutcome) return this.lastHead;
    this.lastOutcome = outcome;
    this.lastHead = this.heads.has(outcome) ? this.heads.get(outcome) : this.newHead(f, outcome);
    return this.lastHead;
  }

  private newHead(f: Finding, outcome: string): string | undefined {
    const ruleId = quoted(f.ruleId);
    const version = quoted(f.ruleVersion);
    const level = quoted(f.level);
    const quotedOutcome = quoted(outcome);
    const head =
      ruleId === undefined || version === undefined || level === undefined || quotedOutcome === undefined
        ? undefined
        : flatString(`{"ruleId":${ruleId},"ruleVersion":${version},"level":${level},"outcome":${quotedOutcome},`);
    this.heads.set(outcome, head);
    return head;
  }

  write(f: Finding): string | undefined {
    const { target, location } = f;
    if (f.waiver !== undefined || f.expiredWaiver !== undefined) return undefined;
    if (target.kind !== this.kind) {
      this.kind = target.kind;
      this.kindQuoted = quoted(target.kind);
    }
    if (location.file !== this.file) {
      this.file = location.file;
      this.fileQuoted = quoted(location.file);
    }
    const kind = this.kindQuoted;
    const file = this.fileQuoted;
    // The engine's findings say when the target needs no escaping; then quoting is just the quotes.
    const plain = hasPlainTarget(f);
    const id = plain ? target.id : quoted(target.id)?.slice(1, -1);
    const name = plain ? target.name : quoted(target.name)?.slice(1, -1);
    const { line, column } = location;
    if (kind === undefined || file === undefined || id === undefined || name === undefined) return undefined;
    if (!isPosition(line) || !isPosition(column)) return undefined;
    const head = this.head(f);
    const message = head === undefined ? undefined : jsonMessage(f, id, name, kind.slice(1, -1));
    if (message === undefined) return undefined;
    const state = f.baselineState === undefined ? '' : `,"baselineState":"${f.baselineState}"`;
    return `${head}"target":{"kind":${kind},"id":"${id}","name":"${name}"},"message":${message},"location":{"file":${file},"line":${line},"column":${column}}${evidenceMember(f)}${state}}`;
  }
}

/**
 * Every outcome by rule, listed or not, for every rule evaluated (sorted by id): from the index the engine's
 * findings carry, or one pass over the findings, plus the outcomes counted but not listed.
 */
export function countsByRule(report: ReportView): Record<string, Summary> {
  const counts = new Map<string, Summary>();
  const waived = report.summary.waived !== undefined;
  const of = (ruleId: string) => {
    let c = counts.get(ruleId);
    if (!c) {
      c = emptySummary(waived);
      counts.set(ruleId, c);
    }
    return c;
  };
  for (const rule of report.rules) of(rule.definition.id);
  const index = findingsIndexOf(report.findings);
  if (index) {
    for (const [ruleId, listed] of index.byRule) {
      const c = of(ruleId);
      for (const o of SUMMARY_OUTCOMES) c[o] += listed[o];
      if (waived) c.waived = (c.waived ?? 0) + (listed.waived ?? 0);
    }
  } else {
    for (const f of report.findings) {
      const c = of(f.ruleId);
      c[f.outcome] = (c[f.outcome] ?? 0) + 1;
    }
  }
  for (const [ruleId, hidden] of Object.entries(report.unlisted ?? {})) {
    for (const o of SUMMARY_OUTCOMES) of(ruleId)[o] += hidden[o];
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => compareText(a, b)));
}

/**
 * Renders the JSON report: tool, packs, summary (every outcome), `byRule` (every outcome of each rule),
 * `listed` (when not every outcome is listed)
 * and the findings in the order given (the engine sorts them). Laid out as `JSON.stringify(report, null, 2)`
 * would, except that each finding is one line, as `JSON.stringify(finding)` writes it: a third smaller for a
 * fleet, and a diff or `grep` shows whole findings. Written one chunk per finding, so a report of a whole
 * fleet never exists as one string.
 */
export function* formatJson(report: ReportView, _options: ReporterOptions = {}): Generator<string> {
  yield* jsonRanges(report)(0, report.findings.length);
}

/**
 * The JSON report a range of findings at a time: `range(from, to)` renders findings `from` to `to`
 * (exclusive), after the head when `from` is 0 and before the end when `to` reaches the last. The ranges of
 * 0 to the count, joined in order, are `formatJson`'s bytes, so two threads can each render every other few
 * of a fleet's findings. Ask for ranges in increasing order: the findings between them are only stepped over
 * (the engine builds each as it is reached, not its text); an earlier range starts again from the first.
 */
export function jsonRanges(report: ReportView): (from: number, to: number) => Generator<string> {
  const writer = new FindingWriter();
  let findings = report.findings[Symbol.iterator]();
  /** The index of the finding `findings` gives next. */
  let next = 0;
  return function* range(from: number, to: number): Generator<string> {
    const count = report.findings.length;
    const end = Math.min(to, count);
    if (from < next) {
      findings = report.findings[Symbol.iterator]();
      next = 0;
    }
    if (from <= 0) yield* jsonHead(report);
    for (; next < from; next++) findings.next();
    while (next < end) {
      const i = next++;
      const finding = findings.next().value as Finding;
      const text = writer.write(finding) ?? JSON.stringify(toJsonFinding(finding));
      yield `    ${text}${i < count - 1 ? ',' : ''}\n`;
    }
    if (count > 0 && to >= count && from < to) yield '  ]\n}\n';
  };
}

function* jsonHead(report: ReportView): Generator<string> {
  const tool = { name: report.tool.name, version: report.tool.version };
  const packs = report.packs.map((p) => ({ name: p.name, version: p.version }));
  const summary = {
    pass: report.summary.pass,
    fail: report.summary.fail,
    notApplicable: report.summary.notApplicable,
    unknown: report.summary.unknown,
    error: report.summary.error,
    ...(report.summary.waived === undefined ? {} : { waived: report.summary.waived }),
  };
  yield `{\n  "tool": ${indentJson(tool, 1)},\n  "packs": ${indentJson(packs, 1)},\n  "summary": ${indentJson(summary, 1)},\n`;
  // Each rule's version, so a later run given this report as its baseline can tell changed rules.
  const ruleVersions = Object.fromEntries(
    report.rules.map((r) => [r.definition.id, r.definition.version] as const).sort(([a], [b]) => compareText(a, b)),
  );
  yield `  "byRule": ${indentJson(countsByRule(report), 1)},\n  "ruleVersions": ${indentJson(ruleVersions, 1)},\n`;
  const lifecycle = report.lifecycle;
  if (lifecycle?.waivers) yield `  "waivers": ${indentJson({ today: lifecycle.today, ...lifecycle.waivers }, 1)},\n`;
  if (lifecycle?.baseline) yield `  "baseline": ${indentJson(lifecycle.baseline, 1)},\n`;
  // Only when some outcomes are counted but not listed (the CLI's default): which ones `findings` lists.
  if (report.listed) yield `  "listed": ${indentJson(report.listed, 1)},\n`;
  // What to collect: the unknowns by the fact they lack, and the exports that supply it.
  if (report.unknownFacts) yield `  "unknownFacts": ${indentJson(report.unknownFacts, 1)},\n`;
  if (report.excludedRules) yield `  "excludedRules": ${indentJson(report.excludedRules, 1)},\n`;
  yield report.findings.length === 0 ? '  "findings": []\n}\n' : '  "findings": [\n';
}
