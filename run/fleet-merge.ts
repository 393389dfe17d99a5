// Assets described more than once, merged after streaming exactly as reading every input whole would have.

import { appendAll } from '../engine/append.js';
import type { FleetEvaluation } from '../engine/evaluate/stream.js';
import type { MergedAsset, MergedSnapshot } from '../engine/snapshot/merge.js';
import { descriptionsOf, deviceAliases, mergeAsset } from '../engine/snapshot/merge.js';
import { assetTarget } from '../engine/snapshot/targets.js';
import type { Asset, Notice, SnapshotPart, SourceRef, Target } from '../engine/types.js';
import type { AssetKind } from '../inventories/importers/jsonl.js';
import { PartBuilder } from '../inventories/importers/part-builder.js';
import type { CsvStream, RereadAsset } from '../inventories/streams/csv-stream.js';
import type { JsonStream } from '../inventories/streams/json-stream.js';
import { type Shared, streamedTarget } from '../inventories/streams/jsonl-stream.js';
import type { DeviceKeyTable } from './device-keys.js';

/** The stream and line each streamed target came from, by ordinal, as numbers. */
export class Origins {
  private streams = new Uint32Array(1024);
  private lines = new Uint32Array(1024);

  set(ordinal: number, stream: number, line: number): void {
    if (ordinal >= this.streams.length) {
      const size = Math.max(ordinal + 1, this.streams.length * 2);
      const streams = new Uint32Array(size);
      const lines = new Uint32Array(size);
      streams.set(this.streams);
      lines.set(this.lines);
      this.streams = streams;
      this.lines = lines;
    }
    this.streams[ordinal] = stream + 1;
    this.lines[ordinal] = line;
  }

  /** `set` for the ordinals from `first` on, one per line of `lines` (each plus `add`), all of one stream. */
  setAll(first: number, stream: number, lines: Uint32Array, add: number): void {
    if (lines.length === 0) return;
    this.set(first + lines.length - 1, stream, 0);
    this.streams.fill(stream + 1, first, first + lines.length);
    for (let i = 0; i < lines.length; i++) this.lines[first + i] = (lines[i] as number) + add;
  }

  get(ordinal: number): { stream: number; line: number } | undefined {
    const stream = this.streams[ordinal];
    return stream ? { stream: stream - 1, line: this.lines[ordinal] as number } : undefined;
  }
}

/** A streamed input (JSON Lines or CSV), for merging: its place among the inputs and how to read assets again. */
export interface StreamedInput {
  /** Index of the file among all inputs: members of a duplicate merge in input order. */
  fileIndex: number;
  shown: string;
  part: SnapshotPart;
  /**
   * A CSV or Graph JSON export, whose duplicates within the file are renamed (see `PartBuilder`) instead of
   * merged; its assets are known by line (CSV) or item number (JSON), in file order either way.
   */
  csv?: CsvStream | JsonStream;
  /** Reads the assets on these lines (or items) again. */
  reread(lines: ReadonlySet<number>): Promise<Map<number, RereadAsset>>;
}

export interface MergeContext {
  /** Targets of files read whole, by ordinal. */
  wholeAssets: Map<number, MergedAsset>;
  /** The parts of the files read whole, with their index among all inputs. */
  wholeParts: { fileIndex: number; part: SnapshotPart }[];
  origin: Origins;
  inputs: StreamedInput[];
  merged: MergedSnapshot;
  /** The notices so far (the merge of the files read whole first); the merges here replace theirs. */
  notices: Notice[];
  shared: Shared;
  /** The Entra and Intune device ids of the devices that have any, by ordinal (see `deviceKeysOf`). */
  deviceKeys: DeviceKeyTable;
}

type Evaluate = (target: Target) => number | Promise<number>;

/** One description of an asset, where `mergeParts` would meet it. */
interface Member {
  fileIndex: number;
  at: number;
  asset: Asset;
  source: SourceRef;
  part: SnapshotPart;
}

const SINGULAR: Record<AssetKind, 'device' | 'server'> = { devices: 'device', servers: 'server' };

/** Reads again the streamed members of the groups not read yet. */
async function readMembers(groups: readonly number[][], context: MergeContext, read: Map<number, RereadAsset>[]) {
  const wanted = context.inputs.map(() => new Set<number>());
  for (const group of groups) {
    for (const ordinal of group) {
      const from = context.origin.get(ordinal);
      if (from && !read[from.stream]?.has(from.line)) wanted[from.stream]?.add(from.line);
    }
  }
  await Promise.all(
    context.inputs.map(async (input, i) => {
      if (!wanted[i]?.size) return;
      for (const [line, entry] of await input.reread(wanted[i])) read[i]?.set(line, entry);
    }),
  );
}

/**
 * Two rows of one CSV export with the same id stay apart, as its importer keeps them: the newest observation
 * keeps the id, the others are renamed `id~discriminator` and evaluated again under that id. The renaming is
 * `PartBuilder`'s own, given the rows concerned in file order and the file's other ids with a `~`.
 */
async function renameCsvDuplicates(
  groups: readonly number[][],
  context: MergeContext,
  read: Map<number, RereadAsset>[],
  evaluation: FleetEvaluation,
  evaluate: Evaluate,
  gone: Set<number>,
): Promise<boolean> {
  let renamed = false;
  for (const [s, input] of context.inputs.entries()) {
    const { csv } = input;
    if (!csv) continue;
    const drafts: { ordinal: number; line: number; entry: RereadAsset; copy: Asset }[] = [];
    for (const group of groups) {
      const mine = group.filter((ordinal) => context.origin.get(ordinal)?.stream === s);
      if (mine.length < 2) continue;
      for (const ordinal of mine) {
        const line = context.origin.get(ordinal)?.line as number;
        const entry = read[s]?.get(line);
        if (entry) drafts.push({ ordinal, line, entry, copy: { ...entry.asset } });
      }
    }
    if (drafts.length === 0) continue;
    drafts.sort((a, b) => a.line - b.line);
    const builder = new PartBuilder(input.shown, csv.format.name);
    const present = new Set(drafts.map((d) => `${d.entry.kind}\u001f${d.entry.asset.id}`));
    for (const kind of ['devices', 'servers'] as const) {
      for (const id of csv.tildeIds[kind]) {
        if (!present.has(`${kind}\u001f${id}`)) builder.addAsset(kind, { id }, { line: 1, column: 1 });
      }
    }
    for (const d of drafts)
      builder.addAsset(d.entry.kind, d.copy, { line: d.line, column: 1 }, [], d.entry.discriminator);
    builder.result();
    for (const d of drafts) {
      if (d.copy.id === d.entry.asset.id) continue;
      d.entry.asset = d.copy;
      evaluation.remove(d.ordinal);
      gone.add(d.ordinal);
      const record = { kind: d.entry.kind, asset: d.copy, line: d.line, index: d.entry.index };
      context.origin.set(await evaluate(streamedTarget(record, input.shown, context.shared)), s, d.line);
      renamed = true;
    }
  }
  return renamed;
}

/** The descriptions a file read whole gave of an asset merged from them, as members. */
function wholeMembers(asset: MergedAsset, context: MergeContext, kind: AssetKind): Member[] {
  return descriptionsOf(asset).map(({ part, at, asset: described }) => ({
    fileIndex: context.wholeParts.find((w) => w.part === part)?.fileIndex ?? 0,
    at,
    asset: described,
    source: { file: part.file, pointer: ['assets', kind, at] },
    part,
  }));
}

/**
 * The groups of targets that are one asset: those with equal ids (`duplicateGroups`), joined with the devices
 * that share an Entra or Intune device id with them (streamed ones by `deviceKeys`, those of files read whole
 * by their merged facts). Each group's ordinals ascending, groups by their first ordinal. Without device ids
 * anywhere, the groups are those given.
 */
function joinGroups(groups: number[][], context: MergeContext, gone: ReadonlySet<number>): number[][] {
  if (context.deviceKeys.size === 0) return groups;
  const parent = new Map<number, number>();
  const root = (i: number): number => {
    let r = i;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(i, r);
    return r;
  };
  const join = (a: number, b: number) => {
    const [x, y] = [root(a), root(b)];
    if (x !== y) parent.set(Math.max(x, y), Math.min(x, y));
  };
  for (const group of groups) for (const ordinal of group) join(group[0] as number, ordinal);
  // Only devices joined with another get an entry: a million devices with ids of their own cost no more.
  context.deviceKeys.joinShared(join, (ordinal) => gone.has(ordinal));
  const components = new Map<number, number[]>();
  for (const ordinal of parent.keys()) {
    const r = root(ordinal);
    const list = components.get(r);
    if (list) list.push(ordinal);
    else components.set(r, [ordinal]);
  }
  return [...components.values()]
    .filter((c) => c.length > 1)
    .map((c) => c.sort((a, b) => a - b))
    .sort((a, b) => (a[0] as number) - (b[0] as number));
}

/** Merges members in order as `mergeParts` does: the merged asset and the notices of its conflicts. */
function fold(members: readonly Member[], merged: MergedSnapshot): { asset?: MergedAsset; notices: Notice[] } {
  const index = new Map<string, MergedAsset>();
  const list: MergedAsset[] = [];
  const scratch: MergedSnapshot = { ...merged, notices: [] };
  // Devices joined by an Entra or Intune device id take one id, as `mergeParts` gives them.
  const joined = deviceAliases(
    members
      .filter((m) => m.source.pointer[1] === 'devices')
      .map((m) => ({ asset: m.asset, observedAt: m.asset.observedAt ?? m.part.snapshot.snapshot?.collectedAt ?? '' })),
  );
  for (const m of members) {
    const id = joined?.get(m.asset);
    mergeAsset(index, list, id === undefined ? m.asset : { ...m.asset, id }, m.source, m.part, scratch);
  }
  return { asset: list[0], notices: scratch.notices };
}

/** Removes each of `gone` from `notices` once. */
function dropNotices(notices: Notice[], gone: readonly Notice[]): void {
  for (const notice of gone) {
    const text = JSON.stringify(notice);
    const at = notices.findIndex((n) => JSON.stringify(n) === text);
    if (at !== -1) notices.splice(at, 1);
  }
}

/**
 * Merges every asset described more than once (in a file read whole and a stream, twice in streams) and
 * evaluates the result in place of its descriptions. The streamed ones are read again (one pass per file);
 * every description, those of files read whole included, is folded in input order, as `mergeParts` folds
 * them, so the result and its conflict notices are those of reading every input whole.
 */
export async function mergeDuplicates(
  evaluation: FleetEvaluation,
  context: MergeContext,
  evaluate: Evaluate,
): Promise<void> {
  const isDevice = (ordinal: number) => evaluation.isDevice(ordinal);
  const gone = new Set<number>();
  let groups = joinGroups(evaluation.duplicateGroups(), context, gone);
  if (groups.length === 0) return;
  const read = context.inputs.map(() => new Map<number, RereadAsset>());
  await readMembers(groups, context, read);
  if (await renameCsvDuplicates(groups, context, read, evaluation, evaluate, gone)) {
    groups = joinGroups(evaluation.duplicateGroups(), context, gone);
    await readMembers(groups, context, read);
  }
  const kinds = groups.map((g): AssetKind => (isDevice(g[0] as number) ? 'devices' : 'servers'));
  for (const [g, group] of groups.entries()) {
    const kind = kinds[g] as AssetKind;
    const members: Member[] = [];
    for (const ordinal of group) {
      const asset = context.wholeAssets.get(ordinal);
      if (asset) {
        const mine = wholeMembers(asset, context, kind);
        appendAll(members, mine);
        // mergeParts merged these already, with notices of their own: the merge of all members replaces them.
        if (mine.length > 1) dropNotices(context.notices, fold(mine, context.merged).notices);
        continue;
      }
      const from = context.origin.get(ordinal);
      const input = from && context.inputs[from.stream];
      const entry = from && read[from.stream]?.get(from.line);
      if (!input || !entry) continue;
      const source = { file: input.shown, pointer: ['assets', entry.kind, entry.index] };
      members.push({ fileIndex: input.fileIndex, at: entry.index, asset: entry.asset, source, part: input.part });
    }
    members.sort((a, b) => a.fileIndex - b.fileIndex || a.at - b.at);
    const result = fold(members, context.merged);
    appendAll(context.notices, result.notices);
    for (const ordinal of group) evaluation.remove(ordinal);
    if (result.asset) await evaluate(assetTarget(SINGULAR[kind], result.asset, { ...context.shared }));
  }
  for (const input of context.inputs) input.csv?.pinned.clear();
}
