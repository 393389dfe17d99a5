// Large broken inputs stay cheap: a cut-off JSON export is located by JSON.parse, big YAML is refused up front.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, parseText } from '../../engine/load/parse.js';
import { readJson } from '../../inventories/formats/json-input.js';
import { createImporters } from '../../inventories/importers/index.js';
import { getSchemas } from '../../run/aipcheck.js';

const importers = createImporters(getSchemas().inventory);

/** A Graph managedDevices page of `n` devices, pretty-printed as Invoke-MgGraphRequest saves it. */
function graphExport(n: number): string {
  const value = Array.from({ length: n }, (_, i) => ({
    id: `0f3c${String(i).padStart(8, '0')}`,
    deviceName: `PC-${i}`,
    operatingSystem: 'Windows',
    osVersion: '10.0.19045.4291',
    lastSyncDateTime: '2024-05-01T10:00:00Z',
    userPrincipalName: `user${i}@contoso.com`,
  }));
  return JSON.stringify(
    { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices', value },
    null,
    2,
  );
}

describe('a cut-off JSON export', () => {
  // The YAML parser used to locate every JSON.parse failure: 20 s and 3 GB for a 60 MB export cut short.
  it('of 6 MB is located by JSON.parse, where the cut is, without the YAML parser', () => {
    const full = graphExport(24_000);
    expect(full.length).toBeGreaterThan(4 * 1024 * 1024);
    const cut = full.slice(0, full.lastIndexOf('user2399') + 4);
    const lines = cut.split('\n');
    // 'Unterminated string' at the cut is JSON.parse's word: the YAML parser would say otherwise, and elsewhere.
    const result = importers.find((i) => i.name === 'graph-devices')?.import(cut, 'devices.json');
    expect(result?.diagnostics).toEqual([
      {
        code: 'parse-error',
        file: 'devices.json',
        line: lines.length,
        column: (lines.at(-1)?.length ?? 0) + 1,
        message: 'Unterminated string',
      },
    ]);
  });

  // Padding after the error keeps the text over the YAML fallback's length without moving the error.
  const PAD = 5 * 1024 * 1024;
  it.for([
    ['nothing after a key: at the end', '{"value": ', 1, PAD + 11, 'Unexpected end of JSON input'],
    ['a second document', '{"value": []}\n{"value": []}', 2, 1, 'Unexpected non-whitespace character after JSON'],
    ['a missing comma', '{"value": [1, 2] "x": 1}', 1, 18, "Expected ',' or '}' after property value"],
    // V8 gives no position for a token that cannot start a value; the message names the token.
    ['a token that starts no value: 1:1', '{"value": [1, 2, }', 1, 1, "Unexpected token '}'"],
  ] as const)('with %s, when large, is located from JSON.parse', ([, head, line, column, message]) => {
    const read = readJson(`${head}${' '.repeat(PAD)}`, 'big.json');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ code: 'parse-error', file: 'big.json', line, column });
    expect(read.diagnostics[0]?.message).toContain(message);
  });

  it('when small, still goes through the YAML parser, which reads JSON-like text', () => {
    const read = readJson("{value: ['a', 'b',]}", 'small.json');
    expect(read.ok && read.value).toEqual({ value: ['a', 'b'] });
  });
});

describe('YAML size', () => {
  it('a YAML document over the limit is refused before it is parsed', () => {
    // Broken YAML at the end: parsed, it would give a parse-error too.
    const text = `${'a: 1\n'.repeat(DEFAULT_PARSE_LIMITS.maxLength / 5 + 1)}b: [unclosed\n`;
    const parsed = parseText(text, 'big.yaml');
    expect(parsed.ok ? [] : parsed.diagnostics.map((d) => d.code)).toEqual(['input-too-large']);
  });

  it('the limit keeps the parser well inside the heap: 16 MiB', () => {
    expect(DEFAULT_PARSE_LIMITS.maxLength).toBe(16 * 1024 * 1024);
  });
});
