import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../engine/evaluate/run.js';
import { mergeParts } from '../../engine/snapshot/merge.js';
import type { SnapshotPart } from '../../engine/types.js';
import { evaluate, InputError, loadRules } from '../../index.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const cwd = path.join(here, 'fixtures');
const mini = { noBuiltinRules: true, rules: ['mini'], cwd };

describe('loadRules', () => {
  it('loads, validates and compiles a pack, rules sorted by id', async () => {
    const { packs, ruleSet } = await loadRules(mini);
    expect(packs.map((p) => `${p.manifest.name}@${p.manifest.version}`)).toEqual(['mini@1.2.3']);
    expect(ruleSet.rules.map((r) => r.id)).toEqual(['mini.macos', 'mini.proxy']);
    expect(ruleSet.devices.get('macos')?.map((r) => r.id)).toEqual(['mini.macos']);
    expect(ruleSet.devices.get('windows')).toEqual([]);
    expect(ruleSet.organization.map((r) => r.id)).toEqual(['mini.proxy']);
  });

  it('reports a glob that matches no pack', async () => {
    await expect(loadRules({ ...mini, rules: ['nothing-*/'] })).rejects.toThrow(/glob-no-match/);
  });
});

describe('evaluate', () => {
  it('gives every (rule, target) one outcome with its location', async () => {
    const report = await evaluate({ ...mini, inputs: ['inventories/small.yaml'] });
    const rows = report.findings.map((f) => [
      f.ruleId,
      f.target.id,
      f.outcome,
      `${f.location.line}:${f.location.column}`,
    ]);
    expect(rows).toEqual([
      ['mini.macos', 'mac-new', 'pass', '20:7'],
      ['mini.macos', 'mac-old', 'fail', '15:7'],
      ['mini.macos', 'mac-unknown', 'unknown', '25:7'],
      // The organization has no tenant id here: its id is `organization`, whatever the snapshot.
      ['mini.proxy', 'organization', 'fail', '12:5'],
    ]);
    expect(report.summary).toEqual({ pass: 1, fail: 2, notApplicable: 0, unknown: 1, error: 0 });
    expect(report.findings[1]?.message).toBe(
      'MAC-OLD runs macOS 10.7.5, older than 10.8 (version 10.7.5 is lower than 10.8).',
    );
    expect(report.findings[2]?.message).toMatch(/missing facts: device\.os\.version/);
    expect(report.findings[3]?.message).toBe(
      'The web proxy authenticates with basic, not integrated Windows authentication.',
    );
    expect(report.findings.every((f) => f.location.file === 'inventories/small.yaml')).toBe(true);
    expect(report.inputs).toEqual(['inventories/small.yaml']);
  });

  it('merges files: newer facts win, each fact keeps its file and line', async () => {
    const report = await evaluate({ ...mini, inputs: ['inventories/small.yaml', 'inventories/late.yaml'] });
    const old = report.findings.find((f) => f.target.id === 'mac-old');
    expect(old).toMatchObject({ outcome: 'pass', location: { file: 'inventories/late.yaml', line: 9 } });
    const proxy = report.findings.find((f) => f.ruleId === 'mini.proxy');
    expect(proxy).toMatchObject({ outcome: 'pass', location: { file: 'inventories/late.yaml', line: 6, column: 5 } });
    expect(report.notices.map((n) => n.code).sort()).toEqual(['conflicting-asset', 'conflicting-fact']);
    expect(report.notices.find((n) => n.code === 'conflicting-asset')?.message).toContain(
      // Both descriptions, each where it is: the earlier one is where a reader has to look to settle it.
      'MAC-OLD is described by inventories/small.yaml:15:7 and inventories/late.yaml:9:7 with different os',
    );
    expect(report.notices.find((n) => n.code === 'conflicting-fact')?.message).toMatch(
      /in inventories\/small\.yaml:\d+:\d+ and .* in inventories\/late\.yaml:\d+:\d+; using the later file's value$/,
    );
  });

  it('is deterministic', async () => {
    const a = await evaluate({ ...mini, inputs: ['inventories/*.yaml'] });
    const b = await evaluate({ ...mini, inputs: ['inventories/*.yaml'] });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it.for([
    [['inventories/none.yaml'], /inventories\/none\.yaml:1:1: file-not-found/],
    [['inventories/*.json'], /inventories\/\*\.json:1:1: glob-no-match/],
    [[], /no inventory files given/],
  ] as const)('refuses unusable inputs %j', async ([inputs, message]) => {
    const error = await evaluate({ ...mini, inputs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toMatch(message);
  });
});

describe('evaluateSnapshot', () => {
  it('names in each notice the asset it is about, whatever order the findings were sealed in', async () => {
    const { ruleSet } = await loadRules(mini);
    const part: SnapshotPart = {
      file: 'inv.yaml',
      format: 'inventory',
      // Input order is not id order: sealing moves the targets into report order.
      snapshot: {
        snapshot: { id: 's' },
        assets: {
          devices: [
            { id: 'zeta', name: 'Zeta' },
            { id: 'alpha', name: 'Alpha' },
            { id: 'mid', name: 'Mid', platform: 'macos' },
          ],
          servers: [
            { id: 'srv-z', name: 'Z' },
            { id: 'srv-a', name: 'A' },
          ],
        },
      },
      locate: () => ({ line: 1, column: 1 }),
    };
    const { notices } = evaluateSnapshot(ruleSet, mergeParts([part]));
    expect(notices.map((n) => n.message.split(' has ')[0])).toEqual([
      'device zeta',
      'device alpha',
      'server srv-z',
      'server srv-a',
    ]);
  });
});
