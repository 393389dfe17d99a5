// Registry export files (.reg): regedit / `reg export` (version 5.00, UTF-16LE) and REGEDIT4, parsed with lines.

export type RegistryType = 'REG_DWORD' | 'REG_QWORD' | 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_BINARY';

export interface RegistryKey {
  /** Path with an abbreviated hive and no `Computer\` prefix: `HKLM\SOFTWARE\Microsoft\MSIP`. */
  path: string;
  line: number;
}

export interface RegistryValue {
  key: string;
  name: string;
  type: RegistryType;
  data: number | string | string[];
  line: number;
  column: number;
}

export interface RegistryFile {
  version: 4 | 5;
  keys: RegistryKey[];
  values: RegistryValue[];
  /** Lines that could not be read. */
  errors: { line: number; message: string }[];
  /** Comment lines (`; …`), for a `; Computer: NAME` hint. */
  comments: { text: string; line: number }[];
}

const HIVES: Readonly<Record<string, string>> = {
  hkey_local_machine: 'HKLM',
  hkey_current_user: 'HKCU',
  hkey_classes_root: 'HKCR',
  hkey_users: 'HKU',
  hkey_current_config: 'HKCC',
};

/** `Computer\HKEY_LOCAL_MACHINE\SOFTWARE\…` → `HKLM\SOFTWARE\…`. */
export function normalizeKeyPath(path: string): string {
  const parts = path.trim().replace(/\\+$/, '').split('\\');
  if (parts[0]?.toLowerCase() === 'computer') parts.shift();
  const hive = parts[0]?.toLowerCase() ?? '';
  parts[0] = HIVES[hive] ?? parts[0]?.toUpperCase() ?? '';
  return parts.join('\\');
}

/** Whether a text is a registry export: its first non-blank line is the regedit header. */
export function isRegistryFile(text: string): boolean {
  const first = text.slice(0, 200).trimStart().split(/\r?\n/, 1)[0]?.trim() ?? '';
  return /^Windows Registry Editor Version 5\.00$/i.test(first) || /^REGEDIT4$/i.test(first);
}

function bytesOf(hex: string): number[] | undefined {
  const parts = hex
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bytes = parts.map((p) => (/^[0-9a-f]{1,2}$/i.test(p) ? Number.parseInt(p, 16) : Number.NaN));
  return bytes.some(Number.isNaN) ? undefined : bytes;
}

function decodeStrings(bytes: number[], version: 4 | 5): string[] {
  const text =
    version === 5
      ? String.fromCharCode(
          ...bytes.flatMap((_, i) => (i % 2 === 0 ? [(bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8)] : [])),
        )
      : String.fromCharCode(...bytes);
  return text.split('\0');
}

function unescapeRegString(quoted: string): string {
  return quoted.replace(/\\(.)/g, '$1');
}

/** Reads one value's data text (after `=`); undefined for deletions and types the model has no name for. */
function readData(
  data: string,
  version: 4 | 5,
): { type: RegistryType; data: number | string | string[] } | null | undefined {
  if (data === '-') return null;
  const string = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
  if (string) return { type: 'REG_SZ', data: unescapeRegString(string[1] ?? '') };
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword) return { type: 'REG_DWORD', data: Number.parseInt(dword[1] ?? '0', 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (!hex) return undefined;
  const bytes = bytesOf(hex[2] ?? '');
  if (!bytes) return undefined;
  switch ((hex[1] ?? '3').toLowerCase()) {
    case '3':
      return { type: 'REG_BINARY', data: bytes.map((b) => b.toString(16).padStart(2, '0')).join('') };
    case '4':
      return { type: 'REG_DWORD', data: bytes.slice(0, 4).reduceRight((n, b) => n * 256 + b, 0) };
    case 'b': {
      const value = bytes.slice(0, 8).reduceRight((n, b) => n * 256n + BigInt(b), 0n);
      return { type: 'REG_QWORD', data: value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString() };
    }
    case '2':
      return { type: 'REG_EXPAND_SZ', data: decodeStrings(bytes, version)[0] ?? '' };
    case '7': {
      const strings = decodeStrings(bytes, version);
      while (strings.length > 0 && strings[strings.length - 1] === '') strings.pop();
      return { type: 'REG_MULTI_SZ', data: strings };
    }
    case '1':
      return { type: 'REG_SZ', data: decodeStrings(bytes, version)[0] ?? '' };
    default:
      return null;
  }
}

const VALUE = /^("((?:[^"\\]|\\.)*)"|@)\s*=\s*(.*)$/;

/**
 * Parses a .reg file. Lines ending in `\` continue (long hex data); `[-KEY]` and `"Name"=-` deletions are
 * skipped; REG_NONE and other types outside the model are skipped. Never throws: unreadable lines are errors.
 */
export function readRegistryFile(text: string): RegistryFile {
  const lines = text.split(/\r\n|\n|\r/);
  const result: RegistryFile = { version: 5, keys: [], values: [], errors: [], comments: [] };
  if (/^REGEDIT4$/i.test(lines.find((l) => l.trim() !== '')?.trim() ?? '')) result.version = 4;
  let key: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = (lines[i] ?? '').trim();
    if (line === '' || /^(Windows Registry Editor Version|REGEDIT4)/i.test(line)) continue;
    if (line.startsWith(';')) {
      result.comments.push({ text: line.slice(1).trim(), line: lineNumber });
      continue;
    }
    if (line.startsWith('[')) {
      const m = /^\[(-?)(.+)\]$/.exec(line);
      if (!m) {
        result.errors.push({ line: lineNumber, message: `malformed key line ${JSON.stringify(line)}` });
        key = undefined;
      } else if (m[1] === '-') key = undefined;
      else {
        key = normalizeKeyPath(m[2] ?? '');
        result.keys.push({ path: key, line: lineNumber });
      }
      continue;
    }
    const column = (lines[i] ?? '').indexOf(line[0] ?? '') + 1;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '').trim();
    const m = VALUE.exec(line);
    if (!m) {
      result.errors.push({ line: lineNumber, message: `malformed value line ${JSON.stringify(line.slice(0, 80))}` });
      continue;
    }
    if (key === undefined) continue;
    const read = readData((m[3] ?? '').trim(), result.version);
    if (read === undefined) {
      result.errors.push({
        line: lineNumber,
        message: `unreadable data for ${m[2] ?? '(Default)'}: ${(m[3] ?? '').slice(0, 40)}`,
      });
      continue;
    }
    if (read === null) continue;
    const name = m[1] === '@' ? '(Default)' : unescapeRegString(m[2] ?? '');
    result.values.push({ key, name, type: read.type, data: read.data, line: lineNumber, column });
  }
  return result;
}
