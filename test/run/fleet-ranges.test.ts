// Large CSV and Graph JSON exports split between two threads give the report of reading them on one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../bench/generate.mjs';
import { evaluate } from '../../index.js';
import { type CsvRange, CsvStream, csvStreamFormat, streamCsv } from '../../inventories/streams/csv-stream.js';
import { jsonStreamFormat } from '../../inventories/streams/json-stream.js';
import { INTUNE_MAIN_SHARE } from '../../inventories/streams/split.js';
import type { FleetHelper } from '../../run/fleet.js';
import { evaluateRowRange, planRowSplit, type RowRangeJob } from '../../run/fleet-ranges.js';
import { type CsvEncoding, encodeText, generateCsvText } from '../inventories/streams/csv-generate.js';
import { fleetRuleSet, importers, run } from '../inventories/streams/fleet-run.js';
import { tempDir } from '../temp-dir.js';

/** A helper on this thread: evaluates the jobs the main side sends, through a copy as a thread would. */
async function inProcessHelper(jobs: RowRangeJob[]): Promise<FleetHelper> {
  const ruleSet = await fleetRuleSet();
  return {
    evaluateRange: () => Promise.reject(new Error('no JSON Lines here')),
    evaluateRows: async (job) => {
      jobs.push(job);
      return structuredClone(await evaluateRowRange(ruleSet, structuredClone(job)));
    },
  };
}

/** The report of one thread, the report of two, and the jobs the helper got. */
async function oneAndTwo(cwd: string, file: string, keepGoing = true) {
  const jobs: RowRangeJob[] = [];
  const options = { keepGoing, csvStreamMinBytes: 0, parallelMinBytes: 0 };
  const one = await run(cwd, [file], options);
  const two = await run(cwd, [file], { ...options, helper: await inProcessHelper(jobs) });
  return { one, two, jobs };
}

/**
 * An Intune export whose middle is one row with a quoted note of many lines (and doubled quotes): the first
 * line break after half the file is inside quotes, so the split must come after that row.
 */
function straddlingCsv(encoding: CsvEncoding, crlf: boolean): { bytes: Buffer; rowEnds: number } {
  const eol = crlf ? '\r\n' : '\n';
  const before = generateCsvText({ kind: 'intune', rows: 600, seed: 5, crlf, bad: 0.02, duplication: 1.3 });
  const after = generateCsvText({ kind: 'intune', rows: 600, seed: 6, crlf, bad: 0.02, duplication: 1.3 });
  const note = Array.from({ length: 1500 }, (_, i) => `line ${i}, "quoted" Zürich €,`).join(eol);
  const row = `0d1b4f3e-9999,pc-straddle,2024-11-14 08:23:11.0000000,10.0.19045.3570,u@contoso.com,Windows,Pro,x64,"${note.replace(/"/g, '""')}"${eol}`;
  const head = encodeText(before + row, encoding);
  // The second export is appended whole: its header is skipped as a repeated one.
  const tail = encodeText(after, encoding === 'utf-8-bom' ? 'utf-8' : encoding);
  return { bytes: Buffer.concat([head, tail]), rowEnds: head.length };
}

describe('splitting a large CSV export between two threads', () => {
  it.for([
    ['UTF-8, LF', 'utf-8', false],
    ['UTF-8 with BOM, CRLF', 'utf-8-bom', true],
    ['Windows-1252 (ANSI), CRLF', 'windows-1252', true],
  ] as const)('%s: a quoted field of many lines across the middle', async ([, encoding, crlf]) => {
    const cwd = tempDir('csv-split');
    const { bytes, rowEnds } = straddlingCsv(encoding, crlf);
    writeFileSync(path.join(cwd, 'devices.csv'), bytes);
    // The middle of the file lies inside the quoted note.
    expect(bytes.indexOf('pc-straddle')).toBeLessThan(bytes.length * 0.52);
    expect(rowEnds).toBeGreaterThan(bytes.length * 0.52);
    const stream = await csvStreamFormat(path.join(cwd, 'devices.csv'), 'devices.csv', { importers, minBytes: 0 });
    if (!(stream instanceof CsvStream)) throw new Error('not streamed');
    const split = await planRowSplit(stream);
    // Past the note: at its end or a few lines on (a blank line or a bad row after it is no record to check).
    expect(split?.offset).toBeGreaterThanOrEqual(rowEnds);
    expect(split?.offset).toBeLessThan(rowEnds + 4096);
    expect(bytes[(split?.offset ?? 0) - 1]).toBe(0x0a);
    // The thread reading up to the split finds its rows end there.
    const stop = await streamCsv(stream, () => {}, undefined, split?.range as CsvRange);
    expect(stop.stopped).toBe(true);
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.csv');
    expect(jobs).toHaveLength(1);
    expect(one.report).toContain('aipcheck.input.unreadable-row');
    expect(one.report).toContain('"line":');
    expect(two.report).toBe(one.report);
    expect(two.notices).toEqual(one.notices);
  });

  it('reads on past the split when lines inside a quoted field read as records', async () => {
    // A note of many lines, each as many fields as the header and no quote, across the share: the rows after
    // a line break in it look whole, so the split is put there; the thread reading up to it finds its rows do
    // not end there and reads on alone.
    const before = generateCsvText({ kind: 'intune', rows: 500, seed: 7 });
    const columns = (before.split('\n')[0] as string).split(',').length;
    const inner = Array.from({ length: 3000 }, (_, i) => Array.from({ length: columns }, () => `x${i}`).join(','));
    const row = `0d1b4f3e-9999,pc-note,2024-11-14 08:23:11.0000000,10.0.19045.3570,u@contoso.com,Windows,Pro,x64,"${inner.join('\n')}"\n`;
    const after = generateCsvText({ kind: 'intune', rows: 200, seed: 8 }).split('\n').slice(1).join('\n');
    const text = before + row + after;
    const noteStart = Buffer.byteLength(before) + row.indexOf('"');
    const noteEnd = Buffer.byteLength(before + row);
    expect(noteStart).toBeLessThan(Buffer.byteLength(text) * INTUNE_MAIN_SHARE);
    expect(noteEnd).toBeGreaterThan(Buffer.byteLength(text) * INTUNE_MAIN_SHARE + 4096);
    const cwd = tempDir('csv-split');
    writeFileSync(path.join(cwd, 'devices.csv'), text);
    const stream = await csvStreamFormat(path.join(cwd, 'devices.csv'), 'devices.csv', { importers, minBytes: 0 });
    if (!(stream instanceof CsvStream)) throw new Error('not streamed');
    const split = await planRowSplit(stream);
    expect(split?.offset).toBeGreaterThan(noteStart);
    expect(split?.offset).toBeLessThan(noteEnd);
    const stop = await streamCsv(stream, () => {}, undefined, split?.range as CsvRange);
    expect(stop.stopped).toBe(false);
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.csv');
    expect(jobs).toHaveLength(1);
    expect(one.report).toContain('pc-note');
    expect(two.report).toBe(one.report);
  });

  it('reads on past the split when a quote the count took for an opening one is text', async () => {
    // `ab"c` is no quoted field: the reader takes the quote as text, the count of quotes is fooled by it. The
    // count decides when no rows near the share read as records: here every row has one field too many.
    const text = generateCsvText({ kind: 'intune', rows: 1200, seed: 7 });
    const lines = text.split('\n').map((line, i) => (i === 0 || line === '' ? line : `${line},extra`));
    const at = Math.floor(lines.length * 0.3);
    lines[at] = (lines[at] as string).replace('pc-', 'p"c-');
    const cwd = tempDir('csv-split');
    writeFileSync(path.join(cwd, 'devices.csv'), lines.join('\n'));
    const stream = await csvStreamFormat(path.join(cwd, 'devices.csv'), 'devices.csv', { importers, minBytes: 0 });
    if (!(stream instanceof CsvStream)) throw new Error('not streamed');
    const split = await planRowSplit(stream);
    // The count of quotes puts the split inside a quoted note: this thread finds its rows do not end there.
    const stop = await streamCsv(stream, () => {}, undefined, split?.range as CsvRange);
    expect(stop.stopped).toBe(false);
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.csv');
    expect(jobs).toHaveLength(1);
    expect(two.report).toBe(one.report);
  });

  it('stops at the same row that never ends as one thread', async () => {
    const cwd = tempDir('csv-split');
    const text = generateCsvText({ kind: 'ad', rows: 1500, seed: 8 });
    // No quote after it closes the one that opens the row.
    writeFileSync(path.join(cwd, 'ad.csv'), `${text}"never closed,${'pc-x,True\n'.repeat(300)}`);
    const { one, two, jobs } = await oneAndTwo(cwd, 'ad.csv');
    expect(jobs).toHaveLength(1);
    expect(one.report).toContain('never closed');
    expect(two.report).toBe(one.report);
  });

  it('keeps a UTF-16 export on one thread', async () => {
    const cwd = tempDir('csv-split');
    const text = generateCsvText({ kind: 'intune', rows: 800, seed: 9, crlf: true });
    writeFileSync(path.join(cwd, 'devices.csv'), encodeText(text, 'utf-16le'));
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.csv');
    expect(jobs).toHaveLength(0);
    expect(two.report).toBe(one.report);
  });
});

/** Graph managed devices: duplicates, bad items, strings with brackets, escapes and characters beyond the BMP. */
function graphDevices(count: number, seed: number): unknown[] {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, n) => {
    const r = random();
    if (r < 0.01) return 'not an object';
    return {
      id: r < 0.05 ? undefined : `id-${n}`,
      deviceName: r < 0.02 ? '' : `PC-${Math.floor(random() * count * 0.7)}`,
      operatingSystem: pick(['Windows', 'iOS', 'Windows Server 2019 Datacenter', 'Android']),
      osVersion: pick(['10.0.19045.3570', '17.6.1', '10.0.17763.5122', '6.0', 'not a version']),
      notes: pick(['', 'brackets ], { [ },{', 'escapes \\" \\\\', 'Zürich 😀', '"quoted",']),
      deviceActionResults: r > 0.6 ? [{ actionName: 'sync' }, { actionName: 'wipe', note: '},{' }] : [],
    };
  });
}

const PAGE = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices' };

describe('splitting a large Graph export between two threads', () => {
  it.for([
    ['compact, one line', (value: unknown[]) => JSON.stringify({ ...PAGE, value })],
    ['indented, CRLF', (value: unknown[]) => JSON.stringify({ ...PAGE, value }, null, 2).replace(/\n/g, '\r\n')],
    [
      'a next link after the items',
      (value: unknown[]) => JSON.stringify({ ...PAGE, value, '@odata.nextLink': 'https://graph/next?$skiptoken=x' }),
    ],
  ] as const)('%s: the same findings and positions as one thread', async ([, write]) => {
    const cwd = tempDir('graph-split');
    writeFileSync(path.join(cwd, 'devices.json'), `\ufeff${write(graphDevices(1500, 4))}`);
    const stream = await jsonStreamFormat(path.join(cwd, 'devices.json'), 'devices.json', { importers, minBytes: 0 });
    if (!stream) throw new Error('not streamed');
    const split = await planRowSplit(stream);
    if (split?.job.type !== 'graph') throw new Error('no split');
    // The split follows the comma between two items of `value`, after as many items.
    const text = readFileSync(path.join(cwd, 'devices.json'));
    expect(text[split.offset - 1]).toBe(0x2c);
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.json');
    expect(jobs).toHaveLength(1);
    expect(one.report).toContain('aipcheck.input.unreadable-row');
    expect(two.report).toBe(one.report);
    expect(two.notices).toEqual(one.notices);
  });

  it('shares the pages of an export between the threads, whole, with devices on several pages merged', async () => {
    const cwd = tempDir('graph-split');
    const devices = graphDevices(2400, 7);
    const pages = [0, 1, 2, 3].map((p) => `page${p + 1}.json`);
    pages.forEach((page, p) => {
      const value = devices.slice(p * 600, p * 600 + 600);
      // The first page's first device again on the last page, newer: one device, merged across the threads.
      if (p === 3) value.push({ ...(devices[0] as object), lastSyncDateTime: '2099-01-01T00:00:00Z' });
      writeFileSync(path.join(cwd, page), JSON.stringify({ ...PAGE, value }, null, p === 2 ? 2 : undefined));
    });
    // A CSV export among them, streamed too.
    writeFileSync(path.join(cwd, 'intune.csv'), generateCsvText({ kind: 'intune', rows: 500, seed: 8, prefix: 'PC' }));
    const files = [...pages.slice(0, 2), 'intune.csv', ...pages.slice(2)];
    const jobs: RowRangeJob[] = [];
    const options = { keepGoing: true, csvStreamMinBytes: 0, parallelMinBytes: 0 };
    const one = await run(cwd, files, options);
    const two = await run(cwd, files, { ...options, helper: await inProcessHelper(jobs) });
    // The last files whole, the one across this thread's share (with an Intune export among them, INTUNE_MAIN_SHARE) from a split.
    expect(jobs.map((job) => `${job.shown} ${job.resume ? 'part' : 'whole'}`)).toEqual([
      'intune.csv part',
      'page3.json whole',
      'page4.json whole',
    ]);
    expect(two.report).toBe(one.report);
    expect(two.notices).toEqual(one.notices);
  });

  it('reports the same syntax error in the second part as one thread', async () => {
    const cwd = tempDir('graph-split');
    const text = JSON.stringify({ ...PAGE, value: graphDevices(1200, 5) });
    const at = text.indexOf('"osVersion"', Math.floor(text.length * 0.8));
    writeFileSync(path.join(cwd, 'devices.json'), `${text.slice(0, at)}osVersion${text.slice(at + 11)}`);
    const { one, two } = await oneAndTwo(cwd, 'devices.json', false);
    expect(one.report).toMatch(/^diagnostics:\n.*devices\.json:1:\d+: parse/);
    expect(two.report).toBe(one.report);
  });

  // Broken twice: an item, and text after the document, which the scanner meets in the same chunk as the item's end
  // but before the item is parsed. The file is 1.5 MB, chunks 1 MB: at 60% the item is in this thread's first chunk
  // but in the helper's only one; at 95% in the last chunk of both. The item's error comes first in the file.
  it.for([0.6, 0.95])('broken at %f and after the end: the first error in file order on both', async (at) => {
    const cwd = tempDir('graph-split');
    const text = `${JSON.stringify({ ...PAGE, value: graphDevices(9000, 5) })}}`;
    const item = text.lastIndexOf('"osVersion"', Math.floor(text.length * at));
    writeFileSync(path.join(cwd, 'devices.json'), `${text.slice(0, item)}osVersion${text.slice(item + 11)}`);
    const { one, two, jobs } = await oneAndTwo(cwd, 'devices.json', false);
    expect(jobs).toHaveLength(1);
    expect(one.report).toBe(
      `diagnostics:\ndevices.json:1:${item + 1}: parse-error: Expected double-quoted property name`,
    );
    expect(two.report).toBe(one.report);
  });
});

describe('the facade with a helper thread', () => {
  it.for([
    ['an Intune CSV export', 'devices.csv'],
    ['a compact Graph export', 'devices.json'],
  ] as const)('%s: the same report on one thread and on two', { timeout: 60_000 }, async ([, file]) => {
    const cwd = tempDir('split-facade');
    const bytes =
      file === 'devices.csv'
        ? straddlingCsv('windows-1252', true).bytes
        : Buffer.from(JSON.stringify({ ...PAGE, value: graphDevices(1500, 6) }));
    writeFileSync(path.join(cwd, file), bytes);
    const options = { inputs: [file], cwd, keepGoing: true, streamMinBytes: 0, today: '2024-12-01' };
    const one = await evaluate({ ...options, threads: 1 });
    const two = await evaluate({ ...options, parallelMinBytes: 0 });
    expect(two.findings).toEqual(one.findings);
    expect(two.notices).toEqual(one.notices);
    expect(two.summary).toEqual(one.summary);
  });
});
