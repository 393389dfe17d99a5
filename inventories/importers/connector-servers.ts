// Importer for the list of servers authorized to use the RMS connector: one host per line, or a CSV column.
import { cellReader, findColumns, readCsv, sniffCsvHeaders } from '../formats/csv.js';
import type { Importer, ImportResult } from './importer.js';
import { hostId } from './normalize.js';
import { PartBuilder } from './part-builder.js';

const FORMAT = 'rms-connector-servers';
/** CSV headers naming the column of authorized servers (normalized). */
const SERVER_HEADERS = [
  'authorizedserver',
  'authorizedservers',
  'connectorserver',
  'rmsconnectorserver',
  'rmsconnectorservers',
];
/** A first line (or comment) that says what the list is. */
const TITLE =
  /^\s*[#;]?\s*(rms\s+)?connector\b.*\bservers?\b|^\s*[#;]?\s*authori[sz]ed\s+(rms\s+connector\s+)?servers?\b/i;
/** A computer account as the connector's administration tool lists it: `CONTOSO\EX01$`. */
const ACCOUNT = /^[\w.-]+\\([\w-]+)\$$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function isServerCsv(headers: Set<string>): boolean {
  return SERVER_HEADERS.some((h) => headers.has(h));
}

/** The host a list entry names: a computer account's name, or a host name (an FQDN's first label is the id). */
function hostOf(entry: string): string | undefined {
  const account = ACCOUNT.exec(entry);
  if (account) return account[1];
  return HOST.test(entry) ? entry : undefined;
}

/**
 * The authorized connector servers importer: every server listed uses the connector (`rmsConnector.inUse`).
 * Recognized by a title line (`# RMS connector servers`, `Authorized servers`), a CSV header naming the column
 * (`AuthorizedServer`, `ConnectorServer`), or lines that are all computer accounts (`CONTOSO\EX01$`). A plain
 * host list without a title reads as an egress allowlist, so it needs the title.
 */
export function createConnectorServersImporter(): Importer {
  return {
    name: FORMAT,
    description:
      'List of servers authorized to use the RMS connector: a titled host list, CONTOSO\\SERVER$ accounts, or a CSV with an AuthorizedServer column',
    supplies: [
      {
        fact: 'server.rmsConnector.inUse',
        command: `the servers authorized in the RMS connector administration tool (RMSConnectorAdminTool.exe), one per line under '# RMS connector authorized servers', or a CSV with an AuthorizedServer column`,
      },
    ],
    detect(input) {
      if (isServerCsv(sniffCsvHeaders(input))) return true;
      const lines = input
        .slice(0, 8192)
        .split(/\r\n|\n|\r/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (lines.length === 0) return false;
      if (TITLE.test(lines[0] ?? '')) return true;
      const entries = lines.filter((l) => !/^[#;]/.test(l));
      return entries.length > 0 && entries.every((l) => ACCOUNT.test(l));
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, FORMAT);
      const add = (entry: string, where: { line: number; column: number }) => {
        const host = hostOf(entry);
        if (host === undefined) {
          builder.rowError(where, `${JSON.stringify(entry)} is not a host name or computer account`);
          return;
        }
        builder.addAsset('servers', { id: hostId(host), rmsConnector: { inUse: true } }, where, [
          [['rmsConnector'], where],
          [['rmsConnector', 'inUse'], where],
        ]);
      };
      if (isServerCsv(sniffCsvHeaders(input))) {
        const table = readCsv(input);
        const columns = findColumns(table, { server: SERVER_HEADERS });
        for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
        for (const row of table.rows) {
          const server = cellReader(row, columns)('server');
          if (server !== undefined) add(server, table.cell(row, columns.server ?? 0));
        }
        return builder.result();
      }
      input.split(/\r\n|\n|\r/).forEach((raw, i) => {
        const line = raw.trim();
        if (line === '' || /^[#;]/.test(line) || (TITLE.test(line) && hostOf(line) === undefined)) return;
        add(line, { line: i + 1, column: raw.indexOf(line) + 1 });
      });
      return builder.result();
    },
  };
}
