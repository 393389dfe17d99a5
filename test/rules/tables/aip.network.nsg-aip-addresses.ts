import { azure, denyInternet, from, outbound } from '../helpers/nsg.js';
import { defineRuleTable } from '../rule-tester.js';

const V4 = ['13.107.9.198', '13.107.6.198', '13.107.6.181', '13.107.9.181'];
const V6 = ['2620:1ec:4::198', '2620:1ec:a92::198'];

export default defineRuleTable('aip.network.nsg-aip-addresses', [
  {
    name: 'no custom rules: the public addresses leave through AllowInternetOutBound',
    given: azure({ name: 'nsg-vdi', rules: [] }),
    outcome: 'pass',
  },
  {
    name: 'specific Allows before a DenyAll',
    given: azure({
      name: 'nsg-vdi',
      rules: [
        outbound('AllowAipAddresses', 200, 'Allow', [...V4, ...V6], [443], 'Tcp'),
        outbound('DenyAll', 4000, 'Deny', ['*']),
      ],
    }),
    outcome: 'pass',
  },
  {
    name: 'CIDR prefixes containing the addresses, port range 443-443',
    given: azure({
      name: 'nsg-vdi',
      rules: [
        outbound('AllowMsEdge', 200, 'Allow', ['13.107.6.0/24', '13.107.9.0/24', '2620:1ec::/36'], ['443-443'], 'Tcp'),
        denyInternet,
      ],
    }),
    outcome: 'pass',
  },
  {
    name: 'priority order: the Allow at 100 decides before the Deny at 200',
    given: azure({
      name: 'nsg-vdi',
      rules: [
        outbound('DenyOne', 200, 'Deny', ['13.107.9.181/32']),
        outbound('AllowOne', 100, 'Allow', ['13.107.9.181'], [443], 'Tcp'),
      ],
    }),
    outcome: 'pass',
  },
  {
    name: 'priority order: the Deny at 100 decides before the Allow at 200',
    given: azure({
      name: 'nsg-vdi',
      rules: [
        outbound('DenyOne', 100, 'Deny', ['13.107.9.181/32']),
        outbound('AllowAll443', 200, 'Allow', ['*'], [443], 'Tcp'),
      ],
    }),
    outcome: 'fail',
    message: ['NSG nsg-vdi: rule DenyOne (priority 100) denies outbound Tcp 443 to 13.107.9.181'],
  },
  {
    name: 'only the IPv4 addresses allowed before an internet Deny',
    given: azure({ name: 'nsg-vdi', rules: [outbound('AllowAipV4', 200, 'Allow', V4, [443], 'Tcp'), denyInternet] }),
    outcome: 'fail',
    message: ['DenyInternetOutbound (priority 4096) denies outbound Tcp 443 to 2620:1ec:4::198'],
  },
  {
    name: '0.0.0.0/0 does not match IPv6 addresses',
    given: azure({
      name: 'nsg-vdi',
      rules: [outbound('AllowAny4', 200, 'Allow', ['0.0.0.0/0'], [443], 'Tcp'), denyInternet],
    }),
    outcome: 'fail',
    message: ['to 2620:1ec:4::198'],
  },
  {
    name: 'allowed over UDP only',
    given: azure({
      name: 'nsg-vdi',
      rules: [outbound('AllowAipUdp', 200, 'Allow', [...V4, ...V6], [443], 'Udp'), denyInternet],
    }),
    outcome: 'fail',
    message: ['denies outbound Tcp 443 to 13.107.9.198'],
  },
  {
    name: 'a port range ending at 442 misses 443',
    given: azure({
      name: 'nsg-vdi',
      rules: [outbound('AllowLow', 200, 'Allow', [...V4, ...V6], ['80-442'], 'Tcp'), denyInternet],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound'],
  },
  {
    name: 'a port range starting at 444 misses 443',
    given: azure({
      name: 'nsg-vdi',
      rules: [outbound('AllowHigh', 200, 'Allow', [...V4, ...V6], ['444-8443'], 'Tcp'), denyInternet],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound'],
  },
  {
    name: 'an Allow of the addresses limited to source port 443 does not match clients',
    given: azure({
      name: 'nsg-vdi',
      rules: [from(outbound('AllowAip', 200, 'Allow', [...V4, ...V6], [443], 'Tcp'), ['*'], [443]), denyInternet],
    }),
    outcome: 'fail',
    message: ['DenyInternetOutbound'],
  },
  {
    name: 'a Deny of a public prefix holding an address decides',
    given: azure({
      name: 'nsg-vdi',
      rules: [outbound('DenyMs', 100, 'Deny', ['13.107.0.0/16'], [443], 'Tcp')],
    }),
    outcome: 'fail',
    message: ['rule DenyMs (priority 100) denies outbound Tcp'],
  },
  {
    name: 'a Deny of AzureCloud before the Allow may hold the addresses: unknown, naming the rule',
    given: azure({
      name: 'nsg-vdi',
      rules: [
        outbound('DenyAzureCloud', 100, 'Deny', ['AzureCloud']),
        outbound('AllowAip', 200, 'Allow', [...V4, ...V6], [443], 'Tcp'),
      ],
    }),
    outcome: 'unknown',
    message: ['rule DenyAzureCloud (priority 100) may block outbound Tcp 443 to 13.107.9.198'],
  },
  {
    name: 'Azure endpoints in use, NSGs not collected',
    given: { network: { azure: { endpointsInUse: true } } },
    outcome: 'unknown',
    message: ['network.azure.nsgs'],
  },
  { name: 'no Azure endpoints', given: { network: { azure: { endpointsInUse: false } } }, outcome: 'notApplicable' },
]);
