// CSV exports whose rows are assets (Intune, AD, Entra): one row reader per format, for a file read whole or streamed.
import type { Asset } from '../../engine/types.js';
import { type CsvLayout, type CsvRow, duplicateColumns, readCsv } from '../formats/csv.js';
import type { InnerLocator, Position } from '../formats/source-map.js';
import type { ImportResult } from './importer.js';
import { failedImport, PartBuilder } from './part-builder.js';

/** What a row reader hands its results to: a `PartBuilder` (a file read whole), or a stream's evaluation. */
export interface RowSink {
  rowError(where: Position, message: string): void;
  addAsset(
    kind: 'devices' | 'servers',
    asset: Asset,
    where: Position,
    facts: InnerLocator,
    discriminator: string,
  ): void;
}

/** Reads one data row (its field count already checked) into a sink. */
export type RowReader = (row: CsvRow, sink: RowSink) => void;

/** A CSV export whose rows are devices or servers. */
export interface CsvAssetFormat {
  /** The importer's name, also the format of its parts. */
  name: string;
  /** Whether a text (the head of a file) is this CSV, not another export the same importer reads (JSON). */
  isCsv(text: string): boolean;
  /** The reader of rows under these headers; it locates cells through `layout`. */
  rowReader(layout: CsvLayout): RowReader;
}

/** Reads a data row, or reports it when its field count is not the header's. */
export function readRow(read: RowReader, layout: CsvLayout, row: CsvRow, sink: RowSink): void {
  if (row.fieldCount !== layout.headers.length) {
    sink.rowError(layout.rowStart(row), `row has ${row.fieldCount} fields, the header has ${layout.headers.length}`);
    return;
  }
  read(row, sink);
}

/** Imports a whole CSV text: rows that could not be read, then every row in order. */
export function importCsvAssets(text: string, file: string, format: CsvAssetFormat): ImportResult {
  const duplicates = duplicateColumns(text, file);
  if (duplicates.length > 0) return failedImport(file, format.name, duplicates);
  const builder = new PartBuilder(file, format.name);
  const table = readCsv(text);
  const read = format.rowReader(table);
  for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
  for (const row of table.rows) readRow(read, table, row, builder);
  return builder.result();
}
