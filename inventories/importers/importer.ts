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
 * One export format. `detect` looks at decoded text (BOM removed) and the file name and must be cheap
 * and side-effect free; `import` never throws for bad data, it returns diagnostics.
 */
export interface Importer {
  /** Name used by `--input-format`. */
  name: string;
  /** One line for `--help` and the unknown-format error. */
  description: string;
  detect(text: string, file: string): boolean;
  import(text: string, file: string): ImportResult;
}
