// Microsoft Entra device lists as CSV (the admin center's "Download devices", Get-MgDevice | Export-Csv), read for graph-devices.
import type { Asset } from '../../engine/types.js';
import {
  type CsvLayout,
  type CsvRow,
  cellReader,
  factColumns,
  findColumns,
  rowFactLocator,
  sniffCsvHeaders,
} from '../formats/csv.js';
import { sniffJsonKeys } from '../formats/json-input.js';
import { type CsvAssetFormat, importCsvAssets, type RowSink } from './csv-assets.js';
import { readExportDate } from './dates.js';
import { type RowOsReader, rowOsReader } from './device-os.js';
import type { ImportResult } from './importer.js';
import { deviceIdOf, hostId, readBoolean } from './normalize.js';

/** Canonical facts and the (normalized) headers they are read from. */
const COLUMNS = {
  name: ['displayname'],
  os: ['operatingsystem'],
  version: ['operatingsystemversion'],
  observedAt: ['approximatelastsignindatetime'],
  enabled: ['accountenabled'],
  deviceId: ['deviceid', 'objectid', 'id'],
  entraDeviceId: ['deviceid'],
} as const;
type Column = keyof typeof COLUMNS;

/** Which column locates each fact of a row. */
const FACT_COLUMNS: readonly (readonly [string, Column])[] = [
  ['name', 'name'],
  ['platform', 'os'],
  ['os', 'os'],
  ['os.name', 'os'],
  ['os.version', 'version'],
  ['observedAt', 'observedAt'],
  ['entraDeviceId', 'entraDeviceId'],
];

function importRow(
  builder: RowSink,
  table: CsvLayout,
  row: CsvRow,
  columns: Partial<Record<Column, number>>,
  factsAt: ReadonlyMap<string, number>,
  readOs: RowOsReader,
) {
  const cell = cellReader(row, columns);
  const name = cell('name');
  if (name === undefined) {
    builder.rowError(table.rowStart(row), 'device row without a displayName');
    return;
  }
  if (readBoolean(cell('enabled')) === false) return;
  const os = readOs(cell('os'), cell('version'));
  if (os.version === undefined) {
    builder.rowError(
      table.cell(row, columns.version ?? 0),
      `${name}: operatingSystemVersion "${cell('version')}" is not a version`,
    );
    return;
  }
  const asset: Asset = { id: hostId(name), name };
  const seen = readExportDate(cell('observedAt'));
  if (seen.kind === 'date') asset.observedAt = seen.iso;
  const facts = rowFactLocator(table, row, factsAt);
  const where = { line: row.line, column: 1 };
  const discriminator = cell('deviceId') ?? `line${row.line}`;
  if (os.server) {
    asset.os = { ...os.os };
    builder.addAsset('servers', asset, where, facts, discriminator);
    return;
  }
  asset.platform = os.platform;
  asset.os = { ...os.os };
  const entra = deviceIdOf(cell('entraDeviceId'));
  if (entra !== undefined) asset.entraDeviceId = entra;
  builder.addAsset('devices', asset, where, facts, discriminator);
}

/** Whether a text is an Entra device list as CSV: Entra's column names and its sign-in or join columns. */
export function isEntraDevicesCsv(text: string): boolean {
  const headers = sniffCsvHeaders(text);
  return (
    headers.has('displayname') &&
    headers.has('operatingsystem') &&
    headers.has('operatingsystemversion') &&
    (headers.has('approximatelastsignindatetime') || headers.has('jointypetrusttype') || headers.has('trusttype'))
  );
}

/**
 * The rows of an Entra device list as CSV: the columns of the admin center's "Download devices"
 * (`displayName`, `accountEnabled`, `operatingSystem`, `operatingSystemVersion`, `joinType (trustType)`, …,
 * `approximateLastSignInDateTime`, `deviceId`, …) or of `Get-MgDevice | Export-Csv`, read like Entra device
 * objects from Graph: disabled devices are skipped, a Windows Server OS makes a server without a role. Its
 * importer, graph-devices, reads any text that is not JSON as this CSV.
 */
export const entraDevicesCsvRows: CsvAssetFormat = {
  name: 'graph-devices',
  isCsv: (text) => sniffJsonKeys(text) === undefined,
  rowReader(layout) {
    const columns = findColumns(layout, COLUMNS);
    const facts = factColumns(columns, FACT_COLUMNS);
    const readOs = rowOsReader(true);
    return (row, sink) => importRow(sink, layout, row, columns, facts, readOs);
  },
};

/** Reads a whole Entra device list as CSV. */
export function importEntraDevicesCsv(text: string, file: string): ImportResult {
  return importCsvAssets(text, file, entraDevicesCsvRows);
}
