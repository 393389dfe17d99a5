// The importer registry: detection order matters (most specific first); our own format is the fallback.
import type { ParseLimits } from '../../engine/parse.js';
import type { SchemaCheck } from '../../engine/validate.js';
import type { Importer } from './importer.js';
import { createInventoryImporter } from './inventory.js';

export type { Importer, ImportResult } from './importer.js';

/** Every importer, most specific first; the first whose `detect` accepts a file reads it. */
export function createImporters(inventoryCheck: SchemaCheck, limits?: ParseLimits): Importer[] {
  return [createInventoryImporter(inventoryCheck, limits)];
}
