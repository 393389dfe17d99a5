// Large Graph device exports as JSON streamed item by item give byte for byte the report of reading them whole.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/generate.mjs';
import { createReferenceEvaluator } from '../../../engine/evaluate/stream.js';
import { operators } from '../../../index.js';
import { LineIndex } from '../../../inventories/formats/source-map.js';
import { jsonStreamFormat } from '../../../inventories/streams/json-stream.js';
import { tempDir } from '../../temp-dir.js';
import { both, fleetRuleSet, importers, run } from './fleet-run.js';

const OS: [string, string[]][] = [
  ['Windows', ['10.0.19045.3570', '10.0.22631.4037', '6.1.7601.24544', 'not a version']],
  ['iOS', ['17.6.1', '12.5.7']],
  ['macOS', ['14.6.1 (23G93)', '10.15.7']],
  ['Android', ['14', '6.0']],
  ['Windows Server 2019 Datacenter', ['10.0.17763.5122']],
];

/** Graph device objects with what the importer must handle: duplicates, bad items, disabled ones, servers. */
function devices(count: number, seed: number): unknown[] {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, n) => {
    const r = random();
    if (r < 0.01) return 'not an object';
    const [os, versions] = pick(OS);
    const device: Record<string, unknown> = {
      id: r < 0.05 ? undefined : `id-${n}`,
      deviceName: r < 0.02 ? '' : `PC-${Math.floor(random() * count * 0.8)}`,
      operatingSystem: os,
      osVersion: pick(versions),
      lastSyncDateTime: pick(['2024-11-21T09:15:30Z', '2024-11-20T18:02:11Z', '0001-01-01T00:00:00Z']),
      notes: pick(['', 'brackets ] } [ {', 'escapes \\" \\\\', 'Zürich 😀']),
    };
    if (r > 0.97) device.accountEnabled = false;
    if (r > 0.5) device.processorArchitecture = pick(['x64', 'arm64']);
    return device;
  });
}

const PAGE = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices' };

describe('streaming a Graph device export as JSON', () => {
  it.for([
    ['compact, one line', (list: unknown[]) => JSON.stringify({ ...PAGE, value: list })],
    ['indented, CRLF', (list: unknown[]) => JSON.stringify({ ...PAGE, value: list }, null, 2).replace(/\n/g, '\r\n')],
    ['a bare array', (list: unknown[]) => JSON.stringify(list, null, 4)],
    [
      'pages saved together',
      (list: unknown[]) =>
        JSON.stringify([0, 1, 2].map((p) => ({ ...PAGE, value: list.slice(p * 700, p * 700 + 700) }))),
    ],
  ] as const)('%s: the same report as reading it whole', async ([, write]) => {
    const cwd = tempDir('json-stream');
    writeFileSync(path.join(cwd, 'devices.json'), `\ufeff${write(devices(1200, 3))}`);
    const { streamed, whole } = await both(cwd, ['devices.json'], { keepGoing: true });
    expect(whole.report).toContain('aipcheck.input.unreadable-row');
    expect(whole.report).toContain('~id-');
    expect(streamed.report).toBe(whole.report);
    expect(streamed.notices).toEqual(whole.notices);
    const stopped = await both(cwd, ['devices.json']);
    expect(stopped.streamed.report).toBe(stopped.whole.report);
  });

  it('merges a device of a streamed export with other inputs as reading all of them whole', async () => {
    const cwd = tempDir('json-stream');
    writeFileSync(path.join(cwd, 'a.json'), JSON.stringify({ ...PAGE, value: devices(800, 5) }));
    writeFileSync(path.join(cwd, 'b.json'), JSON.stringify({ ...PAGE, value: devices(600, 6) }, null, 1));
    const { streamed, whole } = await both(cwd, ['a.json', 'b.json'], { keepGoing: true });
    expect(whole.notices.some((n) => n.includes('conflicting'))).toBe(true);
    expect(streamed.report).toBe(whole.report);
    expect(streamed.notices).toEqual(whole.notices);
  });

  it('streams for json-rules-engine too, an item at a time', async () => {
    const cwd = tempDir('json-stream');
    writeFileSync(path.join(cwd, 'devices.json'), JSON.stringify({ ...PAGE, value: devices(150, 9) }));
    const evaluator = createReferenceEvaluator(await fleetRuleSet(), operators);
    const { streamed, whole } = await both(cwd, ['devices.json'], { keepGoing: true, evaluator });
    expect(streamed.report).toBe(whole.report);
    expect(streamed.report).toBe((await run(cwd, ['devices.json'], { keepGoing: true })).report);
  });

  it('is found by its content however long its lines, and lifts the limit of files read whole', async () => {
    const cwd = tempDir('json-stream');
    // An empty deviceName and osVersion on the first line: split at commas, they read as CSV headers
    // (`"deviceName":""` is `DeviceName`), which made the Intune CSV importer take the file.
    const first = { id: 'x', deviceName: '', osVersion: '', operatingSystem: 'Windows' };
    writeFileSync(path.join(cwd, 'compact.json'), JSON.stringify({ ...PAGE, value: [first, ...devices(300, 7)] }));
    const limits = { maxInputBytes: 4096, csvMaxRowLength: 1000, csvChunkBytes: 512 };
    const streamed = await run(cwd, ['compact.json'], { ...limits, csvStreamMinBytes: 8192, keepGoing: true });
    const whole = await run(cwd, ['compact.json'], { keepGoing: true });
    expect(streamed.report).toBe(whole.report);
    expect(streamed.report).toContain('"ruleId"');
    expect(streamed.report).toContain('"kind":"device"');
    const file = path.join(cwd, 'compact.json');
    expect((await jsonStreamFormat(file, 'compact.json', { importers, minBytes: 0 }))?.format.name).toBe(
      'graph-devices',
    );
    expect(await jsonStreamFormat(file, 'compact.json', { importers, minBytes: 1e9 })).toBeUndefined();
  });

  it.for([
    [
      'a cut-off document',
      (t: string) => t.slice(0, 5000),
      /devices\.json:1:5001: parse-error: Unexpected end of JSON input/,
    ],
    [
      'a broken item',
      (t: string) => t.replace('"operatingSystem"', '"operatingSystem" "'),
      /devices\.json:1:\d+: parse-error: Unexpected string/,
    ],
    ['text after the document', (t: string) => `${t}\n]`, /devices\.json:2:1: parse-error: Unexpected non-whitespace/],
  ] as const)('locates %s at file:line:col', async ([, spoil, expected]) => {
    const cwd = tempDir('json-stream');
    const text = spoil(JSON.stringify({ ...PAGE, value: devices(100, 8) }));
    writeFileSync(path.join(cwd, 'devices.json'), text);
    const streamed = await run(cwd, ['devices.json'], { csvStreamMinBytes: 0 });
    expect(streamed.report).toMatch(expected);
    // Where JSON.parse of the whole text puts the problem.
    let at = text.length;
    try {
      JSON.parse(text);
    } catch (error) {
      at = Number(/position (\d+)/.exec(String(error))?.[1] ?? at);
    }
    const { line, column } = new LineIndex(text).position(at);
    expect(streamed.report).toContain(`devices.json:${line}:${column}: parse-error`);
    // Nothing else: as for the file read whole, a file that is not JSON imports nothing.
    expect(streamed.report.split('\n')).toHaveLength(2);
  });
});
