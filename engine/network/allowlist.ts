// Firewall and proxy allowlists: entry shape, protocol compatibility and the verdict of one entry.
import { formatPortInterval, type PortInterval, parsePortRange, portRangesCover } from './ports.js';

/** One allowlist entry of the inventory (`network.firewall.allowlist` and the like). */
export interface AllowlistEntry {
  host?: string;
  address?: string;
  /** Ports, ranges (`"80-443"`) or `"*"`; absent or empty means every port. */
  ports?: (number | string)[];
  /** Absent means `any`. */
  protocol?: 'any' | 'tcp' | 'udp' | 'http' | 'https';
  description?: string;
}

/** The kind of traffic a rule requires an allowlist to let through. */
export type RequiredProtocol = 'https' | 'http' | 'tcp';
export const REQUIRED_PROTOCOLS: readonly RequiredProtocol[] = ['https', 'http', 'tcp'];

/** Required traffic: protocol, and the ports it must reach (undefined: any port an entry allows will do). */
export interface AllowRequirement {
  protocol: RequiredProtocol;
  ports: PortInterval | undefined;
}

/** Which required protocols an entry protocol carries: TCP carries HTTP(S); UDP carries none of them. */
const CARRIES: Readonly<Record<string, readonly RequiredProtocol[]>> = {
  any: REQUIRED_PROTOCOLS,
  '*': REQUIRED_PROTOCOLS,
  tcp: REQUIRED_PROTOCOLS,
  https: ['https'],
  http: ['http'],
  udp: [],
};

/** The port a protocol implies when a rule names none: 443 for https, 80 for http, none for tcp. */
const DEFAULT_PORT: Readonly<Record<RequiredProtocol, number | undefined>> = { https: 443, http: 80, tcp: undefined };

/**
 * Reads a fact as an allowlist.
 *
 * @throws {TypeError} when the fact is not an array of objects.
 */
export function readAllowlist(fact: unknown): AllowlistEntry[] {
  if (!Array.isArray(fact)) throw new TypeError('allowlist must be an array of entries');
  for (const entry of fact) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new TypeError(`allowlist entry ${JSON.stringify(entry)} is not an object`);
    }
  }
  return fact as AllowlistEntry[];
}

/**
 * Reads the protocol and port of a rule's value (`{ port?, protocol? }`). The protocol defaults to https
 * (every URL of the source document is HTTPS); the port defaults to the protocol's (443, 80, none for tcp).
 *
 * @throws {TypeError} for an unknown protocol or a malformed port.
 */
export function readRequirement(value: { port?: unknown; protocol?: unknown }): AllowRequirement {
  const protocol = value.protocol === undefined ? 'https' : value.protocol;
  if (!REQUIRED_PROTOCOLS.includes(protocol as RequiredProtocol)) {
    throw new TypeError(`protocol must be one of ${REQUIRED_PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}`);
  }
  const port = value.port ?? DEFAULT_PORT[protocol as RequiredProtocol];
  return { protocol: protocol as RequiredProtocol, ports: port === undefined ? undefined : parsePortRange(port) };
}

/** Describes required traffic: `https on port 443`, `tcp on ports 0-65535`, `tcp`. */
export function describeRequirement({ protocol, ports }: AllowRequirement): string {
  if (!ports) return protocol;
  return `${protocol} on port${ports[0] === ports[1] ? '' : 's'} ${formatPortInterval(ports)}`;
}

/**
 * Whether an entry's protocol carries the required one: absent/`any`/`*` and `tcp` carry https, http and tcp;
 * `https` only https; `http` only http; `udp` (and unknown protocols) none.
 *
 * @throws {TypeError} when the entry protocol is present but not a string.
 */
export function protocolCarries(entryProtocol: unknown, required: RequiredProtocol): boolean {
  if (entryProtocol === undefined || entryProtocol === null) return true;
  if (typeof entryProtocol !== 'string')
    throw new TypeError(`entry protocol must be a string, got ${typeof entryProtocol}`);
  return CARRIES[entryProtocol.trim().toLowerCase()]?.includes(required) ?? false;
}

/** How one entry relates to required traffic to a target it covers. */
export type EntryVerdict = 'allows' | 'wrongPort' | 'wrongProtocol';

/**
 * The verdict of an entry that covers the target: its ports must include every required port (absent or
 * empty: all ports) and its protocol must carry the required one.
 *
 * @throws {TypeError} when the entry's ports or protocol are malformed.
 */
export function judgeEntry(entry: AllowlistEntry, requirement: AllowRequirement): EntryVerdict {
  const ports = entry.ports;
  if (ports !== undefined && !Array.isArray(ports)) throw new TypeError('entry ports must be an array');
  if (requirement.ports && ports && ports.length > 0) {
    const [low, high] = requirement.ports;
    if (!portRangesCover(ports, low === high ? low : `${low}-${high}`)) return 'wrongPort';
  }
  return protocolCarries(entry.protocol, requirement.protocol) ? 'allows' : 'wrongProtocol';
}

/** Names an entry for messages: its host or address, and its description in parentheses. */
export function labelEntry(entry: AllowlistEntry, key: 'host' | 'address'): string {
  const description = typeof entry.description === 'string' && entry.description ? ` (${entry.description})` : '';
  return `${String(entry[key])}${description}`;
}

/** Why a covering entry does not allow the traffic, for near-miss lists. */
export function describeVerdict(entry: AllowlistEntry, key: 'host' | 'address', verdict: EntryVerdict): string {
  const label = labelEntry(entry, key);
  if (verdict === 'wrongPort') return `${label} allows only ports ${(entry.ports ?? []).join(', ')}`;
  return `${label} allows only protocol ${String(entry.protocol)}`;
}
