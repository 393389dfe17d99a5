// Evaluate stage: a compiled rule against a target gives one outcome, and the explanation of that outcome.
import type { CompiledRule, CompiledRuleSet, MessageId } from '../compile/compile.js';
import { type Explanation, FALSE, TRUE, UNKNOWN } from '../compile/conditions.js';
import type { EngineOutcome, Outcome, Target } from '../types.js';

export interface RuleResult {
  outcome: EngineOutcome;
  /** The error message when the outcome is `error`. */
  error?: string;
}

/** The rules a target meets: those of its kind, platform or role. */
export function rulesFor(ruleSet: CompiledRuleSet, target: Target): readonly CompiledRule[] {
  if (target.kind === 'organization') return ruleSet.organization;
  if (target.kind === 'device') return (target.platform && ruleSet.devices.get(target.platform)) || [];
  return (target.role && ruleSet.servers.get(target.role)) || [];
}

/**
 * Decides one (rule, target) outcome: `when` false → notApplicable; `require` true → pass, false → fail;
 * a missing fact that decides either → unknown; an operator that throws → error.
 */
export function evaluateRule(rule: CompiledRule, target: Target): RuleResult {
  try {
    if (rule.when) {
      const applies = rule.when.test(target.facts);
      if (applies === FALSE) return { outcome: 'notApplicable' };
      if (applies === UNKNOWN) return { outcome: 'unknown' };
    }
    const holds = rule.require.test(target.facts);
    return { outcome: holds === TRUE ? 'pass' : holds === FALSE ? 'fail' : 'unknown' };
  } catch (error) {
    return { outcome: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

export const MESSAGE_ID: Record<EngineOutcome, MessageId> = {
  pass: 'pass',
  fail: 'fail',
  unknown: 'unknown',
  notApplicable: 'notApplicable',
  error: 'error',
};

/** Explains an outcome: which leaves failed and which facts were missing. */
export function explainRule(rule: CompiledRule, target: Target, outcome: Outcome): Explanation {
  const into: Explanation = { reasons: [], missing: [] };
  try {
    if (rule.when && rule.when.test(target.facts) !== TRUE) {
      rule.when.explain(target.facts, true, into);
      if (outcome === 'unknown' || outcome === 'notApplicable') return into;
    }
    rule.require.explain(target.facts, outcome !== 'pass', into);
  } catch {
    // An operator that throws is reported through the error message; nothing more to explain.
  }
  return into;
}
