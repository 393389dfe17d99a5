// Benchmark (c): json-rules-engine's Engine.run against the compiled engine on the same devices, same outcomes.
import { createReadStream } from 'node:fs';
import { Engine } from 'json-rules-engine';
import { rulesFor } from '../dist/engine/evaluate/evaluate.js';
import { markPolarity, ReferenceRule } from '../dist/engine/evaluate/reference.js';
import { cachedCompiler } from '../dist/engine/operators/operator.js';
import { createFinding, evaluateRule, loadRules, operators } from '../dist/index.js';

/** The header and the first `count` devices of a JSON Lines fleet, as targets the engines evaluate. */
export async function readSlice(file, count) {
  const targets = [];
  let header;
  let rest = '';
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of input) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      const value = JSON.parse(line);
      if (!header) {
        header = value;
        continue;
      }
      if (!value.device) continue;
      const device = value.device;
      targets.push({
        kind: 'device',
        id: device.id,
        name: device.name ?? device.id,
        platform: device.platform,
        facts: { organization: header.organization, network: header.network, device },
        source: { file, pointer: [] },
      });
      if (targets.length === count) {
        input.destroy();
        return { header, targets };
      }
    }
  }
  return { header, targets };
}

const POLARITIES = ['+', '-'];

/**
 * json-rules-engine used the way it is meant to be, with three-valued outcomes: per platform, one engine
 * holding every rule's `when` and `require` (leaves renamed by polarity, as engine/evaluate/reference.ts does), run
 * twice per device, with missing facts forced to make each condition as false (lower) or as true (upper) as
 * it can be. A condition is true when its lower run succeeds, false when its upper run fails, else unknown.
 */
function createEngines(ruleSet, mode) {
  const engines = new Map();
  for (const [platform, rules] of ruleSet.devices) {
    if (rules.length === 0) continue;
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const operator of operators.values()) {
      // As engine/evaluate/reference.ts does: the compiled functions, compiled once per value.
      const compile = cachedCompiler(operator);
      for (const polarity of POLARITIES) {
        const forced = (mode === 'upper') === (polarity === '+');
        engine.addOperator(`${operator.name}${polarity}`, (a, b) =>
          a === undefined || a === null || b === undefined || b === null ? forced : (compile(b).test(a) ?? forced),
        );
      }
    }
    for (const rule of rules) {
      const def = rule.loaded.definition;
      for (const [part, condition] of [
        ['when', def.when],
        ['require', def.require],
      ]) {
        if (!condition) continue;
        engine.addRule({
          name: `${rule.index}:${part}`,
          conditions: { all: [markPolarity(condition)] },
          event: { type: 'holds' },
        });
      }
    }
    engines.set(platform, engine);
  }
  return engines;
}

function outcomeOf(rule, lower, upper) {
  const truth = (part) =>
    lower.has(`${rule.index}:${part}`) ? 'true' : upper.has(`${rule.index}:${part}`) ? 'unknown' : 'false';
  if (rule.loaded.definition.when) {
    const applies = truth('when');
    if (applies === 'false') return 'notApplicable';
    if (applies === 'unknown') return 'unknown';
  }
  const holds = truth('require');
  return holds === 'true' ? 'pass' : holds === 'false' ? 'fail' : 'unknown';
}

/** Outcomes from json-rules-engine, one string per (rule, target) in target order. */
async function runReference(ruleSet, targets, engines) {
  const out = [];
  for (const target of targets) {
    const lowerEngine = engines.lower.get(target.platform);
    if (!lowerEngine) continue;
    const facts = Object.fromEntries(Object.entries(target.facts).filter(([, v]) => v !== undefined));
    const runs = await Promise.all([lowerEngine.run(facts), engines.upper.get(target.platform).run(facts)]).catch(
      () => undefined,
    );
    const rules = rulesFor(ruleSet, target);
    if (!runs) {
      // An operator threw: the run tells not which rule, so ask rule by rule (an `error` outcome).
      for (const rule of rules) out.push(await engines.single[rule.index].evaluate(target));
      continue;
    }
    const passed = (run) => new Set(run.results.map((r) => r.name));
    const [lowerNames, upperNames] = runs.map(passed);
    for (const rule of rules) out.push({ outcome: outcomeOf(rule, lowerNames, upperNames) });
  }
  return out;
}

function runCompiled(ruleSet, targets) {
  const out = [];
  for (const target of targets) {
    for (const rule of rulesFor(ruleSet, target)) out.push(evaluateRule(rule, target));
  }
  return out;
}

/** What both engines are compared on, outside the timings: the finding each outcome makes, message and all. */
function render([rule, target], result) {
  return JSON.stringify(createFinding(rule, target, result, { file: 'fleet.jsonl', line: 1, column: 1 }));
}

function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Times both engines on the first `count` devices; the compiled engine is timed over repeated passes. */
export async function compareEngines(file, count) {
  const { ruleSet } = await loadRules({ cwd: process.cwd() });
  const { targets } = await readSlice(file, count);
  const engines = {
    lower: createEngines(ruleSet, 'lower'),
    upper: createEngines(ruleSet, 'upper'),
    single: ruleSet.rules.map((rule) => new ReferenceRule(rule, operators)),
  };

  await runReference(ruleSet, targets.slice(0, 500), engines);
  let start = process.hrtime.bigint();
  const reference = await runReference(ruleSet, targets, engines);
  const referenceSeconds = seconds(start);

  runCompiled(ruleSet, targets);
  let passes = 0;
  let compiled;
  start = process.hrtime.bigint();
  do {
    compiled = runCompiled(ruleSet, targets);
    passes++;
  } while (seconds(start) < 1);
  const compiledSeconds = seconds(start) / passes;

  // Both engines push one result per (rule, target), targets in order and each target's rules in order.
  const pairs = targets.flatMap((target) => rulesFor(ruleSet, target).map((rule) => [rule, target]));
  const theirs = reference.map((result, i) => render(pairs[i], result));
  const ours = compiled.map((result, i) => render(pairs[i], result));
  const differences = theirs.filter((line, i) => line !== ours[i]);
  return {
    devices: targets.length,
    evaluations: compiled.length,
    referenceSeconds,
    compiledSeconds,
    sameFindings: reference.length === compiled.length && reference.length === pairs.length && differences.length === 0,
    differences: differences.slice(0, 5),
  };
}
