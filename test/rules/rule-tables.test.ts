// Runs every rule's table (tables/<rule id>.ts): each case's outcome, target, message id and message.
import { describe, expect, it } from 'vitest';
import type { EngineOutcome } from '../../engine/types.js';
import { bundledRules, caseTarget, evaluateCase, loadRuleTables } from './rule-tester.js';

const tables = (await loadRuleTables()).map((entry) => entry.table);

const MESSAGE_IDS: Record<EngineOutcome, string> = {
  pass: 'pass',
  fail: 'fail',
  unknown: 'unknown',
  notApplicable: 'notApplicable',
  error: 'error',
};

describe.for(tables)('$ruleId', (table) => {
  it.for(table.cases)('$outcome: $name', async (testCase) => {
    const rule = (await bundledRules()).rules.find((r) => r.id === table.ruleId);
    expect(rule, `rule ${table.ruleId}`).toBeDefined();
    const target = caseTarget(rule?.kind ?? 'organization', testCase);
    const findings = (await evaluateCase(table.ruleId, testCase.given)).filter((f) => f.target.id === target);
    if (testCase.outcome === 'skipped') {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect({ ruleId: finding?.ruleId, outcome: finding?.outcome, messageId: finding?.messageId }).toEqual({
      ruleId: table.ruleId,
      outcome: testCase.outcome,
      messageId: MESSAGE_IDS[testCase.outcome as EngineOutcome],
    });
    for (const fragment of testCase.message ?? []) expect(finding?.message).toContain(fragment);
  });
});
