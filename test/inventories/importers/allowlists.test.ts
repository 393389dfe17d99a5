import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../inventories/importers/index.js';
import { importFixture, lineAt } from '../helpers.js';

function egressOf(result: ImportResult): { allow: Record<string, unknown>[]; unrestricted?: boolean } {
  const egress = result.part.snapshot.network?.egress;
  if (!egress) throw new Error('no network.egress');
  return egress as { allow: Record<string, unknown>[]; unrestricted?: boolean };
}

describe('m365-endpoints: the endpoints web service JSON', () => {
  const name = 'm365-endpoints.json';
  const result = importFixture(name);
  const allow = egressOf(result).allow;

  it('turns every URL and IP of every set into entries with its TCP or UDP ports', () => {
    expect(allow).toContainEqual({
      host: '*.protection.outlook.com',
      protocol: 'tcp',
      ports: [443],
      description: 'Microsoft 365 endpoint set 9 (Exchange)',
    });
    expect(allow).toContainEqual({
      address: '2603:1006::/40',
      protocol: 'tcp',
      ports: [80, 443],
      description: 'Microsoft 365 endpoint set 1 (Exchange)',
    });
    expect(allow).toContainEqual({
      address: '52.112.0.0/14',
      protocol: 'udp',
      ports: [3478, 3479, 3480, 3481],
      description: 'Microsoft 365 endpoint set 11 (Skype)',
    });
    expect(allow.filter((e) => e.host === 'config.edge.skype.com')).toHaveLength(1);
    expect(allow).toHaveLength(15);
  });

  it('points entries at their URL and reports what is not a host', () => {
    const index = allow.findIndex((e) => e.host === '*.events.data.microsoft.com');
    expect(lineAt(result, name, ['network', 'egress', 'allow', index])).toBe('"*.events.data.microsoft.com",');
    expect(result.rowErrors.map((e) => e.line)).toEqual([70]);
  });
});

describe('allowlist-text: one target per line', () => {
  const name = 'firewall-allowlist.txt';
  const result = importFixture(name);
  const allow = egressOf(result).allow;

  it('reads host patterns, URLs, addresses and prefixes with optional ports, skipping comments', () => {
    expect(allow).toEqual([
      { host: '*.protection.outlook.com', ports: [443] },
      { host: '*.events.data.microsoft.com' },
      { host: 'config.edge.skype.com', ports: [443] },
      { address: '13.107.6.198' },
      { address: '13.107.9.198/32', ports: [443] },
      { address: '2620:1ec:4::198' },
      { host: '*.aadrm.com', ports: [80, 443] },
      { host: 'login.microsoftonline.com', ports: ['1024-65535'] },
      { host: '.contoso.com' },
    ]);
  });

  it('states that egress is filtered, at the top of the file', () => {
    expect(egressOf(result).unrestricted).toBe(false);
    expect(result.part.locate(['network', 'egress', 'allow'])).toEqual({ line: 4, column: 1 });
  });

  it('points entries at their lines and reports a line that is no target', () => {
    expect(lineAt(result, name, ['network', 'egress', 'allow', 6])).toBe('*.aadrm.com                   80,443');
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([
      [12, '"proxy exceptions follow" has more than a target and a port list'],
    ]);
  });
});

describe('m365-endpoints: the endpoints web service with format=CSV', () => {
  const name = 'm365-endpoints.csv';
  const result = importFixture(name);
  const allow = egressOf(result).allow;

  it('reads the URLs and IPs a set lists in one cell, with its TCP and UDP ports', () => {
    expect(result.importer).toBe('m365-endpoints');
    expect(result.rowErrors).toEqual([]);
    expect(allow).toHaveLength(18);
    expect(allow).toContainEqual({
      host: '*.aadrm.com',
      protocol: 'tcp',
      ports: [443],
      description: 'Microsoft 365 endpoint set 125 (Common)',
    });
    expect(allow).toContainEqual({
      address: '52.112.0.0/14',
      protocol: 'udp',
      ports: ['3478-3481'],
      description: 'Microsoft 365 endpoint set 11 (Skype)',
    });
    expect(allow.filter((e) => e.description === 'Microsoft 365 endpoint set 1 (Exchange)')).toHaveLength(6);
  });

  it('points each entry at the cell that lists it', () => {
    const index = allow.findIndex((e) => e.host === '*.aadrm.com');
    expect(result.part.locate(['network', 'egress', 'allow', index])).toEqual({ line: 5, column: 51 });
    expect(lineAt(result, name, ['network', 'egress', 'allow', 0])).toMatch(/^1,Exchange,Exchange Online,/);
  });
});
