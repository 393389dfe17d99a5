import { describe, expect, it } from 'vitest';
import { getDnAttributes, parseDistinguishedName } from '../../../engine/network/certificates.js';

const microsoft = 'CN=Microsoft Secure Server CA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US';

describe('parseDistinguishedName', () => {
  it('parses the issuer the source document shows', () => {
    expect(parseDistinguishedName(microsoft)).toEqual([
      { type: 'CN', value: 'Microsoft Secure Server CA 2011' },
      { type: 'O', value: 'Microsoft Corporation' },
      { type: 'L', value: 'Redmond' },
      { type: 'ST', value: 'Washington' },
      { type: 'C', value: 'US' },
    ]);
  });

  it.for([
    ['O="Contoso, Ltd.", C=US', 'O', ['Contoso, Ltd.']],
    ['O=Contoso\\, Ltd., C=US', 'O', ['Contoso, Ltd.']],
    ['O=Contoso\\2C Ltd.,C=US', 'O', ['Contoso, Ltd.']],
    ['O="Say ""hi""", C=US', 'O', ['Say "hi"']],
    ['O="a \\" b"', 'O', ['a " b']],
    ['CN=R\\C3\\A9seau CA', 'CN', ['Réseau CA']],
    ['CN=x; O=Semicolon Inc', 'O', ['Semicolon Inc']],
    ['CN=x + O=Multi Valued, C=US', 'O', ['Multi Valued']],
    ['OU=a, OU=b, O=Org', 'OU', ['a', 'b']],
    ['OID.2.5.4.10=By OID, CN=x', 'O', ['By OID']],
    ['2.5.4.10=By Bare OID', 'O', ['By Bare OID']],
    ['st=Washington', 'S', ['Washington']],
    ['E=pki@example.com, CN=x', 'EMAILADDRESS', ['pki@example.com']],
    ['  CN = spaced  ,  O =  Org  ', 'O', ['Org']],
    ['CN=a=b', 'CN', ['a=b']],
    ['CN=x', 'O', []],
    ['', 'O', []],
  ] as const)('%s: %s → %j', ([dn, type, expected]) => {
    expect(getDnAttributes(dn, type)).toEqual(expected);
  });

  it.for([
    ['no equals sign', 'Microsoft Corporation'],
    ['trailing separator', 'CN=x,'],
    ['unterminated quote', 'O="Contoso'],
    ['junk after a quoted value', 'O="Contoso" Ltd'],
    ['bad type', 'C N=x'],
    ['trailing backslash', 'CN=x\\'],
    ['not a string', 42],
  ] as const)('rejects %s', ([, dn]) => {
    expect(() => parseDistinguishedName(dn)).toThrow(TypeError);
  });
});
