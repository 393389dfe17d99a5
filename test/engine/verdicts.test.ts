// Verdict memory keys: different values never share a key; equal plain data always does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../engine/compile/compile.js';
import { FleetEvaluation } from '../../engine/evaluate/stream.js';
import { pushTokens, VerdictMemory } from '../../engine/evaluate/verdicts.js';
import { operators } from '../../engine/operators/index.js';
import type { Condition, Target } from '../../engine/types.js';
import { loadedRule } from '../perf/random-rule.js';

/** A value's key tokens as text, symbols by name, so sequences compare as strings; undefined when not keyed. */
function keyText(value: unknown): string | undefined {
  const tokens: unknown[] = [];
  if (!pushTokens(value, tokens)) return undefined;
  return JSON.stringify(tokens.map((t) => (typeof t === 'symbol' ? `@${t.description}` : [typeof t, String(t)])));
}

describe('key tokens', () => {
  it('tell apart values that look alike', () => {
    const values = [
      '1',
      1,
      true,
      'true',
      null,
      'null',
      undefined,
      '',
      0,
      -0,
      '0',
      [],
      {},
      [1],
      ['1'],
      { a: 1 },
      { a: '1' },
    ];
    const keys = values.map((v) => keyText(v));
    expect(new Set(keys).size).toBe(values.length);
  });

  it('cannot be fooled by names and values that spell out other structures', () => {
    expect(keyText(['a', 'b'])).not.toBe(keyText([['a'], 'b']));
    expect(keyText({ a: 'b', c: 'd' })).not.toBe(keyText({ a: { b: 'c' }, d: undefined }));
  });

  it('key no value of more than 256 tokens, flat or nested', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `app${i}`);
    expect(keyText(many)).toBeUndefined();
    expect(keyText(Object.fromEntries(many.map((name) => [name, 1])))).toBeUndefined();
    expect(keyText(many.slice(0, 200))).toBeDefined();
  });

  it('key no value that is not plain data', () => {
    expect(keyText(new Date(0))).toBeUndefined();
    expect(keyText(() => 1)).toBeUndefined();
    expect(keyText({ when: new Map() })).toBeUndefined();
  });

  it('give equal JSON data equal keys, and different JSON data different keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(keyText(structuredClone(a))).toBe(keyText(a));
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(keyText(a)).not.toBe(keyText(b));
      }),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});

describe('remembered verdicts', () => {
  it('tell a fact that is not an object from an object holding the same value', () => {
    // `device.os` is "x" both ways; `device.os.a` is "x" when the device is "x" (a read of a fact that is not
    // an object gives the fact), undefined when it is {os: "x"}: the second read must not be dropped blindly.
    const require: Condition = {
      all: [
        { fact: 'device', path: '$.os', operator: 'equal', value: 'x' },
        { fact: 'device', path: '$.os.a', operator: 'equal', value: 'x' },
      ],
    };
    const { ruleSet } = compileRules([loadedRule(require)], { operators });
    const index = { locators: new Map(), origins: new Map() };
    const target = (id: string, device: unknown): Target => ({
      kind: 'device',
      id,
      name: id,
      platform: 'windows',
      facts: { device },
      source: { file: 'f.jsonl', pointer: [] },
    });
    const outcomes = (evaluation: FleetEvaluation) => {
      evaluation.add(target('a', 'x'));
      evaluation.add(target('b', { os: 'x' }));
      return evaluation
        .seal()
        .toArray()
        .map((f) => `${f.target.id} ${f.outcome}`);
    };
    const fresh = outcomes(new FleetEvaluation(ruleSet, index, { rememberVerdicts: false }));
    expect(fresh).toEqual(['a pass', 'b unknown']);
    expect(outcomes(new FleetEvaluation(ruleSet, index))).toEqual(fresh);
  });

  it('remember an outcome `when` decides by what `when` and the messages read, not by the whole device', () => {
    const when: Condition = { fact: 'device', path: '$.client.installed', operator: 'equal', value: true };
    const require: Condition = {
      fact: 'device',
      path: '$',
      operator: 'registryValueEquals',
      value: { path: 'HKLM\\SOFTWARE\\Vendor\\Value', type: 'REG_DWORD', data: 1 },
    };
    const base = loadedRule(require, when);
    const rule = {
      ...base,
      definition: {
        ...base.definition,
        data: { os: { fact: 'device', path: '$.os' } },
        messages: {
          fail: '{target.name} on {os}: {reason}',
          unknown: '{target.name} on {os}: missing {missing}',
          notApplicable: '{target.name} on {os}: n/a',
        },
      },
    };
    const { ruleSet, diagnostics } = compileRules([rule], { operators });
    expect(diagnostics).toEqual([]);
    const index = { locators: new Map(), origins: new Map() };
    const registry = (data: number) => ({
      'HKLM\\SOFTWARE\\Vendor\\Value': { type: 'REG_DWORD', data },
    });
    // Every device differs (its id and registry), so only what `when` and the messages read can be shared.
    const devices = Array.from({ length: 60 }, (_, i) => [
      { id: `x${i}`, os: i % 2 ? 'a' : 'b' },
      { id: `x${i}`, os: 'a', client: { installed: false }, registry: registry(i) },
      { id: `x${i}`, os: i % 3 ? 'c' : 'a', client: { installed: true }, registry: registry(i % 2) },
    ]).flat();
    const findings = (evaluation: FleetEvaluation) => {
      devices.forEach((device, i) => {
        evaluation.add({
          kind: 'device',
          id: `d${i}`,
          name: `D${i}`,
          platform: 'windows',
          facts: { device },
          source: { file: 'f.jsonl', pointer: [] },
        });
      });
      return evaluation.seal().toArray();
    };
    const fresh = findings(new FleetEvaluation(ruleSet, index, { rememberVerdicts: false, evidence: 0xff }));
    const remembered = findings(new FleetEvaluation(ruleSet, index, { evidence: 0xff }));
    expect(remembered).toEqual(fresh);
    const outcomes = new Set(fresh.map((f) => f.outcome));
    expect([...outcomes].sort()).toEqual(['fail', 'notApplicable', 'pass', 'unknown']);
    expect(fresh.find((f) => f.target.id === 'd0')?.message).toBe('D0 on b: missing device.client.installed');
    expect(fresh.find((f) => f.target.id === 'd3')?.message).toBe('D3 on a: missing device.client.installed');
  });

  // A rule whose `when` lets most targets through: its gate rarely hits and stops, but the rule's own memory, keyed by
  // what it reads, must go on answering for the targets `when` lets through.
  it('keep remembering by what the rule reads once the gate of `when` stops', () => {
    const when: Condition = { fact: 'device', path: '$.tier', operator: 'equal', value: 'managed' };
    const require: Condition = { fact: 'device', path: '$.os', operator: 'equal', value: 'a' };
    const { ruleSet } = compileRules([loadedRule(require, when)], { operators });
    const rules = ruleSet.rules;
    const memory = new VerdictMemory();
    let decided = 0;
    const decide = () => ++decided;
    for (let i = 0; i < 20_000; i++) {
      // One in ten has a tier of its own: not applicable, and never seen again.
      const device = { tier: i % 10 === 0 ? `tier-${i}` : 'managed', os: i % 3 === 0 ? 'a' : 'b' };
      memory.verdicts(rules, { device }, decide);
    }
    // 2,000 one-off tiers and two operating systems, not one decision per target the gate stopped on.
    expect(decided).toBeLessThan(2_100);
  });
});
