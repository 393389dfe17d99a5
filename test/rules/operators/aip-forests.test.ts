import { describe, expect, it } from 'vitest';
import { forestsSynced } from '../../../engine/operators/aip-forests.js';

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
    expect(forestsSynced.evaluate(forests, true)).toBe(expected);
    expect(forestsSynced.explain?.(forests, true)).toContain(because);
  });

  it('takes only the value true and a list of named forests', () => {
    expect(forestsSynced.checkValue?.(true)).toBeUndefined();
    expect(forestsSynced.checkValue?.(false)).toMatch(/true/);
    expect(() => forestsSynced.evaluate({}, true)).toThrow(TypeError);
    expect(() => forestsSynced.evaluate([{ synced: true }], true)).toThrow(/no name/);
  });
});
