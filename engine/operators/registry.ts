// The registryValueEquals operator: is a Windows registry value set, with the right type and data, on an asset?
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

const REGISTRY_TYPES = ['REG_DWORD', 'REG_QWORD', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_BINARY'] as const;
type RegistryType = (typeof REGISTRY_TYPES)[number];

/** Value of `registryValueEquals`: the full value path (hive abbreviated or not), its type and its data. */
export interface RegistryValueExpectation {
  path: string;
  type: RegistryType;
  data: number | string;
}

interface RegistryValue {
  type?: unknown;
  data?: unknown;
}

const HIVES: Readonly<Record<string, string>> = {
  hkey_local_machine: 'hklm',
  hkey_current_user: 'hkcu',
  hkey_classes_root: 'hkcr',
  hkey_users: 'hku',
  hkey_current_config: 'hkcc',
};

/**
 * Normalizes a registry value path for comparison: Windows registry paths are case-insensitive, regedit shows
 * them with a `Computer\` prefix, and exports spell hives out (`HKEY_LOCAL_MACHINE`) or abbreviate them (`HKLM`).
 */
export function normalizeRegistryPath(path: string): string {
  let normalized = normalizedPaths.get(path);
  if (normalized === undefined) {
    normalized = normalize(path);
    // A fleet's registry exports name the same few values on every device: remember those, not every path.
    if (normalizedPaths.size < MAX_REMEMBERED) normalizedPaths.set(path, normalized);
  }
  return normalized;
}

const normalizedPaths = new Map<string, string>();
const MAX_REMEMBERED = 4096;

function normalize(path: string): string {
  const parts = path
    .trim()
    .replace(/[\\/]+/g, '\\')
    .replace(/^\\|\\$/g, '')
    .toLowerCase()
    .split('\\');
  if (parts[0] === 'computer') parts.shift();
  const hive = parts[0];
  if (hive !== undefined) parts[0] = HIVES[hive] ?? hive;
  return parts.join('\\');
}

/**
 * Reads a `registryValueEquals` value (a literal was checked by the schema; a value read from a fact was not).
 *
 * @throws {TypeError} when it is not `{ path, type, data }` with a value path below a key.
 */
function readExpectation(value: unknown): RegistryValueExpectation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('registryValueEquals: needs a value { path, type, data }');
  }
  const { path, type, data } = value as Record<string, unknown>;
  if (typeof path !== 'string' || normalizeRegistryPath(path).split('\\').length < 2) {
    throw new TypeError('registryValueEquals: needs a path such as HKLM\\SOFTWARE\\Vendor\\ValueName');
  }
  if (!REGISTRY_TYPES.includes(type as RegistryType)) {
    throw new TypeError(`registryValueEquals: type must be one of ${REGISTRY_TYPES.join(', ')}`);
  }
  if (typeof data !== 'number' && typeof data !== 'string') {
    throw new TypeError('registryValueEquals: data must be a number or string');
  }
  return { path, type: type as RegistryType, data };
}

/** What a registry fact says: the values collected, and the keys whose values were all collected (if stated). */
interface RegistryFacts {
  values: Record<string, unknown>;
  collectedKeys: string[] | undefined;
}

/**
 * Reads the fact: an asset record (`{ id, registry?, collectedRegistryKeys? }`, path `$`) or, as in pack 1.0, the
 * `registry` map alone (which cannot say which keys were collected).
 */
function readRegistry(fact: unknown): RegistryFacts {
  if (typeof fact !== 'object' || fact === null || Array.isArray(fact)) {
    throw new TypeError('registryValueEquals needs an asset record or a map of registry values by path');
  }
  const record = fact as Record<string, unknown>;
  if (typeof record.id !== 'string') return { values: record, collectedKeys: undefined };
  const values = record.registry;
  const keys = record.collectedRegistryKeys;
  return {
    values:
      typeof values === 'object' && values !== null && !Array.isArray(values)
        ? (values as Record<string, unknown>)
        : {},
    collectedKeys: Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : undefined,
  };
}

/** Whether the key `key` (normalized) was collected: listed itself, or under a listed `KEY\*`. */
function keyCollected(collectedKeys: readonly string[] | undefined, key: string): boolean {
  if (collectedKeys === undefined) return false;
  return collectedKeys.some((listed) => {
    const normalized = normalizeRegistryPath(listed);
    if (normalized === '*' || normalized.endsWith('\\*')) {
      const root = normalized.slice(0, -2);
      return key === root || key.startsWith(`${root}\\`);
    }
    return normalized === key;
  });
}

function findValue(registry: Record<string, unknown>, wanted: string): RegistryValue | undefined {
  const key = Object.keys(registry).find((candidate) => normalizeRegistryPath(candidate) === wanted);
  const found = key === undefined ? undefined : registry[key];
  return typeof found === 'object' && found !== null ? (found as RegistryValue) : undefined;
}

// Exporters write DWORDs as numbers, decimal strings or hex (`0x00000001`); they are equal if the numbers are.
function toNumber(data: unknown): number | undefined {
  if (typeof data === 'number') return data;
  if (typeof data !== 'string') return undefined;
  const text = data.trim();
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function dataEquals(type: RegistryType, actual: unknown, expected: number | string): boolean {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const number = toNumber(actual);
    return number !== undefined && number === toNumber(expected);
  }
  return actual === expected;
}

function matches(found: RegistryValue | undefined, expected: RegistryValueExpectation): boolean {
  return found !== undefined && found.type === expected.type && dataEquals(expected.type, found.data, expected.data);
}

/**
 * `registryValueEquals`: fact = a device record (path `$`: its `registry` values by path and its
 * `collectedRegistryKeys`), or the `registry` map alone; value = `{ path, type, data }`. True when the value exists
 * with that type and data; false when it exists otherwise, or is absent from a key that was collected; undecided
 * (unknown) when it is absent and its key was not collected, since a registry snapshot of other keys says nothing
 * about it. Paths compare case-insensitively, with `Computer\` and spelled-out hives normalized; DWORD/QWORD data
 * compare as numbers (`1`, `"1"`, `"0x1"`).
 */
export const registryValueEquals: Operator = {
  name: 'registryValueEquals',
  valueSchema: {
    type: 'object',
    required: ['path', 'type', 'data'],
    additionalProperties: false,
    properties: {
      path: {
        type: 'string',
        // A hive and a value name at least: `HKLM\Name`, with `\` or `/` between (normalizeRegistryPath).
        pattern: '[^\\\\/\\s][\\s\\S]*?[\\\\/][\\s\\S]*?[^\\\\/\\s]',
        errorMessage: 'needs a path such as HKLM\\SOFTWARE\\Vendor\\ValueName',
      },
      type: { enum: [...REGISTRY_TYPES], errorMessage: `type must be one of ${REGISTRY_TYPES.join(', ')}` },
      data: { type: ['number', 'string'], errorMessage: 'data must be a number or string' },
    },
    errorMessage: recordValueErrors('{ path, type, data }'),
  },
  compile: (value): CompiledOperator => {
    const expected = readExpectation(value);
    // The path is normalized once; the key holding the value (the path without its value name) too.
    const wanted = normalizeRegistryPath(expected.path);
    const key = wanted.split('\\').slice(0, -1).join('\\');
    const shownKey = expected.path.split('\\').slice(0, -1).join('\\');
    const wantedText = `${expected.type} ${JSON.stringify(expected.data)}`;
    return {
      test: (fact) => {
        const registry = readRegistry(fact);
        const found = findValue(registry.values, wanted);
        if (found === undefined && !keyCollected(registry.collectedKeys, key)) return undefined;
        return matches(found, expected);
      },
      explain: (fact) => {
        const registry = readRegistry(fact);
        const found = findValue(registry.values, wanted);
        if (found === undefined) {
          return keyCollected(registry.collectedKeys, key)
            ? `${expected.path} is not set in the collected key (expected ${wantedText})`
            : `${expected.path} (its key ${shownKey} was not collected: collectedRegistryKeys does not list it)`;
        }
        const actual = `${String(found.type)} ${JSON.stringify(found.data)}`;
        return matches(found, expected)
          ? `${expected.path} is ${actual}`
          : `${expected.path} is ${actual} (expected ${wantedText})`;
      },
    };
  },
};
