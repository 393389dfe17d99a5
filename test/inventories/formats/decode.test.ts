import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../inventories/formats/decode.js';
import { fixtureText, importerNamed, importFixture, lineAt } from '../helpers.js';

const bytes = (text: string, encoding: BufferEncoding): number[] => [...Buffer.from(text, encoding)];
const utf16be = (text: string): number[] => bytes(text, 'utf16le').map((_, i, all) => all[i ^ 1] ?? 0);

describe('decodeText: the encodings Windows tools write', () => {
  it.each([
    ['UTF-8 without BOM (PowerShell 7, az CLI)', bytes('Jürgen', 'utf8'), 'Jürgen'],
    ['UTF-8 with BOM (Out-File -Encoding UTF8 in 5.1)', [0xef, 0xbb, 0xbf, ...bytes('Jürgen', 'utf8')], 'Jürgen'],
    ['UTF-16LE with BOM (Out-File, >, reg export)', [0xff, 0xfe, ...bytes('Jürgen', 'utf16le')], 'Jürgen'],
    ['UTF-16BE with BOM', [0xfe, 0xff, ...utf16be('Jürgen')], 'Jürgen'],
    ['UTF-16LE without BOM (Encoding.Unicode without preamble)', bytes('Name,OS', 'utf16le'), 'Name,OS'],
    [
      'Windows-1252 (Set-Content, -Encoding Default, Excel CSV, REGEDIT4)',
      bytes('Jürgen Groß', 'latin1'),
      'Jürgen Groß',
    ],
    // The Compliance Utility creates its logs with Out-File -Encoding UTF8, then appends with Add-Content (ANSI).
    [
      'a UTF-8 BOM followed by ANSI text',
      [0xef, 0xbb, 0xbf, ...bytes('Issuer:   CN=Büro CA', 'latin1')],
      'Issuer:   CN=Büro CA',
    ],
    ['Windows-1252 punctuation', [0x93, 0x41, 0x94, 0x20, 0x80], '\u201cA\u201d \u20ac'],
  ])('%s', (_, input, expected) => {
    expect(decodeText(new Uint8Array(input))).toBe(expected);
  });

  it('leaves empty and one-byte inputs alone', () => {
    expect(decodeText(new Uint8Array([]))).toBe('');
    expect(decodeText(new Uint8Array([0x41]))).toBe('A');
  });
});

describe('an Intune export re-saved by German Excel (ANSI, semicolons, dates without seconds)', () => {
  const name = 'intune-excel-ansi.csv';
  const result = importFixture(name);
  const devices = result.part.snapshot.assets?.devices ?? [];

  it('is the Intune format, with the names spelled as in the portal', () => {
    expect(result.importer).toBe('intune-csv');
    expect(result.rowErrors).toEqual([]);
    expect(result.schemaProblems).toEqual([]);
    expect(devices.map((d) => [d.id, d.name, d.platform, d.observedAt])).toEqual([
      ['desktop-7f3k2lq', 'DESKTOP-7F3K2LQ', 'windows', '2024-11-14T08:23:00Z'],
      ['jürgens iphone', 'Jürgens iPhone', 'ios', '2024-11-13T17:45:00Z'],
      ['büro-surface', 'Büro-Surface', 'windows', '2024-11-02T09:05:00Z'],
    ]);
  });

  it('points at the row of each device', () => {
    expect(lineAt(result, name, ['assets', 'devices', 1, 'os', 'version'])).toBe(
      'Jürgens iPhone;Intune;Personal;Compliant;iOS/iPadOS;17.1.1;juergen.gross@contoso.com;13.11.2024 17:45',
    );
    expect(result.part.locate(['assets', 'devices', 2, 'os', 'version'])).toMatchObject({ line: 4, column: 52 });
  });
});

describe('a CSV written as UTF-16LE (Export-Csv -Encoding Unicode, ConvertTo-Csv > file)', () => {
  it('reads the same rows at the same positions as its UTF-8 original', () => {
    const original = fixtureText('ad-computers.csv');
    const utf16 = decodeText(new Uint8Array([0xff, 0xfe, ...bytes(original, 'utf16le')]));
    const importer = importerNamed('ad-computers-csv');
    const fromUtf16 = importer.import(utf16, 'ad-computers.csv');
    const fromUtf8 = importer.import(original, 'ad-computers.csv');
    expect(fromUtf16.part.snapshot.assets).toEqual(fromUtf8.part.snapshot.assets);
    for (const pointer of [
      ['assets', 'servers', 0, 'os', 'version'],
      ['assets', 'devices', 0, 'observedAt'],
    ]) {
      expect(fromUtf16.part.locate(pointer)).toEqual(fromUtf8.part.locate(pointer));
    }
  });
});
