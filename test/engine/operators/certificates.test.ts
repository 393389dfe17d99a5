import { describe, expect, it } from 'vitest';
import { operators } from '../../../engine/operators/index.js';
import { byValue } from './by-value.js';

const issuersFromOrganization = byValue(operators.get('issuersFromOrganization'));
const { test: evaluate, explain, valueProblem } = issuersFromOrganization;

const microsoftCa = 'CN=Microsoft Secure Server CA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US';
const fortinetCa = 'CN=FortiGate CA, O=Fortinet, C=US';
const value = { endpoint: '*.aadrm.com', organization: 'Microsoft Corporation' };
const admin = 'https://admin.na.aadrm.com/admin/admin.svc';

describe('issuersFromOrganization', () => {
  it.for([
    ['Microsoft CA on the document URL', [{ endpoint: admin, issuer: microsoftCa }], true],
    ['inspection CA on the document URL', [{ endpoint: admin, issuer: fortinetCa }], false],
    ['the bare domain counts', [{ endpoint: 'aadrm.com', issuer: fortinetCa }], false],
    // Other endpoints are no evidence about aadrm.com: with none of the domain, undecided (unknown), never a pass.
    ['other endpoints are ignored', [{ endpoint: 'www.example.com', issuer: fortinetCa }], undefined],
    ['look-alike domains are ignored', [{ endpoint: 'aadrm.com.example.net', issuer: fortinetCa }], undefined],
    ['no observation', [], undefined],
    [
      'one observation of the domain among others decides',
      [
        { endpoint: 'www.example.com', issuer: fortinetCa },
        { endpoint: admin, issuer: microsoftCa },
      ],
      true,
    ],
    [
      'every observation must pass',
      [
        { endpoint: admin, issuer: microsoftCa },
        { endpoint: 'x.aadrm.com', issuer: fortinetCa },
      ],
      false,
    ],
    ['organization compared case-insensitively', [{ endpoint: admin, issuer: 'CN=x, O=MICROSOFT  corporation' }], true],
    ['no O= attribute', [{ endpoint: admin, issuer: 'CN=Microsoft Corporation' }], false],
    ['quoted O=', [{ endpoint: admin, issuer: 'CN=x, O="Microsoft Corporation"' }], true],
    ['similar but different organization', [{ endpoint: admin, issuer: 'CN=x, O=Microsoft Corporation Ltd' }], false],
  ] as const)('%s', ([, fact, expected]) => {
    expect(evaluate(fact, value)).toBe(expected);
  });

  it('explains', () => {
    expect(explain?.([{ endpoint: admin, issuer: fortinetCa }], value)).toBe(
      `${admin} presented a certificate issued by '${fortinetCa}' (organization Fortinet, not Microsoft Corporation)`,
    );
    expect(explain?.([{ endpoint: 'aadrm.com', issuer: 'CN=Proxy' }], value)).toBe(
      "aadrm.com presented a certificate issued by 'CN=Proxy' (no organization, not Microsoft Corporation)",
    );
    expect(explain?.([{ endpoint: admin, issuer: microsoftCa }], value)).toBe(
      'the certificate observed for *.aadrm.com was issued by Microsoft Corporation',
    );
    expect(
      explain?.(
        [
          { endpoint: admin, issuer: microsoftCa },
          { endpoint: 'aadrm.com', issuer: microsoftCa },
        ],
        value,
      ),
    ).toBe('all 2 certificates observed for *.aadrm.com were issued by Microsoft Corporation');
    expect(explain?.([], value)).toBe('a certificate observed for *.aadrm.com (no observation was collected)');
    expect(explain?.([{ endpoint: 'www.example.com', issuer: fortinetCa }], value)).toBe(
      'a certificate observed for *.aadrm.com (the 1 observation(s) collected are all for other hosts)',
    );
  });

  it.for([
    [value, undefined],
    [{ endpoint: 'aadrm.com', organization: 'Microsoft Corporation' }, undefined],
    [null, 'needs a value { endpoint, organization }'],
    [{ endpoint: '*.aadrm.com' }, 'needs a value { endpoint, organization }'],
    [{ endpoint: 'a b', organization: 'x' }, "'a b' is not a host name or host pattern"],
    [{ ...value, issuer: 'x' }, 'unknown value keys: issuer'],
  ] as const)('value %j → %s', ([candidate, problem]) => {
    expect(valueProblem(candidate)).toBe(problem);
  });

  it('throws TypeError on malformed data', () => {
    expect(() => evaluate({ endpoint: admin, issuer: microsoftCa }, value)).toThrow(TypeError);
    expect(() => evaluate([null], value)).toThrow(TypeError);
    expect(() => evaluate([{ endpoint: admin }], value)).toThrow(TypeError);
    expect(() => evaluate([{ endpoint: admin, issuer: 'not a DN' }], value)).toThrow(TypeError);
    expect(() => evaluate([{ issuer: microsoftCa }], value)).toThrow(TypeError);
  });
});
