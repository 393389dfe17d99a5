// Alert identity across snapshots: what changes between two exports of one organization changes no fingerprint.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { organizationIdOf } from '../../engine/snapshot/targets.js';
import type { Asset, Finding, Snapshot } from '../../engine/types.js';
import { fingerprintOf } from '../../reporters/sarif.js';
import { evaluate, packageRoot } from '../../run/aipcheck.js';

const SAMPLE = path.join(packageRoot, 'inventories/samples/contoso.yaml');
const base = parse(readFileSync(SAMPLE, 'utf8')) as Snapshot;
const dir = mkdtempSync(path.join(tmpdir(), 'aipcheck-fingerprints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
async function findingsOf(snapshot: Snapshot, format: 'yaml' | 'json'): Promise<Finding[]> {
  const file = path.join(dir, `inventory-${written++}.${format}`);
  writeFileSync(file, format === 'yaml' ? stringify(snapshot) : JSON.stringify(snapshot, null, 1));
  return (await evaluate({ inputs: [file], cwd: dir })).findings;
}

/** Outcome of every finding by fingerprint. */
function byFingerprint(findings: readonly Finding[]): Map<string, string> {
  return new Map(findings.map((f) => [fingerprintOf(f), `${f.ruleId} ${f.target.kind}/${f.target.id}: ${f.outcome}`]));
}

/** What may differ between two snapshots of one unchanged organization. */
const variation = fc.record({
  snapshotId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
  deviceOrder: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
  serverOrder: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
  renamed: fc.boolean(),
  // Unrelated devices: copies of existing ones under new ids, so the organization's facts stay the same.
  added: fc.array(fc.nat(), { maxLength: 5 }),
  format: fc.constantFrom('yaml' as const, 'json' as const),
});

function shuffle<T>(items: readonly T[], keys: Iterator<number>): T[] {
  return items
    .map((item) => ({ item, key: keys.next().value as number }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

type Variation = typeof variation extends fc.Arbitrary<infer R> ? R : never;

function vary(v: Variation): Snapshot {
  const snapshot = structuredClone(base);
  snapshot.snapshot.id = v.snapshotId;
  const assets = snapshot.assets ?? {};
  const devices = assets.devices ?? [];
  const rename = (a: Asset) => (v.renamed ? { ...a, name: `${a.name ?? a.id} (renamed)` } : a);
  const extra = v.added.map((n, i) => {
    const model = devices[n % devices.length] as Asset;
    return { ...structuredClone(model), id: `unrelated-${i}`, name: `Unrelated ${i}` };
  });
  assets.devices = shuffle([...devices.map(rename), ...extra], v.deviceOrder[Symbol.iterator]());
  assets.servers = shuffle((assets.servers ?? []).map(rename), v.serverOrder[Symbol.iterator]());
  if (v.renamed && snapshot.organization) snapshot.organization.name = 'Contoso, renamed';
  return snapshot;
}

describe('fingerprints of unchanged findings', () => {
  it('survive reordering, renaming, YAML to JSON, unrelated devices and a new snapshot id', async () => {
    const before = byFingerprint(await findingsOf(base, 'yaml'));
    await fc.assert(
      fc.asyncProperty(variation, async (v) => {
        const after = byFingerprint(await findingsOf(vary(v), v.format));
        for (const [fingerprint, finding] of before) expect(after.get(fingerprint)).toBe(finding);
      }),
      { numRuns: 8 },
    );
  });

  it('of organization findings do not depend on the snapshot id, even without a tenant id', async () => {
    const untenanted = structuredClone(base);
    delete untenanted.organization?.tenantId;
    const first = await findingsOf(untenanted, 'yaml');
    untenanted.snapshot.id = 'contoso-next-month';
    const second = await findingsOf(untenanted, 'yaml');
    const organization = (fs: Finding[]) => fs.filter((f) => f.target.kind === 'organization');
    expect(organization(first).length).toBeGreaterThan(10);
    expect(organization(first).every((f) => f.target.id === 'organization')).toBe(true);
    expect([...byFingerprint(organization(second))]).toEqual([...byFingerprint(organization(first))]);
  });
});

describe('organizationIdOf', () => {
  it.each([
    [{ tenantId: '4F1C2D3E-8A9B' }, undefined, '4f1c2d3e-8a9b'],
    [{ tenantId: '4f1c2d3e-8a9b', name: 'Contoso' }, 'contoso-prod', 'contoso-prod'],
    [{ name: 'Contoso' }, undefined, 'organization'],
    [undefined, undefined, 'organization'],
    [{ tenantId: '  ' }, ' ', 'organization'],
  ])('%j with %j is %s', (organization, configured, id) => {
    expect(organizationIdOf(organization, configured)).toBe(id);
  });
});
