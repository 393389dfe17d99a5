// Importer for `Get-ExchangeServer | ConvertTo-Json` (one object or an array, remote or local session shapes) or Export-Csv.
import type { Asset } from '../../engine/types.js';
import { normalizeHeader, readCsv, sniffCsvHeaders } from '../formats/csv.js';
import {
  depthHint,
  hasKeys,
  isObject,
  listItems,
  prop,
  propKey,
  readJson,
  sniffJsonKeys,
  text,
} from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { hostId, normalizeVersion, productOf } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

/** The Exchange server asset of a name, FQDN and normalized version. */
function exchangeServer(name: string, fqdn: string | undefined, version: string | null): Asset {
  const asset: Asset = { id: hostId(fqdn ?? name), name, role: 'exchange' };
  if (version !== null) {
    const product = productOf('exchange', version);
    asset.product = product ? { name: product, version } : { version };
  }
  return asset;
}

/** `Get-ExchangeServer | Export-Csv`: AdminDisplayVersion is its text, `Version 15.2 (Build 1748.10)`. */
function importCsv(input: string, file: string): ImportResult {
  const builder = new PartBuilder(file, 'exchange-servers');
  const table = readCsv(input);
  const headers = table.headers.map(normalizeHeader);
  const column = (name: string) => headers.indexOf(name);
  const [nameAt, fqdnAt, versionAt] = [column('name'), column('fqdn'), column('admindisplayversion')];
  for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
  for (const row of table.rows) {
    const cell = (index: number) => (index < 0 ? undefined : text(row.field(index)));
    const name = cell(nameAt) ?? cell(fqdnAt);
    if (name === undefined) {
      builder.rowError(table.rowStart(row), 'Exchange server row without a Name or Fqdn');
      continue;
    }
    const version = normalizeVersion(cell(versionAt));
    const versionCell = () => table.cell(row, versionAt);
    if (version === undefined) {
      builder.rowError(versionCell(), `${name}: AdminDisplayVersion "${cell(versionAt)}" is not a version`);
      continue;
    }
    builder.addAsset(
      'servers',
      exchangeServer(name, cell(fqdnAt), version),
      { line: row.line, column: 1 },
      [
        [['product'], versionCell],
        [['product', 'version'], versionCell],
        [['product', 'name'], versionCell],
      ],
      `line${row.line}`,
    );
  }
  return builder.result();
}

/**
 * The Exchange servers importer. `AdminDisplayVersion` is `Version 15.2 (Build 1748.10)` from a remote
 * session and a `{ Major, Minor, Build, Revision }` object from a local one; both become `15.2.1748.10`, and
 * the product name comes from the shared `exchange` table.
 */
export function createExchangeImporter(): Importer {
  return {
    name: 'exchange-servers',
    description: 'Get-ExchangeServer | ConvertTo-Json or Export-Csv (Name, Fqdn, AdminDisplayVersion)',
    supplies: [
      { fact: 'server.product.version', command: 'Get-ExchangeServer | ConvertTo-Json (or Export-Csv)' },
      { fact: 'server.role', command: 'Get-ExchangeServer | ConvertTo-Json' },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys) return hasKeys(keys, 'AdminDisplayVersion');
      return sniffCsvHeaders(input).has('admindisplayversion');
    },
    import(input, file): ImportResult {
      if (sniffJsonKeys(input) === undefined) return importCsv(input, file);
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
          builder.rowError(
            versionAt(),
            `${name}: AdminDisplayVersion ${JSON.stringify(raw)} is not a version${depthHint(raw)}`,
          );
          continue;
        }
        builder.addAsset(
          'servers',
          exchangeServer(name, text(prop(item, 'Fqdn')), version),
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
