// Input discovery and reading: globs to files, bytes to text, text to snapshot parts through the importers.
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { appendAll } from '../engine/append.js';
import { type Diagnostic, diagnostic, ErrorCode } from '../engine/errors.js';
import { lazyModule } from '../engine/lazy-module.js';
import type { SnapshotPart } from '../engine/types.js';
import { decodeText } from './formats/decode.js';
import type { Importer } from './importers/importer.js';

/**
 * Largest input file read whole, in bytes; bigger inputs belong in JSON Lines or a CSV export of assets,
 * which are streamed (no limit: see inventories/streams/csv-stream.ts).
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** The name standard input (`-`) is shown by in diagnostics and reports. */
export const STDIN_NAME = '<stdin>';

/** Standard input is saved to `<tmp>/aipcheck-stdin-XXXXXX/stdin` to be read as files are (streamed, sized). */
export const STDIN_DIR_PREFIX = 'aipcheck-stdin-';
export const STDIN_FILE = 'stdin';

/** Relative, forward-slashed path for reports, so output is the same on every machine; `<stdin>` for `-`. */
export function displayPath(file: string, cwd: string): string {
  if (path.basename(file) === STDIN_FILE && path.basename(path.dirname(file)).startsWith(STDIN_DIR_PREFIX)) {
    return STDIN_NAME;
  }
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}

/**
 * Only regular files are inputs: a FIFO without a writer blocks `open` forever and `/dev/zero` never ends, so
 * they are refused before anything opens them (globs and directories list regular files only already).
 */
function notAFile(shown: string, info: Stats): Diagnostic {
  const kind = info.isFIFO()
    ? 'a named pipe (FIFO)'
    : info.isCharacterDevice()
      ? 'a character device'
      : info.isBlockDevice()
        ? 'a block device'
        : info.isSocket()
          ? 'a socket'
          : 'a special file';
  return diagnostic(
    ErrorCode.FILE_UNREADABLE,
    shown,
    undefined,
    `${kind}, not a regular file; save the export to a file and pass that`,
  );
}

/** fast-glob, loaded when a glob or a folder needs it: a run given file names never does (~30 ms a thread). */
export const fastGlob = lazyModule<typeof import('fast-glob')>('fast-glob');

/** Characters without which fast-glob takes a pattern for a plain name (see its `isDynamicPattern`). */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/** Whether fast-glob reads `pattern` as a glob, asked only when a character of its syntax is there. */
export function isGlob(pattern: string): boolean {
  return GLOB_SYNTAX.test(pattern) && fastGlob().isDynamicPattern(pattern);
}

/**
 * Expands file names and globs, in the order given, each glob's matches sorted. A plain name that does
 * not exist and a glob that matches nothing are diagnostics, not silence.
 */
export async function expandInputs(
  patterns: readonly string[],
  cwd: string,
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      const absolute = path.resolve(cwd, pattern);
      const info = await stat(absolute).catch(() => undefined);
      if (!info) diagnostics.push(diagnostic(ErrorCode.FILE_NOT_FOUND, pattern, undefined, 'no such file'));
      else if (!info.isFile() && !info.isDirectory()) diagnostics.push(notAFile(pattern, info));
      else if (info.isDirectory()) {
        const inside = await fastGlob()('**/*.{yaml,yml,json,jsonl,csv,reg,txt,log}', {
          cwd: absolute,
          absolute: true,
          onlyFiles: true,
        });
        if (inside.length === 0)
          diagnostics.push(diagnostic(ErrorCode.NO_MATCH, pattern, undefined, 'directory has no input files'));
        appendAll(files, inside.sort());
      } else files.push(absolute);
      continue;
    }
    const matches = await fastGlob()(pattern, { cwd, absolute: true, onlyFiles: true, dot: false });
    if (matches.length === 0)
      diagnostics.push(diagnostic(ErrorCode.NO_MATCH, pattern, undefined, 'glob matches no file'));
    appendAll(files, matches.sort());
  }
  return { files: [...new Set(files)], diagnostics };
}

/** Reads and decodes a file, refusing ones larger than `limit` bytes. */
export async function readInputText(
  absolute: string,
  shown: string,
  limit = MAX_INPUT_BYTES,
): Promise<{ text?: string; diagnostic?: Diagnostic }> {
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return { diagnostic: notAFile(shown, info) };
    if (info.size > limit) {
      return {
        diagnostic: diagnostic(
          ErrorCode.TOO_LARGE,
          shown,
          undefined,
          `file is ${info.size} bytes, more than the limit of ${limit}`,
        ),
      };
    }
    return { text: decodeText(await readFile(absolute)) };
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? ErrorCode.FILE_NOT_FOUND : ErrorCode.FILE_UNREADABLE;
    return { diagnostic: diagnostic(code, shown, undefined, (error as Error).message) };
  }
}

export interface ReadInventoriesOptions {
  importers: readonly Importer[];
  /** Forces one importer by name instead of detecting. */
  inputFormat?: string;
  /** Largest file read, MAX_INPUT_BYTES by default. */
  maxInputBytes?: number;
}

export interface ReadInventoriesResult {
  parts: SnapshotPart[];
  diagnostics: Diagnostic[];
  rowErrors: Diagnostic[];
}

/** Picks the importer for a file: the forced one, else the first that detects the content. */
export function pickImporter(
  importers: readonly Importer[],
  text: string,
  file: string,
  forced?: string,
): Importer | undefined {
  if (forced) return importers.find((i) => i.name === forced);
  return importers.find((i) => i.detect(text, file));
}

/** Our own formats: an inventory of organization facts only, or of a snapshot id only, says what it means. */
const OWN_FORMATS: ReadonlySet<string> = new Set(['inventory', 'jsonl']);

/** Whether an export gave no asset and no organization or network fact at all. */
function readsNothing(importer: Importer, part: SnapshotPart): boolean {
  if (OWN_FORMATS.has(importer.name)) return false;
  const { assets, organization, network } = part.snapshot as {
    assets?: { devices?: readonly unknown[]; servers?: readonly unknown[] };
    organization?: object;
    network?: object;
  };
  const count = (assets?.devices?.length ?? 0) + (assets?.servers?.length ?? 0);
  return count === 0 && Object.keys(organization ?? {}).length === 0 && Object.keys(network ?? {}).length === 0;
}

/** Reads every input file through its importer. */
export async function readInventories(
  files: readonly string[],
  cwd: string,
  options: ReadInventoriesOptions,
): Promise<ReadInventoriesResult> {
  const result: ReadInventoriesResult = { parts: [], diagnostics: [], rowErrors: [] };
  for (const absolute of files) {
    const shown = displayPath(absolute, cwd);
    const { text, diagnostic: problem } = await readInputText(absolute, shown, options.maxInputBytes);
    if (problem || text === undefined) {
      if (problem) result.diagnostics.push(problem);
      continue;
    }
    const importer = pickImporter(options.importers, text, shown, options.inputFormat);
    if (!importer) {
      const known = options.importers.map((i) => `  ${i.name}: ${i.description}`).join('\n');
      result.diagnostics.push(
        diagnostic(
          ErrorCode.UNKNOWN_FORMAT,
          shown,
          undefined,
          `no importer recognizes this file; supported formats:\n${known}`,
        ),
      );
      continue;
    }
    const imported = importer.import(text, shown);
    if (imported.diagnostics.length === 0 && imported.rowErrors.length === 0 && readsNothing(importer, imported.part)) {
      const message = `0 assets read from ${shown}: the ${importer.name} export is empty or has a header and no rows; an empty export would pass every check by accident`;
      imported.diagnostics.push(diagnostic(ErrorCode.NO_ASSETS, shown, undefined, message));
    }
    appendAll(result.diagnostics, imported.diagnostics);
    appendAll(result.rowErrors, imported.rowErrors);
    if (imported.diagnostics.length === 0) result.parts.push(imported.part);
  }
  return result;
}
