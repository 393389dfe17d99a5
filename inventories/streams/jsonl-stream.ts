// JSON Lines files as streams: detection from the first bytes, the header line, ranges of lines, re-reading lines.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { SchemaCheck } from '../../engine/load/validate.js';
import { declaredConnectorUse, serverFacts } from '../../engine/snapshot/targets.js';
import type { DevicePlatform, ServerRole, Target } from '../../engine/types.js';
import type { Importer } from '../importers/importer.js';
import {
  JSONL_FORMAT,
  JsonLinesReader,
  type JsonLinesRecord,
  MAX_LINE_LENGTH,
  recordChecks,
} from '../importers/jsonl.js';

/** Bytes read per chunk of a streamed file. */
export const CHUNK = 1 << 20;
/** How much of a file format detection looks at. */
const HEAD = 64 * 1024;

/** A JSON Lines file being streamed, and where its assets came from. */
export interface Stream {
  absolute: string;
  shown: string;
  size: number;
  reader: JsonLinesReader;
  /** Byte offset where the lines after the header begin. */
  bodyStart: number;
  /** An asset on the first line (a file without header), evaluated with the rest. */
  first: JsonLinesRecord[];
}

/** The first `length` bytes of a file (fewer when it is shorter) and its size. */
export async function readFileHead(absolute: string, length: number): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(absolute, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(length, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { bytes: buffer.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

/** Whether a file is read as a stream: JSON Lines, detected or forced with `--input-format jsonl`. */
export async function isStreamed(
  absolute: string,
  shown: string,
  options: { inputFormat?: string; importers: readonly Importer[] },
): Promise<boolean> {
  if (options.inputFormat) return options.inputFormat === JSONL_FORMAT;
  const importer = options.importers.find((i) => i.name === JSONL_FORMAT);
  if (!importer) return false;
  const { bytes } = await readFileHead(absolute, HEAD).catch(() => ({ bytes: Buffer.alloc(0) }));
  // UTF-16 exports are decoded whole by the other importers; JSON Lines are UTF-8.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  return importer.detect(bytes.toString('utf8'), shown);
}

/** Reads the first line (the header, or a first asset) of a JSON Lines file. */
export async function openStream(absolute: string, shown: string, inventoryCheck: SchemaCheck): Promise<Stream> {
  const schema = inventoryCheck.schema;
  if (!schema) throw new Error('fleet: the inventory check carries no schema');
  const reader = new JsonLinesReader(shown, inventoryCheck, recordChecks(schema));
  let length = HEAD;
  for (;;) {
    const { bytes, size } = await readFileHead(absolute, length);
    const newline = bytes.indexOf(10);
    // Past 3 bytes a character the line is too long whatever it holds: the reader reports it, the body
    // stream skips the rest of it (reading on would have asked fs.read for more than 2 GiB and aborted).
    const tooLong = newline === -1 && bytes.length > 3 * MAX_LINE_LENGTH;
    if (newline !== -1 || bytes.length === size || tooLong) {
      const end = newline === -1 ? bytes.length : newline + 1;
      const first: JsonLinesRecord[] = [];
      reader.push(bytes.subarray(0, end).toString('utf8'), (record) => first.push(record));
      return { absolute, shown, size, reader, bodyStart: end, first };
    }
    length *= 4;
  }
}

/** What handles streamed records: each one the moment its line is parsed, or a chunk's records together. */
export type RecordHandler =
  | { each: (record: JsonLinesRecord) => void }
  | { batch: (records: JsonLinesRecord[]) => Promise<void> };

/**
 * Feeds the bytes `[start, end)` of a file to `reader`, a chunk at a time. With `each`, every record is
 * handled the moment its line is parsed, so it dies young (no record outlives its evaluation); with `batch`
 * (an asynchronous engine), a chunk's records are handed over together. `end` must follow a line break.
 */
export async function streamRange(
  absolute: string,
  reader: JsonLinesReader,
  range: { start: number; end: number },
  handler: RecordHandler,
  progress: (chunk: string) => void,
): Promise<void> {
  let pending: JsonLinesRecord[] = [];
  const emit = 'each' in handler ? handler.each : (record: JsonLinesRecord) => void pending.push(record);
  const flush = async () => {
    if ('batch' in handler && pending.length > 0) {
      const records = pending;
      pending = [];
      await handler.batch(records);
    }
  };
  if (range.start < range.end) {
    const input = createReadStream(absolute, {
      start: range.start,
      end: range.end - 1,
      encoding: 'utf8',
      highWaterMark: CHUNK,
    });
    for await (const chunk of input) {
      reader.push(chunk as string, emit);
      await flush();
      progress(chunk as string);
    }
  }
  reader.end(emit);
  await flush();
}

/**
 * The share of a split file this thread reads. A little over half: the helper starts later (it compiles the
 * rules first); both sort their targets at the end, so the halves are ready at about the same time when the
 * helper's is a little smaller.
 */
const MAIN_SHARE = 0.52;

/**
 * Where to split the bytes `[from, to)` of a file for two threads: just after the first line break at or after
 * this thread's share, or undefined when there is none before `to`.
 */
export async function findSplit(absolute: string, from: number, to: number): Promise<number | undefined> {
  const handle = await open(absolute, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    for (let at = from + Math.floor((to - from) * MAIN_SHARE); at < to; at += block.length) {
      const { bytesRead } = await handle.read(block, 0, Math.min(block.length, to - at), at);
      const newline = block.subarray(0, bytesRead).indexOf(10);
      if (newline !== -1) return at + newline + 1 < to ? at + newline + 1 : undefined;
      if (bytesRead === 0) break;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** A reader for lines in the middle of a file: every line an asset, numbered from 1. */
export function createBodyReader(shown: string, inventoryCheck: SchemaCheck): JsonLinesReader {
  const schema = inventoryCheck.schema;
  if (!schema) throw new Error('jsonl: the inventory check carries no schema');
  return new JsonLinesReader(shown, inventoryCheck, recordChecks(schema), { body: true });
}

/** Re-reads the given lines of a file (1-based), for assets that must be merged after all. */
export async function readLines(absolute: string, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  let line = 0;
  let rest = '';
  for await (const chunk of createReadStream(absolute, { encoding: 'utf8', highWaterMark: CHUNK })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line++;
      if (wanted.has(line)) found.set(line, text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    if (found.size === wanted.size) break;
  }
  if (rest !== '' && wanted.has(line + 1)) found.set(line + 1, rest);
  return found;
}

/** The facts every asset target shares. */
export interface Shared {
  organization?: Record<string, unknown>;
  network?: Record<string, unknown>;
}

/** The target of a streamed asset: what `assetTarget` builds, without the intermediate merged asset. */
export function streamedTarget(record: JsonLinesRecord, file: string, shared: Shared): Target {
  const { asset } = record;
  const name = typeof asset.name === 'string' && asset.name !== '' ? asset.name : asset.id;
  const pointer = ['assets', record.kind, record.index];
  const source =
    record.column === undefined
      ? { file, pointer }
      : { file, pointer, at: { line: record.line, column: record.column } };
  return record.kind === 'devices'
    ? {
        kind: 'device',
        id: asset.id,
        name,
        platform: asset.platform as DevicePlatform,
        facts: { organization: shared.organization, network: shared.network, device: asset },
        source,
      }
    : {
        kind: 'server',
        id: asset.id,
        name,
        role: asset.role as ServerRole,
        facts: {
          organization: shared.organization,
          network: shared.network,
          server: serverFacts(asset, declaredConnectorUse(shared.organization)),
        },
        source,
      };
}
