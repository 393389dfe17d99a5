// Large CSV and Graph JSON exports split between two threads: where to split, the helper's part, joining the parts.
import { appendAll } from '../engine/append.js';
import type { CompiledRuleSet } from '../engine/compile/compile.js';
import { type Diagnostic, diagnostic, ErrorCode } from '../engine/errors.js';
import { FleetEvaluation, type PartialEvaluation } from '../engine/evaluate/stream.js';
import type { SourceIndex } from '../engine/snapshot/targets.js';
import { checkEnvelope, JsonScanError } from '../inventories/formats/json-items.js';
import type { Position } from '../inventories/formats/source-map.js';
import { CSV_ASSET_FORMATS } from '../inventories/importers/index.js';
import type { AssetKind, JsonLinesRecord } from '../inventories/importers/jsonl.js';
import {
  type CsvRange,
  type CsvResume,
  CsvStream,
  csvLayoutOf,
  type Encoding,
  streamCsv,
} from '../inventories/streams/csv-stream.js';
import { type JsonRange, JsonStream, streamJson } from '../inventories/streams/json-stream.js';
import { type Shared, streamedTarget } from '../inventories/streams/jsonl-stream.js';
import { findCsvSplit, findJsonSplit, mainShareOf } from '../inventories/streams/split.js';
import { DeviceKeyTable, type PortableDeviceKeys } from './device-keys.js';
import type { Origins } from './fleet-merge.js';

/** The part of a large CSV or Graph JSON export the helper thread reads: from a boundary to the end. */
export type RowRangeJob = {
  absolute: string;
  shown: string;
  size: number;
  encoding: Encoding;
  shared: Shared;
  /** See `FleetOptions.evidence`. */
  evidence?: number;
  /** Where the file's text starts (after a byte-order mark). */
  start: number;
} & (
  | { type: 'csv'; format: string; resume?: CsvResume }
  | { type: 'graph'; resume?: { offset: number; count: number } }
);

/**
 * What the helper sends back. Positions count from line 1, column 1 at the start of its part; a Graph part's
 * items are numbered as in the whole file.
 */
export interface RowRangeResult {
  partial: PartialEvaluation;
  /** Each target's line (CSV) or item number (Graph), by its ordinal. */
  targetLines: Uint32Array;
  /** `CsvStream.lines` or `JsonStream.lines` of its part. */
  lines: Record<AssetKind, number[]>;
  /** A Graph part's positions of its assets, line and column by index (see `JsonStream`). */
  positions?: Record<AssetKind, number[]>;
  tildeIds: Record<AssetKind, string[]>;
  diagnostics: Diagnostic[];
  csvErrors: Diagnostic[];
  badRows: Diagnostic[];
  /** A Graph part's document without its items, and where it ends. */
  envelope?: { text: string; end: Position };
  deviceKeys: PortableDeviceKeys;
}

/** A split of a streamed export: how this thread reads up to it, and the helper's job (without shared facts). */
export interface RowSplit {
  offset: number;
  /** A `CsvRange` for a CSV export, a `JsonRange` for a Graph one. */
  range: CsvRange | JsonRange;
  job: RowRangeJob extends infer J ? (J extends unknown ? Omit<J, 'shared' | 'evidence'> : never) : never;
}

/** Encodings whose bytes can be cut at an ASCII line break or comma: every byte below 0x80 is that character. */
const SPLITTABLE: ReadonlySet<Encoding> = new Set(['utf-8', 'windows-1252']);

/**
 * Where a streamed export is split for the helper thread, or undefined when it cannot be split safely (UTF-16,
 * records ended by a lone `\r`, a Graph document that is not one page, no boundary after this thread's share).
 */
export async function planRowSplit(
  stream: CsvStream | JsonStream,
  share = mainShareOf(formatOf(stream)),
): Promise<RowSplit | undefined> {
  const { absolute, shown, size, decoding } = stream;
  if (!SPLITTABLE.has(decoding.encoding)) return undefined;
  const common = { absolute, shown, size, encoding: decoding.encoding, start: decoding.start };
  if (stream instanceof JsonStream) {
    const split = await findJsonSplit(absolute, decoding.start, size, share);
    if (!split) return undefined;
    return {
      offset: split.offset,
      range: { stopAt: split },
      job: { ...common, type: 'graph', resume: split },
    };
  }
  const layout = await csvLayoutOf(stream);
  if (!layout) return undefined;
  const offset = await findCsvSplit(
    absolute,
    decoding.start,
    size,
    { recordBreak: layout.recordBreak, delimiter: layout.delimiter, columns: layout.headers.length },
    share,
  );
  if (offset === undefined) return undefined;
  return {
    offset,
    range: { stopAt: offset },
    job: { ...common, type: 'csv', format: stream.format.name, resume: { ...layout, offset } },
  };
}

/** The importer of a streamed CSV export; undefined for a Graph one. */
function formatOf(stream: CsvStream | JsonStream): string | undefined {
  return stream instanceof CsvStream ? stream.format.name : undefined;
}

/** What the helper thread reads of a streamed export: the part after a split, or all of it. */
export type RowPlan = { split: RowSplit; whole?: undefined } | { whole: RowSplit['job']; split?: undefined };

/**
 * Shares streamed exports between this thread and the helper by their bytes: this thread reads the first ones,
 * up to its share of the total; the export that straddles it is split there when it is large enough and can be
 * split (else it goes whole to the thread that would read most of it); the helper reads the rest whole. With
 * one export, that is a split in its middle. `undefined` entries are other streams (JSON Lines, split on
 * their own): then only single large exports are split, so that the helper reads its parts in file order.
 */
export async function planRows(
  streams: readonly (CsvStream | JsonStream | undefined)[],
  minBytes: number,
): Promise<(RowPlan | undefined)[]> {
  const plans: (RowPlan | undefined)[] = streams.map(() => undefined);
  const whole = (stream: CsvStream | JsonStream): RowPlan => {
    const { absolute, shown, size, decoding } = stream;
    const common = { absolute, shown, size, encoding: decoding.encoding, start: decoding.start };
    return {
      whole:
        stream instanceof CsvStream
          ? { ...common, type: 'csv', format: stream.format.name }
          : { ...common, type: 'graph' },
    };
  };
  if (streams.includes(undefined)) {
    for (const [i, stream] of streams.entries()) {
      const split = stream && stream.size >= minBytes ? await planRowSplit(stream) : undefined;
      if (split) plans[i] = { split };
    }
    return plans;
  }
  const total = streams.reduce((sum, stream) => sum + (stream?.size ?? 0), 0);
  // Of several exports, the narrowest share any of them would get.
  const share = total * Math.min(...streams.map((stream) => mainShareOf(stream && formatOf(stream))));
  let start = 0;
  for (const [i, stream] of streams.entries()) {
    if (!stream) continue;
    const end = start + stream.size;
    if (start >= share) plans[i] = whole(stream);
    else if (end > share) {
      const split = stream.size >= minBytes ? await planRowSplit(stream, (share - start) / stream.size) : undefined;
      if (split) plans[i] = { split };
      // An export that cannot be split goes to the helper whole when most of it lies beyond this thread's share,
      // unless it is the only one: then this thread would only wait.
      else if (share - start < stream.size / 2 && streams.length > 1) plans[i] = whole(stream);
    }
    start = end;
  }
  return plans;
}

/** The helper's side: evaluates a large export from the boundary of its job to the end. */
export async function evaluateRowRange(
  ruleSet: CompiledRuleSet,
  job: RowRangeJob,
  keep?: (partial: PartialEvaluation) => PartialEvaluation,
): Promise<RowRangeResult> {
  const decoding = { encoding: job.encoding, start: job.resume?.offset ?? job.start };
  let stream: CsvStream | JsonStream;
  if (job.type === 'csv') {
    const format = CSV_ASSET_FORMATS.get(job.format);
    if (!format) throw new Error(`no CSV format ${job.format}`);
    stream = new CsvStream(job.absolute, job.shown, job.size, format, decoding);
  } else stream = new JsonStream(job.absolute, job.shown, job.size, decoding);
  const index: SourceIndex = { locators: new Map([[job.shown, stream.part.locate]]), origins: new Map() };
  const evaluation = new FleetEvaluation(ruleSet, index, { evidence: job.evidence });
  const targetLines: number[] = [];
  const deviceKeys = new DeviceKeyTable();
  const each = (r: JsonLinesRecord) => {
    const ordinal = evaluation.add(streamedTarget(r, job.shown, job.shared));
    targetLines.push(r.key ?? r.line);
    if (r.kind === 'devices') deviceKeys.addDevice(ordinal, r.asset);
  };
  let envelope: RowRangeResult['envelope'];
  if (stream instanceof JsonStream) {
    const resume = (job as { resume?: JsonRange['resume'] }).resume;
    const stop = await streamJson(stream, each, undefined, resume ? { resume } : {});
    if (!stop.stopped && stop.envelope !== undefined && stop.end) envelope = { text: stop.envelope, end: stop.end };
  } else {
    const resume = (job as { resume?: CsvResume }).resume;
    await streamCsv(stream, each, undefined, resume ? { resume } : {});
  }
  const partial = evaluation.toPartial();
  return {
    partial: keep ? keep(partial) : partial,
    targetLines: Uint32Array.from(targetLines),
    lines: stream.lines,
    ...(stream instanceof JsonStream ? { positions: stream.positionsByKind() } : {}),
    tildeIds: { devices: [...stream.tildeIds.devices], servers: [...stream.tildeIds.servers] },
    diagnostics: stream.diagnostics,
    csvErrors: stream instanceof CsvStream ? stream.csvErrors : [],
    badRows: stream.badRows,
    ...(envelope ? { envelope } : {}),
    deviceKeys: deviceKeys.toPortable(),
  };
}

/** Moves a position of the helper's part (line 1 starts at `at`) to where it is in the whole file. */
function shifter(at: Position): (line: number, column: number) => Position {
  return (line, column) =>
    line === 1 ? { line: at.line, column: at.column + column - 1 } : { line: line + at.line - 1, column };
}

/**
 * Appends what the helper evaluated after this thread's part of the same export (which ended at `at`, with
 * `envelope` the Graph document so far without its items): its positions moved, its assets recorded.
 */
export function absorbRowRange(
  result: RowRangeResult,
  into: {
    evaluation: FleetEvaluation;
    stream: CsvStream | JsonStream;
    streamIndex: number;
    origin: Origins;
    deviceKeys: DeviceKeyTable;
  },
  at: Position,
  envelope?: string,
): void {
  const { stream } = into;
  const move = shifter(at);
  const offset = into.evaluation.absorb(result.partial, at.line - 1, at.column - 1);
  // CSV targets are known by line, Graph items by their number in the whole file already.
  const isCsv = stream instanceof CsvStream;
  into.origin.setAll(offset, into.streamIndex, result.targetLines, isCsv ? at.line - 1 : 0);
  into.deviceKeys.absorb(result.deviceKeys, offset);
  for (const kind of ['devices', 'servers'] as const) {
    const lines = result.lines[kind];
    const to = stream.lines[kind];
    for (let i = 0; i < lines.length; i++) to.push(isCsv ? (lines[i] as number) + at.line - 1 : (lines[i] as number));
    for (const id of result.tildeIds[kind]) stream.tildeIds[kind].add(id);
    const positions = result.positions?.[kind];
    if (positions && stream instanceof JsonStream) {
      for (let i = 0; i < positions.length; i += 2) {
        const where = move(positions[i] as number, positions[i + 1] as number);
        stream.addPosition(kind, where);
      }
    }
  }
  const shift = (d: Diagnostic): Diagnostic => ({ ...d, ...move(d.line, d.column) });
  appendAll(stream.diagnostics, result.diagnostics.map(shift));
  appendAll(stream.badRows, result.badRows.map(shift));
  if (stream instanceof CsvStream) appendAll(stream.csvErrors, result.csvErrors.map(shift));
  // The document is whole again: check it as reading it on one thread would have at its end.
  if (envelope !== undefined && result.envelope && stream.diagnostics.length === 0) {
    try {
      checkEnvelope(envelope + result.envelope.text, move(result.envelope.end.line, result.envelope.end.column));
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
      stream.diagnostics.push(diagnostic(ErrorCode.PARSE, stream.shown, error.at, error.message));
    }
  }
}
