// The canonical `os` of a device or server from what an export reports, named through the version tables.
import type { DevicePlatform } from '../../engine/types.js';
import { serverOnlyRelease } from '../../engine/versions/tables.js';
import { isServerOs, normalizeVersion, platformOf, productOf } from './normalize.js';

export interface ReportedOs {
  platform: DevicePlatform;
  /** OS name as the export writes it (`Windows`, `Windows 10 Enterprise`, `iOS/iPadOS`). */
  reported?: string;
  /** Normalized dotted version. */
  version?: string;
  /** Edition or SKU family (`Enterprise`). */
  edition?: string;
}

/**
 * The `os` object. Windows versions are named with the shared tables (`10.0.22631.2715` → `Windows 11`, plus the
 * edition: `Windows 11 Enterprise`) unless the export already names the release (AD's `Windows 10 Enterprise`,
 * `Windows Server 2016 Datacenter`). Windows records get `type: server` when they name a server or carry a build
 * only a Windows Server release has (an Intune row saying `Windows` with `10.0.20348.2582` is Windows Server 2022,
 * enrolled as a managed device), else `type: client`.
 */
export function deviceOs({ platform, reported, version, edition }: ReportedOs): Record<string, unknown> {
  const os: Record<string, unknown> = {};
  const namesRelease = reported !== undefined && /\d/.test(reported);
  let name = reported;
  const server = platform === 'windows' ? serverOnlyRelease(version) : undefined;
  if (!namesRelease && version !== undefined && (platform === 'windows' || platform === 'windows-mobile')) {
    const product = server ?? productOf(platform === 'windows' ? 'windows-client' : 'windows-mobile', version);
    if (product) name = edition && platform === 'windows' ? `${product} ${edition}` : product;
  }
  if (name !== undefined) os.name = name;
  if (version !== undefined) os.version = version;
  if (edition !== undefined) os.edition = edition;
  if (platform === 'windows') {
    os.type = (reported !== undefined && isServerOs(reported)) || server !== undefined ? 'server' : 'client';
  }
  return os;
}

/**
 * The `os` of a server (`name`, `version`), named with the Windows Server table when the export does not name
 * the release (Entra's `Windows Server` with `10.0.17763.6414` → `Windows Server 2019`).
 */
export function serverOs(reported: string | undefined, version: string | undefined): Record<string, unknown> {
  const os: Record<string, unknown> = {};
  const product = version === undefined ? undefined : productOf('windows-server', version);
  const name = reported !== undefined && /\d/.test(reported) ? reported : (product ?? reported);
  if (name !== undefined) os.name = name;
  if (version !== undefined) os.version = version;
  return os;
}

/** What a row's OS columns make: the normalized version, the platform, whether it is a server, and its `os`. */
export interface RowOs {
  /** The version normalized: null when the row has none, undefined when its text is no version. */
  version: string | null | undefined;
  platform: DevicePlatform;
  /** A Windows Server OS (only when servers are told apart): the row is a server, its `os` from `serverOs`. */
  server: boolean;
  /** The `os`, shared by the rows that read alike: copied before it is given to an asset. */
  os: Readonly<Record<string, unknown>>;
}

/**
 * What a row's OS name, version (as written) and edition make, as the device importers read them. `servers`: a
 * Windows Server OS makes the row a server (AD, Entra, Graph); else every row is a device (Intune, whose Windows
 * Server rows are managed devices).
 */
export function readRowOs(
  servers: boolean,
  reported: string | undefined,
  versionText: unknown,
  edition: string | undefined,
): RowOs {
  const version = normalizeVersion(versionText);
  const platform = platformOf(reported ?? '');
  const server = servers && platform === 'windows' && reported !== undefined && isServerOs(reported);
  if (version === undefined) return { version, platform, server, os: {} };
  const os = server
    ? serverOs(reported, version ?? undefined)
    : deviceOs({ platform, reported, version: version ?? undefined, edition });
  return { version, platform, server, os };
}

/** Reads a row's OS name, version (as written) and edition. */
export type RowOsReader = (reported: string | undefined, version: unknown, edition?: string) => RowOs;

/** Distinct OS texts an export's reader remembers: a fleet runs a few hundred OS names and versions. */
const REMEMBERED_OS = 4096;

/**
 * `readRowOs` for the rows of one CSV export, remembering what each distinct text made: naming a release
 * through the version tables cost about a microsecond a row, and a million rows repeat a few hundred texts.
 */
export function rowOsReader(servers: boolean): RowOsReader {
  /** By OS name, version text and edition (undefined: absent). */
  const remembered = new Map<string | undefined, Map<string | undefined, Map<string | undefined, RowOs>>>();
  let count = 0;
  const read = (reported: string | undefined, versionText: unknown, edition: string | undefined) =>
    readRowOs(servers, reported, versionText, edition);
  return (reported, versionText, edition) => {
    if (versionText !== undefined && typeof versionText !== 'string') return read(reported, versionText, edition);
    const text = versionText as string | undefined;
    let byVersion = remembered.get(reported);
    let byEdition = byVersion?.get(text);
    let os = byEdition?.get(edition);
    if (os !== undefined) return os;
    os = read(reported, text, edition);
    if (count < REMEMBERED_OS) {
      count++;
      if (byVersion === undefined) {
        byVersion = new Map();
        remembered.set(reported, byVersion);
      }
      if (byEdition === undefined) {
        byEdition = new Map();
        byVersion.set(text, byEdition);
      }
      byEdition.set(edition, os);
    }
    return os;
  };
}
