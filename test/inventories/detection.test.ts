import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pickImporter } from '../../inventories/read.js';
import { detectedFormat, fixturesDir, importers, importFixture } from './helpers.js';

describe('detection picks the importer from the content', () => {
  it.for([
    ['intune-all-devices.csv', 'intune-csv'],
    ['intune-export-job.csv', 'intune-csv'],
    ['intune-excel-ansi.csv', 'intune-csv'],
    ['azuread-devices.json', 'graph-devices'],
    ['sharepoint-farm.json', 'sharepoint-servers'],
    ['FS-MUC.features.txt', 'windows-features'],
    ['FS07.features.txt', 'windows-features'],
    ['az-powershell-nsgs.json', 'azure-nsg'],
    ['ad-computers.csv', 'ad-computers-csv'],
    ['ad-computers-de.csv', 'ad-computers-csv'],
    ['ad-computers-csvde.csv', 'ad-computers-csv'],
    ['graph-managed-devices.json', 'graph-devices'],
    ['entra-devices.json', 'graph-devices'],
    ['entra-devices-download.csv', 'graph-devices'],
    ['exchange-servers-remote.json', 'exchange-servers'],
    ['exchange-server-local.json', 'exchange-servers'],
    ['exchange-servers.csv', 'exchange-servers'],
    ['sharepoint-servers.json', 'sharepoint-servers'],
    ['fs01.json', 'windows-features'],
    ['features-remote.json', 'windows-features'],
    ['FS02.features.txt', 'windows-features'],
    ['FS05.features.csv', 'windows-features'],
    ['nsg-rule-list.json', 'azure-nsg'],
    ['nsg-show.json', 'azure-nsg'],
    ['nsg-arm.json', 'azure-nsg'],
    ['nsg-list.json', 'azure-nsg'],
    ['WS-0042.reg', 'registry'],
    ['legacy-pc.reg', 'registry'],
    ['schannel-export.reg', 'registry'],
    ['WS-0107.tls.json', 'registry'],
    ['graph-organization.json', 'graph-organization'],
    ['graph-organization-cloud-only.json', 'graph-organization'],
    ['msol-company.json', 'graph-organization'],
    ['adsync-scheduler.txt', 'adsync-scheduler'],
    ['adsync-scheduler-staging-de.txt', 'adsync-scheduler'],
    ['adsync-scheduler.json', 'adsync-scheduler'],
    ['get-aipservice.txt', 'aip-service'],
    ['aip-configuration.txt', 'aip-service'],
    ['aip-onboarding-policy.txt', 'aip-service'],
    ['aip-onboarding-policy.json', 'aip-service'],
    ['AIPServiceConfiguration.log', 'aip-service'],
    ['EndpointURLs.log', 'endpoint-urls-log'],
    ['EndpointURLs-two-runs.log', 'endpoint-urls-log'],
    ['m365-endpoints.json', 'm365-endpoints'],
    ['m365-endpoints.csv', 'm365-endpoints'],
    ['firewall-allowlist.txt', 'allowlist-text'],
  ] as const)('%s → %s', ([file, format]) => {
    expect(detectedFormat(file)).toBe(format);
  });

  it('has a case for every fixture', () => {
    const files = readdirSync(fixturesDir).filter((f) => !f.startsWith('.'));
    for (const file of files) expect(detectedFormat(file), file).toBeDefined();
  });

  it('recognizes nothing in text no format claims', () => {
    for (const [text, file] of [
      ['hello world, this is prose.\nNothing to see.\n', 'notes.txt'],
      ['{"foo": 1, "bar": [1, 2]}', 'other.json'],
      ['a,b,c\n1,2,3\n', 'numbers.csv'],
      ['', 'empty.log'],
      ['*.protection.outlook.com\n', 'allow.log'],
    ]) {
      expect(pickImporter(importers, text ?? '', file ?? ''), file).toBeUndefined();
    }
  });

  it('lets our own inventory format win over markers of other formats', () => {
    const text =
      '{"snapshot": {"id": "x"}, "assets": {"devices": [{"id": "a", "deviceName": "a", "operatingSystem": "Windows"}]}}';
    expect(pickImporter(importers, text, 'mixed.json')?.name).toBe('inventory');
  });

  it('keeps Graph devices and the Graph organization apart though both carry onPremisesSyncEnabled', () => {
    const device =
      '{"value":[{"displayName":"PC1","operatingSystem":"Windows","operatingSystemVersion":"10.0.19045","onPremisesSyncEnabled":true}]}';
    const org = '{"value":[{"id":"t","displayName":"Contoso","onPremisesSyncEnabled":true,"verifiedDomains":[]}]}';
    expect(pickImporter(importers, device, 'd.json')?.name).toBe('graph-devices');
    expect(pickImporter(importers, org, 'o.json')?.name).toBe('graph-organization');
  });

  it('honours a forced format over detection', () => {
    expect(importFixture('firewall-allowlist.txt', 'allowlist-text').importer).toBe('allowlist-text');
    const forced = importFixture('adsync-scheduler.txt', 'aip-service');
    expect(forced.importer).toBe('aip-service');
    expect(forced.rowErrors.map((e) => e.message)).toEqual([expect.stringContaining('no AIP service facts')]);
  });
});

describe('every fixture imports into the canonical model', () => {
  const files = readdirSync(fixturesDir).filter((f) => !f.startsWith('.'));
  it.for(files)('%s validates against inventory.schema.json', (file) => {
    const result = importFixture(file);
    expect(result.diagnostics).toEqual([]);
    expect(result.schemaProblems).toEqual([]);
    expect(result.part.format).toBe(result.importer);
  });
});
