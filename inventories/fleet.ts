// Reading and evaluating a fleet: files read whole are merged first, JSON Lines files are streamed line by line.
import type { CompiledRuleSet } from '../engine/compile.js';
import type { Diagnostic } from '../engine/errors.js';
import { type MergedAsset, type MergedSnapshot, mergeAsset, mergeParts } from '../engine/merge.js';
import { FleetEvaluation, type PartialEvaluation, type RuleEvaluator } from '../engine/stream.js';
import { assetTarget, type SourceIndex } from '../engine/targets.js';
import type { Notice, SnapshotPart, Target } from '../engine/types.js';
import type { SchemaCheck } from '../engine/validate.js';
import type { Importer } from './importers/importer.js';
import type { AssetKind, JsonLinesRecord } from './importers/jsonl.js';
import {
  createBodyReader,
  findSplit,
  isStreamed,
  openStream,
  type RecordHandler,
  readLines,
  type Shared,
  type Stream,
  streamedTarget,
  streamRange,
} from './jsonl-stream.js';
import { displayPath, readInventories } from './read.js';

export interface FleetOptions {
  cwd: string;
  importers: readonly Importer[];
  inventoryCheck: SchemaCheck;
  inputFormat?: string;
  keepGoing?: boolean;
  /** Another engine for the outcomes (json-rules-engine); the compiled closures by default. */
  evaluator?: RuleEvaluator;
  /** Called as streamed input is read: bytes so far and in total. */
  onProgress?(done: number, total: number): void;
  /** A thread that evaluates the second half of large JSON Lines files (compiled engine only). */
  helper?: FleetHelper;
  /** Smallest body of a JSON Lines file that is split between this thread and the helper. */
  parallelMinBytes?: number;
}

/** A JSON Lines range for the helper thread: the lines of `[start, end)`, evaluated with the same rules. */
export interface RangeJob {
  absolute: string;
  shown: string;
  start: number;
  end: number;
  shared: Shared;
}

/** What the helper sends back; its lines count from 1 at `start`. */
export interface RangeResult {
  partial: PartialEvaluation;
  /** The line of each of its targets, by its ordinal. */
  targetLines: Uint32Array;
  lines: Record<AssetKind, number[]>;
  lineCount: number;
  diagnostics: Diagnostic[];
  rowErrors: Diagnostic[];
}

/** Another thread that evaluates part of a file (worker.ts). */
export interface FleetHelper {
  evaluateRange(job: RangeJob): Promise<RangeResult>;
}

export interface FleetResult {
  evaluation: FleetEvaluation;
  merged: MergedSnapshot;
  /** Notices about the inputs: conflicting facts, then assets without platform or role. */
  notices: Notice[];
  /** Rows skipped (only with `keepGoing`; otherwise they are diagnostics). */
  rowErrors: Diagnostic[];
  diagnostics: Diagnostic[];
}

const SINGULAR: Record<AssetKind, 'device' | 'server'> = { devices: 'device', servers: 'server' };

async function evaluateFirst(record: JsonLinesRecord, handler: RecordHandler): Promise<void> {
  if ('each' in handler) handler.each(record);
  else await handler.batch([record]);
}

/** Appends what the helper evaluated after this thread's part of the same file, its lines shifted. */
function absorbRange(
  result: RangeResult,
  into: { evaluation: FleetEvaluation; stream: Stream; streamIndex: number; origin: Origins },
): number {
  const { reader } = into.stream;
  const lineOffset = reader.lineCount;
  const offset = into.evaluation.absorb(result.partial, lineOffset);
  result.targetLines.forEach((line, i) => {
    into.origin.set(offset + i, into.streamIndex, line + lineOffset);
  });
  for (const kind of ['devices', 'servers'] as const) {
    for (const line of result.lines[kind]) reader.lines[kind].push(line + lineOffset);
  }
  const shift = (d: Diagnostic): Diagnostic => ({ ...d, line: d.line + lineOffset });
  reader.diagnostics.push(...result.diagnostics.map(shift));
  reader.rowErrors.push(...result.rowErrors.map(shift));
  reader.skipLines(result.lineCount);
  return offset;
}

/**
 * The helper's side: evaluates the lines of `[start, end)` of a file. Every line is an asset (the header was
 * read by the main thread, which sent the organization and network facts).
 */
export async function evaluateRange(
  ruleSet: CompiledRuleSet,
  job: RangeJob,
  inventoryCheck: SchemaCheck,
): Promise<RangeResult> {
  const reader = createBodyReader(job.shown, inventoryCheck);
  const part = reader.part();
  const index: SourceIndex = { locators: new Map([[job.shown, part.locate]]), origins: new Map() };
  const evaluation = new FleetEvaluation(ruleSet, index);
  const targetLines: number[] = [];
  await streamRange(
    job.absolute,
    reader,
    job,
    {
      each: (r) => {
        evaluation.add(streamedTarget(r, job.shown, job.shared));
        targetLines.push(r.line);
      },
    },
    () => {},
  );
  return {
    partial: evaluation.toPartial(),
    targetLines: Uint32Array.from(targetLines),
    lines: reader.lines,
    lineCount: reader.lineCount,
    diagnostics: reader.diagnostics,
    rowErrors: reader.rowErrors,
  };
}

/** The stream and line each streamed target came from, by ordinal, as numbers. */
class Origins {
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

  get(ordinal: number): { stream: number; line: number } | undefined {
    const stream = this.streams[ordinal];
    return stream ? { stream: stream - 1, line: this.lines[ordinal] as number } : undefined;
  }
}

/**
 * Reads every input and evaluates the rules: files read whole (YAML, JSON, exports) and the header lines of
 * JSON Lines files are merged first, so their organization and network facts are known; then each JSON Lines
 * asset is evaluated as it is read and only its results are kept. An asset described more than once (in a
 * file read whole and a stream, or twice in streams) is merged as `mergeParts` would and evaluated again.
 * Problems come back as diagnostics; nothing is evaluated when reading failed before streaming.
 */
export async function evaluateFleet(
  ruleSet: CompiledRuleSet,
  files: readonly string[],
  options: FleetOptions,
): Promise<FleetResult | { diagnostics: Diagnostic[] }> {
  const shown = files.map((f) => displayPath(f, options.cwd));
  const streamed = await Promise.all(files.map((f, i) => isStreamed(f, shown[i] as string, options)));
  const whole = files.filter((_, i) => !streamed[i]);
  const read = await readInventories(whole, options.cwd, {
    importers: options.importers,
    inputFormat: options.inputFormat,
  });
  const streams: Stream[] = [];
  const parts: SnapshotPart[] = [];
  for (const [i, file] of files.entries()) {
    if (streamed[i]) {
      const stream = await openStream(file, shown[i] as string, options.inventoryCheck);
      streams.push(stream);
      parts.push(stream.reader.part());
    } else {
      const part = read.parts.find((p) => p.file === shown[i]);
      if (part) parts.push(part);
    }
  }
  const early = [...read.diagnostics, ...streams.flatMap((s) => s.reader.diagnostics)];
  if (!options.keepGoing) early.push(...read.rowErrors, ...streams.flatMap((s) => s.reader.rowErrors));
  if (early.length > 0) return { diagnostics: early };

  const merged = mergeParts(parts);
  const index: SourceIndex = { locators: merged.locators, origins: merged.origins };
  const shared = { organization: merged.organization, network: merged.network };
  const evaluation = new FleetEvaluation(ruleSet, index);
  const evaluate = options.evaluator
    ? (target: Target) => evaluation.addWith(target, options.evaluator as RuleEvaluator)
    : (target: Target) => evaluation.add(target);
  // Where each target came from, to merge duplicates: an asset of a file read whole, or a stream's line.
  const wholeAssets = new Map<number, MergedAsset>();
  const origin = new Origins();
  for (const kind of ['devices', 'servers'] as const) {
    for (const asset of merged[kind])
      wholeAssets.set(await evaluate(assetTarget(SINGULAR[kind], asset, shared)), asset);
  }

  const total = streams.reduce((sum, s) => sum + s.size, 0);
  let done = streams.reduce((sum, s) => sum + s.bodyStart, 0);
  const onProgress = options.onProgress;
  const progress = (chunk: string) => {
    if (!onProgress) return;
    done += Buffer.byteLength(chunk);
    onProgress(done, total);
  };
  for (const [s, stream] of streams.entries()) {
    const { shown: file } = stream;
    const handler: RecordHandler = options.evaluator
      ? {
          batch: async (records: JsonLinesRecord[]) => {
            for (const r of records) origin.set(await evaluate(streamedTarget(r, file, shared)), s, r.line);
          },
        }
      : {
          each: (r: JsonLinesRecord) => {
            origin.set(evaluation.add(streamedTarget(r, file, shared)), s, r.line);
          },
        };
    for (const record of stream.first) await evaluateFirst(record, handler);
    // A large file is split in two: this thread reads the first half while the helper reads the second.
    const split =
      options.helper && !options.evaluator && stream.size - stream.bodyStart >= (options.parallelMinBytes ?? 0)
        ? await findSplit(stream.absolute, stream.bodyStart, stream.size)
        : undefined;
    const helped =
      split !== undefined && options.helper
        ? options.helper.evaluateRange({
            absolute: stream.absolute,
            shown: file,
            start: split,
            end: stream.size,
            shared,
          })
        : undefined;
    await streamRange(
      stream.absolute,
      stream.reader,
      { start: stream.bodyStart, end: split ?? stream.size },
      handler,
      progress,
    );
    if (helped) {
      const result = await helped;
      absorbRange(result, { evaluation, stream, streamIndex: s, origin });
      done += stream.size - (split ?? stream.size);
      onProgress?.(done, total);
    }
  }
  const late = streams.flatMap((s) => s.reader.diagnostics);
  const rowErrors = [...read.rowErrors, ...streams.flatMap((s) => s.reader.rowErrors)];
  if (!options.keepGoing) late.push(...streams.flatMap((s) => s.reader.rowErrors));
  if (late.length > 0) return { diagnostics: late };

  const notices = [...merged.notices];
  const groups = evaluation.duplicateGroups();
  if (groups.length > 0) {
    await mergeDuplicates(groups, { wholeAssets, origin, streams, merged, notices }, evaluate, evaluation, shared);
  }
  const inventory = evaluation.inventoryFacts();
  const org = merged.organization ?? {};
  await evaluate({
    kind: 'organization',
    id: merged.metadata.id,
    name: typeof org.name === 'string' && org.name !== '' ? org.name : merged.metadata.id,
    facts: { ...shared, inventory },
    source: merged.metadataSource,
  });
  notices.push(...evaluation.notices());
  return { evaluation, merged, notices, rowErrors, diagnostics: [] };
}

interface MergeContext {
  wholeAssets: Map<number, MergedAsset>;
  origin: Origins;
  streams: Stream[];
  merged: MergedSnapshot;
  notices: Notice[];
}

/** The index of `line` among the (increasing) lines of a stream's assets of one kind. */
function indexOfLine(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = lines[mid] as number;
    if (at === line) return mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Merges every duplicate group and evaluates the result in place of its members. The members' lines are
 * read again (one pass per file); each group folds in the order its members were added, as `mergeParts`.
 */
async function mergeDuplicates(
  groups: readonly number[][],
  context: MergeContext,
  evaluate: (target: Target) => number | Promise<number>,
  evaluation: FleetEvaluation,
  shared: Record<string, unknown>,
): Promise<void> {
  const wanted = context.streams.map(() => new Set<number>());
  for (const group of groups) {
    for (const ordinal of group) {
      const from = context.origin.get(ordinal);
      if (from) wanted[from.stream]?.add(from.line);
    }
  }
  const texts = await Promise.all(
    context.streams.map((s, i) => (wanted[i]?.size ? readLines(s.absolute, wanted[i]) : new Map<number, string>())),
  );
  for (const group of groups) {
    const index = new Map<string, MergedAsset>();
    const list: MergedAsset[] = [];
    const scratch: MergedSnapshot = { ...context.merged, notices: [] };
    for (const ordinal of group) {
      const whole = context.wholeAssets.get(ordinal);
      const from = context.origin.get(ordinal);
      if (whole) {
        const copy: MergedAsset = { ...whole, asset: { ...whole.asset } };
        if (whole.origins) copy.origins = new Map(whole.origins);
        index.set(String(whole.asset.id).toLowerCase(), copy);
        list.push(copy);
      } else if (from) {
        const stream = context.streams[from.stream] as Stream;
        const text = texts[from.stream]?.get(from.line) ?? '{}';
        const value = JSON.parse(text.endsWith('\r') ? text.slice(0, -1) : text) as Record<string, unknown>;
        const kind: AssetKind = 'device' in value ? 'devices' : 'servers';
        const at = indexOfLine(stream.reader.lines[kind], from.line);
        const source = { file: stream.shown, pointer: ['assets', kind, at] };
        mergeAsset(index, list, value[SINGULAR[kind]] as MergedAsset['asset'], source, stream.reader.part(), scratch);
      }
    }
    context.notices.push(...scratch.notices);
    for (const ordinal of group) evaluation.remove(ordinal);
    const kind = evaluation.store.targets.kinds.get(group[0] as number) === 1 ? 'device' : 'server';
    if (list[0]) await evaluate(assetTarget(kind, list[0], shared));
  }
}
