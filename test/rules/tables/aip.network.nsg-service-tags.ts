import { azure, denyInternet, outbound } from '../helpers/nsg.js';
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
