// JSON Lines inventories (docs/jsonl.md): a header line with the snapshot, then one device or server per line.
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import { compileSchema, type PrecompiledSchema, type SchemaCheck } from '../../engine/load/validate.js';
import type { Asset, Locator, Pointer, Snapshot, SnapshotPart } from '../../engine/types.js';
import { createJsonLocator } from '../formats/json-positions.js';
import type { Importer, ImportResult } from './importer.js';
import { snapshotIdOf } from './part-builder.js';

export const JSONL_FORMAT = 'jsonl';

/**
 * Longest line read, in characters: one asset, or the header. A longer line is reported and skipped as it
 * streams by, never held whole: a 1 GB line without a break had the reader hold and rescan it per chunk.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** Keys a header line may have: everything of an inventory document but its assets. */
const HEADER_KEYS = new Set(['$schema', 'schemaVersion', 'snapshot', 'organization', 'network']);

export type AssetKind = 'devices' | 'servers';

/** One asset line, validated. `index` counts the assets of its kind in the file, from 0. */
export interface JsonLinesRecord {
  kind: AssetKind;
  asset: Asset;
  line: number;
  index: number;
  /** Where the asset starts on its line, when the reader knows it (a JSON Lines asset starts at column 1). */
  column?: number;
  /** What the stream knows the asset by to read it again, when not its line (a JSON export's item number). */
  key?: number;
}

/** Checks of one asset against the inventory schema's definition of a device or a server. */
export interface RecordChecks {
  devices: SchemaCheck;
  servers: SchemaCheck;
}

interface InventorySchemaShape {
  properties?: { assets?: { properties?: Record<AssetKind, { items?: object }> } };
  $defs?: object;
}

const checksBySchema = new WeakMap<object, RecordChecks>();
const precompiledBySchema = new WeakMap<object, Partial<Record<AssetKind, PrecompiledSchema>>>();

/**
 * The schema of one device or server: the inventory schema's own item definition (with its `$defs`), so a
 * line is valid exactly when it would be valid inside an inventory. scripts/build-schemas.mjs generates
 * validators of these at build time.
 */
export function assetItemSchema(inventorySchema: object, kind: AssetKind): object {
  const schema = inventorySchema as InventorySchemaShape;
  return {
    ...(schema.properties?.assets?.properties?.[kind]?.items ?? {}),
    ...(schema.$defs ? { $defs: schema.$defs } : {}),
  };
}

/**
 * Validators generated at build time for the items of `inventorySchema`: `recordChecks` uses each one only
 * while the item schema it derives still hashes as the one it was generated from.
 */
export function usePrecompiledItems(
  inventorySchema: object,
  items: Partial<Record<AssetKind, PrecompiledSchema | undefined>>,
): void {
  precompiledBySchema.set(inventorySchema, items as Partial<Record<AssetKind, PrecompiledSchema>>);
}

/** The checks (compiled once per schema) of a single device and server, from the inventory schema. */
export function recordChecks(inventorySchema: object): RecordChecks {
  let checks = checksBySchema.get(inventorySchema);
  if (!checks) {
    const precompiled = precompiledBySchema.get(inventorySchema) ?? {};
    const check = (kind: AssetKind) => compileSchema(assetItemSchema(inventorySchema, kind), precompiled[kind]);
    checks = { devices: check('devices'), servers: check('servers') };
    checksBySchema.set(inventorySchema, checks);
  }
  return checks;
}

/** Whether a line holds only spaces, tabs and carriage returns. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Whether an object parsed from JSON has exactly one key (counted without allocating the list of keys). */
function hasOneKey(value: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key) && ++keys > 1) return false;
  return keys === 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Locates pointers of the header line: its own positions, on its line. */
function shiftLocator(text: string, line: number): Locator {
  let inner: Locator | undefined;
  return (pointer) => {
    inner ??= createJsonLocator(text);
    const at = inner(pointer);
    return { line: at.line + line - 1, column: at.column };
  };
}

/**
 * Reads JSON Lines a chunk at a time. The first non-blank line is the header (snapshot, organization,
 * network) unless it is already an asset; every other line is `{"device": {...}}` or `{"server": {...}}`.
 * A line that is not JSON, not one asset, or not valid against the inventory schema is a row error; a bad
 * header is a diagnostic. Pure: the caller feeds text and receives records.
 */
export class JsonLinesReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly rowErrors: Diagnostic[] = [];
  /** Lines of the assets of each kind, by their index: the locator's table. */
  readonly lines: Record<AssetKind, number[]> = { devices: [], servers: [] };
  private snapshot: Snapshot;
  private headerLocate: Locator = () => ({ line: 1, column: 1 });
  private seenFirst = false;
  private line = 0;
  private rest = '';
  /** Inside a line longer than MAX_LINE_LENGTH: its text is dropped until its line break. */
  private overlong = false;

  /**
   * `body`: the text starts after the header, somewhere inside a file (a range read by another thread), so
   * every line is an asset; its line numbers count from 1 and the caller shifts them.
   */
  constructor(
    readonly file: string,
    private readonly inventoryCheck: SchemaCheck,
    private readonly checks: RecordChecks,
    options: { body?: boolean } = {},
  ) {
    this.snapshot = { schemaVersion: '1', snapshot: { id: snapshotIdOf(file), source: 'jsonl import' } };
    this.seenFirst = options.body === true;
  }

  /** Lines read so far, blank ones included. */
  get lineCount(): number {
    return this.line;
  }

  /** Counts lines another reader read (the rest of a file split between threads). */
  skipLines(count: number): void {
    this.line += count;
  }

  /** The snapshot part of the header line (no assets); its locator also answers for the asset lines. */
  part(): SnapshotPart {
    const { lines } = this;
    const header = this.headerLocate;
    const locate: Locator = (pointer: Pointer) => {
      if (pointer[0] === 'assets' && (pointer[1] === 'devices' || pointer[1] === 'servers')) {
        const line = typeof pointer[2] === 'number' ? lines[pointer[1]][pointer[2]] : undefined;
        if (line !== undefined) return { line, column: 1 };
      }
      return header(pointer);
    };
    return { file: this.file, format: JSONL_FORMAT, snapshot: this.snapshot, locate };
  }

  /** Feeds text; calls `emit` for every complete asset line in it. Only the new chunk is searched for breaks. */
  push(chunk: string, emit: (record: JsonLinesRecord) => void): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      this.line++;
      this.hold(chunk.slice(start, end));
      if (this.overlong) this.skipOverlong();
      else if (this.rest !== '') this.readLine(this.rest, emit);
      this.rest = '';
      this.overlong = false;
      start = end + 1;
    }
    this.hold(chunk.slice(start));
  }

  /** Adds text to the line being read, unless that makes it too long. */
  private hold(text: string): void {
    if (this.overlong || text === '') return;
    if (this.rest.length + text.length > MAX_LINE_LENGTH) {
      this.overlong = true;
      this.rest = '';
    } else this.rest += text;
  }

  private skipOverlong(): void {
    const problem = `line is longer than ${MAX_LINE_LENGTH} characters; a line holds one asset (or the header)`;
    if (!this.seenFirst) this.diagnostics.push(diagnostic(ErrorCode.TOO_LARGE, this.file, this.at(1), problem));
    else this.rowErrors.push(diagnostic(ErrorCode.BAD_ROW, this.file, this.at(1), problem));
    this.seenFirst = true;
  }

  /** Ends the input: reads a last line without a newline. */
  end(emit: (record: JsonLinesRecord) => void): void {
    if (this.overlong) {
      this.line++;
      this.skipOverlong();
      this.overlong = false;
    } else if (this.rest !== '') {
      this.line++;
      this.readLine(this.rest, emit);
      this.rest = '';
    }
    if (!this.seenFirst) this.diagnostics.push(diagnostic(ErrorCode.SCHEMA, this.file, undefined, 'file is empty'));
  }

  private readLine(raw: string, emit: (record: JsonLinesRecord) => void): void {
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (this.line === 1 && text.charCodeAt(0) === 0xfeff) {
      this.readLine(text.slice(1), emit);
      return;
    }
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const problem = `not JSON: ${(error as Error).message}`;
      if (!this.seenFirst) this.diagnostics.push(diagnostic(ErrorCode.PARSE, this.file, this.at(1), problem));
      else this.rowErrors.push(diagnostic(ErrorCode.BAD_ROW, this.file, this.at(1), problem));
      this.seenFirst = true;
      return;
    }
    const first = !this.seenFirst;
    this.seenFirst = true;
    if (isObject(value) && 'device' in value !== 'server' in value && hasOneKey(value)) {
      this.readAsset(value, text, emit);
    } else if (first && isObject(value) && Object.keys(value).every((k) => HEADER_KEYS.has(k))) {
      this.readHeader(value, text);
    } else {
      const what = first ? 'a header (snapshot, organization, network) or ' : '';
      this.rowErrors.push(
        diagnostic(
          ErrorCode.BAD_ROW,
          this.file,
          this.at(1),
          `not ${what}one asset: {"device": {...}} or {"server": {...}}`,
        ),
      );
    }
  }

  private at(column: number): { line: number; column: number } {
    return { line: this.line, column };
  }

  private readHeader(value: Record<string, unknown>, text: string): void {
    const locate = shiftLocator(text, this.line);
    const problems = this.inventoryCheck(value, this.file, locate);
    this.diagnostics.push(...problems);
    if (problems.length === 0) {
      this.snapshot = value as unknown as Snapshot;
      this.headerLocate = locate;
    }
  }

  /** The line and key of the asset being checked, for `locateInAsset` (one function, not one per line). */
  private assetText = '';
  private assetKey = 'device';
  private readonly locateInAsset: Locator = (pointer) => ({
    ...createJsonLocator(this.assetText)([this.assetKey, ...pointer]),
    line: this.line,
  });

  private readAsset(value: Record<string, unknown>, text: string, emit: (record: JsonLinesRecord) => void): void {
    const key = 'device' in value ? 'device' : 'server';
    const kind: AssetKind = key === 'device' ? 'devices' : 'servers';
    const asset = value[key];
    this.assetText = text;
    this.assetKey = key;
    const check = this.checks[kind];
    // Valid lines (nearly all) are checked without making an empty list of problems for each.
    const problems = !isObject(asset)
      ? [diagnostic(ErrorCode.SCHEMA, this.file, this.at(1), `/${key}: must be an object`)]
      : check.valid?.(asset)
        ? undefined
        : check(asset, this.file, this.locateInAsset);
    if (problems && problems.length > 0) {
      for (const p of problems) {
        // Schema problems name the JSON pointer inside the asset; inside the line it starts at the key.
        const message = p.message.startsWith('/') ? `/${key}${p.message}` : p.message.replace(/^document/, `/${key}`);
        this.rowErrors.push({ ...p, code: ErrorCode.BAD_ROW, message });
      }
      return;
    }
    const lines = this.lines[kind];
    lines.push(this.line);
    emit({ kind, asset: asset as Asset, line: this.line, index: lines.length - 1, column: 1 });
  }
}

/** Whether text looks like a JSON Lines inventory: the first line a header or an asset, then another object line. */
export function looksLikeJsonLines(text: string, file: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(file)) return true;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstEnd = body.indexOf('\n');
  if (firstEnd === -1) return false;
  if (!/^\s*\{\s*"(device|server)"\s*:/.test(body.slice(firstEnd + 1, firstEnd + 200))) return false;
  try {
    const first = JSON.parse(body.slice(0, firstEnd));
    if (!isObject(first)) return false;
    const keys = Object.keys(first);
    return (
      keys.every((k) => HEADER_KEYS.has(k)) || (keys.length === 1 && (keys[0] === 'device' || keys[0] === 'server'))
    );
  } catch {
    return false;
  }
}

/** Reads a whole JSON Lines text into one part, assets in file order (the streaming path reads them line by line). */
export function importJsonLines(text: string, file: string, inventoryCheck: SchemaCheck): ImportResult {
  const schema = inventoryCheck.schema;
  if (!schema) throw new Error('jsonl: the inventory check carries no schema');
  const reader = new JsonLinesReader(file, inventoryCheck, recordChecks(schema));
  const assets: { devices: Asset[]; servers: Asset[] } = { devices: [], servers: [] };
  const emit = (record: JsonLinesRecord) => {
    assets[record.kind].push(record.asset);
  };
  reader.push(text, emit);
  reader.end(emit);
  const part = reader.part();
  const snapshot: Snapshot = { ...part.snapshot, assets };
  return { part: { ...part, snapshot }, diagnostics: reader.diagnostics, rowErrors: reader.rowErrors };
}

/** The importer of JSON Lines inventories; `evaluate` streams them instead (see run/fleet.ts). */
export function createJsonLinesImporter(inventoryCheck: SchemaCheck): Importer {
  return {
    name: JSONL_FORMAT,
    description:
      'aipcheck inventory as JSON Lines: a header line, then {"device": {...}} or {"server": {...}} per line',
    supplies: [
      { fact: 'device', command: 'an aipcheck JSON Lines fleet export (see docs/jsonl.md)' },
      { fact: 'server', command: 'an aipcheck JSON Lines fleet export' },
      { fact: 'organization', command: 'the header line of an aipcheck JSON Lines fleet export' },
      { fact: 'network', command: 'the header line of an aipcheck JSON Lines fleet export' },
    ],
    detect: looksLikeJsonLines,
    import: (text, file) => importJsonLines(text, file, inventoryCheck),
  };
}
