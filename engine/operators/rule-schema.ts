// The rule schema's operator part, assembled from the operators' value schemas (scripts/gen-rule-schema.mjs).
import type { Operator } from './operator.js';

type Schema = Record<string, unknown>;

/** A value `{ fact, path? }` reads another fact: only its path can be checked before the rules run. */
const FACT_REFERENCE = {
  type: 'object',
  required: ['fact'],
  properties: { fact: { type: 'string' } },
};

/** Every `errorMessage` of a value schema, prefixed with the operator's name (`versionEqual: ...`). */
function nameMessages(schema: unknown, name: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => nameMessages(item, name));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key !== 'errorMessage') return [key, nameMessages(value, name)];
      if (typeof value === 'string') return [key, `${name}: ${value}`];
      return [key, Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, `${name}: ${v}`]))];
    }),
  );
}

/** An operator whose value schema accepts anything (json-rules-engine's `equal`) needs no check. */
function checksValue(operator: Operator): boolean {
  return Object.keys(operator.valueSchema).length > 0;
}

/**
 * The rule schema with its leaf condition assembled from the operators: `$defs.values` holds each operator's value
 * schema, and the leaf checks a literal value against the schema of the operator it names (a fact reference stays
 * allowed for every operator; the value it reads is compiled when read). Operator names are offered to editors as
 * `examples`; an unknown one is left to the compile stage, which lists the known ones. Deterministic: operators in
 * name order.
 */
export function buildRuleSchema(base: object, operators: ReadonlyMap<string, Operator>): object {
  const schema = structuredClone(base) as Schema & { $defs: Schema & { leaf: Schema & { properties: Schema } } };
  const sorted = [...operators.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const checked = sorted.filter(checksValue);
  const leaf = schema.$defs.leaf;
  const operator = leaf.properties.operator as Schema;
  leaf.properties.operator = { ...operator, examples: sorted.map((o) => o.name) };
  leaf.allOf = checked.map((o) => ({
    if: { properties: { operator: { const: o.name } }, required: ['operator'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, data for ajv, never awaited.
    then: { properties: { value: { if: FACT_REFERENCE, else: { $ref: `#/$defs/values/${o.name}` } } } },
  }));
  schema.$defs.values = Object.fromEntries(checked.map((o) => [o.name, nameMessages(o.valueSchema, o.name)]));
  return schema;
}
