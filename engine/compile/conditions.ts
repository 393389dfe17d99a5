// Compile stage, conditions: json-rules-engine conditions to synchronous three-valued closures.
import { type Diagnostic, diagnostic, ErrorCode } from '../errors.js';
import { parsePath, resolvePath } from '../load/paths.js';
import { builtinOperators } from '../operators/builtin.js';
import type { CompiledOperator, Operator } from '../operators/operator.js';
import type { Condition, LeafCondition, Locator, Pointer, SourceLocation } from '../types.js';

/** Three-valued (Kleene) truth: a missing fact makes a leaf unknown, not false. */
export const TRUE = 1;
export const FALSE = 0;
export const UNKNOWN = 2;
export type Truth = typeof TRUE | typeof FALSE | typeof UNKNOWN;

export type Facts = Readonly<Record<string, unknown>>;

/** Why a condition did not come out the way it had to: failing leaves and missing facts. */
export interface Explanation {
  reasons: string[];
  missing: string[];
}

/** A compiled condition: `test` is the hot path, `explain` and `trace` run only to describe an outcome. */
export interface CompiledCondition {
  test(facts: Facts): Truth;
  explain(facts: Facts, expected: boolean, into: Explanation): void;
  /** The condition tree with each node's result on `facts`, and each leaf's fact, value and operator. */
  trace(facts: Facts): TraceNode;
}

/** A node's result in a trace: an operator that threw is `error`. */
export type TraceResult = 'true' | 'false' | 'unknown' | 'error';

/** One node of a traced condition (see `CompiledCondition.trace`). */
export type TraceNode = { node: 'all' | 'any' | 'not'; result: TraceResult; children: TraceNode[] } | TraceLeaf;

/** A traced leaf: what it read, what it compared with, and what came out. */
export interface TraceLeaf {
  node: 'leaf';
  result: TraceResult;
  /** The fact and path read, dotted (`device.os.version`). */
  fact: string;
  /** Its value; undefined when missing. */
  value: unknown;
  operator: string;
  /** The rule's literal value, or the value of the fact it names (`expectedFact`). */
  expected: unknown;
  expectedFact?: string;
  /** The fact whose absence made the leaf unknown. */
  missing?: string;
  /** The operator's own account (`CompiledOperator.explain`), or the error it threw. */
  detail?: string;
  /** What decided, for operators that say (`CompiledOperator.evidence`): the allowlist entry, the NSG rule, ... */
  deciding?: unknown;
  /** Where the fact read is in its input, when the trace was located (`aipcheck explain`). */
  location?: SourceLocation;
}

const TRACE_RESULT: Record<Truth, TraceResult> = { [TRUE]: 'true', [FALSE]: 'false', [UNKNOWN]: 'unknown' };

/** Traces a list of children; the node's own result is its test, or `error` when a child threw. */
function traceGroup(node: 'all' | 'any' | 'not', test: (facts: Facts) => Truth, children: CompiledCondition[]) {
  return (facts: Facts): TraceNode => {
    const traced = children.map((child) => child.trace(facts));
    let result: TraceResult;
    try {
      result = TRACE_RESULT[test(facts)];
    } catch {
      result = 'error';
    }
    return { node, result, children: traced };
  };
}

/** What a compiled condition may refer to. */
export interface ConditionScope {
  operators: ReadonlyMap<string, Operator>;
  /** Fact names this rule may read. */
  facts: readonly string[];
  /** Checks a path below a fact; returns a problem or undefined. */
  checkPath?(fact: string, segments: readonly (string | number)[]): string | undefined;
  file: string;
  locate: Locator;
  /** Collects every fact read the conditions make (by `fact` and `path`), for `CompiledRule.reads`. */
  reads?: Map<string, FactRead>;
}

/**
 * One fact read: `key` names what it reads (the same in every rule), `segments` the path below `fact`. A
 * condition's read of a fact that is not an object gives the fact itself, whatever the path; a `data` read
 * gives undefined below it.
 */
export interface FactRead {
  key: string;
  fact: string;
  segments: readonly (string | number)[];
  read: Reader;
}

/** A fact reference `{ fact, path }` used as a leaf's value. */
function isFactReference(value: unknown): value is { fact: string; path?: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { fact?: unknown }).fact === 'string'
  );
}

/**
 * Compiles a condition. Problems (unknown operator, unknown fact, bad path, bad value) are appended to
 * `diagnostics` with the position of the offending node; the returned closure is then unusable.
 */
export function compileCondition(
  condition: Condition,
  scope: ConditionScope,
  pointer: Pointer,
  diagnostics: Diagnostic[],
): CompiledCondition {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const key = isAll ? 'all' : 'any';
    const list = isAll ? condition.all : (condition as { any: Condition[] }).any;
    const children = list.map((c, i) => compileCondition(c, scope, [...pointer, key, i], diagnostics));
    const compiled = isAll ? allOf(children) : anyOf(children);
    return { ...compiled, trace: traceGroup(key, compiled.test, children) };
  }
  if ('not' in condition) {
    const child = compileCondition(condition.not, scope, [...pointer, 'not'], diagnostics);
    const test = (facts: Facts) => negate(child.test(facts));
    return {
      test,
      explain: (facts, expected, into) => child.explain(facts, !expected, into),
      trace: traceGroup('not', test, [child]),
    };
  }
  return compileLeaf(condition, scope, pointer, diagnostics);
}

function negate(t: Truth): Truth {
  return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
}

// Every child is evaluated, as json-rules-engine does, so an operator error surfaces the same way in both engines.
function allOf(children: CompiledCondition[]): Omit<CompiledCondition, 'trace'> {
  return {
    test(facts) {
      let result: Truth = TRUE;
      for (const child of children) {
        const t = child.test(facts);
        if (t === FALSE) result = FALSE;
        else if (t === UNKNOWN && result === TRUE) result = UNKNOWN;
      }
      return result;
    },
    explain(facts, expected, into) {
      for (const child of children) {
        if (child.test(facts) !== (expected ? TRUE : FALSE)) child.explain(facts, expected, into);
      }
    },
  };
}

// json-rules-engine treats an empty `any` as true (as an empty `all`); we follow the reference.
function anyOf(children: CompiledCondition[]): Omit<CompiledCondition, 'trace'> {
  const empty: Truth = children.length === 0 ? TRUE : FALSE;
  return {
    test(facts) {
      let result: Truth = empty;
      for (const child of children) {
        const t = child.test(facts);
        if (t === TRUE) result = TRUE;
        else if (t === UNKNOWN && result === FALSE) result = UNKNOWN;
      }
      return result;
    },
    explain(facts, expected, into) {
      for (const child of children) {
        if (child.test(facts) !== (expected ? TRUE : FALSE)) child.explain(facts, expected, into);
      }
    },
  };
}

/** Reads one fact, or a path below it, from a target's facts. */
export type Reader = (facts: Facts) => unknown;

function compileReader(
  fact: string,
  path: string | undefined,
  scope: ConditionScope,
  pointer: Pointer,
  diagnostics: Diagnostic[],
): Reader {
  if (!scope.facts.includes(fact)) {
    diagnostics.push(
      diagnostic(
        ErrorCode.UNKNOWN_FACT,
        scope.file,
        scope.locate([...pointer, 'fact']),
        `unknown fact "${fact}"; this rule can read: ${scope.facts.join(', ')}`,
      ),
    );
    return () => undefined;
  }
  if (path === undefined) return remember(scope, fact, [], '', (facts) => facts[fact]);
  const segments = parsePath(path);
  if (segments === undefined) {
    diagnostics.push(
      diagnostic(
        ErrorCode.BAD_PATH,
        scope.file,
        scope.locate([...pointer, 'path']),
        `unsupported path "${path}"; use $.a.b, $.a[0] or $['key']`,
      ),
    );
    return () => undefined;
  }
  const problem = scope.checkPath?.(fact, segments);
  if (problem) {
    diagnostics.push(diagnostic(ErrorCode.UNKNOWN_PATH, scope.file, scope.locate([...pointer, 'path']), problem));
  }
  // json-rules-engine applies a path only to an object fact and otherwise yields the fact itself.
  return remember(scope, fact, segments, path, (facts) => {
    const root = facts[fact];
    return root !== null && typeof root === 'object' ? resolvePath(root, segments) : root;
  });
}

function remember(
  scope: ConditionScope,
  fact: string,
  segments: readonly (string | number)[],
  path: string,
  read: Reader,
): Reader {
  const key = `${fact}\u0000${path}`;
  if (scope.reads && !scope.reads.has(key)) scope.reads.set(key, { key, fact, segments, read });
  return read;
}

function describeFact(fact: string, path: string | undefined): string {
  return path === undefined || path === '$' ? fact : `${fact}${path.slice(1)}`;
}

/** Stands in for the operator of a leaf that did not compile: the rule set is not used (diagnostics say why). */
const NOT_COMPILED: CompiledOperator = { test: () => false };

/**
 * Compiles a leaf's literal value with its operator once; a value the operator refuses (what its value schema
 * cannot say) is a located diagnostic.
 */
function compileLiteral(
  operator: Operator,
  leaf: LeafCondition,
  scope: ConditionScope,
  pointer: Pointer,
  diagnostics: Diagnostic[],
): CompiledOperator {
  try {
    return operator.compile(leaf.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Operators may name themselves in what they throw; the diagnostic names the operator once.
    const named = message.startsWith(`${operator.name}:`) || message.startsWith(`${operator.name} `);
    const problem = named ? message.slice(operator.name.length + 1).trimStart() : message;
    diagnostics.push(
      diagnostic(ErrorCode.SCHEMA, scope.file, scope.locate([...pointer, 'value']), `${leaf.operator}: ${problem}`),
    );
    // Not used in a run (the diagnostic stops it), but where the closures run all the same (tests comparing the
    // engines), the leaf is an error as json-rules-engine's, compiling the value when it is asked, makes it.
    const fail = () => {
      throw error;
    };
    return { test: fail, explain: fail, evidence: fail };
  }
}

function compileLeaf(
  leaf: LeafCondition,
  scope: ConditionScope,
  pointer: Pointer,
  diagnostics: Diagnostic[],
): CompiledCondition {
  const operator = scope.operators.get(leaf.operator);
  if (!operator) {
    diagnostics.push(
      diagnostic(
        ErrorCode.UNKNOWN_OPERATOR,
        scope.file,
        scope.locate([...pointer, 'operator']),
        `unknown operator "${leaf.operator}"; known operators: ${[...scope.operators.keys()].sort().join(', ')}`,
      ),
    );
  }
  const readFact = compileReader(leaf.fact, leaf.path, scope, pointer, diagnostics);
  const reference = isFactReference(leaf.value) ? leaf.value : undefined;
  let readValue: Reader;
  // The operator compiled for a value: the literal's, compiled now, or a value read from a fact, compiled when read.
  let compiledOf: (value: unknown) => CompiledOperator;
  // Decides the leaf for a defined fact and value.
  let decide: (factValue: unknown, value: unknown) => boolean | undefined;
  if (reference) {
    readValue = compileReader(reference.fact, reference.path, scope, [...pointer, 'value'], diagnostics);
    // Compiled when read, the last value remembered (with what compiling it threw): one target's value after another.
    const compileLast = operator && rememberLast((_, value) => operator.compile(value));
    compiledOf = compileLast ? (value) => compileLast(undefined, value) : () => NOT_COMPILED;
    decide = (factValue, value) => compiledOf(value).test(factValue);
  } else {
    const literal = leaf.value;
    readValue = () => literal;
    // A missing literal (null) makes the leaf unknown before the operator is asked: nothing to compile.
    const compiled =
      operator && literal !== undefined && literal !== null
        ? compileLiteral(operator, leaf, scope, pointer, diagnostics)
        : NOT_COMPILED;
    compiledOf = () => compiled;
    decide =
      operator && !BUILTIN_NAMES.has(operator.name)
        ? rememberDecisions(compiled)
        : (factValue) => compiled.test(factValue);
  }
  // A message's `{reason}` and a finding's evidence describe the same target one after the other.
  const explainLeaf = rememberLast((f, v) => compiledOf(v).explain?.(f));
  const decidingOf = rememberLast((f, v) => compiledOf(v).evidence?.(f));
  const name = describeFact(leaf.fact, leaf.path);
  const test = (facts: Facts): Truth => {
    const factValue = readFact(facts);
    if (factValue === undefined || factValue === null) return UNKNOWN;
    const value = readValue(facts);
    if (value === undefined || value === null) return UNKNOWN;
    const result = decide(factValue, value);
    return result === undefined ? UNKNOWN : result ? TRUE : FALSE;
  };
  return {
    test,
    explain(facts, expected, into) {
      const factValue = readFact(facts);
      const value = readValue(facts);
      if (factValue === undefined || factValue === null) {
        into.missing.push(name);
      } else if (value === undefined || value === null) {
        into.missing.push(reference ? describeFact(reference.fact, reference.path) : name);
      } else if (decide(factValue, value) === undefined) {
        into.missing.push(explainLeaf(factValue, value) ?? name);
      } else {
        const reason = explainLeaf(factValue, value);
        if (reason !== undefined) {
          into.reasons.push(reason);
        } else {
          const expectation = `${expected ? '' : 'not '}${leaf.operator} ${formatValue(value)}`;
          into.reasons.push(`${name} is ${formatValue(factValue)} (expected ${expectation})`);
        }
      }
    },
    trace(facts) {
      const factValue = readFact(facts);
      const value = readValue(facts);
      const expectedFact = reference ? describeFact(reference.fact, reference.path) : undefined;
      const leafTrace: TraceLeaf = {
        node: 'leaf',
        result: 'unknown',
        fact: name,
        value: factValue ?? undefined,
        operator: leaf.operator,
        expected: expectedFact === undefined ? leaf.value : (value ?? undefined),
        ...(expectedFact === undefined ? {} : { expectedFact }),
      };
      if (factValue === undefined || factValue === null) return { ...leafTrace, missing: name };
      if (value === undefined || value === null) return { ...leafTrace, missing: expectedFact ?? name };
      try {
        leafTrace.result = TRACE_RESULT[test(facts)];
        const detail = explainLeaf(factValue, value);
        if (detail !== undefined) leafTrace.detail = detail;
        const deciding = decidingOf(factValue, value);
        if (deciding !== undefined) leafTrace.deciding = deciding;
      } catch (error) {
        leafTrace.result = 'error';
        leafTrace.detail = error instanceof Error ? error.message : String(error);
      }
      return leafTrace;
    },
  };
}

/** json-rules-engine's own operators: cheaper to run than to look up. */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(builtinOperators.map((o) => o.name));

/** Most decisions one leaf remembers. */
const MAX_REMEMBERED = 1024;

/** A remembered "cannot decide" (undefined) answer. */
const UNDECIDED = { undecided: true } as const;

/**
 * Remembers a compiled operator's answers (true, false, cannot decide, or the error it threw) for text and number
 * facts. Operators are pure, and a fleet repeats a few hundred versions across a million devices, so a version
 * comparison or a table lookup runs once per distinct version.
 */
function rememberDecisions(compiled: CompiledOperator): (factValue: unknown) => boolean | undefined {
  const decided = new Map<string | number, boolean | typeof UNDECIDED | { thrown: unknown }>();
  const last = rememberLast((factValue) => compiled.test(factValue));
  return (factValue) => {
    if (typeof factValue !== 'string' && typeof factValue !== 'number') return last(factValue, undefined);
    const known = decided.get(factValue);
    if (known !== undefined) {
      if (typeof known === 'boolean') return known;
      if (known === UNDECIDED) return undefined;
      throw (known as { thrown: unknown }).thrown;
    }
    let result: boolean | undefined;
    try {
      result = compiled.test(factValue);
    } catch (thrown) {
      if (decided.size < MAX_REMEMBERED) decided.set(factValue, { thrown });
      throw thrown;
    }
    if (decided.size < MAX_REMEMBERED) decided.set(factValue, result === undefined ? UNDECIDED : Boolean(result));
    return result;
  };
}

type OperatorFunction<T> = (factValue: unknown, value: unknown) => T;

/** No call yet. */
const NOT_CALLED = Symbol('not called');

/**
 * Remembers a function's last answer (or what it threw) for the same fact and rule values. Operators are pure:
 * deciding an outcome, explaining it in the message and tracing it for evidence ask about the same target's fact
 * one after the other, and a fact that is an object (a device read whole) is not remembered by value.
 */
function rememberLast<T>(call: OperatorFunction<T>): OperatorFunction<T> {
  let lastFact: unknown = NOT_CALLED;
  let lastValue: unknown;
  let answer: T;
  let thrown: { error: unknown } | undefined;
  return (factValue, value) => {
    if (factValue === lastFact && value === lastValue) {
      if (thrown) throw thrown.error;
      return answer;
    }
    lastFact = NOT_CALLED;
    try {
      answer = call(factValue, value);
      thrown = undefined;
    } catch (error) {
      thrown = { error };
    }
    lastFact = factValue;
    lastValue = value;
    if (thrown) throw thrown.error;
    return answer;
  };
}

/** Short, stable text for a value in a message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'unknown';
  return JSON.stringify(value) ?? String(value);
}
