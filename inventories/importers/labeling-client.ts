// Installed software → `labelingClient`: which product names are the unified labeling client, one device's tally.
import type { Asset, DevicePlatform } from '../../engine/types.js';
import { compareVersions } from '../../engine/versions/compare.js';
import type { InnerLocator, Position } from '../formats/source-map.js';
import { hostId, normalizeVersion } from './normalize.js';

type Where = Position | (() => Position);

const resolve = (where: Where): Position => (typeof where === 'function' ? where() : where);

/**
 * Display names of the unified labeling client as Add/Remove Programs, Intune and Configuration Manager list it:
 * "Microsoft Azure Information Protection" (the unified labeling client, 2.x; the classic client 1.x has the same
 * name) and its successor "Microsoft Purview Information Protection". A version or architecture suffix is allowed
 * (`… (x64)`, `… 2.16.79.0`); other products of the family (the Viewer, the scanner, the SDK) are not the client.
 */
const CLIENT_NAME = /^microsoft (azure|purview) information protection(\s+\(x(64|86)\)|\s+v?\d+(\.\d+)*)?$/i;

/** Whether a display name is the unified labeling client's (or the classic client's: see `clientOf`). */
export function isClientName(displayName: string): boolean {
  return CLIENT_NAME.test(displayName.trim());
}

/** A client entry found in an export: its name and version as shown, and where. */
export interface ClientEntry {
  /** Absent when the export names the app only by an id (Intune's install status report). */
  name?: string;
  version?: string;
  at: Position | (() => Position);
  versionAt?: Position | (() => Position);
}

/**
 * The `labelingClient` an entry gives: the unified labeling client is installed, with its version. The classic
 * client (Azure Information Protection 1.x, retired) shares the name but is not the unified labeling client the
 * rules mean: `installed: false`, with its name and version kept so the finding shows what is there.
 */
export function clientOf(entry: ClientEntry): Record<string, unknown> {
  const version = normalizeVersion(entry.version) ?? undefined;
  const classic = /azure/i.test(entry.name ?? '') && version !== undefined && Number(version.split('.')[0]) < 2;
  return { installed: !classic, ...(entry.name ? { name: entry.name.trim() } : {}), ...(version ? { version } : {}) };
}

/** The newest of several client entries of one device (an MSI and its bundle, two versions mid-upgrade). */
function newest(entries: readonly ClientEntry[]): ClientEntry | undefined {
  let best: ClientEntry | undefined;
  for (const entry of entries) {
    const version = normalizeVersion(entry.version) ?? undefined;
    const bestVersion = best && (normalizeVersion(best.version) ?? undefined);
    if (!best || (version && (!bestVersion || compareVersions(version, bestVersion) > 0))) best = entry;
  }
  return best;
}

interface Tallied {
  name: string;
  /** The name came from the file name, not the export: only an id. */
  fromFile: boolean;
  at: Position | (() => Position);
  clients: ClientEntry[];
  platform?: DevicePlatform;
}

/**
 * The devices of one software export and the client entries found for each. A device the export lists with
 * other software but without the client has `installed: false`; a device it does not list is not added.
 */
export class SoftwareTally {
  private readonly devices = new Map<string, Tallied>();

  /** Notes that the export lists software of a device (first mention wins for its position). */
  see(
    name: string,
    at: Position | (() => Position),
    options: { fromFile?: boolean; platform?: DevicePlatform } = {},
  ): void {
    const key = hostId(name);
    const device = this.devices.get(key);
    if (!device)
      this.devices.set(key, {
        name,
        fromFile: options.fromFile === true,
        at,
        clients: [],
        ...(options.platform ? { platform: options.platform } : {}),
      });
    else if (options.platform && !device.platform) device.platform = options.platform;
  }

  /** Notes a client entry of a device. */
  client(name: string, entry: ClientEntry, options: { fromFile?: boolean; platform?: DevicePlatform } = {}): void {
    this.see(name, entry.at, options);
    this.devices.get(hostId(name))?.clients.push(entry);
  }

  /** Whether the export listed no device at all. */
  get empty(): boolean {
    return this.devices.size === 0;
  }

  /**
   * Every device seen with its `labelingClient` and where each fact came from; its platform is the one the
   * export gives, else Windows (the client and the Windows-only exports: Uninstall keys, Add/Remove Programs).
   */
  assets(): { asset: Asset; at: Where; facts: InnerLocator }[] {
    return [...this.devices.entries()].map(([id, device]) => {
      const best = newest(device.clients);
      const asset: Asset = {
        id,
        platform: device.platform ?? 'windows',
        labelingClient: best ? clientOf(best) : { installed: false },
      };
      if (!device.fromFile) asset.name = device.name;
      const at = best?.at ?? device.at;
      const versionAt = best?.versionAt ?? at;
      // One locator per device, not an entry per fact: a fleet's export lists hundreds of thousands of devices.
      const facts: InnerLocator = (rest) => {
        if (rest[0] === 'labelingClient') return resolve(rest[1] === 'version' ? versionAt : at);
        if (rest[0] === 'name' && !device.fromFile) return resolve(device.at);
        return undefined;
      };
      return { asset, at: device.at, facts };
    });
  }
}
