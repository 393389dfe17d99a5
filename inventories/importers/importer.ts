// The importer contract: recognize one export format by its content and turn it into a snapshot part.
import type { Diagnostic } from '../../engine/errors.js';
import type { SnapshotPart } from '../../engine/types.js';

export interface ImportResult {
  /** The facts read, with a locator from pointers into `part.snapshot` to positions in the file. */
  part: SnapshotPart;
  /** Problems that make the whole file unusable: the run stops with exit code 2. */
  diagnostics: Diagnostic[];
  /** Rows or blocks that could not be read and were skipped: fatal unless `--keep-going`. */
  rowErrors: Diagnostic[];
}

/**
 * One entry of the importer catalogue: a fact this importer supplies and the export, command or portal path
 * that produces a file it reads with that fact. Reports name these for every fact an unknown outcome lacks.
 */
export interface FactSupply {
  /** Dotted fact path as rules read it (`device.os`); it also supplies the facts below it (`device.os.version`). */
  fact: string;
  /** The export, command or portal path that produces the file. */
  command: string;
}

/**
 * One export format. `detect` looks at decoded text (BOM removed) and the file name and must be cheap
 * and side-effect free; `import` never throws for bad data, it returns diagnostics.
 */
export interface Importer {
  /** Name used by `--input-format`. */
  name: string;
  /** One line for `--help` and the unknown-format error. */
  description: string;
  /** The facts it supplies and where they come from (the importer catalogue, see `aipcheck facts`). */
  supplies: readonly FactSupply[];
  detect(text: string, file: string): boolean;
  import(text: string, file: string): ImportResult;
}
