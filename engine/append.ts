// Lists at a million rows: appending one list to another whatever its length (`push(...items)` passes every item
// as an argument and overflows the call stack past ~120,000 items, a million-row export's notices or row errors),
// and a growable array of unsigned integers (numbers a million targets keep, out of the garbage collector's way).

/** Appends `items` to `target` in place, one by one; returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/**
 * A growable array of unsigned integers; `shared`, in a SharedArrayBuffer, so that another thread can be given
 * its values without a copy (the result store's columns, read by the helper thread that writes reports).
 */
export class UintList {
  data: Uint32Array;
  length = 0;
  constructor(
    capacity = 1024,
    private readonly shared = false,
  ) {
    this.data = this.allocate(capacity);
  }
  private allocate(capacity: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(capacity * 4)) : new Uint32Array(capacity);
  }
  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = this.allocate(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
  get(index: number): number {
    return this.data[index] as number;
  }
  /** Makes room for `more` values after the last, growing as `push` does: then write them into `data`. */
  reserve(more: number): void {
    if (this.length + more <= this.data.length) return;
    const grown = this.allocate(Math.max(this.data.length * 2, this.length + more));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  /**
   * Appends every value of `values` plus `add`. A list at least as long as this one (another thread's half of an
   * export, absorbed) gets room for just itself and a sixteenth more: doubling the capacity then kept up to twice
   * the memory, at the run's peak, for values that never came. The length still at least doubles, so appending
   * stays linear.
   */
  append(values: Uint32Array, add: number): void {
    const needed = this.length + values.length;
    if (needed > this.data.length) {
      const capacity = values.length >= this.length ? needed + (needed >> 4) : Math.max(this.data.length * 2, needed);
      const grown = this.allocate(capacity);
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
