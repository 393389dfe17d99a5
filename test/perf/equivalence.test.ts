// Property tests: the compiled engine decides every (rule, target) exactly as json-rules-engine, the reference, does.
import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../engine/compile/compile.js';
import { evaluateRule } from '../../engine/evaluate/evaluate.js';
import { createFinding } from '../../engine/evaluate/finding.js';
import { MessageShapes, renderShape } from '../../engine/evaluate/messages.js';
import { ReferenceRule } from '../../engine/evaluate/reference.js';
import { FleetEvaluation } from '../../engine/evaluate/stream.js';
import { parsePath } from '../../engine/load/paths.js';
import { builtinOperators } from '../../engine/operators/builtin.js';
import { operators } from '../../engine/operators/index.js';
import type { Condition, LeafCondition, Target } from '../../engine/types.js';
import { loadedRule } from './random-rule.js';
import { SAMPLES } from './samples.js';

/**
 * Fixed seed, so a failure reproduces (fast-check prints the counterexample). For a longer hunt:
 * `AIPCHECK_PROPERTY_SEED=$RANDOM AIPCHECK_PROPERTY_RUNS=20000 npx vitest run test/perf/equivalence.test.ts`.
 */
const SEED = Number(process.env.AIPCHECK_PROPERTY_SEED ?? 20261126);
const RUNS = Number(process.env.AIPCHECK_PROPERTY_RUNS ?? 600);

const FACTS = ['device', 'organization', 'network'] as const;
const KEYS = ['a', 'b', 'c', 'os', 'tls', 'list', 'x.y'] as const;
const OPERATOR_NAMES = [...operators.keys()];

/** Paths over the same keys the random facts use, so most paths hit something; some do not. */
const pathArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('$', ''),
  fc
    .array(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 3 })
    .map(
      (segments) =>
        `$${segments.map((s) => (typeof s === 'number' ? `[${s}]` : s.includes('.') ? `['${s}']` : `.${s}`)).join('')}`,
    ),
);

const sampleArb: fc.Arbitrary<unknown> = fc.constantFrom(
  ...Object.values(SAMPLES).flatMap((s) => [...s.facts, ...s.values]),
);

/** Any JSON value, biased to the numbers, numeric strings and versions operators care about. */
const jsonArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      1,
      -1,
      3,
      5,
      6,
      2.5,
      '',
      '1',
      '3',
      '6.0',
      '10.0.19045',
      'x',
      'a',
      'x64',
      'NaN',
    ),
    fc.integer({ min: -5, max: 20 }),
    fc.string({ maxLength: 4 }),
    sampleArb,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A fact: usually an object over KEYS (so paths resolve), sometimes a primitive, null or absent. */
const factArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), jsonArb, { maxKeys: 5 }) },
  { weight: 1, arbitrary: jsonArb },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
);

const factsArb = fc.record({ device: factArb, organization: factArb, network: factArb });

/** A leaf's value: well-typed for its operator, any JSON (ill-typed, null), or a reference to another fact. */
function valueArb(operator: string): fc.Arbitrary<unknown> {
  const samples = SAMPLES[operator];
  return fc.oneof(
    { weight: 6, arbitrary: samples ? fc.constantFrom(...samples.values) : jsonArb },
    { weight: 1, arbitrary: jsonArb },
    {
      weight: 1,
      arbitrary: fc.record(
        { fact: fc.constantFrom(...FACTS), path: pathArb.filter((p) => p !== undefined) },
        { requiredKeys: ['fact'] },
      ),
    },
  );
}

const leafArb: fc.Arbitrary<Condition> = fc
  .record({ fact: fc.constantFrom(...FACTS), path: pathArb, operator: fc.constantFrom(...OPERATOR_NAMES) })
  .chain(({ fact, path, operator }) =>
    valueArb(operator).map((value) => ({ fact, ...(path === undefined ? {} : { path }), operator, value })),
  );

const conditionArb: fc.Arbitrary<Condition> = fc.letrec((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie('condition'), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 4 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition as fc.Arbitrary<Condition>;

function targetOf(facts: Record<string, unknown>): Target {
  return {
    kind: 'device',
    id: 'd1',
    name: 'D1',
    platform: 'windows',
    facts,
    source: { file: 'random.jsonl', pointer: [] },
  };
}

/** Every leaf of a condition, in order. */
function leavesOf(condition: Condition | undefined): LeafCondition[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(leavesOf);
  if ('any' in condition) return condition.any.flatMap(leavesOf);
  if ('not' in condition) return leavesOf(condition.not);
  return [condition];
}

/** Sets `value` at a leaf's fact and path, making the objects and arrays on the way. */
function plant(facts: Record<string, unknown>, leaf: LeafCondition, value: unknown): void {
  const segments = parsePath(leaf.path ?? '$') ?? [];
  if (segments.length === 0) {
    facts[leaf.fact] = structuredClone(value);
    return;
  }
  type Holder = Record<string | number, unknown>;
  const holder = (current: unknown, next: string | number): Holder =>
    current !== null && typeof current === 'object' && Array.isArray(current) === (typeof next === 'number')
      ? (current as Holder)
      : ((typeof next === 'number' ? [] : {}) as Holder);
  let parent = holder(facts[leaf.fact], segments[0] as string | number);
  facts[leaf.fact] = parent;
  for (const [i, segment] of segments.entries()) {
    const next = segments[i + 1];
    if (next === undefined) {
      parent[segment] = structuredClone(value);
      return;
    }
    const child = holder(parent[segment], next);
    parent[segment] = child;
    parent = child;
  }
}

/**
 * Facts for a rule: random facts, then at some leaves' paths a value their operator understands, so
 * operators decide on real data instead of mostly throwing on random data.
 */
function factsFor(leaves: readonly LeafCondition[]): fc.Arbitrary<Record<string, unknown>> {
  const plants = fc.array(fc.option(fc.nat(), { freq: 6 }), { minLength: leaves.length, maxLength: leaves.length });
  return fc.tuple(factsArb, plants).map(([random, picks]) => {
    const facts: Record<string, unknown> = { ...random };
    picks.forEach((pick, i) => {
      const leaf = leaves[i];
      const samples = leaf && SAMPLES[leaf.operator];
      if (pick === null || !leaf || !samples) return;
      plant(facts, leaf, samples.facts[pick % samples.facts.length]);
      const value = leaf.value as { fact?: unknown; path?: string } | null;
      if (value !== null && typeof value === 'object' && typeof value.fact === 'string') {
        plant(facts, { ...leaf, fact: value.fact, path: value.path }, samples.values[pick % samples.values.length]);
      }
    });
    return facts;
  });
}

/** A random rule (a `require` condition and maybe a `when`) and a few fact sets planted to reach its leaves. */
const ruleArb = fc
  .tuple(conditionArb, fc.option(conditionArb, { freq: 3, nil: undefined }))
  .chain(([require, when]) =>
    fc.tuple(
      fc.constant(require),
      fc.constant(when),
      fc.array(factsFor([...leavesOf(when), ...leavesOf(require)]), { minLength: 1, maxLength: 4 }),
    ),
  );

describe('the compiled engine agrees with json-rules-engine', () => {
  it('has samples for every registered operator', () => {
    expect(OPERATOR_NAMES.filter((name) => !SAMPLES[name])).toEqual([]);
  });

  it('gives the same outcome for random conditions and facts', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(ruleArb, async ([require, when, factSets]) => {
        // Literal values that fail an operator's value schema or compile give a load diagnostic in a real pack; the
        // closures still run, and both engines must then agree on the error, so the diagnostics are ignored here.
        const { ruleSet } = compileRules([loadedRule(require, when)], { operators });
        const rule = ruleSet.rules[0];
        if (!rule) throw new Error('not compiled');
        const reference = new ReferenceRule(rule, operators);
        const shapes = new MessageShapes();
        for (const facts of factSets) {
          const target = targetOf(facts);
          const compiled = evaluateRule(rule, target);
          const expected = await reference.evaluate(target);
          expect(compiled.outcome).toBe(expected.outcome);
          outcomes.set(compiled.outcome, (outcomes.get(compiled.outcome) ?? 0) + 1);
          // Rendering a message never throws, whatever the facts, and a message shape renders the same text.
          const finding = createFinding(rule, target, compiled, { file: 'random.jsonl', line: 1, column: 1 });
          const shape = shapes.shapes[shapes.intern(rule, target, compiled)] ?? [];
          expect(renderShape(shape, target.id, target.name, target.kind)).toBe(finding.message);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generators reach every outcome, so the property says something about each.
    expect([...outcomes.keys()].sort()).toEqual(['error', 'fail', 'notApplicable', 'pass', 'unknown']);
    if (process.env.AIPCHECK_PROPERTY_RUNS) console.log(Object.fromEntries(outcomes));
  }, 600_000);
});

describe('remembered verdicts', () => {
  it('give the findings deciding every target afresh gives', () => {
    let hits = 0;
    fc.assert(
      fc.property(ruleArb, ([require, when, factSets]) => {
        const { ruleSet } = compileRules([loadedRule(require, when)], { operators });
        const index = { locators: new Map(), origins: new Map() };
        // Evidence of every outcome too: a verdict remembered by what `when` reads carries the evidence it decided.
        const fresh = new FleetEvaluation(ruleSet, index, { rememberVerdicts: false, evidence: 0xff });
        const remembered = new FleetEvaluation(ruleSet, index, { evidence: 0xff });
        // Each fact set three times: as generated, again, and as an equal copy (other objects, same values).
        const sequence = factSets.flatMap((facts) => [facts, facts, structuredClone(facts)]);
        sequence.forEach((facts, i) => {
          const target = { ...targetOf(facts), id: `d${i}`, name: `D${i % 2}` };
          fresh.add(target);
          remembered.add(target);
        });
        const a = fresh.seal().toArray();
        const b = remembered.seal().toArray();
        expect(b).toEqual(a);
        hits += sequence.length;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(hits).toBeGreaterThan(RUNS);
  });
});

describe("the built-in operators are json-rules-engine's own", () => {
  // json-rules-engine's typings leave out the engine's operator map; it is there at run time.
  const native = (new Engine() as unknown as { operators: Map<string, { evaluate(a: unknown, b: unknown): boolean }> })
    .operators;
  const run = (f: () => unknown): string => {
    try {
      return `= ${JSON.stringify(f())}`;
    } catch {
      return 'throws';
    }
  };

  it.for(builtinOperators.map((o) => o.name))('%s', (name) => {
    const ours = builtinOperators.find((o) => o.name === name);
    const theirs = native.get(name);
    if (!ours || !theirs) throw new Error(`${name} is missing`);
    fc.assert(
      fc.property(jsonArb, jsonArb, (a, b) => {
        // Neither engine ever passes a missing (undefined or null) fact or value to an operator.
        fc.pre(a !== null && a !== undefined && b !== null && b !== undefined);
        expect(run(() => ours.compile(b).test(a))).toBe(run(() => theirs.evaluate(a, b)));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
