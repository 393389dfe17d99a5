// Sorting many items by a text key in code-unit order (compareText), fast enough for a million asset ids.

/** Below this many items a range is finished by insertion sort. */
const SMALL = 24;
/** Buckets: end of key, code units 0–255, and one for every code unit above 255. */
const BUCKETS = 258;
const WIDE = 257;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bucketOf(key: string, depth: number): number {
  if (depth >= key.length) return 0;
  const unit = key.charCodeAt(depth);
  return unit < 256 ? unit + 1 : WIDE;
}

function insertionSort(items: Uint32Array, keys: readonly string[], lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const item = items[i] as number;
    const key = keys[item] as string;
    let j = i - 1;
    while (j >= lo && (keys[items[j] as number] as string) > key) {
      items[j + 1] = items[j] as number;
      j--;
    }
    items[j + 1] = item;
  }
}

// MSD radix sort: one counting pass per character position, recursing into buckets that still hold ties.
function radixSort(
  items: Uint32Array,
  scratch: Uint32Array,
  keys: readonly string[],
  lo: number,
  hi: number,
  depth: number,
): void {
  if (hi - lo <= SMALL) {
    insertionSort(items, keys, lo, hi);
    return;
  }
  const counts = new Int32Array(BUCKETS + 1);
  for (let i = lo; i < hi; i++) {
    const b = bucketOf(keys[items[i] as number] as string, depth) + 1;
    counts[b] = (counts[b] as number) + 1;
  }
  for (let b = 1; b <= BUCKETS; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
  const starts = counts.slice();
  for (let i = lo; i < hi; i++) {
    const item = items[i] as number;
    const b = bucketOf(keys[item] as string, depth);
    scratch[lo + (starts[b] as number)] = item;
    starts[b] = (starts[b] as number) + 1;
  }
  items.set(scratch.subarray(lo, hi), lo);
  // Bucket 0 holds keys that ended here: all equal, nothing to sort.
  for (let b = 1; b < BUCKETS; b++) {
    const from = lo + (counts[b] as number);
    const to = lo + (counts[b + 1] as number);
    if (to - from < 2) continue;
    if (b === WIDE) {
      const part = Array.from(items.subarray(from, to)).sort((x, y) => compare(keys[x] as string, keys[y] as string));
      items.set(part, from);
    } else {
      radixSort(items, scratch, keys, from, to, depth + 1);
    }
  }
}

/** Code units a packed pass reads of each key: three of 9 bits (end of key, 1–256 for units 0–255). */
const PACKED_UNITS = 3;
/** A packed unit of 256 or more: the range is left to the radix sort, which orders such units by comparing. */
const NOT_PACKED = -1;

/**
 * The three code units of `key` from `depth` as one number, each as `bucketOf` numbers it (0 past the end), so
 * packed numbers order as the keys' units do; NOT_PACKED when one is 256 or more.
 */
function packedUnits(key: string, depth: number): number {
  let packed = 0;
  for (let d = depth; d < depth + PACKED_UNITS; d++) {
    const unit = d < key.length ? key.charCodeAt(d) : -1;
    if (unit >= 256) return NOT_PACKED;
    packed = (packed << 9) | (unit + 1);
  }
  return packed;
}

/**
 * MSD radix sort three code units at a time: one pass over the keys reads three units of each into a number,
 * and the items are ordered by those numbers (an LSD radix sort of 9 bits a pass over arrays, not strings);
 * runs of equal numbers whose keys go on are sorted from three units deeper. Ids share long prefixes (`dev-`,
 * GUIDs' digits): reading a key costs a cache miss, and a unit at a time it was read twice per unit.
 */
function packedSort(
  items: Uint32Array,
  scratch: Uint32Array,
  packed: Uint32Array,
  packedScratch: Uint32Array,
  keys: readonly string[],
  lo: number,
  hi: number,
  depth: number,
): void {
  if (hi - lo <= SMALL) {
    insertionSort(items, keys, lo, hi);
    return;
  }
  let same = true;
  for (let i = lo; i < hi; i++) {
    const value = packedUnits(keys[items[i] as number] as string, depth);
    if (value === NOT_PACKED) {
      radixSort(items, scratch, keys, lo, hi, depth);
      return;
    }
    packed[i] = value;
    if (value !== packed[lo]) same = false;
  }
  if (!same) {
    const counts = new Int32Array(513);
    for (let shift = 0; shift < 27; shift += 9) {
      counts.fill(0);
      for (let i = lo; i < hi; i++) {
        const digit = ((packed[i] as number) >>> shift) & 511;
        counts[digit + 1] = (counts[digit + 1] as number) + 1;
      }
      for (let d = 1; d <= 512; d++) counts[d] = (counts[d] as number) + (counts[d - 1] as number);
      for (let i = lo; i < hi; i++) {
        const value = packed[i] as number;
        const digit = (value >>> shift) & 511;
        const to = lo + (counts[digit] as number);
        counts[digit] = to - lo + 1;
        scratch[to] = items[i] as number;
        packedScratch[to] = value;
      }
      items.set(scratch.subarray(lo, hi), lo);
      packed.set(packedScratch.subarray(lo, hi), lo);
    }
  }
  // Runs of equal units: sorted further unless their keys ended within them (the last unit packed is 0).
  for (let from = lo; from < hi; ) {
    const value = packed[from] as number;
    let to = from + 1;
    while (to < hi && packed[to] === value) to++;
    if (to - from > 1 && (value & 511) !== 0)
      packedSort(items, scratch, packed, packedScratch, keys, from, to, depth + PACKED_UNITS);
    from = to;
  }
}

/**
 * Sorts `items` (indexes into `keys`) in place by their keys in UTF-16 code-unit order, the order of
 * `compareText`. Items with equal keys end up next to each other, in no particular order. Already sorted
 * input (an export ordered by id) costs one pass.
 */
export function sortByKey(items: Uint32Array, keys: readonly string[]): Uint32Array {
  let sorted = true;
  for (let i = 1; i < items.length; i++) {
    if ((keys[items[i - 1] as number] as string) > (keys[items[i] as number] as string)) {
      sorted = false;
      break;
    }
  }
  if (!sorted) {
    const n = items.length;
    packedSort(items, new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), keys, 0, n, 0);
  }
  return items;
}

/**
 * Merges two runs each sorted by key (as `sortByKey` leaves them) into one, in code-unit order; on equal keys
 * the first run's item comes first. With `same` (as long as the result), also marks each item whose key
 * equals the one before it: merging compares neighbours anyway, so comparing each item with the one put
 * before it finds both strings in cache, where a pass of its own over a million scattered strings afterwards
 * cost several times as much.
 */
export function mergeByKey(a: Uint32Array, b: Uint32Array, keys: readonly string[], same?: Uint8Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let last: string | undefined;
  const put = (item: number) => {
    if (same) {
      const key = keys[item] as string;
      if (k > 0 && key === last) same[k] = 1;
      last = key;
    }
    out[k++] = item;
  };
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if ((keys[y] as string) < (keys[x] as string)) {
      put(y);
      j++;
    } else {
      put(x);
      i++;
    }
  }
  while (i < a.length) put(a[i++] as number);
  while (j < b.length) put(b[j++] as number);
  return out;
}
