import { describe, expect, it } from 'vitest';
import {
  commonItems,
  everyItem as everyItemOperator,
  intersects as intersectsOperator,
  judgeEveryItem,
} from '../../../engine/operators/items.js';
import { byValue } from './by-value.js';

const everyItem = byValue(everyItemOperator);
const intersects = byValue(intersectsOperator);
const synced = { property: 'synced', equal: true };

describe('everyItem', () => {
  it.for([
    ['every item equal', [{ synced: true }, { synced: true }], synced, true],
    ['one item differs', [{ synced: true }, { synced: false }], synced, false],
    ['another value differs too', [{ synced: 'yes' }], synced, false],
    ['an item without the property', [{ synced: true }, { name: 'b' }], synced, undefined],
    ['a null property is missing', [{ synced: null }], synced, undefined],
    ['a differing item decides over a missing one', [{ name: 'b' }, { synced: false }], synced, false],
    ['an empty list: true by default', [], synced, true],
    ['an empty list: whenEmpty false', [], { ...synced, whenEmpty: false }, false],
    ['an empty list: whenEmpty unknown', [], { ...synced, whenEmpty: 'unknown' }, undefined],
    ['whenEmpty only speaks for an empty list', [{ synced: true }], { ...synced, whenEmpty: false }, true],
    ['strings compare exactly', [{ state: 'on' }, { state: 'On' }], { property: 'state', equal: 'on' }, false],
    ['numbers', [{ count: 0 }], { property: 'count', equal: 0 }, true],
  ] as const)('%s', ([, fact, value, expected]) => {
    expect(everyItem.test(fact, value)).toBe(expected);
  });

  it.for([
    ['a fact that is not a list', { synced: true }, 'everyItem needs a list'],
    ['an item that is not a record', [{ synced: true }, 'x'], 'everyItem needs a list of records, got "x"'],
    ['an item that is a list', [[true]], 'everyItem needs a list of records, got [true]'],
  ] as const)('throws on %s (an error outcome)', ([, fact, message]) => {
    expect(() => everyItem.test(fact, synced)).toThrow(new TypeError(message));
  });

  it.for([
    [[{ name: 'a', synced: true }], 'all 1 item have synced true'],
    [[{ id: 'x', synced: false }, { synced: 0 }], 'x has synced false, item 2 has synced 0 (expected synced true)'],
    [[{ name: 'a' }, { synced: true }], 'a (no synced)'],
    [[], 'the list is empty (expected every item to have synced true)'],
  ] as const)('explains %j', ([fact, reason]) => {
    expect(everyItem.explain(fact, synced)).toBe(reason);
  });

  it.for([
    [synced, undefined],
    [{ ...synced, whenEmpty: 'unknown' }, undefined],
    [{ property: 'synced' }, 'needs a value { property, equal, whenEmpty? }'],
    [{ property: '', equal: 1 }, 'property must name a property of the items'],
    [{ property: 'x', equal: [1] }, 'equal must be a string, number or boolean'],
    [{ ...synced, when: true }, 'unknown value keys: when'],
  ] as const)('value %j → %s', ([value, problem]) => {
    expect(everyItem.valueProblem(value)).toBe(problem);
  });
});

describe('intersects', () => {
  it.for([
    ['a shared item', ['a', 'b'], ['b', 'c'], true],
    ['no shared item', ['a'], ['b'], false],
    ['an empty fact', [], ['a'], false],
    ['an empty value', ['a'], [], false],
    ['strings compare exactly', ['Finance'], ['finance'], false],
    ['numbers', [1, 2], [2], true],
    ['not by text', [1], ['1'], false],
  ] as const)('%s', ([, fact, value, expected]) => {
    expect(intersects.test(fact, value)).toBe(expected);
  });

  it('throws on a fact or a value read from a fact that is not a list (an error outcome)', () => {
    expect(() => intersects.test('a', ['a'])).toThrow(new TypeError('intersects needs a list'));
    expect(() => intersects.test(['a'], 'a')).toThrow(new TypeError('intersects needs a list'));
  });

  it('explains', () => {
    expect(intersects.explain(['a', 'b', 1], [1, 'b'])).toBe('both lists hold "b", 1');
    expect(intersects.explain(['a'], ['b'])).toBe('the lists have no item in common');
  });

  it('takes a list', () => {
    expect(intersects.valueProblem(['a'])).toBeUndefined();
    expect(intersects.valueProblem('a')).toBe('value must be a list');
  });
});

describe('the generic implementations the AIP operators build on', () => {
  it.for([
    [[true, true], true],
    [[true, false, undefined], false],
    [[true, undefined], undefined],
    [[], true],
  ] as const)('judgeEveryItem(%j) → %s', ([verdicts, expected]) => {
    expect(judgeEveryItem(verdicts, (verdict) => verdict, true).result).toBe(expected);
  });

  it('judgeEveryItem lists the failing and the undecided items, and takes what an empty list gives', () => {
    const verdict = judgeEveryItem([1, 2, 3, 4], (n) => (n === 2 ? false : n === 4 ? undefined : true), true);
    expect(verdict).toEqual({ result: false, failing: [2], undecided: [4] });
    expect(judgeEveryItem([], () => true, false).result).toBe(false);
    expect(judgeEveryItem([], () => true, undefined).result).toBeUndefined();
  });

  it('commonItems keeps the first list order and compares by key', () => {
    expect(commonItems(['b', 'a', 'c'], ['c', 'b'])).toEqual(['b', 'c']);
    expect(commonItems([' Finance', 'Legal'], ['finance'], (g) => g.trim().toLowerCase())).toEqual([' Finance']);
  });
});
