// Importers for installed-software CSVs: Configuration Manager's Add/Remove Programs inventory and Intune's
// per-app "Device install status" report.
import { cellReader, findColumns, readCsv, sniffCsvHeaders } from '../formats/csv.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { type ClientEntry, isClientName, SoftwareTally } from './labeling-client.js';
import { platformOf } from './normalize.js';
import { PartBuilder } from './part-builder.js';

/**
 * Configuration Manager: `v_Add_Remove_Programs`, `v_GS_ADD_REMOVE_PROGRAMS` and `…_64` (columns `DisplayName0`,
 * `Version0`) joined to `v_R_System` (`Name0`, `Netbios_Name0`) or aliased in the query, and the console's or a
 * report's export (`Computer Name`, `Display Name`). Headers are compared normalized.
 */
const ARP_COLUMNS = {
  machine: [
    'netbiosname0',
    'name0',
    'machinename',
    'computername',
    'netbiosname',
    'systemname',
    'resourcename',
    'computer',
    'devicename',
  ],
  displayName: ['displayname0', 'displayname', 'productname0', 'productname', 'softwarename'],
  version: ['version0', 'displayversion0', 'version', 'displayversion', 'productversion0', 'productversion'],
} as const;

/** Intune's `DeviceInstallStatusByApp` report (portal export or export job). */
const STATUS_COLUMNS = {
  device: ['devicename'],
  app: ['applicationid', 'appid'],
  // The export job has both: InstallState (text) and AppInstallState (resultantAppState as a number).
  state: ['installstate', 'appinstallstate', 'status'],
  version: ['appversion', 'version'],
  platform: ['platform', 'os'],
} as const;

function hasAny(headers: Set<string>, names: readonly string[]): boolean {
  return names.some((n) => headers.has(n));
}

/** Whether CSV headers are the Intune per-app install status report's. */
function isInstallStatusCsv(headers: Set<string>): boolean {
  return hasAny(headers, STATUS_COLUMNS.app) && headers.has('devicename') && hasAny(headers, STATUS_COLUMNS.state);
}

/** Whether CSV headers are an Add/Remove Programs inventory's: a machine, a display name and a version. */
function isProgramsCsv(headers: Set<string>): boolean {
  return (
    hasAny(headers, ARP_COLUMNS.machine) &&
    hasAny(headers, ARP_COLUMNS.displayName) &&
    hasAny(headers, ARP_COLUMNS.version)
  );
}

/** The Configuration Manager Add/Remove Programs importer: one row per program and machine. */
export function createProgramsCsvImporter(): Importer {
  const format = 'configmgr-programs-csv';
  return {
    name: format,
    description:
      'Configuration Manager Add/Remove Programs inventory as CSV (v_Add_Remove_Programs / v_GS_ADD_REMOVE_PROGRAMS: machine, DisplayName0, Version0)',
    supplies: [
      {
        fact: 'device.labelingClient',
        command:
          'Configuration Manager: SELECT s.Netbios_Name0, a.DisplayName0, a.Version0 FROM v_R_System s JOIN v_Add_Remove_Programs a ON a.ResourceID = s.ResourceID, saved as CSV',
      },
    ],
    detect(input) {
      const headers = sniffCsvHeaders(input);
      return !isInstallStatusCsv(headers) && isProgramsCsv(headers);
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, format);
      const table = readCsv(input);
      const columns = findColumns(table, ARP_COLUMNS);
      for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
      const tally = new SoftwareTally();
      for (const row of table.rows) {
        const cell = cellReader(row, columns);
        const machine = cell('machine');
        if (machine === undefined) {
          builder.rowError(table.rowStart(row), 'program row without a machine name');
          continue;
        }
        const name = cell('displayName');
        const at = (): Position => table.rowStart(row);
        if (name === undefined || !isClientName(name)) {
          // Inventory rows without a display name (updates, components) still say the machine was inventoried.
          tally.see(machine, () => table.cell(row, columns.machine ?? 0));
          continue;
        }
        tally.client(machine, {
          name,
          version: cell('version'),
          at: () => (columns.displayName === undefined ? at() : table.cell(row, columns.displayName)),
          versionAt: columns.version === undefined ? undefined : () => table.cell(row, columns.version ?? 0),
        });
      }
      for (const { asset, at, facts } of tally.assets()) builder.addAsset('devices', asset, at, facts);
      return builder.result();
    },
  };
}

/** What an install state says about the client: installed, not installed, or nothing (pending, unknown). */
function stateOf(state: string | undefined): boolean | undefined {
  const s = (state ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  // resultantAppState: 1 installed, 2 failed, 3 not installed; 4 uninstall failed, 5 pending, 99 unknown.
  if (s === 'installed' || s === '1') return true;
  if (s === '2' || s === '3') return false;
  // Failed, not installed, uninstall failed (still there? Intune cannot tell), excluded: not an installed client.
  if (['failed', 'notinstalled', 'uninstalled'].includes(s)) return false;
  return undefined;
}

/**
 * The Intune "Device install status" importer. The report names the app only by its ApplicationId, so which
 * app is the labeling client comes from the caller (`--labeling-client-app-id`), never from a guess: rows of
 * another app are skipped, and a file with no client app is a row error saying so.
 */
export function createInstallStatusCsvImporter(clientAppIds: readonly string[] = []): Importer {
  const format = 'intune-app-install-status-csv';
  const ids = new Set(clientAppIds.map((id) => id.trim().toLowerCase()));
  return {
    name: format,
    description:
      'Intune app "Device install status" CSV (DeviceName, ApplicationId, InstallState) of the labeling client app named with --labeling-client-app-id',
    supplies: [
      {
        fact: 'device.labelingClient',
        command:
          'Intune admin center > Apps > Windows > the labeling client app > Monitor > Device install status > Export (run with --labeling-client-app-id)',
      },
    ],
    detect(input) {
      return isInstallStatusCsv(sniffCsvHeaders(input));
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, format);
      const table = readCsv(input);
      const columns = findColumns(table, STATUS_COLUMNS);
      for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
      const tally = new SoftwareTally();
      const otherApps = new Map<string, Position>();
      for (const row of table.rows) {
        const cell = cellReader(row, columns);
        const device = cell('device');
        const app = cell('app');
        if (device === undefined || app === undefined) {
          builder.rowError(table.rowStart(row), 'install status row without a DeviceName or ApplicationId');
          continue;
        }
        if (!ids.has(app.toLowerCase())) {
          if (!otherApps.has(app)) otherApps.set(app, table.cell(row, columns.app ?? 0));
          continue;
        }
        const installed = stateOf(cell('state'));
        if (installed === undefined) continue;
        const platformText = cell('platform');
        const platform = platformText === undefined ? undefined : platformOf(platformText);
        const at = (): Position => table.cell(row, columns.state ?? 0);
        const see = (): void => tally.see(device, at, { platform });
        if (!installed) {
          see();
          continue;
        }
        const entry: ClientEntry = {
          // The report does not name the app (the option said which it is), so the client has no name here.
          version: cell('version'),
          at,
          versionAt: columns.version === undefined ? undefined : () => table.cell(row, columns.version ?? 0),
        };
        tally.client(device, entry, { platform });
      }
      for (const [app, where] of otherApps) {
        builder.rowError(
          where,
          ids.size === 0
            ? `the report is about app ${app}: say which app is the labeling client with --labeling-client-app-id ${app}`
            : `app ${app} is not the labeling client app named with --labeling-client-app-id; its rows are skipped`,
        );
      }
      for (const { asset, at, facts } of tally.assets()) builder.addAsset('devices', asset, at, facts);
      return builder.result();
    },
  };
}
