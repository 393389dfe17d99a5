// json-rules-engine's built-in operators, re-implemented to the letter so both engines share one table.
import type { Operator } from './operator.js';

// json-rules-engine's numberValidator: numeric operators are false unless the fact parses as a number.
function isNumberLike(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

function numeric(name: string, compare: (a: never, b: never) => boolean): Operator {
  return { name, evaluate: (a, b) => isNumberLike(a) && compare(a as never, b as never) };
}

function list(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} needs an array value`);
  return value;
}

const requireArray = (value: unknown) => (Array.isArray(value) ? undefined : 'value must be an array');

export const builtinOperators: readonly Operator[] = [
  { name: 'equal', evaluate: (a, b) => a === b },
  { name: 'notEqual', evaluate: (a, b) => a !== b },
  { name: 'in', evaluate: (a, b) => list(b, 'in').indexOf(a) > -1, checkValue: requireArray },
  { name: 'notIn', evaluate: (a, b) => list(b, 'notIn').indexOf(a) === -1, checkValue: requireArray },
  { name: 'contains', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1 },
  { name: 'doesNotContain', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1 },
  numeric('lessThan', (a, b) => a < b),
  numeric('lessThanInclusive', (a, b) => a <= b),
  numeric('greaterThan', (a, b) => a > b),
  numeric('greaterThanInclusive', (a, b) => a >= b),
];
