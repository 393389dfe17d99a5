// Merge: snapshot parts from several files become one snapshot in which every fact keeps its source.
import { isDeepStrictEqual } from 'node:util';
import type { Asset, Locator, Notice, Snapshot, SnapshotMetadata, SnapshotPart, SourceRef } from './types.js';

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
        mergeAsset(index[kind], merged[kind], asset, { file: part.file, pointer: ['assets', kind, i] }, part, merged);
      });
    }
  }
  return merged;
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
