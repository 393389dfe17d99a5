// One device read from several exports is one target: joined by Entra device id, Intune device id or host name.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledRuleSet } from '../../engine/compile/compile.js';
import { formatDiagnostic } from '../../engine/errors.js';
import { mergeParts } from '../../engine/snapshot/merge.js';
import { buildTargets } from '../../engine/snapshot/targets.js';
import type { ReportView } from '../../engine/types.js';
import { loadRules } from '../../index.js';
import { createImporters } from '../../inventories/importers/index.js';
import { readInventories } from '../../inventories/read.js';
import { formatJson } from '../../reporters/json.js';
import { getSchemas } from '../../run/aipcheck.js';
import { evaluateFleet, type FleetOptions } from '../../run/fleet.js';
import { tempDir } from '../temp-dir.js';
import { fixturesDir } from './helpers.js';
import { allNotices } from './streams/fleet-run.js';

/** Exports that each describe DESKTOP-7F3K2LQ: Intune CSV, Graph managedDevice JSON, AD CSV, Entra CSV. */
const EXPORTS = [
  'intune-all-devices.csv',
  'graph-managed-devices.json',
  'ad-computers.csv',
  'entra-devices-download.csv',
];

async function deviceIds(files: readonly string[]): Promise<string[]> {
  const read = await readInventories(
    files.map((f) => path.join(fixturesDir, f)),
    fixturesDir,
    { importers: createImporters(getSchemas().inventory) },
  );
  return buildTargets(mergeParts(read.parts))
    .filter((t) => t.kind === 'device')
    .map((t) => t.id);
}

describe('device identity across exports', () => {
  it.each(EXPORTS)('%s names DESKTOP-7F3K2LQ desktop-7f3k2lq', async (file) => {
    expect(await deviceIds([file])).toContain('desktop-7f3k2lq');
  });

  it('merges the four descriptions into one target, in any order', async () => {
    for (const files of [EXPORTS, [...EXPORTS].reverse()]) {
      const ids = await deviceIds(files);
      expect(ids.filter((id) => id === 'desktop-7f3k2lq')).toHaveLength(1);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

/** One device in four exports: host-name case differs, and Graph (newest) knows it by a new name. */
function renamedExports(cwd: string): string[] {
  const copy = (from: string, to: string, edit: (text: string) => string) => {
    writeFileSync(path.join(cwd, to), edit(readFileSync(path.join(fixturesDir, from), 'utf8')));
    return to;
  };
  return [
    copy('intune-all-devices.csv', 'intune.csv', (t) => t.replace('"DESKTOP-7F3K2LQ"', '"desktop-7f3k2lq"')),
    copy('graph-managed-devices.json', 'graph.json', (t) => t.replace('"DESKTOP-7F3K2LQ"', '"DESKTOP-RENAMED01"')),
    copy('ad-computers.csv', 'ad.csv', (t) => t),
    copy('entra-devices-download.csv', 'entra.csv', (t) => t.replace('DESKTOP-7F3K2LQ,', 'Desktop-7f3K2lq,')),
  ];
}

async function fleetRun(cwd: string, files: readonly string[], options: Partial<FleetOptions>) {
  const fleet = await evaluateFleet(
    ruleSet,
    files.map((f) => path.join(cwd, f)),
    { cwd, importers: createImporters(check), inventoryCheck: check, keepGoing: true, ...options },
  );
  if (!('evaluation' in fleet)) throw new Error(fleet.diagnostics.map(formatDiagnostic).join('\n'));
  const findings = fleet.evaluation.seal([]);
  const view = {
    tool: { name: 'aipcheck', version: 'test' },
    packs: [],
    rules: [],
    summary: findings.summary,
    findings,
  };
  return {
    report: [...formatJson(view as unknown as ReportView)].join(''),
    notices: allNotices(fleet)
      .map((n) => `${n.code} ${n.message}`)
      .sort(),
    devices: [...new Set([...findings].filter((f) => f.target.kind === 'device').map((f) => f.target.id))].sort(),
  };
}

let ruleSet: CompiledRuleSet;
const check = getSchemas().inventory;

describe('devices joined by their Entra and Intune device ids', () => {
  beforeAll(async () => {
    ruleSet = (await loadRules({})).ruleSet;
  });

  it('records the Entra device id and the Intune device id each export has', async () => {
    const read = await readInventories(
      EXPORTS.map((f) => path.join(fixturesDir, f)),
      fixturesDir,
      { importers: createImporters(check) },
    );
    const desktop = read.parts.map((p) => p.snapshot.assets?.devices?.find((d) => d.id === 'desktop-7f3k2lq'));
    expect(desktop.map((d) => [d?.entraDeviceId, d?.intuneDeviceId])).toEqual([
      ['7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f', '0d1b4f3e-8c2a-4a57-9f0e-5a1d2c3b4e01'],
      ['7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f', '0d1b4f3e-8c2a-4a57-9f0e-5a1d2c3b4e01'],
      [undefined, undefined],
      ['7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f', undefined],
    ]);
  });

  it('makes one target of a renamed device, named as its newest export names it, streamed or read whole', async () => {
    const cwd = tempDir('identity');
    const files = renamedExports(cwd);
    for (const order of [files, [...files].reverse()]) {
      const streamed = await fleetRun(cwd, order, { csvStreamMinBytes: 0 });
      const whole = await fleetRun(cwd, order, { csvStreamMinBytes: Number.POSITIVE_INFINITY });
      expect(streamed).toEqual(whole);
      expect(whole.devices).toContain('desktop-renamed01');
      expect(whole.devices).not.toContain('desktop-7f3k2lq');
    }
  });

  it('joins by id in mergeParts too, and leaves devices without shared ids apart', async () => {
    const cwd = tempDir('identity');
    const files = renamedExports(cwd);
    const read = await readInventories(
      files.map((f) => path.join(cwd, f)),
      cwd,
      { importers: createImporters(check) },
    );
    const merged = mergeParts(read.parts);
    const renamed = merged.devices.filter((d) => d.asset.entraDeviceId === '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f');
    expect(renamed.map((d) => [d.asset.id, d.asset.name])).toEqual([['desktop-renamed01', 'DESKTOP-RENAMED01']]);
    // Every other device keeps its own id.
    const ids = merged.devices.map((d) => d.asset.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['sm-g991b']));
  });
});
