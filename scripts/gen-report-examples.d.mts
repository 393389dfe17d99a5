// Types of scripts/gen-report-examples.mjs, for the test that keeps docs/reports.md current.
export declare const EXAMPLE_ARGS: readonly string[];
export declare const EXAMPLE_RULE: string;
export declare const DOC: string;
export declare function updateExamples(
  doc: string,
  outputs: Record<'text' | 'json' | 'sarif' | 'junit', string>,
): string;
