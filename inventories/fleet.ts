// Reading and evaluating a fleet: files read whole are merged first, JSON Lines files are streamed line by line.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CompiledRuleSet } from '../engine/compile.js';
import type { Diagnostic } from '../engine/errors.js';
import { type MergedAsset, type MergedSnapshot, mergeAsset, mergeParts } from '../engine/merge.js';
import { FleetEvaluation, type RuleEvaluator } from '../engine/stream.js';
import { assetTarget, type SourceIndex } from '../engine/targets.js';
import type { DevicePlatform, Notice, ServerRole, SnapshotPart, Target } from '../engine/types.js';
import type { SchemaCheck } from '../engine/validate.js';
import type { Importer } from './importers/importer.js';
import {
  type AssetKind,
  JSONL_FORMAT,
  JsonLinesReader,
  type JsonLinesRecord,
  recordChecks,
} from './importers/jsonl.js';
import { displayPath, readInventories } from './read.js';

/** Bytes read per chunk of a streamed file. */
const CHUNK = 1 << 20;
/** How much of a file format detection looks at. */
const HEAD = 64 * 1024;

export interface FleetOptions {
  cwd: string;
  importers: readonly Importer[];
  inventoryCheck: SchemaCheck;
  inputFormat?: string;
  keepGoing?: boolean;
  /** Another engine for the outcomes (json-rules-engine); the compiled closures by default. */
  evaluator?: RuleEvaluator;
  /** Called as streamed input is read: bytes so far and in total. */
  onProgress?(done: number, total: number): void;
}

export interface FleetResult {
  evaluation: FleetEvaluation;
  merged: MergedSnapshot;
  /** Notices about the inputs: conflicting facts, then assets without platform or role. */
  notices: Notice[];
  /** Rows skipped (only with `keepGoing`; otherwise they are diagnostics). */
  rowErrors: Diagnostic[];
  diagnostics: Diagnostic[];
}

/** A JSON Lines file being streamed, and where its assets came from. */
interface Stream {
  absolute: string;
  shown: string;
  size: number;
  reader: JsonLinesReader;
  /** Byte offset where the lines after the header begin. */
  bodyStart: number;
  /** An asset on the first line (a file without header), evaluated with the rest. */
  first: JsonLinesRecord[];
}

async function readHead(absolute: string, length: number): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(absolute, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.min(length, size));
    await handle.read(bytes, 0, bytes.length, 0);
    return { bytes, size };
  } finally {
    await handle.close();
  }
}

/** Whether a file is read as a stream: JSON Lines, detected or forced with `--input-format jsonl`. */
async function isStreamed(absolute: string, shown: string, options: FleetOptions): Promise<boolean> {
  if (options.inputFormat) return options.inputFormat === JSONL_FORMAT;
  const importer = options.importers.find((i) => i.name === JSONL_FORMAT);
  if (!importer) return false;
  const { bytes } = await readHead(absolute, HEAD).catch(() => ({ bytes: Buffer.alloc(0) }));
  // UTF-16 exports are decoded whole by the other importers; JSON Lines are UTF-8.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  return importer.detect(bytes.toString('utf8'), shown);
}

/** Reads the first line (the header, or a first asset) of a JSON Lines file. */
async function openStream(absolute: string, shown: string, inventoryCheck: SchemaCheck): Promise<Stream> {
  const schema = inventoryCheck.schema;
  if (!schema) throw new Error('fleet: the inventory check carries no schema');
  const reader = new JsonLinesReader(shown, inventoryCheck, recordChecks(schema));
  let length = HEAD;
  for (;;) {
    const { bytes, size } = await readHead(absolute, length);
    const newline = bytes.indexOf(10);
    if (newline !== -1 || bytes.length === size) {
      const end = newline === -1 ? bytes.length : newline + 1;
      const first: JsonLinesRecord[] = [];
      reader.push(bytes.subarray(0, end).toString('utf8'), (record) => first.push(record));
      return { absolute, shown, size, reader, bodyStart: end, first };
    }
    length *= 4;
  }
}

/**
 * Streams the lines after the first, a chunk at a time. With `each`, every record is handled the moment its
 * line is parsed, so it dies young (no record outlives its evaluation); with `batch` (an asynchronous
 * engine), a chunk's records are handed over together.
 */
async function streamBody(
  stream: Stream,
  handler: { each: (record: JsonLinesRecord) => void } | { batch: (records: JsonLinesRecord[]) => Promise<void> },
  progress: (chunk: string) => void,
): Promise<void> {
  const { reader } = stream;
  let pending: JsonLinesRecord[] = [];
  const emit = 'each' in handler ? handler.each : (record: JsonLinesRecord) => void pending.push(record);
  const flush = async () => {
    if ('batch' in handler && pending.length > 0) {
      const records = pending;
      pending = [];
      await handler.batch(records);
    }
  };
  for (const record of stream.first) emit(record);
  await flush();
  if (stream.bodyStart < stream.size) {
    const input = createReadStream(stream.absolute, {
      start: stream.bodyStart,
      encoding: 'utf8',
      highWaterMark: CHUNK,
    });
    for await (const chunk of input) {
      reader.push(chunk as string, emit);
      await flush();
      progress(chunk as string);
    }
  }
  reader.end(emit);
  await flush();
}

/** Re-reads the given lines of a file (1-based), for assets that must be merged after all. */
async function readLines(absolute: string, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  let line = 0;
  let rest = '';
  for await (const chunk of createReadStream(absolute, { encoding: 'utf8', highWaterMark: CHUNK })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line++;
      if (wanted.has(line)) found.set(line, text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    if (found.size === wanted.size) break;
  }
  if (rest !== '' && wanted.has(line + 1)) found.set(line + 1, rest);
  return found;
}

const SINGULAR: Record<AssetKind, 'device' | 'server'> = { devices: 'device', servers: 'server' };

/** The facts every asset target shares. */
interface Shared {
  organization?: Record<string, unknown>;
  network?: Record<string, unknown>;
}

/** The stream and line each streamed target came from, by ordinal, as numbers. */
class Origins {
  private streams = new Uint32Array(1024);
  private lines = new Uint32Array(1024);

  set(ordinal: number, stream: number, line: number): void {
    if (ordinal >= this.streams.length) {
      const size = Math.max(ordinal + 1, this.streams.length * 2);
      const streams = new Uint32Array(size);
      const lines = new Uint32Array(size);
      streams.set(this.streams);
      lines.set(this.lines);
      this.streams = streams;
      this.lines = lines;
    }
    this.streams[ordinal] = stream + 1;
    this.lines[ordinal] = line;
  }

  get(ordinal: number): { stream: number; line: number } | undefined {
    const stream = this.streams[ordinal];
    return stream ? { stream: stream - 1, line: this.lines[ordinal] as number } : undefined;
  }
}

/**
 * Reads every input and evaluates the rules: files read whole (YAML, JSON, exports) and the header lines of
 * JSON Lines files are merged first, so their organization and network facts are known; then each JSON Lines
 * asset is evaluated as it is read and only its results are kept. An asset described more than once (in a
 * file read whole and a stream, or twice in streams) is merged as `mergeParts` would and evaluated again.
 * Problems come back as diagnostics; nothing is evaluated when reading failed before streaming.
 */
export async function evaluateFleet(
  ruleSet: CompiledRuleSet,
  files: readonly string[],
  options: FleetOptions,
): Promise<FleetResult | { diagnostics: Diagnostic[] }> {
  const shown = files.map((f) => displayPath(f, options.cwd));
  const streamed = await Promise.all(files.map((f, i) => isStreamed(f, shown[i] as string, options)));
  const whole = files.filter((_, i) => !streamed[i]);
  const read = await readInventories(whole, options.cwd, {
    importers: options.importers,
    inputFormat: options.inputFormat,
  });
  const streams: Stream[] = [];
  const parts: SnapshotPart[] = [];
  for (const [i, file] of files.entries()) {
    if (streamed[i]) {
      const stream = await openStream(file, shown[i] as string, options.inventoryCheck);
      streams.push(stream);
      parts.push(stream.reader.part());
    } else {
      const part = read.parts.find((p) => p.file === shown[i]);
      if (part) parts.push(part);
    }
  }
  const early = [...read.diagnostics, ...streams.flatMap((s) => s.reader.diagnostics)];
  if (!options.keepGoing) early.push(...read.rowErrors, ...streams.flatMap((s) => s.reader.rowErrors));
  if (early.length > 0) return { diagnostics: early };

  const merged = mergeParts(parts);
  const index: SourceIndex = { locators: merged.locators, origins: merged.origins };
  const shared = { organization: merged.organization, network: merged.network };
  const evaluation = new FleetEvaluation(ruleSet, index);
  const evaluate = options.evaluator
    ? (target: Target) => evaluation.addWith(target, options.evaluator as RuleEvaluator)
    : (target: Target) => evaluation.add(target);
  // Where each target came from, to merge duplicates: an asset of a file read whole, or a stream's line.
  const wholeAssets = new Map<number, MergedAsset>();
  const origin = new Origins();
  for (const kind of ['devices', 'servers'] as const) {
    for (const asset of merged[kind])
      wholeAssets.set(await evaluate(assetTarget(SINGULAR[kind], asset, shared)), asset);
  }

  const total = streams.reduce((sum, s) => sum + s.size, 0);
  let done = streams.reduce((sum, s) => sum + s.bodyStart, 0);
  for (const [s, stream] of streams.entries()) {
    const { shown: file } = stream;
    const handler = options.evaluator
      ? {
          batch: async (records: JsonLinesRecord[]) => {
            for (const r of records) {
              const ordinal = await evaluate(streamedTarget(r, file, shared));
              origin.set(ordinal, s, r.line);
            }
          },
        }
      : {
          each: (r: JsonLinesRecord) => {
            const ordinal = evaluation.add(streamedTarget(r, file, shared));
            origin.set(ordinal, s, r.line);
          },
        };
    const onProgress = options.onProgress;
    await streamBody(stream, handler, (chunk) => {
      if (!onProgress) return;
      done += Buffer.byteLength(chunk);
      onProgress(done, total);
    });
  }
  const late = streams.flatMap((s) => s.reader.diagnostics);
  const rowErrors = [...read.rowErrors, ...streams.flatMap((s) => s.reader.rowErrors)];
  if (!options.keepGoing) late.push(...streams.flatMap((s) => s.reader.rowErrors));
  if (late.length > 0) return { diagnostics: late };

  const notices = [...merged.notices];
  const groups = evaluation.duplicateGroups();
  if (groups.length > 0) {
    await mergeDuplicates(groups, { wholeAssets, origin, streams, merged, notices }, evaluate, evaluation, shared);
  }
  const inventory = evaluation.inventoryFacts();
  const org = merged.organization ?? {};
  await evaluate({
    kind: 'organization',
    id: merged.metadata.id,
    name: typeof org.name === 'string' && org.name !== '' ? org.name : merged.metadata.id,
    facts: { ...shared, inventory },
    source: merged.metadataSource,
  });
  notices.push(...evaluation.notices());
  return { evaluation, merged, notices, rowErrors, diagnostics: [] };
}

/** The target of a streamed asset: what `assetTarget` builds, without the intermediate merged asset. */
function streamedTarget(record: JsonLinesRecord, file: string, shared: Shared): Target {
  const { asset } = record;
  const name = typeof asset.name === 'string' && asset.name !== '' ? asset.name : asset.id;
  const source = { file, pointer: ['assets', record.kind, record.index] };
  return record.kind === 'devices'
    ? {
        kind: 'device',
        id: asset.id,
        name,
        platform: asset.platform as DevicePlatform,
        facts: { organization: shared.organization, network: shared.network, device: asset },
        source,
      }
    : {
        kind: 'server',
        id: asset.id,
        name,
        role: asset.role as ServerRole,
        facts: { organization: shared.organization, network: shared.network, server: asset },
        source,
      };
}

interface MergeContext {
  wholeAssets: Map<number, MergedAsset>;
  origin: Origins;
  streams: Stream[];
  merged: MergedSnapshot;
  notices: Notice[];
}

/** The index of `line` among the (increasing) lines of a stream's assets of one kind. */
function indexOfLine(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = lines[mid] as number;
    if (at === line) return mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Merges every duplicate group and evaluates the result in place of its members. The members' lines are
 * read again (one pass per file); each group folds in the order its members were added, as `mergeParts`.
 */
async function mergeDuplicates(
  groups: readonly number[][],
  context: MergeContext,
  evaluate: (target: Target) => number | Promise<number>,
  evaluation: FleetEvaluation,
  shared: Record<string, unknown>,
): Promise<void> {
  const wanted = context.streams.map(() => new Set<number>());
  for (const group of groups) {
    for (const ordinal of group) {
      const from = context.origin.get(ordinal);
      if (from) wanted[from.stream]?.add(from.line);
    }
  }
  const texts = await Promise.all(
    context.streams.map((s, i) => (wanted[i]?.size ? readLines(s.absolute, wanted[i]) : new Map<number, string>())),
  );
  for (const group of groups) {
    const index = new Map<string, MergedAsset>();
    const list: MergedAsset[] = [];
    const scratch: MergedSnapshot = { ...context.merged, notices: [] };
    for (const ordinal of group) {
      const whole = context.wholeAssets.get(ordinal);
      const from = context.origin.get(ordinal);
      if (whole) {
        const copy: MergedAsset = { ...whole, asset: { ...whole.asset } };
        if (whole.origins) copy.origins = new Map(whole.origins);
        index.set(String(whole.asset.id).toLowerCase(), copy);
        list.push(copy);
      } else if (from) {
        const stream = context.streams[from.stream] as Stream;
        const text = texts[from.stream]?.get(from.line) ?? '{}';
        const value = JSON.parse(text.endsWith('\r') ? text.slice(0, -1) : text) as Record<string, unknown>;
        const kind: AssetKind = 'device' in value ? 'devices' : 'servers';
        const at = indexOfLine(stream.reader.lines[kind], from.line);
        const source = { file: stream.shown, pointer: ['assets', kind, at] };
        mergeAsset(index, list, value[SINGULAR[kind]] as MergedAsset['asset'], source, stream.reader.part(), scratch);
      }
    }
    context.notices.push(...scratch.notices);
    for (const ordinal of group) evaluation.remove(ordinal);
    const kind = evaluation.store.targets.kinds.get(group[0] as number) === 1 ? 'device' : 'server';
    if (list[0]) await evaluate(assetTarget(kind, list[0], shared));
  }
}
