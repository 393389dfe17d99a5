import { azure, denyInternet, from, outbound } from '../helpers/nsg.js';
import { defineRuleTable } from '../rule-tester.js';

const TAGS = ['AzureInformationProtection', 'AzureActiveDirectory', 'AzureFrontDoor.Frontend'];
const allowTags = outbound('AllowAipServiceTags', 200, 'Allow', TAGS, ['*'], 'Tcp');

export default defineRuleTable('aip.network.nsg-service-tags', [
  {
    name: 'no custom rules: AllowInternetOutBound (65001) lets the tags out',
    given: azure({ name: 'nsg-vdi-weu', rules: [] }),
    outcome: 'pass',
  },
  {
    name: 'an Allow for the three tags before a Deny of the internet',
    given: azure({ name: 'nsg-vdi-weu', rules: [denyInternet, allowTags] }),
    outcome: 'pass',
  },
  {
    name: 'an any-protocol Allow also carries TCP',
    given: azure({ name: 'nsg-vdi-weu', rules: [denyInternet, outbound('AllowAip', 300, 'Allow', TAGS)] }),
    outcome: 'pass',
  },
  {
    name: 'priority order: an Allow at 200 wins over a Deny at 300',
    given: azure({
      name: 'nsg-vdi-weu',
      rules: [outbound('DenyFrontDoor', 300, 'Deny', ['AzureFrontDoor.Frontend']), allowTags],
    }),
    outcome: 'pass',
  },
  { name: 'no NSG filters the endpoints', given: azure(), outcome: 'pass' },
  {
    name: 'an Allow limited to source port 443 does not match clients (ephemeral source ports)',
    given: azure({ name: 'nsg-vdi-weu', rules: [denyInternet, from(allowTags, ['VirtualNetwork'], [443])] }),
    outcome: 'fail',
    message: ['rule DenyInternetOutbound (priority 4096) denies outbound Tcp'],
  },
  {
    name: 'an Allow from a source prefix that does not hold the NSG subnet does not count',
    given: azure({
      name: 'nsg-vdi-weu',
      sourceAddresses: ['10.20.1.0/24'],
      rules: [denyInternet, from(allowTags, ['10.99.0.0/16'])],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound'],
  },
  {
    name: 'an Allow from a source prefix holding the NSG subnet, ephemeral source ports',
    given: azure({
      name: 'nsg-vdi-weu',
      sourceAddresses: ['10.20.1.0/24'],
      rules: [denyInternet, from(allowTags, ['10.20.0.0/16'], ['1024-65535'])],
    }),
    outcome: 'pass',
  },
  {
    name: 'a Deny limited to source port 443 does not block clients',
    given: azure({ name: 'nsg-vdi-weu', rules: [from(outbound('DenyOdd', 100, 'Deny', ['*']), ['*'], [443])] }),
    outcome: 'pass',
  },
  {
    name: 'a Deny of AzureCloud before the Allow may block the tags: unknown, naming the rule',
    given: azure({
      name: 'nsg-vdi-weu',
      rules: [outbound('DenyAzureCloud', 100, 'Deny', ['AzureCloud']), allowTags],
    }),
    outcome: 'unknown',
    message: ['rule DenyAzureCloud (priority 100) may block outbound Tcp', 'before rule AllowAipServiceTags'],
  },
  {
    name: 'a Deny of AzureCloud and a Deny of a tag: the certain Deny decides',
    given: azure({
      name: 'nsg-vdi-weu',
      rules: [
        outbound('DenyAzureCloud', 100, 'Deny', ['AzureCloud']),
        outbound('DenyAad', 150, 'Deny', ['AzureActiveDirectory']),
        allowTags,
      ],
    }),
    outcome: 'fail',
    message: ['rule DenyAad (priority 150) denies outbound Tcp on all ports to AzureActiveDirectory'],
  },
  {
    name: 'a Deny from a source CIDR when the NSG addresses are unknown may block: unknown',
    given: azure({
      name: 'nsg-vdi-weu',
      rules: [from(outbound('DenyLab', 100, 'Deny', ['Internet']), ['10.50.0.0/16'])],
    }),
    outcome: 'unknown',
    message: ['rule DenyLab (priority 100) may block'],
  },
  {
    name: 'the same Deny from a source CIDR outside the stated NSG addresses does not block',
    given: azure({
      name: 'nsg-vdi-weu',
      sourceAddresses: ['10.20.1.0/24'],
      rules: [from(outbound('DenyLab', 100, 'Deny', ['Internet']), ['10.50.0.0/16'])],
    }),
    outcome: 'pass',
  },
  {
    name: 'priority order: a Deny at 150 wins over the Allow at 200',
    given: azure({
      name: 'nsg-vdi-weu',
      rules: [allowTags, outbound('DenyFrontDoor', 150, 'Deny', ['AzureFrontDoor.Frontend'])],
    }),
    outcome: 'fail',
    message: [
      'NSG nsg-vdi-weu: rule DenyFrontDoor (priority 150) denies outbound Tcp on all ports to AzureFrontDoor.Frontend',
      'AzureFrontDoor.Frontend on all ports',
    ],
  },
  {
    name: 'only Entra ID allowed before the internet Deny',
    given: azure({
      name: 'nsg-app-prod',
      rules: [denyInternet, outbound('AllowEntra', 100, 'Allow', ['AzureActiveDirectory'])],
    }),
    outcome: 'fail',
    message: [
      'NSG nsg-app-prod: rule DenyInternetOutbound (priority 4096) denies outbound Tcp on all ports to AzureInformationProtection',
    ],
  },
  {
    name: 'the tags allowed on 443 only: other ports hit the Deny',
    given: azure({
      name: 'nsg-app-prod',
      rules: [denyInternet, outbound('AllowAip443', 200, 'Allow', TAGS, [443], 'Tcp')],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound (priority 4096) denies outbound Tcp ports 0-442 to AzureInformationProtection'],
  },
  {
    name: 'the tags allowed over UDP only',
    given: azure({
      name: 'nsg-app-prod',
      rules: [denyInternet, outbound('AllowAipUdp', 200, 'Allow', TAGS, ['*'], 'Udp')],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound'],
  },
  {
    name: 'a Deny of a regional tag blocks part of the service',
    given: azure({
      name: 'nsg-app-prod',
      rules: [outbound('DenyEntraEastUS', 100, 'Deny', ['AzureActiveDirectory.EastUS'])],
    }),
    outcome: 'fail',
    message: ['DenyEntraEastUS (priority 100) denies part of outbound'],
  },
  {
    name: 'one of two NSGs denies',
    given: azure(
      { name: 'nsg-a', rules: [allowTags] },
      { name: 'nsg-b', rules: [outbound('DenyAll', 4000, 'Deny', ['*'])] },
    ),
    outcome: 'fail',
    message: ['NSG nsg-b: rule DenyAll (priority 4000)'],
  },
  {
    name: 'custom default rules replacing Azure’s are honoured',
    given: {
      network: {
        azure: {
          endpointsInUse: true,
          nsgs: [{ name: 'nsg-locked', rules: [], defaultRules: [outbound('DenyAllOutBound', 65500, 'Deny', ['*'])] }],
        },
      },
    },
    outcome: 'fail',
    message: ['DenyAllOutBound (priority 65500, default rule)'],
  },
  {
    name: 'Azure endpoints in use, NSGs not collected',
    given: { network: { azure: { endpointsInUse: true } } },
    outcome: 'unknown',
    message: ['network.azure.nsgs'],
  },
  {
    name: 'NSGs collected, whether Azure endpoints are used is not',
    given: { network: { azure: { nsgs: [] } } },
    outcome: 'unknown',
    message: ['network.azure.endpointsInUse'],
  },
  {
    name: 'no Azure endpoints',
    given: { network: { azure: { endpointsInUse: false, nsgs: [{ name: 'nsg-x', rules: [denyInternet] }] } } },
    outcome: 'notApplicable',
  },
]);
