// Azure NSG outbound evaluation: which rule decides traffic to a destination, the way Azure does it.
import {
  combineOverlaps,
  type Destination,
  normalizeProtocol,
  type Overlap,
  overlapPrefixes,
  overlapProtocol,
  parseDestination,
} from './nsg-destinations.js';
import { overlapRuleSource } from './nsg-sources.js';
import { ALL_PORTS, formatPortInterval, type PortInterval, parsePortRange } from './ports.js';

/** One security rule of the canonical model (`network.azure.nsgs[].rules[]`). */
export interface NsgRule {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  /** `*`, Tcp, Udp, Icmp, Esp or Ah, case-insensitive; `Any` means `*`. */
  protocol: string;
  sourceAddressPrefixes?: string[];
  sourcePortRanges?: string[];
  destinationAddressPrefixes: string[];
  destinationPortRanges: string[];
}

/** A network security group of the canonical model (`network.azure.nsgs[]`). */
export interface Nsg {
  name: string;
  id?: string;
  resourceGroup?: string;
  rules: NsgRule[];
  /** The default rules as `az network nsg show` lists them; absent means Azure's. */
  defaultRules?: NsgRule[];
  /** Address prefixes of the subnets and NICs the NSG is associated with: where its outbound traffic comes from. */
  sourceAddresses?: string[];
}

/** Azure's default outbound rules, which every NSG has after its own rules. */
export const AZURE_DEFAULT_OUTBOUND_RULES: readonly NsgRule[] = [
  defaultRule('AllowVnetOutBound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  defaultRule('AllowInternetOutBound', 65001, 'Allow', '*', 'Internet'),
  defaultRule('DenyAllOutBound', 65500, 'Deny', '*', '*'),
];

function defaultRule(name: string, priority: number, access: 'Allow' | 'Deny', source: string, destination: string) {
  return {
    name,
    priority,
    direction: 'Outbound',
    access,
    protocol: '*',
    sourceAddressPrefixes: [source],
    sourcePortRanges: ['*'],
    destinationAddressPrefixes: [destination],
    destinationPortRanges: ['*'],
  } satisfies NsgRule;
}

/** Outbound traffic to check: over Tcp (default), Udp or every protocol (`*`). */
export interface OutboundQuery {
  /** An IP address or a service tag. */
  destination: string;
  /** A port, a range `"low-high"`, or every port: `'all'` (or `'*'`). */
  port: number | string;
  protocol?: string;
}

/** The verdict for a run of ports and the rule that decided it. */
export interface PortDecision {
  ports: PortInterval;
  allowed: boolean;
  rule: NsgRule;
  /** The rule matched part of the traffic only (a regional tag, a Tcp rule when `*` is wanted): a partial deny. */
  partial: boolean;
  /** The rule is one of the default rules. */
  isDefault: boolean;
  /**
   * A Deny before the deciding Allow that may match the traffic, which cannot be told offline (a wider service tag
   * such as AzureCloud, a source prefix when the NSG's addresses are unknown): the verdict is then undecided.
   */
  mayBlock?: NsgRule;
}

/** The verdict of an NSG for a query. `rule`, `ports` and `partial` describe the first denied port run, if any, else the first. */
export interface OutboundDecision {
  /** Every port is allowed and no Deny may block it. */
  allowed: boolean;
  /** No port is denied, but a Deny may block some (see {@link PortDecision.mayBlock}): the first such run. */
  undecided?: PortDecision;
  rule: NsgRule;
  ports: string;
  partial: boolean;
  isDefault: boolean;
  /** Every run of ports with the same verdict and rule, in port order (one run for a single port). */
  decisions: PortDecision[];
}

interface PreparedRule {
  rule: NsgRule;
  allow: boolean;
  ports: PortInterval[];
  /** Overlap of protocol, destination, source address and source port together: `all` only when all are. */
  overlap: Overlap;
  isDefault: boolean;
}

function checkRule(rule: NsgRule, nsg: string): void {
  if (typeof rule !== 'object' || rule === null) throw new TypeError(`NSG ${nsg}: rule must be an object`);
  const label = `NSG ${nsg}: rule ${String(rule.name)}`;
  if (typeof rule.name !== 'string') throw new TypeError(`NSG ${nsg}: a rule has no name`);
  if (typeof rule.priority !== 'number' || !Number.isFinite(rule.priority)) {
    throw new TypeError(`${label} has no numeric priority`);
  }
  if (!/^(allow|deny)$/i.test(String(rule.access))) throw new TypeError(`${label}: access must be Allow or Deny`);
  for (const key of ['destinationAddressPrefixes', 'destinationPortRanges'] as const) {
    if (!Array.isArray(rule[key]) || rule[key].length === 0)
      throw new TypeError(`${label}: ${key} must be a non-empty array`);
  }
}

function isOutbound(rule: NsgRule): boolean {
  const direction = typeof rule?.direction === 'string' ? rule.direction.toLowerCase() : '';
  if (direction !== 'outbound' && direction !== 'inbound') {
    throw new TypeError(`rule ${String(rule?.name)}: direction must be Inbound or Outbound`);
  }
  return direction === 'outbound';
}

function prepare(
  rules: readonly NsgRule[],
  nsg: string,
  isDefault: boolean,
  destination: Destination,
  protocol: string,
  sources: readonly string[] | undefined,
) {
  const outbound = rules.filter(isOutbound);
  for (const rule of outbound) checkRule(rule, nsg);
  // Azure rejects two rules of one direction with the same priority; should data have them, input order wins.
  return [...outbound]
    .sort((a, b) => a.priority - b.priority)
    .map((rule): PreparedRule => {
      const byProtocol = overlapProtocol(normalizeProtocol(rule.protocol), protocol);
      const byDestination = overlapPrefixes(rule.destinationAddressPrefixes, destination);
      const bySource = overlapRuleSource(rule, sources);
      const overlap = combineOverlaps(byProtocol, byDestination, bySource.address, bySource.ports);
      return {
        rule,
        allow: /^allow$/i.test(rule.access),
        ports: rule.destinationPortRanges.map(parsePortRange),
        overlap,
        isDefault,
      };
    });
}

/** Azure's own last rule, for data whose default rules leave traffic undecided. */
const IMPLICIT_DENY = AZURE_DEFAULT_OUTBOUND_RULES[2] as NsgRule;

/**
 * The first rule, by priority, matching traffic on `port`. A rule matching all of the traffic decides it;
 * a Deny matching part of it denies (part of the traffic is blocked); an Allow matching part of it (or maybe
 * matching it) lets at most that part through and evaluation goes on for the rest. Conservatively, such a partial
 * Allow never shadows a later Deny (we cannot tell whether the Deny only hits what was already allowed). A Deny that
 * may match (`maybe`) is remembered and evaluation goes on: if an Allow then decides, the verdict names the Deny
 * that may block instead of passing.
 */
function decideAt(rules: readonly PreparedRule[], port: number): Omit<PortDecision, 'ports'> {
  let mayBlock: NsgRule | undefined;
  for (const { rule, allow, ports, overlap, isDefault } of rules) {
    if (overlap === 'none' || !ports.some(([low, high]) => low <= port && port <= high)) continue;
    if (!allow && overlap === 'maybe') {
      mayBlock ??= rule;
      continue;
    }
    if (!allow) return { allowed: false, rule, partial: overlap === 'some', isDefault };
    if (overlap === 'all') return { allowed: true, rule, partial: false, isDefault, ...(mayBlock ? { mayBlock } : {}) };
  }
  return { allowed: false, rule: IMPLICIT_DENY, partial: false, isDefault: true };
}

/** Port runs over which no rule's port ranges start or end: every port in a run is decided alike. */
function portRuns(rules: readonly PreparedRule[], wanted: PortInterval): PortInterval[] {
  const starts = new Set([wanted[0]]);
  for (const { ports, overlap } of rules) {
    if (overlap === 'none') continue;
    for (const [low, high] of ports) {
      if (low > wanted[0] && low <= wanted[1]) starts.add(low);
      if (high + 1 > wanted[0] && high + 1 <= wanted[1]) starts.add(high + 1);
    }
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((start, i) => [start, (sorted[i + 1] ?? wanted[1] + 1) - 1] as const);
}

/**
 * Decides outbound traffic through one NSG the way Azure does: outbound rules by priority (lowest number
 * first), the first matching rule decides; then the default rules (`defaultRules` if given, else Azure's
 * AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound). The traffic is a client's outbound flow: from the
 * NSG's own addresses (`sourceAddresses`, else somewhere in the VirtualNetwork), from an ephemeral source port, to
 * the destination on the wanted port(s); a rule counts only as far as it matches that flow (see overlapRuleSource).
 * For `port: 'all'`, every port 0–65535 is decided and the traffic is allowed only if all are. See overlapPrefix
 * for how destinations and service tags match.
 *
 * @throws {TypeError} on a malformed NSG, rule or query.
 */
export function decideOutbound(nsg: Nsg, query: OutboundQuery): OutboundDecision {
  if (typeof nsg !== 'object' || nsg === null || !Array.isArray(nsg.rules)) {
    throw new TypeError('NSG must be an object with a rules array');
  }
  const name = String(nsg.name);
  const destination = parseDestination(query.destination);
  const protocol = normalizeProtocol(query.protocol ?? 'Tcp');
  if (nsg.defaultRules !== undefined && !Array.isArray(nsg.defaultRules)) {
    throw new TypeError(`NSG ${name}: defaultRules must be an array`);
  }
  if (nsg.sourceAddresses !== undefined && !Array.isArray(nsg.sourceAddresses)) {
    throw new TypeError(`NSG ${name}: sourceAddresses must be an array`);
  }
  const sources = nsg.sourceAddresses;
  const rules = [
    ...prepare(nsg.rules, name, false, destination, protocol, sources),
    ...prepare(nsg.defaultRules ?? AZURE_DEFAULT_OUTBOUND_RULES, name, true, destination, protocol, sources),
  ];
  const wanted: PortInterval = query.port === 'all' ? ALL_PORTS : parsePortRange(query.port);
  const decisions: PortDecision[] = [];
  for (const run of portRuns(rules, wanted)) {
    const decision = decideAt(rules, run[0]);
    const last = decisions.at(-1);
    if (
      last &&
      last.rule === decision.rule &&
      last.allowed === decision.allowed &&
      last.partial === decision.partial &&
      last.mayBlock === decision.mayBlock
    ) {
      last.ports = [last.ports[0], run[1]];
    } else {
      decisions.push({ ports: run, ...decision });
    }
  }
  const denied = decisions.find((decision) => !decision.allowed);
  const undecided = denied ? undefined : decisions.find((decision) => decision.mayBlock !== undefined);
  const first = (denied ?? decisions[0]) as PortDecision;
  return {
    allowed: decisions.every((decision) => decision.allowed && decision.mayBlock === undefined),
    ...(undecided ? { undecided } : {}),
    rule: first.rule,
    ports: formatPortInterval(first.ports),
    partial: first.partial,
    isDefault: first.isDefault,
    decisions,
  };
}
