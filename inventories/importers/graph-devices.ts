// Importer for Microsoft Graph device lists: Intune managedDevice objects and Microsoft Entra device objects.
import type { Asset, Pointer } from '../../engine/types.js';
import { hasKeys, isObject, listItems, propertiesOf, readJson, sniffJsonKeys, text } from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import { readExportDate } from './dates.js';
import { readRowOs } from './device-os.js';
import { importEntraDevicesCsv, isEntraDevicesCsv } from './entra-devices-csv.js';
import type { Importer, ImportResult } from './importer.js';
import { architectureOf, deviceIdOf, hostId, readBoolean } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

/**
 * Property names of managedDevice (first), Entra device (second) and, after them, of the retired AzureAD
 * (`Get-AzureADDevice`: DeviceOSType, DeviceOSVersion, ApproximateLastLogonTimeStamp, ObjectId) and MSOnline
 * (`Get-MsolDevice`: DeviceOsType, Enabled) modules, whose exports auditors still hold; names are case-insensitive.
 */
const FIELDS = {
  name: ['deviceName', 'displayName'],
  os: ['operatingSystem', 'deviceOSType'],
  version: ['osVersion', 'operatingSystemVersion', 'deviceOSVersion'],
  observedAt: ['lastSyncDateTime', 'approximateLastSignInDateTime', 'approximateLastLogonTimeStamp'],
  primaryUser: ['userPrincipalName'],
  architecture: ['processorArchitecture'],
  edition: ['skuFamily'],
  enabled: ['accountEnabled', 'enabled'],
  id: ['id', 'deviceId', 'azureADDeviceId', 'objectId'],
  // An Entra device object's deviceId, a managedDevice's azureADDeviceId; a managedDevice's own id is Intune's.
  entraDeviceId: ['deviceId', 'azureADDeviceId'],
  intuneDeviceId: ['id'],
} as const;

/** Where a device read from a Graph export goes: a `PartBuilder`, or a stream's evaluation. */
export interface GraphItemSink {
  rowError(where: Position, message: string): void;
  addAsset(
    kind: 'devices' | 'servers',
    asset: Asset,
    where: () => Position,
    facts: [Pointer, () => Position][],
    discriminator: string,
  ): void;
}

/** Where an item of a Graph export is: the item, and the property under one of its keys. */
export interface GraphItemPlace {
  /** The item's index in its list, for the discriminator of an item without an id. */
  index: string;
  where: () => Position;
  at: (key: string) => Position;
}

/**
 * Reads one listed object of a Graph device export into a device or server, or a row error: a file read
 * whole and a streamed one read items alike.
 */
export function readGraphItem(item: unknown, place: GraphItemPlace, builder: GraphItemSink): void {
  const { where } = place;
  if (!isObject(item)) {
    builder.rowError(where(), 'list element is not a device object');
    return;
  }
  const properties = propertiesOf(item);
  const field = (name: keyof typeof FIELDS) => properties.prop(...FIELDS[name]);
  const at = (name: keyof typeof FIELDS) => {
    const key = properties.propKey(...FIELDS[name]);
    return (): Position => (key === undefined ? where() : place.at(key));
  };
  const name = text(field('name'));
  if (name === undefined) {
    builder.rowError(where(), 'device without a deviceName or displayName');
    return;
  }
  if (readBoolean(field('enabled')) === false) return;
  const reported = text(field('os'));
  const os = readRowOs(true, reported, field('version'), text(field('edition')));
  if (os.version === undefined) {
    builder.rowError(at('version')(), `${name}: OS version ${JSON.stringify(field('version'))} is not a version`);
    return;
  }
  const asset: Asset = { id: hostId(name), name };
  const seen = readExportDate(field('observedAt'));
  if (seen.kind === 'date') asset.observedAt = seen.iso;
  const facts: [Pointer, () => Position][] = [
    [['name'], at('name')],
    [['os'], at('os')],
    [['os', 'name'], at('os')],
    [['os', 'version'], at('version')],
    [['observedAt'], at('observedAt')],
  ];
  const discriminator = text(field('id')) ?? `item${place.index}`;
  if (os.server) {
    asset.os = os.os;
    builder.addAsset('servers', asset, where, facts, discriminator);
    return;
  }
  asset.platform = os.platform;
  asset.os = os.os;
  const user = text(field('primaryUser'));
  if (user !== undefined) asset.primaryUser = user;
  const architecture = architectureOf(field('architecture'));
  if (architecture !== undefined) asset.architecture = architecture;
  const entra = deviceIdOf(field('entraDeviceId'));
  if (entra !== undefined) asset.entraDeviceId = entra;
  // Only a managedDevice's id is an Intune device id: an Entra device object (it has a deviceId) has an object id.
  const intune = properties.prop('deviceId') === undefined ? deviceIdOf(field('intuneDeviceId')) : undefined;
  if (intune !== undefined) asset.intuneDeviceId = intune;
  facts.push(
    [['platform'], at('os')],
    [['os', 'edition'], at('edition')],
    [['primaryUser'], at('primaryUser')],
    [['architecture'], at('architecture')],
    [['entraDeviceId'], at('entraDeviceId')],
    [['intuneDeviceId'], at('intuneDeviceId')],
  );
  builder.addAsset('devices', asset, where, facts, discriminator);
}

/** Whether the head of a file is a Graph device export as JSON (not the Entra CSV the importer also reads). */
export function isGraphDevicesJson(head: string): boolean {
  return sniffJsonKeys(head) !== undefined;
}

/** The Graph devices importer. */
export function createGraphDevicesImporter(): Importer {
  return {
    name: 'graph-devices',
    description:
      'Microsoft Graph managedDevice or Entra device JSON (deviceName/displayName, operatingSystem, osVersion), Get-AzureADDevice / Get-MsolDevice, or Entra "Download devices" CSV',
    supplies: [
      {
        fact: 'device.os',
        command:
          'Graph GET /deviceManagement/managedDevices (or /devices; Get-MgDevice | Export-Csv; Entra admin center > Devices > Download devices)',
      },
      {
        fact: 'device.architecture',
        command:
          'Graph GET /deviceManagement/managedDevices?$select=deviceName,operatingSystem,osVersion,processorArchitecture',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys === undefined) return isEntraDevicesCsv(input);
      if (hasKeys(keys, 'deviceOSType', 'deviceOSVersion', 'displayName')) return true;
      return (
        hasKeys(keys, 'operatingSystem') && (hasKeys(keys, 'deviceName') || hasKeys(keys, 'operatingSystemVersion'))
      );
    },
    import(input, file): ImportResult {
      if (sniffJsonKeys(input) === undefined) return importEntraDevicesCsv(input, file);
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'graph-devices', parsed.diagnostics);
      const builder = new PartBuilder(file, 'graph-devices');
      for (const { item, pointer } of listItems(parsed.value)) {
        readGraphItem(
          item,
          {
            index: String(pointer[pointer.length - 1]),
            where: () => parsed.locate(pointer),
            at: (key) => parsed.locate([...pointer, key]),
          },
          builder,
        );
      }
      return builder.result();
    },
  };
}
