// The row cursor locates rows the same whether it is given a file's text whole or a stream's chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRow, CsvRowCursor } from '../../../inventories/formats/csv.js';
import { CsvScanner, type RecordBreak } from '../../../inventories/formats/csv-scan.js';

/** Rows and where each starts, as parseRows reads them: text appended, then scanned, then records accepted. */
function locate(text: string, cuts: number[], recordBreak?: RecordBreak) {
  const cursor = new CsvRowCursor(',', cuts.length === 0);
  const records: { record: never; end: number }[] = [];
  const scanner = new CsvScanner(',', (record, end) => records.push({ record: record as never, end }), recordBreak);
  const rows: Pick<CsvRow, 'line' | 'column' | 'offset'>[] = [];
  const accept = () => {
    for (const { record, end } of records.splice(0)) {
      const row = cursor.accept(record, end);
      if (row) rows.push({ line: row.line, column: row.column, offset: row.offset });
    }
  };
  let from = 0;
  for (const at of [...cuts, text.length]) {
    const piece = text.slice(from, at);
    from = at;
    cursor.append(piece);
    scanner.push(piece);
    accept();
  }
  scanner.end();
  accept();
  return { rows, end: cursor.positionAtEnd(), next: cursor.nextRowStart(), headers: cursor.headers };
}

const text = fc
  .array(fc.constantFrom('a', 'bc', ',', '"', '""', '\r\n', '\n', '\r', ' ', 'é', '\r\n\r\n', 'x\r'), {
    maxLength: 80,
  })
  .map((parts) => `h1,h2\r\n${parts.join('')}`);

describe('CsvRowCursor', () => {
  it('gives every row the same line, column and offset in chunks as whole', () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom<RecordBreak | undefined>(undefined, '\r\n', '\n', '\r'),
        (given, raw, recordBreak) => {
          // Records ended by a lone \r: a \r\n split between chunks counts as two line breaks when a row ends at
          // the \r (its \n unseen yet), and as one read whole. Such a file has no \n (an old Mac export).
          const csv = recordBreak === '\r' ? given.replaceAll('\n', '\r') : given;
          const cuts = [...new Set(raw.map((n) => n % (csv.length + 1)))].sort((a, b) => a - b);
          const whole = locate(csv, [], recordBreak);
          // One-character chunks too: every line break at a chunk's edge.
          for (const chunked of [
            locate(csv, cuts, recordBreak),
            locate(
              csv,
              Array.from({ length: Math.max(0, csv.length - 1) }, (_, i) => i + 1),
              recordBreak,
            ),
          ]) {
            expect(chunked.rows).toEqual(whole.rows);
            expect(chunked.end).toEqual(whole.end);
            expect(chunked.next).toEqual(whole.next);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
