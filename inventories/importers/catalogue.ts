// The importer catalogue: which importer supplies a fact, and the export or command that produces it.
import type { Importer } from './importer.js';

/** An importer that supplies a fact, and the export or command that produces what it reads. */
export interface FactSupplier {
  importer: string;
  command: string;
}

function segmentsCover(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/**
 * The importers that supply `fact` (a dotted path, as `Explanation.missing` and `aipcheck facts` name it): those
 * declaring it, a fact above it or one below it. Exports come first; the formats that can hold any fact (our own
 * inventory and JSON Lines) only when no export supplies it.
 */
export function suppliersOf(fact: string, importers: readonly Importer[]): FactSupplier[] {
  const specific: FactSupplier[] = [];
  const generic: FactSupplier[] = [];
  for (const importer of importers) {
    for (const supply of importer.supplies) {
      if (!segmentsCover(supply.fact, fact) && !segmentsCover(fact, supply.fact)) continue;
      const into = supply.fact.includes('.') ? specific : generic;
      if (!into.some((s) => s.importer === importer.name && s.command === supply.command)) {
        into.push({ importer: importer.name, command: supply.command });
      }
    }
  }
  return specific.length > 0 ? specific : generic;
}
