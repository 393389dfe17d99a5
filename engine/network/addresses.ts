// IP addresses and CIDR prefixes (IPv4 and IPv6, via ipaddr.js): parsing, containment, public or not.
import ipaddr from 'ipaddr.js';

/** A parsed IPv4 or IPv6 address. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed prefix: network address and prefix length. A single address has the full length (32 or 128). */
export type IpPrefix = readonly [address: IpAddress, bits: number];

/** Turns `::ffff:a.b.c.d` into `a.b.c.d`, so a mapped address is compared as the IPv4 address it is. */
function unmap(address: IpAddress): IpAddress {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * Parses an IPv4 (four-part decimal only, not `10` or `0x0a.0.0.1`) or IPv6 address. IPv4-mapped IPv6
 * addresses come back as IPv4.
 *
 * @throws {TypeError} when `text` is not an address.
 */
export function parseAddress(text: unknown): IpAddress {
  if (typeof text !== 'string') throw new TypeError(`IP address must be a string, got ${typeof text}`);
  const trimmed = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return ipaddr.IPv4.parse(trimmed);
  if (ipaddr.IPv6.isValid(trimmed)) return unmap(ipaddr.IPv6.parse(trimmed));
  throw new TypeError(`'${text}' is not an IP address`);
}

/**
 * Parses a CIDR prefix (`13.107.6.0/24`, `2620:1ec:4::/48`) or a single address (as a /32 or /128).
 * An IPv4-mapped IPv6 prefix of length 96 or more comes back as the IPv4 prefix it maps.
 *
 * @throws {TypeError} when `text` is neither.
 */
export function parsePrefix(text: unknown): IpPrefix {
  if (typeof text !== 'string') throw new TypeError(`IP prefix must be a string, got ${typeof text}`);
  const [address = '', bits, ...rest] = text.trim().split('/');
  if (bits === undefined) {
    const parsed = parseAddress(address);
    return [parsed, parsed.kind() === 'ipv4' ? 32 : 128];
  }
  const length = /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  let parsed: IpAddress;
  try {
    parsed = parseAddress(address);
  } catch {
    throw new TypeError(`'${text}' is not an IP address or CIDR prefix`);
  }
  const mapped = parsed.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(address.trim());
  const max = parsed.kind() === 'ipv4' && !mapped ? 32 : 128;
  if (rest.length > 0 || !(length <= max)) throw new TypeError(`'${text}' is not an IP address or CIDR prefix`);
  if (mapped) return length >= 96 ? [parsed, length - 96] : [ipaddr.IPv6.parse(address.trim()), length];
  return [parsed, length];
}

/**
 * Whether `prefix` (CIDR or single address) contains `address`. Families never mix: an IPv4 prefix
 * contains no IPv6 address and the other way round, after IPv4-mapped addresses are unmapped.
 *
 * @throws {TypeError} when either is malformed.
 */
export function addressContains(prefix: unknown, address: unknown): boolean {
  const [network, bits] = parsePrefix(prefix);
  const parsed = parseAddress(address);
  return network.kind() === parsed.kind() && parsed.match(network, bits);
}

/** Whether `text` parses as an IP address or CIDR prefix (never throws). */
export function isAddressOrPrefix(text: unknown): boolean {
  // Every address starts with a digit (IPv4, four-part decimal) or has a colon (IPv6): a host name is turned
  // away here rather than by ipaddr.js throwing, which costs ~20 µs.
  if (typeof text === 'string' && !text.includes(':') && !/^\s*\d/.test(text)) return false;
  try {
    parsePrefix(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether an address is public: not private, loopback, link-local, shared (100.64/10), reserved,
 * documentation, multicast or otherwise special (ipaddr.js range `unicast`).
 *
 * @throws {TypeError} when the address is malformed.
 */
export function isPublicAddress(address: unknown): boolean {
  return parseAddress(address).range() === 'unicast';
}
