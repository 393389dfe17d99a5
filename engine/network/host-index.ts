// An index of a long host-pattern list: which patterns can cover, or nearly cover, one required host.
import { baseDomain, hostAlternatives, normalizeHostPattern } from './hosts.js';

/**
 * The patterns of a list grouped so that the few that may cover a required host, or be a near miss for it
 * (see `describeHostMiss`), are found by map look-ups instead of trying every pattern. A list's patterns are
 * normalized once, when the index is built.
 */
export interface HostIndex {
  /** Literal alternatives (no `*`) → positions of the patterns having them. */
  readonly exact: Map<string, number[]>;
  /** `S` of alternatives `*S` (one leading `*`, none elsewhere) → positions. */
  readonly suffix: Map<string, number[]>;
  /** A normalized pattern → positions (near misses `x.com` / `*.x.com`). */
  readonly pattern: Map<string, number[]>;
  /** The last two labels of a normalized pattern → positions (near misses in one base domain). */
  readonly base: Map<string, number[]>;
  /** Positions that every search must look at: other globs, patterns that are malformed or not strings. */
  readonly always: number[];
  /** Each position's pattern normalized; undefined where it is absent or malformed. */
  readonly normalized: (string | undefined)[];
}

function add(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

/**
 * Indexes `patterns` (one per list position; `undefined` and `null` are skipped, as searches skip them).
 * Never throws: a pattern that is not a string or not a host pattern goes to `always`, so a search meets it
 * where a scan would, and throws there as a scan does.
 */
export function indexHostPatterns(patterns: readonly unknown[]): HostIndex {
  const index: HostIndex = {
    exact: new Map(),
    suffix: new Map(),
    pattern: new Map(),
    base: new Map(),
    always: [],
    normalized: new Array(patterns.length),
  };
  patterns.forEach((raw, position) => {
    if (raw === undefined || raw === null) return;
    let normalized: string;
    try {
      normalized = normalizeHostPattern(raw);
    } catch {
      index.always.push(position);
      return;
    }
    index.normalized[position] = normalized;
    add(index.pattern, normalized, position);
    add(index.base, baseDomain(normalized), position);
    for (const alternative of hostAlternatives(normalized)) {
      const star = alternative.indexOf('*');
      if (star === -1) add(index.exact, alternative, position);
      else if (star === 0 && alternative.indexOf('*', 1) === -1) add(index.suffix, alternative.slice(1), position);
      else if (index.always[index.always.length - 1] !== position) index.always.push(position);
    }
  });
  return index;
}

/**
 * The positions, ascending, of every pattern that may cover the normalized host pattern `required` or be a
 * near miss for it; every other pattern of the list neither covers it nor nearly does. A pattern covering
 * `required` covers its first alternative, which is a literal `*S` glob matches only when it ends with `S`
 * and is longer, and a literal pattern only when equal.
 */
export function hostCandidates(index: HostIndex, required: string): number[] {
  return candidates(index, required, true);
}

/**
 * The positions, ascending, of every pattern that may cover the normalized host pattern `required` (a subset of
 * {@link hostCandidates}: without the near misses that cannot cover it).
 */
export function hostCoverCandidates(index: HostIndex, required: string): number[] {
  return candidates(index, required, false);
}

function candidates(index: HostIndex, required: string, nearMisses: boolean): number[] {
  const found: number[][] = [index.always];
  const push = (list: number[] | undefined) => {
    if (list !== undefined) found.push(list);
  };
  const first = hostAlternatives(required)[0] ?? required;
  push(index.exact.get(first));
  for (let start = 1; start <= first.length; start++) push(index.suffix.get(first.slice(start)));
  if (!nearMisses) return sortedUnique(found, index);
  if (required.startsWith('*.')) push(index.pattern.get(required.slice(2)));
  push(index.pattern.get(`*.${required}`));
  const base = baseDomain(required);
  if (!base.includes('*')) push(index.base.get(base));
  return sortedUnique(found, index);
}

function sortedUnique(found: number[][], index: HostIndex): number[] {
  const positions = found.length === 1 ? [...index.always] : found.flat().sort((a, b) => a - b);
  return positions.filter((position, i) => i === 0 || positions[i - 1] !== position);
}
