// One error type for every bad input: a code, a position and a message, printed `file:line:col: code: message`.

/** Error codes, stable strings that tests and users can match on. */
export const ErrorCode = {
  FILE_NOT_FOUND: 'file-not-found',
  FILE_UNREADABLE: 'file-unreadable',
  NO_MATCH: 'glob-no-match',
  TOO_LARGE: 'input-too-large',
  TOO_DEEP: 'nesting-too-deep',
  PARSE: 'parse-error',
  ALIAS_LIMIT: 'alias-limit',
  SCHEMA: 'schema-violation',
  UNKNOWN_OPERATOR: 'unknown-operator',
  UNKNOWN_FACT: 'unknown-fact',
  BAD_PATH: 'bad-path',
  UNKNOWN_PLACEHOLDER: 'unknown-placeholder',
  DUPLICATE_RULE: 'duplicate-rule',
  DUPLICATE_PACK: 'duplicate-pack',
  UNKNOWN_PATH: 'unknown-path',
  DUPLICATE_COLUMN: 'duplicate-column',
  NO_ASSETS: 'no-assets',
  RULE_ID_MISMATCH: 'rule-id-mismatch',
  ENGINE_RANGE: 'engine-version-mismatch',
  DUPLICATE_ASSET: 'duplicate-asset',
  UNKNOWN_FORMAT: 'unknown-format',
  BAD_ROW: 'bad-row',
  USAGE: 'usage',
  WRITE: 'write-failed',
  WAIVER_POLICY: 'waiver-policy',
  BAD_BASELINE: 'bad-baseline',
} as const;
export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A located problem with an input. Never thrown alone: collected, sorted and reported together. */
export interface Diagnostic {
  code: ErrorCodeName;
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown by the facade when inputs are unusable; carries every diagnostic found. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    super(sorted.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = sorted;
  }
}

/** Creates a diagnostic. */
export function diagnostic(
  code: ErrorCodeName,
  file: string,
  position: { line: number; column: number } | undefined,
  message: string,
): Diagnostic {
  return { code, file, line: position?.line ?? 1, column: position?.column ?? 1, message };
}

/** Formats a diagnostic as `file:line:col: code: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`;
}

/** Sorts by file, line, column, then code and message; removes exact duplicates. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...diagnostics].sort(compareDiagnostics)) {
    const key = formatDiagnostic(d);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

/** Locale-independent string comparison, so sorted output is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
