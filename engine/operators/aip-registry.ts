// The registryValueEquals operator: is a registry value set, with the right type and data, on a device?
import type { Operator } from './operator.js';

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

// A rule's value is the same, never modified object at every evaluation: check it once, not once per device.
const checkedValues = new WeakSet<object>();

function readExpectation(value: unknown): RegistryValueExpectation {
  if (typeof value === 'object' && value !== null && checkedValues.has(value)) return value as RegistryValueExpectation;
  const problem = checkExpectation(value);
  if (problem) throw new TypeError(`registryValueEquals: ${problem}`);
  checkedValues.add(value as object);
  return value as RegistryValueExpectation;
}

function checkExpectation(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'needs a value { path, type, data }';
  }
  const { path, type, data, ...extra } = value as Record<string, unknown>;
  if (typeof path !== 'string' || normalizeRegistryPath(path).split('\\').length < 2) {
    return 'needs a path such as HKLM\\SOFTWARE\\Vendor\\ValueName';
  }
  if (!REGISTRY_TYPES.includes(type as RegistryType)) {
    return `type must be one of ${REGISTRY_TYPES.join(', ')}`;
  }
  if (typeof data !== 'number' && typeof data !== 'string') return 'data must be a number or string';
  if (Object.keys(extra).length > 0) return `value has unknown keys: ${Object.keys(extra).join(', ')}`;
  return undefined;
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

/** Whether the key holding value `path` was collected: listed itself, or under a listed `KEY\*`. */
function keyCollected(collectedKeys: readonly string[] | undefined, path: string): boolean {
  if (collectedKeys === undefined) return false;
  const key = normalizeRegistryPath(path).split('\\').slice(0, -1).join('\\');
  return collectedKeys.some((listed) => {
    const normalized = normalizeRegistryPath(listed);
    if (normalized === '*' || normalized.endsWith('\\*')) {
      const root = normalized.slice(0, -2);
      return key === root || key.startsWith(`${root}\\`);
    }
    return normalized === key;
  });
}

function findValue(registry: Record<string, unknown>, path: string): RegistryValue | undefined {
  const wanted = normalizeRegistryPath(path);
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
  evaluate: (fact, value) => {
    const expected = readExpectation(value);
    const registry = readRegistry(fact);
    const found = findValue(registry.values, expected.path);
    if (found === undefined && !keyCollected(registry.collectedKeys, expected.path)) return undefined;
    return matches(found, expected);
  },
  explain: (fact, value) => {
    const expected = readExpectation(value);
    const registry = readRegistry(fact);
    const found = findValue(registry.values, expected.path);
    const wanted = `${expected.type} ${JSON.stringify(expected.data)}`;
    if (found === undefined) {
      const key = expected.path.split('\\').slice(0, -1).join('\\');
      return keyCollected(registry.collectedKeys, expected.path)
        ? `${expected.path} is not set in the collected key (expected ${wanted})`
        : `${expected.path} (its key ${key} was not collected: collectedRegistryKeys does not list it)`;
    }
    const actual = `${String(found.type)} ${JSON.stringify(found.data)}`;
    return matches(found, expected)
      ? `${expected.path} is ${actual}`
      : `${expected.path} is ${actual} (expected ${wanted})`;
  },
  checkValue: checkExpectation,
};
