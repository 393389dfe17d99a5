// Large CSV exports whose rows are assets, read as streams: each row read into an asset as it comes (csv-rows.ts
// parses them a chunk at a time), for evaluation, for its unreadable rows only, or again to be merged.
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Asset } from '../../engine/types.js';
import type { CsvLayout } from '../formats/csv.js';
import type { InnerLocator, Position } from '../formats/source-map.js';
import { type RowReader, type RowSink, readRow } from '../importers/csv-assets.js';
import type { AssetKind, JsonLinesRecord } from '../importers/jsonl.js';
import { type CsvRange, type CsvStop, type Problems, parseRows } from './csv-rows.js';
import type { CsvStream } from './csv-source.js';
import { indexOfLine, pinKey, type RereadAsset } from './reread.js';

export { type CsvRange, type CsvResume, type CsvStop, csvLayoutOf } from './csv-rows.js';
export {
  CSV_STREAM_MIN_BYTES,
  CsvStream,
  type CsvStreamLimits,
  csvStreamFormat,
  MAX_ROW_LENGTH,
} from './csv-source.js';
export { chunkDecoder, decodingOf, detectLargeInput, type Encoding, readHead } from './large-input.js';
export { indexOfLine, type RereadAsset } from './reread.js';

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
    (row, cursor) => {
      read ??= stream.format.rowReader(cursor);
      readRow(read, cursor, row, sink);
      const caught = sink.take();
      if (!caught) return undefined;
      const { kind, asset, where, facts } = caught;
      const index = stream.lines[kind].push(where.line) - 1;
      if (String(asset.id).includes('~')) stream.tildeIds[kind].add(String(asset.id));
      return stream.pinned.during(pinKey(kind, index), { where, inner: facts }, () =>
        each({ kind, asset, line: where.line, index, column: where.column }),
      );
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
    const cells = Array.from({ length: row.fieldCount }, (_, column) => cursor.cell(row, column));
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
    stream.pinned.set(pinKey(kind, index), { where, inner: facts });
    found.set(row.line, { kind, index, asset, discriminator });
  });
  return found;
}
