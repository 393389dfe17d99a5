// The importer registry: detection order matters (most specific first); plain text allowlists come last.
import type { ParseLimits } from '../../engine/load/parse.js';
import type { SchemaCheck } from '../../engine/load/validate.js';
import { adComputersRows, createAdComputersImporter } from './ad-computers.js';
import { createAipServiceImporter } from './aip-service.js';
import { createAllowlistTextImporter, createM365EndpointsImporter } from './allowlists.js';
import { createAzureNsgImporter } from './azure-nsg.js';
import { createConnectorServersImporter } from './connector-servers.js';
import type { CsvAssetFormat } from './csv-assets.js';
import { createDetectedAppsImporter } from './detected-apps.js';
import { createAdSyncSchedulerImporter, createGraphOrganizationImporter } from './directory-sync.js';
import { createEndpointUrlsImporter } from './endpoint-urls.js';
import { entraDevicesCsvRows } from './entra-devices-csv.js';
import { createExchangeImporter } from './exchange.js';
import { createGraphDevicesImporter } from './graph-devices.js';
import type { Importer } from './importer.js';
import { createIntuneCsvImporter, intuneCsvRows } from './intune-csv.js';
import { createInventoryImporter } from './inventory.js';
import { createIrmConfigurationImporter } from './irm-configuration.js';
import { createJsonLinesImporter } from './jsonl.js';
import { createRegistryImporter } from './registry.js';
import { createSharePointImporter } from './sharepoint.js';
import { createInstallStatusCsvImporter, createProgramsCsvImporter } from './software-csv.js';
import { createWindowsFeaturesImporter } from './windows-features.js';

export type { CsvAssetFormat } from './csv-assets.js';
export type { Importer, ImportResult } from './importer.js';

/**
 * The CSV exports whose rows are assets, by importer name: a large one is streamed (inventories/streams/csv-stream.ts)
 * with the row reader its importer uses for a file read whole.
 */
export const CSV_ASSET_FORMATS: ReadonlyMap<string, CsvAssetFormat> = new Map(
  [intuneCsvRows, adComputersRows, entraDevicesCsvRows].map((format) => [format.name, format]),
);

/** What some importers need to know beyond a file's content. */
export interface ImporterOptions {
  /**
   * Intune app ids (GUIDs) of the labeling client, for the per-app install status report, which names its app
   * only by id (`--labeling-client-app-id`).
   */
  labelingClientAppIds?: readonly string[];
}

/**
 * Every importer, most specific first; the first whose `detect` accepts a file reads it. Each `detect` also
 * looks for what sets its format apart (Intune CSVs have no `OperatingSystem` column, AD's have no
 * `DeviceName`; Graph organizations have no `operatingSystem`), so the order only settles files that carry
 * several formats' markers: JSON Lines (a one-line header, then one asset per line: before our own format, whose
 * JSON detection would also see its `snapshot` key), our own `snapshot` key, then the `.reg` header, then CSV headers, then JSON
 * property names from the most to the least distinctive, then text markers, and plain allowlists last.
 */
export function createImporters(
  inventoryCheck: SchemaCheck,
  limits?: ParseLimits,
  options: ImporterOptions = {},
): Importer[] {
  return [
    createJsonLinesImporter(inventoryCheck),
    createInventoryImporter(inventoryCheck, limits),
    createRegistryImporter(),
    createInstallStatusCsvImporter(options.labelingClientAppIds),
    createIntuneCsvImporter(),
    createAdComputersImporter(),
    createProgramsCsvImporter(),
    createConnectorServersImporter(),
    createAzureNsgImporter(),
    createIrmConfigurationImporter(),
    createExchangeImporter(),
    createSharePointImporter(),
    createWindowsFeaturesImporter(),
    createDetectedAppsImporter(),
    createGraphDevicesImporter(),
    createGraphOrganizationImporter(),
    createAdSyncSchedulerImporter(),
    createAipServiceImporter(),
    createM365EndpointsImporter(),
    createEndpointUrlsImporter(),
    createAllowlistTextImporter(),
  ];
}
