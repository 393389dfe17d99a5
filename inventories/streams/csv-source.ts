// A large CSV export whose rows are assets, opened to be streamed: its format, encoding, limits, and the locator
// of its assets' facts while they are read.
import type { Diagnostic } from '../../engine/errors.js';
import type { Locator, SnapshotPart } from '../../engine/types.js';
import { duplicateColumns } from '../formats/csv.js';
import type { InnerLocator, Position } from '../formats/source-map.js';
import type { CsvAssetFormat } from '../importers/csv-assets.js';
import type { Importer } from '../importers/importer.js';
import { CSV_ASSET_FORMATS } from '../importers/index.js';
import type { AssetKind } from '../importers/jsonl.js';
import { snapshotIdOf } from '../importers/part-builder.js';
import { decodingOf, detectLargeInput, type Encoding } from './large-input.js';
import { PinnedAssets, pinKey } from './reread.js';

/** CSV exports of at least this many bytes are streamed; smaller ones are read whole, as before. */
export const CSV_STREAM_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Longest row (or header) of a streamed CSV, in characters. Past it the file is most likely a quote that is
 * never closed, which would make the rest of the file one field: the rest is not read.
 */
export const MAX_ROW_LENGTH = 16 * 1024 * 1024;

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
  readonly pinned = new PinnedAssets<PinnedRow>();
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
        const pin = this.pinned.get(pinKey(kind, index));
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
