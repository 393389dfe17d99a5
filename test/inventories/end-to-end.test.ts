import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { hasViolations } from '../../engine/evaluate/run.js';
import { mergeParts } from '../../engine/snapshot/merge.js';
import { buildTargets } from '../../engine/snapshot/targets.js';
import { createImporters } from '../../inventories/importers/index.js';
import { readInventories } from '../../inventories/read.js';
import { evaluate, getSchemas } from '../../run/aipcheck.js';
import { fixturesDir } from './helpers.js';

/** Exports of every kind an auditor brings, mixed in one run. */
const INPUTS = [
  'intune-all-devices.csv',
  'intune-export-job.csv',
  'ad-computers.csv',
  'WS-0042.reg',
  'fs01.json',
  'exchange-servers-remote.json',
  'nsg-rule-list.json',
  'EndpointURLs.log',
  'firewall-allowlist.txt',
  'graph-organization.json',
  'aip-onboarding-policy.txt',
];

describe('evaluate on a mix of exports', () => {
  it('stops with every unreadable row as file:line, unless --keep-going', async () => {
    const run = evaluate({ inputs: INPUTS, cwd: fixturesDir });
    await expect(run).rejects.toBeInstanceOf(InputError);
    const error = (await run.catch((e: unknown) => e)) as InputError;
    expect(error.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
      'EndpointURLs.log:23',
      'ad-computers.csv:11',
      'exchange-servers-remote.json:35',
      'firewall-allowlist.txt:12',
      'intune-all-devices.csv:13',
      'nsg-rule-list.json:108',
    ]);
    expect(error.diagnostics.every((d) => d.code === 'bad-row')).toBe(true);
  });

  it('points findings at the row or block of the original export that caused them', async () => {
    const report = await evaluate({ inputs: INPUTS, cwd: fixturesDir, keepGoing: true });
    const finding = (ruleId: string, target: string) =>
      report.findings.find((f) => f.ruleId === ruleId && f.target.id === target);
    const at = (ruleId: string, target: string) => {
      const f = finding(ruleId, target);
      return f && `${f.outcome} ${f.location.file}:${f.location.line}`;
    };
    expect(report.inputs).toEqual(INPUTS);
    // Windows 7 from the Intune export job: the device's row.
    expect(at('aip.os.windows', 'win7-lab-02')).toBe('fail intune-export-job.csv:3');
    // ARM64 from the portal export, the row after one that spans two lines.
    expect(at('aip.os.windows', 'surface-arm-01')).toBe('fail intune-all-devices.csv:5');
    // The same machine in three exports: the newest (the export job) wins.
    expect(at('aip.os.windows', 'desktop-7f3k2lq')).toBe('pass intune-export-job.csv:2');
    // The organization's id is its tenant id (from the Graph organization export), not the first file's name.
    const organization = '84841066-274d-4ec0-a5c1-276be684bdd3';
    expect(report.findings.some((f) => f.target.id === 'intune-all-devices')).toBe(false);
    // A TLS-inspecting issuer on aadrm.com: the first Endpoint block of the log.
    expect(at('aip.network.aadrm-certificate-issuer', organization)).toBe('fail EndpointURLs.log:7');
    // An NSG rule denying service-tag traffic: the NSG rule list.
    expect(at('aip.network.nsg-service-tags', organization)).toMatch(/^fail nsg-rule-list\.json:/);
    expect(finding('aip.network.nsg-service-tags', organization)?.message).toContain('deny-web');
    // The allowlist lets *.protection.outlook.com through on 443.
    expect(at('aip.network.labels-download', organization)).toBe('pass firewall-allowlist.txt:4');
    expect(at('aip.os.android', 'sm-g991b')).toBe('pass intune-all-devices.csv:8');
  });

  it('warns about an asset two exports describe differently, naming both', async () => {
    const report = await evaluate({ inputs: INPUTS, cwd: fixturesDir, keepGoing: true });
    const conflicts = report.notices.filter((n) => n.code === 'conflicting-asset').map((n) => n.message);
    expect(conflicts).toContainEqual(
      expect.stringMatching(/desktop-7f3k2lq .*intune-all-devices\.csv:2:1 and intune-export-job\.csv:2:1 /),
    );
  });

  it('records rows skipped with --keep-going as error outcomes, which fail a gate', async () => {
    const report = await evaluate({ inputs: INPUTS, cwd: fixturesDir, keepGoing: true });
    const skipped = report.findings.filter((f) => f.ruleId === 'aipcheck.input.unreadable-row');
    expect(skipped.map((f) => `${f.outcome} ${f.target.kind} ${f.location.file}:${f.location.line}`)).toContain(
      'error input intune-all-devices.csv:13',
    );
    expect(skipped.every((f) => f.outcome === 'error' && f.level === 'error')).toBe(true);
    expect(report.summary.error).toBe(skipped.length);
    expect(report.rules.map((r) => r.definition.id)).toContain('aipcheck.input.unreadable-row');
    expect(hasViolations(report.findings, 'error')).toBe(true);
  });
});

describe('merging exports into one snapshot', () => {
  it('joins one machine from AD, Windows features and a .reg by its short host name', async () => {
    const files = [
      'ad-computers.csv',
      'fs01.json',
      'FS02.features.txt',
      'WS-0042.reg',
      'schannel-export.reg',
      'entra-devices.json',
    ];
    const read = await readInventories(
      files.map((f) => path.join(fixturesDir, f)),
      fixturesDir,
      { importers: createImporters(getSchemas().inventory) },
    );
    const merged = mergeParts(read.parts);
    const targets = buildTargets(merged);
    const server = (id: string) => targets.find((t) => t.kind === 'server' && t.id === id);
    const device = (id: string) => targets.find((t) => t.kind === 'device' && t.id === id);
    // AD gives the OS, the features export the role and FCI.
    expect(server('fs01')?.facts.server).toEqual({
      id: 'fs01',
      name: 'FS01',
      observedAt: '2024-11-19T23:02:57Z',
      os: { name: 'Windows Server 2016 Datacenter', version: '10.0.14393' },
      role: 'file-server',
      fci: { installed: true },
    });
    expect(server('fs01')?.role).toBe('file-server');
    expect(server('fs02')?.facts.server).toMatchObject({
      role: 'file-server',
      fci: { installed: false },
      os: { version: '6.3.9600' },
    });
    // AD and the UTF-16 .reg export of WS-0042; the .reg's name comment joins LAPTOP-0042 from Entra.
    expect(device('ws-0042')?.facts.device).toMatchObject({ name: 'WS-0042', tls: { tls12: { enabled: true } } });
    expect(device('laptop-0042')?.facts.device).toMatchObject({ os: { name: 'Windows 11' }, tls: { collected: true } });
    // Each fact keeps its own source: the role comes from the features JSON, the OS from AD.
    const locate = (file: string) => merged.locators.get(file);
    const roleSource = server('fs01')?.origins?.get('fci');
    expect(roleSource?.file).toBe('fs01.json');
    expect(roleSource && locate('fs01.json')?.([...roleSource.pointer, 'fci', 'installed'])).toEqual({
      line: 73,
      column: 9,
    });
    expect(server('fs01')?.origins?.get('os')?.file).toBe('ad-computers.csv');
  });
});
