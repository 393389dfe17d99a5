import { describe, expect, it } from 'vitest';
import { parseText, pointerFromJsonPointer } from '../../engine/load/parse.js';

describe('parseText', () => {
  it('parses YAML and locates keys and sequence items', () => {
    const text =
      'snapshot:\n  id: s1\nassets:\n  devices:\n    - id: a\n    - id: b\n      os:\n        version: "10.0"\n';
    const parsed = parseText(text, 'inv.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      snapshot: { id: 's1' },
      assets: { devices: [{ id: 'a' }, { id: 'b', os: { version: '10.0' } }] },
    });
    expect(parsed.locate([])).toEqual({ line: 1, column: 1 });
    expect(parsed.locate(['assets', 'devices', 1])).toEqual({ line: 6, column: 7 });
    expect(parsed.locate(['assets', 'devices', 1, 'os', 'version'])).toEqual({ line: 8, column: 9 });
  });

  it('falls back to the deepest existing node for a missing path', () => {
    const parsed = parseText('a:\n  b: 1\n', 'x.yaml');
    if (!parsed.ok) throw new Error('parse failed');
    expect(parsed.locate(['a', 'nope', 'deeper'])).toEqual({ line: 1, column: 1 });
    expect(parsed.locate(['a', 'b', 'c'])).toEqual({ line: 2, column: 3 });
  });

  it('parses JSON with positions and strips a byte-order mark', () => {
    const parsed = parseText('\uFEFF{\n  "snapshot": {"id": "j"},\n  "x": [1, 2]\n}', 'inv.json');
    if (!parsed.ok) throw new Error('parse failed');
    expect(parsed.value).toEqual({ snapshot: { id: 'j' }, x: [1, 2] });
    expect(parsed.locate(['x', 1])).toEqual({ line: 3, column: 12 });
  });

  it('reports syntax errors with line and column', () => {
    const parsed = parseText('a: 1\nb: [unclosed\n', 'bad.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'parse-error', file: 'bad.yaml' });
    expect(parsed.diagnostics[0]?.line).toBeGreaterThan(1);
  });

  it('reports duplicate keys', () => {
    const parsed = parseText('a: 1\na: 2\n', 'dup.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'parse-error', line: 2, column: 1 });
  });

  it('stops an alias bomb with a bounded error', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n');
    const parsed = parseText(bomb, 'bomb.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]?.code).toBe('alias-limit');
  });

  it('refuses oversized input before parsing it', () => {
    const parsed = parseText('a: 1\n'.repeat(100), 'big.yaml', { maxLength: 50, maxAliasCount: 10 });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'input-too-large', line: 1, column: 1 });
  });
});

describe('pointerFromJsonPointer', () => {
  it.for([
    ['', []],
    ['/a/0/b', ['a', 0, 'b']],
    ['/a~1b/c~0d', ['a/b', 'c~d']],
    ['/01', ['01']],
  ] as const)('%s', ([input, expected]) => {
    expect(pointerFromJsonPointer(input)).toEqual(expected);
  });
});
