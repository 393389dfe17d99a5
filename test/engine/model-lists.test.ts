// The device platforms and server roles are written in three places: engine/types.ts (what the code switches on)
// and the enums of the inventory and rule schemas (what files may say). They must list the same names, in the same
// order: a validation error lists the allowed names in the schema's order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_PLATFORMS, SERVER_ROLES } from '../../engine/types.js';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

/** Every `enum` found under a property named `name`, anywhere in a schema. */
function enumsOf(node: unknown, name: string, into: unknown[][] = []): unknown[][] {
  if (Array.isArray(node)) {
    for (const child of node) enumsOf(child, name, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node)) {
      if (key === name && typeof child === 'object' && child !== null) {
        const own = (child as { enum?: unknown[]; items?: { enum?: unknown[] } }).enum;
        const items = (child as { items?: { enum?: unknown[] } }).items?.enum;
        if (own) into.push(own);
        if (items) into.push(items);
      }
      enumsOf(child, name, into);
    }
  }
  return into;
}

describe('platform and role lists', () => {
  it.for([
    ['inventories/inventory.schema.json', 'platform', DEVICE_PLATFORMS],
    ['rules/rule.schema.json', 'platforms', DEVICE_PLATFORMS],
    ['inventories/inventory.schema.json', 'role', SERVER_ROLES],
    ['rules/rule.schema.json', 'roles', SERVER_ROLES],
  ] as const)('%s %s lists the names engine/types.ts does', ([file, property, names]) => {
    const found = enumsOf(read(file), property);
    expect(found.length).toBeGreaterThan(0);
    for (const list of found) expect(list).toEqual(names);
  });
});
