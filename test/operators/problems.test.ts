import { describe, expect, it } from 'vitest';
import { problemOf } from '../../engine/operators/problems.js';

function throwing(thrown: unknown): () => never {
  return () => {
    throw thrown;
  };
}

describe('problemOf', () => {
  it.for([
    ['passes', () => 1, undefined],
    ['plain message', throwing(new TypeError('bad port')), 'bad port'],
    ['operator name and colon', throwing(new TypeError('op: bad port')), 'bad port'],
    ['operator name and space', throwing(new TypeError('op needs ports')), 'needs ports'],
    ['longer name is kept', throwing(new TypeError('opx needs ports')), 'opx needs ports'],
    ['non-Error thrown', throwing('text'), 'text'],
  ] as const)('%s', ([, validate, expected]) => {
    expect(problemOf('op', validate)).toBe(expected);
  });
});
