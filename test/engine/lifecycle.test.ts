// The lifecycle stage's parts: waiver matching and status, the waiver policy, and comparing with a baseline.
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, readBaseline } from '../../engine/lifecycle/baseline.js';
import {
  checkWaiverPolicy,
  compileGlob,
  type Waiver,
  WaiverSet,
  waiverStatus,
} from '../../engine/lifecycle/waivers.js';
import type { BaselineEntry, Finding } from '../../engine/types.js';

const at = { file: 'w.yaml', line: 1, column: 1 };
function waiver(rule: string, targets: string[] | undefined, expires: string, index: number): Waiver {
  return { rule, ...(targets ? { targets } : {}), reason: 'r', owner: 'o', ticket: 'T', expires, source: at, index };
}

describe('compileGlob', () => {
  it.for([
    ['aip.os.*', 'aip.os.windows', true],
    ['aip.os.*', 'aip.network.tls', false],
    ['ws-??', 'WS-01', true],
    ['ws-??', 'ws-001', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
  ] as const)('%s matches %s: %s', ([glob, text, expected]) => {
    expect(compileGlob(glob).test(text)).toBe(expected);
  });
});

describe('waiverStatus', () => {
  it.for([
    ['2027-01-31', '2027-01-01', 14, 'active'],
    ['2027-01-31', '2027-01-17', 14, 'expiring'],
    ['2027-01-31', '2027-01-31', 14, 'expiring'],
    ['2027-01-31', '2027-02-01', 14, 'expired'],
    ['2027-01-31', '2027-01-30', 0, 'active'],
  ] as const)('expires %s, today %s, warn %i days: %s', ([expires, today, warn, expected]) => {
    expect(waiverStatus({ expires }, today, warn)).toBe(expected);
  });
});

describe('WaiverSet', () => {
  const set = new WaiverSet(
    [
      waiver('aip.os.windows', ['WS-1', 'kiosk-*'], '2027-01-31', 0),
      waiver('aip.os.*', undefined, '2026-12-01', 1),
      waiver('aip.network.tls-version', ['ws-2'], '2026-12-01', 2),
    ],
    '2027-01-15',
  );
  it.for([
    ['aip.os.windows', 'ws-1', 0, undefined],
    ['aip.os.windows', 'KIOSK-7', 0, undefined],
    ['aip.os.windows', 'ws-3', undefined, 1],
    ['aip.os.macos', 'mac-1', undefined, 1],
    ['aip.network.tls-version', 'ws-2', undefined, 2],
    ['aip.network.tls-version', 'ws-1', undefined, undefined],
    ['aip.connector.exchange', 'ex01', undefined, undefined],
  ] as const)('%s / %s: waiver %s, expired %s', ([rule, target, active, expired]) => {
    const match = set.match(rule, target);
    expect(match.waiver?.index).toBe(active);
    expect(match.expired?.index).toBe(expired);
  });
});

describe('checkWaiverPolicy', () => {
  const locate = () => ({ line: 3, column: 5 });
  const def = { rule: 'aip.os.macos', reason: 'r', owner: 'o', ticket: 'T' };
  it.for([
    [{ ...def, expires: '2027-03-01', created: '2027-01-01' }, 90, []],
    [{ ...def, expires: '2027-04-02', created: '2027-01-01' }, 90, ['waiver-policy']],
    [{ ...def, expires: '2027-04-02' }, 90, ['waiver-policy']],
    [{ ...def, expires: '2027-01-10' }, 90, []],
    [{ ...def, expires: '2026-12-01', created: '2027-01-01' }, undefined, ['schema-violation']],
  ] as const)('%o with --max-waiver-days %s: %o', ([w, maxDays, codes]) => {
    const problems = checkWaiverPolicy([w], 'w.yaml', locate, { today: '2027-01-01', ...(maxDays ? { maxDays } : {}) });
    expect(problems.map((p) => p.code)).toEqual(codes);
  });
});

describe('compareWithBaseline', () => {
  const entry = (
    outcome: BaselineEntry['outcome'],
    ruleVersion = '1.0.0',
    level: BaselineEntry['level'] = 'error',
  ) => ({
    ruleId: 'aip.os.windows',
    ruleVersion,
    level,
    outcome,
    target: { kind: 'device' as const, id: 'ws-1', name: 'WS-1' },
  });
  const finding = (outcome: Finding['outcome'], ruleVersion = '1.0.0', level: Finding['level'] = 'error') =>
    ({ ...entry('fail'), outcome, ruleVersion, level }) as unknown as Finding;
  const base = (entries: BaselineEntry[], ruleVersions: Record<string, string> = {}) => {
    const read = readBaseline({ ruleVersions, findings: entries }, 'base.json');
    if (read.problems) throw new Error('bad baseline');
    return read.baseline;
  };
  it.for([
    ['unchanged fail', [entry('fail')], {}, finding('fail'), 'unchanged', false],
    ['new fail', [], {}, finding('fail'), 'new', true],
    ['unknown became fail', [entry('unknown')], {}, finding('fail'), 'updated', true],
    ['fail became unknown', [entry('fail')], {}, finding('unknown'), 'updated', false],
    ['waived became fail (the waiver expired)', [entry('waived')], {}, finding('fail'), 'updated', true],
    ['fail became waived', [entry('fail')], {}, finding('waived'), 'updated', false],
    ['warning became error', [entry('fail', '1.0.0', 'warning')], {}, finding('fail'), 'updated', true],
    ['rule version changed', [entry('fail', '0.9.0')], {}, finding('fail'), 'updated', false],
    ['new under a changed rule', [], { 'aip.os.windows': '0.9.0' }, finding('fail'), 'updated', false],
    ['new under the same rule version', [], { 'aip.os.windows': '1.0.0' }, finding('fail'), 'new', true],
  ] as const)('%s', ([, entries, versions, f, state, worse]) => {
    const result = compareWithBaseline(f, base([...entries], versions));
    expect({ state: result.state, worse: result.worse }).toEqual({ state, worse });
  });

  it('refuses what is not a report', () => {
    expect(readBaseline({ summary: {} }, 'b.json').problems?.[0]?.message).toContain('not an aipcheck JSON report');
    expect(readBaseline({ findings: [{ ruleId: 'x' }] }, 'b.json').problems?.[0]?.pointer).toEqual(['findings', 0]);
  });
});
