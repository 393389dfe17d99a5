// JSON exports (ConvertTo-Json, Graph, az CLI, ARM): cheap key sniffing for detection, and the objects they list.
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import { type ParseLimits, parseText } from '../../engine/load/parse.js';
import type { Locator, Pointer } from '../../engine/types.js';
import { createJsonLocator } from './json-positions.js';
import { LineIndex } from './source-map.js';

/** How much of a file `detect` looks at. */
const SNIFF_LENGTH = 16384;

/**
 * The property names in the first 16 KiB of a JSON text (lower-cased), or undefined when the text does not
 * start like JSON. Cheap and tolerant of a cut-off document: for `detect`, not for reading.
 */
export function sniffJsonKeys(text: string): Set<string> | undefined {
  const head = text.slice(0, SNIFF_LENGTH);
  if (!/^\s*[[{]/.test(head)) return undefined;
  const keys = new Set<string>();
  for (const m of head.matchAll(/"((?:[^"\\]|\\.){1,100})"\s*:/g)) keys.add((m[1] ?? '').toLowerCase());
  return keys;
}

/** Whether every one of `wanted` is among the sniffed keys. */
export function hasKeys(keys: Set<string> | undefined, ...wanted: string[]): boolean {
  return keys !== undefined && wanted.every((k) => keys.has(k.toLowerCase()));
}

export type JsonRead = { ok: true; value: unknown; locate: Locator } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Longest text JSON.parse rejects that the YAML parser still reads: it takes about 60 bytes of memory and
 * 0.3 µs per character, so a truncated 60 MB export took 20 s and 3 GB to say where the cut is.
 */
const YAML_FALLBACK_LENGTH = 4 * 1024 * 1024;

/** JSON.parse's own error, located where it says (`at position N`, or the end for a cut-off text). */
function jsonSyntaxError(body: string, file: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const at = / at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? body.length : undefined;
  const where = offset === undefined ? undefined : new LineIndex(body).position(offset);
  return diagnostic(ErrorCode.PARSE, file, where, message.replace(/ in JSON at position \d+.*$/s, '').slice(0, 200));
}

/**
 * Parses a JSON export with source positions. `JSON.parse` reads the values and a lazy scanner the positions,
 * which keeps Graph and Intune exports of many thousand devices fast; text `JSON.parse` rejects goes through
 * the YAML parser, which gives located syntax errors (and reads the JSON-like text it accepts), unless it is
 * too long for that: then JSON.parse's error is the answer. Never throws.
 */
export function readJson(text: string, file: string, limits?: ParseLimits): JsonRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let rejected: unknown;
  if (limits === undefined || body.length <= limits.maxLength) {
    try {
      return { ok: true, value: JSON.parse(body), locate: createJsonLocator(body) };
    } catch (error) {
      // Not strict JSON: let the YAML parser locate the problem (or read it).
      rejected = error;
    }
  }
  if (rejected !== undefined && body.length > YAML_FALLBACK_LENGTH) {
    return { ok: false, diagnostics: [jsonSyntaxError(body, file, rejected)] };
  }
  const parsed = parseText(body, file, limits);
  return parsed.ok ? { ok: true, value: parsed.value, locate: parsed.locate } : parsed;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One object an export lists, with its pointer in the document. */
export interface ListedItem {
  item: unknown;
  pointer: Pointer;
}

/**
 * The objects a JSON export lists, whatever its wrapping: a bare array, one object (PowerShell's
 * ConvertTo-Json of a single result), a Graph/ARM page `{ "value": [...], "@odata.nextLink": ... }`, or an
 * array of such pages (several pages saved together).
 */
export function listItems(document: unknown): ListedItem[] {
  const pageItems = (page: JsonObject, pointer: Pointer): ListedItem[] =>
    (page.value as unknown[]).map((item, i) => ({ item, pointer: [...pointer, 'value', i] }));
  const isPage = (value: unknown): value is JsonObject => isObject(value) && Array.isArray(value.value);
  if (Array.isArray(document)) {
    return document.flatMap((item, i) => (isPage(item) ? pageItems(item, [i]) : [{ item, pointer: [i] }]));
  }
  if (isPage(document)) return pageItems(document, []);
  if (isObject(document)) return [{ item: document, pointer: [] }];
  return [];
}

/** A property read case-insensitively (PowerShell objects and their JSON are case-insensitive). */
export function prop(object: JsonObject, ...names: string[]): unknown {
  for (const name of names) {
    if (name in object) return object[name];
  }
  const lower = new Map(Object.keys(object).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return object[key];
  }
  return undefined;
}

/** The keys of the last object `lowerKeysOf` listed, and their lower-cased index. */
let lastKeys: readonly string[] = [];
let lastLower: ReadonlyMap<string, string> = new Map();

/**
 * An object's keys by their lower-cased form. The objects of one export have the same keys in the same order (a
 * million Graph devices, ~60 properties each): the index of the last object is used again when its keys are.
 */
function lowerKeysOf(object: JsonObject): ReadonlyMap<string, string> {
  const keys = Object.keys(object);
  if (keys.length === lastKeys.length && keys.every((key, i) => key === lastKeys[i])) return lastLower;
  lastKeys = keys;
  lastLower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  return lastLower;
}

/**
 * `prop` and `propKey` for many look-ups in one object: the lower-cased keys are listed once, when a name is
 * first not found as written, instead of on every such look-up.
 */
export function propertiesOf(object: JsonObject): {
  prop(...names: string[]): unknown;
  propKey(...names: string[]): string | undefined;
} {
  let lower: ReadonlyMap<string, string> | undefined;
  const propKey = (...names: string[]): string | undefined => {
    for (const name of names) if (name in object) return name;
    lower ??= lowerKeysOf(object);
    for (const name of names) {
      const key = lower.get(name.toLowerCase());
      if (key !== undefined) return key;
    }
    return undefined;
  };
  return {
    prop: (...names) => {
      const key = propKey(...names);
      return key === undefined ? undefined : object[key];
    },
    propKey,
  };
}

/** The actual key under which `prop` found a value, for pointers into the original document. */
export function propKey(object: JsonObject, ...names: string[]): string | undefined {
  for (const name of names) if (name in object) return name;
  const lower = new Map(Object.keys(object).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined) return key;
  }
  return undefined;
}

/** A non-empty trimmed string, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const TYPE_NAME = /^(System|Microsoft)\.[\w.`[\],]+$/;

/**
 * Whether a value is what `ConvertTo-Json` writes for an object nested deeper than its `-Depth` (2 by
 * default): the object's type name, `System.Collections.Hashtable` or `Microsoft.Azure.Commands.…PSSecurityRule`
 * (several, space-separated, for a list). The data is lost; the export needs a larger `-Depth`.
 */
export function isTypeNameText(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value
      .trim()
      .split(/\s+/)
      .every((t) => TYPE_NAME.test(t))
  );
}

/** A suffix for "is not a version"-style messages when the value is a type name `ConvertTo-Json` cut to. */
export function depthHint(value: unknown): string {
  return isTypeNameText(value) ? " (a type name: ConvertTo-Json's -Depth cut it off; export with -Depth 10)" : '';
}
