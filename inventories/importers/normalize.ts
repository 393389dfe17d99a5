// Normalization shared by importers: asset ids, device platforms, architectures, versions and product names.
import type { DevicePlatform } from '../../engine/types.js';
import { classifyVersion, type VersionTableName } from '../../engine/versions/tables.js';

/**
 * The asset id every importer uses, so the merge joins one machine's records from different sources: the
 * short host name in lower case (first label of an FQDN). A name that is not a host name (`John's iPhone`)
 * is kept whole, lower-cased.
 */
export function hostId(name: string): string {
  const trimmed = name.trim();
  return (isQualifiedHostName(trimmed) ? trimmed.slice(0, trimmed.indexOf('.')) : trimmed).toLowerCase();
}

const QUALIFIED_HOST_NAME = /^[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)+$/u;

/**
 * `label.label...`, two labels or more of letters, digits, `_` and `-`: `QUALIFIED_HOST_NAME`, with the ASCII
 * names nearly every export holds read without the Unicode-aware regex (a million rows each have one).
 */
function isQualifiedHostName(text: string): boolean {
  let labelStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (i === labelStart) return false;
      labelStart = i + 1;
    } else if (c >= 0x80) {
      return QUALIFIED_HOST_NAME.test(text);
    } else if (!isLabelCharacter(c)) {
      return false;
    }
  }
  return labelStart > 0 && labelStart < text.length;
}

/** ASCII letters, digits, `_` and `-`. */
function isLabelCharacter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/**
 * A device id of Microsoft Entra or Intune as merging compares it: trimmed, lower case, braces dropped (AD
 * exports write `{GUID}` at times). None for an empty cell or the all-zero GUID, which Intune writes for a
 * device Entra does not know.
 */
export function deviceIdOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Most ids are a bare GUID: printable ASCII at both ends and no brace, so neither trimming nor the braces'
  // pattern can change them, and only one starting with 0 or - can be all zeros. Every Intune, Entra or Graph
  // row has one or two.
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 0x20 && first < 0x7b && last > 0x20 && last < 0x7b) {
    const id = value.toLowerCase();
    return (first === 0x30 || first === 0x2d) && /^[0-]+$/.test(id) ? undefined : id;
  }
  const id = value
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .toLowerCase();
  return id === '' || /^[0-]+$/.test(id) ? undefined : id;
}

/**
 * The canonical platform of an OS name as Intune, Graph, Entra or AD report it: Windows → windows, macOS
 * (MacMDM, Mac OS X) → macos, iOS/iPadOS (iPhone, iPad) → ios, Android of any flavour (AOSP, work profile,
 * AndroidForWork) → android, Windows Mobile / Windows Phone / Windows 10 Mobile → windows-mobile, Linux (any
 * distribution name) → linux, anything else → other.
 */
export function platformOf(osName: string): DevicePlatform {
  const os = osName.trim().toLowerCase();
  if (/windows\s*(10\s*)?(mobile|phone)|windowsphone|windowsmobile|windows\s*rt/.test(os)) return 'windows-mobile';
  if (/^windows|^win\d|microsoft windows/.test(os)) return 'windows';
  if (/mac\s*os|^macos|^macmdm|^osx|^os x|^mac$/.test(os)) return 'macos';
  if (/^ios|ipados|^iphone|^ipad/.test(os)) return 'ios';
  if (/android|^aosp/.test(os)) return 'android';
  if (/linux|ubuntu|red\s*hat|rhel|debian|centos|fedora|suse/.test(os)) return 'linux';
  return 'other';
}

/** Whether an OS name is a server OS (`Windows Server 2016 Datacenter`, `Windows Storage Server`, `Hyper-V Server`). */
export function isServerOs(osName: string): boolean {
  return /\bserver\b/i.test(osName);
}

export type Architecture = 'x86' | 'x64' | 'arm64' | 'arm' | 'other';

/** The canonical processor architecture (`x64`, `AMD64`, `ARM64`, `arM64`, `x86`, `arm`), or undefined when unknown. */
export function architectureOf(value: unknown): Architecture | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'unknown') return undefined;
  if (text === 'x64' || text === 'amd64' || text === 'x86_64' || text === '64-bit') return 'x64';
  if (text === 'x86' || text === 'i386' || text === 'i686' || text === '32-bit') return 'x86';
  if (text === 'arm64' || text === 'aarch64') return 'arm64';
  if (text === 'arm' || text === 'arm32') return 'arm';
  return 'other';
}

/**
 * A version as exports write it, normalized to a dotted numeric version:
 * `15.2.1748.10`, `Version 15.2 (Build 1748.10)` → `15.2.1748.10`, `6.3 (9600)` → `6.3.9600`,
 * `14.1.1 (23B81)` → `14.1.1` (a build tag that is not a number is dropped), a number `13` → `13`,
 * System.Version objects `{ Major, Minor, Build, Revision }` → dotted, dropping parts that are -1, and the text
 * `ConvertTo-Json` leaves of such an object nested deeper than its `-Depth` (`@{Major=15; Minor=2; …}`). A
 * dotted version after a product name (`Ubuntu 22.04.3 LTS`, `macOS 14.1.1`) is that version.
 * Returns `null` when there is no version (empty, `Unknown`), `undefined` when the text is not a version.
 */
export function normalizeVersion(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'object') return versionFromObject(value as Record<string, unknown>);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || /^(unknown|n\/a|-|none)$/i.test(text)) return null;
  if (/^\d+(\.\d+)*$/.test(text)) return text;
  const exchange = /^version\s+(\d+(?:\.\d+)*)\s*\(build\s+(\d+(?:\.\d+)*)\)$/i.exec(text);
  if (exchange) return `${exchange[1]}.${exchange[2]}`;
  const withBuild = /^(\d+(?:\.\d+)*)\s*\((\d+(?:\.\d+)*)\)$/.exec(text);
  if (withBuild) return `${withBuild[1]}.${withBuild[2]}`;
  const tagged = /^(\d+(?:\.\d+)*)\s*\([^)]*[a-z][^)]*\)$/i.exec(text);
  if (tagged) return tagged[1];
  const truncated = /^@\{(.*)\}$/.exec(text);
  if (truncated) return versionFromObject(truncatedObject(truncated[1] ?? ''));
  const named = /^[a-z][a-z /-]*?\s(\d+(?:\.\d+)+)(?:\s+\S.*)?$/i.exec(text);
  if (named) return named[1];
  return undefined;
}

/** `Major=15; Minor=2; Build=-1` (PowerShell's text of an object) → `{ Major: 15, Minor: 2, Build: -1 }`. */
function truncatedObject(body: string): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const pair of body.split(';')) {
    const [key = '', value = ''] = pair.split('=', 2).map((p) => p.trim());
    object[key] = /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return object;
}

function versionFromObject(value: Record<string, unknown>): string | undefined {
  const parts: number[] = [];
  for (const key of ['Major', 'Minor', 'Build', 'Revision']) {
    const part = value[key] ?? value[key.toLowerCase()];
    if (part === undefined || part === null || part === -1) break;
    if (typeof part !== 'number' || !Number.isInteger(part) || part < 0) return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** The product a version belongs to in one of the shared classification tables, or undefined. */
export function productOf(table: VersionTableName, version: string): string | undefined {
  try {
    return classifyVersion(table, version);
  } catch {
    return undefined;
  }
}

/** Reads a PowerShell/JSON boolean: `true`, `"True"`, `1`, `"Yes"`; undefined when it is neither true nor false. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1', '$true', 'enabled'].includes(text)) return true;
  if (['false', 'no', '0', '$false', 'disabled'].includes(text)) return false;
  return undefined;
}

/** The base name of a path without its extension(s) after the first dot: `exports/FS01.contoso.reg` → `FS01`. */
export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.split('.')[0] || base;
}
