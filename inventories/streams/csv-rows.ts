// The rows of a streamed CSV in order, decoded and parsed a chunk at a time: the whole file, or one thread's part.
import { createReadStream } from 'node:fs';
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import { blankTypeLine, type CsvRow, CsvRowCursor, csvDialect, UNCLOSED_QUOTE } from '../formats/csv.js';
import { type CsvRecord, CsvScanner, type RecordBreak } from '../formats/csv-scan.js';
import type { Position } from '../formats/source-map.js';
import { type CsvStream, MAX_ROW_LENGTH } from './csv-source.js';
import { CHUNK } from './jsonl-stream.js';
import { chunkDecoder } from './large-input.js';

/** A row stopped by MAX_ROW_LENGTH. */
class RowTooLong extends Error {}

/** Where a pass over a streamed CSV puts the problems it finds. */
export interface Problems {
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
export async function parseRows(
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
    let records: { record: CsvRecord; end: number }[] = [];
    const scanner = new CsvScanner(delimiter, (record, end) => records.push({ record, end }), resume?.recordBreak);
    const readRecords = async () => {
      const ready = records;
      records = [];
      for (const { record, end } of ready) {
        const row = cursor.accept(record, end);
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
      const scanner = new CsvScanner(dialect.delimiter, (record, end) => cursor.accept(record, end));
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
