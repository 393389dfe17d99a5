// CSV exports (Intune, Export-Csv) read with csv-parse, keeping where each row and cell starts in the file.
import { type Options, parse } from 'csv-parse/sync';
import type { Pointer } from '../engine/types.js';
import { type InnerLocator, LineIndex, type Position } from './source-map.js';

/** One data row: its fields and the offset of its first character in the text. */
export interface CsvRow {
  fields: string[];
  /** Line the row starts on (a quoted field with line breaks makes a row span lines). */
  line: number;
  offset: number;
}

export interface CsvTable {
  /** Header names as written (trimmed). */
  headers: string[];
  headerLine: number;
  rows: CsvRow[];
  /** Rows csv-parse could not read (bad quoting), with the line it reported. */
  errors: { line: number; message: string }[];
  /** Position of a cell; computed on demand by re-scanning the row. */
  cell(row: CsvRow, column: number): Position;
  /** Position of the start of a row. */
  rowStart(row: CsvRow): Position;
}

/** Header names compared loosely: `Device name`, `DeviceName` and `device_name` are all `devicename`. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Finds each column by its accepted header names (compared normalized); the first name listed that is present wins. */
export function findColumns<C extends string>(
  table: CsvTable,
  columns: Readonly<Record<C, readonly string[]>>,
): Partial<Record<C, number>> {
  const normalized = table.headers.map(normalizeHeader);
  const found: Partial<Record<C, number>> = {};
  for (const [column, names] of Object.entries(columns) as [C, readonly string[]][]) {
    const index = names.map((name) => normalized.indexOf(name)).find((i) => i >= 0);
    if (index !== undefined) found[column] = index;
  }
  return found;
}

/** Reads a row's cells by column: trimmed, and undefined for an absent column or an empty cell. */
export function cellReader<C extends string>(
  row: CsvRow,
  columns: Partial<Record<C, number>>,
): (column: C) => string | undefined {
  return (column) => {
    const index = columns[column];
    const value = index === undefined ? undefined : row.fields[index]?.trim();
    return value === '' ? undefined : value;
  };
}

/** The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes. */
function delimiterOf(line: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

// Export-Csv in Windows PowerShell writes `#TYPE System.Management.Automation.PSCustomObject` first.
function headerLineOf(text: string): { line: string; number: number } {
  const lines = text.split(/\r\n|\n|\r/, 3);
  const first = lines[0] ?? '';
  return /^#TYPE\b/i.test(first) ? { line: lines[1] ?? '', number: 2 } : { line: first, number: 1 };
}

/** Header names of a CSV text, normalized, from its first line (after `#TYPE`); cheap, for `detect`. */
export function sniffCsvHeaders(text: string): Set<string> {
  const { line } = headerLineOf(text.slice(0, 8192));
  const delimiter = delimiterOf(line);
  if (!line.includes(delimiter)) return new Set();
  return new Set(line.split(delimiter).map((h) => normalizeHeader(h.replace(/^\s*"|"\s*$/g, ''))));
}

/** Walks UTF-8 byte offsets (csv-parse counts bytes) forward to string offsets. */
class ByteCursor {
  private char = 0;
  private byte = 0;
  constructor(private readonly text: string) {}

  offsetOf(byte: number): number {
    while (this.byte < byte && this.char < this.text.length) {
      const code = this.text.charCodeAt(this.char);
      if (code >= 0xd800 && code <= 0xdbff) {
        this.byte += 4;
        this.char += 2;
      } else {
        this.byte += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
        this.char += 1;
      }
    }
    return this.char;
  }
}

/** Offset where field `column` of the row starting at `offset` starts, honouring quotes. */
function fieldOffset(text: string, offset: number, column: number, delimiter: string): number {
  let i = offset;
  for (let field = 0; field < column; field++) {
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') {
          i++;
          break;
        } else i++;
      }
    }
    while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
    if (text[i] !== delimiter) return offset;
    i++;
  }
  return i;
}

/**
 * Parses a CSV export: optional `#TYPE` line, header row, quoted fields with line breaks, CRLF or LF,
 * `,`/`;`/tab delimiters; `#TYPE` and header lines repeated further down (concatenated exports) are
 * skipped. Rows with a different number of fields than the header come back as rows (the importer decides);
 * rows csv-parse cannot read at all come back in `errors`. Never throws.
 */
export function readCsv(text: string): CsvTable {
  const lines = new LineIndex(text);
  const header = headerLineOf(text);
  const delimiter = delimiterOf(header.line);
  // Blank the #TYPE line instead of skipping it, so csv-parse's byte counts stay offsets into `text`.
  const body = header.number === 2 ? text.replace(/^#TYPE[^\r\n]*/i, (m) => ' '.repeat(m.length)) : text;
  const errors: { line: number; message: string }[] = [];
  let records: { record: string[]; info: { bytes: number } }[] = [];
  // `on_skip` reports the rows `skip_records_with_error` drops; csv-parse 5 has it but its types do not.
  const options: Options & { on_skip: (error: { lines?: number; message?: string } | undefined) => void } = {
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) errors.push({ line: error.lines ?? 1, message: error.message ?? 'unreadable CSV row' });
    },
  };
  try {
    records = parse(body, options) as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    errors.push({ line: 1, message: (error as Error).message });
  }
  const cursor = new ByteCursor(body);
  const rows: CsvRow[] = [];
  let previousEnd = 0;
  let headers: string[] = [];
  for (const { record, info } of records) {
    let offset = cursor.offsetOf(previousEnd);
    while (offset < body.length && /[\r\n ]/.test(body[offset] ?? '')) offset++;
    previousEnd = info.bytes;
    // A blanked #TYPE line reads as a record of one empty field.
    if (record.length === 1 && record[0]?.trim() === '' && headers.length === 0) continue;
    if (headers.length === 0) {
      headers = record.map((h) => h.trim());
      continue;
    }
    // Exports concatenated into one file (Add-Content, Get-Content a.csv, b.csv > all.csv) repeat their
    // #TYPE and header lines: they are no data.
    if (record.length === 1 && /^#TYPE\b/i.test(record[0] ?? '')) continue;
    if (record.length === headers.length && record.every((f, i) => f.trim() === headers[i])) continue;
    rows.push({ fields: record, line: lines.position(offset).line, offset });
  }
  return {
    headers,
    headerLine: header.number,
    rows,
    errors,
    cell: (row, column) => lines.position(fieldOffset(body, row.offset, column, delimiter)),
    rowStart: (row) => lines.position(row.offset),
  };
}

/**
 * The locator of one row's facts: `factColumns` maps a dotted fact path inside the asset (`os.version`) to the
 * column it was read from; deeper pointers fall back to their nearest mapped parent, unmapped ones to the row.
 */
export function rowFactLocator(table: CsvTable, row: CsvRow, factColumns: ReadonlyMap<string, number>): InnerLocator {
  return (rest: Pointer) => {
    for (let n = rest.length; n > 0; n--) {
      const column = factColumns.get(rest.slice(0, n).join('.'));
      if (column !== undefined) return table.cell(row, column);
    }
    return undefined;
  };
}
