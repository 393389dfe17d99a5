import { defineRuleTable } from '../rule-tester.js';

const filtered = (allow: unknown[]) => ({ network: { egress: { unrestricted: false, allow } } });

export default defineRuleTable('aip.network.audit-events', [
  {
    name: 'the exact pattern',
    given: filtered([{ host: '*.events.data.microsoft.com', ports: [443] }]),
    outcome: 'pass',
  },
  { name: 'a wider pattern', given: filtered([{ host: '*.data.microsoft.com', protocol: 'https' }]), outcome: 'pass' },
  {
    name: 'the document’s URL form',
    given: filtered([{ host: 'https://*.events.data.microsoft.com' }]),
    outcome: 'pass',
  },
  {
    name: 'the domain without its subdomains',
    given: filtered([{ host: 'events.data.microsoft.com', ports: [443] }]),
    outcome: 'fail',
    message: ['events.data.microsoft.com does not cover subdomains', 'audit logs'],
  },
  {
    name: 'the right pattern on the wrong port',
    given: filtered([{ host: '*.events.data.microsoft.com', ports: [80] }]),
    outcome: 'fail',
    message: ['allows only ports 80'],
  },
  {
    name: 'nothing said about filtering',
    given: { network: { egress: { allow: [] } } },
    outcome: 'unknown',
    message: ['network.egress.unrestricted'],
  },
  { name: 'unrestricted egress', given: { network: { egress: { unrestricted: true } } }, outcome: 'notApplicable' },
]);
