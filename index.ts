// The public API of aipcheck: the facade, the engine stages, the reporters and their types.

export { type CompiledRule, type CompiledRuleSet, compileRules } from './engine/compile/compile.js';
export { compileCondition, type TraceLeaf, type TraceNode } from './engine/compile/conditions.js';
export { type Diagnostic, diagnostic, ErrorCode, formatDiagnostic, InputError } from './engine/errors.js';
export { evaluateRule } from './engine/evaluate/evaluate.js';
export type { RuleTrace } from './engine/evaluate/evidence.js';
export { createFinding } from './engine/evaluate/finding.js';
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
} from './engine/evaluate/run.js';
export { loadPack } from './engine/load/packs.js';
export { parseText } from './engine/load/parse.js';
export { compileSchema } from './engine/load/validate.js';
export { nearestName } from './engine/nearest.js';
export { operators } from './engine/operators/index.js';
export { mergeParts } from './engine/snapshot/merge.js';
export { buildTargets } from './engine/snapshot/targets.js';
export type * from './engine/types.js';
export { evidenceFormats, formatNames, getReporter, reporters } from './reporters/index.js';
export type { Reporter, ReporterOptions } from './reporters/reporter.js';
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
} from './run/aipcheck.js';
export {
  explain,
  type FactUse,
  type InspectOptions,
  listFacts,
  type RuleExplanation,
  type TargetExplanation,
} from './run/inspect.js';
export { type ReportFile, reportFileOutputs } from './run/report-files.js';
