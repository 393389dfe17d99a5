// Importer for `Get-ExchangeServer | ConvertTo-Json`: one object or an array, remote or local session shapes.
import type { Asset } from '../../engine/types.js';
import { hasKeys, isObject, listItems, prop, propKey, readJson, sniffJsonKeys, text } from '../json-input.js';
import { hostId, normalizeVersion, productOf } from '../normalize.js';
import type { Position } from '../source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { failedImport, PartBuilder } from './part-builder.js';

/**
 * The Exchange servers importer. `AdminDisplayVersion` is `Version 15.2 (Build 1748.10)` from a remote
 * session and a `{ Major, Minor, Build, Revision }` object from a local one; both become `15.2.1748.10`, and
 * the product name comes from the shared `exchange` table.
 */
export function createExchangeImporter(): Importer {
  return {
    name: 'exchange-servers',
    description: 'Get-ExchangeServer | ConvertTo-Json (Name, Fqdn, AdminDisplayVersion)',
    detect(input) {
      return hasKeys(sniffJsonKeys(input), 'AdminDisplayVersion');
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'exchange-servers', parsed.diagnostics);
      const builder = new PartBuilder(file, 'exchange-servers');
      for (const { item, pointer } of listItems(parsed.value)) {
        const where = (): Position => parsed.locate(pointer);
        if (!isObject(item)) {
          builder.rowError(where(), 'list element is not a server object');
          continue;
        }
        const name = text(prop(item, 'Name')) ?? text(prop(item, 'Fqdn'));
        if (name === undefined) {
          builder.rowError(where(), 'Exchange server without a Name or Fqdn');
          continue;
        }
        const versionKey = propKey(item, 'AdminDisplayVersion');
        const raw = versionKey === undefined ? undefined : item[versionKey];
        const version = normalizeVersion(raw);
        const versionAt = (): Position => parsed.locate(versionKey ? [...pointer, versionKey] : pointer);
        if (version === undefined) {
          builder.rowError(versionAt(), `${name}: AdminDisplayVersion ${JSON.stringify(raw)} is not a version`);
          continue;
        }
        const asset: Asset = { id: hostId(text(prop(item, 'Fqdn')) ?? name), name, role: 'exchange' };
        if (version !== null) {
          const product = productOf('exchange', version);
          asset.product = product ? { name: product, version } : { version };
        }
        builder.addAsset(
          'servers',
          asset,
          where,
          [
            [['product'], versionAt],
            [['product', 'version'], versionAt],
            [['product', 'name'], versionAt],
          ],
          `item${String(pointer[pointer.length - 1] ?? 0)}`,
        );
      }
      return builder.result();
    },
  };
}
