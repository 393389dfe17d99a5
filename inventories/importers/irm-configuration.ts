// Importer for Exchange's `Get-IRMConfiguration | ConvertTo-Json`: does the licensing location name an RMS connector?
import type { Asset, Pointer } from '../../engine/types.js';
import { hasKeys, isObject, listItems, prop, propKey, readJson, sniffJsonKeys, text } from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { fileStem, hostId, readBoolean } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

const FORMAT = 'exchange-irm-configuration';
/** The Azure Rights Management service itself (a tenant URL), not a connector. */
const AZURE_RMS = /^https?:\/\/[^/]*\.(aadrm\.com|aadrm\.us|aadrm\.cn|azurerms\.com)(:\d+)?(\/|$)/i;

/** The URLs of a multi-valued property as ConvertTo-Json writes it: a list, one text, or `{ value: [...] }`. */
function urlsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,;]+/).filter((u) => /^https?:\/\//i.test(u));
  if (Array.isArray(value)) return value.flatMap(urlsOf);
  if (isObject(value)) return urlsOf(prop(value, 'value', 'Values'));
  return [];
}

/**
 * The IRM configuration importer. The configuration is the Exchange organization's; the server it describes is
 * the `PSComputerName` of remote PowerShell output, else the file name's stem (`EX01.irm.json` → ex01), and it
 * is an Exchange server. `rmsConnector.inUse` is true when internal licensing is on and a `LicensingLocation` URL
 * is not the Azure Rights Management service (the connector's URL, kept as `url`), false when internal
 * licensing is off. A location that is only the tenant's URL says nothing: Exchange reaches the connector
 * through the registry redirection then, so export those keys too.
 */
export function createIrmConfigurationImporter(): Importer {
  return {
    name: FORMAT,
    description: 'Exchange Get-IRMConfiguration | ConvertTo-Json (InternalLicensingEnabled, LicensingLocation)',
    supplies: [
      {
        fact: 'server.rmsConnector',
        command: 'Get-IRMConfiguration | ConvertTo-Json, in the Exchange Management Shell of each Exchange server',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      return (
        hasKeys(keys, 'InternalLicensingEnabled') &&
        (hasKeys(keys, 'LicensingLocation') || hasKeys(keys, 'TransportDecryptionSetting'))
      );
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, FORMAT, parsed.diagnostics);
      const builder = new PartBuilder(file, FORMAT);
      for (const { item, pointer } of listItems(parsed.value)) {
        const at = (key: string | undefined) => (): Position =>
          parsed.locate(key === undefined ? pointer : [...pointer, key]);
        if (!isObject(item) || propKey(item, 'InternalLicensingEnabled') === undefined) {
          builder.rowError(parsed.locate(pointer), 'not an IRM configuration object (no InternalLicensingEnabled)');
          continue;
        }
        const computer = text(prop(item, 'PSComputerName'));
        const server: Asset = { id: hostId(computer ?? fileStem(file)), role: 'exchange' };
        const facts: [Pointer, () => Position][] = [[['role'], at(undefined)]];
        if (computer) {
          server.name = computer;
          facts.push([['name'], at(propKey(item, 'PSComputerName'))]);
        }
        const internalKey = propKey(item, 'InternalLicensingEnabled');
        const internal = readBoolean(prop(item, 'InternalLicensingEnabled'));
        const locationKey = propKey(item, 'LicensingLocation');
        const connector = urlsOf(prop(item, 'LicensingLocation')).find((u) => !AZURE_RMS.test(u));
        if (internal === false) {
          server.rmsConnector = { inUse: false };
          facts.push([['rmsConnector'], at(internalKey)], [['rmsConnector', 'inUse'], at(internalKey)]);
        } else if (internal === true && connector) {
          server.rmsConnector = { inUse: true, url: connector.replace(/\/_wmcs\/.*$/i, '').replace(/\/+$/, '') };
          facts.push(
            [['rmsConnector'], at(locationKey)],
            [['rmsConnector', 'inUse'], at(locationKey)],
            [['rmsConnector', 'url'], at(locationKey)],
          );
        }
        builder.addAsset('servers', server, at(undefined), facts);
      }
      return builder.result();
    },
  };
}
