// Well-typed fact and rule values for every operator, so random conditions reach each operator's real branches.

/** Per operator: fact values it understands and rule values it accepts (both engines call the same code). */
export interface OperatorSamples {
  facts: readonly unknown[];
  values: readonly unknown[];
}

const nsgRule = (name: string, priority: number, access: string, destination: string, ports = '*') => ({
  name,
  priority,
  direction: 'Outbound',
  access,
  protocol: 'Tcp',
  destinationAddressPrefixes: [destination],
  destinationPortRanges: [ports],
});

const versions = ['10.0.19045.3448', '10.0.22631', '6.0', '5.1.1', '14.2', '10.15.7', '15.2.1544.4', 10, '6'];
const hosts = ['*.protection.outlook.com', '*.aadrm.com', 'admin.na.aadrm.com', 'config.edge.skype.com'];
const microsoftCa = 'CN=Microsoft Secure Server CA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US';
const registryPath = 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP\\UseDefaultCredentialsInProxy';

/** Samples of every operator in the registry; the equivalence test checks that none is missing. */
export const SAMPLES: Readonly<Record<string, OperatorSamples>> = {
  equal: { facts: [1, 'x', true], values: [1, 'x', true] },
  notEqual: { facts: [1, 'x', false], values: [1, 'x', false] },
  in: { facts: ['x64', 'x86', 1], values: [['x86', 'x64'], [1, 2], []] },
  notIn: { facts: ['arm64', 'x64'], values: [['x86', 'x64'], []] },
  contains: { facts: [['a', 'b'], [], [1]], values: ['a', 1] },
  doesNotContain: { facts: [['a', 'b'], []], values: ['a', 'c'] },
  lessThan: { facts: [1, 5, '3', '2.5x'], values: [3, '4'] },
  lessThanInclusive: { facts: [3, '3', -1], values: [3] },
  greaterThan: { facts: [0, 7, '10'], values: [5, '9'] },
  greaterThanInclusive: { facts: [5, '5'], values: [5] },
  versionEqual: { facts: versions, values: ['6.0', '10.0.19045.3448'] },
  versionLessThan: { facts: versions, values: ['6.0', '10.0.22000'] },
  versionLessThanOrEqual: { facts: versions, values: ['6.0', '14.2'] },
  versionGreaterThan: { facts: versions, values: ['5.1.1', '10.15'] },
  versionGreaterThanOrEqual: { facts: versions, values: ['6.0', '10.0.10240'] },
  versionInRange: { facts: versions, values: [{ min: '10.0.10240', max: '10.0.22000' }, { min: '6' }, { max: '15' }] },
  versionClassIn: {
    facts: versions,
    values: [
      { table: 'windows-client', products: ['Windows 10', 'Windows 11'] },
      { table: 'exchange', products: ['Exchange Server 2019'] },
    ],
  },
  allowsHost: {
    facts: [
      [{ host: '*.outlook.com', ports: [443] }],
      [{ host: 'protection.outlook.com' }, { host: '*', protocol: 'tcp' }],
      [{ host: '*.aadrm.com', ports: ['80-442'] }],
      [],
    ],
    values: [{ host: '*.protection.outlook.com' }, { host: 'admin.na.aadrm.com', port: 443, protocol: 'https' }],
  },
  allowsAddress: {
    facts: [[{ address: '13.107.0.0/16' }], [{ address: '13.107.6.198', ports: [80] }], [{ address: 'any' }]],
    values: [{ address: '13.107.6.198' }, { address: '2620:1ec:4::1', port: 443 }],
  },
  hostPatternsCover: { facts: [['*.aadrm.com'], ['aadrm.com'], [], hosts], values: hosts },
  nsgAllowsOutbound: {
    facts: [
      [{ name: 'nsg-open', rules: [] }],
      [{ name: 'nsg-app', rules: [nsgRule('DenyAzureAD', 200, 'Deny', 'AzureActiveDirectory')] }],
      [
        {
          name: 'nsg-web',
          rules: [
            nsgRule('AllowHttps', 100, 'Allow', 'Internet', '443'),
            nsgRule('DenyInternet', 4000, 'Deny', 'Internet'),
          ],
        },
      ],
      [{ name: 'nsg-cloud', rules: [nsgRule('DenyAzureCloud', 100, 'Deny', 'AzureCloud')] }],
    ],
    values: [
      { destination: 'AzureActiveDirectory', ports: 443 },
      { destination: 'AzureFrontDoor.Frontend', ports: '*', protocol: 'Tcp' },
    ],
  },
  issuersFromOrganization: {
    facts: [
      [{ endpoint: 'https://admin.na.aadrm.com/admin/admin.svc', issuer: microsoftCa }],
      [{ endpoint: 'x.aadrm.com', issuer: 'CN=FortiGate CA, O=Fortinet, C=US' }],
      [{ endpoint: 'login.microsoftonline.com', issuer: microsoftCa }],
      [],
    ],
    values: [{ endpoint: '*.aadrm.com', organization: 'Microsoft Corporation' }],
  },
  rmsConnectorUsed: {
    facts: [
      { using: 1, notUsing: 0, unstated: 2 },
      { using: 0, notUsing: 1, unstated: 1 },
      { using: 0, notUsing: 2, unstated: 0 },
      { using: 0, notUsing: 0, unstated: 0 },
      { using: 0, notUsing: 0, unstated: 3, declared: false },
    ],
    values: [true],
  },
  platformPresent: {
    facts: [
      { deviceCount: 2, platforms: ['android', 'windows'] },
      { deviceCount: 1, platforms: ['windows'] },
      { deviceCount: 0, platforms: [] },
      { deviceCount: 3, devicesWithoutPlatform: 1, platforms: ['windows'] },
    ],
    values: ['android'],
  },
  everyItem: {
    facts: [[{ name: 'a', synced: true }], [{ synced: false }, { synced: true }], [{ name: 'b' }], [], [1]],
    values: [
      { property: 'synced', equal: true },
      { property: 'synced', equal: true, whenEmpty: false },
      { property: 'synced', equal: true, whenEmpty: 'unknown' },
    ],
  },
  intersects: {
    facts: [['a', 'b'], [], ['c'], [1, 2]],
    values: [['b', 'c'], [], [2]],
  },
  forestsSynced: {
    facts: [[{ name: 'corp.contoso.com', synced: true }], [{ name: 'a.example', synced: false }], []],
    values: [true],
  },
  protectsSameUsers: {
    facts: [{ scope: 'all' }, { scope: 'groups', groups: ['Finance'] }, { scope: 'none' }],
    values: [{ scope: 'all' }, { scope: 'groups', groups: ['finance', 'Legal'] }],
  },
  registryValueEquals: {
    facts: [
      { [registryPath]: { type: 'REG_DWORD', data: 1 } },
      { [registryPath]: { type: 'REG_SZ', data: '1' } },
      {},
      { id: 'ws-1', registry: {}, collectedRegistryKeys: ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\MSIP'] },
      { id: 'ws-2', collectedRegistryKeys: ['HKLM\\SOFTWARE\\Other'] },
    ],
    values: [{ path: registryPath, type: 'REG_DWORD', data: 1 }],
  },
  tlsMinimumEnabled: {
    facts: [
      {},
      { tls12: { enabled: false } },
      { tls12: { enabled: true, disabledByDefault: false } },
      { collected: false },
    ],
    values: [
      { minimum: '1.2', enabledByDefault: ['1.2'] },
      { minimum: '1.2', enabledByDefault: [] },
    ],
  },
  windowsKindIs: {
    facts: [
      { version: '10.0.14393' },
      { name: 'Windows Server 2016 Datacenter' },
      { type: 'client' },
      { version: '10.0.20348.2582' },
    ],
    values: [
      { kind: 'client', assume: 'client' },
      { kind: 'server', assume: 'server' },
    ],
  },
};
