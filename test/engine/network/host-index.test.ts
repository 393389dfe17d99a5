import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostCandidates, hostCoverCandidates, indexHostPatterns } from '../../../engine/network/host-index.js';
import { describeHostMiss, hostPatternCovers, normalizeHostPattern } from '../../../engine/network/hosts.js';
import { allowsHost as allowsHostOperator } from '../../../engine/operators/allowlist.js';
import { byValue } from '../operators/by-value.js';

const allowsHost = byValue(allowsHostOperator);

// Small alphabets make coverage, near misses and shared base domains likely.
const label = fc.stringMatching(/^(\*|[ab]{1,2}|a\*|\*b)$/);
const glob = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const pattern = fc.oneof(
  { weight: 6, arbitrary: glob },
  { weight: 2, arbitrary: glob.map((p) => `.${p}`) },
  { weight: 1, arbitrary: glob.map((p) => `https://${p.toUpperCase()}:443/path`) },
  { weight: 1, arbitrary: fc.constantFrom('a..b', '', 'a b', 7, null, undefined) },
);
const required = fc.oneof(
  glob,
  glob.map((p) => `.${p}`),
);

describe('indexHostPatterns / hostCandidates', () => {
  it('leaves out only patterns that neither cover the required host nor nearly do', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 40 }), required, (patterns, wanted) => {
        const host = normalizeHostPattern(wanted);
        const candidates = new Set(hostCandidates(indexHostPatterns(patterns), host));
        patterns.forEach((p, position) => {
          if (candidates.has(position) || p === undefined || p === null) return;
          expect(() => normalizeHostPattern(p)).not.toThrow();
          expect(hostPatternCovers(p, host)).toBe(false);
          expect(describeHostMiss(p, host)).toBeUndefined();
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves out of the cover candidates only patterns that do not cover the required host', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 40 }), required, (patterns, wanted) => {
        const host = normalizeHostPattern(wanted);
        const cover = new Set(hostCoverCandidates(indexHostPatterns(patterns), host));
        patterns.forEach((p, position) => {
          if (cover.has(position) || p === undefined || p === null) return;
          expect(hostPatternCovers(p, host)).toBe(false);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('gives positions ascending, each once', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 40 }), required, (patterns, wanted) => {
        const positions = hostCandidates(indexHostPatterns(patterns), normalizeHostPattern(wanted));
        expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
      }),
    );
  });
});

describe('allowsHost on a long (indexed) list', () => {
  it('decides and explains as a scan of the same entries does', () => {
    // Entries the required hosts (letters a and b) can neither match nor nearly match make a list long enough to
    // be indexed without changing the answer: the scan of the short list is the reference.
    const padding = Array.from({ length: 64 }, (_, i) => ({ host: `pad${i}.example.org` }));
    const entry = fc.record(
      { host: pattern, ports: fc.constantFrom([443], [80], ['*'], ['1-1024']) },
      { requiredKeys: ['host'] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), required, (entries, host) => {
        const value = { host };
        const long = [...padding, ...entries];
        const scan = () => [allowsHost.test(entries, value), allowsHost.explain(entries, value)];
        const indexed = () => [allowsHost.test(long, value), allowsHost.explain(long, value)];
        let expected: unknown;
        try {
          expected = scan();
        } catch (error) {
          expect(indexed).toThrow((error as Error).constructor as ErrorConstructor);
          return;
        }
        expect(indexed()).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  const filler = Array.from({ length: 200 }, (_, i) => ({ host: `host${i}.example.org`, ports: [443] }));
  const search = (extra: Record<number, object>) => {
    const entries: object[] = [...filler];
    for (const [at, entry] of Object.entries(extra)) entries[Number(at)] = entry;
    const value = { host: '*.protection.outlook.com' };
    return [allowsHost.test(entries, value), allowsHost.explain(entries, value)];
  };

  it('finds the allowing entry and skips near misses once one allows', () => {
    expect(search({ 50: { host: 'protection.outlook.com' }, 150: { host: '*.outlook.com', ports: [443] } })).toEqual([
      true,
      'allowlist entry *.outlook.com allows *.protection.outlook.com (https on port 443)',
    ]);
  });

  it('lists near misses in list order, covering entries with the wrong port among them', () => {
    expect(
      search({
        10: { host: 'a.outlook.com' },
        20: { host: '*.outlook.com', ports: [80] },
        30: { host: 'protection.outlook.com' },
        40: { host: '*.office.com' },
        190: { host: 'b.outlook.com' },
      })[1],
    ).toBe(
      'no allowlist entry covers *.protection.outlook.com (https on port 443); near misses: a.outlook.com does not cover *.protection.outlook.com; *.outlook.com allows only ports 80; protection.outlook.com does not cover subdomains; and 1 more',
    );
  });

  it('throws at a malformed entry met before one that allows, as a scan does', () => {
    expect(() => search({ 60: { host: 'a b' }, 150: { host: '*.outlook.com' } })).toThrow(TypeError);
    expect(() => search({ 60: { host: 7 }, 150: { host: '*.outlook.com' } })).toThrow(TypeError);
    expect(search({ 60: { host: '*.outlook.com' }, 150: { host: 'a b' } })[0]).toBe(true);
  });
});
