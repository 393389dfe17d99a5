// Importers for directory synchronization: Graph /organization JSON and Get-ADSyncScheduler (text or JSON).

import { hasKeys, isObject, listItems, prop, propKey, readJson, sniffJsonKeys, text } from '../formats/json-input.js';
import { findEntry, readFormatList } from '../formats/powershell.js';
import type { Position } from '../formats/source-map.js';
import { readExportDate } from './dates.js';
import type { Importer, ImportResult } from './importer.js';
import { readBoolean } from './normalize.js';
import { failedImport, PartBuilder } from './part-builder.js';

const SYNC = ['organization', 'directorySync'];

/**
 * Names of the sync facts in Graph's organization (first), MSOnline's `Get-MsolCompanyInformation` (second) and
 * AzureAD's `Get-AzureADTenantDetail` (third).
 */
const SYNC_ENABLED = ['onPremisesSyncEnabled', 'DirectorySynchronizationEnabled', 'DirSyncEnabled'];
const LAST_SYNC = ['onPremisesLastSyncDateTime', 'LastDirSyncTime', 'CompanyLastDirSyncTime'];

/**
 * The Graph organization importer. `onPremisesSyncEnabled` is true (synced), false (was synced, no longer)
 * or null (never synced): null is `enabled: false`. `onPremisesLastSyncDateTime` is `lastSyncAt`. The
 * retired MSOnline (`DirectorySynchronizationEnabled`, `LastDirSyncTime`) and AzureAD (`DirSyncEnabled`,
 * `CompanyLastDirSyncTime`) modules' tenant objects read the same way.
 */
export function createGraphOrganizationImporter(): Importer {
  return {
    name: 'graph-organization',
    description:
      'Microsoft Graph /organization JSON (onPremisesSyncEnabled, onPremisesLastSyncDateTime), or Get-MsolCompanyInformation / Get-AzureADTenantDetail',
    supplies: [
      {
        fact: 'organization.directorySync.enabled',
        command: 'Graph GET /organization (or Get-MgOrganization | ConvertTo-Json, Get-MsolCompanyInformation)',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      // Device objects carry sync flags too (onPremisesSyncEnabled, DirSyncEnabled): they name an OS.
      if (hasKeys(keys, 'operatingSystem') || hasKeys(keys, 'deviceOSType')) return false;
      if (hasKeys(keys, 'DirectorySynchronizationEnabled') && hasKeys(keys, 'InitialDomain')) return true;
      if (hasKeys(keys, 'DirSyncEnabled') && hasKeys(keys, 'CompanyLastDirSyncTime')) return true;
      if (!hasKeys(keys, 'onPremisesSyncEnabled')) return false;
      return (
        hasKeys(keys, 'verifiedDomains') ||
        hasKeys(keys, 'tenantType') ||
        /\$metadata#organization/i.test(input.slice(0, 4096))
      );
    },
    import(input, file): ImportResult {
      const parsed = readJson(input, file);
      if (!parsed.ok) return failedImport(file, 'graph-organization', parsed.diagnostics);
      const builder = new PartBuilder(file, 'graph-organization');
      const found = listItems(parsed.value).find(({ item }) => isObject(item));
      if (!found || !isObject(found.item)) {
        builder.rowError(undefined, 'no organization object in the file');
        return builder.result();
      }
      const { item, pointer } = found;
      const at = (...names: string[]) => {
        const key = propKey(item, ...names);
        return (): Position => parsed.locate(key ? [...pointer, key] : pointer);
      };
      const organization = builder.organization(() => parsed.locate(pointer));
      const name = text(prop(item, 'displayName'));
      if (name !== undefined) {
        organization.name = name;
        builder.set(['organization', 'name'], at('displayName'));
      }
      const id = text(prop(item, 'id', 'ObjectId'));
      if (id !== undefined) {
        organization.tenantId = id;
        builder.set(['organization', 'tenantId'], at('id', 'ObjectId'));
      }
      const syncKey = propKey(item, ...SYNC_ENABLED);
      if (syncKey !== undefined) {
        const sync: Record<string, unknown> = { enabled: readBoolean(item[syncKey]) === true };
        builder.set(SYNC, at(...SYNC_ENABLED));
        builder.set([...SYNC, 'enabled'], at(...SYNC_ENABLED));
        const last = readExportDate(prop(item, ...LAST_SYNC));
        if (last.kind === 'date') {
          sync.lastSyncAt = last.iso;
          builder.set([...SYNC, 'lastSyncAt'], at(...LAST_SYNC));
        }
        organization.directorySync = sync;
      }
      return builder.result();
    },
  };
}

/**
 * The Entra Connect scheduler importer (`Get-ADSyncScheduler` as Format-List text or ConvertTo-Json).
 * Synchronization is enabled when `SyncCycleEnabled` is True and the server is not in staging mode (a
 * staging server imports but never exports to Microsoft Entra ID). The scheduler has no last-sync time, so
 * `lastSyncAt` stays unknown.
 */
export function createAdSyncSchedulerImporter(): Importer {
  return {
    name: 'adsync-scheduler',
    description: 'Get-ADSyncScheduler output, as text (SyncCycleEnabled : True) or JSON',
    supplies: [
      {
        fact: 'organization.directorySync.enabled',
        command: 'Get-ADSyncScheduler | ConvertTo-Json, on the Entra Connect server',
      },
    ],
    detect(input) {
      const keys = sniffJsonKeys(input);
      if (keys) return keys.has('synccycleenabled');
      return /^\s*SyncCycleEnabled\s*:/im.test(input.slice(0, 16384));
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'adsync-scheduler');
      let cycle: { value: unknown; at: () => Position } | undefined;
      let staging: { value: unknown; at: () => Position } | undefined;
      if (sniffJsonKeys(input)) {
        const parsed = readJson(input, file);
        if (!parsed.ok) return failedImport(file, 'adsync-scheduler', parsed.diagnostics);
        const found = listItems(parsed.value).find(({ item }) => isObject(item) && propKey(item, 'SyncCycleEnabled'));
        if (found && isObject(found.item)) {
          const { item, pointer } = found;
          const entry = (name: string) => {
            const key = propKey(item, name);
            return key === undefined ? undefined : { value: item[key], at: () => parsed.locate([...pointer, key]) };
          };
          cycle = entry('SyncCycleEnabled');
          staging = entry('StagingModeEnabled');
        }
      } else {
        const entries = readFormatList(input);
        const entry = (name: string) => {
          const found = findEntry(entries, name);
          return found && { value: found.value, at: () => ({ line: found.line, column: found.column }) };
        };
        cycle = entry('SyncCycleEnabled');
        staging = entry('StagingModeEnabled');
      }
      const enabled = readBoolean(cycle?.value);
      if (!cycle || enabled === undefined) {
        builder.rowError(cycle?.at(), `SyncCycleEnabled ${JSON.stringify(cycle?.value ?? null)} is not True or False`);
        return builder.result();
      }
      const inStaging = readBoolean(staging?.value) === true;
      const organization = builder.organization(cycle.at);
      organization.directorySync = { enabled: enabled && !inStaging };
      builder.set(SYNC, cycle.at);
      builder.set([...SYNC, 'enabled'], enabled && inStaging && staging ? staging.at : cycle.at);
      return builder.result();
    },
  };
}
