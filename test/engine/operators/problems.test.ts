import { describe, expect, it } from 'vitest';
import { problemOf } from '../../../engine/operators/problems.js';

type Case = [name: string, thrown: unknown, expected: string | undefined];

const cases: Case[] = [
  ['passes', undefined, undefined],
  ['plain message', new TypeError('bad port'), 'bad port'],
  ['operator name and colon', new TypeError('op: bad port'), 'bad port'],
  ['operator name and space', new TypeError('op needs ports'), 'needs ports'],
  ['longer name is kept', new TypeError('opx needs ports'), 'opx needs ports'],
  ['non-Error thrown', 'text', 'text'],
];

describe('problemOf', () => {
  it.for(cases)('%s', ([, thrown, expected]) => {
    const validate = (): void => {
      if (thrown !== undefined) throw thrown;
    };
    expect(problemOf('op', validate)).toBe(expected);
  });
});
