// The organization's "we use no Rights Management connector" decides for connector servers that say nothing, on
// every path a server can take: an inventory read whole, and a JSON Lines fleet streamed (the CLI's path).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../run/aipcheck.js';
import { tempDir } from '../temp-dir.js';

const ORGANIZATION = 'snapshot:\n  id: connector-declaration\norganization:\n  rmsConnector:\n    inUse: false\n';

const servers = [
  { id: 'EXCH01', role: 'exchange', product: { version: '14.3.513.0' } },
  { id: 'EXCH02', role: 'exchange', product: { version: '14.3.513.0' }, rmsConnector: { inUse: true } },
];

function outcomes(findings: readonly { ruleId: string; target: { id: string }; outcome: string }[]) {
  return findings
    .filter((f) => f.ruleId === 'aip.connector.exchange')
    .map((f) => `${f.target.id} ${f.outcome}`)
    .sort();
}

describe('organization.rmsConnector.inUse: false', () => {
  const expected = ['EXCH01 notApplicable', 'EXCH02 fail'];

  it('makes a server that does not state its use not applicable, read whole', async () => {
    const dir = tempDir('connector-whole');
    const yaml = `${ORGANIZATION}assets:\n  servers:\n${servers.map((s) => `    - ${JSON.stringify(s)}\n`).join('')}`;
    writeFileSync(path.join(dir, 'inventory.yaml'), yaml);
    const report = await evaluate({ inputs: ['inventory.yaml'], cwd: dir });
    expect(outcomes(report.findings)).toEqual(expected);
  });

  it('makes a server that does not state its use not applicable, streamed from JSON Lines', async () => {
    const dir = tempDir('connector-jsonl');
    writeFileSync(path.join(dir, 'organization.yaml'), ORGANIZATION);
    const lines = [
      JSON.stringify({ schemaVersion: '1', snapshot: { id: 'connector-declaration' } }),
      ...servers.map((server) => JSON.stringify({ server })),
    ];
    writeFileSync(path.join(dir, 'servers.jsonl'), `${lines.join('\n')}\n`);
    const report = await evaluate({ inputs: ['organization.yaml', 'servers.jsonl'], cwd: dir });
    expect(outcomes(report.findings)).toEqual(expected);
  });
});
