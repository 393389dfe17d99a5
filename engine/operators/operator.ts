// The operator contract shared by the compiled engine and json-rules-engine (the reference engine).

/**
 * A condition operator: a small pure function. Both engines call the same `evaluate`, so their
 * semantics cannot drift. Missing facts (undefined or null) never reach an operator: the engine
 * turns them into an `unknown` outcome first.
 */
export interface Operator {
  name: string;
  /**
   * Decides the condition for a defined fact value and the rule's value. Returns undefined when the fact
   * is present but cannot decide (e.g. a forest listed without its sync state): the leaf is then unknown,
   * like a missing fact. May throw on malformed data (an `error` outcome).
   */
  evaluate(factValue: unknown, value: unknown): boolean | undefined;
  /** Describes what was found, for finding messages (`{reason}`, or `{missing}` when undecided), e.g. the NSG rule that decided. */
  explain?(factValue: unknown, value: unknown): string;
  /**
   * What decided, as data for a finding's evidence: the allowlist entry that allows (or the near misses), the
   * NSG rule that denies, the certificate observation. Plain JSON data; deterministic.
   */
  evidence?(factValue: unknown, value: unknown): unknown;
  /** Checks the rule's literal value when the rule is compiled; returns a problem or undefined. */
  checkValue?(value: unknown): string | undefined;
}
