// The targets of an evaluation: kind, id, name and flags of each, and their order by id.

import { UintList } from '../append.js';
import { ownString } from '../flat-string.js';
import { mergeByKey, sortByKey } from '../sort.js';
import type { TargetKind } from '../types.js';
import { type BorrowedRange, KIND_CODE, KINDS_BY_CODE, type PackedStrings, packStrings } from './columns.js';

/** Target flags. */
export const DEAD = 1;
/** Id and name go into JSON and XML unescaped: no character either escapes, no white space at either end. */
export const PLAIN = 2;
/** The id holds " (": two targets' descriptions (`kind id (name)`) could then coincide. */
export const PAREN = 4;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const ESCAPED = /[&<>"'\\\t\n\r\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|^\s|\s$/;

export function targetFlags(id: string, name: string): number {
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
  /**
   * Keeps the order of every target added so far as a sorted run, so targets added later (another thread's)
   * are merged into it rather than sorted with it: call it while waiting for them.
   */
  keepSorted(): void {
    for (const kind of KINDS_BY_CODE) {
      const order = this.sortedOrdinals(kind);
      if (order.length === 0) continue;
      this.presorted.set(kind, order);
      this.presortedSame.delete(kind);
    }
  }

  addSorted(kind: TargetKind, order: Uint32Array): void {
    const earlier = this.presorted.get(kind);
    if (earlier) {
      const same = new Uint8Array(earlier.length + order.length);
      this.presorted.set(kind, mergeByKey(earlier, order, this.ids, same));
      this.presortedSame.set(kind, same);
    } else {
      this.presorted.set(kind, order);
      this.presortedSame.delete(kind);
    }
    this.sorted.delete(kind);
  }

  /** For a presorted run merged from two: which items have the id of the one before them (see `sameAsBefore`). */
  private readonly presortedSame = new Map<TargetKind, Uint8Array>();
  /** The same, for the sorted order of a kind when it is such a run as it is (nothing dead, nothing added since). */
  private readonly sortedSame = new Map<TargetKind, Uint8Array>();

  /**
   * Of the targets of a kind in `sortedOrdinals` order, which have the same id as the one before them (1),
   * when known without comparing them again: after merging another thread's sorted targets. Undefined
   * otherwise.
   */
  sameAsBefore(kind: TargetKind): Uint8Array | undefined {
    this.sortedOrdinals(kind);
    return this.sortedSame.get(kind);
  }

  /** Adds a target; `flags` when already worked out (by another thread), else from its id and name. */
  add(kind: TargetKind, id: string, name: string, flags = targetFlags(id, name)): number {
    // Only the order of its own kind changes (the organization is added after the assets were sorted).
    if (this.sorted.size !== 0) this.sorted.delete(kind);
    this.before = undefined;
    // Kept to the end: copies, not views into the text they were read from (see ownString).
    this.ids.push(ownString(id));
    this.names.push(ownString(name));
    this.flags.push(flags);
    return this.kinds.push(KIND_CODE[kind]);
  }

  /**
   * Adds targets another thread worked out, in their order: kind codes (`KIND_CODE`), ids, names and flags,
   * as `add` would one by one.
   */
  addAll(kinds: Uint32Array, ids: readonly string[], names: readonly string[], flags: Uint32Array): void {
    if (ids.length !== kinds.length || names.length !== kinds.length || flags.length !== kinds.length) {
      throw new Error('addAll: columns of different lengths');
    }
    this.sorted.clear();
    this.before = undefined;
    for (let i = 0; i < ids.length; i++) {
      this.ids.push(ids[i] as string);
      this.names.push(names[i] as string);
    }
    this.flags.append(flags, 0);
    this.kinds.append(kinds, 0);
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
  before:
    | {
        ids: readonly string[];
        names: readonly string[];
        entries: Uint32Array;
        prefixes?: { ids: PackedStrings; names: PackedStrings };
      }
    | undefined;

  /** The ids and names of the targets added so far, packed while there is time (see `prepack`). */
  private prefixes: { ids: PackedStrings; names: PackedStrings } | undefined;

  /**
   * The ids or the names by ordinal, and packed to send: in the order they were added when they were moved since
   * (the strings then lie in memory in the order they are read, which makes packing several times faster), with
   * what `prepack` packed already.
   */
  texts(key: 'ids' | 'names'): { text(index: number): string; packed(): PackedStrings } {
    const values = this[key];
    const before = this.before;
    const borrowed = this.borrowed;
    return {
      text: (index) => values[index] as string,
      packed: () =>
        before
          ? { ...packStrings(before[key], before.prefixes?.[key], borrowed), entries: before.entries }
          : packStrings(values, undefined, borrowed),
    };
  }

  /**
   * Targets whose ids and names the thread that evaluated them still holds (see `BorrowedRange`): packing
   * for that thread leaves them out. One range: a later one replaces it.
   */
  private borrowed: BorrowedRange | undefined;

  /** Says that the targets added at `[from, from + count)` are the other thread's own, kept under `key`. */
  borrow(range: BorrowedRange): void {
    this.borrowed = range;
  }

  /** Packs the ids and names added so far, for sending later: call it while waiting for another thread. */
  prepack(): void {
    this.prefixes = { ids: packStrings(this.ids), names: packStrings(this.names) };
  }

  /** Moves every target to ordinal `to[ordinal]` (a permutation). */
  permute(to: Uint32Array): void {
    this.presorted.clear();
    this.presortedSame.clear();
    this.sortedSame.clear();
    const ids = this.ids.slice();
    const names = this.names.slice();
    const entries = new Uint32Array(to.length);
    for (let from = 0; from < to.length; from++) entries[to[from] as number] = from;
    this.before = { ids, names, entries, ...(this.prefixes ? { prefixes: this.prefixes } : {}) };
    this.prefixes = undefined;
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
      this.sortedSame.delete(kind);
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
    const live =
      sortedLive === presorted.length
        ? presorted
        : presorted.filter((ordinal) => ((flags[ordinal] as number) & DEAD) === 0);
    if (items.length > 0) return mergeByKey(items, live, this.ids);
    // The merged run as it is: what merging it found of equal ids holds for this order too.
    const same = live === presorted ? this.presortedSame.get(kind) : undefined;
    if (same) this.sortedSame.set(kind, same);
    return live.slice();
  }
}
