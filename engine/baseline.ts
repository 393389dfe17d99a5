// Baselines: the findings of an earlier run, by identity, to tell new findings from known and fixed ones.
import type { Finding, Level, Outcome, TargetKind } from './types.js';

/** SARIF's `baselineState` of a result: how it compares with the baseline run. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/** One finding of the baseline report, as much of it as the comparison and the list of fixed findings need. */
export interface BaselineEntry {
  ruleId: string;
  ruleVersion: string;
  level: Level;
  outcome: Outcome;
  target: { kind: TargetKind | 'input'; id: string; name: string };
  message?: string;
  location?: { file: string; line: number; column: number };
}

/** A baseline as loaded: entries by identity key, and the version of every rule the baseline evaluated. */
export interface Baseline {
  /** The baseline report's path, as given. */
  file: string;
  entries: ReadonlyMap<string, BaselineEntry>;
  /** Rule id → version, from the report's `ruleVersions` (newer reports) and its findings. */
  ruleVersions: ReadonlyMap<string, string>;
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
}

/**
 * Compares one finding (an open outcome) with the baseline. Not in it: `new`, unless the baseline evaluated
 * the rule at another version (the rule changed, so the finding is `updated`, not new). In it with the same
 * outcome, level and rule version: `unchanged`; otherwise `updated`, and worse when its outcome or level rose.
 */
export function compareWithBaseline(f: Finding, baseline: Baseline): Comparison {
  const known = baseline.entries.get(findingKey(f));
  if (known === undefined) {
    const version = baseline.ruleVersions.get(f.ruleId);
    return version !== undefined && version !== f.ruleVersion
      ? { state: 'updated', worse: false }
      : { state: 'new', worse: true };
  }
  if (known.outcome === f.outcome && known.ruleVersion === f.ruleVersion && known.level === f.level) {
    return { state: 'unchanged', worse: false };
  }
  const worse =
    OUTCOME_WEIGHT[f.outcome] > OUTCOME_WEIGHT[known.outcome] ||
    (OUTCOME_WEIGHT[f.outcome] === OUTCOME_WEIGHT[known.outcome] && LEVEL_WEIGHT[f.level] > LEVEL_WEIGHT[known.level]);
  return { state: 'updated', worse };
}

/**
 * Reads a baseline from a parsed JSON report (docs/report.schema.json). Returns the problems found instead when
 * it is not one, each with the JSON pointer of the offending value.
 */
export function readBaseline(
  value: unknown,
  file: string,
): { baseline: Baseline; problems?: undefined } | { problems: { pointer: (string | number)[]; message: string }[] } {
  const problems: { pointer: (string | number)[]; message: string }[] = [];
  const report = value as { findings?: unknown; ruleVersions?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(report.findings)) {
    return { problems: [{ pointer: [], message: 'not an aipcheck JSON report: no "findings" list' }] };
  }
  const entries = new Map<string, BaselineEntry>();
  const ruleVersions = new Map<string, string>();
  if (typeof report.ruleVersions === 'object' && report.ruleVersions !== null) {
    for (const [id, version] of Object.entries(report.ruleVersions)) {
      if (typeof version === 'string') ruleVersions.set(id, version);
    }
  }
  report.findings.forEach((raw, i) => {
    const f = raw as Partial<BaselineEntry>;
    if (
      typeof f?.ruleId !== 'string' ||
      typeof f.ruleVersion !== 'string' ||
      typeof f.outcome !== 'string' ||
      typeof f.target?.kind !== 'string' ||
      typeof f.target.id !== 'string'
    ) {
      problems.push({ pointer: ['findings', i], message: 'a finding needs ruleId, ruleVersion, outcome and target' });
      return;
    }
    if (!ruleVersions.has(f.ruleId)) ruleVersions.set(f.ruleId, f.ruleVersion);
    if (!OPEN_OUTCOMES.has(f.outcome)) return;
    entries.set(findingKey(f as BaselineEntry), f as BaselineEntry);
  });
  if (problems.length > 0) return { problems: problems.slice(0, 20) };
  return { baseline: { file, entries, ruleVersions } };
}
