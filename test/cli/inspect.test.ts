// `aipcheck facts` and `aipcheck explain`, run in-process on the bundled sample and the mini pack.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const run = (...argv: string[]) => runCli(argv, root);
const sample = 'inventories/samples/contoso.yaml';
const intune = 'test/inventories/fixtures/intune-export-job.csv';

describe('aipcheck facts', () => {
  it('lists each fact the rules read with its rules, suppliers and, for inputs, how many targets have it', async () => {
    const { code, stdout } = await run('facts', '--format', 'json', intune);
    expect(code).toBe(0);
    const facts = JSON.parse(stdout) as {
      fact: string;
      rules: string[];
      suppliers: { importer: string }[];
      targets?: { have: number; of: number };
    }[];
    const byFact = new Map(facts.map((f) => [f.fact, f]));
    expect(facts.map((f) => f.fact)).toEqual([...byFact.keys()].sort());
    const version = byFact.get('device.os.version');
    expect(version?.rules).toContain('aip.os.windows');
    expect(version?.suppliers.map((s) => s.importer)).toContain('intune-csv');
    expect(version?.targets).toEqual({ have: 2, of: 2 });
    expect(byFact.get('device.labelingClient.installed')?.targets).toEqual({ have: 0, of: 2 });
    // Organization and network facts belong to the one organization target.
    expect(byFact.get('network.egress.allow')?.targets).toEqual({ have: 0, of: 1 });
  });

  it('without inputs leaves the counts out', async () => {
    const { code, stdout } = await run('facts');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^device\.tls\n {2}read by aip\.network\.tls-version\n {2}supplied by registry: /m);
    expect(stdout).not.toContain('target(s) have it');
  });
});

describe('aipcheck explain', () => {
  it('says where each fact it read is: the cell of a CSV row, the key of a YAML asset', async () => {
    const lines = readFileSync(path.join(root, intune), 'utf8').split(/\r?\n/);
    const row = lines.findIndex((line) => line.includes('DESKTOP-7F3K2LQ'));
    const cell = lines[row]?.indexOf(',10.0.19045.4291,') ?? -1;
    const csv = await run('explain', 'aip.os.windows', 'desktop-7f3k2lq', intune);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain(`device.os.version = "10.0.19045.4291"`);
    expect(csv.stdout).toContain(`at ${intune}:${row + 1}:${cell + 2}\n`);

    const yaml = await run('explain', 'aip.os.windows', 'contoso-ws-0107', sample, '--format', 'json');
    const sampleLines = readFileSync(path.join(root, sample), 'utf8').split('\n');
    const leaves = JSON.parse(yaml.stdout).target.trace.require.children as { fact: string; location?: object }[];
    const architecture = leaves.find((leaf) => leaf.fact === 'device.architecture');
    const line = sampleLines.findIndex((text, i) => i > 190 && text.includes('architecture: x64'));
    expect(architecture?.location).toEqual({
      file: sample,
      line: line + 1,
      column: (sampleLines[line] ?? '').indexOf('architecture') + 1,
    });
  });

  it('prints the rule: source sentences, rationale, remediation', async () => {
    const { code, stdout } = await run('explain', 'aip.network.tls-version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^aip\.network\.tls-version {2}.* \[error\] {2}version /);
    expect(stdout).toContain('"TLS version 1.2 or higher (unified labeling client only).');
    expect(stdout).toContain('Rationale: ');
    expect(stdout).toContain('Remediation: ');
  });

  it('traces the conditions on a target: each leaf with fact, value, operator, result and what decided', async () => {
    const { code, stdout } = await run('explain', 'aip.network.labels-download', 'organization', sample);
    expect(code).toBe(0);
    expect(stdout).toContain('organization 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f (Contoso Ltd): fail');
    expect(stdout).toContain(
      'when (applies to the target):\n  ✓ network.egress.unrestricted = false  equal false  → true',
    );
    expect(stdout).toMatch(/require:\n {2}✗ network\.egress\.allow = \[.*allowsHost .*→ false/);
    expect(stdout).toContain(
      'decided by {"allowlistEntry":null,"nearMisses":["protection.outlook.com does not cover subdomains"]}',
    );
  });

  it('gives the trace as JSON, the same each run', async () => {
    const first = await run('explain', 'aip.network.labels-download', 'organization', sample, '--format', 'json');
    const second = await run('explain', 'aip.network.labels-download', 'organization', sample, '--format', 'json');
    expect(first.stdout).toBe(second.stdout);
    const parsed = JSON.parse(first.stdout);
    expect(parsed.target.outcome).toBe('fail');
    expect(parsed.target.trace.require).toMatchObject({ node: 'leaf', operator: 'allowsHost', result: 'false' });
  });

  it.for([
    [['explain'], 'explain needs a rule id'],
    [['explain', 'no.such.rule'], 'unknown rule "no.such.rule"'],
    [['explain', 'aip.os.windows', 'WS-0001'], 'needs the inventory files'],
    [['explain', 'aip.os.windows', 'no-such-device', sample], 'no target "no-such-device"'],
  ] as const)('%j is a usage error (exit 2): %s', async ([argv, text]) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(text);
  });
});
