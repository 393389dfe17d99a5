// The operator contract shared by the compiled engine and json-rules-engine (the reference engine).

/**
 * A condition operator: a small pure function. Both engines call the same `evaluate`, so their
 * semantics cannot drift. Missing facts (undefined or null) never reach an operator: the engine
 * turns them into an `unknown` outcome first.
 */
export interface Operator {
  name: string;
  /** Decides the condition for a defined fact value and the rule's value. May throw on malformed data. */
  evaluate(factValue: unknown, value: unknown): boolean;
  /** Describes what was found, for finding messages (`{reason}`), e.g. the NSG rule that decided. */
  explain?(factValue: unknown, value: unknown): string;
  /** Checks the rule's literal value when the rule is compiled; returns a problem or undefined. */
  checkValue?(value: unknown): string | undefined;
}
