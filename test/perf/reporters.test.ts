// The reporters' fast paths write the same bytes as the straightforward code, and lazy findings as plain ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderShape } from '../../engine/evaluate/messages.js';
import { type EngineOutcome, type Finding, MESSAGE_SHAPE, type Report } from '../../engine/types.js';
import { compareFindings, evaluate, evaluateLazily, reporters } from '../../index.js';
import { stripControls, toOneLine } from '../../reporters/common.js';
import type { formatJson } from '../../reporters/json.js';
import { formatJunit } from '../../reporters/junit.js';
import { escapeXmlAttribute, escapeXmlText, stripInvalidXmlChars } from '../../reporters/xml.js';
import { layoutJson } from '../reporters/helpers.js';
import { buildReport } from '../reporters/report-fixture.js';

/** Any UTF-16 code unit, lone surrogates included, biased to the characters escapes care about. */
const unitArb = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', ' ', '\u0000', '\u007f', '\u0085', '\ud800', '\udc00'),
  fc.constantFrom('\ufffe', '\uffff', '\u00a0', '\u2028', '\ufeff', 'a', 'Z', '0', '(', ')'),
);
const textArb = fc.array(unitArb, { maxLength: 12 }).map((units) => units.join(''));

// The escapes as they were before their fast paths: every step applied to every text.
const slowText = (text: string) =>
  stripInvalidXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
const slowAttribute = (text: string) =>
  toOneLine(stripInvalidXmlChars(text))
    .replaceAll('\t', ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

describe('XML escapes', () => {
  it('return what every escaping step would', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(escapeXmlText(text)).toBe(slowText(text));
        expect(escapeXmlAttribute(text)).toBe(slowAttribute(text));
      }),
      { seed: 11, numRuns: 5000 },
    );
    expect(stripControls('ok')).toBe('ok');
  });
});

const OUTCOMES: EngineOutcome[] = ['pass', 'fail', 'notApplicable', 'unknown', 'error'];
const findingArb: fc.Arbitrary<Finding> = fc
  .record({
    rule: fc.constantFrom('aip.a', 'aip.b', 'aip.c', 'custom.x'),
    outcome: fc.constantFrom(...OUTCOMES),
    kind: fc.constantFrom('organization', 'device', 'server') as fc.Arbitrary<'organization' | 'device' | 'server'>,
    id: fc.oneof(fc.constantFrom('d1', 'd2', 'd1 (x)', 'D1', 'd3'), textArb),
    name: fc.oneof(fc.constantFrom('d1', 'x)', '', 'Laptop'), textArb),
    message: textArb,
    file: fc.oneof(fc.constantFrom('a.yaml', 'b c.jsonl', 'C:\\x.yaml'), textArb),
    line: fc.oneof(fc.integer({ min: 1, max: 99 }), fc.constantFrom(0, -1, 1.5)),
    column: fc.integer({ min: 0, max: 9 }),
  })
  .map((r) => ({
    ruleId: r.rule,
    ruleVersion: '1.0.0',
    pack: 'aip',
    level: r.rule === 'aip.b' ? 'warning' : 'error',
    outcome: r.outcome,
    messageId: r.outcome,
    target: { kind: r.kind, id: r.id, name: r.name },
    message: r.message,
    location: { file: r.file, line: r.line, column: r.column },
  }));

function render(report: Parameters<typeof formatJson>[0], format: keyof typeof reporters, passing = false): string {
  return [...reporters[format](report, { includePassing: passing })].join('');
}

describe('fast paths', () => {
  const base = buildReport();

  it('JSON: each finding as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 12 }), (findings) => {
        const report: Report = { ...base, findings };
        const text = render(report, 'json');
        expect(text).toBe(layoutJson(JSON.parse(text)));
        for (const { target } of findings) {
          expect(text).toContain(`"target":${JSON.stringify({ kind: target.kind, id: target.id, name: target.name })}`);
        }
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('JUnit: suites written as findings stream by equal suites grouped first', () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 16 }), (findings) => {
        const sorted = [...findings].sort(compareFindings);
        // Rule by rule in turn: no longer grouped, so the reporter groups them itself, keeping each rule's order.
        const byRule = new Map<string, Finding[]>();
        for (const f of sorted) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
        const interleaved: Finding[] = [];
        for (let i = 0; interleaved.length < sorted.length; i++) {
          for (const list of byRule.values()) if (list[i]) interleaved.push(list[i] as Finding);
        }
        const streamed = [...formatJunit({ ...base, findings: sorted })].join('');
        const grouped = [...formatJunit({ ...base, findings: interleaved })].join('');
        expect(streamed).toBe(grouped);
      }),
      { seed: 13, numRuns: 400 },
    );
  });
});

describe('messages escaped once per shape', () => {
  const base = buildReport();
  const shapeArb = fc.array(fc.oneof(textArb, fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 5 });

  it('give the bytes of the rendered messages, in JSON and JUnit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(findingArb, shapeArb), { maxLength: 10 }), (pairs) => {
        const plain = pairs
          .map(([f, shape]) => ({ ...f, message: renderShape(shape, f.target.id, f.target.name, f.target.kind) }))
          .sort(compareFindings);
        const shaped = plain.map((f) => ({ ...f, [MESSAGE_SHAPE]: pairs.find(([g]) => g.target === f.target)?.[1] }));
        for (const format of ['json', 'junit'] as const) {
          expect(render({ ...base, findings: shaped }, format)).toBe(render({ ...base, findings: plain }, format));
        }
      }),
      { seed: 14, numRuns: 600 },
    );
  });
});

describe('lazy findings', () => {
  it.for(['inventories/samples/contoso.yaml', 'test/engine/fixtures/inventories/small.yaml'])(
    'write the same reports as rendered findings: %s',
    async (inventory) => {
      const options = { inputs: [inventory], cwd: new URL('../..', import.meta.url).pathname };
      const lazy = await evaluateLazily(options).catch(() => undefined);
      if (!lazy) return;
      const plain = await evaluate(options);
      for (const format of Object.keys(reporters) as (keyof typeof reporters)[]) {
        expect(render(lazy, format)).toBe(render(plain, format));
        expect(render(lazy, format, true)).toBe(render(plain, format, true));
      }
      expect(plain.findings.map((f) => f.target.id)).toEqual([...lazy.findings].map((f) => f.target.id));
      expect(toOneLine(' a\n b ')).toBe('a b');
    },
  );
});
