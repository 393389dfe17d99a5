import { describe, expect, it } from 'vitest';
import { compileCondition, type Explanation, FALSE, TRUE, UNKNOWN } from '../../engine/compile/conditions.js';
import type { Diagnostic } from '../../engine/errors.js';
import { type Operator, operators } from '../../engine/operators/index.js';
import type { Condition } from '../../engine/types.js';

const scope = {
  operators,
  facts: ['device', 'network'],
  file: 'rule.yaml',
  locate: () => ({ line: 3, column: 5 }),
};

function compile(condition: Condition) {
  const diagnostics: Diagnostic[] = [];
  const compiled = compileCondition(condition, scope, ['require'], diagnostics);
  return { compiled, diagnostics };
}

const yes: Condition = { fact: 'device', path: '$.a', operator: 'equal', value: 1 };
const no: Condition = { fact: 'device', path: '$.a', operator: 'equal', value: 2 };
const missing: Condition = { fact: 'device', path: '$.absent', operator: 'equal', value: 1 };
const facts = { device: { a: 1, n: null } };

describe('three-valued conditions', () => {
  it.for([
    ['leaf true', yes, TRUE],
    ['leaf false', no, FALSE],
    ['leaf on a missing fact', missing, UNKNOWN],
    ['leaf on a null fact', { fact: 'device', path: '$.n', operator: 'equal', value: null }, UNKNOWN],
    ['leaf on an absent fact name', { fact: 'network', path: '$.x', operator: 'equal', value: 1 }, UNKNOWN],
    ['all true', { all: [yes, yes] }, TRUE],
    ['all with a false', { all: [yes, no] }, FALSE],
    ['all false beats unknown', { all: [missing, no] }, FALSE],
    ['all true and unknown', { all: [yes, missing] }, UNKNOWN],
    ['empty all', { all: [] }, TRUE],
    ['any with a true', { any: [no, yes] }, TRUE],
    ['any true beats unknown', { any: [missing, yes] }, TRUE],
    ['any false and unknown', { any: [no, missing] }, UNKNOWN],
    ['empty any is true, as in json-rules-engine', { any: [] }, TRUE],
    ['not true', { not: yes }, FALSE],
    ['not false', { not: no }, TRUE],
    ['not unknown', { not: missing }, UNKNOWN],
    ['nested', { all: [{ not: no }, { any: [missing, yes] }] }, TRUE],
  ] as const)('%s', ([, condition, expected]) => {
    const { compiled, diagnostics } = compile(condition as Condition);
    expect(diagnostics).toEqual([]);
    expect(compiled.test(facts)).toBe(expected);
  });

  it('reads a fact reference as the value', () => {
    const { compiled } = compile({
      fact: 'device',
      path: '$.a',
      operator: 'equal',
      value: { fact: 'device', path: '$.b' },
    });
    expect(compiled.test({ device: { a: 1, b: 1 } })).toBe(TRUE);
    expect(compiled.test({ device: { a: 1, b: 2 } })).toBe(FALSE);
    expect(compiled.test({ device: { a: 1 } })).toBe(UNKNOWN);
  });

  it('yields a non-object fact itself when a path is given, as json-rules-engine does', () => {
    const { compiled } = compile({ fact: 'device', path: '$.a', operator: 'equal', value: 'x' });
    expect(compiled.test({ device: 'x' })).toBe(TRUE);
  });

  it('explains failing leaves and missing facts', () => {
    const { compiled } = compile({ all: [no, missing, yes] });
    const into: Explanation = { reasons: [], missing: [] };
    compiled.explain(facts, true, into);
    expect(into.reasons).toEqual(['device.a is 1 (expected equal 2)']);
    expect(into.missing).toEqual(['device.absent']);
  });

  it('explains a negated leaf with "not"', () => {
    const { compiled } = compile({ not: yes });
    const into: Explanation = { reasons: [], missing: [] };
    compiled.explain(facts, true, into);
    expect(into.reasons).toEqual(['device.a is 1 (expected not equal 1)']);
  });

  it('propagates operator errors to the caller', () => {
    const { compiled } = compile({ fact: 'device', path: '$.a', operator: 'in', value: 7 });
    expect(() => compiled.test(facts)).toThrow(TypeError);
  });
});

describe('compile-time problems', () => {
  it.for([
    ['unknown operator', { fact: 'device', path: '$.a', operator: 'sortOf', value: 1 }, 'unknown-operator'],
    ['unknown fact', { fact: 'printer', path: '$.a', operator: 'equal', value: 1 }, 'unknown-fact'],
    ['unsupported path', { fact: 'device', path: '$..a', operator: 'equal', value: 1 }, 'bad-path'],
    ['bad literal value', { fact: 'device', path: '$.a', operator: 'in', value: 3 }, 'schema-violation'],
  ] as const)('%s', ([, condition, code]) => {
    const { diagnostics } = compile({ all: [yes, condition as Condition] });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code, file: 'rule.yaml', line: 3, column: 5 });
  });
});

describe('operators that cannot decide', () => {
  const undecided: Operator = {
    name: 'maybe',
    valueSchema: {},
    compile: () => ({ test: (a) => (a === 'yes' ? true : a === 'no' ? false : undefined) }),
  };
  const withMaybe = { ...scope, operators: new Map([...operators, ['maybe', undecided]]) };
  const maybe: Condition = { fact: 'device', path: '$.m', operator: 'maybe', value: true };

  it.for([
    ['yes', TRUE],
    ['no', FALSE],
    ['perhaps', UNKNOWN],
  ] as const)('%s → %i, like a missing fact when undecided', ([m, expected]) => {
    const diagnostics: Diagnostic[] = [];
    const compiled = compileCondition({ all: [maybe, yes] }, withMaybe, [], diagnostics);
    expect(compiled.test({ device: { a: 1, m } })).toBe(expected);
  });

  it('lists an undecided leaf under missing facts', () => {
    const compiled = compileCondition(maybe, withMaybe, [], []);
    const into: Explanation = { reasons: [], missing: [] };
    compiled.explain({ device: { m: 'perhaps' } }, true, into);
    expect(into).toEqual({ reasons: [], missing: ['device.m'] });
  });
});

describe('a value read from a fact', () => {
  let compiles = 0;
  const counting: Operator = {
    name: 'sameAs',
    valueSchema: { type: 'string' },
    compile: (value) => {
      compiles++;
      if (typeof value !== 'string') throw new TypeError('sameAs needs a string value');
      return { test: (a) => a === value, explain: (a) => `${String(a)} vs ${value}` };
    },
  };
  const withCounting = { ...scope, operators: new Map([...operators, ['sameAs', counting]]) };
  const leaf: Condition = { fact: 'device', path: '$.a', operator: 'sameAs', value: { fact: 'device', path: '$.b' } };

  it('is compiled when read, once while it stays the same', () => {
    compiles = 0;
    const diagnostics: Diagnostic[] = [];
    const compiled = compileCondition(leaf, withCounting, [], diagnostics);
    expect(diagnostics).toEqual([]);
    expect(compiles).toBe(0);
    expect(compiled.test({ device: { a: 'x', b: 'x' } })).toBe(TRUE);
    expect(compiled.test({ device: { a: 'y', b: 'x' } })).toBe(FALSE);
    const into: Explanation = { reasons: [], missing: [] };
    compiled.explain({ device: { a: 'y', b: 'x' } }, true, into);
    expect(into.reasons).toEqual(['y vs x']);
    expect(compiles).toBe(1);
    expect(compiled.test({ device: { a: 'y', b: 'y' } })).toBe(TRUE);
    expect(compiles).toBe(2);
  });

  it('that the operator cannot use is an error, like a malformed fact', () => {
    const compiled = compileCondition(leaf, withCounting, [], []);
    expect(() => compiled.test({ device: { a: 'x', b: 7 } })).toThrow('sameAs needs a string value');
    expect(compiled.trace({ device: { a: 'x', b: 7 } })).toMatchObject({
      result: 'error',
      detail: 'sameAs needs a string value',
    });
    expect(compiled.test({ device: { a: 'x' } })).toBe(UNKNOWN);
  });
});
