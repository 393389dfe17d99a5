// Compact results: a row of numbers per (rule, target), each target's id and name once, messages as shapes.
import type { CompiledRule } from './compile.js';
import { compareText } from './errors.js';
import { renderShape, type Shape } from './messages.js';
import { mergeByKey, sortByKey } from './sort.js';
import {
  FINDINGS_INDEX,
  type Finding,
  type FindingList,
  type FindingsIndex,
  type Level,
  MESSAGE_SHAPE,
  type Outcome,
  type SourceLocation,
  type Summary,
  TARGET_PLAIN,
  type TargetKind,
} from './types.js';

export const OUTCOMES_BY_CODE: readonly Outcome[] = ['pass', 'fail', 'notApplicable', 'unknown', 'error'];
export const OUTCOME_CODE: Readonly<Record<Outcome, number>> = {
  pass: 0,
  fail: 1,
  notApplicable: 2,
  unknown: 3,
  error: 4,
};
export const KINDS_BY_CODE: readonly TargetKind[] = ['organization', 'device', 'server'];

/** A set of outcomes as bits (`1 << OUTCOME_CODE[outcome]`). */
export function outcomeMask(outcomes: readonly Outcome[]): number {
  let mask = 0;
  for (const outcome of outcomes) mask |= 1 << OUTCOME_CODE[outcome];
  return mask;
}

/** Every outcome. */
export const ALL_OUTCOMES = outcomeMask(OUTCOMES_BY_CODE);

function emptySummary(): Summary {
  return { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
}
export const KIND_CODE: Readonly<Record<TargetKind, number>> = { organization: 0, device: 1, server: 2 };

/** A growable array of unsigned integers. */
export class UintList {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
  get(index: number): number {
    return this.data[index] as number;
  }
  /** Appends every value of `values` plus `add`. */
  append(values: Uint32Array, add: number): void {
    if (this.length + values.length > this.data.length) {
      const grown = new Uint32Array(Math.max(this.data.length * 2, this.length + values.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    if (add === 0) this.data.set(values, this.length);
    else for (let i = 0; i < values.length; i++) this.data[this.length + i] = (values[i] as number) + add;
    this.length += values.length;
  }
  set(index: number, value: number): void {
    this.data[index] = value;
  }
  /** The values, without spare capacity. */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Target flags. */
export const DEAD = 1;
/** Id and name go into JSON and XML unescaped: no character either escapes, no white space at either end. */
export const PLAIN = 2;
/** The id holds " (": two targets' descriptions (`kind id (name)`) could then coincide. */
export const PAREN = 4;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ESCAPED = /[&<>"'\\\t\n\r\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|^\s|\s$/;

function targetFlags(id: string, name: string): number {
  return (ESCAPED.test(id) || ESCAPED.test(name) ? 0 : PLAIN) | (id.includes(' (') ? PAREN : 0);
}

/** Every target evaluated: kind, id and name, and flags; a target is referred to by its index (ordinal). */
export class TargetTable {
  readonly kinds = new UintList();
  readonly flags = new UintList();
  readonly ids: string[] = [];
  readonly names: string[] = [];

  private readonly sorted = new Map<TargetKind, Uint32Array>();
  /**
   * Targets another thread added and sorted (see `addSorted`): for each kind, their ordinals here in id order;
   * sorting that kind then sorts only the other targets and merges the two runs.
   */
  private readonly presorted = new Map<TargetKind, Uint32Array>();

  /** Says that the targets at ordinals `order`, all of `kind`, are in id order: another thread sorted them. */
  addSorted(kind: TargetKind, order: Uint32Array): void {
    const earlier = this.presorted.get(kind);
    this.presorted.set(kind, earlier ? mergeByKey(earlier, order, this.ids) : order);
    this.sorted.delete(kind);
  }

  /** Adds a target; `flags` when already worked out (by another thread), else from its id and name. */
  add(kind: TargetKind, id: string, name: string, flags = targetFlags(id, name)): number {
    // Only the order of its own kind changes (the organization is added after the assets were sorted).
    this.sorted.delete(kind);
    this.before = undefined;
    this.ids.push(id);
    this.names.push(name);
    this.flags.push(flags);
    return this.kinds.push(KIND_CODE[kind]);
  }

  get size(): number {
    return this.ids.length;
  }

  isDead(ordinal: number): boolean {
    return (this.flags.get(ordinal) & DEAD) !== 0;
  }

  /** Leaves a target out of the report: it was merged into another. */
  kill(ordinal: number): void {
    this.sorted.delete(KINDS_BY_CODE[this.kinds.get(ordinal)] as TargetKind);
    this.flags.set(ordinal, this.flags.get(ordinal) | DEAD);
  }

  /**
   * The ids and names as they were before the last `permute`, and the ordinal each target had then, by its
   * ordinal now: sending them in that order is faster (see `listTexts`).
   */
  before: { ids: readonly string[]; names: readonly string[]; entries: Uint32Array } | undefined;

  /** Moves every target to ordinal `to[ordinal]` (a permutation). */
  permute(to: Uint32Array): void {
    this.presorted.clear();
    const ids = this.ids.slice();
    const names = this.names.slice();
    const entries = new Uint32Array(to.length);
    for (let from = 0; from < to.length; from++) entries[to[from] as number] = from;
    this.before = { ids, names, entries };
    const kinds = this.kinds.view().slice();
    const flags = this.flags.view().slice();
    for (let from = 0; from < to.length; from++) {
      const at = to[from] as number;
      this.ids[at] = ids[from] as string;
      this.names[at] = names[from] as string;
      this.kinds.set(at, kinds[from] as number);
      this.flags.set(at, flags[from] as number);
    }
    this.sorted.clear();
  }

  /** Ordinals of the live targets of one kind, sorted by id (code-unit order). Do not modify. */
  sortedOrdinals(kind: TargetKind): Uint32Array {
    let sorted = this.sorted.get(kind);
    if (!sorted) {
      sorted = this.sortOrdinals(kind);
      this.sorted.set(kind, sorted);
    }
    return sorted;
  }

  private sortOrdinals(kind: TargetKind): Uint32Array {
    const code = KIND_CODE[kind];
    const kinds = this.kinds.view();
    const flags = this.flags.view();
    let n = 0;
    for (let i = 0; i < kinds.length; i++) if (kinds[i] === code && ((flags[i] as number) & DEAD) === 0) n++;
    const presorted = this.presorted.get(kind);
    const elsewhere = new Uint8Array(presorted ? kinds.length : 0);
    let sortedLive = 0;
    if (presorted) {
      for (const ordinal of presorted) {
        elsewhere[ordinal] = 1;
        if (((flags[ordinal] as number) & DEAD) === 0) sortedLive++;
      }
    }
    const items = new Uint32Array(n - sortedLive);
    let m = 0;
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] === code && ((flags[i] as number) & DEAD) === 0 && elsewhere[i] !== 1) items[m++] = i;
    }
    sortByKey(items, this.ids);
    if (!presorted) return items;
    const live = presorted.filter((ordinal) => ((flags[ordinal] as number) & DEAD) === 0);
    return mergeByKey(items, live, this.ids);
  }
}

/** The results of one rule: parallel columns, one row per target the rule was evaluated on. */
export class RuleColumns {
  readonly targets = new UintList(256);
  readonly outcomes = new UintList(256);
  readonly shapes = new UintList(256);
  readonly files = new UintList(256);
  readonly lines = new UintList(256);
  readonly columns = new UintList(256);

  add(target: number, outcome: number, shape: number, file: number, line: number, column: number): void {
    this.targets.push(target);
    this.outcomes.push(outcome);
    this.shapes.push(shape);
    this.files.push(file);
    this.lines.push(line);
    this.columns.push(column);
  }
}

/** Findings that were not evaluated from a compiled rule (unreadable input rows), kept as they are. */
export interface PlainGroup {
  ruleId: string;
  findings: Finding[];
}

/** Where a rule's report metadata comes from. */
export interface RuleInfo {
  id: string;
  version: string;
  pack: string;
  level: Level;
}

function infoOf(rule: CompiledRule): RuleInfo {
  const def = rule.loaded.definition;
  return { id: def.id, version: def.version, pack: rule.loaded.pack.name, level: def.severity };
}

/** Interns strings (file paths) as small numbers. */
export class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  intern(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.index.set(value, id);
    }
    return id;
  }
}

/** Results of an evaluation in compact form. `seal` sorts them into a `FindingList`. */
export class ResultStore {
  readonly targets = new TargetTable();
  readonly files = new StringTable();
  readonly columns: RuleColumns[];
  readonly shapes: Shape[];

  constructor(
    readonly rules: readonly CompiledRule[],
    shapes: Shape[],
  ) {
    this.columns = rules.map(() => new RuleColumns());
    this.shapes = shapes;
  }

  /** Records one outcome. */
  add(rule: CompiledRule, target: number, outcome: Outcome, shape: number, location: SourceLocation): void {
    const file = this.files.intern(location.file);
    (this.columns[rule.index] as RuleColumns).add(
      target,
      OUTCOME_CODE[outcome],
      shape,
      file,
      location.line,
      location.column,
    );
  }

  /** Records one outcome at a position whose file is already interned. */
  addAt(
    rule: CompiledRule,
    target: number,
    outcome: Outcome,
    shape: number,
    file: number,
    line: number,
    column: number,
  ): void {
    (this.columns[rule.index] as RuleColumns).add(target, OUTCOME_CODE[outcome], shape, file, line, column);
  }

  /**
   * Sorts the results into report order: by rule id, then target kind, then target id. Renumbers the targets
   * in that order: call it once, after the last target was added. Only outcomes in `listed` (a mask, see
   * `outcomeMask`) become findings; the others are only counted (the summary counts every outcome).
   */
  seal(plain: readonly PlainGroup[] = [], listed = ALL_OUTCOMES): StoredFindings {
    const rank = new Uint32Array(this.targets.size);
    let next = 0;
    for (const kind of KINDS_BY_CODE) {
      for (const ordinal of this.targets.sortedOrdinals(kind)) rank[ordinal] = next++;
    }
    const groups: Group[] = [
      ...this.rules.map((rule): Group => ({ id: rule.loaded.definition.id, rule })),
      ...plain.map((p): Group => ({ id: p.ruleId, plain: p.findings })),
    ].sort((a, b) => compareText(a.id, b.id));
    const sections: Section[] = [];
    let slots: Int32Array | undefined;
    const lazySlots = () => {
      slots ??= new Int32Array(rank.length);
      return slots;
    };
    for (const group of groups) {
      if (group.rule) {
        const columns = this.columns[group.rule.index] as RuleColumns;
        const total = emptySummary();
        const order = this.orderRows(columns, { rank, slots: lazySlots, listed, total });
        sections.push({ info: infoOf(group.rule), columns, order, total });
      } else if (group.plain && group.plain.length > 0) {
        sections.push({ plain: group.plain });
      }
    }
    // Reports read targets in rank order: lay the table out in that order, so reading is sequential, not a
    // jump through a million scattered entries per finding.
    for (let ordinal = 0; ordinal < rank.length; ordinal++) if (this.targets.isDead(ordinal)) rank[ordinal] = next++;
    this.targets.permute(rank);
    for (const columns of this.columns) {
      const targets = columns.targets.view();
      for (let row = 0; row < targets.length; row++) targets[row] = rank[targets[row] as number] as number;
    }
    const { targets } = this;
    const source: FindingSource = {
      targets: {
        kinds: targets.kinds,
        flags: targets.flags,
        ids: listTexts(targets.ids, targets.before && { values: targets.before.ids, entries: targets.before.entries }),
        names: listTexts(
          targets.names,
          targets.before && { values: targets.before.names, entries: targets.before.entries },
        ),
      },
      files: this.files,
      shapes: this.shapes,
    };
    return new StoredFindings(source, sections);
  }

  /**
   * Row indexes of the listed outcomes of live targets, in rank order; counts every live outcome into
   * `total`. Rows are appended in evaluation order, often already sorted.
   */
  private orderRows(
    columns: RuleColumns,
    how: { rank: Uint32Array; slots: () => Int32Array; listed: number; total: Summary },
  ): Uint32Array {
    const { rank, listed } = how;
    const targets = columns.targets.view();
    const outcomes = columns.outcomes.view();
    const flags = this.targets.flags.view();
    const counts = new Uint32Array(OUTCOMES_BY_CODE.length);
    let live = 0;
    let sorted = true;
    let last = -1;
    for (let row = 0; row < targets.length; row++) {
      const ordinal = targets[row] as number;
      if (((flags[ordinal] as number) & DEAD) !== 0) continue;
      const outcome = outcomes[row] as number;
      counts[outcome] = (counts[outcome] as number) + 1;
      if (((1 << outcome) & listed) === 0) continue;
      const r = rank[ordinal] as number;
      if (r < last) sorted = false;
      last = r;
      live++;
    }
    counts.forEach((n, code) => {
      how.total[OUTCOMES_BY_CODE[code] as Outcome] += n;
    });
    const keep = (row: number) =>
      ((flags[targets[row] as number] as number) & DEAD) === 0 && ((1 << (outcomes[row] as number)) & listed) !== 0;
    const rows = new Uint32Array(live);
    if (sorted) {
      let i = 0;
      for (let row = 0; row < targets.length; row++) if (keep(row)) rows[i++] = row;
      return rows;
    }
    // A rule meets each target once, so ranks are distinct: place each row at its rank, then read in order.
    const slot = how.slots();
    for (let row = 0; row < targets.length; row++) {
      if (keep(row)) slot[rank[targets[row] as number] as number] = row + 1;
    }
    let i = 0;
    for (let r = 0; r < slot.length && i < live; r++) {
      const row = slot[r] as number;
      if (row !== 0) {
        rows[i++] = row - 1;
        slot[r] = 0;
      }
    }
    return rows;
  }
}

interface Group {
  id: string;
  rule?: CompiledRule;
  plain?: Finding[];
}

/** Read access to a column of numbers: a growable list here, a plain array when sent to another thread. */
interface Column {
  get(index: number): number;
  view(): Uint32Array;
}

/** A fixed column, as received from another thread. */
class FixedColumn implements Column {
  constructor(private readonly data: Uint32Array) {}
  get(index: number): number {
    return this.data[index] as number;
  }
  view(): Uint32Array {
    return this.data;
  }
}

interface Columns {
  targets: Column;
  outcomes: Column;
  shapes: Column;
  files: Column;
  lines: Column;
  columns: Column;
}

/** Text by index: a list of strings, or strings packed into one (see `PackedStrings`). */
interface Texts {
  text(index: number): string;
  /** All of them packed, to send. */
  packed(): PackedStrings;
}

/**
 * A list of strings; packed in the order they were added (`before`, with each index's place in it): the
 * strings then lie in memory in the order they are read, which makes packing several times faster.
 */
function listTexts(values: readonly string[], before?: { values: readonly string[]; entries: Uint32Array }): Texts {
  return {
    text: (index) => values[index] as string,
    packed: () => (before ? { ...packStrings(before.values), entries: before.entries } : packStrings(values)),
  };
}

/**
 * Strings packed for another thread: their concatenation and where each ends (one string is one copy to
 * send), and when they were packed in another order, where each index's string is.
 */
export interface PackedStrings {
  text: string;
  ends: Uint32Array;
  entries?: Uint32Array;
}

export function packStrings(values: readonly string[]): PackedStrings {
  const ends = new Uint32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) {
    end += (values[i] as string).length;
    ends[i] = end;
  }
  return { text: values.join(''), ends };
}

/** Packed strings read in place: each is sliced out when asked for, so none of them lives long. */
function packedTexts(packed: PackedStrings): Texts {
  const { text, ends, entries } = packed;
  const at = (entry: number) => text.slice(entry === 0 ? 0 : (ends[entry - 1] as number), ends[entry] as number);
  return {
    text: entries ? (index) => at(entries[index] as number) : at,
    packed: () => packed,
  };
}

/** What findings are read from: the store's target table, files and shapes (or a copy of them). */
interface FindingSource {
  targets: { kinds: Column; flags: Column; ids: Texts; names: Texts };
  files: { values: readonly string[] };
  shapes: readonly Shape[];
}

/** One rule's rows in report order, or findings kept as they are. */
interface Section {
  info?: RuleInfo;
  columns?: Columns;
  /** The rows listed (their outcome is listed), in report order. */
  order?: Uint32Array;
  /** Every outcome of the rule, listed or not. */
  total?: Summary;
  plain?: Finding[];
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
class StoredFinding implements Finding {
  private cachedTarget: Finding['target'] | undefined;
  private cachedLocation: SourceLocation | undefined;

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
  get outcome(): Outcome {
    return OUTCOMES_BY_CODE[this.section.columns.outcomes.get(this.row)] as Outcome;
  }
  get messageId(): Finding['messageId'] {
    return this.outcome;
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
  get message(): string {
    const { targets, shapes } = this.store;
    const ordinal = this.section.columns.targets.get(this.row);
    const shape = shapes[this.section.columns.shapes.get(this.row)] as Shape;
    const kind = KINDS_BY_CODE[targets.kinds.get(ordinal)] as TargetKind;
    return renderShape(shape, targets.ids.text(ordinal), targets.names.text(ordinal), kind);
  }

  /** A plain object with the rendered message, as the engine's `createFinding` makes. */
  toJSON(): Finding {
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
    };
  }
}

/** Walks the sections in order, building each finding as it is reached. */
class FindingCursor implements Iterator<Finding> {
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
    for (const section of sections) {
      if (section.plain) {
        for (const f of section.plain) summary[f.outcome]++;
        length += section.plain.length;
      } else if (section.order && section.columns) {
        const listed = emptySummary();
        const outcomes = section.columns.outcomes.view();
        for (const row of section.order) listed[OUTCOMES_BY_CODE[outcomes[row] as number] as Outcome]++;
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
    this[FINDINGS_INDEX] = this.index();
  }

  readonly [FINDINGS_INDEX]: FindingsIndex;

  private index(): FindingsIndex {
    const byRule = new Map<string, Summary>();
    const levels = new Map<string, Level>();
    const distinctTargets = new Set<string>();
    const flags = this.store.targets.flags;
    for (const section of this.sections) {
      if (section.plain) {
        const counts: Summary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
        for (const f of section.plain) counts[f.outcome]++;
        const first = section.plain[0];
        if (first) {
          byRule.set(first.ruleId, counts);
          levels.set(first.ruleId, first.level);
        }
        continue;
      }
      if (!section.info || !section.columns || !section.order) continue;
      const counts: Summary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
      const { outcomes, targets } = section.columns;
      let distinct = true;
      for (const row of section.order) {
        counts[OUTCOMES_BY_CODE[outcomes.get(row)] as Outcome]++;
        if (flags.get(targets.get(row)) & PAREN) distinct = false;
      }
      byRule.set(section.info.id, counts);
      levels.set(section.info.id, section.info.level);
      // A store holds each target once (ids are unique per kind): only " (" can make descriptions coincide.
      if (distinct) distinctTargets.add(section.info.id);
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

  /** Findings made from `toPortable` data, in the same order, with the same messages. */
  static fromPortable(data: PortableFindings): StoredFindings {
    const source: FindingSource = {
      targets: {
        kinds: new FixedColumn(data.kinds),
        flags: new FixedColumn(data.flags),
        ids: packedTexts(data.ids),
        names: packedTexts(data.names),
      },
      files: { values: data.files },
      shapes: data.shapes,
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
