import { defineRuleTable } from '../rule-tester.js';

const filtered = (allow: unknown[]) => ({ network: { egress: { unrestricted: false, allow } } });

export default defineRuleTable('aip.network.ecs-config', [
  {
    name: 'the exact host on 443',
    given: filtered([{ host: 'config.edge.skype.com', ports: [443], protocol: 'https' }]),
    outcome: 'pass',
  },
  {
    name: '*.skype.com covers it',
    given: filtered([{ host: '*.skype.com', ports: ['443'], protocol: 'tcp' }]),
    outcome: 'pass',
  },
  {
    name: 'a URL form of the entry',
    given: filtered([{ host: 'https://config.edge.skype.com/config/v1' }]),
    outcome: 'pass',
  },
  {
    name: 'a sibling host only',
    given: filtered([{ host: 'edge.skype.com' }]),
    outcome: 'fail',
    message: ['no allowlist entry covers config.edge.skype.com', 'Allow config.edge.skype.com on TCP 443'],
  },
  {
    name: 'HTTP only',
    given: filtered([{ host: 'config.edge.skype.com', ports: [80], protocol: 'http' }]),
    outcome: 'fail',
    message: ['allows only ports 80'],
  },
  {
    name: 'allowlist not collected',
    given: { network: { egress: { unrestricted: false } } },
    outcome: 'unknown',
    message: ['network.egress.allow'],
  },
  { name: 'unrestricted egress', given: { network: { egress: { unrestricted: true } } }, outcome: 'notApplicable' },
]);
