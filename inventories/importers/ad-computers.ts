// Importer for Active Directory computers exported with `Get-ADComputer -Properties … | Export-Csv`.
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
import { hostId, readBoolean } from './normalize.js';

const COLUMNS = {
  name: ['name', 'cn', 'samaccountname'],
  dnsHostName: ['dnshostname'],
  os: ['operatingsystem'],
  version: ['operatingsystemversion'],
  lastLogonDate: ['lastlogondate'],
  lastLogonTimestamp: ['lastlogontimestamp'],
  enabled: ['enabled'],
  userAccountControl: ['useraccountcontrol'],
} as const;
type Column = keyof typeof COLUMNS;

/** Which column locates each fact of a row, by the column its observation date was read from. */
type FactColumns = Readonly<Record<'lastLogonDate' | 'lastLogonTimestamp', ReadonlyMap<string, number>>>;

/** The facts of a row, located by the column its observation date was read from. */
function factColumnsOf(columns: Partial<Record<Column, number>>): FactColumns {
  const of = (observedColumn: Column) =>
    factColumns(columns, [
      ['name', 'name'],
      ['platform', 'os'],
      ['os', 'os'],
      ['os.name', 'os'],
      ['os.version', 'version'],
      ['observedAt', observedColumn],
    ]);
  return { lastLogonDate: of('lastLogonDate'), lastLogonTimestamp: of('lastLogonTimestamp') };
}

function importRow(
  builder: RowSink,
  table: CsvLayout,
  row: CsvRow,
  columns: Partial<Record<Column, number>>,
  factsAt: FactColumns,
  readOs: RowOsReader,
) {
  const cell = cellReader(row, columns);
  // sAMAccountName ends with `$` for computers; Name is the name as shown.
  const dnsHostName = cell('dnsHostName');
  const name = cell('name')?.replace(/\$$/, '') ?? dnsHostName;
  if (name === undefined) {
    builder.rowError(table.rowStart(row), 'computer row without a Name or DNSHostName');
    return;
  }
  // Disabled computer accounts are no machine in use; a computer with no operating system recorded (a
  // cluster name object, a never-joined account) says nothing a rule can use.
  const enabled = cell('enabled');
  if (readBoolean(enabled) === false) return;
  // csvde and LDAP exports have no Enabled column: flag 0x2 (ACCOUNTDISABLE) of userAccountControl says it.
  const control = enabled === undefined ? cell('userAccountControl') : undefined;
  if (control !== undefined && /^\d+$/.test(control) && (Number(control) & 2) !== 0) return;
  const reported = cell('os');
  if (reported === undefined) return;
  const os = readOs(reported, cell('version'));
  if (os.version === undefined) {
    builder.rowError(
      table.cell(row, columns.version ?? 0),
      `${name}: OperatingSystemVersion "${cell('version')}" is not a version`,
    );
    return;
  }
  const id = hostId(dnsHostName ?? name);
  // LastLogonDate is Export-Csv's locale text; lastLogonTimestamp the raw FILETIME, when only that was exported.
  const logon = readExportDate(cell('lastLogonDate'));
  const observedColumn = logon.kind === 'date' ? 'lastLogonDate' : 'lastLogonTimestamp';
  const seen = logon.kind === 'date' ? logon : readExportDate(cell('lastLogonTimestamp'));
  const facts = rowFactLocator(table, row, factsAt[observedColumn]);
  const where = { line: row.line, column: 1 };
  const asset: Asset = { id, name };
  if (seen.kind === 'date') asset.observedAt = seen.iso;
  if (os.server) {
    // A Windows Server from AD has no role AD can tell; another input (Exchange, SharePoint, features) adds it.
    asset.os = { ...os.os };
    builder.addAsset('servers', asset, where, facts, `line${row.line}`);
    return;
  }
  asset.platform = os.platform;
  asset.os = { ...os.os };
  builder.addAsset('devices', asset, where, facts, `line${row.line}`);
}

/** The rows of an AD computers export: one computer each, a device or a server. */
export const adComputersRows: CsvAssetFormat = {
  name: 'ad-computers-csv',
  isCsv: () => true,
  rowReader(layout) {
    const columns = findColumns(layout, COLUMNS);
    const factsAt = factColumnsOf(columns);
    const readOs = rowOsReader(true);
    return (row, sink) => importRow(sink, layout, row, columns, factsAt, readOs);
  },
};

/** The AD computers CSV importer. */
export function createAdComputersImporter(): Importer {
  return {
    name: adComputersRows.name,
    description: 'Active Directory computers: Get-ADComputer … | Export-Csv (OperatingSystem, OperatingSystemVersion)',
    supplies: [
      {
        fact: 'device.os',
        command:
          'Get-ADComputer -Filter * -Properties OperatingSystem,OperatingSystemVersion,LastLogonDate | Export-Csv computers.csv',
      },
    ],
    detect(text) {
      const headers = sniffCsvHeaders(text);
      return headers.has('operatingsystem') && (headers.has('name') || headers.has('dnshostname'));
    },
    import: (text, file) => importCsvAssets(text, file, adComputersRows),
  };
}
