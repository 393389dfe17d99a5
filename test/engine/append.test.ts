// appendAll: appends lists of any length, where push(...items) overflows the call stack.
import { describe, expect, it } from 'vitest';
import { appendAll } from '../../engine/append.js';

describe('appendAll', () => {
  it('appends a list longer than push(...items) can take, in order, in place', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [0].push(...many)).toThrow(RangeError);
    const target = [-1];
    expect(appendAll(target, many)).toBe(target);
    expect(target.length).toBe(500_001);
    expect(target[0]).toBe(-1);
    expect(target[1]).toBe(0);
    expect(target[500_000]).toBe(499_999);
  });

  it('takes any iterable', () => {
    expect(appendAll(['a'], new Set(['b', 'c']))).toEqual(['a', 'b', 'c']);
  });
});
