// JSON reporter: the machine contract (docs/report.schema.json), streamed a chunk of findings at a time.
import { compareText } from '../engine/errors.js';
import {
  emptySummary,
  evidenceJsonOf,
  evidencePiecesOf,
  type Finding,
  findingsIndexOf,
  hasPlainTarget,
  messageShapeOf,
  type ReportView,
  SUMMARY_OUTCOMES,
  type Summary,
} from '../engine/types.js';
import { indentJson, normalizeLocation } from './common.js';
import type { ReporterOptions } from './reporter.js';
import { HOLE_ID, HOLE_NAME, jsonShape, quoteJson } from './shapes.js';
import { Utf8Sink, utf8 } from './utf8-sink.js';

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

/** Between the JSON of an evidence's values (see `EvidencePieces`). */
const VALUE_SEPARATOR = '\u0000';

const TARGET_NAME = utf8('","name":"');
const MESSAGE = utf8('"},"message":');
/** The same, opening the message's string for its parts. */
const MESSAGE_PARTS = utf8('"},"message":"');
const COLUMN = utf8(',"column":');
/** The column of nearly every finding, with what follows it: the end of the location, perhaps the evidence. */
const COLUMN_1 = utf8(',"column":1}');
const COLUMN_1_EVIDENCE = utf8(',"column":1},"evidence":');
const LOCATION_END = utf8('}');
const EVIDENCE = utf8('},"evidence":');
const FINDING_END = utf8('}\n');
const FINDING_END_COMMA = utf8('},\n');

/** A shape's parts encoded: literal text (escaped for JSON) as UTF-8, holes as they are. */
type ShapeBytes = readonly (Uint8Array | number)[];

/**
 * Writes one finding line of the report (`    <finding>,` and a newline) as UTF-8 bytes, exactly as
 * `JSON.stringify(toJsonFinding(f))` would write the finding, without building the object or its text: what
 * repeats from one finding to the next (the rule's members, the kind, the file, a message's literal text, the
 * evidence's pieces) is encoded once and copied. `write` returns false, having written nothing, for a finding
 * whose fields are not all plain strings and positions; those take the generic path.
 */
class FindingWriter {
  private ruleId: unknown;
  private ruleVersion: unknown;
  private level: unknown;
  /** The opening bytes of the current rule's findings up to the target's id, by outcome, then kind. */
  private heads = new Map<unknown, Map<unknown, Uint8Array | undefined>>();
  /** The last outcome and kind asked for and their head: findings come grouped by rule, outcome and kind. */
  private lastOutcome: unknown;
  private lastKind: unknown;
  private lastHead: Uint8Array | undefined;
  private kind: unknown;
  /** The kind as the contents of its JSON string literal, for a message's hole. */
  private kindText: string | undefined;
  private file: unknown;
  /** `,"location":{"file":<file>,"line":`, after a message written whole. */
  private fileBytes: Uint8Array | undefined;
  /** The same after a message written in parts, closing its string first. */
  private fileAfterParts: Uint8Array | undefined;
  private readonly shapes = new WeakMap<readonly (string | number)[], ShapeBytes | null>();
  private lastShape: readonly (string | number)[] | undefined;
  private lastShapeBytes: ShapeBytes | null = null;
  private readonly pieces = new WeakMap<readonly string[], Uint8Array[]>();
  private lastPieces: readonly string[] | undefined;
  private lastPiecesBytes: Uint8Array[] = [];

  private head(f: Finding): Uint8Array | undefined {
    const outcome = f.outcome;
    const kind = f.target.kind;
    if (f.ruleId !== this.ruleId || f.ruleVersion !== this.ruleVersion || f.level !== this.level) {
      this.ruleId = f.ruleId;
      this.ruleVersion = f.ruleVersion;
      this.level = f.level;
      this.heads = new Map();
    } else if (outcome === this.lastOutcome && kind === this.lastKind) return this.lastHead;
    this.lastOutcome = outcome;
    this.lastKind = kind;
    let byKind = this.heads.get(outcome);
    if (byKind === undefined) {
      byKind = new Map();
      this.heads.set(outcome, byKind);
    }
    this.lastHead = byKind.has(kind) ? byKind.get(kind) : this.newHead(f, byKind);
    return this.lastHead;
  }

  private newHead(f: Finding, byKind: Map<unknown, Uint8Array | undefined>): Uint8Array | undefined {
    const ruleId = quoted(f.ruleId);
    const version = quoted(f.ruleVersion);
    const level = quoted(f.level);
    const outcome = quoted(f.outcome);
    const kind = quoted(f.target.kind);
    const head =
      ruleId === undefined ||
      version === undefined ||
      level === undefined ||
      outcome === undefined ||
      kind === undefined
        ? undefined
        : utf8(
            `    {"ruleId":${ruleId},"ruleVersion":${version},"level":${level},"outcome":${outcome},"target":{"kind":${kind},"id":"`,
          );
    byKind.set(f.target.kind, head);
    return head;
  }

  /** The message's shape encoded, or null when the message is written whole (see `jsonShape`). */
  private shapeBytes(f: Finding): ShapeBytes | null {
    const shape = messageShapeOf(f);
    if (shape === undefined) return null;
    if (shape === this.lastShape) return this.lastShapeBytes;
    let bytes = this.shapes.get(shape);
    if (bytes === undefined) {
      const parts = jsonShape(shape);
      bytes = parts === null ? null : parts.map((part) => (typeof part === 'string' ? utf8(part) : part));
      this.shapes.set(shape, bytes);
    }
    this.lastShape = shape;
    this.lastShapeBytes = bytes;
    return bytes;
  }

  private piecesBytes(pieces: readonly string[]): Uint8Array[] {
    if (pieces === this.lastPieces) return this.lastPiecesBytes;
    let bytes = this.pieces.get(pieces);
    if (bytes === undefined) {
      bytes = pieces.map(utf8);
      this.pieces.set(pieces, bytes);
    }
    this.lastPieces = pieces;
    this.lastPiecesBytes = bytes;
    return bytes;
  }

  write(f: Finding, last: boolean, out: Utf8Sink): boolean {
    const { target, location } = f;
    if (f.waiver !== undefined || f.expiredWaiver !== undefined) return false;
    if (location.file !== this.file) {
      const file = quoted(location.file);
      this.file = location.file;
      this.fileBytes = file === undefined ? undefined : utf8(`,"location":{"file":${file},"line":`);
      this.fileAfterParts = file === undefined ? undefined : utf8(`","location":{"file":${file},"line":`);
    }
    if (target.kind !== this.kind) {
      this.kind = target.kind;
      this.kindText = quoted(target.kind)?.slice(1, -1);
    }
    const fileBytes = this.fileBytes;
    const kind = this.kindText;
    // The engine's findings say when the target needs no escaping; then quoting is just the quotes.
    const plain = hasPlainTarget(f);
    const id = plain ? target.id : quoted(target.id)?.slice(1, -1);
    const name = plain ? target.name : quoted(target.name)?.slice(1, -1);
    const { line, column } = location;
    if (fileBytes === undefined || kind === undefined || id === undefined || name === undefined) return false;
    if (!isPosition(line) || !isPosition(column)) return false;
    const head = this.head(f);
    if (head === undefined) return false;
    const shape = this.shapeBytes(f);
    const message = shape === null ? quoted(f.message) : undefined;
    if (shape === null && message === undefined) return false;
    const state = f.baselineState;
    if (state !== undefined && typeof state !== 'string') return false;
    const pieces = evidencePiecesOf(f);
    const evidence = pieces === undefined ? evidenceMember(f) : '';

    out.raw(head);
    out.text(id);
    out.raw(TARGET_NAME);
    out.text(name);
    if (shape === null) {
      out.raw(MESSAGE);
      out.text(message as string);
      out.raw(fileBytes);
    } else {
      out.raw(MESSAGE_PARTS);
      for (const part of shape) {
        if (typeof part !== 'number') out.raw(part);
        else out.text(part === HOLE_ID ? id : part === HOLE_NAME ? name : kind);
      }
      out.raw(this.fileAfterParts as Uint8Array);
    }
    out.integer(line);
    if (column === 1) out.raw(pieces ? COLUMN_1_EVIDENCE : COLUMN_1);
    else {
      out.raw(COLUMN);
      out.integer(column);
      out.raw(pieces ? EVIDENCE : LOCATION_END);
    }
    if (pieces) {
      const bytes = this.piecesBytes(pieces.pieces);
      out.raw(bytes[0] as Uint8Array);
      if (bytes.length === 2) {
        out.text(pieces.values);
        out.raw(bytes[1] as Uint8Array);
      } else if (bytes.length > 2) {
        const values = pieces.values.split(VALUE_SEPARATOR);
        for (let i = 1; i < bytes.length; i++) {
          out.text(values[i - 1] as string);
          out.raw(bytes[i] as Uint8Array);
        }
      }
    } else out.text(evidence);
    if (state !== undefined) out.text(`,"baselineState":${JSON.stringify(state)}`);
    out.raw(last ? FINDING_END : FINDING_END_COMMA);
    return true;
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

/** Findings rendered into one chunk of `formatJson`: about 0.7 MB of a fleet's report with evidence. */
const CHUNK_FINDINGS = 1024;

/**
 * Renders the JSON report: tool, packs, summary (every outcome), `byRule` (every outcome of each rule),
 * `listed` (when not every outcome is listed)
 * and the findings in the order given (the engine sorts them). Laid out as `JSON.stringify(report, null, 2)`
 * would, except that each finding is one line, as `JSON.stringify(finding)` writes it: a third smaller for a
 * fleet, and a diff or `grep` shows whole findings. Written a chunk of findings at a time, so a report of a
 * whole fleet never exists as one string.
 */
export function* formatJson(report: ReportView, _options: ReporterOptions = {}): Generator<string> {
  const range = jsonRanges(report);
  const count = report.findings.length;
  const out = new Utf8Sink();
  for (let from = 0; from === 0 || from < count; from += CHUNK_FINDINGS) {
    out.clear();
    range(from, Math.min(count, from + CHUNK_FINDINGS), out);
    yield out.decoded();
  }
}

/**
 * The JSON report a range of findings at a time, as UTF-8: `range(from, to, out)` writes findings `from` to
 * `to` (exclusive) into `out`, after the head when `from` is 0 and before the end when `to` reaches the last.
 * The ranges of 0 to the count, joined in order, are `formatJson`'s bytes, so two threads can each render
 * every other few of a fleet's findings. Ask for ranges in increasing order: the findings between them are
 * only stepped over (the engine builds each as it is reached, not its text); an earlier range starts again
 * from the first.
 */
export function jsonRanges(report: ReportView): (from: number, to: number, out: Utf8Sink) => void {
  const writer = new FindingWriter();
  let findings = report.findings[Symbol.iterator]();
  /** The index of the finding `findings` gives next. */
  let next = 0;
  return (from, to, out) => {
    const count = report.findings.length;
    const end = Math.min(to, count);
    if (from < next) {
      findings = report.findings[Symbol.iterator]();
      next = 0;
    }
    if (from <= 0) for (const text of jsonHead(report)) out.text(text);
    for (; next < from; next++) findings.next();
    while (next < end) {
      const last = next++ === count - 1;
      const finding = findings.next().value as Finding;
      if (!writer.write(finding, last, out))
        out.text(`    ${JSON.stringify(toJsonFinding(finding))}${last ? '' : ','}\n`);
    }
    if (count > 0 && to >= count && from < to) out.text('  ]\n}\n');
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
