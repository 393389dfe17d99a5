// Importers for egress allowlists: the Microsoft 365 endpoints web service JSON and plain text lists.
import { isAddressOrPrefix } from '../../engine/network/addresses.js';
import { normalizeHostPattern } from '../../engine/network/hosts.js';
import type { Pointer } from '../../engine/types.js';
import { normalizeHeader, readCsv, sniffCsvHeaders } from '../formats/csv.js';
import { hasKeys, isObject, listItems, prop, propKey, readJson, sniffJsonKeys, text } from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { failedImport, PartBuilder } from './part-builder.js';

const ALLOW = ['network', 'egress', 'allow'];

/** `"80,443"` or `"1024-65535"` → `[80, 443]` / `["1024-65535"]`; undefined when malformed. */
function readPorts(value: string): (number | string)[] | undefined {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const ports = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : /^\d+-\d+$|^\*$/.test(p) ? p : undefined));
  return ports.includes(undefined) || ports.length === 0 ? undefined : (ports as (number | string)[]);
}

function isHostPattern(value: string): boolean {
  try {
    normalizeHostPattern(value);
    return true;
  } catch {
    return false;
  }
}

/** One endpoint set, from JSON or CSV: its fields, and where a field (or one of its list items) came from. */
interface EndpointSet {
  id?: string;
  serviceArea?: string;
  ports: { tcpPorts?: string; udpPorts?: string };
  lists: { urls: unknown[]; ips: unknown[] };
  at: (field: string, index?: number) => () => Position;
}

/** Adds the allow entries of one endpoint set: every URL and IP with the set's TCP and, apart, UDP ports. */
function addEndpointSet(builder: PartBuilder, allow: Record<string, unknown>[], set: EndpointSet): void {
  const description = `Microsoft 365 endpoint set ${set.id ?? '?'} (${set.serviceArea ?? '?'})`;
  const protocols: { protocol: 'tcp' | 'udp'; ports: (number | string)[] }[] = [];
  for (const [key, protocol] of [
    ['tcpPorts', 'tcp'],
    ['udpPorts', 'udp'],
  ] as const) {
    const raw = set.ports[key];
    if (raw === undefined) continue;
    const ports = readPorts(raw);
    if (ports) protocols.push({ protocol, ports });
    else builder.rowError(set.at(key)(), `${description}: ${key} "${raw}" is not a port list`);
  }
  for (const [key, field] of [
    ['urls', 'host'],
    ['ips', 'address'],
  ] as const) {
    set.lists[key].forEach((value, i) => {
      const entryText = text(value);
      const valid =
        entryText !== undefined && (field === 'host' ? isHostPattern(entryText) : isAddressOrPrefix(entryText));
      if (!valid) {
        builder.rowError(
          set.at(key, i)(),
          `${description}: ${JSON.stringify(value)} is not a ${field === 'host' ? 'host pattern' : 'address or prefix'}`,
        );
        return;
      }
      for (const carried of protocols.length > 0 ? protocols : [undefined]) {
        const entry: Record<string, unknown> = { [field]: entryText, description };
        if (carried) Object.assign(entry, carried);
        builder.set([...ALLOW, allow.length], set.at(key, i));
        allow.push(entry);
      }
    });
  }
}

/** The endpoint sets of the JSON format, located by their keys. */
function jsonSets(value: unknown, locate: (p: Pointer) => Position, builder: PartBuilder): EndpointSet[] {
  const sets: EndpointSet[] = [];
  for (const { item, pointer } of listItems(value)) {
    if (!isObject(item)) {
      builder.rowError(locate(pointer), 'endpoint set is not an object');
      continue;
    }
    const list = (name: string) => {
      const found = prop(item, name);
      return Array.isArray(found) ? found : [];
    };
    const set: EndpointSet = {
      id: text(prop(item, 'id')),
      serviceArea: text(prop(item, 'serviceArea')),
      ports: { tcpPorts: text(prop(item, 'tcpPorts')), udpPorts: text(prop(item, 'udpPorts')) },
      lists: { urls: list('urls'), ips: list('ips') },
      at: (field, index) => () => {
        const key = propKey(item, field) ?? field;
        return locate(index === undefined ? [...pointer, key] : [...pointer, key, index]);
      },
    };
    sets.push(set);
  }
  return sets;
}

/**
 * The endpoint sets of the web service's `format=CSV` (`id,serviceArea,serviceAreaDisplayName,urls,ips,
 * tcpPorts,udpPorts,expressRoute,category,required,notes`): a set's URLs and IPs share one cell, separated by
 * commas (or semicolons, or spaces); each entry points at its cell.
 */
function csvSets(input: string, builder: PartBuilder): EndpointSet[] {
  const table = readCsv(input);
  const headers = table.headers.map(normalizeHeader);
  for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
  return table.rows.map((row) => {
    const column = (name: string) => headers.indexOf(name.toLowerCase());
    const cell = (name: string) => (column(name) < 0 ? undefined : text(row.field(column(name))));
    const split = (name: string) => (cell(name) ?? '').split(/[\s,;]+/).filter((v) => v !== '');
    return {
      id: cell('id'),
      serviceArea: cell('serviceArea'),
      ports: { tcpPorts: cell('tcpPorts'), udpPorts: cell('udpPorts') },
      lists: { urls: split('urls'), ips: split('ips') },
      at: (field) => () => (column(field) < 0 ? table.rowStart(row) : table.cell(row, column(field))),
    };
  });
}

/**
 * The Microsoft 365 endpoints importer (`https://endpoints.office.com/endpoints/worldwide`, JSON or
 * `format=CSV`). Every URL and IP of every endpoint set becomes an allow entry with the set's TCP ports
 * (protocol tcp) and, separately, its UDP ports (protocol udp); the description names the set id and service
 * area. The file is taken as the allowlist as deployed: optional sets (`required: false`) are included, so
 * remove what the firewall lacks. Importing an allowlist also states that egress is filtered
 * (`egress.unrestricted: false`).
 */
export function createM365EndpointsImporter(): Importer {
  return {
    name: 'm365-endpoints',
    description: 'Microsoft 365 endpoints web service JSON or CSV (id, serviceArea, urls, ips, tcpPorts, udpPorts)',
    supplies: [
      {
        fact: 'network.egress.allow',
        command:
          'https://endpoints.office.com/endpoints/worldwide?clientrequestid=<GUID> (JSON or &format=CSV), as deployed on the firewall',
      },
      {
        fact: 'network.egress.unrestricted',
        command: `the firewall's egress allowlist, as Microsoft 365 endpoints JSON or CSV`,
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys) return hasKeys(keys, 'serviceArea') && (hasKeys(keys, 'urls') || hasKeys(keys, 'ips'));
      const headers = sniffCsvHeaders(input);
      return headers.has('servicearea') && headers.has('urls') && headers.has('ips') && headers.has('tcpports');
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'm365-endpoints');
      let sets: EndpointSet[];
      let whole: () => Position;
      if (sniffJsonKeys(input) === undefined) {
        sets = csvSets(input, builder);
        whole = () => ({ line: 1, column: 1 });
      } else {
        const parsed = readJson(input, file);
        if (!parsed.ok) return failedImport(file, 'm365-endpoints', parsed.diagnostics);
        sets = jsonSets(parsed.value, parsed.locate, builder);
        whole = () => parsed.locate([]);
      }
      const allow: Record<string, unknown>[] = [];
      for (const set of sets) addEndpointSet(builder, allow, set);
      if (allow.length > 0) {
        // An allowlist says what egress is allowed, so egress is restricted to it.
        builder.network(whole).egress = { allow, unrestricted: false };
        builder.set(['network', 'egress'], whole);
        builder.set(['network', 'egress', 'unrestricted'], whole);
        builder.set(ALLOW, builder.map.locate([...ALLOW, 0]));
      }
      return builder.result();
    },
  };
}

/** One line of a plain list: a host pattern, IP or CIDR, optional ports, optional `# comment`. */
function readLine(line: string): { entry?: Record<string, unknown>; error?: string; blank?: true } {
  const content = line.replace(/(^|\s)[#;].*$/, '').trim();
  if (content === '') return { blank: true };
  const [target = '', ports, ...rest] = content.split(/\s+/);
  if (rest.length > 0) return { error: `"${content}" has more than a target and a port list` };
  const entry: Record<string, unknown> = {};
  const bare = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (isAddressOrPrefix(bare)) entry.address = bare;
  else if (isHostPattern(target)) entry.host = normalizeHostPattern(target);
  else return { error: `"${target}" is not a host pattern, IP address or CIDR prefix` };
  if (ports !== undefined) {
    const list = readPorts(ports.replace(/^tcp\//i, ''));
    if (!list) return { error: `"${ports}" is not a port list (443, 80,443 or 1024-65535)` };
    entry.ports = list;
  }
  return { entry };
}

/**
 * The plain text allowlist importer: one host pattern (`*.protection.outlook.com`, a URL is reduced to its
 * host), IP address or CIDR prefix per line, optionally followed by ports (`443`, `80,443`); `#` and `;`
 * start comments. Entries carry no protocol (any) and, without ports, allow every port. Egress is taken as
 * filtered by the list (`egress.unrestricted: false`).
 */
export function createAllowlistTextImporter(): Importer {
  return {
    name: 'allowlist-text',
    description: 'Plain text allowlist: one host pattern, IP or CIDR per line (optional ports), # comments',
    supplies: [
      {
        fact: 'network.egress.allow',
        command: `the firewall's or proxy's egress allowlist exported as text, one host, IP or CIDR per line`,
      },
      { fact: 'network.egress.unrestricted', command: `the firewall's or proxy's egress allowlist exported as text` },
    ],
    detect(input, file) {
      if (!/\.(txt|lst|list|allow|allowlist)$/i.test(file) && /\.[a-z0-9]+$/i.test(file.split(/[\\/]/).pop() ?? ''))
        return false;
      const lines = input
        .split(/\r\n|\n|\r/, 200)
        .map(readLine)
        .filter((l) => !l.blank);
      const good = lines.filter((l) => l.entry).length;
      return good > 0 && good >= lines.length * 0.8;
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'allowlist-text');
      const allow: Record<string, unknown>[] = [];
      let first: { line: number; column: number } | undefined;
      input.split(/\r\n|\n|\r/).forEach((line, i) => {
        const read = readLine(line);
        const column = line.length - line.trimStart().length + 1;
        if (read.error) builder.rowError({ line: i + 1, column }, read.error);
        if (!read.entry) return;
        first ??= { line: i + 1, column };
        builder.set([...ALLOW, allow.length], { line: i + 1, column });
        allow.push(read.entry);
      });
      if (allow.length > 0) {
        builder.network({ line: 1, column: 1 }).egress = { allow, unrestricted: false };
        builder.set(['network', 'egress'], { line: 1, column: 1 });
        builder.set(['network', 'egress', 'unrestricted'], { line: 1, column: 1 });
        builder.set(ALLOW, first ?? { line: 1, column: 1 });
      }
      return builder.result();
    },
  };
}
