import { defineRuleTable, type RuleCase } from '../rule-tester.js';

const exchange = (version: string | undefined, inUse = true) => ({
  servers: [
    {
      id: 'EXCH01.corp.contoso.com',
      name: 'EXCH01',
      role: 'exchange',
      ...(version ? { product: { name: 'Exchange Server', version } } : {}),
      rmsConnector: { inUse },
    },
  ],
});

const supported: [string, string][] = [
  ['Exchange Server 2013 CU23', '15.0.1497.48'],
  ['Exchange Server 2013 RTM', '15.0.516.32'],
  ['Exchange Server 2016 CU23', '15.1.2507.39'],
  ['Exchange Server 2019 RTM', '15.2.221.12'],
  ['Exchange Server 2019 CU14', '15.2.1544.4'],
  ['the last 2019 build before Exchange SE (2561)', '15.2.2561.99'],
];

export default defineRuleTable('aip.connector.exchange', [
  ...supported.map(([name, version]): RuleCase => ({ name, given: exchange(version), outcome: 'pass' })),
  {
    name: 'Exchange Server SE starts at 15.2.2562',
    given: exchange('15.2.2562'),
    outcome: 'fail',
    message: [
      'Exchange build 15.2.2562',
      'version 15.2.2562 is Exchange Server SE',
      'only Exchange Server 2013, 2016 and 2019',
    ],
  },
  { name: 'Exchange Server SE RTM', given: exchange('15.2.2562.17'), outcome: 'fail', message: ['Exchange Server SE'] },
  {
    name: 'Exchange Server 2010 SP3',
    given: exchange('14.3.513.0'),
    outcome: 'fail',
    message: ['version 14.3.513.0 is Exchange Server 2010'],
  },
  { name: 'Exchange Server 2007', given: exchange('8.3.83.6'), outcome: 'fail', message: ['Exchange Server 2007'] },
  { name: 'build not collected', given: exchange(undefined), outcome: 'unknown', message: ['server.product.version'] },
  {
    name: '15.2 without a build could be Exchange Server 2019 or SE: unknown, naming both',
    given: exchange('15.2'),
    outcome: 'unknown',
    message: ['version 15.2 could be Exchange Server 2019 or Exchange Server SE', 'runs an Exchange release'],
  },
  { name: '15.1 without a build can only be Exchange Server 2016', given: exchange('15.1'), outcome: 'pass' },
  {
    name: '14 without a build can only be Exchange Server 2010',
    given: exchange('14'),
    outcome: 'fail',
    message: ['version 14 is Exchange Server 2010'],
  },
  {
    name: 'connector use not stated: the message names it, not the release',
    given: {
      servers: [
        { id: 'EXCH01.corp.contoso.com', name: 'EXCH01', role: 'exchange', product: { version: '15.2.1544.4' } },
      ],
    },
    outcome: 'unknown',
    message: ['server.rmsConnector.inUse'],
  },
  { name: 'no connector on this server', given: exchange('14.3.513.0', false), outcome: 'notApplicable' },
  {
    name: 'the organization uses no connector and the server does not say: the organization decides',
    given: {
      organization: { rmsConnector: { inUse: false } },
      servers: [
        { id: 'EXCH01.corp.contoso.com', name: 'EXCH01', role: 'exchange', product: { version: '14.3.513.0' } },
      ],
    },
    outcome: 'notApplicable',
    message: ['EXCH01 does not use the Rights Management connector'],
  },
  {
    name: "the organization uses no connector but the server says it does: the server's statement wins",
    given: { organization: { rmsConnector: { inUse: false } }, ...exchange('14.3.513.0') },
    outcome: 'fail',
    message: ['version 14.3.513.0 is Exchange Server 2010'],
  },
  {
    name: 'the organization uses a connector and the server does not say: still unknown',
    given: {
      organization: { rmsConnector: { inUse: true } },
      servers: [
        { id: 'EXCH01.corp.contoso.com', name: 'EXCH01', role: 'exchange', product: { version: '15.2.1544.4' } },
      ],
    },
    outcome: 'unknown',
    message: ['server.rmsConnector.inUse'],
  },
  {
    name: 'a SharePoint server is not checked',
    given: {
      servers: [{ id: 'SP01', role: 'sharepoint', product: { version: '15.2.2562' }, rmsConnector: { inUse: true } }],
    },
    outcome: 'skipped',
  },
]);
