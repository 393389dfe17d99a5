// Text of `aipcheck facts` and `aipcheck explain`: the facts the rules read, and a rule's decision traced.
import type { FactUse, RuleExplanation, TraceNode } from '../index.js';

/** Short, stable text of a value: strings as they are, large values cut. */
function show(value: unknown, max = 160): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `aipcheck facts`: one block per fact, with its rules, the importers that supply it and, with inputs, coverage. */
export function formatFactList(facts: readonly FactUse[], format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(facts, null, 2)}\n`;
  const out: string[] = [];
  for (const use of facts) {
    const coverage = use.targets ? `  ${use.targets.have} of ${use.targets.of} target(s) have it` : '';
    out.push(`${use.fact}${coverage}`);
    out.push(`  read by ${use.rules.join(', ')}`);
    for (const s of use.suppliers) out.push(`  supplied by ${s.importer}: ${s.command}`);
    if (use.fact.startsWith('inventory.')) out.push('  computed by aipcheck from the assets of every input');
    else if (use.suppliers.length === 0) out.push('  no importer supplies it: write it in an aipcheck inventory');
  }
  return `${out.join('\n')}\n`;
}

const MARK: Record<string, string> = { true: '✓', false: '✗', unknown: '?', error: '!' };

function formatNode(node: TraceNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  if (node.node !== 'leaf') {
    out.push(`${pad}${MARK[node.result]} ${node.node} → ${node.result}`);
    for (const child of node.children) formatNode(child, depth + 1, out);
    return;
  }
  const expected = node.expectedFact ? `${node.expectedFact} (${show(node.expected)})` : show(node.expected);
  out.push(
    `${pad}${MARK[node.result]} ${node.fact} = ${show(node.value)}  ${node.operator} ${expected}  → ${node.result}`,
  );
  if (node.location) out.push(`${pad}    at ${node.location.file}:${node.location.line}:${node.location.column}`);
  if (node.missing) out.push(`${pad}    missing: ${node.missing}`);
  if (node.detail) out.push(`${pad}    ${node.detail}`);
  if (node.deciding !== undefined) out.push(`${pad}    decided by ${show(node.deciding, 400)}`);
}

/** `aipcheck explain`: the rule (source sentence, rationale, remediation) and, for a target, its conditions traced. */
export function formatExplanation(explanation: RuleExplanation, format: 'text' | 'json'): string {
  const def = explanation.rule.definition;
  if (format === 'json') {
    const rule = {
      id: def.id,
      version: def.version,
      title: def.title,
      severity: def.severity,
      source: def.source,
      rationale: def.rationale,
      remediation: def.remediation,
      appliesTo: def.appliesTo,
      ...(def.when ? { when: def.when } : {}),
      require: def.require,
    };
    return `${JSON.stringify({ rule, ...(explanation.target ? { target: explanation.target } : {}) }, null, 2)}\n`;
  }
  const out = [
    `${def.id}  ${def.title}  [${def.severity}]  version ${def.version}  (${explanation.rule.file})`,
    `Source ${def.source.section}:`,
    ...def.source.sentences.map((sentence) => `  "${sentence.trim()}"`),
    `Rationale: ${def.rationale.trim()}`,
    `Remediation: ${def.remediation.trim()}`,
  ];
  const target = explanation.target;
  if (target) {
    out.push('', `${target.target.kind} ${target.target.id} (${target.target.name}): ${target.outcome}`);
    out.push(`  ${target.message.trim()}`);
    if (target.trace?.when) {
      out.push('when (applies to the target):');
      formatNode(target.trace.when, 1, out);
    }
    if (target.trace) {
      out.push('require:');
      formatNode(target.trace.require, 1, out);
    }
  }
  return `${out.join('\n')}\n`;
}
