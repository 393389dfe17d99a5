// The zero summary and the outcome order are written once, in engine/types.ts: reports serialize summaries, so their
// key order is part of the reports' bytes, and the result store's outcome codes follow that order.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../engine/evaluate/run.js';
import { OUTCOME_CODE, OUTCOMES_BY_CODE } from '../../engine/results/columns.js';
import { emptySummary, type Finding, SUMMARY_OUTCOMES } from '../../engine/types.js';

describe('emptySummary', () => {
  it('counts every outcome at zero, in the order JSON reports print them', () => {
    expect(JSON.stringify(emptySummary())).toBe('{"pass":0,"fail":0,"notApplicable":0,"unknown":0,"error":0}');
    expect(Object.keys(emptySummary())).toEqual(SUMMARY_OUTCOMES);
  });

  it('puts waived last, and only when asked', () => {
    expect(Object.keys(emptySummary(true))).toEqual([...SUMMARY_OUTCOMES, 'waived']);
    expect(emptySummary(false)).not.toHaveProperty('waived');
  });

  it('gives a new object each time', () => {
    const a = emptySummary();
    a.pass++;
    expect(emptySummary().pass).toBe(0);
  });
});

describe('the outcome order', () => {
  it('is the order of the result store codes', () => {
    expect(OUTCOMES_BY_CODE).toEqual(SUMMARY_OUTCOMES);
    expect(SUMMARY_OUTCOMES.map((outcome) => OUTCOME_CODE[outcome])).toEqual([0, 1, 2, 3, 4]);
  });

  it('is the order summarize counts in, whatever order the findings come in', () => {
    const findings = (['error', 'unknown', 'pass'] as const).map((outcome) => ({ outcome }) as Finding);
    expect(JSON.stringify(summarize(findings))).toBe('{"pass":1,"fail":0,"notApplicable":0,"unknown":1,"error":1}');
  });
});
