// The SARIF result budget: max-min fair shares among rules, with room for one summary result per rule cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, type Outcome, type ReportView, TARGET_PLAIN } from '../../engine/types.js';
import { fairShares, fingerprintOf, selectFindings, shareResults } from '../../reporters/sarif-select.js';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('fairShares', () => {
  it.for([
    [{ a: 10, b: 20 }, 100, { a: 10, b: 20 }],
    // The small rules keep everything; the rest is split evenly, the remainder one each by rule id.
    [{ big: 1_000_000, small: 3, mid: 40 }, 100, { big: 57, small: 3, mid: 40 }],
    [{ c: 50, a: 50, b: 50 }, 100, { a: 34, b: 33, c: 33 }],
    [{ a: 5 }, 0, { a: 0 }],
  ] as const)('%j within %i gives %j', ([given, budget, shares]) => {
    expect(Object.fromEntries(fairShares(counts(given), budget))).toEqual(shares);
  });
});

describe('shareResults', () => {
  it('leaves room for the summary result of every rule cut, and never more than the cap', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^r\d{1,3}$/), fc.integer({ min: 1, max: 5_000 })),
        fc.integer({ min: 1, max: 3_000 }),
        (given, max) => {
          const all = counts(given);
          const shares = shareResults(all, max);
          let results = 0;
          for (const [rule, n] of all) {
            const share = shares.get(rule) ?? 0;
            expect(share).toBeLessThanOrEqual(n);
            results += share + (share < n ? 1 : 0);
          }
          // Every rule is represented: by its results, or at least by its summary result.
          if (all.size <= max) expect(results).toBeLessThanOrEqual(max);
          else expect(results).toBe(all.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a rule already cut the same share when one more of its targets fails', () => {
    const before = shareResults(counts({ a: 900, b: 30, c: 4_000 }), 500);
    const after = shareResults(counts({ a: 900, b: 30, c: 4_001 }), 500);
    expect(after).toEqual(before);
  });

  it('lists everything with 0 (no limit)', () => {
    expect(Object.fromEntries(shareResults(counts({ a: 9_000, b: 1 }), 0))).toEqual({ a: 9_000, b: 1 });
  });
});

describe('selectFindings', () => {
  const OUTCOMES: Outcome[] = ['fail', 'error', 'unknown', 'pass', 'notApplicable'];
  const RANK: Record<string, number> = { fail: 0, error: 1, unknown: 3, pass: 4, notApplicable: 5 };
  /**
   * A finding as the engine makes it when `plain` is given (its target marked as needing no escaping, whose
   * fingerprint is then hashed from text built by hand), else as another producer makes it.
   */
  const finding = (ruleId: string, outcome: Outcome, id: string, kind = 'device', plain?: boolean): Finding => ({
    ruleId,
    ruleVersion: '1.0.0',
    pack: 'aip',
    level: 'error',
    outcome,
    messageId: 'fail',
    target: { kind: kind as Finding['target']['kind'], id, name: id },
    message: '',
    location: { file: 'x.csv', line: 1, column: 1 },
    ...(plain === undefined ? {} : { [TARGET_PLAIN]: plain }),
  });

  it('keeps, of each rule over its share, the findings first by outcome rank, then by fingerprint', () => {
    // Findings of a rank below every kept one are passed over without a fingerprint: the choice is the same.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            rule: fc.constantFrom('r1', 'r2', 'r3'),
            outcome: fc.constantFrom(...OUTCOMES),
            id: fc.oneof(fc.stringMatching(/^pc-[a-z0-9]{1,4}$/), fc.stringMatching(/^[a-z"\\é\n]{1,3}$/)),
            kind: fc.constantFrom('device', 'server'),
            engine: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        fc.integer({ min: 0, max: 60 }),
        (given, max) => {
          // Grouped by rule, as reports are; outcomes in any order within a rule.
          const findings = [...given]
            .sort((a, b) => a.rule.localeCompare(b.rule))
            .map((g) => finding(g.rule, g.outcome, g.id, g.kind, g.engine ? !/["\\\n]/.test(g.id) : undefined));
          const report = { findings } as unknown as ReportView;
          const reported = (o: Outcome) => o !== 'pass' && o !== 'notApplicable';
          const eligible = findings.filter((f) => reported(f.outcome));
          const counts = new Map<string, number>();
          for (const f of eligible) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
          const shares = shareResults(counts, max);
          // Brute force: each rule's findings sorted by (rank, 48 bits of fingerprint, report order).
          const expected = new Set<Finding>();
          for (const [ruleId, share] of shares) {
            const ranked = eligible
              .map((f, seq) => ({ f, seq }))
              .filter(({ f }) => f.ruleId === ruleId)
              .map(({ f, seq }) => ({
                f,
                seq,
                key: (RANK[f.outcome] as number) * 2 ** 48 + Number.parseInt(fingerprintOf(f).slice(0, 12), 16),
              }))
              .sort((a, b) => a.key - b.key || a.seq - b.seq);
            for (const { f } of ranked.slice(0, share)) expected.add(f);
          }
          const selection = selectFindings(report, reported, max);
          expect(selection.kept).toEqual(findings.filter((f) => expected.has(f)));
          expect(selection.eligible).toBe(eligible.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
