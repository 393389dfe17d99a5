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
  if (!sorted) radixSort(items, new Uint32Array(items.length), keys, 0, items.length, 0);
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
