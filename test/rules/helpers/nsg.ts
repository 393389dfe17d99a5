// NSG building blocks for the service-tag and address tables.

/** An outbound NSG rule with Azure's field names folded into the canonical plural arrays. */
export function outbound(
  name: string,
  priority: number,
  access: 'Allow' | 'Deny',
  destinations: string[],
  ports: (string | number)[] = ['*'],
  protocol = '*',
) {
  return {
    name,
    priority,
    direction: 'Outbound',
    access,
    protocol,
    sourceAddressPrefixes: ['VirtualNetwork'],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: destinations,
    destinationPortRanges: ports,
  };
}

/** A rule with its source side replaced: the prefixes and ports client traffic must come from to match it. */
export function from<T extends object>(
  rule: T,
  sourceAddressPrefixes: string[],
  sourcePortRanges: (string | number)[] = ['*'],
) {
  return { ...rule, sourceAddressPrefixes, sourcePortRanges };
}

/** The organization's network with Azure endpoints in use behind the given NSGs. */
export function azure(...nsgs: { name: string; rules: unknown[]; sourceAddresses?: string[] }[]) {
  return { network: { azure: { endpointsInUse: true, nsgs } } };
}

export const denyInternet = outbound('DenyInternetOutbound', 4096, 'Deny', ['Internet']);
