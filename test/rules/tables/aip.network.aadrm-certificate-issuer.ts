import { defineRuleTable } from '../rule-tester.js';

const MICROSOFT = 'CN=Microsoft Secure Server CA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US';
const observed = (...observations: { endpoint: string; issuer: string }[]) => ({
  network: { certificateObservations: observations },
});

export default defineRuleTable('aip.network.aadrm-certificate-issuer', [
  {
    name: 'the document’s example issuer',
    given: observed({ endpoint: 'admin.na.aadrm.com', issuer: MICROSOFT }),
    outcome: 'pass',
  },
  {
    name: 'a newer Microsoft CA, URL form of the endpoint',
    given: observed({
      endpoint: 'https://admin.na.aadrm.com/admin/admin.svc',
      issuer: 'CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US',
    }),
    outcome: 'pass',
  },
  {
    name: 'only other endpoints observed: no evidence about aadrm.com, so unknown rather than a pass',
    given: observed({ endpoint: 'login.microsoftonline.com', issuer: 'CN=Contoso Inspection CA, O=Contoso Ltd' }),
    outcome: 'unknown',
    message: ['the 1 observation(s) collected are all for other hosts', 'admin.na.aadrm.com'],
  },
  {
    name: 'an observation list collected empty',
    given: observed(),
    outcome: 'unknown',
    message: ['no observation was collected'],
  },
  {
    name: 'one aadrm.com observation among others is evidence enough',
    given: observed(
      { endpoint: 'login.microsoftonline.com', issuer: 'CN=Contoso Inspection CA, O=Contoso Ltd' },
      { endpoint: 'admin.na.aadrm.com', issuer: MICROSOFT },
    ),
    outcome: 'pass',
  },
  {
    name: 'an inspection CA re-signs the connection',
    given: observed({
      endpoint: 'admin.na.aadrm.com',
      issuer: 'CN=Contoso Outbound Inspection CA, O=Contoso Ltd, C=US',
    }),
    outcome: 'fail',
    message: [
      "issued by 'CN=Contoso Outbound Inspection CA, O=Contoso Ltd, C=US'",
      'organization Contoso Ltd, not Microsoft Corporation',
      'Exempt *.aadrm.com',
    ],
  },
  {
    name: 'one of several vantage points is terminated',
    given: observed(
      { endpoint: 'admin.na.aadrm.com', issuer: MICROSOFT },
      { endpoint: 'contoso.eu.aadrm.com', issuer: 'CN=Zscaler Intermediate Root CA, O=Zscaler Inc., C=US' },
    ),
    outcome: 'fail',
    message: ['contoso.eu.aadrm.com presented a certificate', 'Zscaler Inc.'],
  },
  {
    name: 'Microsoft in the CN only is not a Microsoft CA',
    given: observed({ endpoint: 'aadrm.com', issuer: 'CN=Microsoft Secure Server CA 2011, O=Fabrikam Proxy' }),
    outcome: 'fail',
    message: ['organization Fabrikam Proxy'],
  },
  {
    name: 'no observations collected',
    given: { network: {} },
    outcome: 'unknown',
    message: ['network.certificateObservations'],
  },
]);
