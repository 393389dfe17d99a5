// Evidence: every leaf traced with its value, missing facts named where they decided, shared per combination.
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../engine/compile/compile.js';
import { buildEvidence, locateEvidence, missingFacts, traceRule } from '../../engine/evaluate/evidence.js';
import { FleetEvaluation } from '../../engine/evaluate/stream.js';
import { operators } from '../../engine/operators/index.js';
import { outcomeMask } from '../../engine/results/columns.js';
import {
  type Condition,
  EVIDENCE_JSON,
  type Finding,
  OUTCOMES,
  type Outcome,
  type Target,
} from '../../engine/types.js';
import { loadedRule } from '../perf/random-rule.js';

const osAndClient: Condition = {
  all: [
    { fact: 'device', path: '$.os.version', operator: 'equal', value: '10' },
    {
      any: [
        { fact: 'device', path: '$.labelingClient.installed', operator: 'equal', value: true },
        { fact: 'device', path: '$.tls.collected', operator: 'equal', value: true },
      ],
    },
  ],
};

function compile(require: Condition, when?: Condition) {
  const { ruleSet, diagnostics } = compileRules([loadedRule(require, when)], { operators });
  expect(diagnostics).toEqual([]);
  return ruleSet;
}

function device(id: string, facts: Record<string, unknown>): Target {
  return {
    kind: 'device',
    id,
    name: id,
    platform: 'windows',
    facts: { device: { id, ...facts } },
    source: { file: 'f.jsonl', pointer: [], at: { line: 1, column: 1 } },
  };
}

describe('missing facts of an unknown', () => {
  const rule = compile(osAndClient).rules[0];
  it.for([
    // [device facts, outcome, missing]
    [{ os: { version: '10' } }, 'unknown', ['device.labelingClient.installed', 'device.tls.collected']],
    [{ os: { version: '10' }, labelingClient: { installed: false } }, 'unknown', ['device.tls.collected']],
    [{ labelingClient: { installed: true } }, 'unknown', ['device.os.version']],
    // A false leaf of an `all` decides: nothing missing is to blame.
    [{ os: { version: '9' } }, 'fail', []],
    [{ os: { version: '10' }, tls: { collected: true } }, 'pass', []],
  ] as const)('%j is %s, missing %j', ([facts, outcome, missing]) => {
    const target = device('d', facts);
    const evidence = buildEvidence(rule as never, target, outcome as Outcome);
    expect(evidence.missing).toEqual(missing);
    expect(missingFacts(traceRule(rule as never, target.facts).require)).toEqual(outcome === 'unknown' ? missing : []);
  });

  it('lists the leaves that decided, with fact, value, operator, expected value and result', () => {
    // The unknown `any` did not decide the failure: the false version did.
    const failed = buildEvidence(rule as never, device('d', { os: { version: '9' } }), 'fail');
    expect(failed.checks).toEqual([
      { in: 'require', fact: 'device.os.version', value: '9', operator: 'equal', expected: '10', result: 'false' },
    ]);
    const unknown = buildEvidence(rule as never, device('d', { os: { version: '10' } }), 'unknown');
    expect(unknown.checks).toEqual([
      { in: 'require', fact: 'device.labelingClient.installed', operator: 'equal', expected: true, result: 'unknown' },
      { in: 'require', fact: 'device.tls.collected', operator: 'equal', expected: true, result: 'unknown' },
    ]);
    const passed = buildEvidence(
      rule as never,
      device('d', { os: { version: '10' }, tls: { collected: true } }),
      'pass',
    );
    expect(passed.checks.map((c) => `${c.fact} ${c.result}`)).toEqual([
      'device.os.version true',
      'device.tls.collected true',
    ]);
  });

  it('looks through not: the negated leaf decided', () => {
    const r = compile({ not: { fact: 'device', path: '$.os.version', operator: 'equal', value: '7' } }).rules[0];
    const evidence = buildEvidence(r as never, device('d', { os: { version: '7' } }), 'fail');
    expect(evidence.checks).toEqual([
      { in: 'require', fact: 'device.os.version', value: '7', operator: 'equal', expected: '7', result: 'true' },
    ]);
  });

  it('leaves out the requirement of a rule that does not apply', () => {
    const when: Condition = { fact: 'device', path: '$.labelingClient.installed', operator: 'equal', value: true };
    const r = compile(osAndClient, when).rules[0];
    const evidence = buildEvidence(r as never, device('d', { labelingClient: { installed: false } }), 'notApplicable');
    expect(evidence.checks.map((c) => `${c.in} ${c.fact} ${c.result}`)).toEqual([
      'when device.labelingClient.installed false',
    ]);
  });

  it('summarizes a large value instead of repeating it', () => {
    const r = compile({ fact: 'device', path: '$.apps', operator: 'contains', value: 'x' }).rules[0];
    const apps = Array.from({ length: 200 }, (_, i) => `application-${i}`);
    const [check] = buildEvidence(r as never, device('d', { apps }), 'fail').checks;
    expect(check?.value).toBeUndefined();
    expect(check?.valueSummary).toBe('array of 200 items');
  });
});

describe('evidence in a fleet evaluation', () => {
  const ruleSet = compile(osAndClient);
  const index = { locators: new Map(), origins: new Map() };
  const devices = [
    device('a', { os: { version: '10' } }),
    device('b', { os: { version: '10' } }),
    device('c', { os: { version: '9' } }),
    device('d', { os: { version: '10' }, tls: { collected: true } }),
  ];
  const run = (options: { rememberVerdicts?: boolean; evidence?: number }) => {
    const evaluation = new FleetEvaluation(ruleSet, index, options);
    for (const target of devices) evaluation.add(target);
    return evaluation.seal().toArray();
  };

  it('is given to the outcomes asked for only, the same with and without remembered verdicts', () => {
    const listed = outcomeMask(['fail', 'unknown', 'error']);
    const findings = run({ evidence: listed });
    expect(findings.map((f) => [f.target.id, f.outcome, f.evidence !== undefined])).toEqual([
      ['a', 'unknown', true],
      ['b', 'unknown', true],
      ['c', 'fail', true],
      ['d', 'pass', false],
    ]);
    expect(run({ evidence: listed, rememberVerdicts: false })).toEqual(findings);
    expect(run({}).every((f) => f.evidence === undefined)).toBe(true);
    expect(run({ evidence: outcomeMask(OUTCOMES) }).every((f) => f.evidence !== undefined)).toBe(true);
  });

  it('leaves the notices to be read before sealing, which moves the targets they name', () => {
    const evaluation = new FleetEvaluation(ruleSet, index, {});
    for (const target of devices) evaluation.add(target);
    const notices = evaluation.notices();
    evaluation.seal();
    expect(() => evaluation.notices()).toThrow(/after seal/);
    expect(notices.every((n) => n.code === 'missing-platform')).toBe(true);
  });

  it('is one object for targets whose facts read alike, and the unknowns count by missing fact', () => {
    const evaluation = new FleetEvaluation(ruleSet, index, { evidence: outcomeMask(OUTCOMES) });
    for (const target of devices) evaluation.add(target);
    const sealed = evaluation.seal();
    const [a, b] = [...sealed];
    expect(a?.evidence).toEqual(b?.evidence);
    // Kept once: both findings point at one stored evidence.
    expect(new Set(evaluation.messages.evidence.filter((e) => e?.form.missing.length)).size).toBe(1);
    expect(
      Object.fromEntries([...sealed.unknownsByFact()].map(([fact, v]) => [fact, [v.outcomes, [...v.rules]]])),
    ).toEqual({
      'device.labelingClient.installed': [2, ['random.rule']],
      'device.tls.collected': [2, ['random.rule']],
    });
  });
});

describe('evidence of many targets whose values differ', () => {
  // One rule reads the OS version, one the device whole (as the PAC-credentials rule does) and compares a fact with
  // another: every device's evidence holds its own values, so neither remembered verdicts nor shared evidence
  // may give one device another's.
  const byVersion = loadedRule({
    any: [
      { fact: 'device', path: '$.os.version', operator: 'greaterThanInclusive', value: 10 },
      { fact: 'device', path: '$.labelingClient.installed', operator: 'equal', value: true },
    ],
  });
  const whole = loadedRule({
    all: [
      { fact: 'device', path: '$', operator: 'contains', value: 'x' },
      { fact: 'device', path: '$.os.version', operator: 'equal', value: { fact: 'device', path: '$.os.wanted' } },
    ],
  });
  whole.definition = { ...whole.definition, id: 'random.whole' };
  const { ruleSet, diagnostics } = compileRules([byVersion, whole], { operators });
  const index = { locators: new Map(), origins: new Map() };
  // More devices than either memory tries before it gives up on values that rarely repeat (4,096 and 1,024).
  const devices = Array.from({ length: 5000 }, (_, i) =>
    device(`d${i}`, {
      ...(i % 11 === 0 ? {} : { os: { version: i % 13, ...(i % 3 === 0 ? {} : { wanted: i % 5 }) } }),
      ...(i % 7 === 0 ? { labelingClient: { installed: i % 2 === 0 } } : {}),
      serial: `s${i}`,
      // Some devices too large to repeat: their evidence says what the value is instead.
      ...(i % 17 === 0 ? { apps: Array.from({ length: 60 }, (_, a) => `application-${a}`) } : {}),
    }),
  );
  const listed = outcomeMask(['fail', 'unknown', 'error']);
  const byTarget = new Map(devices.map((d) => [d.id, d]));

  /** Each finding's evidence against what the engine gives for that target alone. */
  function expectOwnEvidence(findings: Iterable<Finding>) {
    let listedCount = 0;
    let summarized = 0;
    for (const f of findings) {
      const rule = ruleSet.rules.find((r) => r.loaded.definition.id === f.ruleId);
      const target = byTarget.get(f.target.id) as Target;
      // Only the outcomes with evidence are listed.
      const expected = buildEvidence(rule as never, target, f.outcome);
      locateEvidence([expected], index);
      expect(f.evidence, `${f.ruleId} ${f.target.id}`).toEqual(expected);
      expect((f as { [EVIDENCE_JSON]?: string })[EVIDENCE_JSON]).toBe(JSON.stringify(expected));
      listedCount++;
      if (f.evidence?.checks.some((c) => c.valueSummary !== undefined)) summarized++;
    }
    expect(summarized).toBeGreaterThan(0);
    return listedCount;
  }

  it('gives each device its own values, with and without remembered verdicts', () => {
    expect(diagnostics).toEqual([]);
    for (const rememberVerdicts of [true, false]) {
      const evaluation = new FleetEvaluation(ruleSet, index, { evidence: listed, rememberVerdicts });
      for (const target of devices) evaluation.add(target);
      evaluation.locateEvidence();
      expect(expectOwnEvidence(evaluation.seal(undefined, listed))).toBeGreaterThan(5000);
    }
  });

  it('gives each device its own values when half the fleet is evaluated by another thread', () => {
    const first = new FleetEvaluation(ruleSet, index, { evidence: listed });
    const second = new FleetEvaluation(ruleSet, index, { evidence: listed });
    for (const target of devices.slice(0, 2500)) first.add(target);
    for (const target of devices.slice(2500)) second.add(target);
    // What `postMessage` does to it: the structured clone of plain data.
    first.absorb(structuredClone(second.toPartial()), 0);
    first.locateEvidence();
    const findings = first.seal(undefined, listed);
    expect(findings.length).toBeGreaterThan(5000);
    expect(expectOwnEvidence(findings)).toBe(findings.length);
  });
});
