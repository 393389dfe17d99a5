import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDateByPatterns, readExportDate } from '../../../inventories/importers/dates.js';

describe('readExportDate', () => {
  it.for([
    ['ISO with Z', '2024-11-14T08:23:11Z', '2024-11-14T08:23:11Z'],
    [
      'ISO with 7 fraction digits and an offset (PowerShell 7)',
      '2024-11-19T22:10:05.1234567+01:00',
      '2024-11-19T21:10:05.123Z',
    ],
    ['ISO without offset is UTC', '2024-11-14T08:23:11', '2024-11-14T08:23:11Z'],
    ['Intune export text', '2024-11-14 08:23:11.0000000', '2024-11-14T08:23:11Z'],
    ['PowerShell 5.1 JSON date', '/Date(1700000000000)/', '2023-11-14T22:13:20Z'],
    ['PowerShell 5.1 JSON date with offset', '/Date(1700000000000+0100)/', '2023-11-14T22:13:20Z'],
    ['en-US with AM/PM', '11/14/2024 8:23:11 AM', '2024-11-14T08:23:11Z'],
    ['en-US PM', '11/19/2024 11:02:57 PM', '2024-11-19T23:02:57Z'],
    ['en-US 12 AM is midnight', '1/2/2024 12:05:00 AM', '2024-01-02T00:05:00Z'],
    ['en-GB 24-hour, day first', '14/11/2024 08:23:11', '2024-11-14T08:23:11Z'],
    ['fr-FR ambiguous day first with 24-hour time', '03/04/2024 14:00:00', '2024-04-03T14:00:00Z'],
    ['en-US ambiguous with AM/PM is month first', '03/04/2024 2:00:00 PM', '2024-03-04T14:00:00Z'],
    ['de-DE', '14.11.2024 08:23:11', '2024-11-14T08:23:11Z'],
    ['nl-NL', '14-11-2024 08:23:11', '2024-11-14T08:23:11Z'],
    ['ja-JP', '2024/11/14 8:23:11', '2024-11-14T08:23:11Z'],
    ['Compliance Utility timestamp', '241120-093011', '2024-11-20T09:30:11Z'],
    ['AD lastLogonTimestamp (FILETIME)', '133760461910000000', '2024-11-14T08:23:11Z'],
    ['FILETIME as a number', 133760461910000000, '2024-11-14T08:23:11Z'],
    ['29 February of a leap year', '2024-02-29', '2024-02-29T00:00:00Z'],
    ['29 February of a leap century', '29.02.2000 23:59:59', '2000-02-29T23:59:59Z'],
    ['a leap second, as Date keeps it', '2016-12-31T23:59:60Z', '2016-12-31T23:59:59Z'],
  ] as const)('%s', ([, input, iso]) => {
    expect(readExportDate(input)).toEqual({ kind: 'date', iso });
  });

  it('reads a Windows PowerShell 5.1 DateTime object (Get-Date output) by its value', () => {
    const serialized = {
      value: '/Date(1700000000000)/',
      DisplayHint: 2,
      DateTime: 'Tuesday, November 14, 2023 10:13:20 PM',
    };
    expect(readExportDate(serialized)).toEqual({ kind: 'date', iso: '2023-11-14T22:13:20Z' });
    expect(readExportDate({ value: '/Date(-62135596800000)/', DisplayHint: 2 })).toEqual({ kind: 'none' });
    expect(readExportDate({ value: '/Date(1700000000000)/' })).toEqual({ kind: 'invalid' });
  });

  it.for([
    ['0001-01-01 00:00:00.0000000'],
    ['9999-12-31 23:59:59.9999999'],
    ['0001-01-01T00:00:00Z'],
    ['/Date(-62135596800000)/'],
    ['\\/Date(-62135596800000)\\/'.replace(/\\/g, '')],
    [''],
    ['   '],
    [null],
    [undefined],
    ['0'],
    [0],
    ['Never'],
  ] as const)('%j means no date', ([input]) => {
    expect(readExportDate(input)).toEqual({ kind: 'none' });
  });

  it.for([
    ['yesterday'],
    ['29.02.2100 10:00:00'],
    ['2023-02-29'],
    ['2024-04-31'],
    ['31.02.2024 10:00:00'],
    ['13/13/2024 10:00:00'],
    ['2024-13-01'],
    [{}],
  ] as const)('%j is unreadable', ([input]) => {
    expect(readExportDate(input)).toEqual({ kind: 'invalid' });
  });

  // The text is written out by hand: it must be what Date makes of the same parts, for every date and non-date.
  it('reads any ISO date and time as Date does', () => {
    const part = (min: number, max: number) => fc.integer({ min, max });
    fc.assert(
      fc.property(
        fc.tuple(part(1890, 10010), part(0, 13), part(0, 32), part(0, 24), part(0, 60), part(0, 61), part(0, 999)),
        ([y, mo, d, h, mi, s, ms]) => {
          const two = (n: number) => String(n).padStart(2, '0');
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, '0')}Z`;
          const date = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms));
          const expected =
            y > 9999
              ? { kind: 'invalid' }
              : mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60
                ? { kind: 'invalid' }
                : y < 1900 || y >= 9999
                  ? { kind: 'none' }
                  : date.getUTCDate() !== d
                    ? { kind: 'invalid' }
                    : { kind: 'date', iso: date.toISOString().replace('.000Z', 'Z') };
          expect(readExportDate(text)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads the commonest shapes quickly as its patterns read them, near misses included', () => {
    const n = (max: number) => fc.integer({ min: 0, max });
    const two = (max: number) => n(max).map((v) => String(v).padStart(2, '0'));
    const oneOrTwo = (max: number) => fc.oneof(n(max).map(String), two(max));
    const iso = fc
      .tuple(
        n(10000).map((y) => String(y).padStart(4, '0')),
        two(14),
        two(33),
        fc.constantFrom('T', ' ', 't', 'X'),
        two(25),
        two(61),
        two(61),
        fc.constantFrom('', '.0000000', '.000', '.', '.0000001', '.5', ',000'),
        fc.constantFrom('', 'Z', 'z', '+01:00', ' Z', 'ZZ'),
      )
      .map(([y, mo, d, t, h, mi, s, fraction, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${fraction}${zone}`);
    const enUs = fc
      .tuple(
        oneOrTwo(14),
        oneOrTwo(33),
        fc.constantFrom('/', '.', '-'),
        n(10000).map(String),
        oneOrTwo(24),
        two(61),
        two(61),
        fc.constantFrom(' AM', ' PM', ' am', 'PM', '  PM', ' P.M.', '', ' XM', ' AMX'),
      )
      .map(([a, b, sep, y, h, mi, s, meridiem]) => `${a}/${b}${sep}${y} ${h}:${mi}:${s}${meridiem}`);
    const edited = fc
      .tuple(fc.oneof(iso, enUs), fc.nat(), fc.constantFrom('', ' ', '1', ':', '/', 'x'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(iso, enUs, edited), (text) => {
        expect(readExportDate(text)).toEqual(readDateByPatterns(text));
      }),
      { numRuns: 5000 },
    );
  });
});
