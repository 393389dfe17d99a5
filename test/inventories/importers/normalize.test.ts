import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  architectureOf,
  deviceIdOf,
  fileStem,
  hostId,
  normalizeVersion,
  platformOf,
  readBoolean,
} from '../../../inventories/importers/normalize.js';

describe('normalizeVersion', () => {
  it.for([
    ['10.0.19045.3570', '10.0.19045.3570'],
    ['Version 15.2 (Build 1748.10)', '15.2.1748.10'],
    ['Version 14.3 (Build 123.4)', '14.3.123.4'],
    ['6.3 (9600)', '6.3.9600'],
    ['10.0 (14393)', '10.0.14393'],
    ['14.1.1 (23B81)', '14.1.1'],
    [' 13 ', '13'],
    [13, '13'],
    [
      { Major: 16, Minor: 0, Build: 10337, Revision: 12109, MajorRevision: 0, MinorRevision: 12109 },
      '16.0.10337.12109',
    ],
    [{ Major: 15, Minor: 1, Build: 2507, Revision: -1 }, '15.1.2507'],
    [{ Major: 10, Minor: 0, Build: -1, Revision: -1 }, '10.0'],
    ['@{Major=15; Minor=2; Build=1748; Revision=10; FilePatchLevelDescription=}', '15.2.1748.10'],
    ['@{Major=16; Minor=0; Build=10337; Revision=12109; MajorRevision=0; MinorRevision=12109}', '16.0.10337.12109'],
    ['Ubuntu 22.04.3 LTS', '22.04.3'],
    ['macOS 14.1.1 (23B81)', '14.1.1'],
  ] as const)('%j → %s', ([input, expected]) => {
    expect(normalizeVersion(input)).toBe(expected);
  });

  it.for([[''], ['Unknown'], [null], [undefined], ['n/a']] as const)('%j is no version', ([input]) => {
    expect(normalizeVersion(input)).toBeNull();
  });

  it.for([
    ['Windows 10 Pro'],
    ['ten (19045)'],
    ['1.2.x'],
    [1.5],
    [{ Major: 'x' }],
    [true],
    ['System.Collections.Hashtable'],
    ['@{Major=x; Minor=2}'],
    ['Windows 10 Enterprise 2016 LTSB'],
  ] as const)('%j is not a version', ([input]) => {
    expect(normalizeVersion(input)).toBeUndefined();
  });
});

describe('platformOf', () => {
  it.for([
    ['Windows', 'windows'],
    ['Windows 10 Enterprise', 'windows'],
    ['macOS', 'macos'],
    ['MacMDM', 'macos'],
    ['Mac OS X', 'macos'],
    ['iOS/iPadOS', 'ios'],
    ['iPadOS', 'ios'],
    ['IPhone', 'ios'],
    ['Android', 'android'],
    ['Android (Corporate-Owned Work Profile)', 'android'],
    ['Android (personally-owned work profile)', 'android'],
    ['AndroidForWork', 'android'],
    ['AndroidEnterprise', 'android'],
    ['AOSP (User-based)', 'android'],
    ['AOSP (Userless)', 'android'],
    ['Windows Mobile', 'windows-mobile'],
    ['Windows 10 Mobile', 'windows-mobile'],
    ['WindowsPhone', 'windows-mobile'],
    ['Linux', 'linux'],
    ['Ubuntu', 'linux'],
    ['ChromeOS', 'other'],
    ['', 'other'],
  ] as const)('%s → %s', ([os, platform]) => {
    expect(platformOf(os)).toBe(platform);
  });
});

describe('ids, names and flags', () => {
  it.for([
    ['DESKTOP-7F3K2LQ', 'desktop-7f3k2lq'],
    ['FS01.contoso.com', 'fs01'],
    ['ubuntu-dev-7.contoso.com', 'ubuntu-dev-7'],
    ["Megan's iPad", "megan's ipad"],
    ['  PC01 ', 'pc01'],
    ['pc01.', 'pc01.'],
    ['.contoso.com', '.contoso.com'],
    ['pc01..contoso.com', 'pc01..contoso.com'],
    ['pc 01.contoso.com', 'pc 01.contoso.com'],
    ['PÇ-01.contoso.com', 'pç-01'],
    ['PÇ-01.cont oso.com', 'pç-01.cont oso.com'],
    ['ＰＣ０１.contoso.com', 'ｐｃ０１'],
  ])('hostId(%s) = %s', ([name, id]) => {
    expect(hostId(name ?? '')).toBe(id);
  });

  it('reads a host name as the Unicode rule says, whatever its characters', () => {
    const rule = /^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)+$/u;
    const reference = (name: string) => {
      const trimmed = name.trim();
      return (rule.test(trimmed) ? (trimmed.split('.')[0] ?? '') : trimmed).toLowerCase();
    };
    const characters = ['a', 'Z', '0', '_', '-', '.', ' ', "'", '@', 'Ç', 'é', '０', '\u00a0'];
    const names = fc.array(fc.constantFrom(...characters), { maxLength: 12 }).map((c) => c.join(''));
    fc.assert(
      fc.property(names, (name) => hostId(name) === reference(name)),
      { numRuns: 3000 },
    );
  });

  it('takes the stem of a file name up to its first dot', () => {
    expect(fileStem('exports/FS01.contoso.reg')).toBe('FS01');
    expect(fileStem('C:\\exports\\ws-0042.reg')).toBe('ws-0042');
  });

  it.for([
    ['x64', 'x64'],
    ['AMD64', 'x64'],
    ['ARM64', 'arm64'],
    ['arM64', 'arm64'],
    ['x86', 'x86'],
    ['arm', 'arm'],
    ['Itanium', 'other'],
    ['Unknown', undefined],
    ['', undefined],
  ] as const)('architectureOf(%s) = %s', ([input, expected]) => {
    expect(architectureOf(input)).toBe(expected);
  });

  it('reads PowerShell booleans', () => {
    expect([true, 'True', 'FALSE', 1, 0, 'Yes', 'maybe', null].map(readBoolean)).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
      undefined,
      undefined,
    ]);
  });
});

describe('deviceIdOf', () => {
  /** The rule as the document of merging states it: trimmed, braces dropped, lower case; none if empty or all zeros. */
  const asStated = (value: string) => {
    const id = value
      .trim()
      .replace(/^\{(.*)\}$/, '$1')
      .toLowerCase();
    return id === '' || /^[0-]+$/.test(id) ? undefined : id;
  };

  it.for([
    ['2AF2F261-65A8-481C-8D42-4E42A851214A', '2af2f261-65a8-481c-8d42-4e42a851214a'],
    [' {2af2f261-65a8-481c-8d42-4e42a851214a} ', '2af2f261-65a8-481c-8d42-4e42a851214a'],
    ['{2AF2F261-65A8-481C-8D42-4E42A851214A}', '2af2f261-65a8-481c-8d42-4e42a851214a'],
    ['00000000-0000-0000-0000-000000000000', undefined],
    ['{00000000-0000-0000-0000-000000000000}', undefined],
    ['0a000000-0000-0000-0000-000000000000', '0a000000-0000-0000-0000-000000000000'],
    ['', undefined],
    ['\u00a0x\u00a0', 'x'],
  ] as const)('%j -> %j', ([value, id]) => {
    expect(deviceIdOf(value)).toBe(id);
  });

  it('reads any text as the stated rule does', () => {
    const piece = fc.constantFrom('{', '}', ' ', '\u00a0', '\t', '0', '-', 'A', 'f', '~', '|', 'é', '\n', 'İ');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
        ),
        (value) => {
          expect(deviceIdOf(value)).toBe(asStated(value));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
