// One finding on its own, with its message and evidence: what `aipcheck explain` and the library API show for one
// (rule, target). Messages are rendered by the shapes every evaluation uses (messages.ts), so there is one renderer.
import type { CompiledRule } from '../compile/compile.js';
import type { SourceIndex } from '../snapshot/targets.js';
import type { Finding, SourceLocation, Target } from '../types.js';
import { MESSAGE_ID, type RuleResult } from './evaluate.js';
import { buildEvidence, locateEvidence } from './evidence.js';
import { MessageShapes, renderShape } from './messages.js';

/** Renders the message of an outcome, as a report shows it. */
export function renderMessage(rule: CompiledRule, target: Target, result: RuleResult): string {
  const shapes = new MessageShapes();
  const shape = shapes.shapes[shapes.intern(rule, target, result)] ?? [];
  return renderShape(shape, target.id, target.name, target.kind);
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
