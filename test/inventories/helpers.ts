// Shared test helpers: read a fixture the way the facade does, through detection, and look at positions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pointer } from '../../engine/types.js';
import { decodeText } from '../../inventories/formats/decode.js';
import type { Importer, ImportResult } from '../../inventories/importers/index.js';
import { createImporters } from '../../inventories/importers/index.js';
import { pickImporter } from '../../inventories/read.js';
import { getSchemas } from '../../run/aipcheck.js';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const importers: Importer[] = createImporters(getSchemas().inventory);

/** Decoded text of a fixture (BOMs handled as the facade does). */
export function fixtureText(name: string): string {
  return decodeText(readFileSync(path.join(fixturesDir, name)));
}

/** The importer detection picks for a fixture, by name. */
export function detectedFormat(name: string): string | undefined {
  return pickImporter(importers, fixtureText(name), `fixtures/${name}`)?.name;
}

/** The importer detection picks for a text, by name. */
export function detectedFormatOf(text: string, file: string): string | undefined {
  return pickImporter(importers, text, file)?.name;
}

/** Imports a fixture with the importer detection picks (or a forced one), and checks the part against the schema. */
export function importFixture(
  name: string,
  forced?: string,
): ImportResult & { importer: string; schemaProblems: string[] } {
  const text = fixtureText(name);
  const file = `fixtures/${name}`;
  const importer = pickImporter(importers, text, file, forced);
  if (!importer) throw new Error(`no importer detects ${name}`);
  const result = importer.import(text, file);
  const schemaProblems = getSchemas()
    .inventory(result.part.snapshot, file, result.part.locate)
    .map((d) => d.message);
  return { ...result, importer: importer.name, schemaProblems };
}

/** The text of the fixture line a pointer into the part's snapshot is located at, trimmed. */
export function lineAt(result: ImportResult, name: string, pointer: Pointer): string {
  const { line } = result.part.locate(pointer);
  return (fixtureText(name).split(/\r\n|\n|\r/)[line - 1] ?? '').trim();
}

/** The text of the fixture from the located position to the end of that line. */
export function textAt(result: ImportResult, name: string, pointer: Pointer): string {
  const { line, column } = result.part.locate(pointer);
  return (fixtureText(name).split(/\r\n|\n|\r/)[line - 1] ?? '').slice(column - 1);
}

/** The importer of that name. */
export function importerNamed(name: string): Importer {
  const importer = importers.find((i) => i.name === name);
  if (!importer) throw new Error(`${name} importer missing`);
  return importer;
}
