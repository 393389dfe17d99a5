import { defineRuleTable } from '../rule-tester.js';

const filtered = (allow: unknown[]) => ({ network: { egress: { unrestricted: false, allow } } });

export default defineRuleTable('aip.network.labels-download', [
  {
    name: 'exact wildcard entry on 443/https',
    given: filtered([{ host: '*.protection.outlook.com', ports: [443], protocol: 'https' }]),
    outcome: 'pass',
  },
  {
    name: '*.outlook.com covers it',
    given: filtered([{ host: '*.outlook.com', ports: [443], protocol: 'tcp' }]),
    outcome: 'pass',
  },
  {
    name: 'an entry without ports or protocol allows everything to the host',
    given: filtered([{ host: '*.protection.outlook.com' }]),
    outcome: 'pass',
  },
  {
    name: 'a port range containing 443',
    given: filtered([{ host: '*.outlook.com', ports: ['80-8443'] }]),
    outcome: 'pass',
  },
  {
    name: 'protection.outlook.com alone does not cover its subdomains',
    given: filtered([{ host: 'protection.outlook.com', ports: [443], protocol: 'https' }]),
    outcome: 'fail',
    message: [
      'no allowlist entry covers *.protection.outlook.com',
      'protection.outlook.com does not cover subdomains',
      'Allow *.protection.outlook.com',
    ],
  },
  {
    name: '*.office.com is another domain',
    given: filtered([{ host: '*.office.com', ports: [443] }]),
    outcome: 'fail',
    message: ['no allowlist entry covers *.protection.outlook.com'],
  },
  {
    name: 'the right host on the wrong port',
    given: filtered([{ host: '*.protection.outlook.com', ports: [80], protocol: 'tcp', description: 'FW-OUT-17' }]),
    outcome: 'fail',
    message: ['*.protection.outlook.com (FW-OUT-17) allows only ports 80'],
  },
  {
    name: 'the right host over UDP only',
    given: filtered([{ host: '*.protection.outlook.com', protocol: 'udp' }]),
    outcome: 'fail',
    message: ['allows only protocol udp'],
  },
  { name: 'an empty allowlist', given: filtered([]), outcome: 'fail', message: ['no allowlist entry covers'] },
  {
    name: 'filtered egress without the allowlist collected',
    given: { network: { egress: { unrestricted: false } } },
    outcome: 'unknown',
    message: ['network.egress.allow'],
  },
  {
    name: 'an allowlist but no word on whether egress is filtered',
    given: { network: { egress: { allow: [{ host: '*.outlook.com' }] } } },
    outcome: 'unknown',
    message: ['network.egress.unrestricted'],
  },
  { name: 'no network facts at all', given: {}, outcome: 'unknown', message: ['network.egress.unrestricted'] },
  {
    name: 'unrestricted egress',
    given: { network: { egress: { unrestricted: true, allow: [] } } },
    outcome: 'notApplicable',
    message: ['not filtered'],
  },
]);
