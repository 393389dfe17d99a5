// The report's notices cross to the helper thread as columns: they must come back exactly, key order included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TargetNoticeTable, targetNoticeText } from '../../engine/evaluate/stream.js';
import { type Notice, noticeDigestOf } from '../../engine/types.js';
import { noticeDigest, packNotices, unpackNotices } from '../../run/helper-protocol.js';

const location = fc.record({ file: fc.constantFrom('a.csv', 'b.json', ''), line: fc.nat(), column: fc.nat() });
const plain = fc.record(
  {
    code: fc.constantFrom('missing-role', 'missing-platform', 'conflict'),
    level: fc.constantFrom('note', 'warning', 'error'),
    message: fc.string(),
    location,
  },
  { requiredKeys: ['code', 'level', 'message'] },
) as fc.Arbitrary<Notice>;
// Shapes the columns do not hold: another key order, an extra key, a location with more, a line out of range.
const odd = fc.oneof(
  plain.map((n) => ({ message: n.message, code: n.code, level: n.level }) as Notice),
  plain.map((n) => ({ ...n, extra: 1 }) as Notice),
  plain.map((n) => ({ ...n, location: { file: 'x', line: 1, column: 2, end: 3 } }) as Notice),
  plain.map((n) => ({ ...n, location: { file: 'x', line: -1, column: 1.5 } }) as Notice),
  plain.map((n) => ({ ...n, location: undefined }) as Notice),
  plain.map((n) => ({ ...n, message: 42 }) as unknown as Notice),
);

describe('packed notices', () => {
  it('come back as the same notices, in order, key for key', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(plain, plain, odd), { maxLength: 30 }), (notices) => {
        const back = unpackNotices(structuredClone(packNotices(notices)));
        expect(back.map((n) => JSON.stringify(n))).toEqual(notices.map((n) => JSON.stringify(n)));
        expect(back).toEqual(notices);
      }),
      { numRuns: 300 },
    );
  });

  it('come back the same when their messages are joined in many blocks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(plain, odd), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (notices, block) => {
          const packed = packNotices(notices, block);
          // No block is longer than asked unless it holds a single message that is.
          const oddAt = new Set(packed.odd.map((o) => o.index));
          packed.messages.forEach((text, b) => {
            const held = notices.filter((n, k) => !oddAt.has(k) && packed.block[k] === b && n.message !== '');
            if (text.length > block) expect(held.map((n) => n.message)).toEqual([text]);
          });
          expect(unpackNotices(structuredClone(packed))).toEqual(notices);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('packed notices with a table of target notices', () => {
  it('come back as the notices, then the rows of the table as notice objects', () => {
    const row = fc.record({
      code: fc.constantFrom('missing-role', 'missing-platform'),
      id: fc.string(),
      file: fc.constantFrom('ad.csv', 'b.csv'),
      line: fc.nat(),
      column: fc.nat(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(plain, odd), { maxLength: 10 }),
        fc.array(row, { maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        (notices, rows, block) => {
          const notice = (n: number): Notice => {
            const r = rows[n] as (typeof rows)[number];
            return {
              code: r.code,
              level: 'warning',
              message: targetNoticeText(r.code, r.id) as string,
              location: { file: r.file, line: r.line, column: r.column },
            };
          };
          const table: TargetNoticeTable = {
            length: rows.length,
            code: (n) => rows[n]?.code as string,
            file: (n) => rows[n]?.file as string,
            line: (n) => rows[n]?.line as number,
            column: (n) => rows[n]?.column as number,
            target: (n) => rows[n]?.id as string,
            notice,
          };
          const back = unpackNotices(structuredClone(packNotices(notices, block, table)));
          const expected = [...notices, ...rows.map((_, n) => notice(n))];
          expect(back.map((n) => JSON.stringify(n))).toEqual(expected.map((n) => JSON.stringify(n)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the digest of packed notices', () => {
  it('gives the first notices and counts the rest as the notices themselves do', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(plain, plain, odd), { maxLength: 30 }), fc.nat(35), (notices, from) => {
        const packed = noticeDigest(structuredClone(packNotices(notices, 8)));
        const whole = noticeDigestOf({ notices });
        expect(packed.length).toBe(notices.length);
        expect(packed.first(from)).toEqual(notices.slice(0, from));
        expect(packed.rest(from)).toEqual(whole.rest(from));
        // The list's own digest counts plainly: each code of the rest, the highest level.
        const rest = notices.slice(from);
        expect([...whole.rest(from).codes.values()].reduce((a, b) => a + b, 0)).toBe(rest.length);
      }),
      { numRuns: 300 },
    );
  });
});
