// Facts a registry export implies beyond its values: the labeling client from the Uninstall keys, and the RMS
// connector from the keys its server configuration tool writes.
import type { Pointer } from '../../engine/types.js';
import { compareVersions } from '../../engine/versions/compare.js';
import type { RegistryFile, RegistryValue } from '../formats/registry-file.js';
import type { Position } from '../formats/source-map.js';
import { clientOf, isClientName } from './labeling-client.js';

type Facts = [Pointer, Position][];

/** The Uninstall keys of both registry views (64-bit and WOW6432Node) and of the user hive. */
const UNINSTALL = /^HK(LM|CU)\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\Windows\\CurrentVersion\\Uninstall(\\|$)/i;

function findValue(reg: RegistryFile, key: string, name: string): RegistryValue | undefined {
  const k = key.toLowerCase();
  const n = name.toLowerCase();
  return reg.values.find((v) => v.key.toLowerCase() === k && v.name.toLowerCase() === n);
}

/**
 * `labelingClient` from an export of the Uninstall keys (`reg export …\Uninstall`, or `Get-ItemProperty
 * HKLM:\…\Uninstall\*`): installed when a subkey's DisplayName is the client's, with its DisplayVersion; not
 * installed when the keys were exported without it. A file without Uninstall keys says nothing.
 */
export function deriveLabelingClient(reg: RegistryFile): { client: Record<string, unknown>; facts: Facts } | undefined {
  const keys = reg.keys.filter((k) => UNINSTALL.test(k.path));
  if (keys.length === 0) return undefined;
  let best: { client: Record<string, unknown>; facts: Facts } | undefined;
  for (const key of keys) {
    const name = findValue(reg, key.path, 'DisplayName');
    if (typeof name?.data !== 'string' || !isClientName(name.data)) continue;
    const version = findValue(reg, key.path, 'DisplayVersion');
    const client = clientOf({
      name: name.data,
      version: typeof version?.data === 'string' ? version.data : undefined,
      at: name,
    });
    const at = { line: name.line, column: name.column };
    const versionAt = version ? { line: version.line, column: version.column } : at;
    const candidate = {
      client,
      facts: [
        [[], at],
        [['installed'], at],
        [['name'], at],
        [['version'], versionAt],
      ] as Facts,
    };
    // Both views can list it (an MSI and its bundle): the installed, newest one wins.
    if (!best || (client.installed === true && newer(client.version, best.client.version))) best = candidate;
  }
  if (best) return best;
  const first = keys[0];
  const at = { line: first?.line ?? 1, column: 1 };
  return {
    client: { installed: false },
    facts: [
      [[], at],
      [['installed'], at],
    ],
  };
}

function newer(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string') return false;
  return typeof b !== 'string' || compareVersions(a, b) > 0;
}

/**
 * The keys of "Registry settings for the Rights Management connector", by server kind. Exchange 2013/2016
 * (v15) and 2010 (v14): `IRM\LicenseServerRedirection` / `CertificationServerRedirection` map the tenant URL (value
 * name) to the connector URL (data), beside MSDRM `ServiceLocation` pointing at the tenant. SharePoint: MSIPC
 * `ServiceLocation\LicensingRedirection` (tenant → connector), `EnterpriseCertification` and
 * `EnterprisePublishing` (default value: the connector). File servers with FCI: MSDRM `ServiceLocation\Activation`
 * and `EnterprisePublishing` (default value: the connector).
 */
const EXCHANGE =
  /^HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v1[45]\\IRM(\\(LicenseServerRedirection|CertificationServerRedirection))?$/i;
const MSIPC =
  /^HKLM\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\MSIPC\\ServiceLocation(\\(EnterpriseCertification|EnterprisePublishing|LicensingRedirection))?$/i;
const MSDRM =
  /^HKLM\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\MSDRM\\ServiceLocation(\\(Activation|EnterprisePublishing))?$/i;
/** Values under a redirection key map a tenant URL to the connector: every value's data is the connector. */
const REDIRECTION = /\\(LicenseServerRedirection|CertificationServerRedirection|LicensingRedirection)$/i;
/** The Azure Rights Management service itself (the tenant URL), not a connector. */
const AZURE_RMS = /^https?:\/\/[^/]*\.(aadrm\.com|aadrm\.us|aadrm\.cn|azurerms\.com)(:\d+)?(\/|$)/i;

export interface ConnectorSettings {
  connector: { inUse: boolean; url?: string };
  role?: 'exchange' | 'sharepoint' | 'file-server';
  facts: Facts;
}

/** Whether an export holds keys only servers have: Exchange's IRM keys or MSDRM's ServiceLocation. */
export function hasServerOnlyKeys(reg: RegistryFile): boolean {
  return reg.keys.some((k) => EXCHANGE.test(k.path) || MSDRM.test(k.path));
}

/** Whether an export holds the keys the connector's server configuration tool writes. */
export function hasConnectorKeys(reg: RegistryFile): boolean {
  return reg.keys.some((k) => EXCHANGE.test(k.path) || MSIPC.test(k.path) || MSDRM.test(k.path));
}

/** The connector URL of a value, without the `/_wmcs/…` path the SharePoint and FCI settings add. */
function connectorUrl(data: string): string {
  return data
    .trim()
    .replace(/\/_wmcs\/.*$/i, '')
    .replace(/\/+$/, '');
}

/**
 * `rmsConnector` from those keys: in use when a redirection maps the tenant to a URL, or a ServiceLocation default
 * names a host that is not the Azure Rights Management service; not in use when the keys were exported without
 * such a value (an empty key means the server does not use the connector). The role is the kind of server the
 * keys belong to: Exchange's IRM keys, SharePoint's MSIPC keys, or MSDRM keys naming a connector without
 * Exchange's (a file server with FCI). Undefined when the file has none of the keys.
 */
export function deriveConnector(reg: RegistryFile): ConnectorSettings | undefined {
  const keys = reg.keys.filter((k) => EXCHANGE.test(k.path) || MSIPC.test(k.path) || MSDRM.test(k.path));
  if (keys.length === 0) return undefined;
  const exported = new Set(keys.map((k) => k.path.toLowerCase()));
  const evidence = reg.values.find((v) => {
    if (!exported.has(v.key.toLowerCase()) || typeof v.data !== 'string' || !/^https?:\/\//i.test(v.data.trim())) {
      return false;
    }
    if (REDIRECTION.test(v.key)) return true;
    return v.name === '(Default)' && !AZURE_RMS.test(v.data.trim());
  });
  const exchange = keys.some((k) => EXCHANGE.test(k.path));
  const sharepoint = keys.some((k) => MSIPC.test(k.path));
  let role: ConnectorSettings['role'];
  if (exchange) role = 'exchange';
  else if (sharepoint) role = 'sharepoint';
  else if (evidence && MSDRM.test(evidence.key)) role = 'file-server';
  const first = keys[0];
  if (!evidence) {
    const at = { line: first?.line ?? 1, column: 1 };
    return {
      connector: { inUse: false },
      ...(role ? { role } : {}),
      facts: [
        [['rmsConnector'], at],
        [['rmsConnector', 'inUse'], at],
        [['role'], at],
      ],
    };
  }
  const at = { line: evidence.line, column: evidence.column };
  return {
    connector: { inUse: true, url: connectorUrl(evidence.data as string) },
    ...(role ? { role } : {}),
    facts: [
      [['rmsConnector'], at],
      [['rmsConnector', 'inUse'], at],
      [['rmsConnector', 'url'], at],
      [['role'], { line: first?.line ?? 1, column: 1 }],
    ],
  };
}
