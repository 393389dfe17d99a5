// JSON reporter: golden file, docs/report.schema.json (ajv, draft 2020-12), byte-equality with JSON.stringify's layout.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatJson, jsonRanges } from '../../reporters/json.js';
import { Utf8Sink } from '../../reporters/utf8-sink.js';
import { tempDir } from '../temp-dir.js';
import { expectGolden, layoutJson, render } from './helpers.js';
import { buildLargeReport, buildReport, findings } from './report-fixture.js';
import { reportSchemaErrors } from './validators.js';

const report = buildReport();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a range of the JSON report holds, as text. */
function rangeText(range: ReturnType<typeof jsonRanges>, from: number, to: number): string {
  const out = new Utf8Sink(new Uint8Array(8));
  range(from, to, out);
  return out.decoded();
}

describe('formatJson', () => {
  // Two threads write a fleet's report a range of findings at a time, each taking the next range not taken: in
  // order, the ranges must be the report, whatever their size and whichever thread renders which.
  it.each([
    ['fixture', report],
    ['empty', buildReport({ findings: [], packs: [], rules: [] })],
    ['large', buildLargeReport(40)],
  ])('rendered in ranges by two cursors, joins to the same bytes: %s', (_name, sample) => {
    const whole = render(formatJson, sample);
    const count = sample.findings.length;
    for (const size of [1, 2, 3, 7, Math.max(1, count - 1), count + 5]) {
      const cursors = [jsonRanges(sample), jsonRanges(sample)];
      const pieces: string[] = [];
      for (let from = 0, n = 0; from < Math.max(1, count); from += size, n++) {
        // Either cursor, in an order that skips ranges and takes two in a row.
        const cursor = cursors[n % 3 === 0 ? 0 : 1] as (typeof cursors)[number];
        const to = Math.min(count, from + size);
        pieces.push(rangeText(cursor, from, to));
        // Each range holds its own findings, so the work is shared, not done twice.
        const lines = (pieces.at(-1) ?? '').split('\n').filter((line) => line.startsWith('    {"ruleId"')).length;
        expect(lines).toBe(to - from);
      }
      expect(pieces.join('')).toBe(whole);
    }
    // A range before the last one asked for starts again from the first finding.
    if (count === 0) return;
    const cursor = jsonRanges(sample);
    const last = rangeText(cursor, Math.floor(count / 2), count);
    expect(rangeText(cursor, 0, Math.floor(count / 2)) + last).toBe(whole);
  });

  it('matches the golden file', () => {
    expectGolden('report.json', render(formatJson, report));
  });

  it.each([
    ['fixture', report],
    ['empty', buildReport({ findings: [], packs: [], rules: [] })],
    ['large', buildLargeReport(500)],
  ])('validates against docs/report.schema.json: %s', (_name, sample) => {
    expect(reportSchemaErrors(JSON.parse(render(formatJson, sample)))).toEqual([]);
  });

  it('writes what JSON.stringify would, one line per finding, with every finding in the order given', () => {
    const text = render(formatJson, report);
    const data = JSON.parse(text);
    expect(text).toBe(layoutJson(data));
    expect(text.split('\n').filter((line) => line.startsWith('    {"ruleId":')).length).toBe(findings.length);
    expect(data.findings.map((f: { target: { id: string } }) => f.target.id)).toEqual(findings.map((f) => f.target.id));
    expect(data.summary).toEqual(report.summary);
    expect(Object.keys(data.findings[0])).toEqual([
      'ruleId',
      'ruleVersion',
      'level',
      'outcome',
      'target',
      'message',
      'location',
      'evidence',
    ]);
    expect(render(formatJson, buildReport({ findings: [] }))).toBe(
      `${JSON.stringify(JSON.parse(render(formatJson, buildReport({ findings: [] }))), null, 2)}\n`,
    );
  });

  // A fleet's findings carry their message as a shape and their evidence as pieces around its values, which the
  // writer encodes once and copies; read as plain findings, the same report takes the general path.
  it('writes the findings of the engine as their plain copies, with awkward names and values', async () => {
    const sample = readFileSync(path.join(ROOT, 'inventories/samples/contoso.yaml'), 'utf8')
      .replace('name: WS-0101', 'name: "Zürich 日本 🚀"')
      .replace('name: WS-0102', 'name: "quote\\" and back\\\\slash"')
      .replace('Outbound Inspection CA', 'Überprüfung — 検査 CA')
      .replace('edition: Professional', 'edition: "Professionnel 🚀"');
    const file = path.join(tempDir('json-engine'), 'contoso.yaml');
    writeFileSync(file, sample);
    const { evaluateLazily } = await import('../../index.js');
    const lazy = await evaluateLazily({ inputs: [file], cwd: ROOT, includePassing: true });
    try {
      const text = [...formatJson(lazy)].join('');
      expect(text).toContain('Zürich 日本 🚀');
      expect(text).toContain('quote\\" and back\\\\slash');
      expect(text).toContain('"issuer":"CN=Contoso Überprüfung — 検査 CA');
      expect(text).toBe(layoutJson(JSON.parse(text)));
      expect(text).toBe([...formatJson({ ...lazy, findings: lazy.findings.toArray() })].join(''));
    } finally {
      lazy.release();
    }
  });

  it('keeps awkward text exactly, and puts positions at 1 at least', () => {
    const data = JSON.parse(render(formatJson, report));
    const byId = new Map(data.findings.map((f: { target: { id: string } }) => [f.target.id, f]));
    expect(byId.get('WS-0002')).toMatchObject({ target: { name: 'Bad\u0001name\u0007 with \u001b[31mANSI\u001b[0m' } });
    expect(byId.get('WS-0005')).toMatchObject({
      location: { file: 'C:\\inventories\\absolute.yaml', line: 1, column: 1 },
    });
  });

  it('streams: a chunk per 1,024 findings, each ending where a finding does', () => {
    const large = buildLargeReport(2_500);
    const chunks = [...formatJson(large, {})];
    expect(chunks.length).toBe(Math.ceil(large.findings.length / 1024));
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(chunks[1]?.split('\n').filter((line) => line.startsWith('    {"ruleId"')).length).toBe(1024);
  });

  it('gives the same bytes for the same report', () => {
    expect(render(formatJson, buildReport())).toBe(render(formatJson, buildReport()));
  });
});
