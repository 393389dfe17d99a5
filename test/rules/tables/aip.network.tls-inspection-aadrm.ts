import { defineRuleTable } from '../rule-tester.js';

const inspecting = (exemptHosts?: string[]) => ({
  network: { tlsInspection: { enabled: true, ...(exemptHosts ? { exemptHosts } : {}) } },
});

export default defineRuleTable('aip.network.tls-inspection-aadrm', [
  { name: '*.aadrm.com exempt', given: inspecting(['*.windowsupdate.com', '*.aadrm.com']), outcome: 'pass' },
  { name: 'leading-dot domain form', given: inspecting(['.aadrm.com']), outcome: 'pass' },
  { name: 'a wider pattern', given: inspecting(['*.com']), outcome: 'pass' },
  {
    name: 'aadrm.com alone leaves the subdomains inspected',
    given: inspecting(['aadrm.com']),
    outcome: 'fail',
    message: ['aadrm.com does not cover subdomains', 'Add *.aadrm.com to the TLS-inspection bypass list'],
  },
  {
    name: 'one endpoint is not the service',
    given: inspecting(['admin.na.aadrm.com']),
    outcome: 'fail',
    message: ['does not exempt *.aadrm.com'],
  },
  {
    name: 'no exemptions',
    given: inspecting([]),
    outcome: 'fail',
    message: ['none of the 0 host patterns covers *.aadrm.com'],
  },
  {
    name: 'inspection on, exemption list not collected',
    given: inspecting(),
    outcome: 'unknown',
    message: ['network.tlsInspection.exemptHosts'],
  },
  {
    name: 'inspection state not collected',
    given: { network: { tlsInspection: { exemptHosts: [] } } },
    outcome: 'unknown',
    message: ['network.tlsInspection.enabled'],
  },
  { name: 'no TLS inspection', given: { network: { tlsInspection: { enabled: false } } }, outcome: 'notApplicable' },
]);
