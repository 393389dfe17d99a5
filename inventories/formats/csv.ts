// CSV exports (Intune, Export-Csv) split into records by CsvScanner, keeping where each row and cell starts in the file.
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Pointer } from '../../engine/types.js';
import { type CsvRecord, CsvScanner } from './csv-scan.js';
import type { InnerLocator, Position } from './source-map.js';

/**
 * One data row: its fields and where its first character is in the text. A field is made into a string when
 * it is read (`field`): a row reader reads a few of an export's columns. The row holds the text it was read
 * from while it is held.
 */
export class CsvRow {
  constructor(
    private readonly record: CsvRecord,
    /** Line the row starts on (a quoted field with line breaks makes a row span lines). */
    readonly line: number,
    /** Column of the row's first character on that line. */
    readonly column: number,
    /** Offset of the row's first character in the text. */
    readonly offset: number,
  ) {}

  get fieldCount(): number {
    return this.record.length;
  }

  /** Field `i` as written (undefined past the last). */
  field(i: number): string | undefined {
    return this.record.field(i);
  }

  /** Every field, as strings. */
  get fields(): string[] {
    return this.record.fields();
  }
}

/** The headers of a table and where its rows and cells are. */
export interface CsvLayout {
  /** Header names as written (trimmed). */
  headers: string[];
  /** Position of a cell; computed on demand by re-scanning the row. */
  cell(row: CsvRow, column: number): Position;
  /** Position of the start of a row. */
  rowStart(row: CsvRow): Position;
}

export interface CsvTable extends CsvLayout {
  headerLine: number;
  rows: CsvRow[];
  /** Rows that could not be read (a quote never closed), at the line they start on. */
  errors: CsvError[];
}

/** A row that could not be read. */
export interface CsvError {
  line: number;
  message: string;
}

/**
 * The input ended inside a quoted field. The offending row is the one the quote opened in, which starts
 * after the last record read (`CsvRowCursor.nextRowStart`): `line` is set once every record is read.
 */
export const UNCLOSED_QUOTE: Readonly<CsvError> = {
  line: 1,
  message: 'a quote opened in this row is never closed: the rest of the file would be one field',
};

/** Header names compared loosely: `Device name`, `DeviceName` and `device_name` are all `devicename`. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Finds each column by its accepted header names (compared normalized); the first name listed that is present wins. */
export function findColumns<C extends string>(
  table: Pick<CsvLayout, 'headers'>,
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

/** Dotted fact path → index of the column it is read from, for the facts whose column this file has. */
export function factColumns<C extends string>(
  columns: Partial<Record<C, number>>,
  facts: readonly (readonly [string, C])[],
): ReadonlyMap<string, number> {
  const found = new Map<string, number>();
  for (const [fact, column] of facts) {
    const index = columns[column];
    if (index !== undefined) found.set(fact, index);
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
    const value = index === undefined ? undefined : row.field(index)?.trim();
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
  // A JSON document is no CSV, however its first line splits at commas: a compact Graph export's
  // `"deviceName":""` would read as a `DeviceName` header.
  if (/^\ufeff?\s*[[{]/.test(text.slice(0, 64))) return new Set();
  const { line } = headerLineOf(text.slice(0, 8192));
  const delimiter = delimiterOf(line);
  if (!line.includes(delimiter)) return new Set();
  return new Set(line.split(delimiter).map((h) => normalizeHeader(h.replace(/^\s*"|"\s*$/g, ''))));
}

/**
 * Columns whose header names another column again (compared as `normalizeHeader` does, so `OS version` and
 * `OSVersion` are the same): an importer would read the first and silently drop the other. Each is located at
 * its second header, on the header line (after a `#TYPE` line).
 */
export function duplicateColumns(text: string, file: string): Diagnostic[] {
  const { line, number } = headerLineOf(text.slice(0, 1 << 20));
  const delimiter = delimiterOf(line);
  const fields: { name: string; column: number }[] = [{ name: '', column: 1 }];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    const field = fields[fields.length - 1] as { name: string; column: number };
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) fields.push({ name: '', column: i + 2 });
    else field.name += c;
  }
  const first = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const { name, column } of fields) {
    const key = normalizeHeader(name);
    if (key === '') continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, name.trim());
    else {
      const message = `the column "${name.trim()}" is there twice (as "${earlier}" before); only one can be read, so which one is meant is unclear: remove or rename one`;
      diagnostics.push(diagnostic(ErrorCode.DUPLICATE_COLUMN, file, { line: number, column }, message));
    }
  }
  return diagnostics;
}

/** How a CSV text is read: its delimiter, and the line its header is on (2 after a `#TYPE` line). */
export interface CsvDialect {
  delimiter: string;
  headerLine: number;
}

/** The dialect of a CSV text, from its first two lines (a stream passes a head that holds them). */
export function csvDialect(text: string): CsvDialect {
  const header = headerLineOf(text);
  return { delimiter: delimiterOf(header.line), headerLine: header.number };
}

/** The text the scanner reads: a `#TYPE` line blanked, not removed, so byte counts stay offsets into the text. */
export function blankTypeLine(text: string, dialect: CsvDialect): string {
  return dialect.headerLine === 2 ? text.replace(/^#TYPE[^\r\n]*/i, (m) => ' '.repeat(m.length)) : text;
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

/** Whether the character at `i` ends a line: `\n`, or `\r` not followed by `\n`. */
function endsLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** Characters dropped from a stream's text at a time, once the rows before them are read. */
const TRIM = 1 << 20;

const NONE = Number.MAX_SAFE_INTEGER;

/**
 * Follows the scanner's records through the text they were parsed from: where each row starts (its line, from
 * the line breaks passed so far) and which records are no data (a blanked `#TYPE` line, the header, headers
 * repeated by concatenated exports). Fed the whole text at once (`readCsv`) or a stream's chunks in order,
 * with the same rows either way. A stream's text is dropped as rows are read: `cell` answers for the last row.
 *
 * The text is kept as the pieces it was appended in, each one flat string, and searched piece by piece: joined
 * by `+` it would be a pair of strings to V8, on which every `indexOf` or read by index costs ten times as
 * much (220–290 ns against 20–35 ns for the two `indexOf` a line needs), and dropping its start copied it.
 */
export class CsvRowCursor implements CsvLayout {
  headers: string[] = [];
  /** The text appended, from the piece holding `base` on, and the offset each piece starts at. */
  private pieces: string[] = [];
  private pieceStarts: number[] = [];
  /** Where the text kept starts (rows before it can no longer be located), and where the text appended ends. */
  private base = 0;
  private appended = 0;
  /** The text from `base` on as one string, made when a cell is located, until the text changes. */
  private flat: string | undefined;
  /** Lines counted up to `scanned`: `line` and the offset it starts at. */
  private scanned = 0;
  private line = 1;
  private lineStart = 0;
  /** The piece holding `scanned`, and the offset of the next `\r` in it at or after `scanned` (-1: not looked for). */
  private piece = 0;
  private nextCr = -1;
  /** Offset where the last record read ends. */
  private previousEnd = 0;

  /** `keep`: the whole text stays, so any row's cells can be located later (a file read whole). */
  constructor(
    readonly delimiter: string,
    private readonly keep = false,
  ) {}

  /** Adds the next text the scanner is given. */
  append(text: string): void {
    if (text === '') return;
    this.pieces.push(text);
    this.pieceStarts.push(this.appended);
    this.appended += text.length;
    this.flat = undefined;
  }

  /** Characters appended after the end of the last record read: the row the scanner is still reading. */
  get pending(): number {
    return this.appended - this.previousEnd;
  }

  /** Where the row after the last record read starts: where a row the scanner could not end is. */
  nextRowStart(): Position {
    let offset = this.previousEnd;
    for (let c = this.codeAt(offset); offset < this.appended && isBlank(c); c = this.codeAt(offset)) offset++;
    return this.positionOf(offset);
  }

  /** The position just after the text appended so far (once every record in it is read). */
  positionAtEnd(): Position {
    return this.positionOf(this.appended);
  }

  /** The position of an offset at or after the last one asked for. */
  private positionOf(offset: number): Position {
    // Jumps from line break to line break (`\n`, and a `\r` not followed by `\n`), as endsLine counts them.
    const { pieces, pieceStarts } = this;
    let i = this.scanned;
    while (i < offset) {
      while (this.piece + 1 < pieces.length && (pieceStarts[this.piece + 1] as number) <= i) {
        this.piece++;
        this.nextCr = -1;
      }
      const piece = pieces[this.piece];
      if (piece === undefined) break;
      const start = pieceStarts[this.piece] as number;
      const lf = piece.indexOf('\n', i - start);
      if (this.nextCr !== NONE && this.nextCr < i) {
        const cr = piece.indexOf('\r', i - start);
        this.nextCr = cr === -1 ? NONE : cr + start;
      }
      const next = Math.min(lf === -1 ? NONE : lf + start, this.nextCr);
      if (next === NONE) {
        // No line break in the rest of this piece: on into the next, if the offset lies beyond it.
        const end = start + piece.length;
        if (end >= offset || this.piece + 1 >= pieces.length) break;
        i = end;
        continue;
      }
      if (next >= offset) break;
      if (this.endsLineAt(next - start)) {
        this.line++;
        this.lineStart = next + 1;
      }
      i = next + 1;
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  /** Whether the character at `at` in the piece line counting is in ends a line, as `endsLine` says of the text. */
  private endsLineAt(at: number): boolean {
    const piece = this.pieces[this.piece] as string;
    const c = piece.charCodeAt(at);
    if (c === 10) return true;
    const next = this.pieces[this.piece + 1];
    const after = at + 1 < piece.length ? piece.charCodeAt(at + 1) : (next?.charCodeAt(0) ?? Number.NaN);
    return c === 13 && after !== 10;
  }

  /** The character code at an offset of the text kept (NaN past the end). */
  private codeAt(offset: number): number {
    const { pieces, pieceStarts } = this;
    for (let k = Math.min(this.piece, pieces.length - 1); k >= 0 && k < pieces.length; ) {
      const start = pieceStarts[k] as number;
      const piece = pieces[k] as string;
      if (offset < start) k--;
      else if (offset - start < piece.length) return piece.charCodeAt(offset - start);
      else k++;
    }
    return Number.NaN;
  }

  /**
   * Reads the next record the scanner gave, `end` the character offset where it ends: the row, or undefined
   * for a record that is no data. The previous row's text may be dropped.
   */
  accept(record: CsvRecord, end: number): CsvRow | undefined {
    const start = this.previousEnd;
    // Lines are counted up to here before the text before it is dropped.
    this.positionOf(start);
    if (!this.keep && start - this.base >= TRIM) this.dropBefore(start);
    this.previousEnd = end;
    // Blank lines and a blanked #TYPE line before the row are not part of it; a row of spaces starts at them.
    let offset = start;
    for (let c = this.codeAt(offset); offset < end && isBlank(c); c = this.codeAt(offset)) offset++;
    if (offset === end) {
      offset = start;
      for (let c = this.codeAt(offset); offset < end && (c === 13 || c === 10); c = this.codeAt(offset)) offset++;
    }
    // A blanked #TYPE line reads as a record of one empty field.
    if (record.length === 1 && record.field(0)?.trim() === '' && this.headers.length === 0) return undefined;
    if (this.headers.length === 0) {
      this.headers = record.fields().map((h) => h.trim());
      return undefined;
    }
    // Exports concatenated into one file (Add-Content, Get-Content a.csv, b.csv > all.csv) repeat their
    // #TYPE and header lines: they are no data.
    if (record.length === 1 && /^#TYPE\b/i.test(record.field(0) ?? '')) return undefined;
    if (record.length === this.headers.length && this.repeatsHeader(record)) return undefined;
    const { line, column } = this.positionOf(offset);
    return new CsvRow(record, line, column, offset);
  }

  /** Keeps the text from `offset` on (line counting has reached it): the pieces wholly before it go. */
  private dropBefore(offset: number): void {
    this.base = offset;
    this.flat = undefined;
    let gone = 0;
    while (gone + 1 < this.pieces.length && (this.pieceStarts[gone + 1] as number) <= offset) gone++;
    if (gone === 0) return;
    this.pieces.splice(0, gone);
    this.pieceStarts.splice(0, gone);
    this.piece -= gone;
    if (this.piece < 0) {
      this.piece = 0;
      this.nextCr = -1;
    }
  }

  /** Whether a record is the header again (its fields trimmed). */
  private repeatsHeader(record: CsvRecord): boolean {
    for (let i = 0; i < record.length; i++) if (record.field(i)?.trim() !== this.headers[i]) return false;
    return true;
  }

  rowStart(row: CsvRow): Position {
    return { line: row.line, column: row.column };
  }

  cell(row: CsvRow, column: number): Position {
    const { base } = this;
    if (row.offset < base) return this.rowStart(row);
    this.flat ??= this.pieces.join('').slice(base - (this.pieceStarts[0] ?? base));
    const text = this.flat;
    const at = fieldOffset(text, row.offset - base, column, this.delimiter) + base;
    let line = row.line;
    let lineStart = row.offset - row.column + 1;
    for (let i = row.offset; i < at; i++) {
      if (endsLine(text, i - base)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: at - lineStart + 1 };
  }
}

/** A line break or a space: what comes before a row's first character without being part of it. */
function isBlank(code: number): boolean {
  return code === 13 || code === 10 || code === 32;
}

/**
 * Parses a CSV export: optional `#TYPE` line, header row, quoted fields with line breaks, CRLF or LF,
 * `,`/`;`/tab delimiters; `#TYPE` and header lines repeated further down (concatenated exports) are
 * skipped. Rows with a different number of fields than the header come back as rows (the importer decides);
 * a row whose quote is never closed comes back in `errors`. Never throws.
 */
export function readCsv(text: string): CsvTable {
  const dialect = csvDialect(text);
  const body = blankTypeLine(text, dialect);
  const errors: CsvError[] = [];
  const cursor = new CsvRowCursor(dialect.delimiter, true);
  cursor.append(body);
  const rows: CsvRow[] = [];
  const scanner = new CsvScanner(dialect.delimiter, (record, end) => {
    const row = cursor.accept(record, end);
    if (row) rows.push(row);
  });
  scanner.push(body);
  scanner.end();
  if (scanner.unclosed) errors.push({ ...UNCLOSED_QUOTE });
  for (const error of errors) error.line = cursor.nextRowStart().line;
  return {
    headers: cursor.headers,
    headerLine: dialect.headerLine,
    rows,
    errors,
    cell: (row, column) => cursor.cell(row, column),
    rowStart: (row) => cursor.rowStart(row),
  };
}

/**
 * The locator of one row's facts: `factColumns` maps a dotted fact path inside the asset (`os.version`) to the
 * column it was read from; deeper pointers fall back to their nearest mapped parent, unmapped ones to the row.
 */
export function rowFactLocator(
  table: Pick<CsvLayout, 'cell'>,
  row: CsvRow,
  factColumns: ReadonlyMap<string, number>,
): InnerLocator {
  return (rest: Pointer) => {
    for (let n = rest.length; n > 0; n--) {
      const column = factColumns.get(rest.slice(0, n).join('.'));
      if (column !== undefined) return table.cell(row, column);
    }
    return undefined;
  };
}
