// Importer for SharePoint Server builds: server names with BuildVersion (System.Version object or string), as JSON.
import type { Asset, Pointer } from '../../engine/types.js';
import {
  hasKeys,
  isObject,
  type JsonObject,
  listItems,
  prop,
  propKey,
  readJson,
  sniffJsonKeys,
  text,
} from '../json-input.js';
import { hostId, normalizeVersion, productOf } from '../normalize.js';
import type { Position } from '../source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { failedImport, PartBuilder } from './part-builder.js';

const NAME_KEYS = ['Name', 'Address', 'ServerName', 'ComputerName', 'Server', 'PSComputerName'];

/** Server names of a farm object's `Servers` (names or SPServer objects), with their pointers. */
function farmServers(item: JsonObject, pointer: Pointer): { name: string; pointer: Pointer }[] | undefined {
  const key = propKey(item, 'Servers');
  const servers = key === undefined ? undefined : item[key];
  if (!Array.isArray(servers) || key === undefined) return undefined;
  return servers.flatMap((server, i) => {
    const name = isObject(server) ? text(prop(server, 'Address', 'Name')) : text(server);
    return name === undefined ? [] : [{ name, pointer: [...pointer, key, i] }];
  });
}

/**
 * The SharePoint servers importer: each object names a server (`Name`, `Address`, `ServerName`, …) and its
 * `BuildVersion` (`{ Major, Minor, Build, Revision }` or `16.0.10337.12109`); a farm object with `Servers`
 * gives its build to every server listed. Product names come from the shared `sharepoint` table.
 */
export function createSharePointImporter(): Importer {
  return {
    name: 'sharepoint-servers',
    description: 'SharePoint servers with BuildVersion as JSON (Name/Address, BuildVersion)',
    detect(input) {
      const keys = sniffJsonKeys(input);
      return hasKeys(keys, 'BuildVersion') && !hasKeys(keys, 'AdminDisplayVersion');
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'sharepoint-servers', parsed.diagnostics);
      const builder = new PartBuilder(file, 'sharepoint-servers');
      for (const { item, pointer } of listItems(parsed.value)) {
        const where = (): Position => parsed.locate(pointer);
        if (!isObject(item)) {
          builder.rowError(where(), 'list element is not a server object');
          continue;
        }
        const versionKey = propKey(item, 'BuildVersion');
        const raw = versionKey === undefined ? undefined : item[versionKey];
        const version = normalizeVersion(raw);
        const versionAt = (): Position => parsed.locate(versionKey ? [...pointer, versionKey] : pointer);
        const nameKey = propKey(item, ...NAME_KEYS);
        const servers = farmServers(item, pointer) ?? [];
        const name = nameKey === undefined ? undefined : text(item[nameKey]);
        if (servers.length === 0 && name !== undefined) servers.push({ name, pointer: [...pointer, nameKey ?? ''] });
        if (servers.length === 0) {
          builder.rowError(where(), 'SharePoint entry without a server name (Name, Address or ServerName)');
          continue;
        }
        if (version === undefined) {
          builder.rowError(versionAt(), `${servers[0]?.name}: BuildVersion ${JSON.stringify(raw)} is not a version`);
          continue;
        }
        for (const server of servers) {
          const asset: Asset = { id: hostId(server.name), name: server.name, role: 'sharepoint' };
          if (version !== null) {
            const product = productOf('sharepoint', version);
            asset.product = product ? { name: product, version } : { version };
          }
          builder.addAsset(
            'servers',
            asset,
            () => parsed.locate(server.pointer),
            [
              [['product'], versionAt],
              [['product', 'version'], versionAt],
              [['product', 'name'], versionAt],
            ],
            `item${String(pointer[pointer.length - 1] ?? 0)}`,
          );
        }
      }
      return builder.result();
    },
  };
}
