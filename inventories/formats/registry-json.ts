// Registry values as PowerShell exports them: `Get-ItemProperty HKLM:\… | ConvertTo-Json`, read into a RegistryFile.
import type { Pointer } from '../../engine/types.js';
import { isObject, type ListedItem, text } from './json-input.js';
import { normalizeKeyPath, type RegistryFile, type RegistryType } from './registry-file.js';
import type { Position } from './source-map.js';

const PS_PATH = /"PSPath"\s*:\s*"Microsoft\.PowerShell\.Core\\\\Registry::/i;
const PROVIDER_PREFIX = /^Microsoft\.PowerShell\.Core\\Registry::/i;
// Properties PowerShell adds to every item, and Invoke-Command to every object: not registry values.
const NOT_VALUES =
  /^(PSPath|PSParentPath|PSChildName|PSDrive|PSProvider|PSComputerName|PSShowComputerName|RunspaceId|PSSourceJobInstanceId)$/i;

/** Whether a text is `Get-ItemProperty` output as JSON: objects whose `PSPath` is a registry key. */
export function isItemPropertyJson(input: string): boolean {
  const head = input.slice(0, 16384);
  return /^\s*[[{]/.test(head) && PS_PATH.test(head);
}

/**
 * A value as `Get-ItemProperty` gives it, with the type the registry most likely holds: integers are DWORDs
 * (negative ones are DWORDs above 0x7fffffff, which PowerShell shows as Int32: -1 is 0xffffffff) unless they
 * need 64 bits, strings REG_SZ (PowerShell has expanded REG_EXPAND_SZ already), string lists REG_MULTI_SZ and
 * byte lists REG_BINARY. Anything else is undefined.
 */
function typedValue(value: unknown): { type: RegistryType; data: number | string | string[] } | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= -0x80000000 && value <= 0xffffffff) return { type: 'REG_DWORD', data: value >>> 0 };
    return { type: 'REG_QWORD', data: value };
  }
  if (typeof value === 'string') return { type: 'REG_SZ', data: value };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { type: 'REG_MULTI_SZ', data: value };
  if (Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v < 256)) {
    return { type: 'REG_BINARY', data: value.map((b: number) => b.toString(16).padStart(2, '0')).join('') };
  }
  return undefined;
}

/**
 * Reads the objects of `Get-ItemProperty` / `Get-ChildItem … | Get-ItemProperty` JSON into the shape of a
 * .reg file: each object is a key (its `PSPath`), its other properties the key's values, located at their
 * JSON keys. The `PSComputerName` of Invoke-Command output names the device.
 */
export function readItemProperties(
  items: readonly ListedItem[],
  locate: (pointer: Pointer) => Position,
): RegistryFile & { computer?: { name: string; line: number } } {
  const result: RegistryFile & { computer?: { name: string; line: number } } = {
    version: 5,
    keys: [],
    values: [],
    errors: [],
    comments: [],
  };
  for (const { item, pointer } of items) {
    const path = isObject(item) ? text(item.PSPath ?? item.pspath) : undefined;
    if (!isObject(item) || path === undefined || !PROVIDER_PREFIX.test(path)) {
      result.errors.push({ line: locate(pointer).line, message: 'object without a registry PSPath' });
      continue;
    }
    const key = normalizeKeyPath(path.replace(PROVIDER_PREFIX, ''));
    result.keys.push({ path: key, line: locate(pointer).line });
    const computer = text(item.PSComputerName);
    if (computer && !result.computer)
      result.computer = { name: computer, line: locate([...pointer, 'PSComputerName']).line };
    for (const [name, value] of Object.entries(item)) {
      if (NOT_VALUES.test(name)) continue;
      const typed = typedValue(value);
      if (!typed) continue;
      const at = locate([...pointer, name]);
      result.values.push({ key, name: name === '(default)' ? '(Default)' : name, ...typed, ...at });
    }
  }
  return result;
}
