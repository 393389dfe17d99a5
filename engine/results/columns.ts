// Columns of numbers: growable lists of unsigned integers, the codes stored in them, interned strings.
import { UintList } from '../append.js';
import { type EngineOutcome as Outcome, SUMMARY_OUTCOMES, type TargetKind } from '../types.js';

/** Outcome codes are positions in a summary's key order. */
export const OUTCOMES_BY_CODE: readonly Outcome[] = SUMMARY_OUTCOMES;
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

export const KIND_CODE: Readonly<Record<TargetKind, number>> = { organization: 0, device: 1, server: 2 };

/** Interns strings (file paths) as small numbers. */
export class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  /** The value interned last and its number: a stream interns one file path per target. */
  private last: string | undefined;
  private lastId = 0;
  intern(value: string): number {
    if (value === this.last) return this.lastId;
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.index.set(value, id);
    }
    this.last = value;
    this.lastId = id;
    return id;
  }
}

/** Read access to a column of numbers: a growable list here, a plain array when sent to another thread. */
export interface Column {
  get(index: number): number;
  view(): Uint32Array;
}

/** A fixed column, as received from another thread. */
export class FixedColumn implements Column {
  constructor(private readonly data: Uint32Array) {}
  get(index: number): number {
    return this.data[index] as number;
  }
  view(): Uint32Array {
    return this.data;
  }
}

export interface Columns {
  targets: Column;
  outcomes: Column;
  shapes: Column;
  files: Column;
  lines: Column;
  columns: Column;
}

/** The results of one rule: parallel columns, one row per target the rule was evaluated on. */
export class RuleColumns {
  // In shared memory: the helper thread that writes reports reads them as they are (see `toPortable`).
  readonly targets = new UintList(256, true);
  readonly outcomes = new UintList(256, true);
  readonly shapes = new UintList(256, true);
  readonly files = new UintList(256, true);
  readonly lines = new UintList(256, true);
  readonly columns = new UintList(256, true);

  add(target: number, outcome: number, shape: number, file: number, line: number, column: number): void {
    this.targets.push(target);
    this.outcomes.push(outcome);
    this.shapes.push(shape);
    this.files.push(file);
    this.lines.push(line);
    this.columns.push(column);
  }
}

/**
 * Strings packed for another thread: their concatenation and where each ends (one string is one copy to
 * send), and when they were packed in another order, where each index's string is.
 */
export interface PackedStrings {
  text: string;
  ends: Uint32Array;
  entries?: Uint32Array;
  /** Strings left out (empty in `text`) because the receiving thread holds them already. */
  borrowed?: BorrowedRange;
}

/**
 * Strings at indexes `[from, from + count)` of a packing (in the order they were added) that the thread it is
 * sent to holds already: the ids or names of the targets it evaluated itself, kept under `key`.
 */
export interface BorrowedRange {
  from: number;
  count: number;
  key: number;
}

/**
 * Packs strings; `prefix`, when given, is the first of them packed already (see TargetTable.prepack), and the
 * strings of a `borrowed` range are left out.
 */
export function packStrings(
  values: readonly string[],
  prefix?: PackedStrings,
  borrowed?: BorrowedRange,
): PackedStrings {
  const from = prefix ? prefix.ends.length : 0;
  const ends = new Uint32Array(values.length);
  if (prefix) ends.set(prefix.ends);
  let end = prefix ? prefix.text.length : 0;
  const skipFrom = borrowed ? Math.max(from, borrowed.from) : values.length;
  const skipTo = borrowed ? Math.max(skipFrom, borrowed.from + borrowed.count) : values.length;
  for (let i = from; i < values.length; i++) {
    if (i < skipFrom || i >= skipTo) end += (values[i] as string).length;
    ends[i] = end;
  }
  const rest = borrowed
    ? values.slice(from, skipFrom).join('') + values.slice(skipTo).join('')
    : (from === 0 ? values : values.slice(from)).join('');
  return { text: prefix ? prefix.text + rest : rest, ends, ...(borrowed ? { borrowed } : {}) };
}
