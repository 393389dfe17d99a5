import { describe, expect, it } from 'vitest';
import { decideOutbound, type Nsg, type NsgRule, type OutboundQuery } from '../../../engine/network/nsg.js';
import { combineOverlaps, overlapPrefix, parseDestination } from '../../../engine/network/nsg-destinations.js';
import { overlapSource, overlapSourcePorts } from '../../../engine/network/nsg-sources.js';

function rule(
  name: string,
  priority: number,
  access: 'Allow' | 'Deny',
  destination: string | string[],
  ports: string | string[] = '*',
  protocol = '*',
): NsgRule {
  return {
    name,
    priority,
    direction: 'Outbound',
    access,
    protocol,
    sourceAddressPrefixes: ['*'],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: [destination].flat(),
    destinationPortRanges: [ports].flat(),
  };
}

const nsg = (rules: NsgRule[], defaultRules?: NsgRule[]): Nsg => ({
  name: 'nsg-app',
  rules,
  ...(defaultRules ? { defaultRules } : {}),
});
const denyAll = rule('DenyAll', 4096, 'Deny', '*');
const aad443: OutboundQuery = { destination: 'AzureActiveDirectory', port: 443 };

describe('overlapPrefix', () => {
  it.for([
    ['*', 'AzureActiveDirectory', 'all'],
    ['Any', '13.107.6.198', 'all'],
    ['0.0.0.0/0', 'AzureActiveDirectory', 'all'],
    ['::/0', 'AzureActiveDirectory', 'all'],
    ['0.0.0.0/0', '13.107.6.198', 'all'],
    ['0.0.0.0/0', '2620:1ec:4::198', 'none'],
    ['::/0', '2620:1ec:4::198', 'all'],
    ['::/0', '13.107.6.198', 'none'],
    ['13.107.6.0/24', '13.107.6.198', 'all'],
    ['13.107.6.0/25', '13.107.6.198', 'none'],
    ['13.107.6.198', '13.107.6.198', 'all'],
    ['2620:1ec:4::/48', '2620:1ec:4::198', 'all'],
    ['2620:1ec:a92::/48', '2620:1ec:4::198', 'none'],
    ['13.107.0.0/16', 'AzureActiveDirectory', 'maybe'],
    ['AzureActiveDirectory', '13.107.6.198', 'maybe'],
    ['Internet', '13.107.6.198', 'all'],
    ['Internet', '2620:1ec:4::198', 'all'],
    ['Internet', '10.0.0.4', 'none'],
    ['Internet', 'AzureActiveDirectory', 'all'],
    ['Internet', 'AzureFrontDoor.Frontend', 'all'],
    ['Internet', 'AzureInformationProtection', 'all'],
    ['Internet', 'Internet', 'all'],
    ['Internet', 'VirtualNetwork', 'none'],
    ['Internet', 'AzureLoadBalancer', 'none'],
    ['VirtualNetwork', 'AzureActiveDirectory', 'none'],
    ['VirtualNetwork', '10.0.0.4', 'none'],
    ['AzureActiveDirectory', 'AzureActiveDirectory', 'all'],
    ['azureactivedirectory', 'AzureActiveDirectory', 'all'],
    ['AzureActiveDirectory', 'azureACTIVEdirectory', 'all'],
    ['AzureActiveDirectory', 'AzureActiveDirectory.EastUS', 'all'],
    ['AzureActiveDirectory.EastUS', 'AzureActiveDirectory', 'some'],
    ['AzureActiveDirectoryDomainServices', 'AzureActiveDirectory', 'none'],
    ['AzureFrontDoor.Frontend', 'AzureFrontDoor.Frontend', 'all'],
    ['AzureFrontDoor.Backend', 'AzureFrontDoor.Frontend', 'none'],
    ['AzureFrontDoor', 'AzureFrontDoor.Frontend', 'all'],
    ['AzureCloud', 'AzureActiveDirectory', 'maybe'],
    ['AzureCloud.EastUS', 'AzureFrontDoor.Frontend', 'maybe'],
    ['AzureCloud', 'VirtualNetwork', 'none'],
    ['AzureCloud', '13.107.6.198', 'maybe'],
    ['Storage', '10.0.0.4', 'none'],
    ['10.0.0.0/8', 'AzureActiveDirectory', 'none'],
    ['172.16.4.0/24', 'AzureInformationProtection', 'none'],
    ['20.0.0.0/8', 'AzureActiveDirectory', 'maybe'],
    ['fd00::/8', 'AzureActiveDirectory', 'none'],
    ['AzureActiveDirectory', 'Internet', 'some'],
    ['VirtualNetwork', 'Internet', 'none'],
    ['13.107.6.198', 'Internet', 'some'],
  ] as const)('%s vs %s → %s', ([prefix, destination, expected]) => {
    expect(overlapPrefix(prefix, parseDestination(destination))).toBe(expected);
  });

  it('rejects malformed prefixes and destinations', () => {
    expect(() => overlapPrefix('10.0.0.0/33', parseDestination('Internet'))).toThrow(TypeError);
    expect(() => overlapPrefix('not a tag!', parseDestination('Internet'))).toThrow(TypeError);
    for (const bad of ['13.107.6.0/24', '*', 'Any', 'not a tag', '', 5]) {
      expect(() => parseDestination(bad)).toThrow(TypeError);
    }
  });
});

interface Case {
  name: string;
  nsg: Nsg;
  query: OutboundQuery;
  allowed: boolean;
  rule: string;
  ports?: string;
  partial?: boolean;
}

const cases: Case[] = [
  {
    name: 'a lower-number Allow wins over a Deny',
    nsg: nsg([
      rule('DenyAAD', 200, 'Deny', 'AzureActiveDirectory'),
      rule('AllowAAD', 100, 'Allow', 'AzureActiveDirectory'),
    ]),
    query: aad443,
    allowed: true,
    rule: 'AllowAAD',
  },
  {
    name: 'a lower-number Deny wins over an Allow',
    nsg: nsg([
      rule('AllowAAD', 300, 'Allow', 'AzureActiveDirectory'),
      rule('DenyAAD', 200, 'Deny', 'AzureActiveDirectory'),
    ]),
    query: aad443,
    allowed: false,
    rule: 'DenyAAD',
  },
  {
    name: 'the first matching rule decides, later matches do not',
    nsg: nsg([
      rule('AllowInternet', 100, 'Allow', 'Internet'),
      rule('DenyAAD', 110, 'Deny', 'AzureActiveDirectory'),
      denyAll,
    ]),
    query: aad443,
    allowed: true,
    rule: 'AllowInternet',
  },
  {
    name: 'a protocol mismatch skips the rule',
    nsg: nsg([
      rule('DenyUdp', 100, 'Deny', '*', '*', 'Udp'),
      rule('AllowTcp', 200, 'Allow', '*', '443', 'TCP'),
      denyAll,
    ]),
    query: aad443,
    allowed: true,
    rule: 'AllowTcp',
  },
  {
    name: 'protocol Any is *',
    nsg: nsg([rule('DenyAny', 100, 'Deny', '*', '*', 'Any')]),
    query: aad443,
    allowed: false,
    rule: 'DenyAny',
  },
  {
    name: 'a Tcp rule denies part of all-protocol traffic',
    nsg: nsg([rule('DenyTcp', 100, 'Deny', 'AzureActiveDirectory', '443', 'Tcp')]),
    query: { ...aad443, protocol: '*' },
    allowed: false,
    rule: 'DenyTcp',
    partial: true,
  },
  {
    name: 'a Tcp Allow lets only part of all-protocol traffic through',
    nsg: nsg([rule('AllowTcp', 100, 'Allow', 'AzureActiveDirectory', '*', 'Tcp'), denyAll]),
    query: { ...aad443, protocol: '*' },
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'port range low edge',
    nsg: nsg([rule('AllowRange', 100, 'Allow', '*', '443-8443'), denyAll]),
    query: aad443,
    allowed: true,
    rule: 'AllowRange',
  },
  {
    name: 'port range high edge',
    nsg: nsg([rule('AllowRange', 100, 'Allow', '*', '80-443'), denyAll]),
    query: aad443,
    allowed: true,
    rule: 'AllowRange',
  },
  {
    name: 'port range just below',
    nsg: nsg([rule('AllowRange', 100, 'Allow', '*', '80-442'), denyAll]),
    query: aad443,
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'port range just above',
    nsg: nsg([rule('AllowRange', 100, 'Allow', '*', ['444-8443', '80']), denyAll]),
    query: aad443,
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'IPv4 CIDR',
    nsg: nsg([rule('AllowMs', 100, 'Allow', '13.107.0.0/16', '443'), denyAll]),
    query: { destination: '13.107.9.198', port: 443 },
    allowed: true,
    rule: 'AllowMs',
  },
  {
    name: 'IPv4 CIDR does not hold the IPv6 address',
    nsg: nsg([rule('AllowMs', 100, 'Allow', ['13.107.0.0/16', '0.0.0.0/0'], '443'), denyAll]),
    query: { destination: '2620:1ec:4::198', port: 443 },
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'IPv6 CIDR',
    nsg: nsg([rule('AllowMs6', 100, 'Allow', '2620:1ec::/36', '443'), denyAll]),
    query: { destination: '2620:1ec:a92::198', port: 443 },
    allowed: true,
    rule: 'AllowMs6',
  },
  {
    name: 'a Deny of another address does not match',
    nsg: nsg([rule('DenyOther', 100, 'Deny', '13.107.6.181')]),
    query: { destination: '13.107.6.198', port: 443 },
    allowed: true,
    rule: 'AllowInternetOutBound',
  },
  {
    name: '* denies everything',
    nsg: nsg([rule('DenyAll', 100, 'Deny', '*')]),
    query: { destination: '2620:1ec:4::198', port: 443 },
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'Internet allows a public address',
    nsg: nsg([rule('AllowWeb', 100, 'Allow', 'Internet', '443'), denyAll]),
    query: { destination: '13.107.6.181', port: 443 },
    allowed: true,
    rule: 'AllowWeb',
  },
  {
    name: 'a Deny of Internet blocks service tags',
    nsg: nsg([rule('DenyInternet', 100, 'Deny', 'Internet')]),
    query: { destination: 'AzureFrontDoor.Frontend', port: 443 },
    allowed: false,
    rule: 'DenyInternet',
  },
  {
    name: 'service tag by name, case-insensitive',
    nsg: nsg([rule('AllowAIP', 100, 'Allow', 'azureinformationprotection'), denyAll]),
    query: { destination: 'AzureInformationProtection', port: 443 },
    allowed: true,
    rule: 'AllowAIP',
  },
  {
    name: 'another service tag does not match',
    nsg: nsg([rule('AllowAAD', 100, 'Allow', 'AzureActiveDirectory'), denyAll]),
    query: { destination: 'AzureInformationProtection', port: 443 },
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'a regional Allow is not all of the tag',
    nsg: nsg([rule('AllowAADEast', 100, 'Allow', 'AzureActiveDirectory.EastUS'), denyAll]),
    query: aad443,
    allowed: false,
    rule: 'DenyAll',
  },
  {
    name: 'a regional Deny blocks part of the tag',
    nsg: nsg([
      rule('DenyAADEast', 100, 'Deny', 'AzureActiveDirectory.EastUS'),
      rule('AllowAAD', 200, 'Allow', 'AzureActiveDirectory'),
    ]),
    query: aad443,
    allowed: false,
    rule: 'DenyAADEast',
    partial: true,
  },
  {
    name: 'a regional Allow then the whole tag',
    nsg: nsg([
      rule('AllowAADEast', 100, 'Allow', 'AzureActiveDirectory.EastUS'),
      rule('AllowAAD', 200, 'Allow', 'AzureActiveDirectory'),
      denyAll,
    ]),
    query: aad443,
    allowed: true,
    rule: 'AllowAAD',
  },
  {
    name: 'defaults when nothing matches: AllowInternetOutBound',
    nsg: nsg([rule('DenyVnet', 100, 'Deny', 'VirtualNetwork')]),
    query: aad443,
    allowed: true,
    rule: 'AllowInternetOutBound',
  },
  {
    name: 'defaults: a private address reaches DenyAllOutBound (VNet ranges are unknown)',
    nsg: nsg([]),
    query: { destination: '10.0.0.4', port: 443 },
    allowed: false,
    rule: 'DenyAllOutBound',
  },
  {
    name: 'custom defaultRules replace Azure defaults',
    nsg: nsg(
      [],
      [rule('DenyAllOutBound', 65500, 'Deny', '*'), rule('AllowVnetOutBound', 65000, 'Allow', 'VirtualNetwork')],
    ),
    query: aad443,
    allowed: false,
    rule: 'DenyAllOutBound',
  },
  {
    name: 'custom defaultRules: inbound ones are ignored',
    nsg: nsg(
      [],
      [
        { ...rule('AllowAllIn', 65000, 'Allow', '*'), direction: 'Inbound' },
        rule('AllowInternetOutBound', 65001, 'Allow', 'Internet'),
      ],
    ),
    query: aad443,
    allowed: true,
    rule: 'AllowInternetOutBound',
  },
  {
    name: 'defaultRules that decide nothing fall back to the implicit deny',
    nsg: nsg([], []),
    query: aad443,
    allowed: false,
    rule: 'DenyAllOutBound',
  },
  {
    name: 'inbound custom rules are ignored',
    nsg: nsg([{ ...rule('DenyIn', 100, 'Deny', '*'), direction: 'Inbound' }]),
    query: aad443,
    allowed: true,
    rule: 'AllowInternetOutBound',
  },
  {
    name: 'all ports: allowed by the defaults',
    nsg: nsg([]),
    query: { ...aad443, port: 'all' },
    allowed: true,
    rule: 'AllowInternetOutBound',
    ports: '0-65535',
  },
  {
    name: 'all ports: partial deny names the first denied range and its rule',
    nsg: nsg([
      rule('AllowHttps', 100, 'Allow', 'AzureActiveDirectory', '443'),
      rule('DenyHigh', 200, 'Deny', '*', '1024-65535'),
      rule('DenyLow', 300, 'Deny', '*', '0-80'),
    ]),
    query: { ...aad443, port: 'all' },
    allowed: false,
    rule: 'DenyLow',
    ports: '0-80',
  },
  {
    name: 'all ports: denied above 443 only',
    nsg: nsg([rule('AllowLow', 100, 'Allow', '*', '0-443'), denyAll]),
    query: { ...aad443, port: 'all' },
    allowed: false,
    rule: 'DenyAll',
    ports: '444-65535',
  },
  {
    name: 'all ports: allowed by pieces',
    nsg: nsg([
      rule('AllowLow', 100, 'Allow', '*', ['0-443']),
      rule('AllowHigh', 110, 'Allow', '*', '444-65535'),
      denyAll,
    ]),
    query: { ...aad443, port: '*' },
    allowed: true,
    rule: 'AllowLow',
    ports: '0-443',
  },
  {
    name: 'all ports: a single denied port at the top',
    nsg: nsg([rule('DenyTop', 100, 'Deny', '*', '65535')]),
    query: { ...aad443, port: 'all' },
    allowed: false,
    rule: 'DenyTop',
    ports: '65535',
  },
];

describe('decideOutbound', () => {
  it.for(cases)('$name', ({ nsg: group, query, allowed, rule: deciding, ports, partial }) => {
    const decision = decideOutbound(group, query);
    expect(decision.allowed).toBe(allowed);
    expect(decision.rule.name).toBe(deciding);
    if (ports) expect(decision.ports).toBe(ports);
    expect(decision.partial).toBe(partial ?? false);
  });

  it('lists every run of ports with its rule', () => {
    const group = nsg([rule('AllowHttps', 100, 'Allow', '*', '443'), rule('DenyHigh', 200, 'Deny', '*', '1024-65535')]);
    const runs = decideOutbound(group, { ...aad443, port: 'all' }).decisions.map(
      (d) => `${d.ports.join('-')} ${d.allowed ? 'allow' : 'deny'} ${d.rule.name}${d.isDefault ? ' (default)' : ''}`,
    );
    expect(runs).toEqual([
      '0-442 allow AllowInternetOutBound (default)',
      '443-443 allow AllowHttps',
      '444-1023 allow AllowInternetOutBound (default)',
      '1024-65535 deny DenyHigh',
    ]);
  });

  it.for([
    ['rules not an array', { name: 'x', rules: {} }],
    ['rule without priority', { name: 'x', rules: [{ ...rule('A', 100, 'Allow', '*'), priority: '100' }] }],
    ['bad direction', { name: 'x', rules: [{ ...rule('A', 100, 'Allow', '*'), direction: 'Out' }] }],
    ['bad access', { name: 'x', rules: [{ ...rule('A', 100, 'Allow', '*'), access: 'Permit' }] }],
    ['bad protocol', { name: 'x', rules: [rule('A', 100, 'Allow', '*', '*', 'Gre')] }],
    [
      'no destination prefixes',
      { name: 'x', rules: [{ ...rule('A', 100, 'Allow', '*'), destinationAddressPrefixes: [] }] },
    ],
    ['bad port range', { name: 'x', rules: [rule('A', 100, 'Allow', '*', '443-80')] }],
    ['bad prefix', { name: 'x', rules: [rule('A', 100, 'Allow', '10.0.0.0/40')] }],
  ] as const)('throws TypeError on malformed data: %s', ([, group]) => {
    expect(() => decideOutbound(group as unknown as Nsg, aad443)).toThrow(TypeError);
  });
});

describe('the client flow: source addresses and ephemeral source ports', () => {
  const from = (r: NsgRule, sources: string[], ports: string[] = ['*']): NsgRule => ({
    ...r,
    sourceAddressPrefixes: sources,
    sourcePortRanges: ports,
  });

  it.for([
    ['*', undefined, 'all'],
    ['VirtualNetwork', undefined, 'all'],
    ['0.0.0.0/0', undefined, 'all'],
    ['10.1.0.0/16', undefined, 'maybe'],
    ['10.1.0.0/16', ['10.1.2.0/24'], 'all'],
    ['10.1.2.0/25', ['10.1.2.0/24'], 'some'],
    ['10.9.0.0/16', ['10.1.2.0/24'], 'none'],
    ['10.1.0.0/16', ['10.1.2.0/24', '10.7.0.0/24'], 'some'],
    ['2001:db8::/32', ['10.1.2.0/24'], 'none'],
    ['Internet', undefined, 'none'],
    ['AzureLoadBalancer', ['10.1.2.0/24'], 'none'],
  ] as const)('source %s from %j → %s', ([prefix, own, expected]) => {
    expect(overlapSource(prefix, own as readonly string[] | undefined)).toBe(expected);
  });

  it.for([
    [undefined, 'all'],
    [['*'], 'all'],
    [['443'], 'none'],
    [['0-1023'], 'none'],
    [['1024-65535'], 'all'],
    [['1024-40000', '40001-65535'], 'all'],
    [['49152-65535'], 'some'],
  ] as const)('source ports %j → %s', ([ports, expected]) => {
    expect(overlapSourcePorts(ports as readonly string[] | undefined)).toBe(expected);
  });

  it('combines dimensions: none wins, then maybe, then some', () => {
    expect(combineOverlaps('all', 'some', 'maybe')).toBe('maybe');
    expect(combineOverlaps('all', 'some')).toBe('some');
    expect(combineOverlaps('maybe', 'none')).toBe('none');
    expect(combineOverlaps('all', 'all')).toBe('all');
  });

  it('an Allow limited to source port 443 does not let clients out', () => {
    const decision = decideOutbound(
      nsg([from(rule('AllowAad', 100, 'Allow', 'AzureActiveDirectory'), ['*'], ['443']), denyAll]),
      aad443,
    );
    expect([decision.allowed, decision.rule.name]).toEqual([false, 'DenyAll']);
  });

  it("an Allow from the NSG's own subnet counts; from another subnet it does not", () => {
    const allow = from(rule('AllowAad', 100, 'Allow', 'AzureActiveDirectory'), ['10.1.0.0/16']);
    const own = (sourceAddresses: string[]) => ({ ...nsg([allow, denyAll]), sourceAddresses });
    expect(decideOutbound(own(['10.1.2.0/24']), aad443).allowed).toBe(true);
    expect(decideOutbound(own(['10.2.2.0/24']), aad443).rule.name).toBe('DenyAll');
    expect(decideOutbound(nsg([allow, denyAll]), aad443).rule.name).toBe('DenyAll');
  });

  it('a Deny that may match leaves the verdict undecided, naming it', () => {
    const decision = decideOutbound(nsg([rule('DenyAzureCloud', 100, 'Deny', 'AzureCloud')]), aad443);
    expect(decision.allowed).toBe(false);
    expect(decision.undecided?.mayBlock?.name).toBe('DenyAzureCloud');
    expect(decision.undecided?.rule.name).toBe('AllowInternetOutBound');
  });

  it('a certain Deny after a Deny that may match decides: denied, not undecided', () => {
    const decision = decideOutbound(
      nsg([rule('DenyAzureCloud', 100, 'Deny', 'AzureCloud'), rule('DenyAad', 200, 'Deny', 'AzureActiveDirectory')]),
      aad443,
    );
    expect([decision.allowed, decision.undecided, decision.rule.name]).toEqual([false, undefined, 'DenyAad']);
  });

  it('rejects sourceAddresses that are not a list', () => {
    expect(() => decideOutbound({ ...nsg([]), sourceAddresses: '10.0.0.0/8' } as unknown as Nsg, aad443)).toThrow(
      TypeError,
    );
  });
});
