// The facade of `aipcheck facts` and `aipcheck explain`: which facts the rules read, and why a rule decided.

import type { CompiledRule } from '../engine/compile/compile.js';
import type { TraceNode } from '../engine/compile/conditions.js';
import { compareText, diagnostic, ErrorCode, InputError } from '../engine/errors.js';
import { evaluateRule, rulesFor } from '../engine/evaluate/evaluate.js';
import { type RuleTrace, traceRule } from '../engine/evaluate/evidence.js';
import { renderMessage } from '../engine/evaluate/finding.js';
import { resolvePath } from '../engine/load/paths.js';
import { mergeParts } from '../engine/snapshot/merge.js';
import { buildTargets, locateFact, type SourceIndex } from '../engine/snapshot/targets.js';
import type { LoadedRule, Outcome, Target } from '../engine/types.js';
import { type FactSupplier, suppliersOf } from '../inventories/importers/catalogue.js';
import { createImporters } from '../inventories/importers/index.js';
import { expandInputs, readInventories } from '../inventories/read.js';
import { getSchemas, type LoadRulesOptions, loadRules } from './rules.js';

/** One fact the rules read: which rules, which importers supply it, and how many targets of an inventory have it. */
export interface FactUse {
  /** Dotted path (`device.os.version`). */
  fact: string;
  rules: string[];
  suppliers: FactSupplier[];
  /** With inputs: targets that can have the fact (devices for `device.*`, ...) and how many have it. */
  targets?: { have: number; of: number };
}

export interface InspectOptions extends LoadRulesOptions {
  /** Inventory files, globs or directories. */
  inputs?: string[];
  inputFormat?: string;
  /** Intune app ids of the labeling client, for its per-app install status report (`--labeling-client-app-id`). */
  labelingClientAppIds?: readonly string[];
}

/** The targets of the inputs, read whole and merged (no streaming: for inspecting, not for a fleet's reports). */
async function readTargets(options: InspectOptions, cwd: string): Promise<Target[]> {
  return (await readIndexedTargets(options, cwd)).targets;
}

/** `readTargets`, with where each input's facts are. */
async function readIndexedTargets(
  options: InspectOptions,
  cwd: string,
): Promise<{ targets: Target[]; index: SourceIndex }> {
  const importers = createImporters(getSchemas().inventory, undefined, {
    labelingClientAppIds: options.labelingClientAppIds,
  });
  const expanded = await expandInputs(options.inputs ?? [], cwd);
  const read = await readInventories(expanded.files, cwd, { importers, inputFormat: options.inputFormat });
  const problems = [...expanded.diagnostics, ...read.diagnostics, ...read.rowErrors];
  if (problems.length > 0) throw new InputError(problems);
  const merged = mergeParts(read.parts);
  return { targets: buildTargets(merged), index: { locators: merged.locators, origins: merged.origins } };
}

/** Gives every leaf of a trace the position of the fact it read (the nearest recorded parent when it is missing). */
function locateTrace(node: TraceNode, target: Target, index: SourceIndex): void {
  if (node.node !== 'leaf') {
    for (const child of node.children) locateTrace(child, target, index);
    return;
  }
  if (node.fact.startsWith('inventory.')) return;
  const location = locateFact(target, node.fact, index);
  if (location) node.location = location;
}

/**
 * Every fact the loaded rules' conditions read, sorted, with the rules reading it, the importers that supply it
 * and, with `inputs`, how many of the targets that can have it do.
 * @throws InputError when a rule pack or an input is unusable.
 */
export async function listFacts(options: InspectOptions): Promise<FactUse[]> {
  const cwd = options.cwd ?? process.cwd();
  const { ruleSet } = await loadRules({ ...options, cwd });
  const importers = createImporters(getSchemas().inventory);
  const byFact = new Map<string, { fact: string; segments: readonly (string | number)[]; rules: Set<string> }>();
  for (const rule of ruleSet.rules) {
    for (const read of rule.reads) {
      if (read.key.startsWith('data\u0000')) continue;
      const fact = [read.fact, ...read.segments].join('.');
      const entry = byFact.get(fact) ?? { fact: read.fact, segments: read.segments, rules: new Set<string>() };
      entry.rules.add(rule.id);
      byFact.set(fact, entry);
    }
  }
  const targets = options.inputs && options.inputs.length > 0 ? await readTargets(options, cwd) : undefined;
  return [...byFact]
    .sort(([a], [b]) => compareText(a, b))
    .map(([fact, entry]) => {
      const use: FactUse = { fact, rules: [...entry.rules].sort(compareText), suppliers: suppliersOf(fact, importers) };
      if (targets) {
        const holders = targets.filter(
          (t) => entry.fact in t.facts && (t.kind !== 'organization' || !isAsset(entry.fact)),
        );
        const owners = isAsset(entry.fact) ? holders : holders.filter((t) => t.kind === 'organization');
        const have = owners.filter((t) => {
          const value = resolvePath(t.facts[entry.fact], entry.segments);
          return value !== undefined && value !== null;
        }).length;
        use.targets = { have, of: owners.length };
      }
      return use;
    });
}

function isAsset(fact: string): boolean {
  return fact === 'device' || fact === 'server';
}

/** A rule explained on one target: its outcome, message and traced conditions. */
export interface TargetExplanation {
  target: { kind: string; id: string; name: string };
  outcome: Outcome;
  message: string;
  /** Absent when the rule does not meet the target (another kind, platform or role). */
  trace?: RuleTrace;
}

export interface RuleExplanation {
  rule: LoadedRule;
  target?: TargetExplanation;
}

function findTarget(targets: readonly Target[], wanted: string): Target | undefined {
  const lower = wanted.toLowerCase();
  return (
    targets.find((t) => t.id === wanted) ??
    targets.find((t) => t.id.toLowerCase() === lower) ??
    targets.find((t) => t.name.toLowerCase() === lower) ??
    (lower === 'organization' ? targets.find((t) => t.kind === 'organization') : undefined)
  );
}

/**
 * A rule by id, and with `target` and `inputs` its outcome on that target (an asset's id or name, or
 * `organization`) with every condition traced.
 * @throws InputError for an unknown rule or target, or unusable inputs.
 */
export async function explain(ruleId: string, options: InspectOptions & { target?: string }): Promise<RuleExplanation> {
  const cwd = options.cwd ?? process.cwd();
  const { ruleSet } = await loadRules({ ...options, cwd });
  const rule: CompiledRule | undefined = ruleSet.rules.find((r) => r.id === ruleId);
  if (!rule) {
    const known = ruleSet.rules.map((r) => r.id).join(', ');
    throw new InputError([
      diagnostic(ErrorCode.USAGE, '<command line>', undefined, `unknown rule "${ruleId}"; rules: ${known}`),
    ]);
  }
  if (options.target === undefined) return { rule: rule.loaded };
  const { targets, index } = await readIndexedTargets(options, cwd);
  const target = findTarget(targets, options.target);
  if (!target) {
    const message = `no target "${options.target}" in the inputs (give an asset id or name, or "organization")`;
    throw new InputError([diagnostic(ErrorCode.USAGE, '<command line>', undefined, message)]);
  }
  const described = { kind: target.kind, id: target.id, name: target.name };
  if (!rulesFor(ruleSet, target).includes(rule)) {
    const message = `${rule.id} does not apply to ${target.kind} ${target.id}: it is not a ${rule.kind} rule of its platform or role`;
    return { rule: rule.loaded, target: { target: described, outcome: 'notApplicable', message } };
  }
  const result = evaluateRule(rule, target);
  const trace = traceRule(rule, target.facts);
  if (trace.when) locateTrace(trace.when, target, index);
  locateTrace(trace.require, target, index);
  return {
    rule: rule.loaded,
    target: { target: described, outcome: result.outcome, message: renderMessage(rule, target, result), trace },
  };
}
