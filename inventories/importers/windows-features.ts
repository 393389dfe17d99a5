// Importer for Get-WindowsFeature output (JSON, CSV or the console table): is FCI (FS-Resource-Manager) on a server?
import type { Asset } from '../../engine/types.js';
import { normalizeHeader, readCsv, sniffCsvHeaders } from '../formats/csv.js';
import { isObject, listItems, prop, propKey, readJson, sniffJsonKeys, text } from '../formats/json-input.js';
import type { Position } from '../formats/source-map.js';
import type { Importer, ImportResult } from './importer.js';
import { fileStem, hostId, readBoolean } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

const FCI = 'fs-resource-manager';
// Features every file server lists (File and Storage Services and its role services).
const FEATURE_NAME = /"(FileAndStorage-Services|File-Services|Storage-Services|FS-[A-Za-z-]+)"/;

interface Feature {
  name: string;
  installed: boolean | undefined;
  at: () => Position;
}

interface ServerFeatures {
  name: string;
  /** The name came from the file name, not the export: it is only an id. */
  fromFile: boolean;
  features: Feature[];
  at: () => Position;
}

// Get-WindowsFeature's InstallState enum: only 1 (Installed) is installed; Available (0), the pending states
// and Removed are not, yet.
function installedOf(installed: unknown, state: unknown): boolean | undefined {
  const flag = readBoolean(installed);
  if (typeof installed === 'boolean' || flag !== undefined) return flag;
  if (typeof state === 'number') return state === 1;
  if (typeof state === 'string') return /^installed$/i.test(state.trim()) || state.trim() === '1';
  return undefined;
}

const ROW = /^\s*\[([ Xx])\]\s+(.*?)\s{2,}([A-Za-z0-9][\w.-]*)(?:\s+(\S+))?\s*$/;
const ENGLISH_STATE = /^(installed|available|installpending|uninstallpending|removed)$/i;

function readTable(input: string, server: string): ServerFeatures[] {
  const features: Feature[] = [];
  input.split(/\r\n|\n|\r/).forEach((line, i) => {
    const m = ROW.exec(line);
    if (!m) return;
    const state = m[4];
    // The Install State column is localized ("Installiert", "Verfügbar") and missing from narrow output; the
    // [X] box is neither.
    const installed = state && ENGLISH_STATE.test(state) ? /^installed$/i.test(state) : m[1]?.toLowerCase() === 'x';
    const column = line.indexOf(m[3] ?? '') + 1;
    features.push({ name: m[3] ?? '', installed, at: () => ({ line: i + 1, column }) });
  });
  return [{ name: server, fromFile: true, features, at: () => ({ line: 1, column: 1 }) }];
}

/** Whether CSV headers are those of Get-WindowsFeature | Export-Csv. */
function isFeatureCsv(headers: Set<string>): boolean {
  return (
    headers.has('name') && (headers.has('installstate') || (headers.has('installed') && headers.has('featuretype')))
  );
}

/** `Get-WindowsFeature | Export-Csv`: one row per feature, `Installed` True/False and `InstallState` as text. */
function readCsvFeatures(input: string, stem: string, builder: PartBuilder): ServerFeatures[] {
  const table = readCsv(input);
  const headers = table.headers.map(normalizeHeader);
  const [nameAt, installedAt, stateAt, computerAt] = ['name', 'installed', 'installstate', 'pscomputername'].map((h) =>
    headers.indexOf(h),
  ) as [number, number, number, number];
  for (const error of table.errors) builder.rowError({ line: error.line, column: 1 }, error.message);
  const servers = new Map<string, ServerFeatures>();
  for (const row of table.rows) {
    const cell = (index: number) => (index < 0 ? undefined : text(row.field(index)));
    const name = cell(nameAt);
    if (name === undefined) {
      builder.rowError(table.rowStart(row), 'feature row without a Name');
      continue;
    }
    const computer = cell(computerAt);
    const server = computer ?? stem;
    const at = () => table.rowStart(row);
    const entry = servers.get(server.toLowerCase()) ?? { name: server, fromFile: !computer, features: [], at };
    servers.set(server.toLowerCase(), entry);
    const stateColumn = installedAt >= 0 ? installedAt : stateAt;
    entry.features.push({
      name,
      installed: installedOf(cell(installedAt), cell(stateAt)),
      at: () => table.cell(row, stateColumn),
    });
  }
  return [...servers.values()];
}

/** Whether a feature name is FS-Resource-Manager, also as a narrow table cuts it (`FS-Resource-Man...`). */
function isFci(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === FCI) return true;
  const cut = /^(.{5,}?)\.{2,3}$/.exec(lower);
  return cut !== null && FCI.startsWith(cut[1] ?? '');
}

/** Adds the server of one feature list: role file-server and whether FCI is installed. */
function addServer(builder: PartBuilder, server: ServerFeatures): void {
  const fci = server.features.find((f) => isFci(f.name));
  let installed = fci?.installed;
  // `Get-WindowsFeature | Where-Object Installed` lists only installed features: FCI missing means not installed.
  if (!fci && server.features.length > 0 && server.features.every((f) => f.installed === true)) installed = false;
  if (installed === undefined) {
    builder.rowError(
      (fci?.at ?? server.at)(),
      `${server.name}: FS-Resource-Manager is not in the feature list (or has no install state), so whether FCI is installed is unknown`,
    );
    return;
  }
  const asset: Asset = { id: hostId(server.name), role: 'file-server', fci: { installed } };
  if (!server.fromFile) asset.name = server.name;
  const at = fci?.at ?? server.at;
  builder.addAsset('servers', asset, at, [
    [['fci'], at],
    [['fci', 'installed'], at],
    [['role'], at],
  ]);
}

/**
 * The Windows features importer. The server is the `PSComputerName` of JSON objects (Invoke-Command output),
 * else the file name's stem (`fs01.json`, `FS01.features.txt` → fs01). Every server listed is a file server
 * (`role: file-server`) with `fci.installed` from FS-Resource-Manager's `Installed` (or `InstallState`, an
 * integer in JSON, or the table's `[X]` and Install State column).
 */
export function createWindowsFeaturesImporter(): Importer {
  return {
    name: 'windows-features',
    description:
      'Get-WindowsFeature as JSON (Name, Installed/InstallState) or its console table ([X] … FS-Resource-Manager)',
    supplies: [
      {
        fact: 'server.fci.installed',
        command: 'Get-WindowsFeature FS-Resource-Manager | ConvertTo-Json, per file server',
      },
      { fact: 'server.role', command: 'Get-WindowsFeature | ConvertTo-Json, per file server' },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys) {
        if (keys.has('installstate') || (keys.has('featuretype') && keys.has('installed'))) return true;
        // Select-Object Name, Installed: generic keys, so the list must name a Windows feature too.
        return keys.has('name') && keys.has('installed') && FEATURE_NAME.test(input.slice(0, 16384));
      }
      if (isFeatureCsv(sniffCsvHeaders(input))) return true;
      return input.split(/\r?\n/, 400).filter((line) => ROW.test(line)).length >= 2;
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'windows-features');
      const stem = fileStem(file);
      if (sniffJsonKeys(input) === undefined) {
        const servers = isFeatureCsv(sniffCsvHeaders(input))
          ? readCsvFeatures(input, stem, builder)
          : readTable(input, stem);
        for (const server of servers) addServer(builder, server);
        return builder.result();
      }
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'windows-features', parsed.diagnostics);
      const servers = new Map<string, ServerFeatures>();
      for (const { item, pointer } of listItems(parsed.value)) {
        const at = (): Position => parsed.locate(pointer);
        const name = isObject(item) ? text(prop(item, 'Name')) : undefined;
        if (!isObject(item) || name === undefined) {
          builder.rowError(at(), 'feature without a Name');
          continue;
        }
        const computer = text(prop(item, 'PSComputerName'));
        const server = computer ?? stem;
        const key = propKey(item, 'Installed') ?? propKey(item, 'InstallState');
        const entry = servers.get(server.toLowerCase()) ?? { name: server, fromFile: !computer, features: [], at };
        servers.set(server.toLowerCase(), entry);
        entry.features.push({
          name,
          installed: installedOf(prop(item, 'Installed'), prop(item, 'InstallState')),
          at: () => parsed.locate(key ? [...pointer, key] : pointer),
        });
      }
      for (const server of servers.values()) addServer(builder, server);
      return builder.result();
    },
  };
}
