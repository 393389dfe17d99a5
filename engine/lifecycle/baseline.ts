// Baselines: the findings of an earlier run, by identity, to tell new findings from known and fixed ones.
import type { BaselineEntry, BaselineState, Finding, Level, Outcome } from '../types.js';

/** What the comparison reads of a baseline finding, and its number in the baseline (for `detail`). */
export interface BaselineKey {
  ruleVersion: string;
  level: Level;
  outcome: Outcome;
  n: number;
}

/** A baseline as loaded: entries by identity key, and the version of every rule the baseline evaluated. */
export interface Baseline {
  /** The baseline report's path, as given. */
  file: string;
  /** Open findings of the baseline by `findingKey`, numbered 0… in file order. */
  entries: BaselineIndex;
  /** The whole finding numbered `n`, read when first asked for (only fixed findings are). */
  detail(n: number): BaselineEntry;
  /** Rule id → version, from the report's `ruleVersions` (newer reports) and its findings. */
  ruleVersions: ReadonlyMap<string, string>;
}

/**
 * Baseline findings by identity: a map per rule and target kind, then by target id, so a lookup builds no key
 * string (findings come grouped by rule: the rule's map is found once per group).
 */
export class BaselineIndex {
  /**
   * Entries as their numbers `n` (small integers), each number's tuple (version, level, outcome) by its index
   * in `tuples`, kept once: a fleet's baseline then holds no object per finding, which every garbage
   * collection of the evaluation that follows would have to walk.
   */
  private readonly byRule = new Map<string, Map<string, number>>();
  private readonly tuples: Omit<BaselineKey, 'n'>[] = [];
  private readonly tupleIndex = new Map<string, number>();
  /** Entry number → index in `tuples`. */
  private readonly tupleOfEntry: number[] = [];
  private lastRule: string | undefined;
  private lastMap: Map<string, number> | undefined;
  private lastSetRule: string | undefined;
  private lastSetKind: string | undefined;
  private lastSetMap: Map<string, number> | undefined;
  private lastTuple: Omit<BaselineKey, 'n'> | undefined;
  private lastTupleIndex = 0;
  size = 0;

  private tupleOf(entry: BaselineKey): number {
    const last = this.lastTuple;
    if (
      last &&
      last.ruleVersion === entry.ruleVersion &&
      last.level === entry.level &&
      last.outcome === entry.outcome
    ) {
      return this.lastTupleIndex;
    }
    const key = `${entry.ruleVersion}\u0000${entry.level}\u0000${entry.outcome}`;
    let index = this.tupleIndex.get(key);
    if (index === undefined) {
      index = this.tuples.length;
      this.tuples.push({ ruleVersion: entry.ruleVersion, level: entry.level, outcome: entry.outcome });
      this.tupleIndex.set(key, index);
    }
    this.lastTuple = this.tuples[index];
    this.lastTupleIndex = index;
    return index;
  }

  /** Adds an entry; a second one of the same identity replaces the first. */
  set(f: Pick<Finding, 'ruleId' | 'target'>, entry: BaselineKey): void {
    let map = this.lastSetRule === f.ruleId && this.lastSetKind === f.target.kind ? this.lastSetMap : undefined;
    if (!map) {
      const group = `${f.ruleId}\u0000${f.target.kind}`;
      map = this.byRule.get(group);
      if (!map) {
        map = new Map();
        this.byRule.set(group, map);
      }
      this.lastSetRule = f.ruleId;
      this.lastSetKind = f.target.kind;
      this.lastSetMap = map;
    }
    if (!map.has(f.target.id)) this.size++;
    map.set(f.target.id, entry.n);
    this.tupleOfEntry[entry.n] = this.tupleOf(entry);
  }

  get(f: Pick<Finding, 'ruleId' | 'target'>): BaselineKey | undefined {
    const target = f.target;
    const group = `${f.ruleId}\u0000${target.kind}`;
    if (group !== this.lastRule) {
      this.lastRule = group;
      this.lastMap = this.byRule.get(group);
    }
    const n = this.lastMap?.get(target.id);
    if (n === undefined) return undefined;
    const tuple = this.tuples[this.tupleOfEntry[n] as number] as Omit<BaselineKey, 'n'>;
    return { ruleVersion: tuple.ruleVersion, level: tuple.level, outcome: tuple.outcome, n };
  }
}

/**
 * The identity of a finding across runs: rule id, target kind and target id, as SARIF's
 * `partialFingerprints` hash them (reporters/sarif.ts `fingerprintOf`). Neither version nor line is in it.
 */
export function findingKey(f: Pick<Finding, 'ruleId' | 'target'>): string {
  return `${f.ruleId}\u0000${f.target.kind}\u0000${f.target.id}`;
}

/** Outcomes that stand for a problem: what a baseline remembers and what can be new, known or fixed. */
export const OPEN_OUTCOMES: ReadonlySet<Outcome> = new Set(['fail', 'error', 'unknown', 'waived']);

/** How bad an outcome is, for "got worse": undecided or accepted < failing. */
const OUTCOME_WEIGHT: Readonly<Record<Outcome, number>> = {
  pass: 0,
  notApplicable: 0,
  unknown: 1,
  waived: 1,
  error: 2,
  fail: 2,
};
const LEVEL_WEIGHT: Readonly<Record<Level, number>> = { note: 1, warning: 2, error: 3 };

/** A finding compared with the baseline: its state, and whether it got worse (what `--fail-on-new` gates on). */
export interface Comparison {
  state: BaselineState;
  worse: boolean;
  /** The baseline's finding of the same identity, if any. */
  known?: BaselineKey;
}

/**
 * Compares one finding (an open outcome) with the baseline. Not in it: `new`, unless the baseline evaluated
 * the rule at another version (the rule changed, so the finding is `updated`, not new). In it with the same
 * outcome, level and rule version: `unchanged`; otherwise `updated`, and worse when its outcome or level rose.
 */
export function compareWithBaseline(f: Finding, baseline: Baseline): Comparison {
  const known = baseline.entries.get(f);
  if (known === undefined) {
    const version = baseline.ruleVersions.get(f.ruleId);
    return version !== undefined && version !== f.ruleVersion
      ? { state: 'updated', worse: false }
      : { state: 'new', worse: true };
  }
  if (known.outcome === f.outcome && known.ruleVersion === f.ruleVersion && known.level === f.level) {
    return { state: 'unchanged', worse: false, known };
  }
  const worse =
    OUTCOME_WEIGHT[f.outcome] > OUTCOME_WEIGHT[known.outcome] ||
    (OUTCOME_WEIGHT[f.outcome] === OUTCOME_WEIGHT[known.outcome] && LEVEL_WEIGHT[f.level] > LEVEL_WEIGHT[known.level]);
  return { state: 'updated', worse, known };
}

/**
 * Reads a baseline from a parsed JSON report (docs/report.schema.json). Returns the problems found instead when
 * it is not one, each with the JSON pointer of the offending value.
 */
export function readBaseline(
  value: unknown,
  file: string,
): { baseline: Baseline; problems?: undefined } | { problems: { pointer: (string | number)[]; message: string }[] } {
  const report = value as { findings?: unknown; ruleVersions?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(report.findings)) {
    return { problems: [{ pointer: [], message: 'not an aipcheck JSON report: no "findings" list' }] };
  }
  const findings = report.findings as unknown[];
  return readBaselineFindings(report.ruleVersions, findings.length, (i) => findings[i] as Partial<BaselineEntry>, file);
}

/**
 * Reads a baseline from the report's `ruleVersions` and `count` findings that `finding(i)` gives: the fields
 * the comparison needs at least (`detail(i)` gives the whole finding, when first asked for).
 */
export function readBaselineFindings(
  versions: unknown,
  count: number,
  finding: (i: number) => Partial<BaselineEntry>,
  file: string,
  detail: (i: number) => BaselineEntry = (i) => finding(i) as BaselineEntry,
): { baseline: Baseline; problems?: undefined } | { problems: { pointer: (string | number)[]; message: string }[] } {
  const report = { ruleVersions: versions };
  const problems: { pointer: (string | number)[]; message: string }[] = [];
  const entries = new BaselineIndex();
  const numbers: number[] = [];
  const ruleVersions = new Map<string, string>();
  if (typeof report.ruleVersions === 'object' && report.ruleVersions !== null) {
    for (const [id, version] of Object.entries(report.ruleVersions)) {
      if (typeof version === 'string') ruleVersions.set(id, version);
    }
  }
  for (let i = 0; i < count; i++) {
    const f = finding(i);
    if (
      typeof f?.ruleId !== 'string' ||
      typeof f.ruleVersion !== 'string' ||
      typeof f.outcome !== 'string' ||
      typeof f.target?.kind !== 'string' ||
      typeof f.target.id !== 'string'
    ) {
      problems.push({ pointer: ['findings', i], message: 'a finding needs ruleId, ruleVersion, outcome and target' });
      if (problems.length >= 20) break;
      continue;
    }
    if (!ruleVersions.has(f.ruleId)) ruleVersions.set(f.ruleId, f.ruleVersion);
    if (!OPEN_OUTCOMES.has(f.outcome)) continue;
    entries.set(f as BaselineEntry, {
      ruleVersion: f.ruleVersion,
      level: f.level as Level,
      outcome: f.outcome,
      n: numbers.length,
    });
    numbers.push(i);
  }
  if (problems.length > 0) return { problems };
  return { baseline: { file, entries, ruleVersions, detail: (n) => detail(numbers[n] as number) } };
}
