// The versionClassIn operator: is a version one of the listed products of a classification table?
import { candidateProducts, isVersionTableName, VERSION_TABLES, type VersionTableName } from '../versions/tables.js';
import type { Operator } from './operator.js';

/** Value of `versionClassIn`: a table name and the products that pass. */
export interface VersionClassValue {
  table: VersionTableName;
  products: string[];
}

function readValue(value: unknown): VersionClassValue {
  const problem = checkVersionClassValue(value);
  if (problem) throw new TypeError(`versionClassIn: ${problem}`);
  return value as VersionClassValue;
}

/** Checks a `versionClassIn` value; returns the problem or undefined. */
export function checkVersionClassValue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'needs a value { table, products }';
  }
  const { table, products } = value as { table?: unknown; products?: unknown };
  if (!isVersionTableName(table)) {
    return `unknown version table '${String(table)}'; known: ${Object.keys(VERSION_TABLES).join(', ')}`;
  }
  if (!Array.isArray(products) || products.length === 0) return 'needs a non-empty products list';
  const known = VERSION_TABLES[table].map((range) => range.product);
  const unknown = products.filter((product) => !known.includes(product as string));
  if (unknown.length > 0) {
    return `unknown ${table} product ${unknown.map((p) => `'${String(p)}'`).join(', ')}; known: ${known.join(', ')}`;
  }
  return undefined;
}

/**
 * `versionClassIn`: fact = version string (or number); value = `{ table, products }`. A version is read as a prefix
 * (`15.2` is any 15.2.x build), so it may stand for several releases: true when every release it could be is one of
 * `products`, false when none is (or the table knows no release for it), otherwise undecided: the outcome is unknown
 * and the explanation names the candidates.
 */
export const versionClassIn: Operator = {
  name: 'versionClassIn',
  evaluate: (fact, value) => {
    const { table, products } = readValue(value);
    const candidates = candidateProducts(table, fact);
    const listed = candidates.filter((product) => products.includes(product)).length;
    if (listed === 0) return false;
    return listed === candidates.length ? true : undefined;
  },
  explain: (fact, value) => {
    const { table } = readValue(value);
    const candidates = candidateProducts(table, fact);
    const shown = `version ${String(fact).trim()}`;
    if (candidates.length === 0) return `${shown} is no known release in the ${table} table`;
    if (candidates.length === 1) return `${shown} is ${candidates[0]}`;
    return `${shown} could be ${candidates.slice(0, -1).join(', ')} or ${candidates[candidates.length - 1]}; the full build tells them apart`;
  },
  checkValue: checkVersionClassValue,
};
