// The harness of the streamed-input tests: evaluateFleet run as the facade runs it, its JSON report rendered.
import path from 'node:path';
import type { CompiledRuleSet } from '../../../engine/compile/compile.js';
import { formatDiagnostic } from '../../../engine/errors.js';
import { unreadableRowFindings, unreadableRowRule } from '../../../engine/evaluate/input-errors.js';
import { compareFindings } from '../../../engine/evaluate/run.js';
import { noticesOf } from '../../../engine/evaluate/stream.js';
import type { PlainGroup } from '../../../engine/results/store.js';
import type { Notice, ReportView } from '../../../engine/types.js';
import { loadRules } from '../../../index.js';
import { createImporters } from '../../../inventories/importers/index.js';
import { formatJson } from '../../../reporters/json.js';
import { getSchemas } from '../../../run/aipcheck.js';
import { evaluateFleet, type FleetOptions, type FleetResult } from '../../../run/fleet.js';

const check = getSchemas().inventory;
/** The importers the runs use. */
export const importers = createImporters(check);

let loaded: Promise<{ ruleSet: CompiledRuleSet; packs: { name: string; version: string }[] }> | undefined;

/** The bundled rules, loaded once. */
function bundledRules() {
  loaded ??= loadRules({}).then((rules) => ({
    ruleSet: rules.ruleSet,
    packs: rules.packs.map((p) => ({ name: p.manifest.name, version: p.manifest.version })),
  }));
  return loaded;
}

/** The compiled bundled rules the runs evaluate. */
export async function fleetRuleSet(): Promise<CompiledRuleSet> {
  return (await bundledRules()).ruleSet;
}

export interface Outcome {
  /** The JSON report, or the diagnostics that stopped the run. */
  report: string;
  notices: string[];
}

/** Evaluates like the facade does and renders the JSON report (or the diagnostics). */
export async function run(cwd: string, files: readonly string[], options: Partial<FleetOptions>): Promise<Outcome> {
  const { ruleSet, packs } = await bundledRules();
  const fleet = await evaluateFleet(
    ruleSet,
    files.map((f) => path.join(cwd, f)),
    { cwd, importers, inventoryCheck: check, ...options },
  );
  if (!('evaluation' in fleet)) {
    const lines = fleet.diagnostics.map(formatDiagnostic).sort();
    return { report: `diagnostics:\n${lines.join('\n')}`, notices: [] };
  }
  const plain: PlainGroup[] = [];
  if (fleet.rowErrors.length > 0) {
    const rule = unreadableRowRule('test');
    plain.push({
      ruleId: rule.definition.id,
      findings: unreadableRowFindings(fleet.rowErrors, rule).sort(compareFindings),
    });
  }
  const findings = fleet.evaluation.seal(plain);
  const view = { tool: { name: 'aipcheck', version: 'test' }, packs, rules: [], summary: findings.summary, findings };
  return {
    report: [...formatJson(view as unknown as ReportView)].join(''),
    notices: allNotices(fleet)
      .map((n) => JSON.stringify(n))
      .sort(),
  };
}

/** A fleet's notices: those kept as objects, then those about targets (made from their table). */
export function allNotices(fleet: Pick<FleetResult, 'notices' | 'targetNotices'>): Notice[] {
  return [...fleet.notices, ...noticesOf(fleet.targetNotices)];
}

/** The streamed run (every large export streamed) and the whole-file run of the same inputs. */
export async function both(cwd: string, files: readonly string[], options: Partial<FleetOptions> = {}) {
  const streamed = await run(cwd, files, { csvStreamMinBytes: 0, ...options });
  const whole = await run(cwd, files, { csvStreamMinBytes: Number.POSITIVE_INFINITY, ...options });
  return { streamed, whole };
}
