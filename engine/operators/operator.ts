// The operator contract shared by the compiled engine and json-rules-engine (the reference engine), shaped like an
// ajv keyword: a schema for the rule's value, and a compile step run once per value.

/**
 * What an operator compiles a rule's value into: functions of one target's fact. Both engines call the same
 * functions, so their semantics cannot drift. Missing facts (undefined or null) never reach them: the engine turns
 * them into an `unknown` outcome first.
 */
export interface CompiledOperator {
  /**
   * Decides the condition for a defined fact value. Returns undefined when the fact is present but cannot decide
   * (e.g. a forest listed without its sync state): the leaf is then unknown, like a missing fact. May throw on
   * malformed fact data (an `error` outcome).
   */
  test(factValue: unknown): boolean | undefined;
  /** Describes what was found, for finding messages (`{reason}`, or `{missing}` when undecided), e.g. the NSG rule that decided. */
  explain?(factValue: unknown): string;
  /**
   * What decided, as data for a finding's evidence: the allowlist entry that allows (or the near misses), the
   * NSG rule that denies, the certificate observation. Plain JSON data; deterministic.
   */
  evidence?(factValue: unknown): unknown;
}

/**
 * A condition operator, like an ajv keyword definition: `valueSchema` (ajv's `metaSchema`) says what a rule's
 * literal value may be, and rules/rule.schema.json is assembled from these (scripts/gen-rule-schema.mjs), so a bad
 * value is a located schema error before anything runs. `compile` is called once per leaf with a literal value the
 * schema accepted, or, for a value read from a fact (`value: { fact, path }`), once per distinct value at run time.
 */
export interface Operator {
  name: string;
  /**
   * JSON Schema (draft 2020-12) of a literal value. `errorMessage` words its errors as ajv-errors does (a string, or
   * one per keyword), with `${0}` for the value and `${param}` for an ajv error parameter.
   */
  valueSchema: object;
  /**
   * Parses and normalizes the value once (versions parsed, paths normalized) and returns the functions of the fact.
   * A value read from a fact never met the schema, so compile guards what it relies on (once per value, not per call).
   *
   * @throws {TypeError} when the value is wrong in a way the schema cannot say (a range whose min is not below its
   *   max, a value read from a fact that has the wrong shape): a located diagnostic for a literal, an `error`
   *   outcome for a value read at run time.
   */
  compile(value: unknown): CompiledOperator;
}

/** How a value schema words a key it does not know (`errorMessage.additionalProperties`). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an errorMessage template, filled in by the schema check.
export const UNKNOWN_VALUE_KEY = 'unknown value keys: ${additionalProperty}';

/**
 * The `errorMessage` of a value schema for a record value: not an object, or without a required key, says the
 * record's shape (`{ path, type, data }`); an unknown key is named.
 */
export function recordValueErrors(shape: string): { type: string; required: string; additionalProperties: string } {
  const needs = `needs a value ${shape}`;
  return { type: needs, required: needs, additionalProperties: UNKNOWN_VALUE_KEY };
}

/** Compiles values of one operator, remembering each distinct value's result (or what compiling it threw). */
export type ValueCompiler = (value: unknown) => CompiledOperator;

type Compiled = { compiled: CompiledOperator } | { thrown: unknown };

/** Most distinct primitive values one cache keeps: a fact-read value repeats a few values across a fleet. */
const MAX_CACHED = 256;

/**
 * Compiles an operator's values once per distinct value, for json-rules-engine, whose operators are shared by every
 * leaf that names them: objects by identity (rule values and facts are not changed while rules are evaluated),
 * primitives by value.
 */
export function cachedCompiler(operator: Operator): ValueCompiler {
  const objects = new WeakMap<object, Compiled>();
  const primitives = new Map<unknown, Compiled>();
  return (value) => {
    const isObject = typeof value === 'object' && value !== null;
    let entry = isObject ? objects.get(value) : primitives.get(value);
    if (entry === undefined) {
      try {
        entry = { compiled: operator.compile(value) };
      } catch (thrown) {
        entry = { thrown };
      }
      if (isObject) objects.set(value, entry);
      else if (primitives.size < MAX_CACHED) primitives.set(value, entry);
    }
    if ('thrown' in entry) throw entry.thrown;
    return entry.compiled;
  };
}
