// Sealed findings: a store's rows read back as findings in report order, built only as they are reached.

import {
  type EvidenceList,
  evidenceJson,
  evidenceOf,
  evidencePieces,
  type PackedEvidence,
  packEvidence,
  viewEvidence,
} from '../evaluate/evidence-table.js';
import { renderShape, type Shape } from '../evaluate/messages.js';
import {
  type BaselineState,
  EVIDENCE_JSON,
  EVIDENCE_PIECES,
  type Evidence,
  type EvidencePieces,
  emptySummary,
  FINDINGS_INDEX,
  type Finding,
  type FindingList,
  type FindingsIndex,
  type Level,
  MESSAGE_SHAPE,
  type EngineOutcome as Outcome,
  type RuleSkipper,
  type SourceLocation,
  type Summary,
  TARGET_PLAIN,
  type TargetKind,
  type WaiverRef,
} from '../types.js';
import {
  type Column,
  type Columns,
  FixedColumn,
  KINDS_BY_CODE,
  OUTCOMES_BY_CODE,
  type PackedStrings,
} from './columns.js';
import { PAREN, PLAIN } from './target-table.js';

const OUTCOME_UNKNOWN = OUTCOMES_BY_CODE.indexOf('unknown');

/** Where a rule's report metadata comes from. */
export interface RuleInfo {
  id: string;
  version: string;
  pack: string;
  level: Level;
}

/** Text by index: a list of strings (see `TargetTable.texts`), or strings packed into one (`PackedStrings`). */
interface Texts {
  text(index: number): string;
  /** All of them packed, to send. */
  packed(): PackedStrings;
}

/**
 * Packed strings read in place: each is sliced out when asked for, so none of them lives long. Those of a
 * borrowed range are read from `own`, the strings this thread kept under the range's key.
 */
export function packedTexts(packed: PackedStrings, own?: OwnTexts): Texts {
  const { text, ends, entries, borrowed } = packed;
  const slice = (entry: number) => text.slice(entry === 0 ? 0 : (ends[entry - 1] as number), ends[entry] as number);
  let at = slice;
  if (borrowed) {
    const kept = own?.(borrowed.key);
    if (!kept || kept.length !== borrowed.count) throw new Error(`the strings kept as ${borrowed.key} are not here`);
    const { from, count } = borrowed;
    at = (entry) => (entry >= from && entry < from + count ? (kept[entry - from] as string) : slice(entry));
  }
  return {
    text: entries ? (index) => at(entries[index] as number) : at,
    packed: () => packed,
  };
}

/** The ids or the names this thread kept under a key (see `BorrowedRange`), if any. */
export type OwnTexts = (key: number) => readonly string[] | undefined;

/** What findings are read from: the store's target table, files and shapes (or a copy of them). */
export interface FindingSource {
  targets: { kinds: Column; flags: Column; ids: Texts; names: Texts };
  files: { values: readonly string[] };
  shapes: readonly Shape[];
  /** The evidence of each shape, by id; absent or undefined for shapes without. */
  evidence?: EvidenceList & { length: number };
}

/** One rule's rows in report order, or findings kept as they are. */
export interface Section {
  info?: RuleInfo;
  columns?: Columns;
  /** The rows listed (their outcome is listed), in report order. */
  order?: Uint32Array;
  /** Every outcome of the rule, listed or not. */
  total?: Summary;
  plain?: Finding[];
}

/** One pass over a section's listed rows: their outcomes counted, and whether no target's id holds " (". */
interface RowScan {
  counts: Summary;
  distinct: boolean;
}

/** Two rules' counts added (a copy of `b` when there is no `a`). */
function addCounts(a: Summary | undefined, b: Summary): Summary {
  const sum = { ...b };
  if (a) for (const outcome of OUTCOMES_BY_CODE) sum[outcome] = (a[outcome] ?? 0) + (b[outcome] ?? 0);
  return sum;
}

function scanRows(order: Uint32Array, columns: Columns, flags: Column): RowScan {
  const codes = new Uint32Array(OUTCOMES_BY_CODE.length);
  const outcomes = columns.outcomes.view();
  const targets = columns.targets.view();
  const flagsOf = flags.view();
  let paren = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as number;
    const code = outcomes[row] as number;
    codes[code] = (codes[code] as number) + 1;
    paren |= (flagsOf[targets[row] as number] as number) & PAREN;
  }
  const counts = emptySummary();
  codes.forEach((n, code) => {
    counts[OUTCOMES_BY_CODE[code] as Outcome] = n;
  });
  return { counts, distinct: paren === 0 };
}

/** What `StoredFindings` counts of its findings. */
interface Counted {
  length: number;
  summary: Summary;
  unlisted: Record<string, Summary>;
  index: FindingsIndex;
}

/** Sealed findings as plain data (typed arrays and strings), for another thread to write reports from. */
export interface PortableFindings {
  counted?: Counted;
  kinds: Uint32Array;
  flags: Uint32Array;
  /** Target ids and names, packed: sending a million strings costs both threads far more than one string. */
  ids: PackedStrings;
  names: PackedStrings;
  files: readonly string[];
  shapes: readonly Shape[];
  evidence?: PackedEvidence;
  sections: {
    info?: RuleInfo;
    order?: Uint32Array;
    total?: Summary;
    columns?: Record<keyof Columns, Uint32Array>;
    plain?: Finding[];
  }[];
}

/**
 * A finding read from the store: its fields are read from the columns when first asked for, and its message
 * is rendered each time it is read, so passes that look only at outcomes and levels build next to nothing.
 */
export class StoredFinding implements Finding {
  private cachedTarget: Finding['target'] | undefined;
  private cachedLocation: SourceLocation | undefined;
  /** Set by the lifecycle stage (engine/lifecycle/lifecycle.ts) as it hands the finding on; declared so every finding has one shape. */
  waiver: WaiverRef | undefined = undefined;
  expiredWaiver: WaiverRef | undefined = undefined;
  baselineState: BaselineState | undefined = undefined;

  constructor(
    private readonly store: FindingSource,
    private readonly section: Required<Omit<Section, 'plain'>>,
    private readonly row: number,
  ) {}

  get ruleId(): string {
    return this.section.info.id;
  }
  get ruleVersion(): string {
    return this.section.info.version;
  }
  get pack(): string {
    return this.section.info.pack;
  }
  get level(): Level {
    return this.section.info.level;
  }
  get outcome(): Finding['outcome'] {
    return this.waiver === undefined
      ? (OUTCOMES_BY_CODE[this.section.columns.outcomes.get(this.row)] as Outcome)
      : 'waived';
  }
  get messageId(): Finding['messageId'] {
    return OUTCOMES_BY_CODE[this.section.columns.outcomes.get(this.row)] as Outcome;
  }
  get target(): Finding['target'] {
    if (this.cachedTarget === undefined) {
      const { targets } = this.store;
      const ordinal = this.section.columns.targets.get(this.row);
      this.cachedTarget = {
        kind: KINDS_BY_CODE[targets.kinds.get(ordinal)] as TargetKind,
        id: targets.ids.text(ordinal),
        name: targets.names.text(ordinal),
      };
    }
    return this.cachedTarget;
  }
  get location(): SourceLocation {
    if (this.cachedLocation === undefined) {
      const { columns } = this.section;
      this.cachedLocation = {
        file: this.store.files.values[columns.files.get(this.row)] as string,
        line: columns.lines.get(this.row),
        column: columns.columns.get(this.row),
      };
    }
    return this.cachedLocation;
  }
  get [TARGET_PLAIN](): boolean {
    return (this.store.targets.flags.get(this.section.columns.targets.get(this.row)) & PLAIN) !== 0;
  }
  get [MESSAGE_SHAPE](): Shape {
    return this.store.shapes[this.section.columns.shapes.get(this.row)] as Shape;
  }
  /** Built from the stored evidence each time it is read (see `evidenceOf`). */
  get evidence(): Evidence | undefined {
    const stored = this.store.evidence?.at(this.section.columns.shapes.get(this.row));
    return stored && evidenceOf(stored);
  }
  get [EVIDENCE_JSON](): string | undefined {
    const stored = this.store.evidence?.at(this.section.columns.shapes.get(this.row));
    return stored && evidenceJson(stored);
  }
  get [EVIDENCE_PIECES](): EvidencePieces | undefined {
    const stored = this.store.evidence?.at(this.section.columns.shapes.get(this.row));
    return stored && evidencePieces(stored);
  }
  get message(): string {
    const { targets, shapes } = this.store;
    const ordinal = this.section.columns.targets.get(this.row);
    const shape = shapes[this.section.columns.shapes.get(this.row)] as Shape;
    const kind = KINDS_BY_CODE[targets.kinds.get(ordinal)] as TargetKind;
    return renderShape(shape, targets.ids.text(ordinal), targets.names.text(ordinal), kind);
  }

  /** A plain object with the rendered message, as the engine's `createFinding` makes. */
  toJSON(): Finding {
    const evidence = this.evidence;
    return {
      ruleId: this.ruleId,
      ruleVersion: this.ruleVersion,
      pack: this.pack,
      level: this.level,
      outcome: this.outcome,
      messageId: this.messageId,
      target: { ...this.target },
      message: this.message,
      location: { ...this.location },
      ...(evidence ? { evidence } : {}),
      ...(this.waiver ? { waiver: this.waiver } : {}),
      ...(this.expiredWaiver ? { expiredWaiver: this.expiredWaiver } : {}),
      ...(this.baselineState ? { baselineState: this.baselineState } : {}),
    };
  }
}

/** The rule id of a section's findings (a rule's pack may reuse the built-in input rule's id). */
function ruleIdOf(section: Section | undefined): string | undefined {
  return section?.info?.id ?? section?.plain?.[0]?.ruleId;
}

/** Walks the sections in order, building each finding as it is reached. */
class FindingCursor implements Iterator<Finding>, RuleSkipper {
  private section = 0;
  private index = 0;

  constructor(
    private readonly store: FindingSource,
    private readonly sections: readonly Section[],
  ) {}

  next(): IteratorResult<Finding> {
    while (this.section < this.sections.length) {
      const section = this.sections[this.section] as Section;
      if (section.plain) {
        if (this.index < section.plain.length) return { value: section.plain[this.index++] as Finding, done: false };
      } else {
        const order = section.order as Uint32Array;
        if (this.index < order.length) {
          const row = order[this.index++] as number;
          return {
            value: new StoredFinding(this.store, section as Required<Omit<Section, 'plain'>>, row),
            done: false,
          };
        }
      }
      this.section++;
      this.index = 0;
    }
    return { value: undefined, done: true };
  }

  /** Passes over the rest of the section (one rule's findings) of the finding given last. */
  skipRule(): void {
    const id = ruleIdOf(this.sections[this.section]);
    do this.section++;
    while (this.section < this.sections.length && ruleIdOf(this.sections[this.section]) === id);
    this.index = 0;
  }
}

/**
 * The findings of a store in report order. Iterating creates each finding as it is reached and renders
 * its message only when read, so a fleet's findings never exist as objects all at once.
 */
export class StoredFindings implements FindingList {
  readonly length: number;
  /** Every outcome, listed or not. */
  readonly summary: Summary;
  /** Outcomes evaluated but not listed as findings, by rule id (rules with some only). */
  readonly unlisted: Record<string, Summary> = {};

  constructor(
    private readonly store: FindingSource,
    private readonly sections: readonly Section[],
    /** What another thread's copy already counted (see `toPortable`): then nothing is counted again. */
    counted?: Counted,
  ) {
    if (counted) {
      this.length = counted.length;
      this.summary = counted.summary;
      this.unlisted = counted.unlisted;
      this[FINDINGS_INDEX] = counted.index;
      return;
    }
    const summary = emptySummary();
    let length = 0;
    const scans = new Map<Section, RowScan>();
    for (const section of sections) {
      if (section.plain) {
        for (const f of section.plain) summary[f.outcome]++;
        length += section.plain.length;
      } else if (section.order && section.columns) {
        const scan = scanRows(section.order, section.columns, this.store.targets.flags);
        scans.set(section, scan);
        const listed = scan.counts;
        const total = section.total ?? listed;
        let hidden = 0;
        const unlisted = emptySummary();
        for (const outcome of OUTCOMES_BY_CODE) {
          summary[outcome] += total[outcome];
          unlisted[outcome] = total[outcome] - listed[outcome];
          hidden += unlisted[outcome];
        }
        if (hidden > 0 && section.info) this.unlisted[section.info.id] = unlisted;
        length += section.order.length;
      }
    }
    this.length = length;
    this.summary = summary;
    this[FINDINGS_INDEX] = this.index(scans);
  }

  readonly [FINDINGS_INDEX]: FindingsIndex;

  private index(scans: ReadonlyMap<Section, RowScan>): FindingsIndex {
    const byRule = new Map<string, Summary>();
    const levels = new Map<string, Level>();
    const distinctTargets = new Set<string>();
    for (const section of this.sections) {
      if (section.plain) {
        const counts = emptySummary();
        for (const f of section.plain) counts[f.outcome]++;
        const first = section.plain[0];
        if (first) {
          byRule.set(first.ruleId, addCounts(byRule.get(first.ruleId), counts));
          if (!levels.has(first.ruleId)) levels.set(first.ruleId, first.level);
        }
        continue;
      }
      const scan = scans.get(section);
      if (!section.info || !scan) continue;
      byRule.set(section.info.id, addCounts(byRule.get(section.info.id), scan.counts));
      if (!levels.has(section.info.id)) levels.set(section.info.id, section.info.level);
      // A store holds each target once (ids are unique per kind): only " (" can make descriptions coincide.
      if (scan.distinct) distinctTargets.add(section.info.id);
    }
    return { byRule, levels, distinctTargets };
  }

  [Symbol.iterator](): Iterator<Finding> {
    return new FindingCursor(this.store, this.sections);
  }

  /** Whether any finding's outcome and level satisfy `test`, without building findings. */
  some(test: (f: Pick<Finding, 'outcome' | 'level'>) => boolean): boolean {
    for (const section of this.sections) {
      if (section.plain) {
        if (section.plain.some(test)) return true;
        continue;
      }
      const { info, columns } = section as Required<Section>;
      const seen = new Set<number>();
      for (const row of section.order ?? []) seen.add(columns.outcomes.get(row));
      for (const code of seen) if (test({ outcome: OUTCOMES_BY_CODE[code] as Outcome, level: info.level })) return true;
    }
    return false;
  }

  /**
   * The unknown outcomes listed, by the fact whose absence made them unknown (an outcome missing two facts counts
   * for both; one whose evidence names none counts under `''`): how many, and of which rules. Reads the columns,
   * so a fleet's findings are not built for it.
   */
  unknownsByFact(): Map<string, { outcomes: number; rules: Set<string> }> {
    const out = new Map<string, { outcomes: number; rules: Set<string> }>();
    const count = (fact: string, ruleId: string, n: number) => {
      let entry = out.get(fact);
      if (!entry) {
        entry = { outcomes: 0, rules: new Set() };
        out.set(fact, entry);
      }
      entry.outcomes += n;
      entry.rules.add(ruleId);
    };
    const countMissing = (missing: readonly string[] | undefined, ruleId: string, n: number) => {
      if (!missing || missing.length === 0) count('', ruleId, n);
      else for (const fact of missing) count(fact, ruleId, n);
    };
    for (const section of this.sections) {
      if (section.plain) {
        for (const f of section.plain) if (f.outcome === 'unknown') countMissing(f.evidence?.missing, f.ruleId, 1);
        continue;
      }
      if (!section.info || !section.order || !section.columns) continue;
      const outcomes = section.columns.outcomes.view();
      const shapes = section.columns.shapes.view();
      const perShape = new Map<number, number>();
      for (const row of section.order) {
        if (outcomes[row] !== OUTCOME_UNKNOWN) continue;
        const shape = shapes[row] as number;
        perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      }
      for (const [shape, n] of perShape) countMissing(this.store.evidence?.at(shape)?.form.missing, section.info.id, n);
    }
    return out;
  }

  /** The findings as plain data, for another thread (`fromPortable`). */
  toPortable(): PortableFindings {
    const { targets, files, shapes } = this.store;
    return {
      kinds: targets.kinds.view().slice(),
      flags: targets.flags.view().slice(),
      ids: targets.ids.packed(),
      names: targets.names.packed(),
      files: files.values,
      shapes,
      ...(this.store.evidence ? { evidence: packEvidence(this.store.evidence) } : {}),
      sections: this.sections.map((section) => {
        if (section.plain || !section.columns) return { plain: section.plain ?? [] };
        const c = section.columns;
        const columns = {
          targets: c.targets.view(),
          outcomes: c.outcomes.view(),
          shapes: c.shapes.view(),
          files: c.files.view(),
          lines: c.lines.view(),
          columns: c.columns.view(),
        };
        return { info: section.info, order: section.order, total: section.total, columns };
      }),
      counted: { length: this.length, summary: this.summary, unlisted: this.unlisted, index: this[FINDINGS_INDEX] },
    };
  }

  /**
   * Findings made from `toPortable` data, in the same order, with the same messages; `own` gives the ids and
   * names this thread kept that the data left out (see `BorrowedRange`).
   */
  static fromPortable(data: PortableFindings, own?: { ids: OwnTexts; names: OwnTexts }): StoredFindings {
    const source: FindingSource = {
      targets: {
        kinds: new FixedColumn(data.kinds),
        flags: new FixedColumn(data.flags),
        ids: packedTexts(data.ids, own?.ids),
        names: packedTexts(data.names, own?.names),
      },
      files: { values: data.files },
      shapes: data.shapes,
      ...(data.evidence ? { evidence: viewEvidence(data.evidence) } : {}),
    };
    const fixed = (c: Record<keyof Columns, Uint32Array>): Columns => ({
      targets: new FixedColumn(c.targets),
      outcomes: new FixedColumn(c.outcomes),
      shapes: new FixedColumn(c.shapes),
      files: new FixedColumn(c.files),
      lines: new FixedColumn(c.lines),
      columns: new FixedColumn(c.columns),
    });
    const sections = data.sections.map(
      (s): Section =>
        s.plain || !s.columns
          ? { plain: s.plain ?? [] }
          : { info: s.info, order: s.order, total: s.total, columns: fixed(s.columns) },
    );
    return new StoredFindings(source, sections, data.counted);
  }

  /** Every finding as a plain object, messages rendered: the `Report.findings` of the library API. */
  toArray(): Finding[] {
    const out: Finding[] = [];
    for (const f of this) out.push(f instanceof StoredFinding ? f.toJSON() : f);
    return out;
  }
}
