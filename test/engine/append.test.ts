// appendAll appends lists of any length, where push(...items) overflows the call stack; UintList grows as it must.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAll, UintList } from '../../engine/append.js';

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

describe('UintList', () => {
  it('holds what was pushed and appended, in order, whatever the growth', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.nat(2 ** 31).map((value) => ({ push: value })),
            fc.record({ append: fc.array(fc.nat(1000), { maxLength: 300 }), add: fc.nat(1000) }),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 8 }),
        (steps, capacity) => {
          const list = new UintList(capacity);
          const model: number[] = [];
          for (const step of steps) {
            if ('push' in step) {
              expect(list.push(step.push)).toBe(model.length);
              model.push(step.push);
            } else {
              list.append(Uint32Array.from(step.append), step.add);
              for (const value of step.append) model.push(value + step.add);
            }
            expect(list.length).toBe(model.length);
          }
          expect([...list.view()]).toEqual(model);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a list appended whole, at least as long as it, room for itself and a sixteenth more', () => {
    const list = new UintList(4);
    for (let i = 0; i < 1000; i++) list.push(i);
    list.append(new Uint32Array(1500), 0);
    expect(list.length).toBe(2500);
    expect(list.data.length).toBe(2500 + (2500 >> 4));
  });
});
