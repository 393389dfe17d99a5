import { describe, expect, it } from 'vitest';
import { forestsSynced as forestsSyncedOperator } from '../../../engine/operators/aip-forests.js';
import { byValue } from '../../engine/operators/by-value.js';

const forestsSynced = byValue(forestsSyncedOperator);

describe('forestsSynced', () => {
  // [forests, expected, explanation fragment]
  it.for([
    [[{ name: 'corp.contoso.com', synced: true }], true, 'all 1 forest synchronized (corp.contoso.com)'],
    [
      [
        { name: 'a.example', synced: true },
        { name: 'b.example', synced: true },
      ],
      true,
      'all 2 forests',
    ],
    [
      [
        { name: 'a.example', synced: true },
        { name: 'b.example', synced: false },
      ],
      false,
      'b.example is not synchronized',
    ],
    [[{ name: 'a.example' }], undefined, 'a.example has no sync state'],
    [[{ name: 'a.example' }, { name: 'b.example', synced: false }], false, 'b.example is not synchronized'],
    [[], false, 'no Active Directory forest is listed'],
  ] as const)('%j → %s', ([forests, expected, because]) => {
    expect(forestsSynced.test(forests, true)).toBe(expected);
    expect(forestsSynced.explain(forests, true)).toContain(because);
  });

  it('takes only the value true and a list of named forests', () => {
    expect(forestsSynced.valueProblem(true)).toBeUndefined();
    expect(forestsSynced.valueProblem(false)).toMatch(/true/);
    expect(() => forestsSynced.test({}, true)).toThrow(TypeError);
    expect(() => forestsSynced.test([{ synced: true }], true)).toThrow(/no name/);
  });
});
