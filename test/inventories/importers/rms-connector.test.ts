import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeParts } from '../../../engine/snapshot/merge.js';
import { buildTargets } from '../../../engine/snapshot/targets.js';
import { createImporters } from '../../../inventories/importers/index.js';
import { readInventories } from '../../../inventories/read.js';
import { getSchemas } from '../../../run/aipcheck.js';
import { detectedFormat, detectedFormatOf, fixturesDir, importFixture, lineAt } from '../helpers.js';

describe('RMS connector exports: detection from content', () => {
  it.for([
    ['EX01.connector.reg', 'registry'],
    ['SP01.connector.json', 'registry'],
    ['ex03-irm-configuration.json', 'exchange-irm-configuration'],
    ['EX04.irm.json', 'exchange-irm-configuration'],
    ['rms-connector-servers.txt', 'rms-connector-servers'],
    ['rms-connector-servers.csv', 'rms-connector-servers'],
    // A plain host list without a title stays an egress allowlist.
    ['firewall-allowlist.txt', 'allowlist-text'],
  ])('%s → %s', ([fixture, format]) => {
    expect(detectedFormat(fixture as string)).toBe(format);
  });

  it('reads lines of computer accounts without a title as the connector list', () => {
    expect(detectedFormatOf('CONTOSO\\EX01$\r\nCONTOSO\\SP01$\r\n', 'servers.txt')).toBe('rms-connector-servers');
    expect(detectedFormatOf('ex01.contoso.com\r\nsp01.contoso.com\r\n', 'hosts.txt')).toBe('allowlist-text');
  });
});

describe('the connector settings of "Registry settings for the Rights Management connector"', () => {
  it.for([
    // Exchange 2013/2016: IRM redirection from the tenant to the connector (MSDRM points at the tenant).
    [
      'EX01.connector.reg',
      { id: 'ex01', role: 'exchange', rmsConnector: { inUse: true, url: 'https://rmsconnector.contoso.com' } },
      '"https://5c6bb73b-1038-4eec-863d-49bded473437.rms.na.aadrm.com"="https://rmsconnector.contoso.com"',
    ],
    // Exchange 2010: the key exported but empty: not in use.
    [
      'EX02.connector.reg',
      { id: 'ex02', role: 'exchange', rmsConnector: { inUse: false } },
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v14\\IRM]',
    ],
    // File server with FCI: MSDRM ServiceLocation naming the connector (over HTTP).
    [
      'FS03.connector.reg',
      { id: 'fs03', role: 'file-server', rmsConnector: { inUse: true, url: 'http://rmsconnector.contoso.com' } },
      '@="http://rmsconnector.contoso.com/_wmcs/certification"',
    ],
    // SharePoint: MSIPC ServiceLocation with Get-ItemProperty, named by PSComputerName.
    [
      'SP01.connector.json',
      {
        id: 'sp01',
        name: 'SP01.corp.contoso.com',
        role: 'sharepoint',
        rmsConnector: { inUse: true, url: 'https://rmsconnector.contoso.com' },
      },
      '"(default)":  "https://rmsconnector.contoso.com/_wmcs/certification",',
    ],
  ])('%s', ([fixture, server, line]) => {
    const result = importFixture(fixture as string);
    expect(result.schemaProblems).toEqual([]);
    expect(result.part.snapshot.assets?.devices).toBeUndefined();
    expect(result.part.snapshot.assets?.servers).toEqual([server]);
    expect(lineAt(result, fixture as string, ['assets', 'servers', 0, 'rmsConnector', 'inUse'])).toBe(line);
  });

  it("reads a server's export with Exchange's keys and SCHANNEL as the server's connector settings", () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]',
      '"Enabled"=dword:00000001',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\LicenseServerRedirection]',
      '"https://contoso.rms.eu.aadrm.com"="http://rmsconnector.contoso.com"',
      '',
    ].join('\r\n');
    const importer = createImporters(getSchemas().inventory).find((i) => i.name === 'registry');
    const part = importer?.import(text, 'EX09.reg').part;
    expect(part?.snapshot.assets?.devices).toBeUndefined();
    expect(part?.snapshot.assets?.servers).toEqual([
      { id: 'ex09', role: 'exchange', rmsConnector: { inUse: true, url: 'http://rmsconnector.contoso.com' } },
    ]);
  });

  it('keeps a client export with MSIPC ServiceLocation (AD RMS discovery) a device', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP]',
      '"UseDefaultCredentialsInProxy"=dword:00000001',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\EnterpriseCertification]',
      '@="https://adrms.contoso.com/_wmcs/certification"',
      '',
    ].join('\r\n');
    const importer = createImporters(getSchemas().inventory).find((i) => i.name === 'registry');
    const part = importer?.import(text, 'WS-0900.reg').part;
    expect(part?.snapshot.assets?.servers).toBeUndefined();
    expect(part?.snapshot.assets?.devices?.[0]?.id).toBe('ws-0900');
  });
});

describe('Get-IRMConfiguration', () => {
  it('a licensing location that is not the Azure RMS service is the connector', () => {
    const result = importFixture('ex03-irm-configuration.json');
    expect(result.schemaProblems).toEqual([]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'ex03',
        name: 'ex03.corp.contoso.com',
        role: 'exchange',
        rmsConnector: { inUse: true, url: 'https://rmsconnector.contoso.com' },
      },
    ]);
    expect(lineAt(result, 'ex03-irm-configuration.json', ['assets', 'servers', 0, 'rmsConnector', 'url'])).toBe(
      '"LicensingLocation":  [',
    );
  });

  it.for([
    [
      'internal licensing off: not in use',
      { InternalLicensingEnabled: false, LicensingLocation: [] },
      { inUse: false },
    ],
    [
      'only the tenant URL: says nothing (the registry redirection decides)',
      {
        InternalLicensingEnabled: true,
        LicensingLocation: ['https://5c6bb73b-1038-4eec-863d-49bded473437.rms.na.aadrm.com/_wmcs/licensing'],
      },
      undefined,
    ],
    [
      'a location as one text',
      { InternalLicensingEnabled: 'True', LicensingLocation: 'https://rms.contoso.com/_wmcs/licensing' },
      { inUse: true, url: 'https://rms.contoso.com' },
    ],
  ])('%s', ([, config, connector]) => {
    const text = JSON.stringify({ ...(config as object), TransportDecryptionSetting: 'Optional' });
    expect(detectedFormatOf(text, 'EX05.irm.json')).toBe('exchange-irm-configuration');
    const importer = createImporters(getSchemas().inventory).find((i) => i.name === 'exchange-irm-configuration');
    const server = importer?.import(text, 'EX05.irm.json').part.snapshot.assets?.servers?.[0];
    expect(server?.id).toBe('ex05');
    expect(server?.rmsConnector).toEqual(connector);
  });
});

describe('lists of authorized connector servers', () => {
  it.for([
    ['rms-connector-servers.txt', ['ex01', 'ex02', 'sp01']],
    ['rms-connector-servers.csv', ['fs03', 'sp02']],
  ])('%s', ([fixture, ids]) => {
    const result = importFixture(fixture as string);
    expect(result.schemaProblems).toEqual([]);
    expect(result.part.snapshot.assets?.servers?.map((s) => [s.id, s.rmsConnector])).toEqual(
      (ids as string[]).map((id) => [id, { inUse: true }]),
    );
  });

  it('points at the line or cell, and reports an entry that is no host', () => {
    const result = importFixture('rms-connector-servers.txt');
    expect(lineAt(result, 'rms-connector-servers.txt', ['assets', 'servers', 1, 'rmsConnector', 'inUse'])).toBe(
      'CONTOSO\\EX02$',
    );
    const importer = createImporters(getSchemas().inventory).find((i) => i.name === 'rms-connector-servers');
    const bad = importer?.import('# RMS connector servers\nex01\nnot a host!\n', 'list.txt');
    expect(bad?.rowErrors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '3: "not a host!" is not a host name or computer account',
    ]);
  });
});

describe('merging connector exports with server exports', () => {
  it('one server from Exchange, the connector registry and the authorized list is one target', async () => {
    const files = ['exchange-servers-remote.json', 'EX01.connector.reg', 'rms-connector-servers.txt'];
    const read = await readInventories(
      files.map((f) => path.join(fixturesDir, f)),
      fixturesDir,
      { importers: createImporters(getSchemas().inventory) },
    );
    const merged = mergeParts(read.parts);
    const ex01 = buildTargets(merged).filter((t) => t.kind === 'server' && t.id === 'ex01');
    expect(ex01).toHaveLength(1);
    expect(ex01[0]?.facts.server).toMatchObject({
      role: 'exchange',
      rmsConnector: { inUse: true },
      product: { version: expect.any(String) },
    });
  });
});
