// Importer for Intune's discovered apps from Microsoft Graph: `detectedApps` with their devices, or one device's apps.
import type { DevicePlatform, Pointer } from '../../engine/types.js';
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
} from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { isClientName, SoftwareTally } from './labeling-client.js';
import { fileStem, platformOf } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

const FORMAT = 'graph-detected-apps';

/** detectedAppPlatformType → our platform (`windows`, `macOS`, `ios`, `androidWorkProfile`, …). */
function appPlatform(value: unknown): DevicePlatform | undefined {
  const platform = text(value);
  if (platform === undefined || /^unknown/i.test(platform)) return undefined;
  if (/^windowsMobile$/i.test(platform)) return 'windows-mobile';
  if (/^windowsHolographic$/i.test(platform)) return 'other';
  return platformOf(platform.replace(/^androidOSP$/i, 'Android'));
}

/** Whether a JSON object is a detectedApp: a displayName with the properties only apps have. */
function isApp(item: JsonObject): boolean {
  return (
    prop(item, 'displayName') !== undefined &&
    (prop(item, 'sizeInByte') !== undefined || prop(item, 'deviceCount') !== undefined)
  );
}

/**
 * The discovered-apps importer. Two shapes:
 * - `/deviceManagement/detectedApps?$expand=managedDevices` (or `Get-MgDeviceManagementDetectedApp -All
 *   -ExpandProperty managedDevices`): apps, each with the devices it is on. A device listed under any app is
 *   in the inventory; under a client app it has the client, else not.
 * - a managed device with its `detectedApps` (`/deviceManagement/managedDevices/{id}?$expand=detectedApps`), or
 *   one device's apps alone (`…/managedDevices/{id}/detectedApps`: the device is named by the file).
 * Pages (`value` arrays with `@odata.nextLink`), arrays of pages and bare arrays are all read.
 */
export function createDetectedAppsImporter(): Importer {
  return {
    name: FORMAT,
    description:
      'Microsoft Graph detectedApps (?$expand=managedDevices) or a managed device with its detectedApps: is the labeling client installed',
    supplies: [
      {
        fact: 'device.labelingClient',
        command:
          'Graph GET /deviceManagement/detectedApps?$expand=managedDevices, pages saved as one JSON array (or Get-MgDeviceManagementDetectedApp -All -ExpandProperty managedDevices | ConvertTo-Json -Depth 5)',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (!hasKeys(keys, 'displayName')) return false;
      if (hasKeys(keys, 'detectedApps')) return true;
      return hasKeys(keys, 'sizeInByte') || (hasKeys(keys, 'deviceCount') && hasKeys(keys, 'publisher'));
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, FORMAT, parsed.diagnostics);
      const locate = parsed.locate;
      const builder = new PartBuilder(file, FORMAT);
      const tally = new SoftwareTally();
      const at = (pointer: Pointer) => (): Position => parsed.locate(pointer);
      const stem = fileStem(file);
      // `/deviceManagement/detectedApps` without `$expand=managedDevices` lists apps of no device in particular.
      const context = isObject(parsed.value) ? text(prop(parsed.value, '@odata.context')) : undefined;
      const orgWide = context !== undefined && /deviceManagement\/detectedApps/i.test(context);
      for (const { item, pointer } of listItems(parsed.value)) {
        if (!isObject(item)) {
          builder.rowError(parsed.locate(pointer), 'list element is not an app or device object');
          continue;
        }
        const apps = prop(item, 'detectedApps');
        if (Array.isArray(apps)) {
          // A managed device with its apps.
          const name = text(prop(item, 'deviceName'));
          if (name === undefined) {
            builder.rowError(parsed.locate(pointer), 'device with detectedApps but without a deviceName');
            continue;
          }
          const appsKey = propKey(item, 'detectedApps') ?? 'detectedApps';
          const os = text(prop(item, 'operatingSystem'));
          const platform = os === undefined ? undefined : platformOf(os);
          tally.see(name, at([...pointer, propKey(item, 'deviceName') ?? 'deviceName']), { platform });
          apps.forEach((app, i) => {
            readApp(app, [...pointer, appsKey, i], name, platform, false);
          });
          continue;
        }
        if (!isApp(item)) {
          builder.rowError(
            parsed.locate(pointer),
            'object is neither a detectedApp (displayName, sizeInByte) nor a device with detectedApps',
          );
          continue;
        }
        const devices = prop(item, 'managedDevices');
        if (Array.isArray(devices)) {
          const devicesKey = propKey(item, 'managedDevices') ?? 'managedDevices';
          devices.forEach((device, i) => {
            const devicePointer = [...pointer, devicesKey, i];
            const name = isObject(device) ? text(prop(device, 'deviceName')) : undefined;
            if (!isObject(device) || name === undefined) {
              builder.rowError(parsed.locate(devicePointer), 'managed device without a deviceName');
              return;
            }
            const os = text(prop(device, 'operatingSystem'));
            readApp(
              item,
              pointer,
              name,
              os === undefined ? appPlatform(prop(item, 'platform')) : platformOf(os),
              false,
              devicePointer,
            );
          });
          continue;
        }
        if (orgWide) {
          builder.rowError(
            parsed.locate(pointer),
            `${text(prop(item, 'displayName'))}: the app lists no devices (ask for ?$expand=managedDevices)`,
          );
          continue;
        }
        // One device's apps without the device: the file names it.
        readApp(item, pointer, stem, appPlatform(prop(item, 'platform')), true);
      }
      if (tally.empty)
        builder.rowError(
          { line: 1, column: 1 },
          'the export lists no device (expand managedDevices: ?$expand=managedDevices)',
        );
      for (const { asset, at: where, facts } of tally.assets()) builder.addAsset('devices', asset, where, facts);
      return builder.result();

      function readApp(
        app: unknown,
        appPointer: Pointer,
        device: string,
        platform: DevicePlatform | undefined,
        fromFile: boolean,
        devicePointer?: Pointer,
      ): void {
        const name = isObject(app) ? text(prop(app, 'displayName')) : undefined;
        const seenAt = at(devicePointer ?? appPointer);
        if (!isObject(app) || name === undefined) {
          builder.rowError(locate(appPointer), 'app without a displayName');
          tally.see(device, seenAt, { fromFile, platform });
          return;
        }
        if (!isClientName(name)) {
          tally.see(device, seenAt, { fromFile, platform });
          return;
        }
        const versionKey = propKey(app, 'version');
        tally.client(
          device,
          {
            name,
            version: text(prop(app, 'version')),
            // The device's place under the app when listed there, else the app's name.
            at: devicePointer ? at(devicePointer) : at([...appPointer, propKey(app, 'displayName') ?? 'displayName']),
            versionAt: versionKey ? at([...appPointer, versionKey]) : undefined,
          },
          { fromFile, platform },
        );
      }
    },
  };
}
