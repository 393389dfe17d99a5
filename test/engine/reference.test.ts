import { describe, expect, it } from 'vitest';
import { compileRules } from '../../engine/compile/compile.js';
import { evaluateRule } from '../../engine/evaluate/evaluate.js';
import { markPolarity, ReferenceRule } from '../../engine/evaluate/reference.js';
import { operators } from '../../engine/operators/index.js';
import type { Condition, LoadedRule, Target } from '../../engine/types.js';

function rule(require: Condition, when?: Condition): LoadedRule {
  return {
    file: 'r.yaml',
    locate: () => ({ line: 1, column: 1 }),
    pack: {
      name: 'p',
      version: '1.0.0',
      title: 'p',
      source: { title: 't', url: 'https://x', revised: '2021-01-01' },
      engine: '*',
    },
    definition: {
      id: 'r',
      version: '1.0.0',
      title: 't',
      severity: 'error',
      source: { section: '#s', sentences: ['s'] },
      rationale: 'r',
      remediation: 'r',
      references: ['https://x'],
      tags: [],
      appliesTo: { kind: 'device' },
      require,
      ...(when ? { when } : {}),
      messages: { fail: 'f' },
    },
  };
}

const leaf = (path: string, operator: string, value: unknown): Condition => ({ fact: 'device', path, operator, value });
const target = (device: Record<string, unknown>): Target => ({
  kind: 'device',
  id: 'd',
  name: 'd',
  platform: 'windows',
  facts: { device },
  source: { file: 'i.yaml', pointer: [] },
});

describe('markPolarity', () => {
  it('marks leaves under an odd number of nots as negative', () => {
    const marked = markPolarity({ all: [leaf('$.a', 'equal', 1), { not: { any: [leaf('$.b', 'in', [1])] } }] });
    expect(marked).toEqual({ all: [leaf('$.a', 'equal+', 1), { not: { any: [leaf('$.b', 'in-', [1])] } }] });
  });
});

describe('reference engine agrees with the compiled engine', () => {
  const conditions: [string, Condition, Condition | undefined][] = [
    ['leaf', leaf('$.v', 'versionGreaterThanOrEqual', '10.8'), undefined],
    ['any with missing', { any: [leaf('$.x', 'equal', 1), leaf('$.v', 'equal', '10.8')] }, undefined],
    ['not all', { not: { all: [leaf('$.x', 'equal', 1), leaf('$.n', 'greaterThan', 3)] } }, undefined],
    ['when gate', leaf('$.n', 'lessThan', 5), leaf('$.on', 'equal', true)],
    ['empty any', { any: [] }, undefined],
  ];
  const devices = [
    {},
    { v: '10.7' },
    { v: '10.8', n: 4, on: true },
    { x: 1, n: 9, on: false },
    { n: null, on: true },
    { v: 'x.y' },
  ];
  for (const [name, require, when] of conditions) {
    it(name, async () => {
      const { ruleSet, diagnostics } = compileRules([rule(require, when)], { operators });
      expect(diagnostics).toEqual([]);
      const compiled = ruleSet.rules[0];
      if (!compiled) throw new Error('not compiled');
      const reference = new ReferenceRule(compiled, operators);
      for (const device of devices) {
        const expected = evaluateRule(compiled, target(device)).outcome;
        expect(`${JSON.stringify(device)} ${(await reference.evaluate(target(device))).outcome}`).toBe(
          `${JSON.stringify(device)} ${expected}`,
        );
      }
    });
  }
});
