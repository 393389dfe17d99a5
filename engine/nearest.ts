// "Did you mean": the known name closest to a misspelled one, for options, paths and fields.

/** Levenshtein distance between two strings (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `name` by edit distance (ties: the first in sorted order), or undefined when none is
 * close enough to be a likely typo: at most half of the longer name's length, and at most `max` edits.
 */
export function nearestName(name: string, candidates: Iterable<string>, max = 8): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of [...new Set(candidates)].sort()) {
    // Names of very different lengths are never close: skip the quadratic work for them.
    if (Math.abs(candidate.length - name.length) > Math.min(max, bestDistance)) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= max && bestDistance <= Math.ceil(Math.max(name.length, best.length) / 2) ? best : undefined;
}
