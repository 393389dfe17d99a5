// Which report files the helper thread writes: a rough cost per format, shared between the two threads.
import { getReporter } from '../reporters/index.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import type { LazyReport } from './aipcheck.js';
import type { FileOutput } from './write.js';

/**
 * Rough cost of writing each format, to share the files between this thread and the helper (measured on the
 * benchmark fleet, findings to act on listed: JSON 0.8 s, SARIF 0.3 s, JUnit 0.1 s with at most 500 targets of
 * one outcome per rule and 1.1 s listing every one; HTML 0.5 s with at most 500 of one outcome per rule).
 */
const COST: Readonly<Record<string, number>> = { json: 4, sarif: 1.5, junit: 0.5, html: 2.5, text: 1, markdown: 0.2 };
const JUNIT_UNLIMITED_COST = 6;
/** What the helper spends before it writes anything: rebuilding the report this thread sends (0.15 s). */
const HELPER_SETUP = 1;

/** A report to write: its format and the file it goes to. */
export interface ReportFile {
  format: string;
  path: string;
}

/**
 * Which of `files` the helper thread writes, by index: none of a single file (sending it the report would only
 * add work); else a greedy split by cost, largest first, each to the thread that would finish it first, this
 * one on ties (the helper first rebuilds the report it is sent). With JSON, JUnit and SARIF: JSON here, the
 * others there.
 */
export function shareReportFiles(files: readonly { format: string }[], options: ReporterOptions): Set<number> {
  const helper = new Set<number>();
  if (files.length < 2) return helper;
  const cost = (format: string) =>
    format === 'junit' && options.junitMaxListed === 0 ? JUNIT_UNLIMITED_COST : (COST[format] ?? 1);
  let here = 0;
  let there = HELPER_SETUP;
  const order = files.map((_, i) => i).sort((a, b) => cost(files[b]?.format ?? '') - cost(files[a]?.format ?? ''));
  for (const i of order) {
    const format = files[i]?.format ?? '';
    if (there < here) {
      there += cost(format);
      helper.add(i);
    } else here += cost(format);
  }
  return helper;
}

/**
 * The report files to hand to `writeOutputsAtomically`: each rendered on this thread, or written by the helper
 * thread when the report has one and the cost model gives it the file (same bytes either way).
 */
export function reportFileOutputs(
  report: LazyReport,
  files: readonly ReportFile[],
  options: ReporterOptions,
): FileOutput[] {
  const parallel = report.writeInParallel;
  const elsewhere = parallel ? shareReportFiles(files, options) : new Set<number>();
  return files.map(({ format, path }, i) =>
    parallel && elsewhere.has(i)
      ? { path, write: (tmp: string) => parallel(format, options, tmp) }
      : { path, chunks: (getReporter(format) ?? (() => []))(report, options) },
  );
}
