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

function readRegistry(fact: unknown): Record<string, unknown> {
  if (typeof fact !== 'object' || fact === null || Array.isArray(fact)) {
    throw new TypeError('registryValueEquals needs a map of registry values by path');
  }
  return fact as Record<string, unknown>;
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
 * `registryValueEquals`: fact = a device's registry values by path (`{ [path]: { type, data } }`); value =
 * `{ path, type, data }`. True when the value exists with that type and data. Paths compare case-insensitively,
 * with `Computer\` and spelled-out hives normalized; DWORD/QWORD data compare as numbers (`1`, `"1"`, `"0x1"`).
 * A value absent from the map is not set: the map lists the values collected from the device.
 */
export const registryValueEquals: Operator = {
  name: 'registryValueEquals',
  evaluate: (fact, value) => {
    const expected = readExpectation(value);
    return matches(findValue(readRegistry(fact), expected.path), expected);
  },
  explain: (fact, value) => {
    const expected = readExpectation(value);
    const found = findValue(readRegistry(fact), expected.path);
    const wanted = `${expected.type} ${JSON.stringify(expected.data)}`;
    if (found === undefined) return `${expected.path} is not set (expected ${wanted})`;
    const actual = `${String(found.type)} ${JSON.stringify(found.data)}`;
    return matches(found, expected)
      ? `${expected.path} is ${actual}`
      : `${expected.path} is ${actual} (expected ${wanted})`;
  },
  checkValue: checkExpectation,
};
