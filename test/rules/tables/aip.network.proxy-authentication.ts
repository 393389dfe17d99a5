import { defineRuleTable } from '../rule-tester.js';

const proxy = (settings: Record<string, unknown>) => ({
  network: { proxy: { inUse: true, authenticationRequired: true, ...settings } },
});

export default defineRuleTable('aip.network.proxy-authentication', [
  {
    name: 'integrated Windows authentication',
    given: proxy({ authenticationMethod: 'integrated-windows' }),
    outcome: 'pass',
  },
  {
    name: 'Negotiate is integrated Windows authentication',
    given: proxy({ authenticationMethod: 'negotiate' }),
    outcome: 'pass',
  },
  { name: 'Kerberos with the signed-in user', given: proxy({ authenticationMethod: 'kerberos' }), outcome: 'pass' },
  { name: 'NTLM with the signed-in user', given: proxy({ authenticationMethod: 'ntlm' }), outcome: 'pass' },
  {
    name: 'Basic authentication',
    given: proxy({ authenticationMethod: 'basic' }),
    outcome: 'fail',
    message: ['requires authentication with basic', 'Configure the proxy for integrated Windows authentication'],
  },
  {
    name: 'Digest authentication',
    given: proxy({ authenticationMethod: 'digest' }),
    outcome: 'fail',
    message: ['digest'],
  },
  {
    name: 'client certificates',
    given: proxy({ authenticationMethod: 'certificate' }),
    outcome: 'fail',
    message: ['certificate'],
  },
  {
    name: '"none" contradicts a proxy that requires authentication',
    given: proxy({ authenticationMethod: 'none' }),
    outcome: 'fail',
    message: ['with none'],
  },
  {
    name: 'method not collected',
    given: proxy({}),
    outcome: 'unknown',
    message: ['network.proxy.authenticationMethod'],
  },
  {
    name: 'whether the proxy requires authentication is not known',
    given: { network: { proxy: { inUse: true, authenticationMethod: 'basic' } } },
    outcome: 'unknown',
    message: ['network.proxy.authenticationRequired'],
  },
  {
    name: 'the proxy does not require authentication',
    given: { network: { proxy: { inUse: true, authenticationRequired: false, authenticationMethod: 'none' } } },
    outcome: 'notApplicable',
  },
  {
    name: 'no proxy in use, whatever else is unknown',
    given: { network: { proxy: { inUse: false } } },
    outcome: 'notApplicable',
    message: ['No web proxy'],
  },
]);
