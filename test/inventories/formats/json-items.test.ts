import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonItemScanner, JsonScanError, type ScannedItem } from '../../../inventories/formats/json-items.js';
import { createJsonLocator } from '../../../inventories/formats/json-positions.js';

/** Scans `text` fed in pieces cut at `cuts` (offsets, any order). */
function scan(text: string, cuts: number[] = [], trim?: number): ScannedItem[] {
  const items: ScannedItem[] = [];
  const scanner = new JsonItemScanner((item) => items.push(item), trim);
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    scanner.push(text.slice(from, cut));
    from = cut;
  }
  scanner.push(text.slice(from));
  scanner.end();
  return items;
}

// Strings full of what a scanner could trip on: brackets, quotes, backslashes, escapes, non-ASCII.
const tricky = fc.string({
  unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', ':', ' ', '\n', 'é', '😀', '\u2028'),
});
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const device = fc.dictionary(tricky, value, { maxKeys: 6 });
const items = fc.array(fc.oneof({ weight: 5, arbitrary: device }, { weight: 1, arbitrary: value }), { maxLength: 8 });

/** A document as exports write it: compact or indented, with LF, CRLF or lone CR line breaks. */
const layout = fc.record({
  indent: fc.constantFrom(0, 2, 4),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  page: fc.boolean(),
});

function documentOf(list: unknown[], { indent, eol, page }: { indent: number; eol: string; page: boolean }) {
  const body = page
    ? { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#[x]', value: list, '@odata.nextLink': 'v"[' }
    : list;
  return JSON.stringify(body, null, indent).replace(/\n/g, eol);
}

describe('JsonItemScanner', () => {
  it('finds every listed item, with the text, pointer and position of the document read whole', () => {
    fc.assert(
      fc.property(items, layout, fc.array(fc.nat(), { maxLength: 6 }), (list, shape, cuts) => {
        const text = documentOf(list, shape);
        const found = scan(
          text,
          cuts.map((c) => c % (text.length + 1)),
        );
        const locate = createJsonLocator(text);
        // Compared with the list as JSON writes it: -0 is written as 0, and toEqual tells the two apart.
        expect(found.map((item) => JSON.parse(item.text))).toEqual(JSON.parse(JSON.stringify(list)));
        found.forEach((item, i) => {
          const pointer = shape.page ? ['value', i] : [i];
          expect(item.pointer).toEqual(pointer);
          expect(text.slice(item.offset, item.offset + item.text.length)).toBe(item.text);
          expect({ line: item.line, column: item.column }).toEqual(locate(pointer));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same items whatever the chunks, dropping the text it has handed on', () => {
    fc.assert(
      fc.property(
        items,
        layout,
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 16 }),
        (list, shape, cuts, trim) => {
          const text = documentOf(list, shape);
          expect(
            scan(
              text,
              cuts.map((c) => c % (text.length + 1)),
              trim,
            ),
          ).toEqual(scan(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists only the top-level value array of a page', () => {
    const text = '{"x":{"value":[1]},"value":[{"value":[2]},3],"y":[4]}';
    expect(scan(text).map((i) => [i.text, i.pointer])).toEqual([
      ['{"value":[2]}', ['value', 0]],
      ['3', ['value', 1]],
    ]);
  });

  it.for([
    ['{"value":[{"a":1}]', 'Unexpected end of JSON input', 1, 19],
    ['{"value":[{"a":1}]]', "Unexpected token ']'", 1, 19],
    ['{"value":[{"a":1}]} x', 'Unexpected non-whitespace character after JSON', 1, 21],
    ['x', 'not a JSON object or array', 1, 1],
    ['{"value":[{"a":1} {"b":2}]}', 'Expected', 1, 28],
  ] as const)('locates what is not JSON: %s', ([text, message, line, column]) => {
    let error: unknown;
    try {
      scan(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonScanError);
    expect((error as JsonScanError).message).toContain(message);
    expect((error as JsonScanError).at).toEqual({ line, column });
  });
});
