// A table-driven rule tester, like ESLint's RuleTester: plain snapshots in, one expected outcome per case.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CompiledRuleSet } from '../../engine/compile/compile.js';
import { evaluateSnapshot } from '../../engine/evaluate/run.js';
import { inventoryPart, mergeParts } from '../../engine/snapshot/merge.js';
import { organizationIdOf } from '../../engine/snapshot/targets.js';
import type { Asset, Finding, Outcome, Snapshot } from '../../engine/types.js';
import { loadRules } from '../../run/aipcheck.js';

/** What a case expects of the rule on its target; `skipped` means the rule never meets it (appliesTo filters it). */
export type Expected = Outcome | 'skipped';

/** The facts of a case: the parts of a snapshot the rule reads, everything else absent. */
export interface Given {
  organization?: Record<string, unknown>;
  network?: Record<string, unknown>;
  devices?: Asset[];
  servers?: Asset[];
}

export interface RuleCase {
  name: string;
  given: Given;
  /** The target the case is about. Default: the organization for organization rules, else the only asset. */
  target?: string;
  outcome: Expected;
  /** Fragments the rendered message must contain; every failing case names its key explanation here. */
  message?: string[];
}

export interface RuleTable {
  ruleId: string;
  cases: RuleCase[];
}

/** The snapshot id, which is also the organization target's id. */
export const SNAPSHOT_ID = 'rule-test';

/** Declares the table of one rule; each table file under `tables/` default-exports one. */
export function defineRuleTable(ruleId: string, cases: RuleCase[]): RuleTable {
  return { ruleId, cases };
}

/** The folder of the rule tables: one `<rule id>.ts` per rule, default-exporting its table. */
export const TABLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tables');

/** Loads every table under {@link TABLES_DIR}, with the file it came from, sorted by file name. */
export async function loadRuleTables(): Promise<{ file: string; table: RuleTable }[]> {
  const files = readdirSync(TABLES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(path.join(TABLES_DIR, file)).href)) as { default: RuleTable };
      return { file, table: module.default };
    }),
  );
}

let loaded: Promise<CompiledRuleSet> | undefined;

/** The bundled rules, loaded, validated and compiled once per test file. */
export function bundledRules(): Promise<CompiledRuleSet> {
  loaded ??= loadRules().then((rules) => rules.ruleSet);
  return loaded;
}

/** Builds the snapshot of a case. */
export function snapshotOf(given: Given): Snapshot {
  return {
    snapshot: { id: SNAPSHOT_ID },
    ...(given.organization ? { organization: given.organization } : {}),
    ...(given.network ? { network: given.network } : {}),
    assets: { devices: given.devices ?? [], servers: given.servers ?? [] },
  };
}

/**
 * Evaluates a case's snapshot against the bundled packs, as the CLI does (the same evaluator), and returns the
 * findings of one rule.
 */
export async function evaluateCase(ruleId: string, given: Given): Promise<Finding[]> {
  const ruleSet = await bundledRules();
  if (!ruleSet.rules.some((r) => r.id === ruleId)) throw new Error(`no rule ${ruleId} in the bundled packs`);
  const part = inventoryPart(snapshotOf(given), 'case.yaml', () => ({ line: 1, column: 1 }));
  return evaluateSnapshot(ruleSet, mergeParts([part])).findings.filter((f) => f.ruleId === ruleId);
}

/** The target a case is about, by its defaults. */
export function caseTarget(kind: string, testCase: RuleCase): string {
  if (testCase.target) return testCase.target;
  if (kind === 'organization') return organizationIdOf(testCase.given.organization);
  const assets = kind === 'device' ? testCase.given.devices : testCase.given.servers;
  if (assets?.length !== 1 || !assets[0]) throw new Error(`case "${testCase.name}" must name its target`);
  return assets[0].id;
}
