import { describe, expect, it } from 'vitest';
import { detectedFormatOf, importerNamed, importFixture, lineAt, textAt } from '../helpers.js';

describe('exchange-servers: Get-ExchangeServer | ConvertTo-Json', () => {
  it('reads a remote session array: AdminDisplayVersion as "Version 15.2 (Build 1748.10)"', () => {
    const name = 'exchange-servers-remote.json';
    const result = importFixture(name);
    const servers = result.part.snapshot.assets?.servers ?? [];
    expect(servers).toEqual([
      {
        id: 'ex01',
        name: 'EX01',
        role: 'exchange',
        product: { name: 'Exchange Server 2019', version: '15.2.1748.10' },
      },
      {
        id: 'ex2010',
        name: 'EX2010',
        role: 'exchange',
        product: { name: 'Exchange Server 2010', version: '14.3.123.4' },
      },
      {
        id: 'exse01',
        name: 'EXSE01',
        role: 'exchange',
        product: { name: 'Exchange Server SE', version: '15.2.2562.17' },
      },
    ]);
    expect(textAt(result, name, ['assets', 'servers', 0, 'product', 'version'])).toBe(
      '"AdminDisplayVersion":  "Version 15.2 (Build 1748.10)",',
    );
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([[35, 'Exchange server without a Name or Fqdn']]);
  });

  it('reads a local session object: AdminDisplayVersion as { Major, Minor, Build, Revision }', () => {
    const name = 'exchange-server-local.json';
    const result = importFixture(name);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'ex02', name: 'EX02', role: 'exchange', product: { name: 'Exchange Server 2016', version: '15.1.2507.6' } },
    ]);
    expect(lineAt(result, name, ['assets', 'servers', 0, 'product', 'version'])).toBe('"AdminDisplayVersion": {');
  });
});

describe('exchange-servers: ConvertTo-Json -Compress', () => {
  it('locates facts by column on the one line', () => {
    const text =
      '[{"Name":"EX01","Fqdn":"EX01.contoso.com","ServerRole":2,"AdminDisplayVersion":"Version 15.2 (Build 1544.4)"},' +
      '{"Name":"EX02","Fqdn":"EX02.contoso.com","ServerRole":2,"AdminDisplayVersion":"Version 15.1 (Build 2507.6)"}]';
    const result = importerNamed('exchange-servers').import(text, 'ex.json');
    expect(result.part.snapshot.assets?.servers?.map((s) => s.id)).toEqual(['ex01', 'ex02']);
    const at = result.part.locate(['assets', 'servers', 1, 'product', 'version']);
    expect(at.line).toBe(1);
    expect(text.slice(at.column - 1)).toMatch(/^"AdminDisplayVersion":"Version 15\.1/);
  });
});

describe('exchange-servers: a version ConvertTo-Json cut to a type name', () => {
  it('says the export needs a larger -Depth', () => {
    const nested = { Servers: [{ Name: 'EX01', AdminDisplayVersion: 'System.Collections.Hashtable' }] };
    const result = importerNamed('exchange-servers').import(JSON.stringify(nested.Servers), 'ex.json');
    expect(result.rowErrors.map((e) => e.message)).toEqual([
      'EX01: AdminDisplayVersion "System.Collections.Hashtable" is not a version' +
        " (a type name: ConvertTo-Json's -Depth cut it off; export with -Depth 10)",
    ]);
  });
});

describe('exchange-servers: Get-ExchangeServer | Select-Object … | Export-Csv', () => {
  it('reads AdminDisplayVersion as Export-Csv writes it, after the #TYPE line', () => {
    const name = 'exchange-servers.csv';
    const result = importFixture(name);
    expect(result.importer).toBe('exchange-servers');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.servers?.map((s) => [s.id, s.name, s.role, s.product])).toEqual([
      ['ex01', 'EX01', 'exchange', { name: 'Exchange Server 2019', version: '15.2.1544.4' }],
      ['ex02', 'EX02', 'exchange', { name: 'Exchange Server 2016', version: '15.1.2507.6' }],
      ['edge01', 'EDGE01', 'exchange', { name: 'Exchange Server 2019', version: '15.2.1544.4' }],
    ]);
    expect(textAt(result, name, ['assets', 'servers', 1, 'product', 'version'])).toBe('"Version 15.1 (Build 2507.6)"');
    expect(result.part.locate(['assets', 'servers', 1]).line).toBe(4);
  });
});

describe('sharepoint-servers: server names with BuildVersion', () => {
  const name = 'sharepoint-servers.json';
  const result = importFixture(name);

  it('reads System.Version objects and strings, named by the sharepoint table', () => {
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'sp01',
        name: 'SP01',
        role: 'sharepoint',
        product: { name: 'SharePoint Server 2019', version: '16.0.10337.12109' },
      },
      {
        id: 'sp02',
        name: 'SP02.contoso.com',
        role: 'sharepoint',
        product: { name: 'SharePoint Server 2016', version: '16.0.5413.1001' },
      },
      {
        id: 'spse01',
        name: 'SPSE01',
        role: 'sharepoint',
        product: { name: 'SharePoint Server Subscription Edition', version: '16.0.17328.20000' },
      },
    ]);
    expect(lineAt(result, name, ['assets', 'servers', 0, 'product', 'version'])).toBe('"BuildVersion": {');
  });

  it('reports an unreadable BuildVersion at its key', () => {
    expect(result.rowErrors).toHaveLength(1);
    expect(result.rowErrors[0]).toMatchObject({ line: 24, column: 5 });
    expect(result.rowErrors[0]?.message).toContain('"sixteen" is not a version');
  });
});

describe('sharepoint-servers: Get-SPFarm | Select-Object Name, BuildVersion, Servers | ConvertTo-Json > farm.json', () => {
  const name = 'sharepoint-farm.json';
  const result = importFixture(name);

  it('gives the farm build to its SharePoint servers, not to the database and mail servers (role Invalid)', () => {
    expect(result.importer).toBe('sharepoint-servers');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'sp19-app01',
        name: 'SP19-APP01',
        role: 'sharepoint',
        product: { name: 'SharePoint Server 2019', version: '16.0.10412.20001' },
      },
      {
        id: 'sp19-wfe01',
        name: 'SP19-WFE01',
        role: 'sharepoint',
        product: { name: 'SharePoint Server 2019', version: '16.0.10412.20001' },
      },
    ]);
  });

  it('points each server at its entry and its build at the farm BuildVersion (UTF-16LE, as > writes it)', () => {
    expect(lineAt(result, name, ['assets', 'servers', 1])).toBe('{');
    expect(result.part.locate(['assets', 'servers', 1]).line).toBe(30);
    expect(lineAt(result, name, ['assets', 'servers', 1, 'product', 'version'])).toBe('"BuildVersion":  {');
  });

  it('reads servers that ConvertTo-Json wrote as text below its -Depth ("SPServer Name=…")', () => {
    const farm = {
      Name: 'SharePoint_Config',
      BuildVersion: '16.0.5413.1001',
      Servers: 'SPServer Name=SP16 SPServer Name=SP16-2',
    };
    const imported = importerNamed('sharepoint-servers').import(JSON.stringify(farm), 'farm.json');
    expect(imported.part.snapshot.assets?.servers?.map((s) => s.id)).toEqual(['sp16', 'sp16-2']);
  });
});

describe('windows-features: Get-WindowsFeature', () => {
  it('reads the JSON of one server, named by the file', () => {
    const name = 'fs01.json';
    const result = importFixture(name);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs01', role: 'file-server', fci: { installed: true } },
    ]);
    expect(lineAt(result, name, ['assets', 'servers', 0, 'fci', 'installed'])).toBe('"Installed":  true,');
    expect(result.part.locate(['assets', 'servers', 0, 'fci']).line).toBe(73);
  });

  it('reads the console table: [ ] FS-Resource-Manager Available is not installed', () => {
    const name = 'FS02.features.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs02', role: 'file-server', fci: { installed: false } },
    ]);
    expect(textAt(result, name, ['assets', 'servers', 0, 'fci', 'installed'])).toMatch(
      /^FS-Resource-Manager\s+Available$/,
    );
  });

  it('groups Invoke-Command output by PSComputerName, with InstallState as an integer', () => {
    const result = importFixture('features-remote.json');
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs03', name: 'FS03.contoso.com', role: 'file-server', fci: { installed: true } },
      { id: 'fs04', name: 'FS04.contoso.com', role: 'file-server', fci: { installed: false } },
    ]);
    expect(result.rowErrors).toHaveLength(1);
    expect(result.rowErrors[0]?.message).toContain('FS05.contoso.com: FS-Resource-Manager is not in the feature list');
  });

  it('reads a German console table by its [X] boxes (Installiert / Verfügbar), saved as UTF-16LE', () => {
    const name = 'FS-MUC.features.txt';
    const result = importFixture(name);
    expect(result.importer).toBe('windows-features');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs-muc', role: 'file-server', fci: { installed: true } },
    ]);
    expect(textAt(result, name, ['assets', 'servers', 0, 'fci', 'installed'])).toMatch(
      /^FS-Resource-Manager\s+Installiert$/,
    );
    expect(result.part.locate(['assets', 'servers', 0, 'fci'])).toEqual({ line: 10, column: 57 });
  });

  it('reads a narrow table whose Name column cuts FS-Resource-Manager, after the prompt line', () => {
    const name = 'FS07.features.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs07', role: 'file-server', fci: { installed: true } },
    ]);
    expect(textAt(result, name, ['assets', 'servers', 0, 'fci'])).toMatch(/^FS-Resource-Man\.\.\.\s+Installed$/);
  });

  it('detects Select-Object Name, Installed by the feature names it lists, and nothing else by those keys', () => {
    const selected = JSON.stringify([
      { Name: 'FileAndStorage-Services', Installed: true },
      { Name: 'FS-Resource-Manager', Installed: false },
    ]);
    expect(detectedFormatOf(selected, 'exports/FS08.json')).toBe('windows-features');
    expect(
      importerNamed('windows-features').import(selected, 'exports/FS08.json').part.snapshot.assets?.servers,
    ).toEqual([{ id: 'fs08', role: 'file-server', fci: { installed: false } }]);
    expect(detectedFormatOf(JSON.stringify([{ Name: 'printer', Installed: true }]), 'x.json')).toBeUndefined();
  });

  it('reads Get-WindowsFeature | Export-Csv (Installed True/False, InstallState as text)', () => {
    const name = 'FS05.features.csv';
    const result = importFixture(name);
    expect(result.importer).toBe('windows-features');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs05', role: 'file-server', fci: { installed: false } },
    ]);
    expect(result.part.locate(['assets', 'servers', 0, 'fci', 'installed']).line).toBe(6);
    expect(textAt(result, name, ['assets', 'servers', 0, 'fci', 'installed'])).toMatch(
      /^"False","Available","Role Service"/,
    );
  });

  it('reads a list filtered to installed features: FCI missing means not installed', () => {
    const text = JSON.stringify([{ Name: 'FS-FileServer', Installed: true, FeatureType: 'Role Service' }]);
    const features = importerNamed('windows-features');
    const result = features.import(text, 'exports/FS09.json');
    expect(result.part.snapshot.assets?.servers).toEqual([
      { id: 'fs09', role: 'file-server', fci: { installed: false } },
    ]);
  });
});
