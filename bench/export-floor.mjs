// The parse floor of an export: the least any tool must do with it. CSV: papaparse (the fastest quote-correct
// JavaScript CSV parser measured) streaming every row; or aipcheck's own scanner (dist/, built), or csv-parse,
// the parser aipcheck used before it. JSON: a bare
// JSON.parse of each file. Text: splitting lines. Usage: node bench/export-floor.mjs KIND FILE...
import { createReadStream, readFileSync } from 'node:fs';

/** Rows papaparse reads from a CSV file, streamed. */
async function papaparseRows(file) {
  // Loaded only for the floor that uses it, so no other floor pays for loading it.
  const { default: Papa } = await import('papaparse');
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
      step: () => {
        rows++;
      },
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

/** Rows csv-parse reads from a CSV file, streamed, with the options aipcheck reads exports with. */
async function csvParseRows(file) {
  const { parse: csvParse } = await import('csv-parse');
  let rows = 0;
  const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    csvParse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }),
  );
  for await (const _ of parser) rows++;
  return rows;
}

/** Rows aipcheck's CsvScanner reads from a CSV file, streamed (the build in dist/). */
async function scannerRows(file) {
  const { CsvScanner } = await import('../dist/inventories/formats/csv-scan.js');
  let rows = 0;
  const scanner = new CsvScanner(',', () => {
    rows++;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) scanner.push(chunk);
  scanner.end();
  return rows;
}

/**
 * JSON.parse of a Graph document's bytes. One over V8's longest string (~512 MB) is parsed in pieces cut
 * between two items (the generator's `},{"id"` or indented `},\n    {`), each wrapped in brackets: the same
 * bytes, parsed as a few documents.
 */
function parseJson(file) {
  const bytes = readFileSync(file);
  if (bytes.length < 400e6) {
    const value = JSON.parse(bytes.toString('utf8'));
    return Array.isArray(value) ? value.length : (value.value?.length ?? 1);
  }
  const open = bytes.indexOf('[');
  let items = 0;
  let from = open + 1;
  while (from < bytes.length) {
    const next = [bytes.indexOf('},{"id"', from + 200e6), bytes.indexOf('},\n    {', from + 200e6)].filter(
      (i) => i > 0,
    );
    const cut = next.length > 0 ? Math.min(...next) + 1 : bytes.lastIndexOf(']');
    items += JSON.parse(`[${bytes.toString('utf8', from, cut)}]`).length;
    from = cut + 1;
    if (next.length === 0) break;
  }
  return items;
}

const [kind, ...files] = process.argv.slice(2);
const started = process.hrtime.bigint();
let records = 0;
for (const file of files) {
  if (kind === 'papaparse') records += await papaparseRows(file);
  else if (kind === 'csv-parse') records += await csvParseRows(file);
  else if (kind === 'scanner') records += await scannerRows(file);
  else if (kind === 'json') records += parseJson(file);
  else if (kind === 'lines') records += readFileSync(file, 'utf8').split('\n').length;
  else throw new Error(`unknown floor ${kind}`);
}
console.log(JSON.stringify({ records, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
