// Merge: snapshot parts from several files become one snapshot in which every fact keeps its source.
import { isDeepStrictEqual } from 'node:util';
import type { Asset, Locator, Notice, Snapshot, SnapshotMetadata, SnapshotPart, SourceRef } from '../types.js';

/** An asset with where each of its facts came from. */
export interface MergedAsset {
  asset: Asset;
  /** The source of the asset as a whole: the newest source that described it. */
  source: SourceRef;
  /** Sources of individual top-level facts, when the asset was assembled from several files. */
  origins?: Map<string, SourceRef>;
  /** Time of the newest observation, for conflict resolution. */
  observedAt: string;
}

export interface MergedSnapshot {
  metadata: SnapshotMetadata;
  /** The organization id configured for the run, if any (see `organizationIdOf`). */
  organizationId?: string;
  /** Where the metadata was defined. */
  metadataSource: SourceRef;
  organization?: Record<string, unknown>;
  network?: Record<string, unknown>;
  devices: MergedAsset[];
  servers: MergedAsset[];
  /** Sources of organization and network facts by dotted path (`network.egress.allow.3`). */
  origins: Map<string, SourceRef>;
  locators: Map<string, Locator>;
  notices: Notice[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Merges parts in the order given. Organization and network objects merge key by key (lists
 * concatenate; a conflicting value from a later file wins, with a notice). Assets with the same
 * kind and id (case-insensitive) merge fact by fact: on conflict the newest observation wins
 * (`observedAt`, else the part's `collectedAt`), with a notice naming both sources.
 */
export function mergeParts(parts: readonly SnapshotPart[]): MergedSnapshot {
  const first = parts[0];
  const merged: MergedSnapshot = {
    metadata: { id: first?.snapshot.snapshot.id ?? 'snapshot' },
    metadataSource: { file: first?.file ?? '', pointer: ['snapshot'] },
    devices: [],
    servers: [],
    origins: new Map(),
    locators: new Map(),
    notices: [],
  };
  const index = { devices: new Map<string, MergedAsset>(), servers: new Map<string, MergedAsset>() };
  const joined = deviceAliases(
    parts.flatMap((part) =>
      (part.snapshot.assets?.devices ?? []).map((asset) => ({
        asset,
        observedAt: asset.observedAt ?? part.snapshot.snapshot?.collectedAt ?? '',
      })),
    ),
  );
  for (const part of parts) {
    merged.locators.set(part.file, part.locate);
    mergeMetadata(merged, part);
    for (const section of ['organization', 'network'] as const) {
      const value = part.snapshot[section];
      if (!isObject(value)) continue;
      merged[section] ??= {};
      const into = merged[section];
      merged.origins.set(section, merged.origins.get(section) ?? { file: part.file, pointer: [section] });
      mergeObject(into, value, section, [section], part, merged);
    }
    for (const kind of ['devices', 'servers'] as const) {
      const assets = part.snapshot.assets?.[kind] ?? [];
      assets.forEach((asset, i) => {
        const id = kind === 'devices' ? joined?.get(asset) : undefined;
        const as = id === undefined ? asset : { ...asset, id };
        mergeAsset(index[kind], merged[kind], as, { file: part.file, pointer: ['assets', kind, i] }, part, merged);
        const entry = index[kind].get(String(as.id).toLowerCase()) as MergedAsset;
        const list = describedBy.get(entry);
        if (list) list.push({ part, at: i, asset });
        else describedBy.set(entry, [{ part, at: i, asset }]);
      });
    }
  }
  return merged;
}

/** One description of an asset as its part has it (its own id, before any join). */
export interface AssetDescription {
  part: SnapshotPart;
  /** Its index in the part's list of its kind. */
  at: number;
  asset: Asset;
}

const describedBy = new WeakMap<MergedAsset, AssetDescription[]>();

/** The descriptions `mergeParts` merged into an asset, in the order it met them. */
export function descriptionsOf(asset: MergedAsset): readonly AssetDescription[] {
  return describedBy.get(asset) ?? [];
}

/** One description of a device, for `deviceAliases`. */
export interface DeviceDescription {
  asset: Asset;
  /** `observedAt`, else its part's `collectedAt`, else empty. */
  observedAt: string;
}

/** The keys a device description is joined on: its id (lower case), and its Entra and Intune device ids. */
export function deviceKeysOf(asset: Asset): string[] {
  const keys = [`h\u001f${String(asset.id).toLowerCase()}`];
  // A row its importer renamed `id~…` is a second device of that id in one export: it keeps apart.
  if (String(asset.id).includes('~')) return keys;
  if (typeof asset.entraDeviceId === 'string') keys.push(`e\u001f${asset.entraDeviceId.toLowerCase()}`);
  if (typeof asset.intuneDeviceId === 'string') keys.push(`i\u001f${asset.intuneDeviceId.toLowerCase()}`);
  return keys;
}

/**
 * Devices whose descriptions (in input order) share an Entra device id, an Intune device id or an id are one
 * device. When such a device has descriptions under different ids (a renamed host), every description takes
 * the id of its newest observation (the first of equally new ones): the map gives the new id of each
 * description that changes. Undefined when no description has an Entra or Intune device id (nothing to join
 * beyond equal ids), so a fleet without them costs one look at each device.
 */
export function deviceAliases(descriptions: readonly DeviceDescription[]): Map<Asset, string> | undefined {
  if (!descriptions.some((d) => d.asset.entraDeviceId !== undefined || d.asset.intuneDeviceId !== undefined)) {
    return undefined;
  }
  const parent = descriptions.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      const up = parent[parent[i] as number] as number;
      parent[i] = up;
      i = up;
    }
    return i;
  };
  const firstWith = new Map<string, number>();
  descriptions.forEach((d, i) => {
    for (const key of deviceKeysOf(d.asset)) {
      const other = firstWith.get(key);
      if (other === undefined) firstWith.set(key, i);
      else {
        const [a, b] = [root(other), root(i)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const components = new Map<number, number[]>();
  descriptions.forEach((_, i) => {
    const r = root(i);
    const list = components.get(r);
    if (list) list.push(i);
    else components.set(r, [i]);
  });
  const renamed = new Map<Asset, string>();
  for (const members of components.values()) {
    if (members.length < 2) continue;
    let newest = members[0] as number;
    for (const i of members) {
      if ((descriptions[i] as DeviceDescription).observedAt > (descriptions[newest] as DeviceDescription).observedAt)
        newest = i;
    }
    const id = String((descriptions[newest] as DeviceDescription).asset.id);
    for (const i of members) {
      const { asset } = descriptions[i] as DeviceDescription;
      if (String(asset.id).toLowerCase() !== id.toLowerCase()) renamed.set(asset, id);
    }
  }
  return renamed;
}

function mergeMetadata(merged: MergedSnapshot, part: SnapshotPart): void {
  const meta = part.snapshot.snapshot;
  if (!meta) return;
  const current = merged.metadata;
  if (meta.collectedAt && (!current.collectedAt || meta.collectedAt > current.collectedAt)) {
    current.collectedAt = meta.collectedAt;
  }
  if (!current.source && meta.source) current.source = meta.source;
}

function mergeObject(
  into: Json,
  from: Json,
  path: string,
  pointer: (string | number)[],
  part: SnapshotPart,
  merged: MergedSnapshot,
) {
  for (const [key, value] of Object.entries(from)) {
    const childPath = `${path}.${key}`;
    const childPointer = [...pointer, key];
    const existing = into[key];
    if (isObject(existing) && isObject(value)) {
      mergeObject(existing, value, childPath, childPointer, part, merged);
      continue;
    }
    if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item, i) => {
        merged.origins.set(`${childPath}.${existing.length}`, { file: part.file, pointer: [...childPointer, i] });
        existing.push(item);
      });
      continue;
    }
    if (existing !== undefined && !isDeepStrictEqual(existing, value)) {
      const before = originOf(merged.origins, childPath);
      const here = { file: part.file, ...part.locate(childPointer) };
      const earlier = before ? placeOf(before, merged.locators.get(before.file)) : 'an earlier file';
      merged.notices.push({
        code: 'conflicting-fact',
        level: 'warning',
        message: `${childPath} is ${JSON.stringify(existing)} in ${earlier} and ${JSON.stringify(value)} in ${placeOf(here)}; using the later file's value`,
        location: here,
      });
    }
    into[key] = Array.isArray(value) ? [...value] : isObject(value) ? structuredClone(value) : value;
    merged.origins.set(childPath, { file: part.file, pointer: childPointer });
    if (Array.isArray(value)) {
      value.forEach((_, i) => {
        merged.origins.set(`${childPath}.${i}`, { file: part.file, pointer: [...childPointer, i] });
      });
    }
  }
}

/**
 * Where the value at a dotted path came from: its own origin, else the origin of the object it was copied in
 * with, extended by the rest of the path.
 */
function originOf(origins: ReadonlyMap<string, SourceRef>, path: string): SourceRef | undefined {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const found = origins.get(keys.slice(0, n).join('.'));
    if (found) return { file: found.file, pointer: [...found.pointer, ...keys.slice(n)] };
  }
  return undefined;
}

/** `file:line:col` of a source (or of a location already resolved); the file alone when it cannot be located. */
function placeOf(ref: SourceRef | { file: string; line: number; column: number }, locate?: Locator): string {
  if ('line' in ref) return `${ref.file}:${ref.line}:${ref.column}`;
  if (!locate) return ref.file;
  const at = locate(ref.pointer);
  return `${ref.file}:${at.line}:${at.column}`;
}

/** The part each merged asset's `source` lies in, so a later conflict can name where the earlier description was. */
const sourceParts = new WeakMap<MergedAsset, SnapshotPart>();

/**
 * Merges one asset into `list` (indexed by lower-cased id in `index`): a new entry, or fact by fact into the
 * entry with the same id, the newest observation winning, with a notice in `merged` on conflict.
 */
export function mergeAsset(
  index: Map<string, MergedAsset>,
  list: MergedAsset[],
  asset: Asset,
  source: SourceRef,
  part: SnapshotPart,
  merged: MergedSnapshot,
): void {
  const key = String(asset.id).toLowerCase();
  const observedAt = asset.observedAt ?? part.snapshot.snapshot?.collectedAt ?? '';
  const existing = index.get(key);
  if (!existing) {
    const entry: MergedAsset = { asset: { ...asset }, source, observedAt };
    sourceParts.set(entry, part);
    index.set(key, entry);
    list.push(entry);
    return;
  }
  // Newer facts overwrite older ones; facts only one source has are kept either way.
  const previousFile = existing.source.file;
  const previous = existing.source;
  const previousPart = sourceParts.get(existing);
  const newer = observedAt >= existing.observedAt;
  const origins = existing.origins ?? new Map(Object.keys(existing.asset).map((k) => [k, existing.source]));
  const conflicts: string[] = [];
  for (const [k, value] of Object.entries(asset)) {
    if (k === 'id') continue;
    const old = existing.asset[k];
    if (old === undefined || (newer && !isDeepStrictEqual(old, value))) {
      if (old !== undefined && k !== 'observedAt') conflicts.push(k);
      existing.asset[k] = value;
      origins.set(k, source);
    } else if (!newer && !isDeepStrictEqual(old, value) && k !== 'observedAt') {
      conflicts.push(k);
    }
  }
  existing.origins = origins;
  if (newer) {
    existing.source = source;
    existing.observedAt = observedAt;
    sourceParts.set(existing, part);
  }
  if (conflicts.length > 0) {
    const winner = newer ? part.file : previousFile;
    const here = { file: part.file, ...part.locate(source.pointer) };
    const earlier = placeOf(previous, previousPart?.locate ?? merged.locators.get(previousFile));
    merged.notices.push({
      code: 'conflicting-asset',
      level: 'warning',
      message: `${asset.id} is described by ${earlier} and ${placeOf(here)} with different ${conflicts.sort().join(', ')}; using the newest observation, from ${winner}`,
      location: here,
    });
  }
}

/** A part for a document in aipcheck's own inventory format: pointers into it are pointers into the file. */
export function inventoryPart(snapshot: Snapshot, file: string, locate: Locator): SnapshotPart {
  return { file, format: 'inventory', snapshot, locate };
}
