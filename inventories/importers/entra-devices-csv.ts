// Microsoft Entra device lists as CSV (the admin center's "Download devices", Get-MgDevice | Export-Csv), read for graph-devices.
import type { Asset } from '../../engine/types.js';
import {
  type CsvRow,
  type CsvTable,
  cellReader,
  findColumns,
  readCsv,
  rowFactLocator,
  sniffCsvHeaders,
} from '../csv.js';
import { readExportDate } from '../dates.js';
import { hostId, isServerOs, normalizeVersion, platformOf, readBoolean } from '../normalize.js';
import { deviceOs, serverOs } from './device-os.js';
import type { ImportResult } from './importer.js';
import { PartBuilder } from './part-builder.js';

/** Canonical facts and the (normalized) headers they are read from. */
const COLUMNS = {
  name: ['displayname'],
  os: ['operatingsystem'],
  version: ['operatingsystemversion'],
  observedAt: ['approximatelastsignindatetime'],
  enabled: ['accountenabled'],
  deviceId: ['deviceid', 'objectid', 'id'],
} as const;
type Column = keyof typeof COLUMNS;

function importRow(builder: PartBuilder, table: CsvTable, row: CsvRow, columns: Partial<Record<Column, number>>) {
  const cell = cellReader(row, columns);
  const name = cell('name');
  if (name === undefined) {
    builder.rowError(table.rowStart(row), 'device row without a displayName');
    return;
  }
  if (readBoolean(cell('enabled')) === false) return;
  const version = normalizeVersion(cell('version'));
  if (version === undefined) {
    builder.rowError(
      table.cell(row, columns.version ?? 0),
      `${name}: operatingSystemVersion "${cell('version')}" is not a version`,
    );
    return;
  }
  const reported = cell('os');
  const asset: Asset = { id: hostId(name), name };
  const seen = readExportDate(cell('observedAt'));
  if (seen.kind === 'date') asset.observedAt = seen.iso;
  const factColumns = new Map<string, number>();
  for (const [fact, column] of [
    ['name', 'name'],
    ['platform', 'os'],
    ['os', 'os'],
    ['os.name', 'os'],
    ['os.version', 'version'],
    ['observedAt', 'observedAt'],
  ] as const) {
    const index = columns[column];
    if (index !== undefined) factColumns.set(fact, index);
  }
  const facts = rowFactLocator(table, row, factColumns);
  const where = { line: row.line, column: 1 };
  const discriminator = cell('deviceId') ?? `line${row.line}`;
  const platform = platformOf(reported ?? '');
  if (platform === 'windows' && reported !== undefined && isServerOs(reported)) {
    asset.os = serverOs(reported, version ?? undefined);
    builder.addAsset('servers', asset, where, facts, discriminator);
    return;
  }
  asset.platform = platform;
  asset.os = deviceOs({ platform, reported, version: version ?? undefined });
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
 * Reads an Entra device list as CSV: the columns of the admin center's "Download devices" (`displayName`,
 * `accountEnabled`, `operatingSystem`, `operatingSystemVersion`, `joinType (trustType)`, …,
 * `approximateLastSignInDateTime`, `deviceId`, …) or of `Get-MgDevice | Export-Csv`, like Entra device
 * objects from Graph: disabled devices are skipped, a Windows Server OS makes a server without a role.
 */
export function importEntraDevicesCsv(text: string, file: string): ImportResult {
  const builder = new PartBuilder(file, 'graph-devices');
  const table = readCsv(text);
  const columns = findColumns(table, COLUMNS);
  for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
  for (const row of table.rows) {
    if (row.fields.length !== table.headers.length) {
      builder.rowError(
        table.rowStart(row),
        `row has ${row.fields.length} fields, the header has ${table.headers.length}`,
      );
      continue;
    }
    importRow(builder, table, row, columns);
  }
  return builder.result();
}
