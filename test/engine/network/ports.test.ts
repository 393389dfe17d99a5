import { describe, expect, it } from 'vitest';
import {
  formatPortInterval,
  mergePortIntervals,
  parsePortRange,
  portRangeContains,
  portRangesCover,
} from '../../../engine/network/ports.js';

describe('parsePortRange', () => {
  it.for([
    [443, [443, 443]],
    ['443', [443, 443]],
    [' 80-443 ', [80, 443]],
    ['80 - 443', [80, 443]],
    ['*', [0, 65535]],
    ['Any', [0, 65535]],
    ['0-65535', [0, 65535]],
    [0, [0, 0]],
    ['65535', [65535, 65535]],
  ] as const)('%j → %j', ([input, expected]) => {
    expect(parsePortRange(input)).toEqual(expected);
  });

  it.for(['', '65536', -1, 65536, 1.5, '443-80', '80-', '-80', '80-443-8080', '443,80', 'https', null, ['443']])(
    'rejects %j',
    (input) => {
      expect(() => parsePortRange(input)).toThrow(TypeError);
    },
  );
});

describe('portRangeContains', () => {
  it.for([
    ['80-443', 79, false],
    ['80-443', 80, true],
    ['80-443', 443, true],
    ['80-443', 444, false],
    ['443', 443, true],
    [443, 442, false],
    ['*', 0, true],
    ['*', 65535, true],
    ['0-65535', '8443', true],
  ] as const)('%j contains %j → %s', ([range, port, expected]) => {
    expect(portRangeContains(range, port)).toBe(expected);
  });

  it('rejects a range as the port', () => {
    expect(() => portRangeContains('*', '80-90')).toThrow(TypeError);
    expect(() => portRangeContains('*', 70000)).toThrow(TypeError);
  });
});

describe('portRangesCover', () => {
  it.for([
    [['443'], 443, true],
    [['80', '8080'], 443, false],
    [['0-1023', '1024-65535'], '*', true],
    [['0-1023', '1025-65535'], '*', false],
    [['1-65535'], '*', false],
    [['*'], '*', true],
    [['0-65535'], '*', true],
    [[0, '1-100', '50-65535'], '*', true],
    [['80-100', '101-443'], '80-443', true],
    [[], 443, false],
  ] as const)('%j cover %j → %s', ([ranges, required, expected]) => {
    expect(portRangesCover(ranges, required)).toBe(expected);
  });
});

describe('mergePortIntervals and formatPortInterval', () => {
  it('merges overlapping and touching intervals', () => {
    expect(
      mergePortIntervals([
        [100, 200],
        [0, 10],
        [11, 20],
        [150, 300],
        [302, 302],
      ]),
    ).toEqual([
      [0, 20],
      [100, 300],
      [302, 302],
    ]);
  });

  it('formats single ports and ranges', () => {
    expect(formatPortInterval([443, 443])).toBe('443');
    expect(formatPortInterval([0, 65535])).toBe('0-65535');
  });
});
