// X.500 distinguished names of certificate issuers (`CN=…, O=Microsoft Corporation, …`): parsing and lookup.

/** One attribute of a distinguished name, its type upper-cased and aliases resolved (`S` → `ST`, `2.5.4.10` → `O`). */
export interface DnAttribute {
  type: string;
  value: string;
}

/** Short names for the attribute types certificate issuers use, by alias or OID. */
const ALIASES: Readonly<Record<string, string>> = {
  S: 'ST',
  E: 'EMAILADDRESS',
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'EMAILADDRESS',
};

const TYPE = /^([a-z][a-z0-9-]*|(oid\.)?\d+(\.\d+)*)$/i;
const SEPARATORS = ',;+';

function normalizeType(raw: string, dn: string): string {
  const type = raw.trim();
  if (!TYPE.test(type)) throw new TypeError(`'${dn}' is not a distinguished name: bad attribute type '${type}'`);
  const upper = type.toUpperCase().replace(/^OID\./, '');
  return ALIASES[upper] ?? upper;
}

/** Reads a quoted value from `start` (the opening quote); `""` (.NET) and `\x` escape characters. */
function readQuoted(dn: string, start: number): [value: string, end: number] {
  let value = '';
  for (let i = start + 1; i < dn.length; i++) {
    const c = dn[i] as string;
    if (c === '\\' && i + 1 < dn.length) {
      value += dn[++i];
    } else if (c === '"') {
      if (dn[i + 1] === '"') {
        value += '"';
        i++;
      } else {
        return [value, i + 1];
      }
    } else {
      value += c;
    }
  }
  throw new TypeError(`'${dn}' is not a distinguished name: unterminated quote`);
}

/** Reads an unquoted value up to an unescaped separator; `\,` escapes a character and `\C3\A9` a UTF-8 byte. */
function readUnquoted(dn: string, start: number): [value: string, end: number] {
  const bytes: number[] = [];
  let i = start;
  for (; i < dn.length && !SEPARATORS.includes(dn[i] as string); i++) {
    const c = dn[i] as string;
    if (c !== '\\') {
      bytes.push(...new TextEncoder().encode(c));
    } else if (/^[0-9a-f]{2}$/i.test(dn.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(dn.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (i + 1 < dn.length) {
      bytes.push(...new TextEncoder().encode(dn[++i]));
    } else {
      throw new TypeError(`'${dn}' is not a distinguished name: trailing backslash`);
    }
  }
  return [new TextDecoder().decode(new Uint8Array(bytes)).trim(), i];
}

/**
 * Parses a distinguished name as Windows (`CN=Microsoft Secure Server CA 2011, O=Microsoft Corporation,
 * L=Redmond, S=Washington, C=US`) or RFC 4514 (`CN=x,O=y`) prints it: `,` or `;` between RDNs, `+` inside a
 * multi-valued RDN (flattened), quoted values (`O="Contoso, Ltd."`), backslash escapes (`O=Contoso\, Ltd.`,
 * `\2C`). An empty string is the empty DN.
 *
 * @throws {TypeError} when the text is not a string or not a distinguished name.
 */
export function parseDistinguishedName(dn: unknown): DnAttribute[] {
  if (typeof dn !== 'string') throw new TypeError(`distinguished name must be a string, got ${typeof dn}`);
  const attributes: DnAttribute[] = [];
  let i = 0;
  if (dn.trim() === '') return attributes;
  while (i <= dn.length) {
    const equals = dn.indexOf('=', i);
    if (equals < 0) throw new TypeError(`'${dn}' is not a distinguished name: '${dn.slice(i).trim()}' has no '='`);
    const type = normalizeType(dn.slice(i, equals), dn);
    let start = equals + 1;
    while (dn[start] === ' ') start++;
    const [value, end] = dn[start] === '"' ? readQuoted(dn, start) : readUnquoted(dn, start);
    attributes.push({ type, value });
    let next = end;
    while (dn[next] === ' ') next++;
    if (next >= dn.length) return attributes;
    if (!SEPARATORS.includes(dn[next] as string)) {
      throw new TypeError(`'${dn}' is not a distinguished name: unexpected '${dn[next]}' after a quoted value`);
    }
    i = next + 1;
  }
  return attributes;
}

/**
 * Every value of one attribute type (`O`, `CN`, `S`/`ST`, an OID…) in a distinguished name, in order.
 *
 * @throws {TypeError} when the distinguished name is malformed.
 */
export function getDnAttributes(dn: unknown, type: string): string[] {
  const wanted = normalizeType(type, type);
  return parseDistinguishedName(dn)
    .filter((attribute) => attribute.type === wanted)
    .map((attribute) => attribute.value);
}
