import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from '../../../engine/versions/compare.js';

describe('parseVersion', () => {
  it.for([
    ['10.0.19045.3448', [10, 0, 19045, 3448]],
    ['  6.3.9600 ', [6, 3, 9600]],
    [11, [11]],
    [6.3, [6, 3]],
    ['007.01', [7, 1]],
    ['0', [0]],
  ] as const)('%s → %j', ([input, expected]) => {
    expect(parseVersion(input)).toEqual(expected);
  });

  it.for([
    '',
    ' ',
    'v10',
    '10.',
    '.10',
    '10..0',
    '10.0-beta',
    '1e3',
    '-1',
    '10,0',
    '99999999999999999999',
    Number.NaN,
    -1,
    1e21,
    null,
    undefined,
    {},
    ['10'],
  ])('rejects %j', (input) => {
    expect(() => parseVersion(input)).toThrow(TypeError);
  });
});

describe('compareVersions', () => {
  it.for([
    ['10.0', '10.0.0', 0],
    ['10.0.0.0', '10', 0],
    ['10.0.19045.3448', '10.0.19045.3448', 0],
    ['10.0.19044', '10.0.19045', -1],
    ['10.0.19045', '10.0.19044.9999', 1],
    ['15.2.1748.10', '15.2.2562', -1],
    ['16.0.10337.12109', '16.0.9999', 1],
    ['6.3.9600', '10.0', -1],
    ['10.0.0.1', '10', 1],
    ['2', '10', -1],
    [11, '11.0', 0],
    ['010', '10', 0],
  ] as const)('%s vs %s → %i', ([a, b, expected]) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('throws TypeError on a malformed side', () => {
    expect(() => compareVersions('10.0', '10.x')).toThrow(TypeError);
    expect(() => compareVersions('abc', '10')).toThrow(TypeError);
  });
});
