import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../inventories/formats/csv.js';
import { detectedFormatOf, importerNamed, importFixture, lineAt, textAt } from '../helpers.js';

describe('intune-csv: the portal export (display headers, BOM, CRLF, quoted fields)', () => {
  const name = 'intune-all-devices.csv';
  const result = importFixture(name);
  const devices = result.part.snapshot.assets?.devices ?? [];
  const byId = (id: string) => devices.find((d) => d.id === id);

  it('maps each device to the canonical model, named through the version tables', () => {
    expect(byId('desktop-7f3k2lq')).toEqual({
      id: 'desktop-7f3k2lq',
      name: 'DESKTOP-7F3K2LQ',
      platform: 'windows',
      os: { name: 'Windows 10 Enterprise', version: '10.0.19045.3570', edition: 'Enterprise', type: 'client' },
      observedAt: '2024-11-14T08:23:11Z',
      primaryUser: 'adele.vance@contoso.com',
      architecture: 'x64',
      // "Azure AD Device ID" and "Device ID": what joins this row with other exports of the device.
      entraDeviceId: '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      intuneDeviceId: '0d1b4f3e-8c2a-4a57-9f0e-5a1d2c3b4e01',
    });
    const first = devices.findIndex((d) => d.id === 'desktop-7f3k2lq');
    expect(textAt(result, name, ['assets', 'devices', first, 'entraDeviceId'])).toMatch(/^"7c6e5d4f-/);
    expect(byId('laptop-0042')?.os).toMatchObject({ name: 'Windows 11 Enterprise' });
    expect(byId('surface-arm-01')?.architecture).toBe('arm64');
    expect(byId('phone-legacy')).toMatchObject({ platform: 'windows-mobile', os: { name: 'Windows 10 Mobile' } });
  });

  it.for([
    ['iphone', 'ios', '17.1.1'],
    ['sm-g991b', 'android', '13'],
    ['rt-kiosk-07', 'android', '12'],
    ['mbp-design-3', 'macos', '14.1.1'],
    ['ubuntu-dev-7', 'linux', '22.04'],
  ] as const)('%s is %s %s', ([id, platform, version]) => {
    expect(byId(id)).toMatchObject({ platform, os: { version } });
  });

  it('treats 0001-01-01 and 9999-12-31 as no date', () => {
    expect(byId('sm-g991b')?.observedAt).toBeUndefined();
    expect(byId('rt-kiosk-07')?.observedAt).toBeUndefined();
  });

  it('keeps two devices of one name apart: the newest check-in keeps the id', () => {
    expect(byId('iphone')?.os).toMatchObject({ version: '17.1.1' });
    expect(byId('iphone~0d1b4f3e-8c2a-4a57-9f0e-5a1d2c3b4e05')?.os).toMatchObject({ version: '15.7' });
  });

  it('reports a row with a malformed version with its line and keeps the others', () => {
    expect(result.rowErrors).toHaveLength(1);
    expect(result.rowErrors[0]).toMatchObject({ file: `fixtures/${name}`, line: 13, code: 'bad-row' });
    expect(result.rowErrors[0]?.message).toContain('"Windows 10 Pro" is not a version');
    expect(devices).toHaveLength(10);
  });

  it('locates facts in the original rows and cells, after a row that spans two lines', () => {
    const index = devices.findIndex((d) => d.id === 'laptop-0042');
    expect(lineAt(result, name, ['assets', 'devices', index])).toMatch(/^"0d1b4f3e-[^"]*e02","LAPTOP-0042"/);
    expect(textAt(result, name, ['assets', 'devices', index, 'os', 'version'])).toMatch(/^"10\.0\.22631\.2715"/);
    const after = devices.findIndex((d) => d.id === 'surface-arm-01');
    expect(result.part.locate(['assets', 'devices', after]).line).toBe(5);
    expect(textAt(result, name, ['assets', 'devices', after, 'architecture'])).toMatch(/^"ARM64"/);
    expect(textAt(result, name, ['assets', 'devices', after, 'os', 'name'])).toMatch(/^"Windows"/);
  });
});

describe('intune-csv: the export job (raw headers, LF, no BOM)', () => {
  const result = importFixture('intune-export-job.csv');
  const devices = result.part.snapshot.assets?.devices ?? [];

  it('reads DeviceName, OS, OSVersion, LastContact, UPN, SkuFamily and ProcessorArchitecture', () => {
    expect(devices[0]).toEqual({
      id: 'desktop-7f3k2lq',
      name: 'DESKTOP-7F3K2LQ',
      platform: 'windows',
      os: { name: 'Windows 10 Enterprise', version: '10.0.19045.4291', edition: 'Enterprise', type: 'client' },
      observedAt: '2024-11-20T07:00:00Z',
      primaryUser: 'adele.vance@contoso.com',
      architecture: 'x64',
      // The export job names the Entra device id ReferenceId.
      entraDeviceId: '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      intuneDeviceId: '1f2e3d4c-0000-4000-8000-000000000001',
    });
    expect(devices[1]).toMatchObject({
      os: { name: 'Windows 7 Enterprise', version: '6.1.7601.24544' },
      architecture: 'x86',
    });
    expect(result.rowErrors).toEqual([]);
  });
});

describe('intune-csv: managedDevice lists saved with Export-Csv', () => {
  it('reads Get-MgDeviceManagementManagedDevice | Select-Object … | Export-Csv (PowerShell 7: no #TYPE, quoted)', () => {
    const text = [
      '"DeviceName","OperatingSystem","OSVersion","LastSyncDateTime","UserPrincipalName","Id"',
      '"DESKTOP-7F3K2LQ","Windows","10.0.19045.5131","11/21/2024 9:15:30 AM","adele.vance@contoso.com","0d1b4f3e"',
      '"Megan\'s iPad","iOS","16.7.2","11/20/2024 6:02:11 PM","megan.bowen@contoso.com","0d1b4f3f"',
      '',
    ].join('\r\n');
    expect(detectedFormatOf(text, 'managed-devices.csv')).toBe('intune-csv');
    const result = importerNamed('intune-csv').import(text, 'managed-devices.csv');
    expect(result.rowErrors).toEqual([]);
    expect(
      result.part.snapshot.assets?.devices?.map((d) => [
        d.id,
        d.platform,
        (d.os as { version?: string } | undefined)?.version,
        d.observedAt,
      ]),
    ).toEqual([
      ['desktop-7f3k2lq', 'windows', '10.0.19045.5131', '2024-11-21T09:15:30Z'],
      ["megan's ipad", 'ios', '16.7.2', '2024-11-20T18:02:11Z'],
    ]);
  });

  it('takes the OS name from OS_loc when an export job coded OS as a number', () => {
    const text = 'DeviceName,OS,OS_loc,OSVersion\nPC-1,1,Windows,10.0.22631.2715\nPAD-1,2,iOS,17.1.1\n';
    const result = importerNamed('intune-csv').import(text, 'export.csv');
    expect(
      result.part.snapshot.assets?.devices?.map((d) => [
        d.id,
        d.platform,
        (d.os as { name?: string } | undefined)?.name,
      ]),
    ).toEqual([
      ['pc-1', 'windows', 'Windows 11'],
      ['pad-1', 'ios', 'iOS'],
    ]);
  });

  it('takes a row saying only "Windows" with a build only Windows Server has as a managed server device', () => {
    const text = 'DeviceName,OS,OSVersion\nAVD-HOST-1,Windows,10.0.20348.2582\nPC-2,Windows,10.0.17763.6054\n';
    const result = importerNamed('intune-csv').import(text, 'export.csv');
    expect(result.part.snapshot.assets?.servers ?? []).toEqual([]);
    expect(result.part.snapshot.assets?.devices?.map((d) => [d.id, d.os])).toEqual([
      ['avd-host-1', { name: 'Windows Server 2022', version: '10.0.20348.2582', type: 'server' }],
      // 17763 is Windows 10 1809 as well as Server 2019: the export does not say server, so a client.
      ['pc-2', { name: 'Windows 10', version: '10.0.17763.6054', type: 'client' }],
    ]);
  });
});

describe('ad-computers-csv: Get-ADComputer | Export-Csv', () => {
  const name = 'ad-computers.csv';
  const result = importFixture(name);
  const devices = result.part.snapshot.assets?.devices ?? [];
  const servers = result.part.snapshot.assets?.servers ?? [];

  it('makes Windows clients devices and Windows Servers role-less servers', () => {
    expect(devices.map((d) => d.id)).toEqual(['desktop-7f3k2lq', 'ws-0042', 'mac-art-1']);
    expect(devices[0]).toEqual({
      id: 'desktop-7f3k2lq',
      name: 'DESKTOP-7F3K2LQ',
      observedAt: '2024-11-18T07:41:09Z',
      platform: 'windows',
      os: { name: 'Windows 10 Enterprise', version: '10.0.19045', type: 'client' },
    });
    expect(devices[2]).toMatchObject({ platform: 'macos', os: { version: '10.15' } });
    expect(servers).toEqual([
      {
        id: 'fs01',
        name: 'FS01',
        observedAt: '2024-11-19T23:02:57Z',
        os: { name: 'Windows Server 2016 Datacenter', version: '10.0.14393' },
      },
      {
        id: 'fs02',
        name: 'FS02',
        observedAt: '2024-11-19T06:15:00Z',
        os: { name: 'Windows Server 2012 R2 Standard', version: '6.3.9600' },
      },
      {
        id: 'ex01',
        name: 'EX01',
        observedAt: '2024-11-20T01:00:00Z',
        os: { name: 'Windows Server 2019 Standard', version: '10.0.17763' },
      },
    ]);
    expect(servers.every((s) => s.role === undefined)).toBe(true);
  });

  it('skips disabled accounts and computers without an operating system', () => {
    const ids = [...devices, ...servers].map((a) => a.id);
    expect(ids).not.toContain('old-pc-17');
    expect(ids).not.toContain('sqlclu01');
  });

  it('reports the unreadable OperatingSystemVersion at its cell', () => {
    expect(result.rowErrors).toHaveLength(1);
    const error = result.rowErrors[0];
    expect(error?.line).toBe(11);
    expect(error?.message).toContain('"ten (19045)" is not a version');
    expect(textAt(result, name, ['assets', 'servers', 0, 'os', 'version'])).toMatch(/^"10\.0 \(14393\)"/);
    expect(lineAt(result, name, ['assets', 'servers', 0])).toMatch(/^"CN=FS01,/);
  });

  it('reads a semicolon-delimited, day-first German export', () => {
    const de = importFixture('ad-computers-de.csv');
    expect(de.part.snapshot.assets?.devices).toEqual([
      {
        id: 'pc-berlin-01',
        name: 'PC-BERLIN-01',
        observedAt: '2024-11-14T08:23:11Z',
        platform: 'windows',
        os: { name: 'Windows 10 Pro', version: '10.0.19045', type: 'client' },
      },
    ]);
  });
});

describe('ad-computers-csv: csvde -f … -l "name,dNSHostName,operatingSystem,…,userAccountControl"', () => {
  const name = 'ad-computers-csvde.csv';
  const result = importFixture(name);

  it('reads LDAP attribute names, FILETIME logons, and skips accounts userAccountControl disables (0x2)', () => {
    expect(result.importer).toBe('ad-computers-csv');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.devices).toEqual([
      {
        id: 'desktop-7f3k2lq',
        name: 'DESKTOP-7F3K2LQ',
        observedAt: '2024-11-14T08:23:11Z',
        platform: 'windows',
        os: { name: 'Windows 10 Enterprise', version: '10.0.19045', type: 'client' },
      },
    ]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'fs01',
        name: 'FS01',
        observedAt: '2024-11-17T00:02:57Z',
        os: { name: 'Windows Server 2016 Datacenter', version: '10.0.14393' },
      },
    ]);
    expect(textAt(result, name, ['assets', 'servers', 0, 'observedAt'])).toBe('133762753770000000,4096');
  });
});

describe('CSV reading', () => {
  it('reports rows with the wrong number of fields and unreadable quoting, and keeps the rest', () => {
    const text = 'DeviceName,OS,OSVersion\r\nA,Windows,10.0.19045\r\nB,Windows\r\n"C,Windows,10.0.22631\r\n';
    const table = readCsv(text);
    expect(table.rows.map((r) => r.fields.length)).toEqual([3, 2]);
    // At the row the quote opened in (line 4), not at the end of the file where csv-parse noticed it.
    expect(table.errors).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringContaining('a quote opened in this row is never closed'),
      }),
    ]);
  });

  it('skips the #TYPE and header lines of exports concatenated into one file, keeping line numbers', () => {
    const part = '#TYPE Selected.Microsoft.ActiveDirectory.Management.ADComputer\r\n"Name","OperatingSystem"\r\n';
    const text = `${part}"PC1","Windows 10 Pro"\r\n${part}"PC2","Windows 11 Pro"\r\n`;
    const table = readCsv(text);
    expect(table.rows.map((r) => [r.fields[0], r.line])).toEqual([
      ['PC1', 3],
      ['PC2', 6],
    ]);
  });

  it('gives cell positions through quoted line breaks and multi-byte characters', () => {
    const text = '"a","b","c"\n"Jürgen 😀","x\ny","z"\n"q","r","s"\n';
    const table = readCsv(text);
    const [first, second] = table.rows;
    if (!first || !second) throw new Error('rows missing');
    expect(table.cell(first, 2)).toEqual({ line: 3, column: 4 });
    expect(table.rowStart(second)).toEqual({ line: 4, column: 1 });
    expect(table.cell(second, 1)).toEqual({ line: 4, column: 5 });
  });
});
