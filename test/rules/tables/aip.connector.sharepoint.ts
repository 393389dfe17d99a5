import { defineRuleTable, type RuleCase } from '../rule-tester.js';

const sharepoint = (version: string | undefined, inUse = true) => ({
  servers: [
    {
      id: 'SP01.corp.contoso.com',
      role: 'sharepoint',
      ...(version ? { product: { name: 'SharePoint Server', version } } : {}),
      rmsConnector: { inUse },
    },
  ],
});

const supported: [string, string][] = [
  ['SharePoint Server 2013 SP1 update', '15.0.5545.1000'],
  ['SharePoint Server 2016 RTM', '16.0.4351.1000'],
  ['SharePoint Server 2016 with a 16.0.5xxx update', '16.0.5456.1000'],
  ['the last 2016 build (9999)', '16.0.9999'],
  ['SharePoint Server 2019 RTM starts at 10000', '16.0.10000'],
  ['SharePoint Server 2019 update', '16.0.10412.20001'],
  ['the last 2019 build (13999)', '16.0.13999'],
];

export default defineRuleTable('aip.connector.sharepoint', [
  ...supported.map(([name, version]): RuleCase => ({ name, given: sharepoint(version), outcome: 'pass' })),
  {
    name: 'Subscription Edition starts at 16.0.14000',
    given: sharepoint('16.0.14000'),
    outcome: 'fail',
    message: [
      'SharePoint build 16.0.14000',
      'version 16.0.14000 is SharePoint Server Subscription Edition',
      '2013, 2016 and 2019',
    ],
  },
  {
    name: 'Subscription Edition 24H2',
    given: sharepoint('16.0.17928.20238'),
    outcome: 'fail',
    message: ['Subscription Edition'],
  },
  {
    name: 'SharePoint Server 2010',
    given: sharepoint('14.0.7268.5000'),
    outcome: 'fail',
    message: ['SharePoint Server 2010'],
  },
  {
    name: '16.0 without a build could be 2016, 2019 or Subscription Edition: unknown, naming them',
    given: sharepoint('16.0'),
    outcome: 'unknown',
    message: ['could be SharePoint Server 2016, SharePoint Server 2019 or SharePoint Server Subscription Edition'],
  },
  { name: '15.0 without a build can only be SharePoint Server 2013', given: sharepoint('15.0'), outcome: 'pass' },
  {
    name: '14 without a build can only be SharePoint Server 2010',
    given: sharepoint('14'),
    outcome: 'fail',
    message: ['version 14 is SharePoint Server 2010'],
  },
  {
    name: 'connector use not stated',
    given: { servers: [{ id: 'SP01.corp.contoso.com', role: 'sharepoint', product: { version: '16.0.10337.12109' } }] },
    outcome: 'unknown',
    message: ['server.rmsConnector.inUse'],
  },
  {
    name: 'build not collected',
    given: sharepoint(undefined),
    outcome: 'unknown',
    message: ['server.product.version'],
  },
  { name: 'no connector on this server', given: sharepoint('16.0.17928.20238', false), outcome: 'notApplicable' },
  {
    name: 'the organization uses no connector and the server does not say: not applicable',
    given: {
      organization: { rmsConnector: { inUse: false } },
      servers: [{ id: 'SP01.corp.contoso.com', role: 'sharepoint', product: { version: '14.0.7015.1000' } }],
    },
    outcome: 'notApplicable',
  },
  {
    name: 'an Exchange server is not checked',
    given: {
      servers: [{ id: 'EX01', role: 'exchange', product: { version: '16.0.14000' }, rmsConnector: { inUse: true } }],
    },
    outcome: 'skipped',
  },
]);
