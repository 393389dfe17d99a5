import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeParts } from '../../../engine/snapshot/merge.js';
import { buildTargets } from '../../../engine/snapshot/targets.js';
import { createImporters } from '../../../inventories/importers/index.js';
import { isClientName } from '../../../inventories/importers/labeling-client.js';
import { readInventories } from '../../../inventories/read.js';
import { getSchemas } from '../../../run/aipcheck.js';
import {
  detectedFormat,
  detectedFormatOf,
  fixturesDir,
  fixtureText,
  importFixture,
  lineAt,
  textAt,
} from '../helpers.js';

const CLIENT_APP = '7d3c5b1a-2f4e-4c6d-9e8f-0a1b2c3d4e5f';
const withAppId = createImporters(getSchemas().inventory, undefined, { labelingClientAppIds: [CLIENT_APP] });

/** The devices of an import, by id, as `[id, labelingClient]` pairs. */
function clients(result: ReturnType<typeof importFixture>): [string, unknown][] {
  return (result.part.snapshot.assets?.devices ?? []).map((d) => [d.id, d.labelingClient]);
}

describe('installed software: detection from content', () => {
  it.for([
    ['graph-detected-apps.json', 'graph-detected-apps'],
    ['WS-0500.detected-apps.json', 'graph-detected-apps'],
    ['configmgr-add-remove-programs.csv', 'configmgr-programs-csv'],
    ['intune-app-install-status.csv', 'intune-app-install-status-csv'],
    ['WS-0800.uninstall.reg', 'registry'],
    ['WS-0802.uninstall.json', 'registry'],
    // Exports that were read before keep their importer.
    ['graph-managed-devices.json', 'graph-devices'],
    ['intune-export-job.csv', 'intune-csv'],
    ['ad-computers.csv', 'ad-computers-csv'],
  ])('%s → %s', ([fixture, format]) => {
    expect(detectedFormat(fixture as string)).toBe(format);
  });
});

describe('the labeling client by product name', () => {
  it.for([
    ['Microsoft Azure Information Protection', true],
    ['Microsoft Purview Information Protection', true],
    ['microsoft azure information protection (x64)', true],
    ['Microsoft Azure Information Protection 2.16.79.0', true],
    ['Microsoft Azure Information Protection Viewer', false],
    ['Microsoft Purview Information Protection Scanner', false],
    ['Microsoft Information Protection SDK', false],
    ['Azure Information Protection', false],
  ])('%s → %s', ([name, expected]) => {
    expect(isClientName(name as string)).toBe(expected);
  });
});

describe('Graph detectedApps', () => {
  const name = 'graph-detected-apps.json';
  const result = importFixture(name);

  it('reads pages saved together: a device under a client app has it, a device listed only under others has not', () => {
    expect(result.schemaProblems).toEqual([]);
    expect(result.rowErrors).toEqual([]);
    expect(clients(result)).toEqual([
      ['ws-0042', { installed: true, name: 'Microsoft Azure Information Protection', version: '2.16.79.0' }],
      ['ws-0107', { installed: true, name: 'Microsoft Azure Information Protection', version: '2.16.79.0' }],
      // The Viewer is not the client.
      ['ws-0200', { installed: false }],
      // On the second page, under the Purview client.
      ['ws-0315', { installed: true, name: 'Microsoft Purview Information Protection', version: '2.18.26.0' }],
      ['mac-0007', { installed: false }],
    ]);
    expect(result.part.snapshot.assets?.devices?.find((d) => d.id === 'mac-0007')?.platform).toBe('macos');
  });

  it('points the client at the device under the app and the version at the app', () => {
    expect(lineAt(result, name, ['assets', 'devices', 0, 'labelingClient', 'installed'])).toBe('{');
    expect(textAt(result, name, ['assets', 'devices', 0, 'labelingClient', 'version'])).toBe('"version": "2.16.79.0",');
    expect(textAt(result, name, ['assets', 'devices', 3, 'labelingClient'])).toMatch(/^\{ "id": "c3d4e5f6/);
  });

  it('reads one page per file, and a managed device with its detectedApps', () => {
    const page = JSON.parse(fixtureText(name))[1];
    const file = 'fixtures/detected-apps-page2.json';
    const text = JSON.stringify(page, null, 2);
    expect(detectedFormatOf(text, file)).toBe('graph-detected-apps');
    const devices = withAppId
      .find((i) => i.name === 'graph-detected-apps')
      ?.import(text, file)
      .part.snapshot.assets?.devices?.map((d) => [
        d.id,
        (d.labelingClient as { installed?: boolean } | undefined)?.installed,
      ]);
    expect(devices).toEqual([
      ['ws-0315', true],
      ['ws-0200', false],
      ['mac-0007', false],
    ]);
    const device = importFixture('WS-0500.detected-apps.json');
    expect(clients(device)).toEqual([
      ['ws-0500', { installed: true, name: 'Microsoft Purview Information Protection', version: '2.18.26.0' }],
    ]);
  });

  it('asks for the devices when the app list was not expanded', () => {
    const text = JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/detectedApps',
      value: [
        { displayName: 'Microsoft Azure Information Protection', version: '2.16.79.0', sizeInByte: 0, deviceCount: 4 },
      ],
    });
    const result = withAppId.find((i) => i.name === 'graph-detected-apps')?.import(text, 'apps.json');
    expect(result?.rowErrors.map((e) => e.message).join('\n')).toMatch(/\$expand=managedDevices/);
    expect(result?.part.snapshot.assets?.devices).toBeUndefined();
  });
});

describe('Configuration Manager Add/Remove Programs CSV', () => {
  const name = 'configmgr-add-remove-programs.csv';
  const result = importFixture(name);

  it('reads one row per program and machine; the classic client 1.x is not the unified labeling client', () => {
    expect(result.schemaProblems).toEqual([]);
    expect(clients(result)).toEqual([
      ['ws-0042', { installed: true, name: 'Microsoft Azure Information Protection', version: '2.16.79.0' }],
      ['ws-0600', { installed: false }],
      ['ws-0601', { installed: false, name: 'Microsoft Azure Information Protection', version: '1.54.59.0' }],
      // Mid-upgrade both are listed: the newest wins.
      ['ws-0602', { installed: true, name: 'Microsoft Purview Information Protection', version: '2.18.26.0' }],
    ]);
  });

  it('points at the DisplayName0 and Version0 cells', () => {
    expect(textAt(result, name, ['assets', 'devices', 0, 'labelingClient', 'installed'])).toMatch(
      /^Microsoft Azure Information Protection,2\.16/,
    );
    expect(textAt(result, name, ['assets', 'devices', 0, 'labelingClient', 'version'])).toMatch(/^2\.16\.79\.0,/);
  });

  it.for([
    [
      'aliased query columns',
      'MachineName,DisplayName,Version\r\nWS-0900,Microsoft Azure Information Protection,2.17.66.0\r\n',
    ],
    [
      'Excel re-save with semicolons and a v_R_System join',
      'ResourceID;Netbios_Name0;DisplayName0;Version0;Publisher0\r\n16777220;WS-0900;Microsoft Azure Information Protection;2.17.66.0;Microsoft Corporation\r\n',
    ],
    [
      'the console export',
      '"Computer Name","Display Name","Version","Publisher"\r\n"WS-0900","Microsoft Azure Information Protection","2.17.66.0","Microsoft Corporation"\r\n',
    ],
  ])('%s', ([, text]) => {
    expect(detectedFormatOf(text as string, 'programs.csv')).toBe('configmgr-programs-csv');
    const importer = withAppId.find((i) => i.name === 'configmgr-programs-csv');
    expect(importer?.import(text as string, 'programs.csv').part.snapshot.assets?.devices).toEqual([
      {
        id: 'ws-0900',
        name: 'WS-0900',
        platform: 'windows',
        labelingClient: { installed: true, name: 'Microsoft Azure Information Protection', version: '2.17.66.0' },
      },
    ]);
  });
});

describe('Intune app "Device install status" CSV', () => {
  const name = 'intune-app-install-status.csv';

  it('needs to be told which app is the labeling client, and says how', () => {
    const result = importFixture(name);
    expect(result.part.snapshot.assets?.devices).toBeUndefined();
    expect(result.rowErrors.map((e) => e.message)).toEqual([
      `the report is about app ${CLIENT_APP}: say which app is the labeling client with --labeling-client-app-id ${CLIENT_APP}`,
    ]);
  });

  it('with --labeling-client-app-id: installed, failed and not installed decide; pending says nothing', () => {
    const text = fixtureText(name);
    const result = withAppId.find((i) => i.name === 'intune-app-install-status-csv')?.import(text, name);
    expect(result?.rowErrors).toEqual([]);
    expect(result?.part.snapshot.assets?.devices?.map((d) => [d.id, d.labelingClient])).toEqual([
      ['ws-0700', { installed: true, version: '2.18.26.0' }],
      ['ws-0701', { installed: false }],
      ['ws-0703', { installed: false }],
    ]);
  });

  it('skips another app named with the option, with a row error', () => {
    const other = createImporters(getSchemas().inventory, undefined, { labelingClientAppIds: ['1111'] });
    const result = other.find((i) => i.name === 'intune-app-install-status-csv')?.import(fixtureText(name), name);
    expect(result?.rowErrors.map((e) => e.message)).toEqual([
      `app ${CLIENT_APP} is not the labeling client app named with --labeling-client-app-id; its rows are skipped`,
    ]);
  });
});

describe('Uninstall keys (.reg and Get-ItemProperty JSON)', () => {
  it.for([
    [
      'WS-0800.uninstall.reg',
      { installed: true, name: 'Microsoft Azure Information Protection', version: '2.16.79.0' },
      '"DisplayName"="Microsoft Azure Information Protection"',
    ],
    // Both views exported, neither lists the client: not installed, located at the first Uninstall key.
    [
      'WS-0801.uninstall.reg',
      { installed: false },
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall]',
    ],
    [
      'WS-0802.uninstall.json',
      { installed: true, name: 'Microsoft Purview Information Protection', version: '2.18.26.0' },
      '"DisplayName":  "Microsoft Purview Information Protection",',
    ],
  ])('%s', ([fixture, client, line]) => {
    const result = importFixture(fixture as string);
    expect(result.schemaProblems).toEqual([]);
    const device = result.part.snapshot.assets?.devices?.[0];
    expect(device?.labelingClient).toEqual(client);
    expect(lineAt(result, fixture as string, ['assets', 'devices', 0, 'labelingClient', 'installed'])).toBe(line);
  });

  it('says nothing about the client when no Uninstall key was exported', () => {
    expect(importFixture('WS-0042.reg').part.snapshot.assets?.devices?.[0]?.labelingClient).toBeUndefined();
  });
});

describe('merging installed software with device exports', () => {
  it('joins a device from Intune, detectedApps and a .reg into one target; disagreeing exports are reported', async () => {
    const files = [
      'intune-all-devices.csv',
      'graph-detected-apps.json',
      'WS-0042.reg',
      'configmgr-add-remove-programs.csv',
    ];
    const read = await readInventories(
      files.map((f) => path.join(fixturesDir, f)),
      fixturesDir,
      { importers: withAppId },
    );
    const merged = mergeParts(read.parts);
    const targets = buildTargets(merged).filter((t) => t.kind === 'device' && t.id === 'ws-0042');
    expect(targets).toHaveLength(1);
    expect(targets[0]?.facts.device).toMatchObject({
      labelingClient: { installed: true, version: '2.16.79.0' },
      tls: { collected: true },
    });
    // Intune's check-in is newer than either software export's (they have none), and both say the same: the first
    // to supply the fact keeps it.
    expect(targets[0]?.origins?.get('labelingClient')?.file).toBe('graph-detected-apps.json');
    expect(merged.notices.filter((n) => n.code === 'conflicting-asset' && /ws-0042/.test(n.message))).toEqual([]);
  });

  it('reports a device whose client two exports disagree about, naming both files', () => {
    const apps = importFixture('graph-detected-apps.json').part;
    const programs = withAppId
      .find((i) => i.name === 'configmgr-programs-csv')
      ?.import('Name0,DisplayName0,Version0\r\nWS-0107,7-Zip 23.01 (x64),23.01\r\n', 'programs.csv').part;
    const merged = mergeParts([apps, ...(programs ? [programs] : [])]);
    const notice = merged.notices.find((n) => n.code === 'conflicting-asset');
    expect(notice?.message).toMatch(
      /ws-0107 is described by fixtures\/graph-detected-apps\.json:22:11 and programs\.csv:2:1 /,
    );
    expect(notice?.message).toMatch(/labelingClient/);
  });
});

describe('--labeling-client-app-id on the command line', () => {
  it('evaluate and validate read the install status report only when told which app is the client', async () => {
    const { runCli } = await import('../../cli/run-cli.js');
    const file = 'intune-app-install-status.csv';
    const without = await runCli(['validate', file], fixturesDir);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/:2:196: bad-row: the report is about app 7d3c5b1a-.*--labeling-client-app-id/);
    const validated = await runCli(['validate', file, '--labeling-client-app-id', CLIENT_APP], fixturesDir);
    expect(validated.code).toBe(0);
    const run = await runCli(
      ['evaluate', file, '--labeling-client-app-id', CLIENT_APP, '--format', 'json', '--fail-on', 'never'],
      fixturesDir,
    );
    expect(run.code).toBe(0);
    const tls = JSON.parse(run.stdout).findings.filter(
      (f: { ruleId: string }) => f.ruleId === 'aip.network.tls-version',
    );
    // WS-0700 has the client (its TLS settings are unknown); WS-0701 and WS-0703 do not: not applicable, unlisted.
    expect(tls.map((f: { target: { id: string }; outcome: string }) => [f.target.id, f.outcome])).toEqual([
      ['ws-0700', 'unknown'],
    ]);
  });
});
