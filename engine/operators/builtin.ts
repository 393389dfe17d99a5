// json-rules-engine's built-in operators, re-implemented to the letter so both engines share one table.
import type { CompiledOperator, Operator } from './operator.js';

// json-rules-engine's numberValidator: numeric operators are false unless the fact parses as a number.
function isNumberLike(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

/** Any value: json-rules-engine compares whatever it is given. */
const ANY_VALUE = {};

function numeric(name: string, compare: (a: never, b: never) => boolean): Operator {
  return {
    name,
    valueSchema: ANY_VALUE,
    compile: (value) => ({ test: (a) => isNumberLike(a) && compare(a as never, value as never) }),
  };
}

// json-rules-engine calls `b.indexOf(a)`: an array is searched for the element, a string (from a fact reference;
// a literal must be an array) for the substring `String(a)`, and anything else throws.
function indexIn(name: string, value: unknown): (element: unknown) => number {
  if (Array.isArray(value)) return (element) => value.indexOf(element);
  if (typeof value === 'string') return (element) => value.indexOf(element as string);
  throw new TypeError(`${name} needs an array value`);
}

const LIST_VALUE = { type: 'array', errorMessage: 'value must be an array' };

function membership(name: string, inside: boolean): Operator {
  return {
    name,
    valueSchema: LIST_VALUE,
    compile: (value): CompiledOperator => {
      const indexOf = indexIn(name, value);
      return { test: (a) => indexOf(a) > -1 === inside };
    },
  };
}

export const builtinOperators: readonly Operator[] = [
  { name: 'equal', valueSchema: ANY_VALUE, compile: (value) => ({ test: (a) => a === value }) },
  { name: 'notEqual', valueSchema: ANY_VALUE, compile: (value) => ({ test: (a) => a !== value }) },
  membership('in', true),
  membership('notIn', false),
  {
    name: 'contains',
    valueSchema: ANY_VALUE,
    compile: (value) => ({ test: (a) => Array.isArray(a) && a.indexOf(value) > -1 }),
  },
  {
    name: 'doesNotContain',
    valueSchema: ANY_VALUE,
    compile: (value) => ({ test: (a) => Array.isArray(a) && a.indexOf(value) === -1 }),
  },
  numeric('lessThan', (a, b) => a < b),
  numeric('lessThanInclusive', (a, b) => a <= b),
  numeric('greaterThan', (a, b) => a > b),
  numeric('greaterThanInclusive', (a, b) => a >= b),
];
