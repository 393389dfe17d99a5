// Evidence: a finding's conditions traced on its target, as data (facts read, values, operators, what decided).
import type { CompiledRule } from '../compile/compile.js';
import type { Facts, TraceLeaf, TraceNode } from '../compile/conditions.js';
import { locateFact, type SourceIndex } from '../snapshot/targets.js';
import type { Evidence, EvidenceCheck, Outcome, SourceLocation, Target } from '../types.js';

/** The traced `when` and `require` of a rule on a target's facts (`aipcheck explain`). */
export interface RuleTrace {
  when?: TraceNode;
  require: TraceNode;
}

/** Traces a rule's conditions on `facts`. */
export function traceRule(rule: CompiledRule, facts: Facts): RuleTrace {
  return { ...(rule.when ? { when: rule.when.trace(facts) } : {}), require: rule.require.trace(facts) };
}

/** Values whose JSON is longer than this are summarized in evidence, not repeated (an allowlist, a set of NSGs). */
export const MAX_VALUE_CHARS = 400;

/**
 * The leaves that decided a node's result: a leaf itself; below `all` and `any`, the children with the node's
 * result (the false children of a false `all`, every child of a false `any`, the unknown ones of an unknown
 * node); below `not`, its child's. The other leaves did not change the outcome (`aipcheck explain` shows them).
 */
export function decidingLeaves(node: TraceNode, into: TraceLeaf[] = []): TraceLeaf[] {
  if (node.node === 'leaf') into.push(node);
  else if (node.node === 'not') for (const child of node.children) decidingLeaves(child, into);
  else for (const child of node.children) if (child.result === node.result) decidingLeaves(child, into);
  return into;
}

/**
 * The facts whose absence decided an unknown node: below an unknown `all`, `any` or `not`, the unknown children
 * (a false child of an `all` would have made it false, a true child of an `any` true).
 */
export function missingFacts(node: TraceNode, into: string[] = []): string[] {
  if (node.result !== 'unknown') return into;
  if (node.node === 'leaf') {
    if (node.missing !== undefined && !into.includes(node.missing)) into.push(node.missing);
  } else {
    for (const child of node.children) missingFacts(child, into);
  }
  return into;
}

/** What a value too long to repeat is: `array of 3 items`, `object with 2 keys`. */
export function summarize(value: unknown): string {
  if (Array.isArray(value)) return `array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return `object with ${Object.keys(value as object).length} keys`;
}

function fromLeaf(leaf: TraceLeaf, where: 'when' | 'require'): EvidenceCheck {
  const out: EvidenceCheck = {
    in: where,
    fact: leaf.fact,
    operator: leaf.operator,
    expected: leaf.expected,
    result: leaf.result,
  };
  if (leaf.value !== undefined) {
    const text = JSON.stringify(leaf.value);
    if (text !== undefined && text.length <= MAX_VALUE_CHARS) out.value = leaf.value;
    else out.valueSummary = summarize(leaf.value);
  }
  if (leaf.expectedFact !== undefined) out.expectedFact = leaf.expectedFact;
  if (leaf.deciding !== undefined) out.deciding = leaf.deciding;
  return check(out);
}

function check(out: EvidenceCheck, location = out.location): EvidenceCheck {
  // Key order is fixed by construction: evidence is part of a report and must be byte-identical run to run.
  return {
    in: out.in,
    fact: out.fact,
    ...(out.value !== undefined ? { value: out.value } : {}),
    ...(out.valueSummary !== undefined ? { valueSummary: out.valueSummary } : {}),
    ...(location ? { location } : {}),
    operator: out.operator,
    expected: out.expected,
    ...(out.expectedFact !== undefined ? { expectedFact: out.expectedFact } : {}),
    result: out.result,
    ...(out.deciding !== undefined ? { deciding: out.deciding } : {}),
  };
}

const SHARED: Target = {
  kind: 'organization',
  id: '',
  name: '',
  facts: {},
  source: { file: '', pointer: [] },
};

/** Where an organization or network fact is (the same for every target); undefined for others or unknown. */
export function locateSharedFact(fact: string, index: SourceIndex): SourceLocation | undefined {
  const root = fact.split('.')[0];
  if (root !== 'organization' && root !== 'network') return undefined;
  return locateFact(SHARED, fact, index);
}

/**
 * Gives the organization and network facts of each evidence their location, once every input is read (a
 * helper thread evaluating part of a file knows no other file's positions). Checks are replaced, not edited,
 * so each keeps its key order.
 */
export function locateEvidence(all: readonly (Evidence | undefined)[], index: SourceIndex): void {
  const cache = new Map<string, SourceLocation | undefined>();
  for (const evidence of all) {
    if (!evidence) continue;
    evidence.checks = evidence.checks.map((c) => {
      if (c.location) return c;
      if (!cache.has(c.fact)) cache.set(c.fact, locateSharedFact(c.fact, index));
      const location = cache.get(c.fact);
      return location ? check(c, location) : c;
    });
  }
}

/**
 * The evidence of one outcome of `rule` on `target`: the condition leaves that decided it (of `when` when the rule
 * does not apply or its applicability is unknown, else of `require`) with their values, and the facts whose
 * absence made an unknown. It depends on the values read only, so one evidence object serves every
 * target whose facts read alike (it is interned with the message shape): an asset's own facts are at the
 * finding's location, and organization and network facts get theirs from `locateEvidence`.
 */
export function buildEvidence(rule: CompiledRule, target: Target, outcome: Outcome): Evidence {
  const trace = traceRule(rule, target.facts);
  // An outcome the applicability decided (not applicable, or unknown because of it) is explained by `when`.
  const byWhen = trace.when !== undefined && trace.when.result !== 'true' && outcome !== 'error';
  const where = byWhen ? 'when' : 'require';
  const node = byWhen ? (trace.when as TraceNode) : trace.require;
  const checks = decidingLeaves(node).map((leaf) => fromLeaf(leaf, where));
  return { checks, missing: outcome === 'unknown' ? missingFacts(node) : [] };
}
