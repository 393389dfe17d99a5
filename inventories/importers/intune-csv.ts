// Importer for the Intune "All devices" CSV export: the portal's display headers or the export job's raw headers.
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
import { type CsvAssetFormat, importCsvAssets, type RowSink } from './csv-assets.js';
import { readExportDate } from './dates.js';
import { type RowOsReader, rowOsReader } from './device-os.js';
import type { Importer } from './importer.js';
import { architectureOf, deviceIdOf, hostId } from './normalize.js';

/** Canonical facts and the headers (normalized: `Device name` = `DeviceName`) they are read from, first found wins. */
const COLUMNS = {
  name: ['devicename', 'manageddevicename'],
  // An export job asked for LocalizedValuesAsAdditionalColumn puts the OS name in OS_loc and may code OS as a number.
  os: ['osloc', 'os', 'operatingsystem', 'platform'],
  version: ['osversion', 'operatingsystemversion'],
  observedAt: ['lastcheckin', 'lastcontact', 'lastsyncdatetime', 'lastsync'],
  primaryUser: ['primaryuserupn', 'upn', 'userprincipalname', 'primaryuseremailaddress'],
  architecture: ['processorarchitecture'],
  edition: ['skufamily'],
  deviceId: ['deviceid', 'intunedeviceid', 'id'],
  entraDeviceId: ['azureaddeviceid', 'entradeviceid', 'microsoftentradeviceid', 'aaddeviceid', 'referenceid'],
} as const;

type Column = keyof typeof COLUMNS;

/** Where each canonical fact of a device comes from, as a column. */
const FACT_COLUMNS: readonly (readonly [string, Column])[] = [
  ['name', 'name'],
  ['platform', 'os'],
  ['os', 'os'],
  ['os.name', 'os'],
  ['os.version', 'version'],
  ['os.edition', 'edition'],
  ['observedAt', 'observedAt'],
  ['primaryUser', 'primaryUser'],
  ['architecture', 'architecture'],
  ['entraDeviceId', 'entraDeviceId'],
  ['intuneDeviceId', 'deviceId'],
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
    builder.rowError(table.rowStart(row), 'device row without a device name');
    return;
  }
  const os = readOs(cell('os'), cell('version'), cell('edition'));
  if (os.version === undefined) {
    builder.rowError(
      table.cell(row, columns.version ?? 0),
      `${name}: OS version "${cell('version')}" is not a version`,
    );
    return;
  }
  const asset: Asset = { id: hostId(name), name, platform: os.platform };
  if (Object.keys(os.os).length > 0) asset.os = { ...os.os };
  const seen = readExportDate(cell('observedAt'));
  if (seen.kind === 'date') asset.observedAt = seen.iso;
  const user = cell('primaryUser');
  if (user !== undefined) asset.primaryUser = user;
  const architecture = architectureOf(cell('architecture'));
  if (architecture !== undefined) asset.architecture = architecture;
  const entra = deviceIdOf(cell('entraDeviceId'));
  if (entra !== undefined) asset.entraDeviceId = entra;
  const intune = deviceIdOf(cell('deviceId'));
  if (intune !== undefined) asset.intuneDeviceId = intune;
  builder.addAsset(
    'devices',
    asset,
    { line: row.line, column: 1 },
    rowFactLocator(table, row, factsAt),
    cell('deviceId') ?? `line${row.line}`,
  );
}

/** The rows of an Intune device export: one device each. */
export const intuneCsvRows: CsvAssetFormat = {
  name: 'intune-csv',
  isCsv: () => true,
  rowReader(layout) {
    const columns = findColumns(layout, COLUMNS);
    const facts = factColumns(columns, FACT_COLUMNS);
    const readOs = rowOsReader(false);
    return (row, sink) => importRow(sink, layout, row, columns, facts, readOs);
  },
};

/** The Intune device export importer. */
export function createIntuneCsvImporter(): Importer {
  return {
    name: intuneCsvRows.name,
    description:
      'Intune "All devices" export CSV (Device name, OS, OS version, … or DeviceName, OSVersion, …), or managedDevice lists saved as CSV',
    supplies: [
      { fact: 'device.os', command: 'Intune admin center > Devices > All devices > Export (CSV)' },
      {
        fact: 'device.architecture',
        command: 'Intune admin center > Devices > All devices > Export (CSV, with Processor Architecture)',
      },
    ],
    detect(text) {
      const headers = sniffCsvHeaders(text);
      // AD computer exports name the version column OperatingSystemVersion, never OSVersion; Graph
      // managedDevice lists saved with Export-Csv (DeviceName, OperatingSystem, OSVersion) read the same way.
      return headers.has('devicename') && headers.has('osversion') && !headers.has('operatingsystemversion');
    },
    import: (text, file) => importCsvAssets(text, file, intuneCsvRows),
  };
}
