// Appending one list to another whatever its length: `push(...items)` passes every item as an argument and
// overflows the call stack past ~120,000 items (a million-row export's notices or row errors).

/** Appends `items` to `target` in place, one by one; returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
