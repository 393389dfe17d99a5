// Verdict memory: a fleet repeats a few hundred combinations of the facts each rule reads, so a rule's outcome
// and message shape are decided once per combination, not once per asset.
import type { CompiledRule } from './compile.js';
import type { FactRead, Facts, Reader } from './conditions.js';

/** Objects whose key is longer than this are not remembered: reading a large object gains nothing from memory. */
const MAX_KEY = 1024;
/** Combinations remembered per group of rules; beyond it new ones are decided and not kept. */
const MAX_ENTRIES = 1 << 16;
/** After this many look-ups a group of rules whose answers are rarely found stops looking. */
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
    if (value === OBJECT_ROOT) return value;
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? NOT_KEYED : value;
  }
  const text = keyOf(value);
  return text === undefined || text.length > MAX_KEY ? NOT_KEYED : `\u0000${text}`;
}

/** `mapKey`'s answer for a value that cannot be keyed (undefined itself is a fine key). */
const NOT_KEYED = Symbol('not keyed');

/** A trie of maps: one level per value read, the verdicts of the group's rules at the end. */
type Level = Map<unknown, Level | readonly number[]>;

/** The rules one target meets (as `rulesFor` gives them, one array per platform or role) and what they read. */
interface Group {
  reads: readonly Reader[];
  trie: Level | undefined;
  lookups: number;
  hits: number;
  size: number;
}

/**
 * Remembered verdicts (numbers: whatever the caller packs into them) of the rules a target meets, by the values
 * those rules read. Sound because a rule's outcome and message shape are a function of those values:
 * operators are pure and messages leave the target's id, name and kind as holes. The rules a platform meets
 * read some facts in common: each is read once per target.
 */
export class VerdictMemory {
  private readonly groups = new Map<readonly CompiledRule[], Group>();

  private groupOf(rules: readonly CompiledRule[]): Group {
    let group = this.groups.get(rules);
    if (!group) {
      group = { reads: fewestReads(rules), trie: new Map(), lookups: 0, hits: 0, size: 0 };
      this.groups.set(rules, group);
    }
    return group;
  }

  /**
   * The verdicts of `rules` on `facts`, in order: remembered, or `decide()`'d for each rule and remembered.
   * The array returned may be shared: do not modify it.
   */
  verdicts(rules: readonly CompiledRule[], facts: Facts, decide: (rule: CompiledRule) => number): readonly number[] {
    const group = this.groupOf(rules);
    const trie = group.trie;
    if (trie === undefined) return rules.map(decide);
    group.lookups++;
    const { reads } = group;
    const last = reads.length - 1;
    let level: Level = trie;
    for (let r = 0; r <= last; r++) {
      const key = mapKey((reads[r] as Reader)(facts));
      if (key === NOT_KEYED) return rules.map(decide);
      const next = level.get(key);
      if (next === undefined) return this.learn(group, rules, facts, decide);
      if (r === last) {
        group.hits++;
        return next as readonly number[];
      }
      level = next as Level;
    }
    // Rules that read nothing: one set of verdicts for every target.
    const known = trie.get(NOTHING);
    if (known === undefined) return this.learn(group, rules, facts, decide);
    group.hits++;
    return known as readonly number[];
  }

  /** Decides, and remembers the verdicts unless the group stopped remembering or is full. */
  private learn(
    group: Group,
    rules: readonly CompiledRule[],
    facts: Facts,
    decide: (rule: CompiledRule) => number,
  ): readonly number[] {
    if (group.lookups >= TRIAL && group.hits * 4 < group.lookups) {
      // Mostly new combinations (rules reading ids or timestamps): keying costs more than it saves.
      group.trie = undefined;
      return rules.map(decide);
    }
    const keys = group.reads.map((read) => mapKey(read(facts)));
    const verdicts = rules.map(decide);
    if (group.trie === undefined || group.size >= MAX_ENTRIES || keys.includes(NOT_KEYED)) return verdicts;
    group.size++;
    if (keys.length === 0) {
      group.trie.set(NOTHING, verdicts);
      return verdicts;
    }
    let level: Level = group.trie;
    for (let k = 0; k < keys.length - 1; k++) {
      let next = level.get(keys[k]) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(keys[k], next);
      }
      level = next;
    }
    level.set(keys[keys.length - 1], verdicts);
    return verdicts;
  }
}

/** What a root read gives for a fact that is an object. */
const OBJECT_ROOT = Symbol('object');

function isPrefix(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length <= b.length && a.every((segment, i) => segment === b[i]);
}

/**
 * The reads of a group of rules, without those another one determines: `device.os` read whole determines
 * `device.os.version`. That holds when the fact is an object (paths compose); when it is not, a condition's
 * read gives the fact itself, so each fact with dropped reads gets a read of whether it is an object (or the
 * value it is instead).
 */
export function fewestReads(rules: readonly CompiledRule[]): Reader[] {
  const all = new Map<string, FactRead>();
  for (const rule of rules) for (const read of rule.reads) if (!all.has(read.key)) all.set(read.key, read);
  const list = [...all.values()];
  const kept: Reader[] = [];
  const roots = new Set<string>();
  list.forEach((read, i) => {
    const covered = list.some(
      (other, j) =>
        j !== i &&
        other.fact === read.fact &&
        isPrefix(other.segments, read.segments) &&
        (other.segments.length < read.segments.length || j < i),
    );
    if (covered) roots.add(read.fact);
    else kept.push(read.read);
  });
  for (const fact of roots) {
    kept.push((facts) => {
      const root = facts[fact];
      return root !== null && typeof root === 'object' ? OBJECT_ROOT : root;
    });
  }
  return kept;
}

/** The key of the one entry of rules that read nothing. */
const NOTHING = Symbol('nothing read');
