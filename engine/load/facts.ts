// Fact model checks: a condition's path must name a field of the inventory schema, so typos fail at load.
import { nearestName } from '../nearest.js';

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

/** Known paths listed per fact for "did you mean": deep enough for every field of the inventory schema. */
const MAX_DEPTH = 8;

const isOwn = (record: Record<string, SchemaNode> | undefined, key: string): record is Record<string, SchemaNode> =>
  record !== undefined && Object.hasOwn(record, key);

/** The JSON types a node allows, or undefined when it allows any. */
function types(node: SchemaNode): readonly string[] | undefined {
  if (node.type === undefined)
    return node.properties || node.additionalProperties !== undefined ? ['object'] : undefined;
  return Array.isArray(node.type) ? node.type : [node.type];
}

/** Every path the schema names below `node` (`$.os.version`, `$.registry.*`, `$.nsgs[0].rules`). */
function knownPaths(node: SchemaNode, prefix: string, depth: number, into: string[]): string[] {
  if (depth > MAX_DEPTH) return into;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = `${prefix}${format([key])}`;
    into.push(at);
    knownPaths(child, at, depth + 1, into);
  }
  if (node.items) knownPaths(node.items, `${prefix}[0]`, depth + 1, into);
  return into;
}

/**
 * Builds a path checker from the inventory JSON Schema. Returns a problem for a path that cannot exist in the
 * model: an unknown property where the schema allows none (inherited names such as `constructor` included),
 * a field below a string or number, an index into what is not a list. Paths under an open object (registry
 * values by name) are allowed. The problem names the nearest known path.
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
  const known = new Map<string, string[]>();
  const suggest = (fact: string, node: SchemaNode, walked: readonly (string | number)[]) => {
    let paths = known.get(fact);
    if (!paths) {
      paths = knownPaths(node, '$', 0, []);
      known.set(fact, paths);
    }
    // A likely typo of the last step: a few edits at most, however long the path before it.
    const last = String(walked[walked.length - 1] ?? '');
    const near = nearestName(`$${format(walked)}`, paths, Math.max(2, Math.ceil(last.length / 3)));
    return near ? `; did you mean ${near}?` : '';
  };
  return (fact, segments) => {
    const top = Object.hasOwn(roots, fact) ? roots[fact] : undefined;
    if (!top) return undefined;
    let node = top;
    const walked: (string | number)[] = [];
    for (const segment of segments) {
      walked.push(segment);
      const allowed = types(node);
      if (allowed === undefined) return undefined;
      const parent = `$${format(walked.slice(0, -1))}`;
      if (typeof segment === 'number') {
        if (!node.items) {
          return `${fact} has no list at ${parent} (it is ${allowed.join(' or ')})${suggest(fact, top, walked)}`;
        }
        node = node.items;
        continue;
      }
      if (!allowed.includes('object')) {
        const what = allowed.map((t) => (t === 'array' ? 'a list' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
        return `${fact} has no path $${format(walked)}: ${parent} is ${what.join(' or ')}${suggest(fact, top, walked)}`;
      }
      if (isOwn(node.properties, segment)) {
        node = node.properties[segment] as SchemaNode;
      } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        node = node.additionalProperties;
      } else if (node.additionalProperties === false || (node.properties && node.additionalProperties !== true)) {
        const fields = Object.keys(node.properties ?? {}).sort();
        const hint = suggest(fact, top, walked) || (fields.length > 0 ? `; fields here: ${fields.join(', ')}` : '');
        return `${fact} has no path $${format(walked)}${hint}`;
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
