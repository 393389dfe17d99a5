// How much of an outbound destination (IP address or service tag) an NSG rule's prefix or protocol matches.
import { addressContains, isAddressOrPrefix, isPublicAddress, parseAddress, parsePrefix } from './addresses.js';

/**
 * How much of the traffic in question a rule matches: all of it, part of it (a regional tag of the wanted
 * tag, a Tcp rule when all protocols are wanted), none, or `maybe`: it cannot be told offline (a service tag's
 * address ranges are not known, so `AzureCloud` may or may not hold an `AzureActiveDirectory` address).
 */
export type Overlap = 'all' | 'some' | 'maybe' | 'none';

const RANK: Readonly<Record<Overlap, number>> = { none: 0, maybe: 1, some: 2, all: 3 };

/**
 * The overlap of traffic that must match on several independent dimensions (protocol, destination, source
 * address, source port): none if any is none, else maybe if any is maybe, else some if any is some, else all.
 */
export function combineOverlaps(...overlaps: Overlap[]): Overlap {
  let least: Overlap = 'all';
  for (const overlap of overlaps) {
    if (overlap === 'none') return 'none';
    if (overlap === 'maybe' || (overlap === 'some' && least === 'all')) least = overlap;
  }
  return least;
}

/** An outbound destination: one IP address, or a service tag (lower-cased), `Internet` and regional tags included. */
export type Destination = { kind: 'address'; text: string } | { kind: 'tag'; name: string };

const TAG = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;
/** Tags whose ranges hold many services' addresses: a Deny on one may block a service tag or address. */
const WIDE = 'azurecloud';
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
 * How much of `destination` one destination prefix of a rule matches. Service tags' address ranges are not known
 * offline, so:
 * - `*`, `Any`, `0.0.0.0/0` and `::/0` match every tag; an IP destination matches an IP prefix of its own
 *   family that contains it (`0.0.0.0/0` never matches an IPv6 address). Treating `0.0.0.0/0` as all of a
 *   tag assumes the VNet talks to the tag over one address family, as nearly all do.
 * - `Internet` matches every public address and every tag except VirtualNetwork and AzureLoadBalancer.
 * - A tag matches itself and its sub-tags, case-insensitively: `AzureActiveDirectory` matches all of
 *   `AzureActiveDirectory.EastUS`. A sub-tag of the destination (a regional tag) matches only part of
 *   it, and so does any tag other than those two when the destination is `Internet`.
 * - `maybe` where the answer depends on a tag's ranges: `AzureCloud` (and its regional tags) against any other
 *   public tag; any public tag against an IP address; a public IP prefix (not /0) against a tag. A prefix of only
 *   private or special addresses never holds a public service: none.
 *
 * @throws {TypeError} when the prefix is neither an IP/CIDR, `*`/`Any` nor a tag name.
 */
export function overlapPrefix(prefix: unknown, destination: Destination): Overlap {
  if (typeof prefix !== 'string') throw new TypeError(`address prefix must be a string, got ${typeof prefix}`);
  const text = prefix.trim();
  const lower = text.toLowerCase();
  if (ANY.has(lower)) return 'all';
  if (isAddressOrPrefix(text)) {
    if (destination.kind === 'address') return addressContains(text, destination.text) ? 'all' : 'none';
    if (parsePrefix(text)[1] === 0) return 'all';
    if (NOT_INTERNET.has(destination.name) || !mayHoldPublic(text)) return 'none';
    return destination.name === 'internet' ? 'some' : 'maybe';
  }
  if (!TAG.test(text)) throw new TypeError(`address prefix '${prefix}' is neither an IP prefix nor a service tag`);
  if (destination.kind === 'address') {
    if (!isPublicAddress(destination.text)) return 'none';
    if (lower === 'internet') return 'all';
    return NOT_INTERNET.has(lower) ? 'none' : 'maybe';
  }
  const wanted = destination.name;
  if (lower === 'internet') return NOT_INTERNET.has(wanted) ? 'none' : 'all';
  if (tagWithin(wanted, lower)) return 'all';
  if (tagWithin(lower, wanted)) return 'some';
  if (wanted === 'internet' && !NOT_INTERNET.has(lower)) return 'some';
  if (tagWithin(lower, WIDE) && !NOT_INTERNET.has(wanted)) return 'maybe';
  return 'none';
}

/** IPv4 and IPv6 ranges with no public address: private, shared, loopback, link-local, multicast, reserved. */
const SPECIAL_RANGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

/** Whether a CIDR prefix may hold a public address: false when it lies inside one special range. */
function mayHoldPublic(prefix: string): boolean {
  const [, bits] = parsePrefix(prefix);
  return !SPECIAL_RANGES.some((range) => {
    const [, rangeBits] = parsePrefix(range);
    return bits >= rangeBits && addressContains(range, prefix.split('/')[0]);
  });
}

/** The widest overlap of a rule's destination prefixes (two regional tags do not add up to the whole tag). */
export function overlapPrefixes(prefixes: readonly unknown[], destination: Destination): Overlap {
  return widest(prefixes.map((prefix) => overlapPrefix(prefix, destination)));
}

/** The widest of several overlaps of one dimension (a rule's prefixes match if any does). */
export function widest(overlaps: readonly Overlap[]): Overlap {
  let best: Overlap = 'none';
  for (const overlap of overlaps) if (RANK[overlap] > RANK[best]) best = overlap;
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
