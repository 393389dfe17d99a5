// The versionClassIn operator: is a version one of the listed products of a classification table?
import { candidateProducts, isVersionTableName, VERSION_TABLES, type VersionTableName } from '../versions/tables.js';
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

/** Value of `versionClassIn`: a table name and the products that pass. */
export interface VersionClassValue {
  table: VersionTableName;
  products: string[];
}

/**
 * Reads a `versionClassIn` value: the products must be ones the table knows, which the schema (one list of names
 * for every table) cannot tell.
 *
 * @throws {TypeError} when it is not `{ table, products }` of a known table and its products.
 */
function readValue(value: unknown): VersionClassValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('versionClassIn needs a value { table, products }');
  }
  const { table, products } = value as { table?: unknown; products?: unknown };
  if (!isVersionTableName(table)) {
    throw new TypeError(`unknown version table '${String(table)}'; known: ${Object.keys(VERSION_TABLES).join(', ')}`);
  }
  if (!Array.isArray(products) || products.length === 0) throw new TypeError('needs a non-empty products list');
  const known = VERSION_TABLES[table].map((range) => range.product);
  const unknown = products.filter((product) => !known.includes(product as string));
  if (unknown.length > 0) {
    throw new TypeError(
      `unknown ${table} product ${unknown.map((p) => `'${String(p)}'`).join(', ')}; known: ${known.join(', ')}`,
    );
  }
  return value as VersionClassValue;
}

/**
 * `versionClassIn`: fact = version string (or number); value = `{ table, products }`. A version is read as a prefix
 * (`15.2` is any 15.2.x build), so it may stand for several releases: true when every release it could be is one of
 * `products`, false when none is (or the table knows no release for it), otherwise undecided: the outcome is unknown
 * and the explanation names the candidates.
 */
export const versionClassIn: Operator = {
  name: 'versionClassIn',
  valueSchema: {
    type: 'object',
    required: ['table', 'products'],
    additionalProperties: false,
    properties: {
      table: {
        enum: Object.keys(VERSION_TABLES),
        errorMessage: `unknown version table '\${0}'; known: ${Object.keys(VERSION_TABLES).join(', ')}`,
      },
      products: {
        type: 'array',
        minItems: 1,
        items: { type: 'string' },
        errorMessage: 'needs a non-empty products list',
      },
    },
    // Each table's products, so an editor completes them and a misspelt one is named.
    allOf: Object.entries(VERSION_TABLES).map(([table, ranges]) => {
      const known = [...new Set(ranges.map((range) => range.product))];
      return {
        if: { properties: { table: { const: table } }, required: ['table'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, data for ajv, never awaited.
        then: {
          properties: {
            products: {
              items: { enum: known, errorMessage: `unknown ${table} product '\${0}'; known: ${known.join(', ')}` },
            },
          },
        },
      };
    }),
    errorMessage: recordValueErrors('{ table, products }'),
  },
  compile: (value): CompiledOperator => {
    const { table, products } = readValue(value);
    return {
      test: (fact) => {
        const candidates = candidateProducts(table, fact);
        const listed = candidates.filter((product) => products.includes(product)).length;
        if (listed === 0) return false;
        return listed === candidates.length ? true : undefined;
      },
      explain: (fact) => {
        const candidates = candidateProducts(table, fact);
        const shown = `version ${String(fact).trim()}`;
        if (candidates.length === 0) return `${shown} is no known release in the ${table} table`;
        if (candidates.length === 1) return `${shown} is ${candidates[0]}`;
        return `${shown} could be ${candidates.slice(0, -1).join(', ')} or ${candidates[candidates.length - 1]}; the full build tells them apart`;
      },
    };
  },
};
