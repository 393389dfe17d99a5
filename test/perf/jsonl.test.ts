// JSON Lines inventories: detection, the line format and its errors, and streaming evaluated exactly as reading whole.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../bench/generate.mjs';
import { evaluateSnapshot } from '../../engine/evaluate/run.js';
import { mergeParts } from '../../engine/snapshot/merge.js';
import type { Finding, SnapshotPart } from '../../engine/types.js';
import { ErrorCode, evaluate, InputError, loadRules } from '../../index.js';
import { createImporters } from '../../inventories/importers/index.js';
import { importJsonLines, looksLikeJsonLines } from '../../inventories/importers/jsonl.js';
import { getSchemas } from '../../run/aipcheck.js';
import { tempDir } from '../temp-dir.js';

const check = getSchemas().inventory;
const header = JSON.stringify({
  schemaVersion: '1',
  snapshot: { id: 'fleet-1', collectedAt: '2026-11-20T09:00:00Z' },
  organization: { name: 'Fleet Org' },
  network: { proxy: { inUse: true, usesPacFile: true, authenticationRequired: true } },
});
const line = (kind: 'device' | 'server', asset: object) => JSON.stringify({ [kind]: asset });
const mac = (id: string, version?: string) =>
  line('device', { id, platform: 'macos', ...(version ? { os: { version } } : {}) });

function write(dir: string, name: string, lines: readonly string[], eol = '\n'): string {
  writeFileSync(path.join(dir, name), `${lines.join(eol)}${eol}`);
  return name;
}

describe('detection', () => {
  it.for([
    ['by extension', 'x.jsonl', '{}', true],
    ['by content', 'x.txt', `${header}\n${mac('m1')}\n`, true],
    ['asset first, no header', 'export', `${mac('m1')}\n${mac('m2')}\n`, true],
    ['one-line JSON inventory', 'x.json', `${JSON.stringify({ snapshot: { id: 's' }, assets: {} })}\n`, false],
    ['pretty JSON inventory', 'x.json', '{\n  "snapshot": { "id": "s" }\n}\n', false],
    ['YAML', 'x.yaml', 'snapshot:\n  id: s\n', false],
  ] as const)('%s', ([, file, text, expected]) => {
    expect(looksLikeJsonLines(text, file)).toBe(expected);
    if (expected) expect(createImporters(check).find((i) => i.detect(text, file))?.name).toBe('jsonl');
  });
});

describe('importJsonLines', () => {
  it('reads the header and one asset per line, skipping blank lines, CRLF and a BOM', () => {
    const text = `\ufeff${header}\r\n\r\n${mac('m1', '10.7')}\r\n${line('server', { id: 'ex1', role: 'exchange' })}\r\n`;
    const { part, diagnostics, rowErrors } = importJsonLines(text, 'f.jsonl', check);
    expect([diagnostics, rowErrors]).toEqual([[], []]);
    expect(part.snapshot.snapshot.id).toBe('fleet-1');
    expect(part.snapshot.assets?.devices?.map((d) => d.id)).toEqual(['m1']);
    expect(part.locate(['assets', 'devices', 0])).toEqual({ line: 3, column: 1 });
    expect(part.locate(['assets', 'servers', 0, 'role'])).toEqual({ line: 4, column: 1 });
    expect(part.locate(['organization', 'name'])).toEqual({ line: 1, column: header.indexOf('"name"') + 1 });
  });

  it('names the snapshot after the file when there is no header', () => {
    const { part } = importJsonLines(`${mac('m1')}\n`, 'exports/fleet.jsonl', check);
    expect(part.snapshot.snapshot.id).toBe('fleet');
  });

  it('skips unreadable lines as row errors, located, and refuses a bad header', () => {
    const text = [
      header,
      '{"device": {"id": "m1", "platform": "macos"}',
      '{"printer": {"id": "p1"}}',
      '{"device": {"id": "m2", "platform": "macos", "os": {"version": "ten"}}}',
      '{"device": {"platform": "macos"}}',
      mac('m3'),
    ].join('\n');
    const { part, diagnostics, rowErrors } = importJsonLines(text, 'f.jsonl', check);
    expect(diagnostics).toEqual([]);
    expect(rowErrors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message.split(':')[0]}`)).toEqual([
      '2:1 bad-row not JSON',
      '3:1 bad-row not one asset',
      '4:53 bad-row /device/os/version',
      '5:2 bad-row /device',
    ]);
    expect(rowErrors[2]?.message).toContain('/device/os/version');
    expect(rowErrors[3]?.message).toContain('/device: missing required property "id"');
    expect(part.snapshot.assets?.devices?.map((d) => d.id)).toEqual(['m3']);
    const bad = importJsonLines(`{"snapshot": {"id": 7}}\n${mac('m1')}\n`, 'f.jsonl', check);
    expect(bad.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([`1:15 ${ErrorCode.SCHEMA}`]);
  });
});

/** The findings of the inputs read whole: importers, `mergeParts`, `evaluateSnapshot` (no streaming). */
function wholeParts(cwd: string, files: readonly string[]): SnapshotPart[] {
  const importers = createImporters(check);
  return files.map((file) => {
    const text = readFileSync(path.join(cwd, file), 'utf8');
    const importer = importers.find((i) => i.detect(text, file));
    if (!importer) throw new Error(`no importer for ${file}`);
    return importer.import(text, file).part;
  });
}

async function evaluateWhole(cwd: string, files: readonly string[], rules = {}): Promise<Finding[]> {
  const { ruleSet } = await loadRules({ ...rules, cwd });
  return evaluateSnapshot(ruleSet, mergeParts(wholeParts(cwd, files))).findings;
}

describe('streaming evaluation', () => {
  it('gives exactly the findings of reading the fleet whole, locations included', async () => {
    const cwd = tempDir('jsonl');
    generateFleet(path.join(cwd, 'fleet.jsonl'), 3000, 42, 20);
    const streamed = await evaluate({ inputs: ['fleet.jsonl'], cwd });
    const whole = await evaluateWhole(cwd, ['fleet.jsonl']);
    expect(streamed.findings.length).toBeGreaterThan(5000);
    expect(streamed.findings).toEqual(whole);
  }, 60_000);

  it('merges an asset seen twice, and one from a file read whole, as mergeParts does', async () => {
    const cwd = tempDir('jsonl');
    const yaml = 'snapshot: { id: side }\nassets:\n  devices:\n    - { id: M2, name: From YAML, platform: macos }\n';
    writeFileSync(path.join(cwd, 'side.yaml'), yaml);
    write(cwd, 'a.jsonl', [
      header,
      mac('m1', '10.7'),
      line('device', { id: 'm2', platform: 'macos', os: { version: '10.6' }, observedAt: '2026-11-01T00:00:00Z' }),
      mac('m3'),
      line('device', { id: 'M1', os: { version: '11.2' }, observedAt: '2026-11-21T00:00:00Z' }),
    ]);
    write(cwd, 'b.jsonl', [line('device', { id: 'm2', os: { version: '12.1' }, observedAt: '2026-11-22T00:00:00Z' })]);
    const inputs = ['side.yaml', 'a.jsonl', 'b.jsonl'];
    const streamed = await evaluate({ inputs, cwd });
    expect(streamed.findings).toEqual(await evaluateWhole(cwd, inputs));
    expect(streamed.findings.filter((f) => f.ruleId === 'aip.os.macos').map((f) => [f.target.id, f.outcome])).toEqual([
      ['M2', 'pass'],
      ['m1', 'pass'],
      ['m3', 'unknown'],
    ]);
    // m1 and M1 disagree on os, and so do the two m2 lines; the YAML adds only facts the others lack.
    expect(streamed.notices.map((n) => n.code)).toEqual(['conflicting-asset', 'conflicting-asset']);
    // Each names both descriptions by file:line:col, the same as reading every input whole does.
    expect(streamed.notices.map((n) => n.message)).toEqual([
      'M1 is described by a.jsonl:2:1 and a.jsonl:5:1 with different os; using the newest observation, from a.jsonl',
      'm2 is described by a.jsonl:3:1 and b.jsonl:1:1 with different os; using the newest observation, from b.jsonl',
    ]);
    const whole = mergeParts(wholeParts(cwd, inputs)).notices.filter((n) => n.code === 'conflicting-asset');
    expect(whole.map((n) => n.message).sort()).toEqual(streamed.notices.map((n) => n.message).sort());
  });

  it('stops on unreadable lines, or records them as error outcomes with --keep-going', async () => {
    const cwd = tempDir('jsonl');
    write(cwd, 'f.jsonl', [header, mac('m1', '10.9'), 'not json', mac('m2', '10.1')]);
    await expect(evaluate({ inputs: ['f.jsonl'], cwd })).rejects.toThrow(InputError);
    await expect(evaluate({ inputs: ['f.jsonl'], cwd })).rejects.toThrow(/f\.jsonl:3:1: bad-row: not JSON/);
    const kept = await evaluate({ inputs: ['f.jsonl'], cwd, keepGoing: true });
    expect(kept.findings.filter((f) => f.outcome === 'error').map((f) => f.target.id)).toEqual(['f.jsonl:3']);
    expect(kept.findings.filter((f) => f.ruleId === 'aip.os.macos').map((f) => f.outcome)).toEqual(['pass', 'fail']);
  });

  it('reads with --input-format jsonl whatever the name, and agrees with json-rules-engine', async () => {
    const cwd = tempDir('jsonl');
    write(cwd, 'fleet.txt', [header, mac('m1', '10.7'), mac('m2', '13.1'), mac('m3')]);
    const compiled = await evaluate({ inputs: ['fleet.txt'], cwd, inputFormat: 'jsonl' });
    const reference = await evaluate({ inputs: ['fleet.txt'], cwd, inputFormat: 'jsonl', engine: 'reference' });
    expect(reference.findings).toEqual(compiled.findings);
    expect(compiled.findings.filter((f) => f.target.kind === 'device').map((f) => f.location.line)).toEqual([2, 3, 4]);
  });
});
