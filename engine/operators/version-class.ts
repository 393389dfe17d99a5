// The versionClassIn operator: is a version one of the listed products of a classification table?
import { classifyVersion, isVersionTableName, VERSION_TABLES, type VersionTableName } from '../versions/tables.js';
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
 * `versionClassIn`: fact = version string (or number); value = `{ table, products }`. True when the table
 * classifies the version as one of `products`; false for versions the table does not know.
 */
export const versionClassIn: Operator = {
  name: 'versionClassIn',
  evaluate: (fact, value) => {
    const { table, products } = readValue(value);
    const product = classifyVersion(table, fact);
    return product !== undefined && products.includes(product);
  },
  explain: (fact, value) => {
    const { table } = readValue(value);
    const product = classifyVersion(table, fact);
    const shown = `version ${String(fact).trim()}`;
    return product === undefined ? `${shown} is no known release in the ${table} table` : `${shown} is ${product}`;
  },
  checkValue: checkVersionClassValue,
};
