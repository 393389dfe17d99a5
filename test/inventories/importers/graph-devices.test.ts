import { describe, expect, it } from 'vitest';
import { importerNamed, importFixture, lineAt, textAt } from '../helpers.js';

describe('graph-devices: managedDevice pages', () => {
  const name = 'graph-managed-devices.json';
  const result = importFixture(name);
  const devices = result.part.snapshot.assets?.devices ?? [];

  it('reads deviceName, operatingSystem, osVersion, lastSyncDateTime and userPrincipalName', () => {
    expect(devices[0]).toEqual({
      id: 'desktop-7f3k2lq',
      name: 'DESKTOP-7F3K2LQ',
      observedAt: '2024-11-21T09:15:30Z',
      platform: 'windows',
      os: { name: 'Windows 10', version: '10.0.19045.5131', type: 'client' },
      primaryUser: 'adele.vance@contoso.com',
      entraDeviceId: '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      intuneDeviceId: '0d1b4f3e-8c2a-4a57-9f0e-5a1d2c3b4e01',
    });
    expect(devices[1]).toMatchObject({ id: "megan's ipad", platform: 'ios', os: { version: '16.7.2' } });
    expect(devices[2]).toMatchObject({
      id: 'lumia-950',
      platform: 'windows-mobile',
      os: { name: 'Windows 10 Mobile' },
    });
  });

  it('reports an element without a name at its object and imports the rest', () => {
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([
      [40, 'device without a deviceName or displayName'],
    ]);
    expect(devices).toHaveLength(3);
  });

  it('points facts at their keys in the page', () => {
    expect(textAt(result, name, ['assets', 'devices', 0, 'os', 'version'])).toBe('"osVersion": "10.0.19045.5131",');
    expect(textAt(result, name, ['assets', 'devices', 2, 'platform'])).toBe('"operatingSystem": "Windows Mobile",');
    expect(lineAt(result, name, ['assets', 'devices', 1])).toBe('{');
    expect(result.part.locate(['assets', 'devices', 1]).line).toBe(30);
  });
});

describe('graph-devices: Entra device objects', () => {
  const result = importFixture('entra-devices.json');
  const { devices = [], servers = [] } = result.part.snapshot.assets ?? {};

  it('reads displayName and operatingSystemVersion, and skips disabled devices', () => {
    expect(devices.map((d) => [d.id, d.platform])).toEqual([
      ['laptop-0042', 'windows'],
      ["isaiah's macbook", 'macos'],
      ['pixel 7', 'android'],
    ]);
    expect(devices[0]).toMatchObject({
      observedAt: '2024-11-18T07:40:00Z',
      os: { name: 'Windows 11', version: '10.0.22631.4460' },
    });
  });

  it('makes a Windows Server a server named by the Windows Server table, with no role', () => {
    expect(servers).toEqual([
      {
        id: 'ex01',
        name: 'EX01',
        observedAt: '2024-11-19T23:00:00Z',
        os: { name: 'Windows Server 2019', version: '10.0.17763.6414' },
      },
    ]);
  });

  it('reads bare arrays, pages and arrays of pages alike', () => {
    const device = { deviceName: 'PC9', operatingSystem: 'Windows', osVersion: '10.0.26100.1' };
    for (const text of [
      JSON.stringify([device]),
      JSON.stringify({ value: [device] }),
      JSON.stringify([{ value: [device] }, { value: [{ ...device, deviceName: 'PC10' }] }]),
      JSON.stringify(device),
    ]) {
      const imported = importerNamed('graph-devices').import(text, 'inline.json');
      expect(imported.part.snapshot.assets?.devices?.[0]).toMatchObject({ id: 'pc9', os: { name: 'Windows 11' } });
    }
  });

  it('turns broken JSON into a diagnostic, not a throw', () => {
    const imported = importerNamed('graph-devices').import(
      '{"value": [ {"deviceName": "PC1", "operatingSystem": "Windows", ',
      'inline.json',
    );
    expect(imported.diagnostics.length).toBeGreaterThan(0);
    expect(imported.diagnostics[0]?.code).toBe('parse-error');
  });
});

describe('graph-devices: Get-AzureADDevice | ConvertTo-Json (the retired AzureAD module), UTF-16LE', () => {
  const name = 'azuread-devices.json';
  const result = importFixture(name);

  it('reads DeviceOSType, DeviceOSVersion and ApproximateLastLogonTimeStamp; skips disabled devices', () => {
    expect(result.importer).toBe('graph-devices');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.devices).toEqual([
      {
        id: 'desktop-7f3k2lq',
        name: 'DESKTOP-7F3K2LQ',
        observedAt: '2024-11-18T09:20:00Z',
        platform: 'windows',
        os: { name: 'Windows 10', version: '10.0.19045.3570', type: 'client' },
        entraDeviceId: '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      },
      {
        id: "megan's iphone",
        name: "Megan's iPhone",
        observedAt: '2024-11-14T09:00:00Z',
        platform: 'ios',
        os: { name: 'IPhone', version: '16.7.2' },
        entraDeviceId: '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e71',
      },
    ]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'ex01',
        name: 'EX01',
        observedAt: '2024-11-19T08:00:00Z',
        os: { name: 'Windows Server 2019', version: '10.0.17763.6414' },
      },
    ]);
  });

  it('points the version at its DeviceOSVersion line', () => {
    expect(lineAt(result, name, ['assets', 'devices', 1, 'os', 'version'])).toBe('"DeviceOSVersion":  "16.7.2",');
    expect(lineAt(result, name, ['assets', 'servers', 0, 'observedAt'])).toBe(
      '"ApproximateLastLogonTimeStamp":  "\\/Date(1732003200000)\\/",',
    );
  });

  it('reads Get-MsolDevice output (DeviceOsType, Enabled)', () => {
    const msol = [
      { Enabled: false, DisplayName: 'OLD-PC', DeviceOsType: 'Windows', DeviceOsVersion: '6.1.7601' },
      {
        Enabled: true,
        ObjectId: '9a1b',
        DisplayName: 'LAPTOP-0042',
        DeviceOsType: 'Windows',
        DeviceOsVersion: '10.0.22631',
        ApproximateLastLogonTimestamp: '/Date(1731921600000)/',
      },
    ];
    const imported = importerNamed('graph-devices').import(JSON.stringify(msol), 'msol.json');
    expect(imported.part.snapshot.assets?.devices).toEqual([
      {
        id: 'laptop-0042',
        name: 'LAPTOP-0042',
        observedAt: '2024-11-18T09:20:00Z',
        platform: 'windows',
        os: { name: 'Windows 11', version: '10.0.22631', type: 'client' },
      },
    ]);
  });
});

describe('graph-devices: the Entra admin center\'s "Download devices" CSV', () => {
  const name = 'entra-devices-download.csv';
  const result = importFixture(name);

  it('reads displayName, operatingSystem(Version) and approximateLastSignInDateTime; skips disabled devices', () => {
    expect(result.importer).toBe('graph-devices');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.assets?.devices?.map((d) => [d.id, d.platform, d.os, d.observedAt])).toEqual([
      [
        'desktop-7f3k2lq',
        'windows',
        { name: 'Windows 10', version: '10.0.19045.3570', type: 'client' },
        '2024-11-18T07:40:00Z',
      ],
      [
        'laptop-0042',
        'windows',
        { name: 'Windows 11', version: '10.0.22631.4460', type: 'client' },
        '2024-11-19T16:05:00Z',
      ],
      ["megan's iphone", 'ios', { name: 'iOS', version: '17.1.1' }, '2024-11-14T09:00:00Z'],
      ['mac-design-03', 'macos', { name: 'MacMDM', version: '14.1.1' }, '2024-11-02T10:00:00Z'],
    ]);
    expect(result.part.snapshot.assets?.servers).toEqual([
      {
        id: 'ex01',
        name: 'EX01',
        observedAt: '2024-11-19T08:00:00Z',
        os: { name: 'Windows Server 2019', version: '10.0.17763.6414' },
      },
    ]);
  });

  it('points facts at their cells, past quoted owner lists', () => {
    expect(textAt(result, name, ['assets', 'devices', 1, 'os', 'version'])).toMatch(
      /^10\.0\.22631\.4460,Microsoft Entra/,
    );
    expect(result.part.locate(['assets', 'devices', 1, 'observedAt'])).toEqual({ line: 3, column: 193 });
  });

  it('reads Get-MgDevice | Export-Csv (PascalCase headers) the same way', () => {
    const text = [
      '"DisplayName","OperatingSystem","OperatingSystemVersion","ApproximateLastSignInDateTime","AccountEnabled","TrustType"',
      '"LAPTOP-0042","Windows","10.0.22631.4460","11/19/2024 4:05:00 PM","True","ServerAd"',
      '',
    ].join('\r\n');
    const imported = importerNamed('graph-devices').import(text, 'mg-devices.csv');
    expect(imported.part.snapshot.assets?.devices?.map((d) => [d.id, d.observedAt])).toEqual([
      ['laptop-0042', '2024-11-19T16:05:00Z'],
    ]);
  });
});
