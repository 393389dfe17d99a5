// The platformPresent operator: does the inventory hold a device of a platform, as far as the devices collected tell?
import type { InventoryFacts } from '../snapshot/targets.js';
import type { CompiledOperator, Operator } from './operator.js';

type Counts = Pick<InventoryFacts, 'deviceCount' | 'platforms'> & { devicesWithoutPlatform?: number };

function readInventory(fact: unknown): Counts {
  const inventory = fact as Partial<InventoryFacts> | null;
  if (typeof inventory?.deviceCount !== 'number' || !Array.isArray(inventory.platforms)) {
    throw new TypeError('platformPresent needs the inventory fact { deviceCount, platforms }');
  }
  return inventory as Counts;
}

/**
 * `platformPresent`: fact = the whole `inventory` fact (path `$`); value = a platform. True when some device has
 * that platform; false when devices were collected and each has another platform; undecided when no device was
 * collected at all, or some device has no platform, since neither says which platforms exist.
 */
export const platformPresent: Operator = {
  name: 'platformPresent',
  valueSchema: { type: 'string', minLength: 1, errorMessage: 'takes a platform name, e.g. android' },
  compile: (value): CompiledOperator => ({
    test: (fact) => {
      const { deviceCount, platforms } = readInventory(fact);
      if (platforms.includes(value as never)) return true;
      return deviceCount > 0 && !(readInventory(fact).devicesWithoutPlatform ?? 0) ? false : undefined;
    },
    explain: (fact) => {
      const { deviceCount, platforms } = readInventory(fact);
      if (platforms.includes(value as never)) return `the inventory holds ${String(value)} devices`;
      if (deviceCount === 0) return `whether there are ${String(value)} devices (no device was collected)`;
      const unplatformed = readInventory(fact).devicesWithoutPlatform ?? 0;
      if (unplatformed > 0)
        return `whether there are ${String(value)} devices (${unplatformed} device(s) have no platform)`;
      return `none of the ${deviceCount} device(s) collected is ${String(value)}`;
    },
  }),
};
