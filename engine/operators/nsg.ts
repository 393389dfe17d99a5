// The nsgAllowsOutbound operator: do all of a VNet's NSGs let outbound traffic reach a destination?
import { decideOutbound, type Nsg, type NsgRule, type OutboundDecision, type PortDecision } from '../network/nsg.js';
import { normalizeProtocol, parseDestination } from '../network/nsg-destinations.js';
import { ALL_PORTS, formatPortInterval, type PortInterval, parsePortRange } from '../network/ports.js';
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

/** Value of `nsgAllowsOutbound`. */
export interface NsgAllowsOutboundValue {
  /** An IP address or a service tag (`AzureActiveDirectory`, `AzureFrontDoor.Frontend`, `Internet`). */
  destination: string;
  /** A port, a range `"low-high"`, or `'*'` for every port 0–65535. */
  ports: number | string;
  /** `Tcp` (default), `Udp` or `*` (every protocol), case-insensitive. */
  protocol?: string;
}

interface Query {
  destination: string;
  ports: PortInterval;
  protocol: string;
}

const QUERY_PROTOCOLS: Readonly<Record<string, string>> = { tcp: 'Tcp', udp: 'Udp', '*': '*' };
const MAX_LISTED = 3;

function readQuery(value: unknown): Query {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('nsgAllowsOutbound needs a value { destination, ports, protocol? }');
  }
  const { destination, ports, protocol } = value as Partial<NsgAllowsOutboundValue>;
  parseDestination(destination);
  if (ports === undefined) throw new TypeError('nsgAllowsOutbound needs ports: a port, a range or *');
  const shown = QUERY_PROTOCOLS[normalizeProtocol(protocol ?? 'Tcp')];
  if (!shown) throw new TypeError(`nsgAllowsOutbound protocol must be Tcp, Udp or *, got ${String(protocol)}`);
  return { destination: String(destination).trim(), ports: parsePortRange(ports), protocol: shown };
}

function readNsgs(fact: unknown): Nsg[] {
  if (!Array.isArray(fact)) throw new TypeError('nsgAllowsOutbound needs an array of NSGs');
  return fact as Nsg[];
}

/** NSGs listed without their rules: nothing can be said about them (an NSG always has its rule list). */
function uncollected(nsg: Nsg): boolean {
  return typeof nsg === 'object' && nsg !== null && nsg.rules === undefined;
}

function decideAll(
  fact: unknown,
  query: Query,
  port: string,
): { query: Query; results: [Nsg, OutboundDecision][]; undecided: Nsg[] } {
  const nsgs = readNsgs(fact);
  const results = nsgs
    .filter((nsg) => !uncollected(nsg))
    .map((nsg): [Nsg, OutboundDecision] => [nsg, decideOutbound(nsg, { ...query, port })]);
  return { query, results, undecided: nsgs.filter(uncollected) };
}

function describePorts(ports: PortInterval, query: Query): string {
  if (ports[0] === ALL_PORTS[0] && ports[1] === ALL_PORTS[1]) return 'on all ports';
  if (ports[0] === ports[1]) return query.ports[0] === query.ports[1] ? String(ports[0]) : `port ${ports[0]}`;
  return `ports ${formatPortInterval(ports)}`;
}

function describeRule(decision: Pick<PortDecision, 'rule' | 'isDefault'>): string {
  return `${decision.rule.name} (priority ${decision.rule.priority}${decision.isDefault ? ', default rule' : ''})`;
}

function traffic(query: Query): string {
  return query.protocol === '*' ? 'traffic of any protocol' : query.protocol;
}

function explainDeny(nsg: Nsg, decision: PortDecision, query: Query): string {
  const { rule } = decision;
  const denies = decision.partial ? 'denies part of outbound' : 'denies outbound';
  const covers = decision.partial
    ? ` (the rule covers ${rule.protocol} to ${rule.destinationAddressPrefixes.join(', ')})`
    : '';
  const ports = describePorts(decision.ports, query);
  return `NSG ${nsg.name}: rule ${describeRule(decision)} ${denies} ${traffic(query)} ${ports} to ${query.destination}${covers}`;
}

function explainMayBlock(nsg: Nsg, decision: PortDecision, query: Query): string {
  const blocker = decision.mayBlock as NsgRule;
  const sources = blocker.sourceAddressPrefixes?.join(', ') ?? '*';
  const ports = describePorts(decision.ports, query);
  return (
    `NSG ${nsg.name}: rule ${blocker.name} (priority ${blocker.priority}) may block outbound ${traffic(query)} ${ports} ` +
    `to ${query.destination} before rule ${describeRule(decision)} allows it: it denies ${blocker.protocol} from ` +
    `${sources} to ${blocker.destinationAddressPrefixes.join(', ')}, and whether that holds this flow cannot be told ` +
    "offline (a service tag's addresses, or the NSG's own addresses, are not known)"
  );
}

function explainAllow(nsg: Nsg, decision: OutboundDecision, query: Query): string {
  const rules = [...new Map(decision.decisions.map((d) => [d.rule, describeRule(d)])).values()];
  const names = rules.length === 1 ? `rule ${rules[0]} allows` : `rules ${rules.join(' and ')} allow`;
  return `NSG ${nsg.name}: ${names} outbound ${traffic(query)} ${describePorts(query.ports, query)} to ${query.destination}`;
}

/**
 * `nsgAllowsOutbound`: fact = NSGs of the canonical model (`network.azure.nsgs`); value =
 * `{ destination, ports, protocol? }` (see {@link NsgAllowsOutboundValue}). True when every NSG allows the
 * traffic on every wanted port (see decideOutbound); an empty list filters nothing, so it is true. An NSG listed
 * without `rules`, or one where a Deny may block the flow (a wider tag such as AzureCloud), cannot decide: the
 * result is undecided (unknown) unless another NSG already denies.
 */
export const nsgAllowsOutbound: Operator = {
  name: 'nsgAllowsOutbound',
  valueSchema: {
    type: 'object',
    required: ['destination', 'ports'],
    additionalProperties: false,
    properties: {
      destination: { type: 'string', errorMessage: 'destination must be an IP address or a service tag' },
      ports: {
        type: ['integer', 'string'],
        errorMessage: { type: 'ports must be a port, a range or *' },
      },
      protocol: { type: 'string', errorMessage: 'protocol must be Tcp, Udp or *' },
    },
    errorMessage: recordValueErrors('{ destination, ports, protocol? }'),
  },
  compile: (value): CompiledOperator => {
    const query = readQuery(value);
    const port = formatPortInterval(query.ports);
    return {
      test: (fact) => decide(decideAll(fact, query, port)),
      explain: (fact) => explainAll(decideAll(fact, query, port)),
      evidence: (fact) => evidenceOf(decideAll(fact, query, port)),
    };
  },
};

type Decisions = ReturnType<typeof decideAll>;

function decide({ results, undecided }: Decisions): boolean | undefined {
  if (results.some(([, decision]) => !decision.allowed && !decision.undecided)) return false;
  return undecided.length > 0 || results.some(([, decision]) => decision.undecided) ? undefined : true;
}

function explainAll({ query, results, undecided }: Decisions): string {
  if (results.length === 0 && undecided.length === 0) return 'no NSG filters outbound traffic';
  const denied = results.filter(([, decision]) => !decision.allowed && !decision.undecided);
  if (denied.length === 0) {
    const open = results.filter(([, decision]) => decision.undecided);
    const parts = open.map(([nsg, decision]) => explainMayBlock(nsg, decision.undecided as PortDecision, query));
    if (undecided.length > 0) {
      parts.push(`the rules of NSG ${undecided.map((nsg) => nsg.name).join(', ')} were not collected`);
    }
    if (parts.length > 0) return parts.join('; ');
  }
  const [nsg, decision] = denied[0] ?? [];
  if (nsg && decision) {
    const first = decision.decisions.find((d) => !d.allowed) as PortDecision;
    const more =
      denied.length > 1 ? ` (${denied.length - 1} more NSG${denied.length > 2 ? 's deny' : ' denies'} it too)` : '';
    return `${explainDeny(nsg, first, query)}${more}`;
  }
  const listed = results.slice(0, MAX_LISTED).map(([n, d]) => explainAllow(n, d, query));
  const extra = results.length - MAX_LISTED;
  const more = extra > 0 ? `; ${extra} more NSG${extra > 1 ? 's allow' : ' allows'} it too` : '';
  return `${listed.join('; ')}${more}`;
}

function evidenceOf({ results, undecided }: Decisions): unknown {
  const denied = results.find(([, decision]) => !decision.allowed);
  const shown = denied ?? results[0];
  if (!shown) return { nsgRule: null, uncollected: undecided.map((nsg) => nsg.name) };
  const [nsg, decision] = shown;
  const port = denied ? (decision.decisions.find((d) => !d.allowed) as PortDecision) : decision.decisions[0];
  const rule = port?.rule ?? decision.rule;
  return {
    nsgRule: {
      nsg: nsg.name,
      rule: rule.name,
      priority: rule.priority,
      access: rule.access,
      isDefault: port?.isDefault ?? decision.isDefault,
      ports: port ? formatPortInterval(port.ports) : decision.ports,
    },
    ...(undecided.length > 0 ? { uncollected: undecided.map((n) => n.name) } : {}),
  };
}
