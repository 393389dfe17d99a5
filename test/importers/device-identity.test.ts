// One device read from several exports is one target: the id every device importer gives is its lower-case host name.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSchemas } from '../../aipcheck.js';
import { mergeParts } from '../../engine/merge.js';
import { buildTargets } from '../../engine/targets.js';
import { createImporters } from '../../inventories/importers/index.js';
import { readInventories } from '../../inventories/read.js';
import { fixturesDir } from './helpers.js';

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
