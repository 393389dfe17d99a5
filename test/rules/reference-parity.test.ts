// Every table case decided by json-rules-engine itself (the reference engine) gives the compiled engine's outcome.
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../engine/evaluate/evaluate.js';
import { ReferenceRule } from '../../engine/evaluate/reference.js';
import { operators } from '../../engine/operators/index.js';
import { inventoryPart, mergeParts } from '../../engine/snapshot/merge.js';
import { buildTargets } from '../../engine/snapshot/targets.js';
import { bundledRules, caseTarget, loadRuleTables, snapshotOf } from './rule-tester.js';

const tables = (await loadRuleTables()).map((entry) => entry.table);
const ruleSet = await bundledRules();

describe.for(tables)('$ruleId', (table) => {
  const rule = ruleSet.rules.find((r) => r.id === table.ruleId);
  const cases = table.cases.filter((c) => c.outcome !== 'skipped');

  it.for(cases)('$name', async (testCase) => {
    if (!rule) throw new Error(`no rule ${table.ruleId}`);
    const part = inventoryPart(snapshotOf(testCase.given), 'case.yaml', () => ({ line: 1, column: 1 }));
    const id = caseTarget(rule.kind, testCase);
    const target = buildTargets(mergeParts([part])).find((t) => t.id === id);
    if (!target) throw new Error(`no target ${id}`);
    const reference = await new ReferenceRule(rule, operators).evaluate(target);
    expect(reference.outcome).toBe(evaluateRule(rule, target).outcome);
  });
});
