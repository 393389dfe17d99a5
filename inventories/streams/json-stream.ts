// Large Graph device exports as JSON, read as streams: each listed item parsed on its own and evaluated at once.
import { createReadStream } from 'node:fs';
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Asset, Locator, Pointer, SnapshotPart } from '../../engine/types.js';
import { isObject } from '../formats/json-input.js';
import { JsonItemScanner, JsonScanError, type ScannedItem } from '../formats/json-items.js';
import { createJsonLocator } from '../formats/json-positions.js';
import { type InnerLocator, LineIndex, type Position } from '../formats/source-map.js';
import {
  type GraphItemPlace,
  type GraphItemSink,
  isGraphDevicesJson,
  readGraphItem,
} from '../importers/graph-devices.js';
import type { Importer } from '../importers/importer.js';
import type { AssetKind, JsonLinesRecord } from '../importers/jsonl.js';
import { snapshotIdOf } from '../importers/part-builder.js';
import { CHUNK } from './jsonl-stream.js';
import { chunkDecoder, decodingOf, detectLargeInput, type Encoding } from './large-input.js';
import { indexOfLine, PinnedAssets, pinKey, type RereadAsset } from './reread.js';

const FORMAT = 'graph-devices';

/** Where a streamed item's facts are while it is evaluated: the item, and the locator of its properties. */
interface PinnedItem {
  where: Position;
  inner: InnerLocator;
}

/**
 * A Graph device export as JSON being streamed, and where its assets came from. Its assets are known by their
 * item number (1-based, in file order) where a CSV stream's are known by their line: a compact export has
 * every item on line 1.
 */
export class JsonStream {
  /** Item number of each asset, by kind and index (increasing, as `indexOfLine` needs). */
  readonly lines: Record<AssetKind, number[]> = { devices: [], servers: [] };
  /** Line and column of each asset, by kind and index, for the locator once it is read. */
  private readonly positions: Record<AssetKind, number[]> = { devices: [], servers: [] };
  readonly tildeIds: Record<AssetKind, Set<string>> = { devices: new Set(), servers: new Set() };
  /** Problems with the file as a whole: it could not be read, or is not JSON. */
  readonly diagnostics: Diagnostic[] = [];
  /** Items the importer could not read. */
  readonly badRows: Diagnostic[] = [];
  readonly pinned = new PinnedAssets<PinnedItem>();
  readonly part: SnapshotPart;
  readonly format = { name: FORMAT };

  constructor(
    readonly absolute: string,
    readonly shown: string,
    readonly size: number,
    readonly decoding: { encoding: Encoding; start: number },
  ) {
    const locate: Locator = (pointer) => {
      const [assets, kind, index] = pointer;
      if (assets === 'assets' && (kind === 'devices' || kind === 'servers') && typeof index === 'number') {
        const pin = this.pinned.get(pinKey(kind, index));
        if (pin) return (pointer.length > 3 ? pin.inner(pointer.slice(3)) : undefined) ?? pin.where;
        const line = this.positions[kind][2 * index];
        if (line !== undefined) return { line, column: this.positions[kind][2 * index + 1] as number };
      }
      return { line: 1, column: 1 };
    };
    const snapshot = { schemaVersion: '1', snapshot: { id: snapshotIdOf(shown), source: `${FORMAT} import` } };
    this.part = { file: shown, format: FORMAT, snapshot, locate };
  }

  /** Items skipped, as the whole-file import lists them: none when the file is not JSON (nothing is imported). */
  get rowErrors(): Diagnostic[] {
    return this.diagnostics.length > 0 ? [] : this.badRows;
  }

  /** The line and column of each asset read, by kind and index (two numbers each). */
  positionsByKind(): Record<AssetKind, number[]> {
    return this.positions;
  }

  /** Records the position of an asset another thread read (its item number goes to `lines`). */
  addPosition(kind: AssetKind, where: Position): void {
    this.positions[kind].push(where.line, where.column);
  }

  /** Records an asset read: its item number and position. */
  record(kind: AssetKind, number: number, where: Position): number {
    this.positions[kind].push(where.line, where.column);
    return this.lines[kind].push(number) - 1;
  }
}

/**
 * A Graph device export as JSON to stream: one detected (or forced) as graph-devices whose head is JSON, of
 * `minBytes` or more; undefined for a file read whole. Detection reads the head only, so a compact export on
 * one line of any length is found by its content.
 */
export async function jsonStreamFormat(
  absolute: string,
  shown: string,
  options: { inputFormat?: string; importers: readonly Importer[]; minBytes: number },
): Promise<JsonStream | undefined> {
  const found = await detectLargeInput(absolute, shown, options);
  if (!found) return undefined;
  const { head, importer } = found;
  if (importer?.name !== FORMAT || !isGraphDevicesJson(head.text)) return undefined;
  return new JsonStream(absolute, shown, head.size, await decodingOf(absolute, head.bytes));
}

/** Which part of a streamed Graph page a pass reads: from an item boundary on, up to one, or all of it. */
export interface JsonRange {
  /**
   * Reads from the byte `offset`, just after a comma between two items of the page's `value` array, `count`
   * items into it: lines count from 1 there, items from `count + 1`.
   */
  resume?: { offset: number; count: number };
  /** Stops at the byte `offset` when the text up to it ends between items, after `count` of them. */
  stopAt?: { offset: number; count: number };
}

/**
 * Whether a pass stopped at `JsonRange.stopAt` (then where, and the document so far without its items), or,
 * for a pass that resumed, the rest of the document without its items and where it ends.
 */
export type JsonStop =
  | { stopped: true; at: Position; envelope: string }
  | { stopped: false; envelope?: string; end?: Position };

/** The position of `offset` in an item's text, in the whole document. */
function positionIn(item: ScannedItem, inner: Position): Position {
  return inner.line === 1
    ? { line: item.line, column: item.column + inner.column - 1 }
    : { line: item.line + inner.line - 1, column: inner.column };
}

/** JSON.parse's error in an item, located in the document as reading it whole would. */
function itemSyntaxError(item: ScannedItem, error: unknown): JsonScanError {
  const message = error instanceof Error ? error.message : String(error);
  const at = / at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : item.text.length;
  const where = positionIn(item, new LineIndex(item.text).position(offset));
  return new JsonScanError(message.replace(/ in JSON at position \d+.*$/s, '').slice(0, 200), where);
}

/** One asset read from an item, with where it and its facts are. */
interface CaughtItem {
  kind: AssetKind;
  asset: Asset;
  where: Position;
  inner: InnerLocator;
  discriminator: string;
}

/** Collects what `readGraphItem` gives for one item: its asset, or its row error. */
class ItemCatch implements GraphItemSink {
  caught?: CaughtItem;
  constructor(
    private readonly file: string,
    private readonly errors: Diagnostic[],
  ) {}

  rowError(where: Position, message: string): void {
    this.errors.push(diagnostic(ErrorCode.BAD_ROW, this.file, where, message));
  }

  addAsset(
    kind: AssetKind,
    asset: Asset,
    where: () => Position,
    facts: [Pointer, () => Position][],
    discriminator: string,
  ): void {
    // As the source map of a part answers: the fact's own entry, else its nearest recorded parent's.
    const inner: InnerLocator = (rest) => {
      for (let n = rest.length; n > 0; n--) {
        const key = rest.slice(0, n).join('\u001f');
        for (let i = facts.length - 1; i >= 0; i--) {
          const [pointer, at] = facts[i] as [Pointer, () => Position];
          if (pointer.join('\u001f') === key) return at();
        }
      }
      return undefined;
    };
    this.caught = { kind, asset, where: where(), inner, discriminator };
  }
}

/**
 * Reads a streamed export's items in order and hands each one's asset (or row error) to `visit` while its
 * properties can be located; an item that is a page of its own (an array of pages saved together) gives its
 * items. Stops at text that is not JSON, with a diagnostic where it is.
 */
async function readItems(
  stream: JsonStream,
  errors: { diagnostics: Diagnostic[]; badRows: Diagnostic[] },
  visit: (caught: CaughtItem, number: number) => void | Promise<void>,
  progress?: (bytes: number) => void,
  range: JsonRange = {},
): Promise<JsonStop> {
  const sink = new ItemCatch(stream.shown, errors.badRows);
  const queue: ScannedItem[] = [];
  const { resume, stopAt } = range;
  const scanner = new JsonItemScanner((item) => queue.push(item), undefined, resume);
  const decode = chunkDecoder(stream.decoding.encoding);
  let number = resume?.count ?? 0;
  // No promise per item unless `visit` makes one.
  const readOne = (value: unknown, place: GraphItemPlace): void | Promise<void> => {
    number++;
    readGraphItem(value, place, sink);
    const caught = sink.caught;
    sink.caught = undefined;
    return caught ? visit(caught, number) : undefined;
  };
  const drain = async () => {
    for (const item of queue) {
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch (error) {
        throw itemSyntaxError(item, error);
      }
      let locator: ((pointer: Pointer) => Position) | undefined;
      const locate = (pointer: Pointer): Position => {
        locator ??= createJsonLocator(item.text);
        return positionIn(item, locator(pointer));
      };
      const start = { line: item.line, column: item.column };
      const page = item.pointer.length === 1 && isObject(value) && Array.isArray(value.value) ? value.value : undefined;
      if (!page) {
        const read = readOne(value, {
          index: String(item.pointer[item.pointer.length - 1]),
          where: () => start,
          at: (key) => locate([key]),
        });
        if (read) await read;
        continue;
      }
      for (const [i, element] of page.entries()) {
        const read = readOne(element, {
          index: String(i),
          where: () => locate(['value', i]),
          at: (key) => locate(['value', i, key]),
        });
        if (read) await read;
      }
    }
    queue.length = 0;
  };
  // The items a chunk completed before the scanner stopped at text around them are read first: an error in one of
  // them comes first in the file, and which error is reported must not depend on where chunks (or a thread's
  // part) happen to end.
  const push = async (text: string) => {
    try {
      scanner.push(text);
    } finally {
      await drain();
    }
  };
  const inputs: ReturnType<typeof createReadStream>[] = [];
  const read = async (start: number, end?: number) => {
    const input = createReadStream(stream.absolute, { start, end, highWaterMark: CHUNK });
    inputs.push(input);
    for await (const chunk of input) {
      progress?.((chunk as Buffer).length);
      await push(decode(chunk as Buffer));
    }
  };
  let stop: JsonStop = { stopped: false };
  try {
    await read(resume?.offset ?? stream.decoding.start, stopAt === undefined ? undefined : stopAt.offset - 1);
    // The end of this thread's part: stop there if it lies between two items, as expected; else read on.
    if (stopAt && scanner.betweenItems(stopAt.count)) {
      return { stopped: true, at: scanner.positionAtEnd(), envelope: scanner.takeEnvelope() };
    }
    if (stopAt) await read(stopAt.offset);
    await push(decode(undefined));
    scanner.end();
    await drain();
    if (resume) stop = { stopped: false, envelope: scanner.takeEnvelope(), end: scanner.positionAtEnd() };
  } catch (error) {
    if (error instanceof JsonScanError)
      errors.diagnostics.push(diagnostic(ErrorCode.PARSE, stream.shown, error.at, error.message));
    else if (typeof (error as NodeJS.ErrnoException).code === 'string')
      errors.diagnostics.push(diagnostic(ErrorCode.FILE_UNREADABLE, stream.shown, undefined, (error as Error).message));
    else throw error;
  } finally {
    for (const input of inputs) input.destroy();
  }
  return stop;
}

/** Reads every item of a streamed export into an asset and hands it to `each` while its facts can be located. */
export async function streamJson(
  stream: JsonStream,
  each: (record: JsonLinesRecord) => unknown,
  progress?: (bytes: number) => void,
  range?: JsonRange,
): Promise<JsonStop> {
  return readItems(
    stream,
    stream,
    ({ kind, asset, where, inner }, number) => {
      const index = stream.record(kind, number, where);
      if (String(asset.id).includes('~')) stream.tildeIds[kind].add(String(asset.id));
      return stream.pinned.during(pinKey(kind, index), { where, inner }, () =>
        each({ kind, asset, line: where.line, index, column: where.column, key: number }),
      );
    },
    progress,
    range,
  );
}

/** Reads a streamed export for its problems only: what the whole-file import reports before evaluating. */
export async function checkJsonItems(stream: JsonStream): Promise<void> {
  await readItems(stream, stream, () => {});
}

/** Reads the items with these numbers again, for assets that must be merged after all; they stay locatable. */
export async function rereadJsonItems(
  stream: JsonStream,
  wanted: ReadonlySet<number>,
): Promise<Map<number, RereadAsset>> {
  const found = new Map<number, RereadAsset>();
  const ignored = { diagnostics: [], badRows: [] };
  await readItems(stream, ignored, ({ kind, asset, where, inner, discriminator }, number) => {
    if (!wanted.has(number)) return;
    const index = indexOfLine(stream.lines[kind], number);
    if (index === -1) return;
    stream.pinned.set(pinKey(kind, index), { where, inner });
    found.set(number, { kind, index, asset, discriminator });
  });
  return found;
}
