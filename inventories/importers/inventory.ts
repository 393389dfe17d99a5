// Importer for aipcheck's own inventory format (YAML or JSON), checked against inventories/inventory.schema.json.
import { diagnostic, ErrorCode } from '../../engine/errors.js';
import { type ParseLimits, parseText } from '../../engine/load/parse.js';
import type { SchemaCheck } from '../../engine/load/validate.js';
import { inventoryPart } from '../../engine/snapshot/merge.js';
import type { Snapshot } from '../../engine/types.js';
import type { Importer, ImportResult } from './importer.js';

/** Creates the importer for our own format, with the compiled inventory schema. */
export function createInventoryImporter(check: SchemaCheck, limits?: ParseLimits): Importer {
  return {
    name: 'inventory',
    description: 'aipcheck inventory snapshot (YAML or JSON with a top-level "snapshot")',
    supplies: [
      {
        fact: 'device',
        command: 'an aipcheck inventory written by hand or by a script (see inventories/inventory.schema.json)',
      },
      { fact: 'server', command: 'an aipcheck inventory written by hand or by a script' },
      { fact: 'organization', command: 'an aipcheck inventory written by hand or by a script' },
      { fact: 'network', command: 'an aipcheck inventory written by hand or by a script' },
    ],
    detect(text, file) {
      // A name without an extension (standard input, `<stdin>`) is told by its content alone.
      if (/\.(ya?ml)$/i.test(file) || !/\.[^./\\]+$/.test(file))
        return /^snapshot\s*:/m.test(text) || /^schemaVersion\s*:/m.test(text);
      return /^\s*\{/.test(text) && /"snapshot"\s*:/.test(text.slice(0, 4096));
    },
    import(text, file): ImportResult {
      const empty = inventoryPart({ snapshot: { id: file } }, file, () => ({ line: 1, column: 1 }));
      const parsed = parseText(text, file, limits);
      if (!parsed.ok) return { part: empty, diagnostics: parsed.diagnostics, rowErrors: [] };
      if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
        return {
          part: empty,
          diagnostics: [
            diagnostic(ErrorCode.SCHEMA, file, undefined, 'an inventory must be a mapping with a "snapshot" key'),
          ],
          rowErrors: [],
        };
      }
      const diagnostics = check(parsed.value, file, parsed.locate);
      return { part: inventoryPart(parsed.value as Snapshot, file, parsed.locate), diagnostics, rowErrors: [] };
    },
  };
}
