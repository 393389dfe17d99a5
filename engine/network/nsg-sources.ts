// How much of an NSG's outbound client traffic a rule's source side matches: the NSG's own addresses, ephemeral ports.
import { addressContains, isAddressOrPrefix, parsePrefix } from './addresses.js';
import { type Overlap, widest } from './nsg-destinations.js';
import { mergePortIntervals, type PortInterval, parsePortRange } from './ports.js';

/**
 * Source ports of client connections: the OS picks an ephemeral port (Windows 49152-65535, Linux 32768-60999,
 * older systems from 1024), never the service port. A rule limited to source port 443 does not match them.
 */
export const EPHEMERAL_PORTS: PortInterval = [1024, 65535];

const ANY = new Set(['*', 'any']);

/** How the source prefix `prefix` of a rule relates to one of the NSG's own address prefixes. */
function overlapOne(prefix: string, own: string): Overlap {
  const [, ruleBits] = parsePrefix(prefix);
  const [ownNetwork, ownBits] = parsePrefix(own);
  const [ruleNetwork] = parsePrefix(prefix);
  if (ruleNetwork.kind() !== ownNetwork.kind()) return 'none';
  if (ruleBits <= ownBits) return addressContains(prefix, ownNetwork.toString()) ? 'all' : 'none';
  return addressContains(own, ruleNetwork.toString()) ? 'some' : 'none';
}

/**
 * How much of the outbound traffic from the NSG's addresses one source prefix of a rule matches. `*`, `Any`,
 * `0.0.0.0/0`, `::/0` and `VirtualNetwork` match all of it (the NSG's subnets and NICs are in the VNet). A CIDR
 * matches all of it when it contains every own prefix, some when it overlaps some, none when it overlaps none;
 * without the NSG's own addresses it is `maybe`. Any other tag (Internet, AzureLoadBalancer, a service) is not where
 * the VNet's clients connect from: none.
 */
export function overlapSource(prefix: unknown, own: readonly string[] | undefined): Overlap {
  if (typeof prefix !== 'string') throw new TypeError(`source prefix must be a string, got ${typeof prefix}`);
  const text = prefix.trim();
  const lower = text.toLowerCase();
  if (ANY.has(lower) || lower === 'virtualnetwork') return 'all';
  if (!isAddressOrPrefix(text)) return 'none';
  if (parsePrefix(text)[1] === 0) return 'all';
  if (own === undefined || own.length === 0) return 'maybe';
  const each = own.map((address) => overlapOne(text, address));
  if (each.every((overlap) => overlap === 'all')) return 'all';
  return each.some((overlap) => overlap !== 'none') ? 'some' : 'none';
}

/** How much of the ephemeral source ports a rule's source port ranges match (absent: all ports). */
export function overlapSourcePorts(ranges: readonly unknown[] | undefined): Overlap {
  if (ranges === undefined || ranges.length === 0) return 'all';
  const [low, high] = EPHEMERAL_PORTS;
  const clipped = ranges
    .map(parsePortRange)
    .filter(([from, to]) => to >= low && from <= high)
    .map(([from, to]): PortInterval => [Math.max(from, low), Math.min(to, high)]);
  if (clipped.length === 0) return 'none';
  const merged = mergePortIntervals(clipped);
  return merged.length === 1 && merged[0]?.[0] === low && merged[0]?.[1] === high ? 'all' : 'some';
}

/** The source side of a rule: its address prefixes (absent: `*`) against the NSG's own, and its source ports. */
export function overlapRuleSource(
  rule: { sourceAddressPrefixes?: readonly unknown[]; sourcePortRanges?: readonly unknown[] },
  own: readonly string[] | undefined,
): { address: Overlap; ports: Overlap } {
  const prefixes = rule.sourceAddressPrefixes;
  const address =
    prefixes === undefined || prefixes.length === 0 ? 'all' : widest(prefixes.map((p) => overlapSource(p, own)));
  return { address, ports: overlapSourcePorts(rule.sourcePortRanges) };
}
