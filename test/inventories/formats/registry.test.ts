import { describe, expect, it } from 'vitest';
import { readRegistryFile } from '../../../inventories/formats/registry-file.js';
import { importerNamed, importFixture, lineAt } from '../helpers.js';

describe('registry: a regedit export (version 5.00, UTF-16LE with BOM)', () => {
  const name = 'WS-0042.reg';
  const result = importFixture(name);
  const device = result.part.snapshot.assets?.devices?.[0];
  const registry = device?.registry as Record<string, { type: string; data: unknown }>;

  it('is a Windows device named by the file stem, without a name of its own', () => {
    expect(device).toMatchObject({ id: 'ws-0042', platform: 'windows' });
    expect(device?.name).toBeUndefined();
  });

  it('keeps the values rules read, by full path with the hive abbreviated and Computer\\ dropped', () => {
    expect(registry['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy']).toEqual({
      type: 'REG_DWORD',
      data: 1,
    });
    expect(registry['HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319\\InstallRoot']).toEqual({
      type: 'REG_EXPAND_SZ',
      data: 'C:\\Windows\\Microsoft.NET\\',
    });
    expect(registry['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ProxyOverrides']).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['*.contoso.com', '<local>'],
    });
    expect(registry['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\LastCheck']).toEqual({
      type: 'REG_QWORD',
      data: 65536,
    });
    expect(Object.keys(registry).some((k) => k.includes('Contoso'))).toBe(false);
  });

  it('derives TLS client settings from SCHANNEL and .NET', () => {
    expect(device?.tls).toEqual({
      collected: true,
      tls10: { enabled: false, disabledByDefault: true },
      tls12: { enabled: true, disabledByDefault: false },
      dotnetStrongCrypto: true,
    });
  });

  it('points facts at the value lines of the export', () => {
    const path = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';
    expect(lineAt(result, name, ['assets', 'devices', 0, 'registry', path])).toBe(
      '"UseDefaultCredentialsInProxy"=dword:00000001',
    );
    expect(lineAt(result, name, ['assets', 'devices', 0, 'tls', 'tls12', 'enabled'])).toBe('"Enabled"=dword:ffffffff');
    expect(lineAt(result, name, ['assets', 'devices', 0, 'tls'])).toBe(
      '[Computer\\HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols]',
    );
  });
});

describe('registry: REGEDIT4 and partial exports', () => {
  it('reads a REGEDIT4 ANSI export without TLS keys: no tls, so TLS rules stay unknown', () => {
    const result = importFixture('legacy-pc.reg');
    const device = result.part.snapshot.assets?.devices?.[0];
    expect(device).toEqual({
      id: 'legacy-pc',
      platform: 'windows',
      registry: {
        'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy': { type: 'REG_DWORD', data: 0 },
      },
      // The exported key was collected: a value it lacks is not set.
      collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP'],
    });
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([[9, 'unreadable data for Broken: dwort:1']]);
  });

  it('takes the device from a "; Computer:" comment, and a Protocols key alone means collected with OS defaults', () => {
    const result = importFixture('schannel-export.reg');
    const device = result.part.snapshot.assets?.devices?.[0];
    expect(device).toMatchObject({ id: 'laptop-0042', name: 'LAPTOP-0042', tls: { collected: true } });
    expect(Object.keys(device?.tls as object)).toEqual(['collected']);
  });

  it('uses ControlSet001 when the export has no CurrentControlSet, and any 0 under .NET makes strong crypto false', () => {
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]',
      '"DisabledByDefault"=dword:00000001',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]',
      '"SchUseStrongCrypto"=dword:00000001',
      '',
    ].join('\r\n');
    const result = importerNamed('registry').import(text, 'exports/pc7.reg');
    expect(result.part.snapshot.assets?.devices?.[0]?.tls).toEqual({
      collected: true,
      tls12: { disabledByDefault: true },
      dotnetStrongCrypto: false,
    });
  });

  it('parses continuations, escapes, deletions and default values', () => {
    const reg = readRegistryFile(
      [
        'Windows Registry Editor Version 5.00',
        '[HKEY_CURRENT_USER\\Software\\Contoso]',
        '@="default"',
        '"Quoted"="say \\"hi\\" C:\\\\temp"',
        '"Gone"=-',
        '"Bin"=hex:01,02,\\',
        '  ff',
        '[-HKEY_CURRENT_USER\\Software\\Removed]',
        '"Orphan"=dword:00000001',
      ].join('\n'),
    );
    expect(reg.values.map((v) => [v.key, v.name, v.type, v.data, v.line])).toEqual([
      ['HKCU\\Software\\Contoso', '(Default)', 'REG_SZ', 'default', 3],
      ['HKCU\\Software\\Contoso', 'Quoted', 'REG_SZ', 'say "hi" C:\\temp', 4],
      ['HKCU\\Software\\Contoso', 'Bin', 'REG_BINARY', '0102ff', 6],
    ]);
    expect(reg.errors).toEqual([]);
  });
});

describe('registry: Get-ItemProperty … | ConvertTo-Json (values read by PowerShell, not regedit)', () => {
  const name = 'WS-0107.tls.json';
  const result = importFixture(name);
  const device = result.part.snapshot.assets?.devices?.[0];

  it('reads each object as a key by its PSPath, and Int32 -1 as DWORD 0xffffffff (enabled)', () => {
    expect(result.importer).toBe('registry');
    expect(result.rowErrors).toEqual([]);
    expect(device).toMatchObject({ id: 'ws-0107', platform: 'windows' });
    expect(device?.tls).toEqual({
      collected: true,
      tls10: { enabled: false, disabledByDefault: true },
      tls12: { enabled: true, disabledByDefault: false },
      dotnetStrongCrypto: true,
    });
    expect(device?.registry).toMatchObject({
      'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy': { type: 'REG_DWORD', data: 1 },
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client\\Enabled': {
        type: 'REG_DWORD',
        data: 0xffffffff,
      },
    });
  });

  it('points each value at its JSON key', () => {
    expect(lineAt(result, name, ['assets', 'devices', 0, 'tls', 'tls12', 'enabled'])).toBe('"Enabled":  -1,');
    expect(lineAt(result, name, ['assets', 'devices', 0, 'tls', 'tls10', 'disabledByDefault'])).toBe(
      '"DisabledByDefault":  1,',
    );
    expect(result.part.locate(['assets', 'devices', 0, 'tls', 'tls12', 'enabled']).line).toBe(32);
  });

  it('names the device by the PSComputerName of Invoke-Command output', () => {
    const remote = [
      {
        UseDefaultCredentialsInProxy: 0,
        PSPath: 'Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP',
        PSComputerName: 'WS-0200.contoso.com',
        RunspaceId: '1b2c3d4e-0000-4000-8000-000000000000',
      },
    ];
    const imported = importerNamed('registry').import(JSON.stringify(remote, null, 2), 'msip.json');
    expect(imported.part.snapshot.assets?.devices?.[0]).toMatchObject({
      id: 'ws-0200',
      name: 'WS-0200.contoso.com',
      registry: { 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy': { data: 0 } },
    });
  });

  it('says which keys were collected: each object is a key read whole', () => {
    const msip = {
      PSPath: 'Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP',
      PSChildName: 'MSIP',
    };
    const imported = importerNamed('registry').import(JSON.stringify([msip], null, 2), 'ws-0300.json');
    const collected = imported.part.snapshot.assets?.devices?.[0];
    expect(collected?.collectedRegistryKeys).toEqual(['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP']);
    expect(collected?.registry).toEqual({});
    expect(device?.collectedRegistryKeys).toContain(
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client',
    );
  });
});
