// The importer catalogue: every importer says what it supplies, in paths rules can read, and reports look it up.
import { describe, expect, it } from 'vitest';
import { createPathChecker } from '../../../engine/load/facts.js';
import { suppliersOf } from '../../../inventories/importers/catalogue.js';
import { createImporters } from '../../../inventories/importers/index.js';
import { getSchemas } from '../../../run/aipcheck.js';

const importers = createImporters(getSchemas().inventory);
const checkPath = createPathChecker(getSchemas().inventorySchema);

describe('importer catalogue', () => {
  it.for(importers.map((i) => i.name))('%s declares facts the inventory model has, each with its export', (name) => {
    const importer = importers.find((i) => i.name === name);
    expect(importer?.supplies.length).toBeGreaterThan(0);
    for (const supply of importer?.supplies ?? []) {
      const [fact = '', ...segments] = supply.fact.split('.');
      expect(checkPath(fact, segments), supply.fact).toBeUndefined();
      expect(supply.command.trim()).not.toBe('');
    }
  });

  it.for([
    // [missing fact, importers that supply it]
    ['device.os.version', ['intune-csv', 'ad-computers-csv', 'graph-devices']],
    ['device.tls', ['registry']],
    ['server.product.version', ['exchange-servers', 'sharepoint-servers']],
    ['network.azure.nsgs', ['azure-nsg']],
    ['organization.directorySync.enabled', ['graph-organization', 'adsync-scheduler']],
    [
      'device.labelingClient.installed',
      ['registry', 'intune-app-install-status-csv', 'configmgr-programs-csv', 'graph-detected-apps'],
    ],
    ['server.rmsConnector.inUse', ['registry', 'rms-connector-servers', 'exchange-irm-configuration']],
    // No export supplies it: our own formats are the way.
    ['organization.rightsManagement.migration.state', ['jsonl', 'inventory']],
  ] as const)('%s is supplied by %j', ([fact, names]) => {
    expect(suppliersOf(fact, importers).map((s) => s.importer)).toEqual(names);
  });
});
