// Evaluate stage: a compiled rule against a target gives one outcome, and a finding with its rendered message.
import { type CompiledRule, type CompiledRuleSet, type MessageId, renderTemplate } from '../compile/compile.js';
import { type Explanation, FALSE, TRUE, UNKNOWN } from '../compile/conditions.js';
import type { SourceIndex } from '../snapshot/targets.js';
import type { EngineOutcome, Finding, Outcome, SourceLocation, Target } from '../types.js';
import { buildEvidence, locateEvidence } from './evidence.js';

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

const MESSAGE_ID: Record<EngineOutcome, MessageId> = {
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

/** Renders the message for an outcome. */
export function renderMessage(rule: CompiledRule, target: Target, result: RuleResult): string {
  const def = rule.loaded.definition;
  const needsExplanation = result.outcome === 'fail' || result.outcome === 'unknown';
  const explanation = needsExplanation ? explainRule(rule, target, result.outcome) : { reasons: [], missing: [] };
  const values = (name: string): unknown => {
    switch (name) {
      case 'target.id':
        return target.id;
      case 'target.name':
        return target.name;
      case 'target.kind':
        return target.kind;
      case 'rule.id':
        return def.id;
      case 'rule.title':
        return def.title;
      case 'reason':
        return explanation.reasons.length > 0 ? unique(explanation.reasons).join('; ') : 'no further detail';
      case 'missing':
        return explanation.missing.length > 0 ? unique(explanation.missing) : 'none';
      case 'error':
        return result.error ?? 'unknown error';
      default:
        return rule.data.get(name)?.(target.facts);
    }
  };
  return renderTemplate(rule.messages[MESSAGE_ID[result.outcome]], values);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Builds the finding of one (rule, target) outcome; with `index` (where the inputs' facts are) it carries its
 * evidence, organization and network facts located, as the fleet evaluation gives it.
 */
export function createFinding(
  rule: CompiledRule,
  target: Target,
  result: RuleResult,
  location: SourceLocation,
  index?: SourceIndex,
): Finding {
  const def = rule.loaded.definition;
  const evidence = index ? buildEvidence(rule, target, result.outcome) : undefined;
  if (evidence && index) locateEvidence([evidence], index);
  return {
    ruleId: def.id,
    ruleVersion: def.version,
    pack: rule.loaded.pack.name,
    level: def.severity,
    outcome: result.outcome,
    messageId: MESSAGE_ID[result.outcome],
    target: { kind: target.kind, id: target.id, name: target.name },
    message: renderMessage(rule, target, result),
    location,
    ...(evidence ? { evidence } : {}),
  };
}
