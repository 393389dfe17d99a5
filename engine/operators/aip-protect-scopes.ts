// The protectsSameUsers operator: do two rights management services let some user protect content with both?
import { commonItems } from './items.js';
import type { CompiledOperator, Operator } from './operator.js';

type Scope = 'all' | 'groups' | 'none';

interface Protects {
  scope: Scope;
  groups: string[];
}

/**
 * Reads a `protects` record `{ scope?, groups? }`. A record with groups but no scope protects those groups.
 *
 * @throws {TypeError} when it is not such a record, or has neither scope nor groups.
 */
function readProtects(value: unknown, side: string): Protects {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`protectsSameUsers: ${side} must be a record { scope, groups }`);
  }
  const { scope, groups } = value as { scope?: unknown; groups?: unknown };
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
    throw new TypeError(`protectsSameUsers: ${side} groups must be a list of names`);
  }
  const names = (groups as string[] | undefined) ?? [];
  if (scope === 'all' || scope === 'groups' || scope === 'none') return { scope, groups: names };
  if (scope === undefined && groups !== undefined) return { scope: 'groups', groups: names };
  throw new TypeError(`protectsSameUsers: ${side} needs a scope (all, groups or none)`);
}

function shared(a: Protects, b: Protects): { overlap: boolean; why: string } {
  if (a.scope === 'none' || b.scope === 'none')
    return { overlap: false, why: 'one service protects content for no user' };
  if (a.scope === 'all' && b.scope === 'all')
    return { overlap: true, why: 'both services protect content for all users' };
  if (a.scope === 'all' || b.scope === 'all') {
    const groups = a.scope === 'all' ? b.groups : a.groups;
    if (groups.length === 0) return { overlap: false, why: 'one service protects content for an empty list of groups' };
    return { overlap: true, why: `one service protects all users, the other the groups ${groups.join(', ')}` };
  }
  // Groups are compared by name or id: nested or overlapping memberships of differently named groups are not visible.
  const common = commonItems(a.groups, b.groups, (g) => g.trim().toLowerCase());
  return common.length > 0
    ? { overlap: true, why: `both services protect content for the groups ${common.join(', ')}` }
    : { overlap: false, why: 'the two services protect content for different groups' };
}

/**
 * `protectsSameUsers`: fact = one service's `protects` record `{ scope: all | groups | none, groups? }`; value =
 * the other service's record (usually a fact reference). True when some user can protect content with both: either
 * protects all users while the other protects someone, or both name a common group (case-insensitive).
 */
export const protectsSameUsers: Operator = {
  name: 'protectsSameUsers',
  valueSchema: {
    type: 'object',
    properties: {
      scope: { enum: ['all', 'groups', 'none'], errorMessage: 'value needs a scope (all, groups or none)' },
      groups: { type: 'array', items: { type: 'string' }, errorMessage: 'value groups must be a list of names' },
    },
    anyOf: [{ required: ['scope'] }, { required: ['groups'] }],
    errorMessage: {
      type: 'value must be a record { scope, groups }',
      anyOf: 'value needs a scope (all, groups or none)',
    },
  },
  compile: (value): CompiledOperator => {
    const other = readProtects(value, 'value');
    return {
      test: (fact) => shared(readProtects(fact, 'fact'), other).overlap,
      explain: (fact) => shared(readProtects(fact, 'fact'), other).why,
    };
  },
};
