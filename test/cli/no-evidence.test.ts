// --no-evidence: findings without `evidence`, everything else the same, from a flag or the config file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const sample = path.join(root, 'inventories/samples/contoso.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'aipcheck-no-evidence-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface JsonReport {
  summary: unknown;
  findings: { ruleId: string; outcome: string; message: string; evidence?: unknown }[];
}

async function report(cwd: string, ...flags: string[]): Promise<JsonReport> {
  const { code, stdout, stderr } = await runCli(
    ['evaluate', sample, '--fail-on', 'never', '--format', 'json', ...flags],
    cwd,
  );
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as JsonReport;
}

describe('--no-evidence', () => {
  it('leaves evidence out of every finding and changes nothing else', async () => {
    const full = await report(root);
    const bare = await report(root, '--no-evidence');
    expect(full.findings.some((f) => f.evidence !== undefined)).toBe(true);
    expect(bare.findings.filter((f) => f.evidence !== undefined)).toEqual([]);
    expect(bare.summary).toEqual(full.summary);
    expect(bare.findings).toEqual(full.findings.map(({ evidence: _, ...rest }) => rest));
  });

  it('is read from aipcheck.config.yaml as no-evidence: true', async () => {
    const dir = mkdtempSync(path.join(work, 'config-'));
    writeFileSync(path.join(dir, 'aipcheck.config.yaml'), 'no-evidence: true\n');
    const bare = await report(dir);
    expect(bare.findings.length).toBeGreaterThan(0);
    expect(bare.findings.filter((f) => f.evidence !== undefined)).toEqual([]);
  });

  it('is not decided for reports that do not show it: JUnit and text come out the same either way', async () => {
    const dir = mkdtempSync(path.join(work, 'formats-'));
    const run = async (...formats: string[]) => {
      const args = ['evaluate', sample, '--fail-on', 'never', '--include-passing'];
      const { code, stderr } = await runCli([...args, ...formats.flatMap((f) => ['--format', f])], dir);
      expect(code, stderr).toBe(0);
    };
    await run('junit=alone.xml', 'text=alone.txt');
    await run('junit=beside.xml', 'text=beside.txt', 'json=beside.json');
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    expect(read('alone.xml')).toBe(read('beside.xml'));
    expect(read('alone.txt')).toBe(read('beside.txt'));
    expect(read('beside.json')).toContain('"evidence":');
  });
});
