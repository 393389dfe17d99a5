import { describe, expect, it } from 'vitest';
import { protectsSameUsers as protectsSameUsersOperator } from '../../../engine/operators/aip-protect-scopes.js';
import { byValue } from '../../engine/operators/by-value.js';

const protectsSameUsers = byValue(protectsSameUsersOperator);

const all = { scope: 'all' };
const none = { scope: 'none' };
const finance = { scope: 'groups', groups: ['Finance', 'Legal'] };
const legal = { scope: 'groups', groups: ['legal '] };
const sales = { scope: 'groups', groups: ['Sales'] };

describe('protectsSameUsers', () => {
  // [fact, value, expected, explanation fragment]
  it.for([
    [all, all, true, 'both services protect content for all users'],
    [all, finance, true, 'one service protects all users, the other the groups Finance, Legal'],
    [sales, all, true, 'the other the groups Sales'],
    [all, none, false, 'protects content for no user'],
    [none, finance, false, 'no user'],
    [finance, legal, true, 'both services protect content for the groups Legal'],
    [finance, sales, false, 'different groups'],
    [all, { scope: 'groups', groups: [] }, false, 'an empty list of groups'],
    [{ groups: ['Sales'] }, sales, true, 'groups Sales'],
  ] as const)('%j and %j → %s', ([fact, value, expected, because]) => {
    expect(protectsSameUsers.test(fact, value)).toBe(expected);
    expect(protectsSameUsers.explain(fact, value)).toContain(because);
  });

  it.for([
    [{}, all],
    [all, 'all'],
    [{ scope: 'some' }, all],
    [{ groups: 'Sales' }, all],
  ] as const)('throws on malformed records %j, %j', ([fact, value]) => {
    expect(() => protectsSameUsers.test(fact, value)).toThrow(TypeError);
  });
});
