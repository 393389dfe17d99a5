// Evaluate stage, driver: every target against the rules that can apply to it, into sorted findings.
import type { CompiledRuleSet } from './compile.js';
import { compareText } from './errors.js';
import { createFinding, evaluateRule, rulesFor } from './evaluate.js';
import type { MergedSnapshot } from './merge.js';
import { buildTargets, locateFinding } from './targets.js';
import type { Finding, Outcome, Summary, TargetKind } from './types.js';

const KIND_ORDER: Record<TargetKind, number> = { organization: 0, device: 1, server: 2 };

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
export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
  for (const f of findings) summary[f.outcome satisfies Outcome]++;
  return summary;
}

/** Evaluates a merged snapshot: one finding per (rule, target) the rule applies to, sorted. */
export function evaluateSnapshot(ruleSet: CompiledRuleSet, merged: MergedSnapshot): Finding[] {
  const findings: Finding[] = [];
  const index = { locators: merged.locators, origins: merged.origins };
  for (const target of buildTargets(merged)) {
    for (const rule of rulesFor(ruleSet, target)) {
      const result = evaluateRule(rule, target);
      findings.push(createFinding(rule, target, result, locateFinding(rule, target, index)));
    }
  }
  return findings.sort(compareFindings);
}

export type FailOn = 'error' | 'warning' | 'note' | 'never';
const LEVEL_RANK = { error: 3, warning: 2, note: 1 } as const;

/**
 * Whether the run fails a CI gate: a `fail` or `error` outcome of a rule whose level is at or above
 * `failOn`. An evaluation error counts, so a rule that could not run never passes a gate silently.
 */
export function hasViolations(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = LEVEL_RANK[failOn];
  return findings.some((f) => (f.outcome === 'fail' || f.outcome === 'error') && LEVEL_RANK[f.level] >= threshold);
}
