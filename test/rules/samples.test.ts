// The bundled samples: contoso.yaml fails in every area for the reason it should; compliant.yaml passes everything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../engine/types.js';
import { evaluate, packageRoot } from '../../run/aipcheck.js';

const CONTOSO = 'inventories/samples/contoso.yaml';
const COMPLIANT = 'inventories/samples/compliant.yaml';

const contoso = await evaluate({ inputs: [CONTOSO], cwd: packageRoot });
const compliant = await evaluate({ inputs: [COMPLIANT], cwd: packageRoot });
const contosoLines = readFileSync(path.join(packageRoot, CONTOSO), 'utf8').split('\n');

/** The 1-based line of the sample that is exactly `text`, so the test does not pin line numbers. */
function lineOf(text: string): number {
  const index = contosoLines.indexOf(text);
  if (index < 0) throw new Error(`no line "${text}" in ${CONTOSO}`);
  return index + 1;
}

function failing(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.pack === 'aip' && f.outcome === 'fail').map((f) => `${f.ruleId} ${f.target.id}`);
}

function finding(ruleId: string, targetId = '4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f'): Finding {
  const found = contoso.findings.find((f) => f.ruleId === ruleId && f.target.id === targetId);
  if (!found) throw new Error(`no finding of ${ruleId} on ${targetId}`);
  return found;
}

describe('contoso.yaml', () => {
  it('validates and decides every check: no unknown, no error, no notice', () => {
    expect(contoso.inputs).toEqual([CONTOSO]);
    expect(contoso.summary.unknown).toBe(0);
    expect(contoso.summary.error).toBe(0);
    expect(contoso.notices).toEqual([]);
  });

  it('fails in every area, exactly where it should', () => {
    expect(failing(contoso.findings)).toEqual([
      'aip.coexistence.migration-redirection 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.coexistence.migration-side-by-side 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.connector.directory-sync 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.connector.exchange exch02.corp.contoso.com',
      'aip.connector.file-server fs02.corp.contoso.com',
      'aip.connector.sharepoint sp02.corp.contoso.com',
      'aip.network.aadrm-certificate-issuer 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.audit-aria-android 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.ecs-config 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.labels-download 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.nsg-aip-addresses 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.nsg-service-tags 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.proxy-authentication 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.proxy-pac-credentials CONTOSO-WS-0102',
      'aip.network.tls-inspection-aadrm 4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f',
      'aip.network.tls-version CONTOSO-WS-0103',
      'aip.os.android CONTOSO-AND-0402',
      'aip.os.ios CONTOSO-IOS-0302',
      'aip.os.macos CONTOSO-MAC-0202',
      'aip.os.windows CONTOSO-KIOSK-01',
      'aip.os.windows CONTOSO-WS-0104',
      'aip.os.windows CONTOSO-WS-0105',
      'aip.os.windows-mobile CONTOSO-WM-0501',
    ]);
    const areas = new Set(failing(contoso.findings).map((f) => f.split('.')[1]));
    expect([...areas].sort()).toEqual(['coexistence', 'connector', 'network', 'os']);
  });

  it.for([
    ['aip.network.labels-download', 'protection.outlook.com does not cover subdomains', '    allow:'],
    ['aip.network.proxy-authentication', 'requires authentication with basic', '    authenticationMethod: basic'],
    ['aip.network.tls-inspection-aadrm', 'none of the 3 host patterns covers *.aadrm.com', '    exemptHosts:'],
    [
      'aip.network.aadrm-certificate-issuer',
      "issued by 'CN=Contoso Outbound Inspection CA",
      '  certificateObservations:',
    ],
    [
      'aip.network.nsg-service-tags',
      'NSG nsg-avd-weu-prod: rule DenyInternetOutbound (priority 4096) denies outbound Tcp on all ports to AzureInformationProtection',
      '    nsgs:',
    ],
    ['aip.network.nsg-aip-addresses', 'denies outbound Tcp 443 to 2620:1ec:4::198', '    nsgs:'],
    ['aip.connector.directory-sync', 'fabrikam.local is not synchronized', '    forests:'],
    ['aip.coexistence.migration-redirection', 'has no client redirection', '      redirectionConfigured: false'],
    ['aip.coexistence.migration-side-by-side', 'side by side with HYOK', '    hyok:'],
  ] as const)('%s fails because %s, at the fact it names', ([ruleId, because, line]) => {
    const f = finding(ruleId);
    expect(f.message).toContain(because);
    expect(f.location).toMatchObject({ file: CONTOSO, line: lineOf(line) });
  });

  it.for([
    ['aip.os.windows', 'CONTOSO-WS-0104', 'version 6.3.9600.20778 is Windows 8.1'],
    ['aip.os.windows', 'CONTOSO-WS-0105', 'device.architecture is arm64'],
    ['aip.os.windows', 'CONTOSO-KIOSK-01', 'a Windows server (Windows Server 2019), not a client'],
    ['aip.os.macos', 'CONTOSO-MAC-0202', 'version 10.7.5 is lower than 10.8'],
    ['aip.network.tls-version', 'CONTOSO-WS-0103', 'TLS 1.2 is disabled (Enabled=0)'],
    ['aip.network.proxy-pac-credentials', 'CONTOSO-WS-0102', 'UseDefaultCredentialsInProxy is not set'],
    ['aip.connector.exchange', 'exch02.corp.contoso.com', 'is Exchange Server 2010'],
    ['aip.connector.sharepoint', 'sp02.corp.contoso.com', 'is SharePoint Server Subscription Edition'],
    ['aip.connector.file-server', 'fs02.corp.contoso.com', 'is Windows Server 2019'],
  ] as const)('%s fails on %s because %s, at the asset', ([ruleId, target, because]) => {
    const f = finding(ruleId, target);
    expect(f.message).toContain(because);
    expect(f.location).toEqual({ file: CONTOSO, line: lineOf(`    - id: ${target}`), column: 7 });
  });

  it('passes where Contoso does it right', () => {
    for (const [ruleId, target] of [
      ['aip.network.audit-events', '4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f'],
      ['aip.coexistence.migration-path', '4f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f'],
      ['aip.os.windows', 'CONTOSO-WS-0110'],
      ['aip.network.proxy-pac-credentials', 'CONTOSO-WS-0110'],
      ['aip.connector.file-server', 'fs01.corp.contoso.com'],
    ] as const) {
      expect(finding(ruleId, target).outcome, `${ruleId} ${target}`).toBe('pass');
    }
  });
});

describe('compliant.yaml', () => {
  it('validates and has no fail, unknown or error', () => {
    expect(compliant.summary).toMatchObject({ fail: 0, unknown: 0, error: 0 });
    expect(compliant.notices).toEqual([]);
    expect(failing(compliant.findings)).toEqual([]);
  });

  it('meets every rule: each passes somewhere, except the two that only apply during a migration', () => {
    const passed = new Set(compliant.findings.filter((f) => f.outcome === 'pass').map((f) => f.ruleId));
    const ids = compliant.rules.filter((r) => r.pack.name === 'aip').map((r) => r.definition.id);
    expect(ids.filter((id) => !passed.has(id))).toEqual([
      'aip.coexistence.migration-path',
      'aip.coexistence.migration-side-by-side',
    ]);
  });
});
