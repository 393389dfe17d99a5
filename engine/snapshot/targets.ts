// Targets: the merged snapshot as the things rules evaluate (organization, devices, servers) and their positions.
import type { CompiledRule } from '../compile/compile.js';
import { resolvePath } from '../load/paths.js';
import {
  DEFAULT_ORGANIZATION_ID,
  type DevicePlatform,
  type Locator,
  type ServerRole,
  type SourceLocation,
  type SourceRef,
  type Target,
} from '../types.js';
import type { MergedAsset, MergedSnapshot } from './merge.js';

/**
 * Facts about the inventory as a whole, for organization rules (fact `inventory`). Built from what
 * was seen, so it can be accumulated while assets stream by.
 */
export interface InventoryFacts {
  deviceCount: number;
  /** Devices no input gave a platform: they could be of any platform. */
  devicesWithoutPlatform: number;
  serverCount: number;
  /** Device platforms present, sorted. */
  platforms: DevicePlatform[];
  /** Server roles present, sorted. */
  roles: ServerRole[];
  /** Servers whose `rmsConnector.inUse` is true. */
  rmsConnectorServers: number;
  /** What the inventory says about the Rights Management connector, for the `rmsConnectorUsed` operator. */
  rmsConnector: ConnectorUse;
}

/**
 * Connector use across the servers the connector serves (Exchange, SharePoint, file servers): how many state they use
 * it, how many state they do not, how many do not say; and the organization's own statement
 * (`organization.rmsConnector.inUse`), if any.
 */
export interface ConnectorUse {
  using: number;
  notUsing: number;
  unstated: number;
  declared?: boolean;
}

/** A server's connector state: 1 uses it, 2 does not say, 3 states it does not; 0 for a server of no connector role. */
export function connectorState(asset: unknown): 0 | 1 | 2 | 3 {
  const inUse = resolvePath(asset, ['rmsConnector', 'inUse']);
  if (inUse === true) return 1;
  const role = resolvePath(asset, ['role']);
  if (role !== 'exchange' && role !== 'sharepoint' && role !== 'file-server') return 0;
  return inUse === false ? 3 : 2;
}

/** The organization's statement on connector use, when it makes one. */
export function declaredConnectorUse(organization: unknown): boolean | undefined {
  const declared = resolvePath(organization, ['rmsConnector', 'inUse']);
  return typeof declared === 'boolean' ? declared : undefined;
}

/**
 * A server's facts as rules read them, given the organization's statement (`declaredConnectorUse`). An Exchange,
 * SharePoint or file server that does not state whether it uses the Rights Management connector, in an organization
 * that states it uses none (`organization.rmsConnector.inUse: false`), does not use it: the organization's statement decides for servers that make none, as the inventory
 * schema says. A server's own statement always wins.
 */
export function serverFacts(asset: Record<string, unknown>, declared: boolean | undefined): Record<string, unknown> {
  if (declared !== false || connectorState(asset) !== 2) return asset;
  const own = asset.rmsConnector;
  const stated = typeof own === 'object' && own !== null && !Array.isArray(own) ? own : {};
  return { ...asset, rmsConnector: { ...stated, inUse: false } };
}

/** Accumulates `InventoryFacts` one asset at a time. */
class InventoryAccumulator {
  private devices = 0;
  private unplatformed = 0;
  private servers = 0;
  private readonly platforms = new Set<DevicePlatform>();
  private readonly roles = new Set<ServerRole>();
  private connector = 0;
  private readonly states = [0, 0, 0, 0];

  constructor(private readonly declared?: boolean) {}

  addDevice(asset: Record<string, unknown>): void {
    this.devices++;
    if (typeof asset.platform === 'string') this.platforms.add(asset.platform as DevicePlatform);
    else this.unplatformed++;
  }

  addServer(asset: Record<string, unknown>): void {
    this.servers++;
    if (typeof asset.role === 'string') this.roles.add(asset.role as ServerRole);
    // As the server's rules see it (serverFacts).
    const state = connectorState(serverFacts(asset, this.declared));
    this.states[state] = (this.states[state] as number) + 1;
    if (state === 1) this.connector++;
  }

  facts(): InventoryFacts {
    return {
      deviceCount: this.devices,
      devicesWithoutPlatform: this.unplatformed,
      serverCount: this.servers,
      platforms: [...this.platforms].sort(),
      roles: [...this.roles].sort(),
      rmsConnectorServers: this.connector,
      rmsConnector: {
        using: this.connector,
        notUsing: this.states[3] as number,
        unstated: this.states[2] as number,
        ...(this.declared === undefined ? {} : { declared: this.declared }),
      },
    };
  }
}

/** Builds the target of one device or server. */
export function assetTarget(kind: 'device' | 'server', merged: MergedAsset, shared: Record<string, unknown>): Target {
  const asset = merged.asset;
  const name = typeof asset.name === 'string' && asset.name !== '' ? asset.name : asset.id;
  return {
    kind,
    id: asset.id,
    name,
    platform: kind === 'device' ? (asset.platform as DevicePlatform) : undefined,
    role: kind === 'server' ? (asset.role as ServerRole) : undefined,
    facts: {
      ...shared,
      [kind]: kind === 'server' ? serverFacts(asset, declaredConnectorUse(shared.organization)) : asset,
    },
    source: merged.source,
    origins: merged.origins,
  };
}

/**
 * The id of the organization target, the same in every snapshot of one organization, so its findings keep
 * their fingerprints: the id configured for the run (`--organization-id`), else the Microsoft Entra tenant id
 * (`organization.tenantId`, lower case: a GUID in any case is one tenant), else `organization`. Never the
 * snapshot id nor an input's file name, which change with every export.
 */
export function organizationIdOf(organization: Record<string, unknown> | undefined, configured?: string): string {
  if (configured !== undefined && configured.trim() !== '') return configured.trim();
  const tenant = organization?.tenantId;
  if (typeof tenant === 'string' && tenant.trim() !== '') return tenant.trim().toLowerCase();
  return DEFAULT_ORGANIZATION_ID;
}

/** The organization target's id and display name: its `name`, else its id. */
export function organizationTargetOf(merged: MergedSnapshot): { id: string; name: string } {
  const org = merged.organization ?? {};
  const id = organizationIdOf(merged.organization, merged.organizationId);
  return { id, name: typeof org.name === 'string' && org.name !== '' ? org.name : id };
}

/** Builds every target of a merged snapshot: the organization first, then devices, then servers. */
export function buildTargets(merged: MergedSnapshot): Target[] {
  const shared = { organization: merged.organization, network: merged.network };
  const inventory = new InventoryAccumulator(declaredConnectorUse(merged.organization));
  for (const d of merged.devices) inventory.addDevice(d.asset);
  for (const s of merged.servers) inventory.addServer(s.asset);
  return [
    {
      kind: 'organization',
      ...organizationTargetOf(merged),
      facts: { ...shared, inventory: inventory.facts() },
      source: merged.metadataSource,
    },
    ...merged.devices.map((d) => assetTarget('device', d, shared)),
    ...merged.servers.map((s) => assetTarget('server', s, shared)),
  ];
}

/** Where sources are looked up: per-file locators and the origins of organization and network facts. */
export interface SourceIndex {
  locators: ReadonlyMap<string, Locator>;
  origins: ReadonlyMap<string, SourceRef>;
}

/**
 * Finds the source of a dotted fact path (`network.egress.allow`, `device.registry`). An asset's own
 * facts come from the file that supplied that fact; organization and network facts from the origin
 * with the longest matching prefix, extended by the rest of the path.
 */
function findSource(target: Target, dotted: string, origins: ReadonlyMap<string, SourceRef>): SourceRef | undefined {
  const segments = dotted.split('.');
  const [fact, key] = segments;
  if (target.kind !== 'organization' && fact === target.kind) {
    const origin = (key !== undefined && target.origins?.get(key)) || target.source;
    return { file: origin.file, pointer: [...origin.pointer, ...segments.slice(1).map(asIndex)] };
  }
  for (let n = segments.length; n >= 1; n--) {
    const origin = origins.get(segments.slice(0, n).join('.'));
    if (origin) return { file: origin.file, pointer: [...origin.pointer, ...segments.slice(n).map(asIndex)] };
  }
  return undefined;
}

function asIndex(segment: string): string | number {
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment;
}

/**
 * Where a finding of `rule` on `target` points: the first of the rule's `locate` paths whose fact
 * exists, else the target itself. Line 1, column 1 of the file when nothing better is known.
 */
/** Where the fact at a dotted path of a target is in its input; undefined when no input says. */
export function locateFact(target: Target, dotted: string, index: SourceIndex): SourceLocation | undefined {
  const ref = findSource(target, dotted, index.origins);
  const locate = ref && index.locators.get(ref.file);
  return ref && locate ? { file: ref.file, ...locate(ref.pointer) } : undefined;
}

export function locateFinding(rule: CompiledRule, target: Target, index: SourceIndex): SourceLocation {
  let ref: SourceRef = target.source;
  for (const dotted of rule.loaded.definition.locate ?? []) {
    const [fact = '', ...rest] = dotted.split('.');
    if (resolvePath(target.facts[fact], rest) === undefined) continue;
    const found = findSource(target, dotted, index.origins);
    if (found) {
      ref = found;
      break;
    }
  }
  const locate = index.locators.get(ref.file);
  return { file: ref.file, ...(locate ? locate(ref.pointer) : { line: 1, column: 1 }) };
}
