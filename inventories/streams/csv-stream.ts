// Large CSV exports whose rows are assets, read as streams: decoded and parsed a chunk at a time, each row read as it comes.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Asset, Locator, SnapshotPart } from '../../engine/types.js';
import {
  blankTypeLine,
  type CsvLayout,
  type CsvRow,
  CsvRowCursor,
  csvDialect,
  duplicateColumns,
  UNCLOSED_QUOTE,
} from '../formats/csv.js';
import { CsvScanner, type RecordBreak } from '../formats/csv-scan.js';
import { decodeWindows1252, type Encoding, markedEncoding } from '../formats/decode.js';
import type { InnerLocator, Position } from '../formats/source-map.js';
import { type CsvAssetFormat, type RowReader, type RowSink, readRow } from '../importers/csv-assets.js';
import type { Importer } from '../importers/importer.js';
import { CSV_ASSET_FORMATS } from '../importers/index.js';
import type { AssetKind, JsonLinesRecord } from '../importers/jsonl.js';
import { snapshotIdOf } from '../importers/part-builder.js';
import { CHUNK, readFileHead } from './jsonl-stream.js';

/** CSV exports of at least this many bytes are streamed; smaller ones are read whole, as before. */
export const CSV_STREAM_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Longest row (or header) of a streamed CSV, in characters. Past it the file is most likely a quote that is
 * never closed, which would make the rest of the file one field: the rest is not read.
 */
export const MAX_ROW_LENGTH = 16 * 1024 * 1024;

export type { Encoding } from '../formats/decode.js';

/** A decoder of consecutive chunks; `undefined` ends the input. */
export function chunkDecoder(encoding: Encoding): (bytes: Uint8Array | undefined) => string {
  // Windows-1252 is one byte a character: chunks decode on their own.
  if (encoding === 'windows-1252') return (bytes) => (bytes ? decodeWindows1252(bytes) : '');
  const decoder = new TextDecoder(encoding);
  return (bytes) => (bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode());
}

/** Whether the bytes of a file from `start` on are UTF-8, read a chunk at a time. */
async function isUtf8File(absolute: string, start: number): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(absolute, { start, highWaterMark: CHUNK })) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    // A character cut at the end of the chunk is checked with the next one.
    let end = bytes.length;
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const b = bytes[bytes.length - back] as number;
      if (b >= 0xc0) {
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (length > back) end = bytes.length - back;
        break;
      }
      if (b < 0x80) break;
    }
    if (!isUtf8(bytes.subarray(0, end))) return false;
    carry = Buffer.from(bytes.subarray(end));
  }
  return carry.length === 0;
}

/** The encoding of a file and where its text starts, as `decodeText` decides for the whole file. */
export async function decodingOf(absolute: string, head: Uint8Array): Promise<{ encoding: Encoding; start: number }> {
  const { encoding, start } = markedEncoding(head);
  if (encoding) return { encoding, start };
  return { encoding: (await isUtf8File(absolute, start)) ? 'utf-8' : 'windows-1252', start };
}

/** The first bytes of a file, decoded as its first chunk: what format detection looks at. */
export async function readHead(absolute: string): Promise<{ bytes: Buffer; text: string; size: number }> {
  const { bytes, size } = await readFileHead(absolute, CHUNK);
  const { encoding, start } = markedEncoding(bytes);
  const body = bytes.subarray(start);
  // A character cut at the end of the head is no reason to read the head as Windows-1252.
  const guess = encoding ?? (isUtf8(body.subarray(0, Math.max(0, body.length - 3))) ? 'utf-8' : 'windows-1252');
  return { bytes, text: chunkDecoder(guess)(body), size };
}

/**
 * A file of at least `minBytes`, with its head and the importer that takes it (the forced format, or the first
 * whose detection accepts the head): what decides whether an input is streamed. Undefined for a smaller file, or
 * one that is not a regular file or cannot be read.
 */
export async function detectLargeInput(
  absolute: string,
  shown: string,
  options: { inputFormat?: string; importers: readonly Importer[]; minBytes: number },
): Promise<{ head: { bytes: Buffer; text: string; size: number }; importer: Importer | undefined } | undefined> {
  // Most inputs are small: their size says so without reading them.
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile() || info.size < options.minBytes) return undefined;
  const head = await readHead(absolute).catch(() => undefined);
  if (!head) return undefined;
  const importer = options.inputFormat
    ? options.importers.find((i) => i.name === options.inputFormat)
    : options.importers.find((i) => i.detect(head.text, shown));
  return { head, importer };
}

/** Where a row's facts are while it is read: the row itself, and the locator of its cells. */
interface PinnedRow {
  where: Position;
  inner: InnerLocator;
}

/** Tuning and tests: bytes read at a time (CHUNK), longest row (MAX_ROW_LENGTH). */
export interface CsvStreamLimits {
  chunkBytes?: number;
  maxRowLength?: number;
}

/** A CSV export being streamed, and where its assets came from. */
export class CsvStream {
  /** Line of each asset, by kind and index: the locator's table once a row has been read. */
  readonly lines: Record<AssetKind, number[]> = { devices: [], servers: [] };
  /** Ids with a `~` of assets read, which the renaming of duplicates must not reuse (see `PartBuilder`). */
  readonly tildeIds: Record<AssetKind, Set<string>> = { devices: new Set(), servers: new Set() };
  /** Problems with the file as a whole: it could not be read. */
  readonly diagnostics: Diagnostic[] = [];
  /** Rows that could not be read (a quote never closed). */
  readonly csvErrors: Diagnostic[] = [];
  /** Rows the importer could not read. */
  readonly badRows: Diagnostic[] = [];
  /** Rows whose cells are located while they are evaluated: the row being read, rows read again to merge. */
  readonly pinned = new Map<string, PinnedRow>();
  readonly part: SnapshotPart;

  constructor(
    readonly absolute: string,
    readonly shown: string,
    readonly size: number,
    readonly format: CsvAssetFormat,
    readonly decoding: { encoding: Encoding; start: number },
    readonly limits: CsvStreamLimits = {},
  ) {
    const locate: Locator = (pointer) => {
      const [assets, kind, index] = pointer;
      if (assets === 'assets' && (kind === 'devices' || kind === 'servers') && typeof index === 'number') {
        const pin = this.pinned.get(`${kind}:${index}`);
        if (pin) return (pointer.length > 3 ? pin.inner(pointer.slice(3)) : undefined) ?? pin.where;
        const line = this.lines[kind][index];
        if (line !== undefined) return { line, column: 1 };
      }
      return { line: 1, column: 1 };
    };
    // The part a PartBuilder makes of the file, without its assets: those are evaluated as they are read.
    const snapshot = { schemaVersion: '1', snapshot: { id: snapshotIdOf(shown), source: `${format.name} import` } };
    this.part = { file: shown, format: format.name, snapshot, locate };
  }

  /** Rows skipped, as the whole-file import lists them: the unreadable ones first, then the importer's. */
  get rowErrors(): Diagnostic[] {
    return [...this.csvErrors, ...this.badRows];
  }
}

/** A row stopped by MAX_ROW_LENGTH. */
class RowTooLong extends Error {}

/** Where a pass over a streamed CSV puts the problems it finds. */
interface Problems {
  diagnostics: Diagnostic[];
  csvErrors: Diagnostic[];
  badRows: Diagnostic[];
}

/**
 * Where a streamed CSV is read from when another thread reads the rest: the part from `offset` (a record
 * boundary) on, read with the header, delimiter and record break of the whole file. Its lines count from 1.
 */
export interface CsvResume {
  offset: number;
  delimiter: string;
  headers: string[];
  recordBreak: RecordBreak;
}

/** Which part of a streamed CSV a pass reads: from a record boundary on, up to one, or all of it. */
export interface CsvRange {
  /** Reads from a record boundary in the middle of the file. */
  resume?: CsvResume;
  /**
   * Stops at this byte offset when the rows read end there (outside quotes, after a record break); otherwise
   * reads on to the end, as a pass over the whole file does.
   */
  stopAt?: number;
}

/** Whether a pass stopped at `CsvRange.stopAt`, and the position there (a line's start). */
export type CsvStop = { stopped: true; at: Position } | { stopped: false };

/**
 * Reads the rows of a streamed CSV in order, decoded as the whole file would be, and hands each data row
 * to `visit` with the cursor that locates its cells (until the next row). A row whose quote never closes,
 * a row too long to be one and a file that cannot be read go to `problems`.
 */
async function parseRows(
  stream: CsvStream,
  problems: Problems,
  visit: (row: CsvRow, cursor: CsvRowCursor) => void | Promise<void>,
  progress?: (bytes: number) => void,
  range: CsvRange = {},
): Promise<CsvStop> {
  const { shown } = stream;
  const maxRowLength = stream.limits.maxRowLength ?? MAX_ROW_LENGTH;
  const decode = chunkDecoder(stream.decoding.encoding);
  const highWaterMark = stream.limits.chunkBytes ?? CHUNK;
  const { resume, stopAt } = range;
  const inputs: ReturnType<typeof createReadStream>[] = [];
  const read = async function* (start: number, end?: number): AsyncGenerator<string> {
    const input = createReadStream(stream.absolute, { start, end, highWaterMark });
    inputs.push(input);
    for await (const chunk of input) {
      progress?.((chunk as Buffer).length);
      yield decode(chunk as Buffer);
    }
  };
  let atStop = false;
  const texts = async function* (): AsyncGenerator<string, void, boolean | undefined> {
    yield* read(resume?.offset ?? stream.decoding.start, stopAt === undefined ? undefined : stopAt - 1);
    // An empty text with `atStop` set marks the end of this thread's part: `next(true)` reads on from there.
    if (stopAt !== undefined) {
      atStop = true;
      const readOn = yield '';
      atStop = false;
      if (readOn === true) yield* read(stopAt);
    }
    yield decode(undefined);
  };
  let stop: CsvStop = { stopped: false };
  try {
    const source = texts();
    // The dialect comes from the first two lines (a `#TYPE` line, then the header): read until they are whole.
    let head = '';
    let done = false;
    while (!resume && !/^[^\r\n]*(?:\r\n|\n|\r)[^\r\n]*(?:\r\n|\n|\r)[\s\S]/.test(head)) {
      if (head.length > maxRowLength) throw new RowTooLong();
      const next = await source.next(true);
      if (next.done) {
        done = true;
        break;
      }
      head += next.value;
    }
    const delimiter = resume?.delimiter ?? csvDialect(head).delimiter;
    const cursor = new CsvRowCursor(delimiter);
    if (resume) cursor.headers = resume.headers;
    // Records are handed on as the scanner completes them, then read in order between chunks.
    let records: { fields: string[]; end: number }[] = [];
    const scanner = new CsvScanner(delimiter, (fields, end) => records.push({ fields, end }), resume?.recordBreak);
    const readRecords = async () => {
      const ready = records;
      records = [];
      for (const { fields, end } of ready) {
        const row = cursor.accept(fields, end);
        if (!row) continue;
        const visited = visit(row, cursor);
        if (visited) await visited;
      }
    };
    try {
      const body = resume ? head : blankTypeLine(head, csvDialect(head));
      cursor.append(body);
      scanner.push(body);
      await readRecords();
      if (!done) {
        let next = await source.next();
        while (!next.done) {
          const text = next.value;
          if (atStop) {
            // The end of this thread's part: stop there if its rows end there, else read on.
            const ends = scanner.endsRecord();
            if (ends) {
              scanner.end();
              await readRecords();
              stop = { stopped: true, at: cursor.positionAtEnd() };
              break;
            }
            next = await source.next(true);
            continue;
          }
          if (cursor.pending > maxRowLength) throw new RowTooLong();
          cursor.append(text);
          scanner.push(text);
          await readRecords();
          next = await source.next();
        }
      }
      if (!stop.stopped) {
        scanner.end();
        await readRecords();
      }
    } catch (error) {
      if (!(error instanceof RowTooLong)) throw error;
      const message = `row is longer than ${maxRowLength} characters (a quote that is never closed?); the rest of the file is not read`;
      problems.badRows.push(diagnostic(ErrorCode.BAD_ROW, shown, cursor.nextRowStart(), message));
    }
    // Every record is read now: the row an unclosed quote opened in starts after the last one.
    if (scanner.unclosed) {
      const where = { line: cursor.nextRowStart().line, column: 1 };
      problems.csvErrors.push(diagnostic(ErrorCode.BAD_ROW, shown, where, UNCLOSED_QUOTE.message));
    }
  } catch (error) {
    if (error instanceof RowTooLong) {
      const message = `header is longer than ${maxRowLength} characters; this is not a CSV export`;
      problems.diagnostics.push(diagnostic(ErrorCode.TOO_LARGE, shown, { line: 1, column: 1 }, message));
    } else if (typeof (error as NodeJS.ErrnoException).code === 'string') {
      problems.diagnostics.push(diagnostic(ErrorCode.FILE_UNREADABLE, shown, undefined, (error as Error).message));
    } else throw error;
  } finally {
    for (const input of inputs) input.destroy();
  }
  return stop;
}

/**
 * The format of a file to stream: a CSV export whose rows are assets, detected from the head of the file (or
 * forced) and at least `minBytes` long; undefined for a file read whole.
 */
export async function csvStreamFormat(
  absolute: string,
  shown: string,
  options: { inputFormat?: string; importers: readonly Importer[]; minBytes: number; limits?: CsvStreamLimits },
): Promise<CsvStream | undefined> {
  const found = await detectLargeInput(absolute, shown, options);
  if (!found) return undefined;
  const { head, importer } = found;
  const format = importer && CSV_ASSET_FORMATS.get(importer.name);
  if (!format?.isCsv(head.text)) return undefined;
  const stream = new CsvStream(
    absolute,
    shown,
    head.size,
    format,
    await decodingOf(absolute, head.bytes),
    options.limits,
  );
  stream.diagnostics.push(...duplicateColumns(head.text, shown));
  return stream;
}

/** A sink that keeps the asset a row reader gives, and records the rows it cannot read. */
interface CaughtAsset {
  kind: AssetKind;
  asset: Asset;
  where: Position;
  facts: InnerLocator;
  discriminator: string;
}

class RowCatch implements RowSink {
  private asset?: CaughtAsset;
  constructor(
    private readonly file: string,
    private readonly errors: Diagnostic[],
  ) {}

  rowError(where: Position, message: string): void {
    this.errors.push(diagnostic(ErrorCode.BAD_ROW, this.file, where, message));
  }

  addAsset(kind: AssetKind, asset: Asset, where: Position, facts: InnerLocator, discriminator: string): void {
    this.asset = { kind, asset, where, facts, discriminator };
  }

  /** The asset of the row just read, if it had one. */
  take(): CaughtAsset | undefined {
    const { asset } = this;
    this.asset = undefined;
    return asset;
  }
}

/**
 * Reads every row of a streamed CSV into an asset, as its importer does for a file read whole, and hands it
 * to `each` while its cells can be located; its line and index are kept for the locator.
 */
export async function streamCsv(
  stream: CsvStream,
  each: (record: JsonLinesRecord) => unknown,
  progress?: (bytes: number) => void,
  range?: CsvRange,
): Promise<CsvStop> {
  const sink = new RowCatch(stream.shown, stream.badRows);
  let read: RowReader | undefined;
  return parseRows(
    stream,
    stream,
    async (row, cursor) => {
      read ??= stream.format.rowReader(cursor);
      readRow(read, cursor, row, sink);
      const caught = sink.take();
      if (!caught) return;
      const { kind, asset, where, facts } = caught;
      const index = stream.lines[kind].push(where.line) - 1;
      if (String(asset.id).includes('~')) stream.tildeIds[kind].add(String(asset.id));
      const key = `${kind}:${index}`;
      stream.pinned.set(key, { where, inner: facts });
      try {
        const done = each({ kind, asset, line: where.line, index, column: where.column });
        if (done instanceof Promise) await done;
      } finally {
        stream.pinned.delete(key);
      }
    },
    progress,
    range,
  );
}

/** Reads a streamed CSV for its unreadable rows only: what the whole-file import reports before evaluating. */
export async function checkCsvRows(stream: CsvStream): Promise<void> {
  const sink = new RowCatch(stream.shown, stream.badRows);
  let read: RowReader | undefined;
  await parseRows(stream, stream, (row, cursor) => {
    read ??= stream.format.rowReader(cursor);
    readRow(read, cursor, row, sink);
    sink.take();
  });
}

/** An asset read again to be merged, with the discriminator its importer gave (for renaming duplicates). */
export interface RereadAsset {
  kind: AssetKind;
  index: number;
  asset: Asset;
  discriminator: string;
}

/**
 * Reads the rows starting on the given lines again, for assets that must be merged after all. Their cells
 * are located from then on (the stream pins them) without keeping the text.
 */
export async function rereadCsvRows(stream: CsvStream, wanted: ReadonlySet<number>): Promise<Map<number, RereadAsset>> {
  const found = new Map<number, RereadAsset>();
  // The first pass reported this file's problems already.
  const ignored: Problems = { diagnostics: [], csvErrors: [], badRows: [] };
  const sink = new RowCatch(stream.shown, ignored.badRows);
  await parseRows(stream, ignored, (row, cursor) => {
    if (!wanted.has(row.line)) return;
    // The cells' positions now, so the row's locator needs no text later.
    const cells = row.fields.map((_, column) => cursor.cell(row, column));
    const frozen: CsvLayout = {
      headers: cursor.headers,
      cell: (_, column) => cells[column] ?? cursor.rowStart(row),
      rowStart: () => cursor.rowStart(row),
    };
    stream.format.rowReader(frozen)(row, sink);
    const caught = sink.take();
    if (!caught) return;
    const { kind, asset, where, facts, discriminator } = caught;
    const index = indexOfLine(stream.lines[kind], row.line);
    if (index === -1) return;
    stream.pinned.set(`${kind}:${index}`, { where, inner: facts });
    found.set(row.line, { kind, index, asset, discriminator });
  });
  return found;
}

/** The index of `line` among the (increasing) lines of a stream's assets of one kind, or -1. */
export function indexOfLine(lines: readonly number[], line: number): number {
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
 * The delimiter, header and record break of a streamed CSV, from its first records: what a thread reading it
 * from the middle needs. Undefined when the header is not whole within the longest row allowed.
 */
export async function csvLayoutOf(stream: CsvStream): Promise<Omit<CsvResume, 'offset'> | undefined> {
  const decode = chunkDecoder(stream.decoding.encoding);
  const maxRowLength = stream.limits.maxRowLength ?? MAX_ROW_LENGTH;
  const input = createReadStream(stream.absolute, { start: stream.decoding.start, highWaterMark: CHUNK });
  let head = '';
  try {
    for await (const chunk of input) {
      head += decode(chunk as Buffer);
      const dialect = csvDialect(head);
      const cursor = new CsvRowCursor(dialect.delimiter);
      const scanner = new CsvScanner(dialect.delimiter, (fields, end) => cursor.accept(fields, end));
      const body = blankTypeLine(head, dialect);
      cursor.append(body);
      scanner.push(body);
      const { recordBreak } = scanner;
      if (cursor.headers.length > 0 && recordBreak !== undefined)
        return { delimiter: dialect.delimiter, headers: cursor.headers, recordBreak };
      if (head.length > maxRowLength) return undefined;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    input.destroy();
  }
}
