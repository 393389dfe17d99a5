import { describe, expect, it } from 'vitest';
import { detectedFormat, detectedFormatOf, importerNamed, importFixture, lineAt, textAt } from '../helpers.js';

describe('graph-organization', () => {
  it('reads onPremisesSyncEnabled and onPremisesLastSyncDateTime', () => {
    const name = 'graph-organization.json';
    const result = importFixture(name);
    expect(result.part.snapshot.organization).toEqual({
      name: 'Contoso',
      tenantId: '84841066-274d-4ec0-a5c1-276be684bdd3',
      directorySync: { enabled: true, lastSyncAt: '2024-11-20T06:30:12Z' },
    });
    expect(lineAt(result, name, ['organization', 'directorySync', 'enabled'])).toBe('"onPremisesSyncEnabled": true,');
  });

  it('reads null (never synced) as not enabled', () => {
    const result = importFixture('graph-organization-cloud-only.json');
    expect(result.part.snapshot.organization?.directorySync).toEqual({ enabled: false });
  });

  it('reads Get-MsolCompanyInformation | ConvertTo-Json (MSOnline, UTF-16LE)', () => {
    const name = 'msol-company.json';
    const result = importFixture(name);
    expect(result.importer).toBe('graph-organization');
    expect(result.rowErrors).toEqual([]);
    expect(result.part.snapshot.organization).toEqual({
      name: 'Fabrikam GmbH',
      tenantId: 'b2c3d4e5-0000-4000-8000-00000000f00d',
      directorySync: { enabled: true, lastSyncAt: '2024-11-20T07:50:12Z' },
    });
    expect(lineAt(result, name, ['organization', 'directorySync', 'enabled'])).toBe(
      '"DirectorySynchronizationEnabled":  true,',
    );
    expect(result.part.locate(['organization', 'directorySync', 'lastSyncAt']).line).toBe(25);
  });

  it('reads Get-AzureADTenantDetail (DirSyncEnabled null: never synced), not AzureAD devices', () => {
    const tenant = {
      ObjectId: 'b2c3d4e5-0000-4000-8000-000000000000',
      ObjectType: 'Company',
      CompanyLastDirSyncTime: null,
      DirSyncEnabled: null,
      DisplayName: 'Northwind',
      VerifiedDomains: ['class VerifiedDomain {\n  Capabilities: Email, OfficeCommunicationsOnline\n}\n'],
    };
    const text = JSON.stringify(tenant, null, 4);
    expect(detectedFormatOf(text, 'tenant.json')).toBe('graph-organization');
    const result = importerNamed('graph-organization').import(text, 'tenant.json');
    expect(result.part.snapshot.organization).toEqual({
      name: 'Northwind',
      tenantId: 'b2c3d4e5-0000-4000-8000-000000000000',
      directorySync: { enabled: false },
    });
    expect(detectedFormat('azuread-devices.json')).toBe('graph-devices');
  });
});

describe('adsync-scheduler: Get-ADSyncScheduler', () => {
  it('reads the Format-List text', () => {
    const name = 'adsync-scheduler.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.organization).toEqual({ directorySync: { enabled: true } });
    expect(textAt(result, name, ['organization', 'directorySync', 'enabled'])).toBe('True');
    expect(result.part.locate(['organization', 'directorySync', 'enabled']).line).toBe(10);
  });

  it('treats a staging server as not synchronizing, whatever the locale of its dates', () => {
    const name = 'adsync-scheduler-staging-de.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.organization).toEqual({ directorySync: { enabled: false } });
    expect(lineAt(result, name, ['organization', 'directorySync', 'enabled'])).toMatch(/^StagingModeEnabled\s+: True$/);
  });

  it('reads ConvertTo-Json output', () => {
    const result = importFixture('adsync-scheduler.json');
    expect(result.part.snapshot.organization).toEqual({ directorySync: { enabled: false } });
  });

  it('reports a SyncCycleEnabled that is not a boolean', () => {
    const result = importerNamed('adsync-scheduler').import('SyncCycleEnabled : Maybe\r\n', 'sched.txt');
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([
      [1, 'SyncCycleEnabled "Maybe" is not True or False'],
    ]);
  });
});

describe('aip-service', () => {
  it('reads Get-AipService output', () => {
    const name = 'get-aipservice.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.organization).toEqual({ rightsManagement: { azureRms: { active: true } } });
    expect(lineAt(result, name, ['organization', 'rightsManagement', 'azureRms', 'active'])).toBe('Enabled');
  });

  it('reads Get-AipServiceConfiguration as documented (blank lines, AzureInformationProtectionServiceId)', () => {
    const name = 'aip-configuration.txt';
    const result = importFixture(name);
    expect(result.part.snapshot.organization).toEqual({ rightsManagement: { azureRms: { active: true } } });
    expect(textAt(result, name, ['organization', 'rightsManagement', 'azureRms', 'active'])).toBe('Enabled');
    expect(result.part.locate(['organization', 'rightsManagement', 'azureRms', 'active']).line).toBe(26);
  });

  it('reads the onboarding control policy table', () => {
    const result = importFixture('aip-onboarding-policy.txt');
    expect(result.part.snapshot.organization).toEqual({
      rightsManagement: {
        azureRms: {
          onboardingControls: {
            configured: true,
            securityGroup: 'f3f5a0f1-1bba-4a9d-a5d7-1e6e0b0d1a7c',
            scope: 'All',
            useRmsUserLicense: false,
          },
          protects: { scope: 'groups', groups: ['f3f5a0f1-1bba-4a9d-a5d7-1e6e0b0d1a7c'] },
        },
      },
    });
    expect(result.part.locate(['organization', 'rightsManagement', 'azureRms', 'onboardingControls']).line).toBe(4);
  });

  it('reads the policy as JSON: an empty group GUID is no group, an integer Scope is left out', () => {
    const result = importFixture('aip-onboarding-policy.json');
    expect(result.part.snapshot.organization?.rightsManagement).toEqual({
      azureRms: { onboardingControls: { configured: true, useRmsUserLicense: true }, protects: { scope: 'all' } },
    });
  });

  it("reads the Compliance Utility's AIPServiceConfiguration.log with its timestamp and inline policy", () => {
    const result = importFixture('AIPServiceConfiguration.log');
    expect(result.part.snapshot.snapshot.collectedAt).toBe('2024-11-20T09:15:02Z');
    expect(result.part.snapshot.organization?.rightsManagement).toEqual({
      azureRms: {
        active: true,
        onboardingControls: { configured: false, useRmsUserLicense: false, scope: 'All' },
        protects: { scope: 'all' },
      },
    });
  });

  it('says a disabled service protects nothing', () => {
    const result = importerNamed('aip-service').import('FunctionalState : Disabled\r\n', 'aip.txt');
    expect(result.part.snapshot.organization?.rightsManagement).toEqual({
      azureRms: { active: false, protects: { scope: 'none' } },
    });
  });

  it('reports a FunctionalState exported as an integer enum', () => {
    const result = importerNamed('aip-service').import('{"FunctionalState": 0}', 'aip.json');
    expect(result.rowErrors[0]?.message).toContain('FunctionalState 0 is not Enabled or Disabled');
  });
});

describe('endpoint-urls-log: the Compliance Utility', () => {
  const name = 'EndpointURLs.log';
  const result = importFixture(name);
  const observations = result.part.snapshot.network?.certificateObservations as Record<string, unknown>[];

  it('turns Endpoint/URL/Issuer blocks into certificate observations with the timestamp', () => {
    expect(observations).toHaveLength(4);
    expect(observations[0]).toEqual({
      endpoint: '5c6bb73b-1038-4eec-863d-49bded473437.rms.na.aadrm.com',
      issuer: 'CN=Contoso Inspection CA, O=Contoso Ltd, C=US',
      observedAt: '2024-11-20T09:30:11Z',
    });
    expect(observations[3]).toMatchObject({ endpoint: 'dataservice.protection.outlook.com' });
  });

  it('points at the Issuer line and reports a block without an issuer', () => {
    expect(textAt(result, name, ['network', 'certificateObservations', 0, 'issuer'])).toBe(
      'CN=Contoso Inspection CA, O=Contoso Ltd, C=US',
    );
    expect(lineAt(result, name, ['network', 'certificateObservations', 2])).toBe(
      'Endpoint: CertificationDistributionPointUrl',
    );
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([
      [23, 'self.events.data.microsoft.com: block without an Issuer'],
    ]);
  });
});

describe('endpoint-urls-log: two runs of the Compliance Utility appended to one log', () => {
  const name = 'EndpointURLs-two-runs.log';
  const result = importFixture(name);
  const observations = result.part.snapshot.network?.certificateObservations as Record<string, unknown>[];

  it('dates each block by the run it belongs to, and reads the ANSI text Add-Content appended after the BOM', () => {
    expect(result.importer).toBe('endpoint-urls-log');
    expect(result.rowErrors).toEqual([]);
    expect(observations.map((o) => [o.endpoint, o.observedAt])).toEqual([
      ['bd0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d.rms.eu.aadrm.com', '2024-11-18T08:15:02Z'],
      ['bd0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d.rms.eu.aadrm.com', '2024-11-18T08:15:02Z'],
      ['bd0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d.rms.eu.aadrm.com', '2024-11-18T08:15:02Z'],
      ['dataservice.protection.outlook.com', '2024-11-18T08:15:02Z'],
      ['bd0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d.rms.eu.aadrm.com', '2024-11-21T14:02:10Z'],
      ['self.events.data.microsoft.com', '2024-11-21T14:02:10Z'],
    ]);
    expect(observations[0]?.issuer).toBe('CN=Fabrikam Büro Proxy CA, O=Fabrikam GmbH, C=DE');
  });

  it('counts lines as an editor does, though the tool mixes LF (from `n) and CRLF (from Add-Content)', () => {
    expect(result.part.locate(['network', 'certificateObservations', 4])).toEqual({ line: 29, column: 1 });
    expect(textAt(result, name, ['network', 'certificateObservations', 4, 'issuer'])).toBe(
      'CN=Microsoft Azure RSA TLS Issuing CA 08, O=Microsoft Corporation, C=US',
    );
    expect(result.part.locate(['network', 'certificateObservations', 4, 'issuer']).line).toBe(31);
  });
});
