import { describe, expect, it } from 'vitest';
import { readExportDate } from '../../../inventories/importers/dates.js';

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

  it.for([['yesterday'], ['31.02.2024 10:00:00'], ['13/13/2024 10:00:00'], ['2024-13-01'], [{}]] as const)(
    '%j is unreadable',
    ([input]) => {
      expect(readExportDate(input)).toEqual({ kind: 'invalid' });
    },
  );
});
