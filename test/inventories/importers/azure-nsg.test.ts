import { describe, expect, it } from 'vitest';
import { decideOutbound, type Nsg } from '../../../engine/network/nsg.js';
import { importerNamed, importFixture, lineAt, textAt } from '../helpers.js';

function nsgsOf(name: string) {
  const result = importFixture(name);
  const azure = result.part.snapshot.network?.azure as { endpointsInUse: boolean; nsgs: Nsg[] };
  return { result, azure };
}

describe('azure-nsg: az network nsg rule list (flattened rules)', () => {
  const name = 'nsg-rule-list.json';
  const { result, azure } = nsgsOf(name);

  it('groups rules by the NSG named in their id and marks Azure endpoints in use', () => {
    expect(azure.endpointsInUse).toBe(true);
    expect(azure.nsgs.map((n) => [n.name, n.resourceGroup, n.rules.map((r) => r.name)])).toEqual([
      ['nsg-app', 'rg-app', ['allow-aip', 'allow-aip-ips', 'deny-web']],
      ['nsg-web', 'rg-web', ['allow-rdp']],
    ]);
    expect(azure.nsgs[0]?.id).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.Network/networkSecurityGroups/nsg-app',
    );
  });

  it('folds the singular prefix and port fields into the plural arrays', () => {
    const [tag, ips, deny] = azure.nsgs[0]?.rules ?? [];
    expect(tag).toEqual({
      name: 'allow-aip',
      priority: 100,
      direction: 'Outbound',
      access: 'Allow',
      protocol: '*',
      sourceAddressPrefixes: ['VirtualNetwork'],
      sourcePortRanges: ['*'],
      destinationAddressPrefixes: ['AzureInformationProtection'],
      destinationPortRanges: ['*'],
      description: 'AIP service tag',
    });
    expect(ips?.destinationAddressPrefixes).toHaveLength(6);
    expect(ips?.destinationPortRanges).toEqual(['443']);
    expect(deny?.destinationPortRanges).toEqual(['80', '443', '8000-8080']);
  });

  it('keeps default rules listed with --include-default apart', () => {
    expect(azure.nsgs[0]?.defaultRules?.map((r) => r.name)).toEqual(['AllowInternetOutBound']);
  });

  it('reports a rule without a priority and points rules at their fields', () => {
    expect(result.rowErrors.map((e) => [e.line, e.message])).toEqual([
      [108, 'NSG rule no-priority has no valid priority'],
    ]);
    expect(textAt(result, name, ['network', 'azure', 'nsgs', 0, 'rules', 0, 'destinationAddressPrefixes'])).toBe(
      '"destinationAddressPrefix": "AzureInformationProtection",',
    );
    expect(lineAt(result, name, ['network', 'azure', 'nsgs', 0, 'rules', 1, 'destinationAddressPrefixes'])).toBe(
      '"destinationAddressPrefixes": [',
    );
    expect(lineAt(result, name, ['network', 'azure', 'nsgs', 0, 'rules', 2, 'priority'])).toBe('"priority": 4000,');
  });

  it('produces rules the NSG engine decides on', () => {
    const nsg = azure.nsgs[0];
    if (!nsg) throw new Error('no NSG');
    expect(decideOutbound(nsg, { destination: '13.107.6.198', port: 443 }).rule.name).toBe('allow-aip-ips');
  });
});

describe('azure-nsg: az network nsg show and ARM JSON', () => {
  it('reads securityRules and defaultSecurityRules of an NSG object', () => {
    const { azure } = nsgsOf('nsg-show.json');
    expect(azure.nsgs).toHaveLength(1);
    expect(azure.nsgs[0]?.name).toBe('nsg-vdi');
    expect(azure.nsgs[0]?.rules.map((r) => r.name)).toEqual(['deny-internet']);
    expect(azure.nsgs[0]?.defaultRules?.map((r) => [r.name, r.priority])).toEqual([
      ['AllowVnetOutBound', 65000],
      ['AllowInternetOutBound', 65001],
      ['DenyAllOutBound', 65500],
    ]);
  });

  it('reads rule fields under properties, and an ASG-only destination as no address', () => {
    const name = 'nsg-arm.json';
    const { result, azure } = nsgsOf(name);
    expect(azure.nsgs[0]).toMatchObject({ name: 'nsg-hub', resourceGroup: 'rg-hub' });
    expect(azure.nsgs[0]?.defaultRules).toBeUndefined();
    expect(azure.nsgs[0]?.rules[0]).toMatchObject({
      name: 'allow-entra',
      destinationAddressPrefixes: ['AzureActiveDirectory'],
      destinationPortRanges: ['443'],
    });
    expect(azure.nsgs[0]?.rules[1]?.destinationAddressPrefixes).toEqual([]);
    expect(lineAt(result, name, ['network', 'azure', 'nsgs', 0, 'rules', 0, 'destinationPortRanges'])).toBe(
      '"destinationPortRange": "443",',
    );
  });
});

describe('azure-nsg: az network nsg list (an array of NSGs, keys sorted as az prints them)', () => {
  it('reads every NSG with its rules and default rules', () => {
    const name = 'nsg-list.json';
    const { result, azure } = nsgsOf(name);
    expect(result.rowErrors).toEqual([]);
    expect(
      azure.nsgs.map((n) => [n.name, n.resourceGroup, n.rules.map((r) => r.name), n.defaultRules?.length]),
    ).toEqual([
      ['nsg-vdi-hosts', 'rg-vdi', ['allow-aip-tags', 'deny-internet'], 3],
      ['nsg-vdi-mgmt', 'rg-vdi', [], 3],
    ]);
    expect(azure.nsgs[0]?.rules[0]?.destinationAddressPrefixes).toEqual([
      'AzureInformationProtection',
      'AzureActiveDirectory',
      'AzureFrontDoor.Frontend',
    ]);
    expect(lineAt(result, name, ['network', 'azure', 'nsgs', 1, 'defaultRules', 2, 'priority'])).toBe(
      '"priority": 65500,',
    );
    expect(result.part.locate(['network', 'azure', 'nsgs', 1, 'defaultRules', 2, 'priority']).line).toBe(183);
  });
});

describe('azure-nsg: Az PowerShell (Get-AzNetworkSecurityGroup | ConvertTo-Json)', () => {
  it('reads a list of NSGs whose rules ConvertTo-Json cut to type names from SecurityRulesText', () => {
    const name = 'az-powershell-nsgs.json';
    const { result, azure } = nsgsOf(name);
    expect(result.importer).toBe('azure-nsg');
    expect(result.rowErrors).toEqual([]);
    expect(result.schemaProblems).toEqual([]);
    expect(
      azure.nsgs.map((n) => [n.name, n.resourceGroup, n.rules.map((r) => r.name), n.defaultRules?.length]),
    ).toEqual([
      ['nsg-clients', 'rg-hub', ['allow-aip', 'deny-internet'], 3],
      ['nsg-servers', 'rg-hub', [], 3],
    ]);
    expect(azure.nsgs[0]?.rules[0]).toEqual({
      name: 'allow-aip',
      priority: 100,
      direction: 'Outbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefixes: ['VirtualNetwork'],
      sourcePortRanges: ['*'],
      destinationAddressPrefixes: ['AzureInformationProtection'],
      destinationPortRanges: ['443'],
      description: 'AIP service tag',
    });
    // A rule read from the JSON text points at the text's key, the nearest place in the file.
    expect(lineAt(result, name, ['network', 'azure', 'nsgs', 0, 'rules', 1, 'priority'])).toMatch(
      /^"SecurityRulesText": {2}"\[/,
    );
    expect(result.part.locate(['network', 'azure', 'nsgs', 1, 'defaultRules', 2]).line).toBe(47);
  });

  it('splits the space-separated lists ConvertTo-Json writes for one NSG (rules one level deep)', () => {
    const nsg = {
      SecurityRules: [
        {
          Protocol: 'Tcp',
          SourcePortRange: '*',
          DestinationPortRange: '80 443',
          SourceAddressPrefix: '*',
          DestinationAddressPrefix: '13.107.6.181 13.107.9.181',
          SourceApplicationSecurityGroups: '',
          Access: 'Allow',
          Priority: 110,
          Direction: 'Outbound',
          Name: 'allow-aadrm',
        },
      ],
      ResourceGroupName: 'rg-hub',
      Name: 'nsg-one',
    };
    const result = importerNamed('azure-nsg').import(JSON.stringify(nsg, null, 2), 'nsg-one.json');
    const azure = result.part.snapshot.network?.azure as { nsgs: Nsg[] };
    expect(azure.nsgs[0]).toMatchObject({ name: 'nsg-one', resourceGroup: 'rg-hub' });
    expect(azure.nsgs[0]?.rules[0]).toMatchObject({
      destinationAddressPrefixes: ['13.107.6.181', '13.107.9.181'],
      destinationPortRanges: ['80', '443'],
    });
  });

  it('reports rules cut to type names, with nothing to read them from, as a -Depth problem', () => {
    const nsgs = [{ Name: 'nsg-x', SecurityRules: ['Microsoft.Azure.Commands.Network.Models.PSSecurityRule'] }];
    const result = importerNamed('azure-nsg').import(JSON.stringify(nsgs), 'nsgs.json');
    expect(result.rowErrors.map((e) => e.message)).toEqual([
      "nsg-x: NSG rule is a type name, cut off by ConvertTo-Json's -Depth (export with -Depth 10)",
    ]);
    const rule = { Name: 'r', Priority: 1, Direction: 'Outbound', Access: 'Allow', Protocol: '*' };
    const deeper = [
      {
        Name: 'nsg-y',
        SecurityRules: [{ ...rule, DestinationAddressPrefix: 'System.Collections.Generic.List`1[System.String]' }],
      },
    ];
    expect(importerNamed('azure-nsg').import(JSON.stringify(deeper), 'nsgs.json').rowErrors[0]?.message).toBe(
      "NSG rule r: DestinationAddressPrefix is a type name, cut off by ConvertTo-Json's -Depth (export with -Depth 10)",
    );
  });
});

describe('azure-nsg: az network nsg create', () => {
  it('reads the NSG inside the NewNSG wrapper', () => {
    const created = {
      NewNSG: {
        defaultSecurityRules: [
          {
            access: 'Deny',
            destinationAddressPrefix: '*',
            destinationAddressPrefixes: [],
            destinationPortRange: '*',
            destinationPortRanges: [],
            direction: 'Outbound',
            id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-new/defaultSecurityRules/DenyAllOutBound',
            name: 'DenyAllOutBound',
            priority: 65500,
            protocol: '*',
            resourceGroup: 'rg',
          },
        ],
        id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-new',
        name: 'nsg-new',
        resourceGroup: 'rg',
        securityRules: [],
      },
    };
    const result = importerNamed('azure-nsg').import(JSON.stringify(created, null, 2), 'created.json');
    expect(result.rowErrors).toEqual([]);
    const azure = result.part.snapshot.network?.azure as { nsgs: Nsg[] };
    expect(azure.nsgs.map((n) => [n.name, n.rules.length, n.defaultRules?.map((r) => r.name)])).toEqual([
      ['nsg-new', 0, ['DenyAllOutBound']],
    ]);
  });
});
