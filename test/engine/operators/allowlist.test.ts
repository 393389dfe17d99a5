import { describe, expect, it } from 'vitest';
import { operators } from '../../../engine/operators/index.js';
import { type ByValue, byValue } from './by-value.js';

function operator(name: string): ByValue {
  const found = operators.get(name);
  if (!found) throw new Error(`operator ${name} is not registered`);
  return byValue(found);
}

const allowsHost = operator('allowsHost');
const allowsAddress = operator('allowsAddress');
const hostPatternsCover = operator('hostPatternsCover');
const labels = { host: '*.protection.outlook.com' };

describe('allowsHost', () => {
  it.for([
    ['exact wildcard entry', [{ host: '*.protection.outlook.com' }], labels, true],
    ['wider wildcard entry', [{ host: '*.outlook.com', ports: [443] }], labels, true],
    ['apex only', [{ host: 'protection.outlook.com' }], labels, false],
    ['other domain', [{ host: '*.office.com' }], labels, false],
    ['URL entry', [{ host: 'https://*.protection.outlook.com/' }], labels, true],
    ['bare *', [{ host: '*' }], labels, true],
    ['address entries are ignored', [{ address: '0.0.0.0/0' }], labels, false],
    ['empty allowlist', [], labels, false],
    ['ports absent', [{ host: '*.outlook.com' }], labels, true],
    ['ports empty', [{ host: '*.outlook.com', ports: [] }], labels, true],
    ['port as string', [{ host: '*.outlook.com', ports: ['443'] }], labels, true],
    ['port range edge low', [{ host: '*.outlook.com', ports: ['443-8443'] }], labels, true],
    ['port range edge high', [{ host: '*.outlook.com', ports: ['80-443'] }], labels, true],
    ['port range below', [{ host: '*.outlook.com', ports: ['80-442'] }], labels, false],
    ['port range above', [{ host: '*.outlook.com', ports: ['444-8443'] }], labels, false],
    ['port *', [{ host: '*.outlook.com', ports: ['*'] }], labels, true],
    ['wrong port only', [{ host: '*.outlook.com', ports: [80] }], labels, false],
    ['protocol any', [{ host: '*.outlook.com', protocol: 'any' }], labels, true],
    ['protocol tcp carries https', [{ host: '*.outlook.com', protocol: 'tcp' }], labels, true],
    ['protocol https', [{ host: '*.outlook.com', protocol: 'https' }], labels, true],
    ['protocol HTTPS (case)', [{ host: '*.outlook.com', protocol: 'HTTPS' }], labels, true],
    ['protocol http is not https', [{ host: '*.outlook.com', protocol: 'http' }], labels, false],
    ['protocol udp never https', [{ host: '*.outlook.com', protocol: 'udp' }], labels, false],
    ['unknown protocol', [{ host: '*.outlook.com', protocol: 'icmp' }], labels, false],
    ['http wanted, http entry', [{ host: 'x.com', protocol: 'http' }], { host: 'x.com', protocol: 'http' }, true],
    ['http wanted, https entry', [{ host: 'x.com', protocol: 'https' }], { host: 'x.com', protocol: 'http' }, false],
    ['http defaults to port 80', [{ host: 'x.com', ports: [443] }], { host: 'x.com', protocol: 'http' }, false],
    ['tcp wanted, https entry', [{ host: 'x.com', protocol: 'https' }], { host: 'x.com', protocol: 'tcp' }, false],
    ['tcp wanted, no port', [{ host: 'x.com', ports: [8080] }], { host: 'x.com', protocol: 'tcp' }, true],
    ['all ports wanted', [{ host: 'x.com', ports: ['0-1023', '1024-65535'] }], { host: 'x.com', port: '*' }, true],
    ['all ports wanted, gap', [{ host: 'x.com', ports: ['1-65535'] }], { host: 'x.com', port: '*' }, false],
    [
      'second entry allows',
      [{ host: 'protection.outlook.com' }, { host: '*.outlook.com', protocol: 'tcp' }],
      labels,
      true,
    ],
  ] as const)('%s', ([, fact, value, expected]) => {
    expect(allowsHost.test(fact, value)).toBe(expected);
  });

  it('explains the allowing entry', () => {
    expect(allowsHost.explain([{ host: '*.outlook.com', description: 'Exchange Online' }], labels)).toBe(
      'allowlist entry *.outlook.com (Exchange Online) allows *.protection.outlook.com (https on port 443)',
    );
  });

  it('explains near misses when nothing allows', () => {
    const fact = [
      { host: 'protection.outlook.com' },
      { host: '*.office.com' },
      { host: '*.outlook.com', ports: [80, '8080-8090'] },
      { host: '*.protection.outlook.com', protocol: 'udp' },
    ];
    expect(allowsHost.explain(fact, labels)).toBe(
      'no allowlist entry covers *.protection.outlook.com (https on port 443); near misses: ' +
        'protection.outlook.com does not cover subdomains; *.outlook.com allows only ports 80, 8080-8090; ' +
        '*.protection.outlook.com allows only protocol udp',
    );
    expect(allowsHost.explain([], { host: 'config.edge.skype.com' })).toBe(
      'no allowlist entry covers config.edge.skype.com (https on port 443)',
    );
  });

  it('caps the near misses', () => {
    const fact = ['a', 'b', 'c', 'd', 'e'].map((label) => ({ host: `${label}.outlook.com` }));
    expect(allowsHost.explain(fact, { host: '*.protection.outlook.com' })).toMatch(/; and 2 more$/);
  });

  it.for([
    [labels, undefined],
    [{ host: 'https://*.events.data.microsoft.com', port: 443, protocol: 'https' }, undefined],
    [{ host: 'x.com', port: '*', protocol: 'tcp' }, undefined],
    ['*.outlook.com', 'value must be an object { host, port?, protocol? }'],
    [{ address: '1.2.3.4' }, 'value needs a host string'],
    [{ host: 'a..b' }, "'a..b' is not a host name or host pattern"],
    [{ host: 'x.com', protocol: 'udp' }, 'protocol must be one of https, http, tcp'],
    [{ host: 'x.com', port: 70000 }, "'70000' is not a port (0-65535)"],
    [{ host: 'x.com', ports: [443] }, 'unknown value keys: ports'],
  ] as const)('value %j → %s', ([value, problem]) => {
    expect(allowsHost.valueProblem(value)).toBe(problem);
  });

  it.for([
    ['not an array', { host: 'x.com' }],
    ['entry not an object', ['x.com']],
    ['host not a string', [{ host: 42 }]],
    ['malformed host', [{ host: 'bad host' }]],
    ['malformed ports', [{ host: '*.outlook.com', ports: ['443,80'] }]],
    ['ports not an array', [{ host: '*.outlook.com', ports: '443' }]],
  ] as const)('throws TypeError on malformed data: %s', ([, fact]) => {
    expect(() => allowsHost.test(fact, labels)).toThrow(TypeError);
  });
});

describe('allowsAddress', () => {
  const aip = { address: '13.107.6.198', port: 443 };
  const aipV6 = { address: '2620:1ec:4::198', port: 443 };

  it.for([
    ['single address', [{ address: '13.107.6.198' }], aip, true],
    ['CIDR', [{ address: '13.107.6.0/24', ports: [443] }], aip, true],
    ['CIDR edge outside', [{ address: '13.107.6.0/25' }], aip, false],
    ['other address', [{ address: '13.107.6.181' }], aip, false],
    ['any', [{ address: 'any' }], aip, true],
    ['*', [{ address: '*' }], aip, true],
    ['v4 /0 does not hold v6', [{ address: '0.0.0.0/0' }], aipV6, false],
    ['v6 prefix', [{ address: '2620:1ec:4::/48' }], aipV6, true],
    ['v6 prefix other', [{ address: '2620:1ec:a92::/48' }], aipV6, false],
    ['host entries are ignored', [{ host: '*' }], aip, false],
    ['wrong port', [{ address: '13.107.6.198', ports: ['80'] }], aip, false],
    ['udp', [{ address: '13.107.6.198', protocol: 'udp' }], aip, false],
    ['tcp', [{ address: '13.107.6.198', protocol: 'tcp' }], aip, true],
  ] as const)('%s', ([, fact, value, expected]) => {
    expect(allowsAddress.test(fact, value)).toBe(expected);
  });

  it('explains', () => {
    expect(allowsAddress.explain([{ address: '13.107.0.0/16', description: 'Microsoft' }], aip)).toBe(
      'allowlist entry 13.107.0.0/16 (Microsoft) allows 13.107.6.198 (https on port 443)',
    );
    expect(allowsAddress.explain([{ address: '13.107.6.198', ports: [80] }], aip)).toBe(
      'no allowlist entry covers 13.107.6.198 (https on port 443); near misses: 13.107.6.198 allows only ports 80',
    );
  });

  it('checks the value and the data', () => {
    expect(allowsAddress.valueProblem(aip)).toBeUndefined();
    expect(allowsAddress.valueProblem({ address: '13.107.6.0/24' })).toBe("'13.107.6.0/24' is not an IP address");
    expect(() => allowsAddress.test([{ address: 'garbage' }], aip)).toThrow(TypeError);
  });
});

describe('hostPatternsCover', () => {
  it.for([
    [['*.aadrm.com'], '*.aadrm.com', true],
    [['aadrm.com', '*.aadrm.com'], 'admin.na.aadrm.com', true],
    [['aadrm.com'], '*.aadrm.com', false],
    [['.aadrm.com'], 'aadrm.com', true],
    [['*.microsoft.com'], '*.aadrm.com', false],
    [[], '*.aadrm.com', false],
  ] as const)('%j cover %s → %s', ([fact, value, expected]) => {
    expect(hostPatternsCover.test(fact, value)).toBe(expected);
  });

  it('explains', () => {
    expect(hostPatternsCover.explain(['*.aadrm.com'], 'admin.na.aadrm.com')).toBe(
      '*.aadrm.com covers admin.na.aadrm.com',
    );
    expect(hostPatternsCover.explain(['aadrm.com', '*.office.com'], '*.aadrm.com')).toBe(
      'none of the 2 host patterns covers *.aadrm.com; near misses: aadrm.com does not cover subdomains',
    );
  });

  it('checks the value and the data', () => {
    expect(hostPatternsCover.valueProblem('*.aadrm.com')).toBeUndefined();
    expect(hostPatternsCover.valueProblem({ host: 'x' })).toBe('host pattern must be a string');
    expect(() => hostPatternsCover.test('*.aadrm.com', '*.aadrm.com')).toThrow(TypeError);
    expect(() => hostPatternsCover.test([7], '*.aadrm.com')).toThrow(TypeError);
  });
});
