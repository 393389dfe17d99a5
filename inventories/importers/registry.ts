// Importer for one device's registry export (.reg): the values the rules read, and the TLS settings they imply.
import type { Asset, Pointer } from '../../engine/types.js';
import { listItems, readJson } from '../formats/json-input.js';
import { isRegistryFile, type RegistryFile, type RegistryValue, readRegistryFile } from '../formats/registry-file.js';
import { isItemPropertyJson, readItemProperties } from '../formats/registry-json.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { fileStem, hostId } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';
import { deriveConnector, deriveLabelingClient, hasConnectorKeys, hasServerOnlyKeys } from './registry-facts.js';

/**
 * Keys whose values are kept in `registry` (prefixes, case-insensitive): the labeling client (MSIP, MSIPC),
 * SCHANNEL, .NET Framework and Internet Settings (proxy, PAC). A full hive export stays small this way.
 */
const KEPT = [
  /^HK(LM|CU)\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\MSIPC?(\\|$)/i,
  /^HKCU\\SOFTWARE\\Classes\\Local Settings\\Software\\Microsoft\\MSIPC(\\|$)/i,
  /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Control\\SecurityProviders\\SCHANNEL(\\|$)/i,
  /^HKLM\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\\.NETFramework(\\|$)/i,
  /^HK(LM|CU)\\SOFTWARE\\(Policies\\)?Microsoft\\Windows\\CurrentVersion\\Internet Settings(\\|$)/i,
];

const PROTOCOLS = /\\SecurityProviders\\SCHANNEL\\Protocols(\\|$)/i;
const TLS_CLIENT =
  /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1\.([0-3])\\Client$/i;
const DOTNET_V4 = /^HKLM\\SOFTWARE\\(WOW6432Node\\)?Microsoft\\\.NETFramework\\v4\.0\.30319$/i;

/**
 * The device name: the `PSComputerName` of Invoke-Command output, a `; Computer: NAME` (or `Device:`/`Host:`)
 * comment, else the file name's stem.
 */
function deviceName(
  file: string,
  reg: RegistryFile & { computer?: { name: string; line: number } },
): { name: string; line?: number } {
  if (reg.computer) return reg.computer;
  for (const comment of reg.comments) {
    const m = /^(?:computer|device|host|machine)\s*[:=]\s*(\S+)/i.exec(comment.text);
    if (m?.[1]) return { name: m[1], line: comment.line };
  }
  return { name: fileStem(file) };
}

// CurrentControlSet is what Windows uses; ControlSet001… only count when the export has no CurrentControlSet.
function schannelSet(reg: RegistryFile): string | undefined {
  const sets = reg.keys.map((k) => /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\/i.exec(k.path)?.[1]);
  return sets.find((s) => s?.toLowerCase() === 'currentcontrolset') ?? sets.find((s) => s !== undefined);
}

interface Derived {
  tls: Record<string, unknown>;
  facts: [Pointer, Position][];
}

/**
 * The `tls` object. A file that exports the SCHANNEL `Protocols` key (or a subkey) or a .NET v4.0.30319 key
 * collected TLS settings: `tls` is at least `{ collected: true }` (no explicit setting: OS defaults). A file
 * with neither says nothing about TLS: no `tls`, so TLS rules report unknown.
 */
function deriveTls(reg: RegistryFile): Derived | undefined {
  const set = schannelSet(reg);
  const inSet = (path: string) => set === undefined || path.toLowerCase().includes(`\\${set.toLowerCase()}\\`);
  const protocolKeys = reg.keys.filter((k) => PROTOCOLS.test(k.path) && inSet(k.path));
  const dotnetKeys = reg.keys.filter((k) => DOTNET_V4.test(k.path));
  if (protocolKeys.length === 0 && dotnetKeys.length === 0) return undefined;
  const tls: Record<string, unknown> = { collected: true };
  const first = [...protocolKeys, ...dotnetKeys].sort((a, b) => a.line - b.line)[0];
  const facts: [Pointer, Position][] = [[[], { line: first?.line ?? 1, column: 1 }]];
  const findValue = (key: string, name: string) =>
    reg.values.find((v) => v.key.toLowerCase() === key.toLowerCase() && v.name.toLowerCase() === name.toLowerCase());
  for (const key of protocolKeys) {
    const m = TLS_CLIENT.exec(key.path);
    if (!m) continue;
    const protocol = `tls1${m[2]}`;
    const setting: Record<string, boolean> = {};
    for (const [name, field] of [
      ['Enabled', 'enabled'],
      ['DisabledByDefault', 'disabledByDefault'],
    ] as const) {
      const value = findValue(key.path, name);
      if (value === undefined || typeof value.data !== 'number') continue;
      setting[field] = value.data !== 0;
      facts.push([[protocol, field], { line: value.line, column: value.column }]);
    }
    if (Object.keys(setting).length > 0) {
      tls[protocol] = setting;
      facts.push([[protocol], { line: key.line, column: 1 }]);
    }
  }
  if (dotnetKeys.length > 0) {
    const values = dotnetKeys.flatMap((k) => [
      findValue(k.path, 'SchUseStrongCrypto'),
      findValue(k.path, 'SystemDefaultTlsVersions'),
    ]);
    // Both values 1 under every v4.0.30319 key exported (64-bit and, when present, WOW6432Node).
    tls.dotnetStrongCrypto = values.every((v) => v?.type === 'REG_DWORD' && v.data === 1);
    const where = values.find((v): v is RegistryValue => v !== undefined) ?? dotnetKeys[0];
    facts.push([['dotnetStrongCrypto'], { line: where?.line ?? 1, column: 1 }]);
  }
  return { tls, facts };
}

/**
 * Whether an export is a server's RMS connector settings rather than a device's: it holds Exchange's IRM or MSDRM
 * `ServiceLocation` keys, or SharePoint's MSIPC `ServiceLocation` keys and none of the device keys the rules read
 * (MSIP, SCHANNEL, .NET, Internet Settings, Uninstall): clients can carry MSIPC `ServiceLocation` (AD RMS
 * discovery) beside those.
 */
function isServerExport(reg: RegistryFile): boolean {
  if (hasServerOnlyKeys(reg)) return true;
  if (!hasConnectorKeys(reg)) return false;
  return !reg.keys.some(
    (k) =>
      (KEPT.some((p) => p.test(k.path)) && !/\\MSIPC(\\ServiceLocation(\\|$)|$)/i.test(k.path)) ||
      /\\CurrentVersion\\Uninstall(\\|$)/i.test(k.path),
  );
}

/** The registry importer: a `.reg` export of one Windows device, or of a server's RMS connector settings. */
export function createRegistryImporter(): Importer {
  return {
    name: 'registry',
    description:
      'Registry export .reg (Windows Registry Editor Version 5.00 or REGEDIT4) or Get-ItemProperty | ConvertTo-Json of one device, named by the file',
    supplies: [
      {
        fact: 'device.registry',
        command:
          'reg export "HKLM\\SOFTWARE\\Microsoft\\MSIPC" msipc.reg (and the MSIP, Internet Settings keys), per device',
      },
      {
        fact: 'device.tls',
        command:
          'reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols" schannel.reg (and HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319), per device',
      },
      {
        fact: 'device.labelingClient',
        command:
          'reg export "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall" (and the WOW6432Node view), or Get-ItemProperty HKLM:\\…\\Uninstall\\* | ConvertTo-Json, per device',
      },
      {
        fact: 'server.rmsConnector',
        command:
          'reg export of the RMS connector settings on each server: HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM (Exchange), HKLM\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation (SharePoint), HKLM\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation (file servers)',
      },
    ],
    detect(input) {
      return isRegistryFile(input) || isItemPropertyJson(input);
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'registry');
      let reg: RegistryFile & { computer?: { name: string; line: number } };
      if (isRegistryFile(input)) reg = readRegistryFile(input);
      else {
        const parsed = readJson(input, file);
        if (!parsed.ok) return failedImport(file, 'registry', parsed.diagnostics);
        reg = readItemProperties(listItems(parsed.value), parsed.locate);
      }
      for (const error of reg.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
      const { name, line } = deviceName(file, reg);
      const facts: [Pointer, Position][] = [];
      if (isServerExport(reg)) {
        // The RMS connector's settings are a server's: a server with its connector use (and role), no device.
        const server: Asset = { id: hostId(name) };
        if (line !== undefined) {
          server.name = name;
          facts.push([['name'], { line, column: 1 }]);
        }
        const settings = deriveConnector(reg);
        if (settings) {
          if (settings.role) server.role = settings.role;
          server.rmsConnector = settings.connector;
          facts.push(...settings.facts);
        }
        builder.addAsset('servers', server, { line: 1, column: 1 }, facts);
        return builder.result();
      }
      // A name taken from the file name is only an id: other sources show the machine's name as written.
      const asset: Asset = { id: hostId(name), platform: 'windows' };
      if (line !== undefined) {
        asset.name = name;
        facts.push([['name'], { line, column: 1 }]);
      }
      const registry: Record<string, { type: string; data: unknown }> = {};
      for (const value of reg.values) {
        if (!KEPT.some((p) => p.test(value.key))) continue;
        const path = `${value.key}\\${value.name}`;
        registry[path] = { type: value.type, data: value.data };
        facts.push([['registry', path], { line: value.line, column: value.column }]);
      }
      const firstKey = reg.keys.find((k) => KEPT.some((p) => p.test(k.path)));
      if (Object.keys(registry).length > 0 || firstKey) {
        asset.registry = registry;
        facts.push([['registry'], { line: firstKey?.line ?? 1, column: 1 }]);
      }
      // An exported key is a collected key: a value it lacks is not set. Values outside KEPT are dropped, so only
      // kept keys are claimed, each on its own (not its subkeys: a subkey missing from the file proves nothing).
      const collected = [...new Set(reg.keys.filter((k) => KEPT.some((p) => p.test(k.path))).map((k) => k.path))];
      if (collected.length > 0) {
        asset.collectedRegistryKeys = collected;
        facts.push([['collectedRegistryKeys'], { line: firstKey?.line ?? 1, column: 1 }]);
      }
      const derived = deriveTls(reg);
      if (derived) {
        asset.tls = derived.tls;
        for (const [pointer, where] of derived.facts) facts.push([['tls', ...pointer], where]);
      }
      const client = deriveLabelingClient(reg);
      if (client) {
        asset.labelingClient = client.client;
        for (const [pointer, where] of client.facts) facts.push([['labelingClient', ...pointer], where]);
      }
      builder.addAsset('devices', asset, { line: 1, column: 1 }, facts);
      return builder.result();
    },
  };
}
