// Importer for SharePoint Server builds: server names with BuildVersion (System.Version object or string), as JSON.
import type { Asset, Pointer } from '../../engine/types.js';
import {
  depthHint,
  hasKeys,
  isObject,
  type JsonObject,
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

const NAME_KEYS = ['Name', 'Address', 'ServerName', 'ComputerName', 'Server', 'PSComputerName'];

/**
 * Whether a server object is outside the farm: SPServerRole `Invalid` (0 when exported as an integer) marks the
 * database and mail servers `Get-SPServer` and a farm's `Servers` list along with the SharePoint servers.
 */
function outsideFarm(server: JsonObject): boolean {
  const role = prop(server, 'Role');
  return role === 0 || (typeof role === 'string' && /^\s*(invalid|0)\s*$/i.test(role));
}

// An SPServer as text: its ToString(), which is what ConvertTo-Json writes for objects nested below -Depth.
const SERVER_TEXT = /SPServer Name=(\S+)/g;

/** Server names of a farm object's `Servers` (names, SPServer objects or their text), with their pointers. */
function farmServers(item: JsonObject, pointer: Pointer): { name: string; pointer: Pointer }[] | undefined {
  const key = propKey(item, 'Servers');
  const servers = key === undefined ? undefined : item[key];
  if (key === undefined) return undefined;
  if (typeof servers === 'string' && servers.includes('SPServer Name=')) {
    return [...servers.matchAll(SERVER_TEXT)].map((m) => ({ name: m[1] ?? '', pointer: [...pointer, key] }));
  }
  if (!Array.isArray(servers)) return undefined;
  return servers.flatMap((server, i) => {
    if (isObject(server) && outsideFarm(server)) return [];
    const raw = isObject(server) ? text(prop(server, 'Address', 'Name')) : text(server);
    const name = raw?.replace(/^SPServer Name=/, '');
    return name === undefined ? [] : [{ name, pointer: [...pointer, key, i] }];
  });
}

/**
 * The SharePoint servers importer: each object names a server (`Name`, `Address`, `ServerName`, …) and its
 * `BuildVersion` (`{ Major, Minor, Build, Revision }` or `16.0.10337.12109`); a farm object with `Servers`
 * (`Get-SPFarm`) gives its build to every server listed, except the database and mail servers (role `Invalid`).
 * Product names come from the shared `sharepoint` table.
 */
export function createSharePointImporter(): Importer {
  return {
    name: 'sharepoint-servers',
    description: 'SharePoint servers with BuildVersion as JSON (Name/Address, BuildVersion)',
    supplies: [
      {
        fact: 'server.product.version',
        command: 'Get-SPFarm | Select BuildVersion, Servers | ConvertTo-Json (or Get-SPServer with BuildVersion)',
      },
      { fact: 'server.role', command: 'Get-SPFarm | ConvertTo-Json' },
    ],
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
        // Get-SPServer lists the database and mail servers too; they have no SharePoint build of their own.
        if (outsideFarm(item)) continue;
        const nameKey = propKey(item, ...NAME_KEYS);
        const servers = farmServers(item, pointer) ?? [];
        const name = nameKey === undefined ? undefined : text(item[nameKey]);
        if (servers.length === 0 && name !== undefined) servers.push({ name, pointer: [...pointer, nameKey ?? ''] });
        if (servers.length === 0) {
          builder.rowError(where(), 'SharePoint entry without a server name (Name, Address or ServerName)');
          continue;
        }
        if (version === undefined) {
          builder.rowError(
            versionAt(),
            `${servers[0]?.name}: BuildVersion ${JSON.stringify(raw)} is not a version${depthHint(raw)}`,
          );
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
