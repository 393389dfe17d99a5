// Verdict memory: a fleet repeats a few hundred combinations of the facts each rule reads, so a rule's outcome
// and message shape are decided once per combination, not once per asset.
import type { CompiledRule } from './compile.js';
import type { Facts } from './conditions.js';

/** Objects whose key is longer than this are not remembered: reading a large object gains nothing from memory. */
const MAX_KEY = 1024;
/** Entries remembered per rule; beyond it new combinations are decided and not kept. */
const MAX_ENTRIES = 1 << 16;
/** After this many look-ups a rule whose answers are rarely found stops looking. */
const TRIAL = 4096;

/**
 * The text of a value as a key part, or undefined when it cannot be one. Every part says its type and its
 * length, so no two different values (or lists of values) give the same key: `s3:abc`, `n1:5`, `t`, `u`.
 * Objects and arrays are spelled out recursively; anything that is not plain data is not keyed.
 */
export function keyOf(value: unknown, depth = 0): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number': {
      const text = Object.is(value, -0) ? '-0' : String(value);
      return `n${text.length}:${text}`;
    }
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'z';
      if (depth > 8) return undefined;
      if (Array.isArray(value)) {
        let key = `a${value.length}[`;
        for (const item of value) {
          const part = keyOf(item, depth + 1);
          if (part === undefined) return undefined;
          key += part;
        }
        return `${key}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      const entries = Object.keys(value);
      let key = `o${entries.length}{`;
      for (const name of entries) {
        const part = keyOf((value as Record<string, unknown>)[name], depth + 1);
        if (part === undefined) return undefined;
        key += `s${name.length}:${name}${part}`;
      }
      return `${key}}`;
    }
    default:
      return undefined;
  }
}

/** Stands for -0 as a map key (maps take -0 and 0 for the same key; an operator might not). */
const MINUS_ZERO = Symbol('-0');

/**
 * A value as a map key: primitives as they are (a map tells `'1'`, `1` and `true` apart), objects and arrays
 * by their `keyOf` text behind a marker no primitive has; undefined when the value cannot be keyed.
 */
function mapKey(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && value === 0 && Object.is(value, -0)) return MINUS_ZERO;
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : value;
  }
  const text = keyOf(value);
  return text === undefined || text.length > MAX_KEY ? NOT_KEYED : `\u0000${text}`;
}

/** `mapKey`'s answer for a value that cannot be keyed (undefined itself is a fine key). */
const NOT_KEYED = Symbol('not keyed');

/** A trie of maps: one level per value the rule reads, the verdict at the end. */
type Level = Map<unknown, Level | number>;

/**
 * Remembered verdicts (a number each: whatever the caller packs into it) by rule and by the values the rule
 * reads. Sound because a rule's outcome and message shape are a function of those values: operators are
 * pure and messages leave the target's id, name and kind as holes.
 */
export class VerdictMemory {
  private readonly memory: (Level | undefined)[];
  private readonly lookups: Uint32Array;
  private readonly hits: Uint32Array;
  private readonly sizes: Uint32Array;

  constructor(rules: readonly CompiledRule[]) {
    this.memory = rules.map(() => new Map());
    this.lookups = new Uint32Array(rules.length);
    this.hits = new Uint32Array(rules.length);
    this.sizes = new Uint32Array(rules.length);
  }

  /** The verdict of `rule` on `facts`: remembered, or `decide()`'d and remembered. */
  verdict(rule: CompiledRule, facts: Facts, decide: () => number): number {
    const i = rule.index;
    let level = this.memory[i];
    if (level === undefined) return decide();
    const n = (this.lookups[i] as number) + 1;
    this.lookups[i] = n;
    const { reads } = rule;
    const last = reads.length - 1;
    for (let r = 0; r <= last; r++) {
      const key = mapKey((reads[r] as (facts: Facts) => unknown)(facts));
      if (key === NOT_KEYED) return decide();
      const next: Level | number | undefined = level.get(key);
      if (next === undefined)
        return this.learn(i, n, level, key, r === last, () => this.rest(reads, r + 1, facts), decide);
      if (r === last) {
        this.hits[i] = (this.hits[i] as number) + 1;
        return next as number;
      }
      level = next as Level;
    }
    // A rule that reads nothing: one verdict for every target.
    return this.learnEmpty(i, decide);
  }

  /** The keys of the reads from `from` on, or undefined when one cannot be keyed. */
  private rest(reads: CompiledRule['reads'], from: number, facts: Facts): unknown[] | undefined {
    const keys: unknown[] = [];
    for (let r = from; r < reads.length; r++) {
      const key = mapKey((reads[r] as (facts: Facts) => unknown)(facts));
      if (key === NOT_KEYED) return undefined;
      keys.push(key);
    }
    return keys;
  }

  private learn(
    i: number,
    n: number,
    level: Level,
    key: unknown,
    isLast: boolean,
    rest: () => unknown[] | undefined,
    decide: () => number,
  ): number {
    if (n >= TRIAL && (this.hits[i] as number) * 4 < n) {
      // Mostly new combinations (a rule reading ids or timestamps): keying costs more than it saves.
      this.memory[i] = undefined;
      return decide();
    }
    const keys = isLast ? [] : rest();
    const verdict = decide();
    if (keys === undefined || (this.sizes[i] as number) >= MAX_ENTRIES) return verdict;
    this.sizes[i] = (this.sizes[i] as number) + 1;
    if (isLast) {
      level.set(key, verdict);
      return verdict;
    }
    let at: Level = new Map();
    level.set(key, at);
    keys.forEach((k, j) => {
      if (j === keys.length - 1) at.set(k, verdict);
      else {
        const next: Level = new Map();
        at.set(k, next);
        at = next;
      }
    });
    return verdict;
  }

  private readonly constant = new Map<number, number>();

  private learnEmpty(i: number, decide: () => number): number {
    let verdict = this.constant.get(i);
    if (verdict === undefined) {
      verdict = decide();
      this.constant.set(i, verdict);
    }
    return verdict;
  }
}
