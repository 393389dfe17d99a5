import { describe, expect, it } from 'vitest';
import type { NsgRule } from '../../../engine/network/nsg.js';
import { operators } from '../../../engine/operators/index.js';
import { byValue } from './by-value.js';

const nsgAllowsOutbound = byValue(operators.get('nsgAllowsOutbound'));
const { test: evaluate, explain, valueProblem } = nsgAllowsOutbound;

function rule(name: string, priority: number, access: 'Allow' | 'Deny', destination: string, ports = '*'): NsgRule {
  return {
    name,
    priority,
    direction: 'Outbound',
    access,
    protocol: 'Tcp',
    destinationAddressPrefixes: [destination],
    destinationPortRanges: [ports],
  };
}

const open = { name: 'nsg-open', rules: [] };
const denyAad = { name: 'nsg-app', rules: [rule('DenyAzureAD', 200, 'Deny', 'AzureActiveDirectory')] };
const httpsOnly = {
  name: 'nsg-web',
  rules: [rule('AllowHttps', 100, 'Allow', 'Internet', '443'), rule('DenyInternet', 4000, 'Deny', 'Internet')],
};
const regional = { name: 'nsg-east', rules: [rule('DenyAADEast', 150, 'Deny', 'AzureActiveDirectory.EastUS')] };
const aad443 = { destination: 'AzureActiveDirectory', ports: 443 };
const aadAll = { destination: 'AzureActiveDirectory', ports: '*' };

describe('nsgAllowsOutbound', () => {
  it.for([
    ['no NSG filters', [], aadAll, true],
    ['defaults allow', [open], aadAll, true],
    ['one NSG denies', [open, denyAad], aad443, false],
    ['https only, port 443', [httpsOnly], aad443, true],
    ['https only, all ports', [httpsOnly], aadAll, false],
    ['regional deny', [regional], aad443, false],
    ['IP address', [httpsOnly], { destination: '13.107.6.198', ports: 443 }, true],
    ['IPv6 address, Udp', [httpsOnly], { destination: '2620:1ec:4::198', ports: 443, protocol: 'Udp' }, true],
    ['all protocols, Tcp rules', [httpsOnly], { destination: '13.107.6.198', ports: 443, protocol: '*' }, false],
    ['all protocols, defaults', [open], { destination: '13.107.6.198', ports: 443, protocol: '*' }, true],
  ] as const)('%s', ([, fact, value, expected]) => {
    expect(evaluate(fact, value)).toBe(expected);
  });

  it('explains the denying rule', () => {
    expect(explain?.([open, denyAad], aad443)).toBe(
      'NSG nsg-app: rule DenyAzureAD (priority 200) denies outbound Tcp 443 to AzureActiveDirectory',
    );
    expect(explain?.([httpsOnly], aadAll)).toBe(
      'NSG nsg-web: rule DenyInternet (priority 4000) denies outbound Tcp ports 0-442 to AzureActiveDirectory',
    );
    expect(explain?.([denyAad, denyAad, denyAad], aadAll)).toBe(
      'NSG nsg-app: rule DenyAzureAD (priority 200) denies outbound Tcp on all ports to AzureActiveDirectory ' +
        '(2 more NSGs deny it too)',
    );
    expect(explain?.([regional], aad443)).toBe(
      'NSG nsg-east: rule DenyAADEast (priority 150) denies part of outbound Tcp 443 to AzureActiveDirectory ' +
        '(the rule covers Tcp to AzureActiveDirectory.EastUS)',
    );
    expect(explain?.([httpsOnly], { ...aad443, protocol: '*' })).toBe(
      'NSG nsg-web: rule DenyInternet (priority 4000) denies part of outbound traffic of any protocol 443 ' +
        'to AzureActiveDirectory (the rule covers Tcp to Internet)',
    );
    const lockedDown = { name: 'nsg-locked', rules: [], defaultRules: [rule('DenyAllOutBound', 65500, 'Deny', '*')] };
    expect(explain?.([lockedDown], { destination: '13.107.9.198', ports: '*', protocol: 'tcp' })).toBe(
      'NSG nsg-locked: rule DenyAllOutBound (priority 65500, default rule) denies outbound Tcp on all ports to 13.107.9.198',
    );
  });

  it('explains the allowing rules', () => {
    expect(explain?.([], aadAll)).toBe('no NSG filters outbound traffic');
    expect(explain?.([open], aadAll)).toBe(
      'NSG nsg-open: rule AllowInternetOutBound (priority 65001, default rule) allows outbound Tcp on all ports to AzureActiveDirectory',
    );
    const pieces = { name: 'nsg-pieces', rules: [rule('AllowHttps', 100, 'Allow', '*', '443')] };
    expect(explain?.([pieces, httpsOnly], aad443)).toBe(
      'NSG nsg-pieces: rule AllowHttps (priority 100) allows outbound Tcp 443 to AzureActiveDirectory; ' +
        'NSG nsg-web: rule AllowHttps (priority 100) allows outbound Tcp 443 to AzureActiveDirectory',
    );
    expect(explain?.([pieces], aadAll)).toBe(
      'NSG nsg-pieces: rules AllowInternetOutBound (priority 65001, default rule) and AllowHttps (priority 100) ' +
        'allow outbound Tcp on all ports to AzureActiveDirectory',
    );
    expect(explain?.([pieces], { ...aadAll, protocol: '*' })).toBe(
      'NSG nsg-pieces: rule AllowInternetOutBound (priority 65001, default rule) ' +
        'allows outbound traffic of any protocol on all ports to AzureActiveDirectory',
    );
    expect(explain?.([open, open, open, open], aad443)).toMatch(/; 1 more NSG allows it too$/);
    expect(explain?.([open, open, open, open, open], aad443)).toMatch(/; 2 more NSGs allow it too$/);
  });

  it.for([
    [aad443, undefined],
    [{ destination: 'AzureFrontDoor.Frontend', ports: '*', protocol: '*' }, undefined],
    [{ destination: '2620:1ec:a92::198', ports: 443, protocol: 'tcp' }, undefined],
    [null, 'needs a value { destination, ports, protocol? }'],
    [{ ports: 443 }, 'needs a value { destination, ports, protocol? }'],
    [{ destination: '13.107.6.0/24', ports: 443 }, "'13.107.6.0/24' is not an IP address"],
    [{ destination: 'AzureActiveDirectory' }, 'needs a value { destination, ports, protocol? }'],
    [{ destination: 'AzureActiveDirectory', ports: 'https' }, "'https' is not a port, a port range or *"],
    [{ destination: 'AzureActiveDirectory', ports: 443, protocol: 'Icmp' }, 'protocol must be Tcp, Udp or *, got Icmp'],
    [{ destination: 'AzureActiveDirectory', ports: 443, protocol: 'Gre' }, "'Gre' is not an NSG protocol"],
    [{ destination: 'AzureActiveDirectory', port: 443, ports: 443 }, 'unknown value keys: port'],
  ] as const)('value %j → %s', ([value, problem]) => {
    expect(valueProblem(value)).toBe(problem);
  });

  it('throws TypeError on malformed data', () => {
    expect(() => evaluate({ name: 'x', rules: [] }, aad443)).toThrow(TypeError);
    expect(() => evaluate([{ name: 'x', rules: 'DenyAll' }], aad443)).toThrow(TypeError);
  });
});

describe('nsgAllowsOutbound with an NSG whose rules were not collected', () => {
  const query = { destination: 'AzureActiveDirectory', ports: 443 };
  const denying = {
    name: 'nsg-deny',
    rules: [
      {
        name: 'DenyAll',
        priority: 100,
        direction: 'Outbound',
        access: 'Deny',
        protocol: '*',
        destinationAddressPrefixes: ['*'],
        destinationPortRanges: ['*'],
      },
    ],
  };
  it('cannot decide when nothing else denies', () => {
    expect(nsgAllowsOutbound.test([{ name: 'nsg-bare' }, { name: 'nsg-open', rules: [] }], query)).toBeUndefined();
    expect(nsgAllowsOutbound.explain([{ name: 'nsg-bare' }], query)).toBe(
      'the rules of NSG nsg-bare were not collected',
    );
  });
  it('fails when another NSG denies', () => {
    expect(nsgAllowsOutbound.test([{ name: 'nsg-bare' }, denying], query)).toBe(false);
    expect(nsgAllowsOutbound.explain([{ name: 'nsg-bare' }, denying], query)).toMatch(/^NSG nsg-deny: rule DenyAll/);
  });
});
