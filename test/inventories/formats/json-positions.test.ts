import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../engine/load/parse.js';
import type { Pointer } from '../../../engine/types.js';
import { createJsonLocator } from '../../../inventories/formats/json-positions.js';
import { fixturesDir, fixtureText } from '../helpers.js';

/** Every pointer into a value, plus a missing key and index under each container. */
function pointersOf(value: unknown, prefix: Pointer = []): Pointer[] {
  const found: Pointer[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      found.push(...pointersOf(item, [...prefix, i]));
    });
    found.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push(...pointersOf(item, [...prefix, key]));
    found.push([...prefix, 'no-such-key', 0]);
  }
  return found;
}

describe('createJsonLocator', () => {
  const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));
  it.for(files)('answers as the YAML-based locator does for every pointer of %s', (file) => {
    const text = fixtureText(file);
    const reference = parseText(text, file);
    if (!reference.ok) throw new Error(`${file} does not parse`);
    const locate = createJsonLocator(text);
    for (const pointer of pointersOf(JSON.parse(text))) {
      expect(locate(pointer), JSON.stringify(pointer)).toEqual(reference.locate(pointer));
    }
  });

  it('handles escapes, nesting and odd spacing', () => {
    const text = '{"a\\"b" : [ 1 , {"c":"}]\\\\"} ,[ ] ],\n "d":null}';
    const reference = parseText(text, 'x.json');
    if (!reference.ok) throw new Error('does not parse');
    const locate = createJsonLocator(text);
    for (const pointer of pointersOf(JSON.parse(text))) {
      expect(locate(pointer), JSON.stringify(pointer)).toEqual(reference.locate(pointer));
    }
  });
});
