// Source maps of imported parts: pointers into the canonical snapshot to positions in the original export.
import type { Locator, Pointer } from '../../engine/types.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

const START: Position = { line: 1, column: 1 };

function keyOf(pointer: Pointer, length: number): string {
  let key = '';
  for (let i = 0; i < length; i++) key += `${String(pointer[i])}\u001f`;
  return key;
}

/** Resolves pointers below a recorded entry (the facts of one row), or undefined to fall back to the entry. */
export type InnerLocator = (rest: Pointer) => Position | undefined;

interface Entry {
  where: Position | (() => Position);
  inner?: InnerLocator;
}

/**
 * Where each canonical fact came from. Entries are positions or thunks (resolved only when a finding needs
 * them), optionally with an inner locator for the pointers below them (so a million CSV rows need one entry
 * each, not one per fact); the locator answers with the entry of the longest recorded prefix of a pointer, so
 * a fact without its own entry points at its nearest recorded parent (the row, the block, the object).
 */
export class SourceMap {
  private readonly entries = new Map<string, Entry>();

  /** Records where the canonical value at `pointer` came from, and optionally how to find what is below it. */
  set(pointer: Pointer, where: Position | (() => Position), inner?: InnerLocator): void {
    this.entries.set(keyOf(pointer, pointer.length), inner ? { where, inner } : { where });
  }

  /** The position recorded for `pointer` or its longest recorded prefix; line 1, column 1 when none is. */
  locate(pointer: Pointer): Position {
    for (let n = pointer.length; n >= 0; n--) {
      const entry = this.entries.get(keyOf(pointer, n));
      if (entry === undefined) continue;
      const below = entry.inner && n < pointer.length ? entry.inner(pointer.slice(n)) : undefined;
      if (below) return below;
      return typeof entry.where === 'function' ? entry.where() : entry.where;
    }
    return START;
  }

  /** The locator of the part. */
  locator(): Locator {
    return (pointer) => this.locate(pointer);
  }
}

/** Offsets of line starts in a text, to turn offsets into 1-based line/column positions. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1] ?? 0;
  }

  /** Text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? this.lineStart(line + 1) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  /** Position of an offset. */
  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}
