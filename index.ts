// The public API of aipcheck: the facade, the engine stages, the reporters and their types.
export {
  BUILTIN_RULES,
  type EvaluateOptions,
  evaluate,
  evaluateLazily,
  getSchemas,
  type LazyReport,
  type LoadedRules,
  type LoadRulesOptions,
  loadRules,
  packageRoot,
  tool,
  validateFiles,
  WAIVER_WARN_DAYS,
} from './aipcheck.js';
export { type CompiledRule, type CompiledRuleSet, compileRules } from './engine/compile.js';
export { compileCondition, type TraceLeaf, type TraceNode } from './engine/conditions.js';
export { type Diagnostic, diagnostic, ErrorCode, formatDiagnostic, InputError } from './engine/errors.js';
export { createFinding, evaluateRule } from './engine/evaluate.js';
export type { RuleTrace } from './engine/evidence.js';
export { mergeParts } from './engine/merge.js';
export { nearestName } from './engine/nearest.js';
export { operators } from './engine/operators/index.js';
export { loadPack } from './engine/packs.js';
export { parseText } from './engine/parse.js';
export {
  compareFindings,
  createReferenceEvaluator,
  ENGINE_NAMES,
  type EngineName,
  evaluateSnapshot,
  evaluateSnapshotWith,
  type FailOn,
  hasNewViolations,
  hasViolations,
  type RuleEvaluator,
  summarize,
} from './engine/run.js';
export { buildTargets } from './engine/targets.js';
export type * from './engine/types.js';
export { compileSchema } from './engine/validate.js';
export {
  explain,
  type FactUse,
  type InspectOptions,
  listFacts,
  type RuleExplanation,
  type TargetExplanation,
} from './inspect.js';
export { formatNames, getReporter, reporters } from './reporters/index.js';
export type { Reporter, ReporterOptions } from './reporters/reporter.js';
