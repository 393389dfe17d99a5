// json-rules-engine's built-in operators, re-implemented to the letter so both engines share one table.
import type { Operator } from './operator.js';

// json-rules-engine's numberValidator: numeric operators are false unless the fact parses as a number.
function isNumberLike(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

function numeric(name: string, compare: (a: never, b: never) => boolean): Operator {
  return { name, evaluate: (a, b) => isNumberLike(a) && compare(a as never, b as never) };
}

// json-rules-engine calls `b.indexOf(a)`: an array is searched for the element, a string (from a fact reference;
// a literal must be an array) for the substring `String(a)`, and anything else throws.
function indexIn(value: unknown, element: unknown, name: string): number {
  if (Array.isArray(value)) return value.indexOf(element);
  if (typeof value === 'string') return value.indexOf(element as string);
  throw new TypeError(`${name} needs an array value`);
}

const requireArray = (value: unknown) => (Array.isArray(value) ? undefined : 'value must be an array');

export const builtinOperators: readonly Operator[] = [
  { name: 'equal', evaluate: (a, b) => a === b },
  { name: 'notEqual', evaluate: (a, b) => a !== b },
  { name: 'in', evaluate: (a, b) => indexIn(b, a, 'in') > -1, checkValue: requireArray },
  { name: 'notIn', evaluate: (a, b) => indexIn(b, a, 'notIn') === -1, checkValue: requireArray },
  { name: 'contains', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) > -1 },
  { name: 'doesNotContain', evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1 },
  numeric('lessThan', (a, b) => a < b),
  numeric('lessThanInclusive', (a, b) => a <= b),
  numeric('greaterThan', (a, b) => a > b),
  numeric('greaterThanInclusive', (a, b) => a >= b),
];
