// How much of an outbound destination (IP address or service tag) an NSG rule's prefix or protocol matches.
import { addressContains, isAddressOrPrefix, isPublicAddress, parseAddress, parsePrefix } from './addresses.js';

/**
 * How much of the traffic in question a rule matches: all of it, part of it (a regional tag of the wanted
 * tag, a Tcp rule when all protocols are wanted) or none.
 */
export type Overlap = 'all' | 'some' | 'none';

/** An outbound destination: one IP address, or a service tag (lower-cased), `Internet` and regional tags included. */
export type Destination = { kind: 'address'; text: string } | { kind: 'tag'; name: string };

const TAG = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;
const ANY = new Set(['*', 'any']);
/** Tags outside `Internet`: the VNet's own space and the host's health-probe address. */
const NOT_INTERNET = new Set(['virtualnetwork', 'azureloadbalancer']);

/**
 * Reads a destination: an IP address (not a CIDR) or a service tag name.
 *
 * @throws {TypeError} for anything else.
 */
export function parseDestination(text: unknown): Destination {
  if (typeof text !== 'string') throw new TypeError(`destination must be a string, got ${typeof text}`);
  const trimmed = text.trim();
  if (isAddressOrPrefix(trimmed)) {
    parseAddress(trimmed);
    return { kind: 'address', text: trimmed };
  }
  if (TAG.test(trimmed) && !ANY.has(trimmed.toLowerCase())) return { kind: 'tag', name: trimmed.toLowerCase() };
  throw new TypeError(`destination '${text}' is neither an IP address nor a service tag`);
}

/** Whether tag `inner` is `outer` or one of its sub-tags (`AzureCloud.EastUS` of `AzureCloud`). */
function tagWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}.`);
}

/**
 * How much of `destination` one destination prefix of a rule matches. Decisions (we check traffic from
 * anywhere in the VNet, so sources are not compared; and we do not know the address ranges behind tags):
 * - `*`, `Any`, `0.0.0.0/0` and `::/0` match every tag; an IP destination matches an IP prefix of its own
 *   family that contains it (`0.0.0.0/0` never matches an IPv6 address). Treating `0.0.0.0/0` as all of a
 *   tag assumes the VNet talks to the tag over one address family, as nearly all do.
 * - A tag never matches a literal IP and an IP prefix never matches a tag, since tag ranges are unknown.
 * - `Internet` matches every public address and every tag except VirtualNetwork and AzureLoadBalancer.
 * - A tag matches itself and its sub-tags, case-insensitively: `AzureActiveDirectory` matches all of
 *   `AzureActiveDirectory.EastUS`. A sub-tag of the destination (a regional tag) matches only part of
 *   it, and so does any tag other than those two when the destination is `Internet`.
 *
 * @throws {TypeError} when the prefix is neither an IP/CIDR, `*`/`Any` nor a tag name.
 */
export function overlapPrefix(prefix: unknown, destination: Destination): Overlap {
  if (typeof prefix !== 'string') throw new TypeError(`address prefix must be a string, got ${typeof prefix}`);
  const text = prefix.trim();
  const lower = text.toLowerCase();
  if (ANY.has(lower)) return 'all';
  if (isAddressOrPrefix(text)) {
    if (destination.kind === 'tag') return parsePrefix(text)[1] === 0 ? 'all' : 'none';
    return addressContains(text, destination.text) ? 'all' : 'none';
  }
  if (!TAG.test(text)) throw new TypeError(`address prefix '${prefix}' is neither an IP prefix nor a service tag`);
  if (destination.kind === 'address') {
    return lower === 'internet' && isPublicAddress(destination.text) ? 'all' : 'none';
  }
  const wanted = destination.name;
  if (lower === 'internet') return NOT_INTERNET.has(wanted) ? 'none' : 'all';
  if (tagWithin(wanted, lower)) return 'all';
  if (tagWithin(lower, wanted)) return 'some';
  if (wanted === 'internet' && !NOT_INTERNET.has(lower)) return 'some';
  return 'none';
}

/** The widest overlap of a rule's destination prefixes (two regional tags do not add up to the whole tag). */
export function overlapPrefixes(prefixes: readonly unknown[], destination: Destination): Overlap {
  let best: Overlap = 'none';
  for (const prefix of prefixes) {
    const overlap = overlapPrefix(prefix, destination);
    if (overlap === 'all') return 'all';
    if (overlap === 'some') best = 'some';
  }
  return best;
}

/** NSG protocols, lower-cased; `any` is the portal's name for `*`. */
const NSG_PROTOCOLS = new Set(['*', 'any', 'tcp', 'udp', 'icmp', 'esp', 'ah']);

/**
 * Normalizes an NSG protocol: `*` for `*`/`Any`, else the lower-cased name.
 *
 * @throws {TypeError} for anything but `*`, Any, Tcp, Udp, Icmp, Esp, Ah (case-insensitive).
 */
export function normalizeProtocol(protocol: unknown): string {
  const lower = typeof protocol === 'string' ? protocol.trim().toLowerCase() : '';
  if (!NSG_PROTOCOLS.has(lower)) throw new TypeError(`'${String(protocol)}' is not an NSG protocol`);
  return lower === 'any' ? '*' : lower;
}

/** How much of the wanted protocol (normalized) a rule's protocol (normalized) matches. */
export function overlapProtocol(rule: string, wanted: string): Overlap {
  if (rule === '*' || rule === wanted) return 'all';
  return wanted === '*' ? 'some' : 'none';
}
