// JSON Lines with lines that never end: reported and skipped as they stream by, in bounded time and memory.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JsonLinesReader,
  type JsonLinesRecord,
  MAX_LINE_LENGTH,
  recordChecks,
} from '../../inventories/importers/jsonl.js';
import { openStream } from '../../inventories/streams/jsonl-stream.js';
import { getSchemas } from '../../run/aipcheck.js';

const check = getSchemas().inventory;
const header = '{"schemaVersion": "1", "snapshot": {"id": "fleet"}}\n';
const device = (id: string) => `{"device": {"id": "${id}", "platform": "macos", "os": {"version": "14.1"}}}\n`;

function newReader(): JsonLinesReader {
  if (!check.schema) throw new Error('the inventory check carries no schema');
  return new JsonLinesReader('fleet.jsonl', check, recordChecks(check.schema));
}

describe('a line longer than the limit', () => {
  // The reader kept `rest + chunk` and searched all of it for a break on every chunk: a 1 GB line took
  // minutes and 3.4 GB of memory before failing as "not JSON"; the test timeout catches that again.
  it('among asset lines: a bad-row for it, the lines around it read', () => {
    const reader = newReader();
    const records: JsonLinesRecord[] = [];
    const emit = (r: JsonLinesRecord) => records.push(r);
    reader.push(header + device('before'), emit);
    const chunk = 'x'.repeat(64 * 1024);
    for (let sent = 0; sent <= MAX_LINE_LENGTH; sent += chunk.length) reader.push(chunk, emit);
    reader.push(`\n${device('after')}`, emit);
    reader.end(emit);
    expect(reader.diagnostics).toEqual([]);
    expect(reader.rowErrors).toEqual([
      {
        code: 'bad-row',
        file: 'fleet.jsonl',
        line: 3,
        column: 1,
        message: `line is longer than ${MAX_LINE_LENGTH} characters; a line holds one asset (or the header)`,
      },
    ]);
    expect(records.map((r) => [r.asset.id, r.line])).toEqual([
      ['before', 2],
      ['after', 4],
    ]);
  });

  it('as the header, cut off at the end of the file: input-too-large on line 1', () => {
    const reader = newReader();
    const emit = () => undefined;
    reader.push('{"snapshot": {"id": "', emit);
    reader.push('y'.repeat(MAX_LINE_LENGTH), emit);
    reader.end(emit);
    expect(reader.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['input-too-large', 1, 1]]);
  });

  it('a line just at the limit is still read', () => {
    const reader = newReader();
    const records: JsonLinesRecord[] = [];
    const line = device('edge').trimEnd();
    const padded = `${line.slice(0, -1)}${' '.repeat(MAX_LINE_LENGTH - line.length)}}`;
    expect(padded.length).toBe(MAX_LINE_LENGTH);
    reader.push(`${header}${padded}\n`, (r) => records.push(r));
    reader.end(() => undefined);
    expect(reader.rowErrors).toEqual([]);
    expect(records.map((r) => r.asset.id)).toEqual(['edge']);
  });
});

describe('a file whose first line never ends', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aipcheck-jsonl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // openStream read ever more of the file looking for the first break; past 2 GiB fs.read's length
  // assertion aborted the process (signal 6). Now it stops once the line is too long whatever it holds.
  it('is opened reading a bounded head, not the whole file (2.5 GB, sparse)', async () => {
    const file = path.join(dir, 'endless.jsonl');
    const fd = openSync(file, 'w');
    writeSync(fd, '{"snapshot": {"id": "x", "source": "', 0);
    writeSync(fd, '"', 2.5 * 1024 ** 3);
    closeSync(fd);
    const stream = await openStream(file, 'endless.jsonl', check);
    expect(stream.bodyStart).toBeLessThanOrEqual(64 * 1024 ** 2);
    expect(stream.first).toEqual([]);
    stream.reader.end(() => undefined);
    expect(stream.reader.diagnostics.map((d) => [d.code, d.line])).toEqual([['input-too-large', 1]]);
  });
});
