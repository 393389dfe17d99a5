import { defineRuleTable, type RuleCase } from '../rule-tester.js';

function fileServer(os: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    servers: [
      {
        id: 'FS01.corp.contoso.com',
        role: 'file-server',
        ...(os ? { os } : {}),
        fci: { installed: true },
        rmsConnector: { inUse: true },
        ...extra,
      },
    ],
  };
}

const supported: [string, Record<string, unknown>][] = [
  ['Windows Server 2012', { name: 'Windows Server 2012 Standard', version: '6.2.9200' }],
  ['Windows Server 2012 R2', { name: 'Windows Server 2012 R2 Datacenter', version: '6.3.9600' }],
  ['Windows Server 2016', { name: 'Windows Server 2016 Standard', version: '10.0.14393.7159' }],
  ['a build alone is taken as a server on a server asset', { version: '10.0.14393' }],
  ['a server edition id', { name: 'Microsoft Windows', edition: 'ServerStandard', version: '6.3.9600.20778' }],
];

export default defineRuleTable('aip.connector.file-server', [
  ...supported.map(([name, os]): RuleCase => ({ name, given: fileServer(os), outcome: 'pass' })),
  {
    name: 'Windows Server 2019 (10.0.17763) is not listed',
    given: fileServer({ name: 'Windows Server 2019 Datacenter', version: '10.0.17763.6054' }),
    outcome: 'fail',
    message: [
      'runs OS build 10.0.17763.6054',
      'version 10.0.17763.6054 is Windows Server 2019',
      '2012, 2012 R2 and 2016 only',
    ],
  },
  {
    name: 'Windows Server 2022',
    given: fileServer({ version: '10.0.20348.2582' }),
    outcome: 'fail',
    message: ['Windows Server 2022'],
  },
  {
    name: 'Windows Server, version 1709',
    given: fileServer({ version: '10.0.16299' }),
    outcome: 'fail',
    message: ['version 1709'],
  },
  {
    name: 'Windows Server 2008 R2',
    given: fileServer({ version: '6.1.7601' }),
    outcome: 'fail',
    message: ['Windows Server 2008 R2'],
  },
  {
    name: 'Windows 10 1607 shares build 14393 with Server 2016 but is a client',
    given: fileServer({ name: 'Windows 10 Enterprise 2016 LTSB', version: '10.0.14393.7159' }),
    outcome: 'fail',
    message: ['a Windows client, not a server', 'os.name "Windows 10 Enterprise 2016 LTSB" names a client release'],
  },
  {
    name: 'os.type client decides',
    given: fileServer({ type: 'client', version: '6.3.9600' }),
    outcome: 'fail',
    message: ['os.type is client'],
  },
  {
    name: 'OS 6.3 without a build can only be Windows Server 2012 R2',
    given: fileServer({ name: 'Windows Server 2012 R2 Standard', version: '6.3' }),
    outcome: 'pass',
  },
  {
    name: 'OS 10.0 without a build could be 2016 or a later release: unknown, naming them',
    given: fileServer({ name: 'Windows Server Datacenter', version: '10.0' }),
    outcome: 'unknown',
    message: ['could be Windows Server 2016', 'Windows Server 2019'],
  },
  {
    name: 'OS 6.1 without a build can only be Windows Server 2008 R2',
    given: fileServer({ name: 'Windows Server 2008 R2 Standard', version: '6.1' }),
    outcome: 'fail',
    message: ['version 6.1 is Windows Server 2008 R2'],
  },
  {
    name: 'OS version not collected',
    given: fileServer({ name: 'Windows Server 2016' }),
    outcome: 'unknown',
    message: ['server.os.version'],
  },
  { name: 'OS not collected', given: fileServer(undefined), outcome: 'unknown', message: ['server.os'] },
  {
    name: 'FCI state not collected',
    given: fileServer({ version: '10.0.17763' }, { fci: undefined }),
    outcome: 'unknown',
    message: ['server.fci.installed'],
  },
  {
    name: 'no FCI',
    given: fileServer({ version: '10.0.17763' }, { fci: { installed: false } }),
    outcome: 'notApplicable',
  },
  {
    name: 'no connector',
    given: fileServer({ version: '10.0.17763' }, { rmsConnector: { inUse: false } }),
    outcome: 'notApplicable',
  },
  {
    name: 'the organization uses no connector and the server does not say: not applicable',
    given: {
      organization: { rmsConnector: { inUse: false } },
      servers: [
        { id: 'FS01.corp.contoso.com', role: 'file-server', os: { version: '6.1.7601' }, fci: { installed: true } },
      ],
    },
    outcome: 'notApplicable',
  },
  {
    name: 'an Exchange server is not checked',
    given: {
      servers: [
        {
          id: 'EX01',
          role: 'exchange',
          os: { version: '10.0.17763' },
          fci: { installed: true },
          rmsConnector: { inUse: true },
        },
      ],
    },
    outcome: 'skipped',
  },
]);
