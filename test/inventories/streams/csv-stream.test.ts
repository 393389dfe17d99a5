// Large CSV exports streamed row by row give byte for byte the report of reading them whole.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceEvaluator } from '../../../engine/evaluate/stream.js';
import { operators } from '../../../index.js';
import { csvStreamFormat } from '../../../inventories/streams/csv-stream.js';
import { tempDir } from '../../temp-dir.js';
import { type CsvOptions, generateCsv } from './csv-generate.js';
import { both, fleetRuleSet, importers, run } from './fleet-run.js';

function write(cwd: string, name: string, options: CsvOptions): string {
  writeFileSync(path.join(cwd, name), generateCsv(options));
  return name;
}

describe('streaming a CSV export of assets', () => {
  it.for([
    ['Intune, UTF-8 with BOM, CRLF', { kind: 'intune', encoding: 'utf-8-bom', crlf: true }],
    ['Intune, Windows-1252, semicolons', { kind: 'intune', encoding: 'windows-1252', delimiter: ';' }],
    ['Intune, UTF-16LE, tabs', { kind: 'intune', encoding: 'utf-16le', delimiter: '\t', crlf: true }],
    ['AD, #TYPE, UTF-8', { kind: 'ad', encoding: 'utf-8' }],
    ['AD, -UseCulture semicolons, BOM, CRLF', { kind: 'ad', encoding: 'utf-8-bom', delimiter: ';', crlf: true }],
    ['Entra, UTF-8', { kind: 'entra', encoding: 'utf-8', crlf: true }],
  ] as const)('%s: the same report as reading it whole, bad rows kept going', async ([, variant]) => {
    const cwd = tempDir('csv-stream');
    // 1,000 rows (85-120 kB): past one default chunk of 64 KiB, and ~100 chunk ends at 997 bytes.
    for (const seed of [1, 2]) {
      const file = write(cwd, `export-${seed}.csv`, { ...variant, rows: 1000, seed, bad: 0.02, duplication: 1.3 });
      for (const csvChunkBytes of [65_536, 997]) {
        const { streamed, whole } = await both(cwd, [file], { keepGoing: true, csvChunkBytes });
        expect(whole.report).toContain('aipcheck.input.unreadable-row');
        expect(streamed.report).toBe(whole.report);
        expect(streamed.notices).toEqual(whole.notices);
      }
      const stopped = await both(cwd, [file]);
      expect(stopped.whole.report).toMatch(/^diagnostics:\n.*bad-row/);
      expect(stopped.streamed.report).toBe(stopped.whole.report);
    }
  });

  it('merges an asset described by several exports and other inputs as reading all of them whole', async () => {
    const cwd = tempDir('csv-stream');
    const files = [
      write(cwd, 'intune.csv', { kind: 'intune', rows: 700, seed: 7, bad: 0.01, encoding: 'utf-8-bom', crlf: true }),
      write(cwd, 'ad.csv', { kind: 'ad', rows: 500, seed: 8, bad: 0.01 }),
      write(cwd, 'entra.csv', { kind: 'entra', rows: 500, seed: 9, bad: 0.01 }),
    ];
    const yaml = [
      'snapshot: { id: side, collectedAt: "2024-11-15T00:00:00Z" }',
      'organization: { name: Contoso }',
      'assets:',
      '  devices:',
      '    - { id: PC-3, name: From YAML, platform: windows, os: { version: "10.0.19045.1" } }',
      '    - { id: pc-17, platform: macos }',
      '  servers:',
      '    - { id: pc-5, role: exchange }',
    ].join('\n');
    writeFileSync(path.join(cwd, 'side.yaml'), `${yaml}\n`);
    const jsonl = [
      JSON.stringify({ snapshot: { id: 'lines' } }),
      JSON.stringify({ device: { id: 'pc-3', platform: 'windows', observedAt: '2024-11-14T08:23:11Z' } }),
      JSON.stringify({ device: { id: 'pc-9', platform: 'windows', os: { version: '10.0.22631.1' } } }),
    ];
    writeFileSync(path.join(cwd, 'more.jsonl'), `${jsonl.join('\n')}\n`);
    for (const order of [
      [...files, 'side.yaml', 'more.jsonl'],
      ['side.yaml', files[1] as string, 'more.jsonl', files[0] as string, files[2] as string],
    ]) {
      const { streamed, whole } = await both(cwd, order, { keepGoing: true, csvChunkBytes: 4093 });
      expect(streamed.report).toBe(whole.report);
      expect(streamed.notices).toEqual(whole.notices);
      expect(whole.notices.some((n) => n.includes('conflicting-asset'))).toBe(true);
      // Only the largest export streamed (~95 kB), the others (50-70 kB) read whole.
      const one = await run(cwd, order, { keepGoing: true, csvStreamMinBytes: 80_000 });
      expect(one.report).toBe(whole.report);
      expect(one.notices).toEqual(whole.notices);
    }
  });

  it("lists a streamed export's bad rows when another input stops the run first", async () => {
    const cwd = tempDir('csv-stream');
    const file = write(cwd, 'intune.csv', { kind: 'intune', rows: 500, seed: 5, bad: 0.05 });
    writeFileSync(path.join(cwd, 'broken.yaml'), 'snapshot: { id: x }\nassets: [\n');
    const { streamed, whole } = await both(cwd, ['broken.yaml', file]);
    expect(whole.report).toMatch(/broken\.yaml:.*\n(.*\n)*intune\.csv:\d+:\d+: bad-row/);
    expect(streamed.report).toBe(whole.report);
  });

  it('lifts the limit of files read whole for a streamed export', async () => {
    const cwd = tempDir('csv-stream');
    const file = write(cwd, 'big.csv', { kind: 'intune', rows: 200, seed: 3 });
    const limited = await run(cwd, [file], { maxInputBytes: 4096, csvStreamMinBytes: Number.POSITIVE_INFINITY });
    expect(limited.report).toMatch(/too-large: file is \d+ bytes, more than the limit of 4096/);
    const streamed = await run(cwd, [file], { maxInputBytes: 4096, csvStreamMinBytes: 8192 });
    const whole = await run(cwd, [file], {});
    expect(streamed.report).toBe(whole.report);
    expect(streamed.report).toContain('"ruleId"');
  });

  it('streams for json-rules-engine too, a row at a time', async () => {
    const cwd = tempDir('csv-stream');
    const file = write(cwd, 'ad.csv', { kind: 'ad', rows: 150, seed: 6, bad: 0.02 });
    const evaluator = createReferenceEvaluator(await fleetRuleSet(), operators);
    const { streamed, whole } = await both(cwd, [file], { keepGoing: true, evaluator });
    expect(streamed.report).toBe(whole.report);
    expect(streamed.report).toBe((await run(cwd, [file], { keepGoing: true })).report);
  });

  it('detects the format from the head of the file, or takes the forced one', async () => {
    const cwd = tempDir('csv-stream');
    const file = write(cwd, 'devices.txt', { kind: 'entra', rows: 50, seed: 4 });
    const options = { importers, minBytes: 0 };
    expect((await csvStreamFormat(path.join(cwd, file), file, options))?.format.name).toBe('graph-devices');
    const forced = await csvStreamFormat(path.join(cwd, file), file, { ...options, inputFormat: 'intune-csv' });
    expect(forced?.format.name).toBe('intune-csv');
    writeFileSync(
      path.join(cwd, 'graph.json'),
      JSON.stringify({ value: [{ deviceName: 'x', operatingSystem: 'Windows' }] }),
    );
    expect(await csvStreamFormat(path.join(cwd, 'graph.json'), 'graph.json', options)).toBeUndefined();
    expect(await csvStreamFormat(path.join(cwd, file), file, { ...options, minBytes: 1e9 })).toBeUndefined();
  });

  it('stops at a row that never ends and reads no further', async () => {
    const cwd = tempDir('csv-stream');
    const rows = [
      'Device name,OS,OS version',
      'pc-1,Windows,10.0.19045.1',
      'pc-2,Windows,"10.0',
      ...Array(50).fill('pc-3,Windows,10.0.19045.1'),
    ];
    writeFileSync(path.join(cwd, 'open.csv'), `${rows.join('\n')}\n`);
    const streamed = await run(cwd, ['open.csv'], { csvStreamMinBytes: 0, csvMaxRowLength: 200, csvChunkBytes: 64 });
    expect(streamed.report).toMatch(/open\.csv:3:1: bad-row: row is longer than 200 characters/);
    const whole = await run(cwd, ['open.csv'], {});
    // The row the quote opened in, where the stream stops too.
    expect(whole.report).toMatch(/open\.csv:3:1: bad-row: a quote opened in this row is never closed/);
  });
});
