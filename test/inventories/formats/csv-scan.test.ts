import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, CsvScanner } from '../../../inventories/formats/csv-scan.js';

/** What csv-parse gives with the options aipcheck read exports with: records, where each ends (UTF-8 bytes), errors. */
function csvParse(text: string, delimiter: string) {
  const errors: string[] = [];
  const records = parse(text, {
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: { code?: string } | undefined) => {
      if (error) errors.push(error.code ?? 'error');
    },
  } as never) as unknown as { record: string[]; info: { bytes: number } }[];
  return { records: records.map(({ record, info }) => ({ record, bytes: info.bytes })), errors };
}

/**
 * The scanner's records, fed in the given pieces, with their ends in UTF-8 bytes as csv-parse counts them.
 * Their fields are read once every piece is scanned: a record stays readable after the scanner moves on.
 */
function scan(text: string, delimiter: string, cuts: number[] = [], lookAhead = false) {
  const records: { record: CsvRecord; bytes: number }[] = [];
  const scanner = new CsvScanner(delimiter, (record, end) =>
    records.push({ record, bytes: Buffer.byteLength(text.slice(0, end)) }),
  );
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
    // Asking whether the text so far ends a record (as a thread's part does at its end) hands nothing on, and
    // answers as for the same text given at once.
    if (lookAhead) {
      const whole = new CsvScanner(delimiter, () => {});
      whole.push(text.slice(0, at));
      expect(scanner.endsRecord()).toBe(whole.endsRecord());
    }
  }
  scanner.push(text.slice(at));
  scanner.end();
  return {
    records: records.map(({ record, bytes }) => ({ record: record.fields(), bytes })),
    errors: scanner.unclosed ? ['CSV_QUOTE_NOT_CLOSED'] : [],
  };
}

const pieces = ['a', 'b', 'é', '😀', ',', ';', '\t', '"', '""', '\r', '\n', '\r\n', ' ', '\0', '"x"', 'x"y'];
const csvText = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join(''));
const delimiter = fc.constantFrom(',', ';', '\t');

describe('CsvScanner reads what csv-parse reads', () => {
  it('on random text, well-formed or not (quotes anywhere, mixed line breaks, NULs, astral characters)', () => {
    fc.assert(
      fc.property(csvText, delimiter, (text, d) => {
        expect(scan(text, d)).toEqual(csvParse(text, d));
      }),
      { numRuns: 3000 },
    );
  });

  it('whatever pieces the text comes in', () => {
    fc.assert(
      fc.property(csvText, delimiter, fc.array(fc.nat(80), { maxLength: 8 }), (text, d, cuts) => {
        expect(scan(text, d, cuts)).toEqual(csvParse(text, d));
      }),
      { numRuns: 2000 },
    );
  });

  it('whatever pieces the text comes in, asked between them whether it ends a record', () => {
    fc.assert(
      fc.property(csvText, delimiter, fc.array(fc.nat(80), { maxLength: 8 }), (text, d, cuts) => {
        expect(scan(text, d, cuts, true)).toEqual(csvParse(text, d));
      }),
      { numRuns: 2000 },
    );
  });

  it('on rows shaped like exports: quoted fields with delimiters, quotes and line breaks inside', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.constantFrom('"a,b"', '"line\r\nbreak"', '"say ""hi"""', '', ' '),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        (rows, eol, last) => {
          const text = rows.map((r) => r.join(',')).join(eol) + (last ? eol : '');
          expect(scan(text, ',')).toEqual(csvParse(text, ','));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('on records wider than the bounds the scanner keeps at first, in pieces', () => {
    const cells = ['a', '"b,c"', '"say ""hi"""', '"x"y', '', '"line\nbreak"'];
    const row = (n: number) =>
      Array.from({ length: 20000 + n * 5001 }, (_, i) => cells[(i * 7 + n) % cells.length]).join(',');
    const text = Array.from({ length: 6 }, (_, n) => row(n)).join('\n');
    const expected = csvParse(text, ',');
    expect(expected.records).toHaveLength(6);
    expect(scan(text, ',')).toEqual(expected);
    expect(scan(text, ',', [1, 50000, 50001, 90000, 200000, 260000])).toEqual(expected);
  });

  it.each([
    ['unclosed quote drops its row', 'a,b\r\n1,"2\r\n3,4\r\n'],
    ['quote closing nothing', 'a,b\n"x"y,2\n'],
    ['quote inside an unquoted field', 'a,b\nx"y,"z"\n'],
    ['bare LF inside a CRLF file', 'a,b\r\n1\n2,3\r\n'],
    ['empty lines and a row of spaces', 'a\n\n\n \n"" \n'],
    ['BOM kept as a character', '\ufeffa,b\n1,2'],
  ])('%s', (_, text) => {
    expect(scan(text, ',')).toEqual(csvParse(text, ','));
  });
});
