// Evaluate stage, driver: every target against the rules that can apply to it, into sorted findings.
import type { CompiledRuleSet } from '../compile/compile.js';
import { compareText } from '../errors.js';
import { LifecycleFindings } from '../lifecycle/lifecycle.js';
import { ALL_OUTCOMES } from '../results/columns.js';
import { StoredFindings } from '../results/store.js';
import type { MergedSnapshot } from '../snapshot/merge.js';
import { buildTargets, type SourceIndex } from '../snapshot/targets.js';
import {
  emptySummary,
  type Finding,
  LEVEL_RANK,
  type Notice,
  type Outcome,
  type Summary,
  type TargetKind,
} from '../types.js';
import { FleetEvaluation, type RuleEvaluator } from './stream.js';

const KIND_ORDER: Record<TargetKind | 'input', number> = { organization: 0, device: 1, server: 2, input: 3 };

/** Stable order of findings: by rule id, then target kind (organization, devices, servers), then target id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.ruleId, b.ruleId) ||
    KIND_ORDER[a.target.kind] - KIND_ORDER[b.target.kind] ||
    compareText(a.target.id, b.target.id) ||
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line
  );
}

/** Counts outcomes. */
export function summarize(findings: Iterable<Finding>): Summary {
  const summary = emptySummary();
  for (const f of findings) summary[f.outcome satisfies Outcome]++;
  return summary;
}

export { createReferenceEvaluator, type RuleEvaluator } from './stream.js';

/** Which engine decides outcomes: the compiled closures (default) or json-rules-engine, the reference. */
export type EngineName = 'compiled' | 'reference';
export const ENGINE_NAMES: readonly EngineName[] = ['compiled', 'reference'];

/**
 * Evaluates a merged snapshot: one finding per (rule, target) the rule applies to, in report order, each with its
 * evidence, and notices. The same evaluation as a streamed fleet's (`FleetEvaluation`), read back as plain findings.
 */
export function evaluateSnapshot(
  ruleSet: CompiledRuleSet,
  merged: MergedSnapshot,
): { findings: Finding[]; notices: Notice[] } {
  const evaluation = snapshotEvaluation(ruleSet, merged);
  for (const target of buildTargets(merged)) evaluation.add(target);
  return readBack(evaluation);
}

/** `evaluateSnapshot` with another evaluator, such as json-rules-engine's (`createReferenceEvaluator`). */
export async function evaluateSnapshotWith(
  ruleSet: CompiledRuleSet,
  merged: MergedSnapshot,
  evaluator: RuleEvaluator,
): Promise<{ findings: Finding[]; notices: Notice[] }> {
  const evaluation = snapshotEvaluation(ruleSet, merged);
  for (const target of buildTargets(merged)) await evaluation.addWith(target, evaluator);
  return readBack(evaluation);
}

function snapshotEvaluation(ruleSet: CompiledRuleSet, merged: MergedSnapshot): FleetEvaluation {
  const index: SourceIndex = { locators: merged.locators, origins: merged.origins };
  return new FleetEvaluation(ruleSet, index, { evidence: ALL_OUTCOMES });
}

function readBack(evaluation: FleetEvaluation): { findings: Finding[]; notices: Notice[] } {
  evaluation.locateEvidence();
  // Notices first: sealing moves the targets into report order, and a notice names its target by ordinal.
  const notices = evaluation.notices();
  return { findings: evaluation.seal().toArray(), notices };
}

export type FailOn = 'error' | 'warning' | 'note' | 'never';

/**
 * Whether the run fails a CI gate: a `fail` or `error` outcome of a rule whose level is at or above
 * `failOn`. An evaluation error counts, so a rule that could not run never passes a gate silently.
 */
export function hasViolations(findings: Iterable<Finding>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = LEVEL_RANK[failOn];
  if (findings instanceof StoredFindings) return findings.some(violates(threshold));
  if (findings instanceof LifecycleFindings) return findings.violates(violates(threshold), false);
  for (const f of findings) if (violates(threshold)(f)) return true;
  return false;
}

/**
 * `hasViolations` over the findings new or worse since the baseline only (`--fail-on-new`): a known finding,
 * unchanged or updated without getting worse, does not fail the gate.
 */
export function hasNewViolations(findings: Iterable<Finding>, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = LEVEL_RANK[failOn];
  if (findings instanceof LifecycleFindings) return findings.violates(violates(threshold), true);
  for (const f of findings) {
    if (f.baselineState !== undefined && f.baselineState !== 'new') continue;
    if (violates(threshold)(f)) return true;
  }
  return false;
}

function violates(threshold: number): (f: Pick<Finding, 'outcome' | 'level'>) => boolean {
  return (f) => (f.outcome === 'fail' || f.outcome === 'error') && LEVEL_RANK[f.level] >= threshold;
}
