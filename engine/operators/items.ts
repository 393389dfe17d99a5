// Generic list operators: every item of a list (everyItem) and the overlap of two lists (intersects).
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

/** What each item says, in Kleene logic: true, false, or cannot decide (undefined). */
export interface ItemsVerdict<T> {
  /** Kleene `and` over the items: false when one is false, otherwise undecided when one is, otherwise true. */
  result: boolean | undefined;
  failing: T[];
  undecided: T[];
}

/**
 * Decides every item of a list: false when some item is false, undecided when none is but some cannot decide,
 * true when each is true. An empty list gives `empty`: true as "every" reads in logic, false where a list must name
 * something (forests), undefined where an empty list says nothing.
 */
export function judgeEveryItem<T>(
  items: readonly T[],
  decide: (item: T) => boolean | undefined,
  empty: boolean | undefined,
): ItemsVerdict<T> {
  const failing: T[] = [];
  const undecided: T[] = [];
  for (const item of items) {
    const verdict = decide(item);
    if (verdict === false) failing.push(item);
    else if (verdict === undefined) undecided.push(item);
  }
  const result = items.length === 0 ? empty : failing.length > 0 ? false : undecided.length > 0 ? undefined : true;
  return { result, failing, undecided };
}

/** The items of `a` that `b` holds too, compared by `key` (identity by default), in `a`'s order. */
export function commonItems<T>(a: readonly T[], b: readonly T[], key: (item: T) => unknown = (item) => item): T[] {
  const other = new Set(b.map(key));
  return a.filter((item) => other.has(key(item)));
}

/** Value of `everyItem`. */
export interface EveryItemValue {
  /** The property of each item that is compared. */
  property: string;
  /** The value it must have (compared with `===`). */
  equal: string | number | boolean;
  /** What an empty list gives: true (the default), false, or `unknown`. */
  whenEmpty?: boolean | 'unknown';
}

function readList(name: string, fact: unknown): unknown[] {
  if (!Array.isArray(fact)) throw new TypeError(`${name} needs a list`);
  return fact;
}

function readRecord(item: unknown): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TypeError(`everyItem needs a list of records, got ${JSON.stringify(item)}`);
  }
  return item as Record<string, unknown>;
}

/** An item as a message names it: its `name` or `id`, else its position. */
function describeItem(items: readonly unknown[], item: unknown): string {
  const { name, id } = item as { name?: unknown; id?: unknown };
  if (typeof name === 'string') return name;
  if (typeof id === 'string') return id;
  return `item ${items.indexOf(item) + 1}`;
}

/**
 * `everyItem`: fact = a list of records; value = `{ property, equal, whenEmpty? }`. True when every item's
 * `property` equals `equal`; false when some item's differs; otherwise (some item lacks the property) undecided,
 * so the outcome is unknown rather than a guess. An empty list gives `whenEmpty` (default true).
 */
export const everyItem: Operator = {
  name: 'everyItem',
  valueSchema: {
    type: 'object',
    required: ['property', 'equal'],
    additionalProperties: false,
    properties: {
      property: { type: 'string', minLength: 1, errorMessage: 'property must name a property of the items' },
      equal: { type: ['string', 'number', 'boolean'], errorMessage: 'equal must be a string, number or boolean' },
      whenEmpty: { enum: [true, false, 'unknown'], errorMessage: 'whenEmpty must be true, false or unknown' },
    },
    errorMessage: recordValueErrors('{ property, equal, whenEmpty? }'),
  },
  compile: (value): CompiledOperator => {
    const { property, equal, whenEmpty = true } = value as EveryItemValue;
    if (typeof property !== 'string') throw new TypeError('everyItem needs a value { property, equal, whenEmpty? }');
    const empty = whenEmpty === 'unknown' ? undefined : whenEmpty;
    const decide = (item: unknown) => {
      const found = readRecord(item)[property];
      return found === undefined || found === null ? undefined : found === equal;
    };
    const judge = (fact: unknown) => {
      const items = readList('everyItem', fact);
      return { items, verdict: judgeEveryItem(items, decide, empty) };
    };
    return {
      test: (fact) => judge(fact).verdict.result,
      explain: (fact) => {
        const { items, verdict } = judge(fact);
        const wanted = `${property} ${JSON.stringify(equal)}`;
        if (items.length === 0) return `the list is empty (expected every item to have ${wanted})`;
        const failing = verdict.failing.map(
          (item) => `${describeItem(items, item)} has ${property} ${JSON.stringify(readRecord(item)[property])}`,
        );
        if (failing.length > 0) return `${failing.join(', ')} (expected ${wanted})`;
        if (verdict.undecided.length > 0) {
          return `${verdict.undecided.map((item) => describeItem(items, item)).join(', ')} (no ${property})`;
        }
        return `all ${items.length} item${items.length === 1 ? '' : 's'} have ${wanted}`;
      },
    };
  },
};

/**
 * `intersects`: fact = a list; value = a list (or a fact reference to one). True when some item is in both
 * (compared with `===`, as `in` and `contains` do); false otherwise, an empty list included.
 */
export const intersects: Operator = {
  name: 'intersects',
  valueSchema: { type: 'array', errorMessage: 'value must be a list' },
  compile: (value): CompiledOperator => {
    const wanted = readList('intersects', value);
    return {
      test: (fact) => commonItems(readList('intersects', fact), wanted).length > 0,
      explain: (fact) => {
        const common = commonItems(readList('intersects', fact), wanted);
        return common.length > 0
          ? `both lists hold ${common.map((item) => JSON.stringify(item)).join(', ')}`
          : 'the lists have no item in common';
      },
    };
  },
};

/** The generic list operators. */
export const itemOperators: readonly Operator[] = [everyItem, intersects];
