// Reading and evaluating a fleet: files read whole are merged first, JSON Lines and large CSV exports are streamed.

import { appendAll } from '../engine/append.js';
import type { CompiledRuleSet } from '../engine/compile/compile.js';
import type { Diagnostic } from '../engine/errors.js';
import {
  FleetEvaluation,
  type PartialEvaluation,
  type RuleEvaluator,
  type TargetNoticeTable,
} from '../engine/evaluate/stream.js';
import type { SchemaCheck } from '../engine/load/validate.js';
import { type MergedAsset, type MergedSnapshot, mergeParts } from '../engine/snapshot/merge.js';
import {
  assetTarget,
  declaredConnectorUse,
  organizationTargetOf,
  type SourceIndex,
} from '../engine/snapshot/targets.js';
import type { Asset, Notice, SnapshotPart, Target } from '../engine/types.js';
import type { Position } from '../inventories/formats/source-map.js';
import type { Importer } from '../inventories/importers/importer.js';
import type { AssetKind, JsonLinesRecord } from '../inventories/importers/jsonl.js';
import { displayPath, readInventories } from '../inventories/read.js';
import {
  CSV_STREAM_MIN_BYTES,
  type CsvRange,
  type CsvStream,
  checkCsvRows,
  csvStreamFormat,
  indexOfLine,
  type RereadAsset,
  rereadCsvRows,
  streamCsv,
} from '../inventories/streams/csv-stream.js';
import {
  checkJsonItems,
  type JsonRange,
  JsonStream,
  jsonStreamFormat,
  rereadJsonItems,
  streamJson,
} from '../inventories/streams/json-stream.js';
import {
  createBodyReader,
  findSplit,
  isStreamed,
  openStream,
  type RecordHandler,
  readLines,
  type Shared,
  type Stream,
  streamedTarget,
  streamRange,
} from '../inventories/streams/jsonl-stream.js';
import { DeviceKeyTable, type PortableDeviceKeys } from './device-keys.js';
import { mergeDuplicates, Origins, type StreamedInput } from './fleet-merge.js';
import { absorbRowRange, planRows, type RowRangeJob, type RowRangeResult, type RowSplit } from './fleet-ranges.js';

export interface FleetOptions {
  cwd: string;
  importers: readonly Importer[];
  inventoryCheck: SchemaCheck;
  inputFormat?: string;
  keepGoing?: boolean;
  /** Outcomes whose findings carry evidence (a mask of OUTCOME_CODE bits): those the report lists. */
  evidence?: number;
  /** Another engine for the outcomes (json-rules-engine); the compiled closures by default. */
  evaluator?: RuleEvaluator;
  /** Called as streamed input is read: bytes so far and in total. */
  onProgress?(done: number, total: number): void;
  /** A thread that evaluates the second half of large JSON Lines files (compiled engine only). */
  helper?: FleetHelper;
  /** Smallest body of a JSON Lines file that is split between this thread and the helper. */
  parallelMinBytes?: number;
  /** Smallest CSV export of assets that is streamed (CSV_STREAM_MIN_BYTES by default); smaller ones are read whole. */
  csvStreamMinBytes?: number;
  /** Largest file read whole (MAX_INPUT_BYTES by default); streamed inputs have no limit. */
  maxInputBytes?: number;
  /** Tuning and tests: bytes of a streamed CSV read at a time, and its longest row. */
  csvChunkBytes?: number;
  csvMaxRowLength?: number;
  /** The organization's id for this run (`--organization-id`); see `organizationIdOf`. */
  organizationId?: string;
}

/** A JSON Lines range for the helper thread: the lines of `[start, end)`, evaluated with the same rules. */
export interface RangeJob {
  absolute: string;
  shown: string;
  start: number;
  end: number;
  shared: Shared;
  /** See `FleetOptions.evidence`. */
  evidence?: number;
}

/** What the helper sends back; its lines count from 1 at `start`. */
export interface RangeResult {
  partial: PartialEvaluation;
  /** The line of each of its targets, by its ordinal. */
  targetLines: Uint32Array;
  lines: Record<AssetKind, number[]>;
  lineCount: number;
  diagnostics: Diagnostic[];
  rowErrors: Diagnostic[];
  /** Entra and Intune device ids of its devices that have any, by its own ordinals. */
  deviceKeys: PortableDeviceKeys;
}

/** Another thread that evaluates part of a file (worker.ts). */
export interface FleetHelper {
  evaluateRange(job: RangeJob): Promise<RangeResult>;
  /** Evaluates a large CSV or Graph JSON export from a boundary to its end. */
  evaluateRows(job: RowRangeJob): Promise<RowRangeResult>;
}

export interface FleetResult {
  evaluation: FleetEvaluation;
  merged: MergedSnapshot;
  /** Notices about the inputs: conflicting facts; then those about assets without platform or role, in `targetNotices`. */
  notices: Notice[];
  /** The notices about assets without platform or role, after `notices`: made when read. */
  targetNotices: TargetNoticeTable;
  /** Rows skipped (only with `keepGoing`; otherwise they are diagnostics). */
  rowErrors: Diagnostic[];
  diagnostics: Diagnostic[];
}

const SINGULAR: Record<AssetKind, 'device' | 'server'> = { devices: 'device', servers: 'server' };

async function evaluateFirst(record: JsonLinesRecord, handler: RecordHandler): Promise<void> {
  if ('each' in handler) handler.each(record);
  else await handler.batch([record]);
}

/** Appends what the helper evaluated after this thread's part of the same file, its lines shifted. */
function absorbRange(
  result: RangeResult,
  into: {
    evaluation: FleetEvaluation;
    stream: Stream;
    streamIndex: number;
    origin: Origins;
    deviceKeys: DeviceKeyTable;
  },
): number {
  const { reader } = into.stream;
  const lineOffset = reader.lineCount;
  const offset = into.evaluation.absorb(result.partial, lineOffset);
  into.origin.setAll(offset, into.streamIndex, result.targetLines, lineOffset);
  into.deviceKeys.absorb(result.deviceKeys, offset);
  for (const kind of ['devices', 'servers'] as const) {
    const lines = result.lines[kind];
    const to = reader.lines[kind];
    for (let i = 0; i < lines.length; i++) to.push((lines[i] as number) + lineOffset);
  }
  const shift = (d: Diagnostic): Diagnostic => ({ ...d, line: d.line + lineOffset });
  appendAll(reader.diagnostics, result.diagnostics.map(shift));
  appendAll(reader.rowErrors, result.rowErrors.map(shift));
  reader.skipLines(result.lineCount);
  return offset;
}

/**
 * The helper's side: evaluates the lines of `[start, end)` of a file. Every line is an asset (the header was
 * read by the main thread, which sent the organization and network facts).
 */
export async function evaluateRange(
  ruleSet: CompiledRuleSet,
  job: RangeJob,
  inventoryCheck: SchemaCheck,
  keep?: TextsKeeper,
): Promise<RangeResult> {
  const reader = createBodyReader(job.shown, inventoryCheck);
  const part = reader.part();
  const index: SourceIndex = { locators: new Map([[job.shown, part.locate]]), origins: new Map() };
  const evaluation = new FleetEvaluation(ruleSet, index, { evidence: job.evidence });
  const targetLines: number[] = [];
  const deviceKeys = new DeviceKeyTable();
  await streamRange(
    job.absolute,
    reader,
    job,
    {
      each: (r) => {
        const ordinal = evaluation.add(streamedTarget(r, job.shown, job.shared));
        targetLines.push(r.line);
        if (r.kind === 'devices') deviceKeys.addDevice(ordinal, r.asset);
      },
    },
    () => {},
  );
  return {
    partial: keepTexts(evaluation.toPartial(), keep),
    targetLines: Uint32Array.from(targetLines),
    lines: reader.lines,
    lineCount: reader.lineCount,
    diagnostics: reader.diagnostics,
    rowErrors: reader.rowErrors,
    deviceKeys: deviceKeys.toPortable(),
  };
}

/** Who keeps a range's ids and names, and the key it keeps them under (see `BorrowedRange`). */
export interface TextsKeeper {
  key: number;
  texts(ids: readonly string[], names: readonly string[]): void;
}

/**
 * Lets the caller keep the ids and names of a range's targets (the helper, for the reports it is sent back),
 * and says so in the partial evaluation: the main thread then leaves them out of those reports.
 */
function keepTexts(partial: PartialEvaluation, keep: TextsKeeper | undefined): PartialEvaluation {
  if (!keep) return partial;
  keep.texts(partial.ids, partial.names);
  return { ...partial, textsKey: keep.key };
}

/** A streamed export whose rows or items are assets: a large CSV export, or a large Graph device export as JSON. */
type RowStream = CsvStream | JsonStream;

/** A streamed input: a JSON Lines file, or a large export whose rows or items are assets. */
type Streamed = { fileIndex: number } & ({ jsonl: Stream; csv?: undefined } | { csv: RowStream; jsonl?: undefined });

/**
 * Reads every row or item of a streamed export into an asset, handing each to `each`: all of them, or up to
 * the split when the helper reads the rest (then where this thread stopped, if it could stop there).
 */
async function streamRows(
  stream: RowStream,
  each: (record: JsonLinesRecord) => unknown,
  progress: (bytes: number) => void,
  split?: RowSplit,
): Promise<{ at: Position; envelope?: string } | undefined> {
  if (stream instanceof JsonStream) {
    const stop = await streamJson(stream, each, progress, split?.range as JsonRange | undefined);
    return stop.stopped ? { at: stop.at, envelope: stop.envelope } : undefined;
  }
  const stop = await streamCsv(stream, each, progress, split?.range as CsvRange | undefined);
  return stop.stopped ? { at: stop.at } : undefined;
}

/** Reads a streamed export for its unreadable rows or items only. */
function checkRows(stream: RowStream): Promise<void> {
  return stream instanceof JsonStream ? checkJsonItems(stream) : checkCsvRows(stream);
}

/** The assets on some lines of a JSON Lines file, read again. */
async function rereadJsonLines(stream: Stream, wanted: ReadonlySet<number>): Promise<Map<number, RereadAsset>> {
  const found = new Map<number, RereadAsset>();
  for (const [line, text] of await readLines(stream.absolute, wanted)) {
    const value = JSON.parse(text.endsWith('\r') ? text.slice(0, -1) : text) as Record<string, unknown>;
    const kind: AssetKind = 'device' in value ? 'devices' : 'servers';
    const index = indexOfLine(stream.reader.lines[kind], line);
    found.set(line, { kind, index, asset: value[SINGULAR[kind]] as Asset, discriminator: '' });
  }
  return found;
}

/** Opens each input that is streamed: JSON Lines files, and CSV exports of assets of `csvStreamMinBytes` or more. */
async function openStreams(files: readonly string[], shown: readonly string[], options: FleetOptions) {
  const minBytes = options.csvStreamMinBytes ?? CSV_STREAM_MIN_BYTES;
  return Promise.all(
    files.map(async (file, fileIndex): Promise<Streamed | undefined> => {
      const name = shown[fileIndex] as string;
      if (await isStreamed(file, name, options)) {
        return { fileIndex, jsonl: await openStream(file, name, options.inventoryCheck) };
      }
      const limits = { chunkBytes: options.csvChunkBytes, maxRowLength: options.csvMaxRowLength };
      const csv =
        (await csvStreamFormat(file, name, { ...options, minBytes, limits })) ??
        (await jsonStreamFormat(file, name, { ...options, minBytes }));
      return csv && { fileIndex, csv };
    }),
  );
}

/**
 * Reads every input and evaluates the rules: files read whole (YAML, JSON, small exports) and the header
 * lines of JSON Lines files are merged first, so their organization and network facts are known; then each
 * JSON Lines asset and each row of a large CSV export is evaluated as it is read and only its results are
 * kept. An asset described more than once (in a file read whole and a stream, or twice in streams) is merged
 * as `mergeParts` would and evaluated again. Problems come back as diagnostics; nothing is evaluated when
 * reading failed before streaming.
 */
export async function evaluateFleet(
  ruleSet: CompiledRuleSet,
  files: readonly string[],
  options: FleetOptions,
): Promise<FleetResult | { diagnostics: Diagnostic[] }> {
  const shown = files.map((f) => displayPath(f, options.cwd));
  const opened = await openStreams(files, shown, options);
  const read = await readInventories(
    files.filter((_, i) => !opened[i]),
    options.cwd,
    { importers: options.importers, inputFormat: options.inputFormat, maxInputBytes: options.maxInputBytes },
  );
  const streams: Streamed[] = [];
  const parts: SnapshotPart[] = [];
  const wholeParts: { fileIndex: number; part: SnapshotPart }[] = [];
  for (const [i, stream] of opened.entries()) {
    if (stream) {
      streams.push(stream);
      parts.push(stream.jsonl ? stream.jsonl.reader.part() : stream.csv.part);
      continue;
    }
    const part = read.parts.find((p) => p.file === shown[i]);
    if (part) {
      parts.push(part);
      wholeParts.push({ fileIndex: i, part });
    }
  }
  const jsonl = streams.flatMap((s) => (s.jsonl ? [s.jsonl.reader] : []));
  const csvs = streams.flatMap((s) => (s.csv ? [s.csv] : []));
  const early = [...read.diagnostics, ...jsonl.flatMap((r) => r.diagnostics)];
  if (!options.keepGoing)
    appendAll(
      appendAll(early, read.rowErrors),
      jsonl.flatMap((r) => r.rowErrors),
    );
  if (early.length > 0) {
    // Reading every file whole would have found the CSV exports' bad rows too.
    for (const csv of csvs) {
      await checkRows(csv);
      appendAll(early, csv.diagnostics);
      if (!options.keepGoing) appendAll(early, csv.rowErrors);
    }
    return { diagnostics: early };
  }

  const merged = mergeParts(parts);
  if (options.organizationId !== undefined) merged.organizationId = options.organizationId;
  const index: SourceIndex = { locators: merged.locators, origins: merged.origins };
  const shared = { organization: merged.organization, network: merged.network };
  const evaluation = new FleetEvaluation(ruleSet, index, { evidence: options.evidence });
  const evaluate = options.evaluator
    ? (target: Target) => evaluation.addWith(target, options.evaluator as RuleEvaluator)
    : (target: Target) => evaluation.add(target);
  // Where each target came from, to merge duplicates: an asset of a file read whole, or a stream's line.
  const wholeAssets = new Map<number, MergedAsset>();
  const origin = new Origins();
  const deviceKeys = new DeviceKeyTable();
  /** Notes a streamed device's Entra and Intune device ids, to join it with other descriptions of it. */
  const keep = (ordinal: number, r: JsonLinesRecord) => {
    if (r.kind === 'devices') deviceKeys.addDevice(ordinal, r.asset);
  };
  for (const kind of ['devices', 'servers'] as const) {
    for (const asset of merged[kind]) {
      const ordinal = await evaluate(assetTarget(SINGULAR[kind], asset, shared));
      wholeAssets.set(ordinal, asset);
      // A device of a file read whole joins streamed ones by its merged Entra and Intune device ids too.
      if (kind === 'devices') deviceKeys.addDevice(ordinal, asset.asset);
    }
  }

  const total = streams.reduce((sum, s) => sum + (s.jsonl ?? s.csv).size, 0);
  let done = streams.reduce((sum, s) => sum + (s.jsonl?.bodyStart ?? 0), 0);
  const onProgress = options.onProgress;
  const progress = (bytes: number) => {
    if (!onProgress) return;
    done += bytes;
    onProgress(done, total);
  };
  // What the helper reads of the large exports, asked for at once: it reads them in this order while this
  // thread reads its own.
  const { helper } = options;
  const plans =
    helper && !options.evaluator
      ? await planRows(
          streams.map((s) => s.csv),
          options.parallelMinBytes ?? 0,
        )
      : [];
  const helperParts = plans.map((plan) => {
    const job = plan?.split?.job ?? plan?.whole;
    if (!helper || !job) return undefined;
    const result = helper.evaluateRows({ ...job, shared, evidence: options.evidence });
    // This thread may stop before it waits for every part (a problem in an input): no unhandled rejection then.
    result.catch(() => undefined);
    return result;
  });
  for (const [s, stream] of streams.entries()) {
    const file = shown[stream.fileIndex] as string;
    const handler: RecordHandler = options.evaluator
      ? {
          batch: async (records: JsonLinesRecord[]) => {
            for (const r of records) {
              const ordinal = await evaluate(streamedTarget(r, file, shared));
              origin.set(ordinal, s, r.key ?? r.line);
              keep(ordinal, r);
            }
          },
        }
      : {
          each: (r: JsonLinesRecord) => {
            const ordinal = evaluation.add(streamedTarget(r, file, shared));
            origin.set(ordinal, s, r.key ?? r.line);
            keep(ordinal, r);
          },
        };
    if (stream.csv) {
      const { csv } = stream;
      const plan = plans[s];
      const part = helperParts[s];
      const into = { evaluation, stream: csv, streamIndex: s, origin, deviceKeys };
      if (plan?.whole && part) {
        absorbRowRange(await part, into, { line: 1, column: 1 });
        progress(csv.size);
        continue;
      }
      // A large export is split in two at a record (or item) boundary, as JSON Lines files are.
      const stopped = await streamRows(
        csv,
        'each' in handler ? handler.each : (r) => handler.batch([r]),
        progress,
        plan?.split,
      );
      // Without a stop the split was no boundary after all (a quote a lenient reader takes as text): this thread
      // read on to the end, and the helper's part is not needed.
      if (!part || !stopped) continue;
      evaluation.awaitPart();
      absorbRowRange(await part, into, stopped.at, stopped.envelope);
      progress(csv.size - (plan?.split?.offset ?? csv.size));
      continue;
    }
    const { jsonl: opened } = stream;
    for (const record of opened.first) await evaluateFirst(record, handler);
    // A large file is split in two: this thread reads the first half while the helper reads the second.
    const split =
      options.helper && !options.evaluator && opened.size - opened.bodyStart >= (options.parallelMinBytes ?? 0)
        ? await findSplit(opened.absolute, opened.bodyStart, opened.size)
        : undefined;
    const helped =
      split !== undefined && options.helper
        ? options.helper.evaluateRange({
            absolute: opened.absolute,
            shown: file,
            start: split,
            end: opened.size,
            shared,
            evidence: options.evidence,
          })
        : undefined;
    await streamRange(
      opened.absolute,
      opened.reader,
      { start: opened.bodyStart, end: split ?? opened.size },
      handler,
      // Counting a chunk's bytes reads all of it: only for a progress bar.
      onProgress ? (chunk) => progress(Buffer.byteLength(chunk)) : () => {},
    );
    // Sorting this thread's targets now costs nothing when the helper is still reading; its half is merged in.
    if (helped) evaluation.awaitPart();
    if (helped) {
      absorbRange(await helped, { evaluation, stream: opened, streamIndex: s, origin, deviceKeys });
      progress(opened.size - (split ?? opened.size));
    }
  }
  const late = [...jsonl.flatMap((r) => r.diagnostics), ...csvs.flatMap((c) => c.diagnostics)];
  const streamRowErrors = [...jsonl.flatMap((r) => r.rowErrors), ...csvs.flatMap((c) => c.rowErrors)];
  if (!options.keepGoing) appendAll(late, streamRowErrors);
  if (late.length > 0) return { diagnostics: late };

  const notices = [...merged.notices];
  const inputs: StreamedInput[] = streams.map((stream) => ({
    fileIndex: stream.fileIndex,
    shown: shown[stream.fileIndex] as string,
    part: stream.jsonl ? stream.jsonl.reader.part() : stream.csv.part,
    csv: stream.csv,
    reread: (lines) =>
      stream.jsonl
        ? rereadJsonLines(stream.jsonl, lines)
        : stream.csv instanceof JsonStream
          ? rereadJsonItems(stream.csv, lines)
          : rereadCsvRows(stream.csv, lines),
  }));
  await mergeDuplicates(
    evaluation,
    { wholeAssets, wholeParts, origin, inputs, merged, notices, shared, deviceKeys },
    evaluate,
  );
  const inventory = evaluation.inventoryFacts(declaredConnectorUse(merged.organization ?? {}));
  await evaluate({
    kind: 'organization',
    ...organizationTargetOf(merged),
    facts: { ...shared, inventory },
    source: merged.metadataSource,
  });
  const targetNotices = evaluation.noticeTable();
  evaluation.locateEvidence();
  return {
    evaluation,
    merged,
    notices,
    targetNotices,
    rowErrors: [...read.rowErrors, ...streamRowErrors],
    diagnostics: [],
  };
}
