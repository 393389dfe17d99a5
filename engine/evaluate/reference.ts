// The reference engine: json-rules-engine itself, with the same operators and three-valued outcomes.
import type { Engine } from 'json-rules-engine';
import type { CompiledRule } from '../compile/compile.js';
import { lazyModule } from '../lazy-module.js';
import { parsePath, resolvePath } from '../load/paths.js';
import { cachedCompiler, type Operator } from '../operators/operator.js';
import type { Condition, Target } from '../types.js';
import type { RuleResult } from './evaluate.js';

type Mode = 'upper' | 'lower';
const POSITIVE = '+';
const NEGATIVE = '-';

/**
 * Renames each leaf's operator by its polarity (under an even or odd number of `not`s), so a missing
 * fact can be forced to the value that makes the whole condition as true (upper bound) or as false
 * (lower bound) as possible. Lower true → true; upper false → false; otherwise unknown. This is
 * exactly Kleene's three-valued logic, computed by json-rules-engine's own evaluation.
 */
export function markPolarity(condition: Condition, positive = true): Condition {
  if ('all' in condition) return { all: condition.all.map((c) => markPolarity(c, positive)) };
  if ('any' in condition) return { any: condition.any.map((c) => markPolarity(c, positive)) };
  if ('not' in condition) return { not: markPolarity(condition.not, !positive) };
  return { ...condition, operator: `${condition.operator}${positive ? POSITIVE : NEGATIVE}` };
}

/** json-rules-engine, loaded when first needed (`--engine reference`, the tests): most runs never do. */
const jsonRulesEngine = lazyModule<typeof import('json-rules-engine')>('json-rules-engine');

function createEngine(condition: Condition, mode: Mode, operators: ReadonlyMap<string, Operator>): Engine {
  const parsed = new Map<string, (string | number)[]>();
  const engine = new (jsonRulesEngine().Engine)([], {
    allowUndefinedFacts: true,
    pathResolver: (value: object, path: string) => {
      let segments = parsed.get(path);
      if (!segments) {
        segments = parsePath(path) ?? [];
        parsed.set(path, segments);
      }
      return resolvePath(value, segments);
    },
  });
  for (const operator of operators.values()) {
    // The compiled engine's functions, compiled once per value: both engines share one implementation.
    const compile = cachedCompiler(operator);
    for (const polarity of [POSITIVE, NEGATIVE]) {
      // upper: positive leaves true, negative false; lower: the opposite.
      const forced = (mode === 'upper') === (polarity === POSITIVE);
      // An operator that cannot decide (undefined) is forced like a missing fact.
      engine.addOperator(`${operator.name}${polarity}`, (a: unknown, b: unknown) =>
        a === undefined || a === null || b === undefined || b === null ? forced : (compile(b).test(a) ?? forced),
      );
    }
  }
  engine.addRule({ conditions: { all: [markPolarity(condition)] } as never, event: { type: 'holds' } });
  return engine;
}

type Tri = 'true' | 'false' | 'unknown';

class ReferenceCondition {
  private readonly upper: Engine;
  private readonly lower: Engine;
  constructor(condition: Condition, operators: ReadonlyMap<string, Operator>) {
    this.upper = createEngine(condition, 'upper', operators);
    this.lower = createEngine(condition, 'lower', operators);
  }

  async test(facts: Record<string, unknown>): Promise<Tri> {
    const defined = Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
    const [lower, upper] = await Promise.all([this.lower.run(defined), this.upper.run(defined)]);
    if (lower.results.length > 0) return 'true';
    if (upper.results.length === 0) return 'false';
    return 'unknown';
  }
}

/** A rule evaluated by json-rules-engine; gives the same outcomes as `evaluateRule`, only slower. */
export class ReferenceRule {
  private readonly when?: ReferenceCondition;
  private readonly require: ReferenceCondition;
  constructor(
    readonly rule: CompiledRule,
    operators: ReadonlyMap<string, Operator>,
  ) {
    const def = rule.loaded.definition;
    this.when = def.when ? new ReferenceCondition(def.when, operators) : undefined;
    this.require = new ReferenceCondition(def.require, operators);
  }

  async evaluate(target: Target): Promise<RuleResult> {
    try {
      if (this.when) {
        const applies = await this.when.test(target.facts);
        if (applies === 'false') return { outcome: 'notApplicable' };
        if (applies === 'unknown') return { outcome: 'unknown' };
      }
      const holds = await this.require.test(target.facts);
      return { outcome: holds === 'true' ? 'pass' : holds === 'false' ? 'fail' : 'unknown' };
    } catch (error) {
      return { outcome: 'error', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
