// Allowlist operators: does a firewall/proxy allowlist let required traffic to a host or address through?
import { addressContains, parseAddress } from '../network/addresses.js';
import {
  type AllowlistEntry,
  type AllowRequirement,
  describeRequirement,
  describeVerdict,
  judgeEntry,
  labelEntry,
  readAllowlist,
  readRequirement,
} from '../network/allowlist.js';
import { type HostIndex, hostCandidates, hostCoverCandidates, indexHostPatterns } from '../network/host-index.js';
import {
  describeHostMiss,
  hostPatternCovers,
  normalizedCovers,
  normalizedMiss,
  normalizeHostPattern,
} from '../network/hosts.js';
import { type CompiledOperator, type Operator, UNKNOWN_VALUE_KEY } from './operator.js';

/** Value of `allowsHost`: the host pattern that must be reachable, and how. */
export interface AllowsHostValue {
  host: string;
  port?: number | string;
  protocol?: 'https' | 'http' | 'tcp';
}

/** Value of `allowsAddress`: the IP address that must be reachable, and how. */
export interface AllowsAddressValue {
  address: string;
  port?: number | string;
  protocol?: 'https' | 'http' | 'tcp';
}

/** How entries of one kind (`host` or `address`) are matched against the required target. */
interface Target {
  key: 'host' | 'address';
  /** Validates the required target; throws TypeError. */
  check(target: string): void;
  covers(entry: string, target: string): boolean;
  /** Why an entry nearly covers the target, if it does. */
  nearMiss(entry: string, target: string): string | undefined;
  /** For a long list: which entries to look at, from an index built once per list; undefined: every entry. */
  indexed?(entries: readonly AllowlistEntry[], target: string): IndexedSearch | undefined;
}

/** The entries of a long list worth looking at for one target, by position. */
interface IndexedSearch {
  /** Positions, ascending, of the entries that may cover the target. */
  cover: readonly number[];
  /** Positions, ascending, of the entries that may cover it or nearly do; all others do neither. */
  all: readonly number[];
  covers(position: number, pattern: string): boolean;
  nearMiss(position: number, pattern: string): string | undefined;
}

/** Lists shorter than this are scanned: indexing them would cost more than it saves. */
const INDEXED_LENGTH = 64;
const hostIndexes = new WeakMap<readonly AllowlistEntry[], HostIndex>();

/**
 * The entries of a long list whose `host` may cover `host` or nearly do, from an index built once per list
 * (facts are not changed while rules are evaluated, so the list an index was built from stays as it was). Patterns
 * the index normalized are compared as they are; the others (malformed) as a scan would, which throws.
 */
function indexedHostSearch(entries: readonly AllowlistEntry[], host: string): IndexedSearch | undefined {
  if (entries.length < INDEXED_LENGTH) return undefined;
  let index = hostIndexes.get(entries);
  if (index === undefined) {
    index = indexHostPatterns(entries.map((entry) => entry.host));
    hostIndexes.set(entries, index);
  }
  const required = normalizeHostPattern(host);
  const { normalized } = index;
  return {
    cover: hostCoverCandidates(index, required),
    all: hostCandidates(index, required),
    covers: (position, pattern) => {
      const known = normalized[position];
      return known === undefined ? hostPatternCovers(pattern, host) : normalizedCovers(known, required);
    },
    nearMiss: (position, pattern) => {
      const known = normalized[position];
      return known === undefined ? describeHostMiss(pattern, host) : normalizedMiss(known, required);
    },
  };
}

const MAX_NEAR_MISSES = 3;

interface Search {
  target: string;
  requirement: AllowRequirement;
  allowing: AllowlistEntry | undefined;
  nearMisses: string[];
}

function readValue(value: unknown, target: Target): { target: string; requirement: AllowRequirement } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`value must be an object { ${target.key}, port?, protocol? }`);
  }
  const record = value as Record<string, unknown>;
  const wanted = record[target.key];
  if (typeof wanted !== 'string') throw new TypeError(`value needs a ${target.key} string`);
  target.check(wanted);
  return { target: wanted, requirement: readRequirement(record) };
}

function search(fact: unknown, found: { target: string; requirement: AllowRequirement }, target: Target): Search {
  return searchEntries(readAllowlist(fact), found, target);
}

/** The entry's pattern of the target's kind; undefined when it has none. */
function patternOf(entry: AllowlistEntry, target: Target): string | undefined {
  const pattern = entry[target.key];
  if (pattern === undefined || pattern === null) return undefined;
  if (typeof pattern !== 'string') throw new TypeError(`allowlist entry ${target.key} must be a string`);
  return pattern;
}

/**
 * The first entry, in list order, that allows the required traffic, or every near miss when none does (an
 * entry that covers the target but not its port or protocol is one too). A long list is looked up in its index:
 * first only the entries that may cover the target, then, when none allows, the near misses as well.
 */
function searchEntries(
  entries: readonly AllowlistEntry[],
  found: { target: string; requirement: AllowRequirement },
  target: Target,
): Search {
  const indexed = target.indexed?.(entries, found.target);
  const covers = (position: number, pattern: string) =>
    indexed ? indexed.covers(position, pattern) : target.covers(pattern, found.target);
  if (indexed) {
    for (const position of indexed.cover) {
      const entry = entries[position] as AllowlistEntry;
      const pattern = patternOf(entry, target);
      if (pattern === undefined || !covers(position, pattern)) continue;
      if (judgeEntry(entry, found.requirement) === 'allows') return { ...found, allowing: entry, nearMisses: [] };
    }
  }
  const nearMisses: string[] = [];
  const count = indexed ? indexed.all.length : entries.length;
  for (let i = 0; i < count; i++) {
    const position = indexed ? (indexed.all[i] as number) : i;
    const entry = entries[position] as AllowlistEntry;
    const pattern = patternOf(entry, target);
    if (pattern === undefined) continue;
    if (!covers(position, pattern)) {
      const miss = indexed ? indexed.nearMiss(position, pattern) : target.nearMiss(pattern, found.target);
      if (miss) nearMisses.push(miss);
      continue;
    }
    const verdict = judgeEntry(entry, found.requirement);
    if (verdict === 'allows') return { ...found, allowing: entry, nearMisses };
    nearMisses.push(describeVerdict(entry, target.key, verdict));
  }
  return { ...found, allowing: undefined, nearMisses };
}

function explainSearch(result: Search, target: Target): string {
  const traffic = describeRequirement(result.requirement);
  if (result.allowing) {
    return `allowlist entry ${labelEntry(result.allowing, target.key)} allows ${result.target} (${traffic})`;
  }
  const misses = result.nearMisses;
  const more = misses.length > MAX_NEAR_MISSES ? `; and ${misses.length - MAX_NEAR_MISSES} more` : '';
  const near = misses.length > 0 ? `; near misses: ${misses.slice(0, MAX_NEAR_MISSES).join('; ')}${more}` : '';
  return `no allowlist entry covers ${result.target} (${traffic})${near}`;
}

/** The schema of `port` and `protocol` in an allowlist operator's value. */
const TRAFFIC_SCHEMA = {
  port: { type: ['integer', 'string'], errorMessage: 'port must be a port number or a range' },
  protocol: { enum: ['https', 'http', 'tcp'], errorMessage: 'protocol must be one of https, http, tcp' },
};

function allowlistOperator(name: string, target: Target): Operator {
  return {
    name,
    valueSchema: {
      type: 'object',
      required: [target.key],
      additionalProperties: false,
      properties: {
        [target.key]: { type: 'string', errorMessage: `value needs a ${target.key} string` },
        ...TRAFFIC_SCHEMA,
      },
      errorMessage: {
        type: `value must be an object { ${target.key}, port?, protocol? }`,
        required: `value needs a ${target.key} string`,
        additionalProperties: UNKNOWN_VALUE_KEY,
      },
    },
    compile: (value): CompiledOperator => {
      const found = readValue(value, target);
      return {
        test: (fact) => search(fact, found, target).allowing !== undefined,
        explain: (fact) => explainSearch(search(fact, found, target), target),
        evidence: (fact) => {
          const result = search(fact, found, target);
          return result.allowing
            ? { allowlistEntry: { ...result.allowing } }
            : { allowlistEntry: null, nearMisses: result.nearMisses.slice(0, MAX_NEAR_MISSES) };
        },
      };
    },
  };
}

const ANY_ADDRESS = new Set(['*', 'any']);

/**
 * `allowsHost`: fact = allowlist entries `{ host?, address?, ports?, protocol?, description? }[]`;
 * value = `{ host, port?, protocol? }` (protocol `https` by default, port 443/80 by default for https/http,
 * none for tcp). True when some entry's `host` pattern covers `host` (see hostPatternCovers), its ports
 * include the port and its protocol carries the required one. Entries without `host` are ignored.
 */
export const allowsHost: Operator = allowlistOperator('allowsHost', {
  key: 'host',
  check: (host) => void normalizeHostPattern(host),
  covers: hostPatternCovers,
  nearMiss: describeHostMiss,
  indexed: indexedHostSearch,
});

/**
 * `allowsAddress`: fact = allowlist entries as for `allowsHost`; value = `{ address, port?, protocol? }`
 * with a single IP address. True when some entry's `address` (IP, CIDR, `*` or `any`) contains it, with
 * ports and protocol as for `allowsHost`. Entries without `address` are ignored.
 */
export const allowsAddress: Operator = allowlistOperator('allowsAddress', {
  key: 'address',
  check: (address) => void parseAddress(address),
  covers: (entry, address) => ANY_ADDRESS.has(entry.trim().toLowerCase()) || addressContains(entry, address),
  nearMiss: () => undefined,
});

function readPatterns(fact: unknown): unknown[] {
  if (!Array.isArray(fact)) throw new TypeError('hostPatternsCover needs an array of host patterns');
  return fact;
}

/**
 * `hostPatternsCover`: fact = host pattern strings (e.g. TLS-inspection exemptions); value = a host
 * pattern. True when some pattern covers it (see hostPatternCovers).
 */
export const hostPatternsCover: Operator = {
  name: 'hostPatternsCover',
  valueSchema: { type: 'string', errorMessage: 'host pattern must be a string' },
  compile: (value): CompiledOperator => {
    if (typeof value !== 'string') throw new TypeError('hostPatternsCover needs a host pattern value');
    normalizeHostPattern(value);
    const required = value;
    return {
      test: (fact) => readPatterns(fact).some((pattern) => hostPatternCovers(pattern, required)),
      explain: (fact) => {
        const patterns = readPatterns(fact);
        const covering = patterns.find((pattern) => hostPatternCovers(pattern, required));
        if (covering !== undefined) return `${String(covering)} covers ${required}`;
        const misses = patterns.map((pattern) => describeHostMiss(pattern, required)).filter((miss) => miss);
        const near = misses.length > 0 ? `; near misses: ${misses.slice(0, MAX_NEAR_MISSES).join('; ')}` : '';
        return `none of the ${patterns.length} host patterns covers ${required}${near}`;
      },
      evidence: (fact) => ({
        pattern: readPatterns(fact).find((pattern) => hostPatternCovers(pattern, required)) ?? null,
      }),
    };
  },
};

/** The allowlist operators. */
export const allowlistOperators: readonly Operator[] = [allowsHost, allowsAddress, hostPatternsCover];
