// Fact model checks: a condition's path must name a field of the inventory schema, so typos fail at load.

type SchemaNode = {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
};

/** The `inventory` fact: aggregates over the whole snapshot (see targets.ts `InventoryFacts`). */
const INVENTORY_FACT: SchemaNode = {
  type: 'object',
  additionalProperties: false,
  properties: {
    deviceCount: { type: 'integer' },
    devicesWithoutPlatform: { type: 'integer' },
    serverCount: { type: 'integer' },
    platforms: { type: 'array', items: { type: 'string' } },
    roles: { type: 'array', items: { type: 'string' } },
    rmsConnectorServers: { type: 'integer' },
    rmsConnector: {
      type: 'object',
      additionalProperties: false,
      properties: {
        using: { type: 'integer' },
        notUsing: { type: 'integer' },
        unstated: { type: 'integer' },
        declared: { type: 'boolean' },
      },
    },
  },
};

/**
 * Builds a path checker from the inventory JSON Schema. Returns a problem for a path that leaves the
 * model (an unknown property where the schema allows none), undefined otherwise.
 */
export function createPathChecker(
  inventorySchema: object,
): (fact: string, segments: readonly (string | number)[]) => string | undefined {
  const root = inventorySchema as SchemaNode;
  const assets = root.properties?.assets?.properties;
  const roots: Record<string, SchemaNode | undefined> = {
    device: assets?.devices?.items,
    server: assets?.servers?.items,
    organization: root.properties?.organization,
    network: root.properties?.network,
    inventory: INVENTORY_FACT,
  };
  return (fact, segments) => {
    let node = roots[fact];
    if (!node) return undefined;
    const walked: (string | number)[] = [];
    for (const segment of segments) {
      walked.push(segment);
      if (typeof segment === 'number') {
        if (!node.items) return `${fact} has no list at $${format(walked.slice(0, -1))}`;
        node = node.items;
        continue;
      }
      const next: SchemaNode | undefined = node.properties?.[segment];
      if (next) {
        node = next;
      } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        node = node.additionalProperties;
      } else if (node.additionalProperties === false || node.properties) {
        const known = Object.keys(node.properties ?? {})
          .sort()
          .join(', ');
        return `${fact} has no field $${format(walked)}${known ? `; fields here: ${known}` : ''}`;
      } else {
        return undefined;
      }
    }
    return undefined;
  };
}

function format(segments: readonly (string | number)[]): string {
  return segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `['${s}']`))
    .join('');
}
