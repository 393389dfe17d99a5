// Version operators: compare a dotted numeric version fact with the rule's version or range.
import { compareParsedVersions, parseVersion } from '../versions/compare.js';
import type { Operator } from './operator.js';
import { problemOf } from './problems.js';

function comparison(name: string, accepts: (order: -1 | 0 | 1) => boolean): Operator {
  return {
    name,
    evaluate: (fact, value) => accepts(compareParsedVersions(parseVersion(fact), parseVersion(value))),
    explain: (fact, value) => {
      const order = compareParsedVersions(parseVersion(fact), parseVersion(value));
      const relation = order < 0 ? 'lower than' : order > 0 ? 'higher than' : 'equal to';
      return `version ${String(fact).trim()} is ${relation} ${String(value).trim()}`;
    },
    checkValue: (value) => problemOf(name, () => parseVersion(value)),
  };
}

/** Bounds of `versionInRange`: `min` inclusive, `max` exclusive. */
export interface VersionBounds {
  min?: string | number;
  max?: string | number;
}

function readBounds(value: unknown): { min?: number[]; max?: number[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('versionInRange needs a value { min?, max? }');
  }
  const { min, max } = value as VersionBounds;
  return {
    ...(min === undefined ? {} : { min: parseVersion(min) }),
    ...(max === undefined ? {} : { max: parseVersion(max) }),
  };
}

function inRange(fact: unknown, value: unknown): boolean {
  const version = parseVersion(fact);
  const { min, max } = readBounds(value);
  return (
    (min === undefined || compareParsedVersions(version, min) >= 0) &&
    (max === undefined || compareParsedVersions(version, max) < 0)
  );
}

const versionInRange: Operator = {
  name: 'versionInRange',
  evaluate: inRange,
  explain: (fact, value) => {
    const version = parseVersion(fact);
    const { min, max } = readBounds(value);
    const { min: low, max: high } = value as VersionBounds;
    const shown = `version ${String(fact).trim()}`;
    if (min && compareParsedVersions(version, min) < 0) return `${shown} is lower than the minimum ${low}`;
    if (max && compareParsedVersions(version, max) >= 0) return `${shown} is not below the (exclusive) maximum ${high}`;
    const bounds = [min ? `at least ${low}` : '', max ? `below ${high}` : ''].filter(Boolean).join(' and ');
    return `${shown} is ${bounds}`;
  },
  checkValue: (value) => {
    let bounds: { min?: number[]; max?: number[] } = {};
    const problem = problemOf('versionInRange', () => {
      bounds = readBounds(value);
    });
    if (problem) return problem;
    const extra = Object.keys(value as object).filter((key) => key !== 'min' && key !== 'max');
    if (extra.length > 0) return `unknown value keys: ${extra.join(', ')}`;
    if (!bounds.min && !bounds.max) return 'needs min, max or both';
    if (bounds.min && bounds.max && compareParsedVersions(bounds.min, bounds.max) >= 0) {
      return 'min must be lower than max (max is exclusive)';
    }
    return undefined;
  },
};

/**
 * Version operators. The fact is a dotted numeric version (string or number); the value is a version, or
 * `{ min?, max? }` for `versionInRange`. Missing trailing segments count as 0. Malformed facts throw TypeError.
 */
export const versionOperators: readonly Operator[] = [
  comparison('versionEqual', (order) => order === 0),
  comparison('versionLessThan', (order) => order < 0),
  comparison('versionLessThanOrEqual', (order) => order <= 0),
  comparison('versionGreaterThan', (order) => order > 0),
  comparison('versionGreaterThanOrEqual', (order) => order >= 0),
  versionInRange,
];
