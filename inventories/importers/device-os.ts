// The canonical `os` of a device or server from what an export reports, named through the version tables.
import type { DevicePlatform } from '../../engine/types.js';
import { serverOnlyRelease } from '../../engine/versions/tables.js';
import { isServerOs, productOf } from './normalize.js';

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
