// Verdict memory: a fleet repeats a few hundred combinations of the facts each rule reads, so a rule's outcome
// and message shape are decided once per combination, not once per asset.
import type { CompiledRule } from '../compile/compile.js';
import { FALSE, type FactRead, type Facts, type Reader, UNKNOWN } from '../compile/conditions.js';

/** Combinations remembered per group of rules; beyond it new ones are decided and not kept. */
const MAX_ENTRIES = 1 << 16;
/** Maps a group's trie may hold (~200 bytes each): long keys that share no prefix cost one map per token. */
const MAX_NODES = 1 << 18;
/** After this many look-ups a group of rules whose answers are rarely found stops looking. */
const TRIAL = 4096;

/** Stands for -0 as a map key (maps take -0 and 0 for the same key; an operator might not). */
const MINUS_ZERO = Symbol('-0');
/** Tokens that open an object or an array, and close either, in a key sequence: no value is one of them. */
const OPEN_OBJECT = Symbol('{');
const OPEN_ARRAY = Symbol('[');
const CLOSE = Symbol('}');
/** Values of more tokens than this are not remembered: reading a large object gains nothing from memory. */
const MAX_TOKENS = 256;

/**
 * Appends the key tokens of `value` to `out`: a primitive is itself (a map tells `'1'`, `1` and `true` apart;
 * -0 is MINUS_ZERO), an object is OPEN_OBJECT, then each property name and the tokens of its value, then CLOSE;
 * an array likewise. Every value's tokens are self-delimiting, so a list of values has one sequence and no
 * two lists share one. Returns false when the value cannot be keyed (not plain data, or too large).
 */
export function pushTokens(value: unknown, out: unknown[], depth = 0): boolean {
  if (out.length > MAX_TOKENS) return false;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      if (value !== OBJECT_ROOT) return false;
    }
    out.push(typeof value === 'number' && value === 0 && Object.is(value, -0) ? MINUS_ZERO : value);
    return true;
  }
  if (depth > 8) return false;
  if (Array.isArray(value)) {
    out.push(OPEN_ARRAY);
    for (const item of value) if (!pushTokens(item, out, depth + 1)) return false;
  } else {
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    out.push(OPEN_OBJECT);
    // for-in visits own enumerable keys in Object.keys order, then inherited ones (skipped), without allocating
    // the array of keys.
    for (const name in value) {
      if (!Object.hasOwn(value, name)) continue;
      out.push(name);
      if (!pushTokens((value as Record<string, unknown>)[name], out, depth + 1)) return false;
    }
  }
  out.push(CLOSE);
  return true;
}

/** A trie of maps: one level per token, the verdicts of the group's rules at the end. */
type Level = Map<unknown, Level | readonly number[]>;

/** The rules one target meets (as `rulesFor` gives them, one array per platform or role) and what they read. */
interface Group {
  rules: readonly CompiledRule[];
  reads: readonly Reader[];
  trie: Level | undefined;
  lookups: number;
  hits: number;
  size: number;
  /** Maps in the trie. */
  nodes: number;
  /**
   * Once the group's combinations proved rarely repeated: a group per rule, each remembering by what its rule
   * reads (one rule reading a device whole need not stop the others remembering by its OS version).
   */
  single?: Group[];
  /**
   * Of a group of one rule with `when`: the outcomes `when` decides, remembered by what `when` and the messages
   * read (`gateReads`). A rule whose `require` reads a device whole (a registry value) is remembered no other way,
   * yet on an export without the facts `when` needs it is unknown, alike, on every device.
   */
  gate?: Group;
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
      group = newGroup(rules);
      this.groups.set(rules, group);
    }
    return group;
  }

  /** Key tokens of the target at hand (reused: no allocation per target). */
  private readonly scratch: unknown[] = [];

  /**
   * The verdicts of `rules` on `facts`, in order: remembered, or `decide()`'d for each rule and remembered.
   * The array returned may be shared: do not modify it.
   */
  verdicts(rules: readonly CompiledRule[], facts: Facts, decide: (rule: CompiledRule) => number): readonly number[] {
    const group = this.groupOf(rules);
    const single = group.single;
    if (single === undefined)
      return group.gate ? [this.gated(group, facts, decide)] : this.lookUp(group, facts, decide);
    const verdicts: number[] = [];
    for (const one of single) {
      verdicts.push(one.gate ? this.gated(one, facts, decide) : (this.lookUp(one, facts, decide)[0] as number));
    }
    return verdicts;
  }

  /** The verdict of a group of one rule with a gate: remembered by the gate when `when` decides it, else as usual. */
  private gated(group: Group, facts: Facts, decide: (rule: CompiledRule) => number): number {
    const gate = group.gate as Group;
    const rule = group.rules[0] as CompiledRule;
    const known = this.find(gate, facts);
    if (known !== undefined && known !== GIVE_UP) return known[0] as number;
    if (known === undefined && rule.when) {
      let applies: number | undefined;
      try {
        applies = rule.when.test(facts);
      } catch {
        // An operator that throws: the error outcome is decided below, as for any rule.
      }
      // Its tokens are still in `scratch`: `find` left them there.
      if (applies === FALSE || applies === UNKNOWN) return this.learn(gate, decide)[0] as number;
      // A target `when` lets through is the rule's own memory's to answer: no miss of the gate.
      gate.lookups--;
    }
    return this.lookUp(group, facts, decide)[0] as number;
  }

  /** The verdicts of a group's rules: remembered, or decided and remembered. */
  private lookUp(group: Group, facts: Facts, decide: (rule: CompiledRule) => number): readonly number[] {
    const known = this.find(group, facts);
    if (known === GIVE_UP) return group.rules.map(decide);
    return known ?? this.learn(group, decide);
  }

  /**
   * The remembered verdicts of a group's rules on `facts`, or undefined with the key tokens left in `scratch`
   * (for `learn`); GIVE_UP when the group does not remember (any more) or the values cannot be keyed.
   */
  private find(group: Group, facts: Facts): readonly number[] | undefined | typeof GIVE_UP {
    const { trie } = group;
    if (trie === undefined) return GIVE_UP;
    group.lookups++;
    const tokens = this.scratch;
    tokens.length = 0;
    for (const read of group.reads) {
      // Values that cannot be keyed count as misses: a group that mostly meets them stops looking.
      if (!pushTokens(read(facts), tokens)) {
        this.giveUpIfUseless(group);
        return GIVE_UP;
      }
    }
    // Rules that read nothing: one set of verdicts for every target.
    if (tokens.length === 0) tokens.push(NOTHING);
    let level: Level = trie;
    const last = tokens.length - 1;
    for (let t = 0; t < last; t++) {
      const next = level.get(tokens[t]);
      if (next === undefined) return undefined;
      level = next as Level;
    }
    const known = level.get(tokens[last]);
    if (known === undefined) return undefined;
    group.hits++;
    return known as readonly number[];
  }

  /** Decides, and remembers the verdicts under the tokens in `scratch` unless the group stopped or is full. */
  private learn(group: Group, decide: (rule: CompiledRule) => number): readonly number[] {
    const rules = group.rules;
    if (this.giveUpIfUseless(group)) return rules.map(decide);
    const tokens = this.scratch.slice();
    const verdicts = rules.map(decide);
    if (group.trie === undefined || group.size >= MAX_ENTRIES || group.nodes + tokens.length > MAX_NODES) {
      return verdicts;
    }
    group.size++;
    let level: Level = group.trie;
    for (let t = 0; t < tokens.length - 1; t++) {
      let next = level.get(tokens[t]) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        group.nodes++;
        level.set(tokens[t], next);
      }
      level = next;
    }
    level.set(tokens[tokens.length - 1], verdicts);
    return verdicts;
  }

  /**
   * Stops a group remembering when, after TRIAL look-ups, under a quarter found their answer (rules reading ids
   * or timestamps, or values that cannot be keyed): keying then costs more than it saves. A group of several
   * rules goes on as a group per rule.
   */
  private giveUpIfUseless(group: Group): boolean {
    if (group.lookups < TRIAL || group.hits * 4 >= group.lookups) return false;
    group.trie = undefined;
    if (group.rules.length > 1) group.single = group.rules.map((rule) => newGroup([rule]));
    return true;
  }
}

/** `find`'s answer when a group does not look its verdicts up. */
const GIVE_UP = Symbol('give up');

function newGroup(rules: readonly CompiledRule[]): Group {
  const group = emptyGroup(rules, fewestReads(rules));
  const gateReads = rules.length === 1 ? rules[0]?.gateReads : undefined;
  if (gateReads) group.gate = emptyGroup(rules, fewestOf(gateReads));
  return group;
}

function emptyGroup(rules: readonly CompiledRule[], reads: Reader[]): Group {
  return { rules, reads, trie: new Map(), lookups: 0, hits: 0, size: 0, nodes: 1 };
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
  return fewestOf([...all.values()]);
}

/** `fewestReads` of a list of distinct reads. */
function fewestOf(list: readonly FactRead[]): Reader[] {
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
