// Which report files the helper thread writes: a rough cost per format, shared between the two threads.
import { getReporter } from '../reporters/index.js';
import { formatJson } from '../reporters/json.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import type { LazyReport } from './aipcheck.js';
import { writeJsonTogether } from './json-pieces.js';
import type { FileOutput } from './write.js';

/**
 * Rough cost of writing each format, in fifths of a second on the benchmark fleet (1,000,900 assets, findings
 * to act on listed, evidence on: JSON 5.3 s, SARIF 1.75 s, JUnit 0.25 s with at most 500 targets of one outcome
 * per rule and ~1.1 s listing every one; HTML ~0.5 s with at most 500 of one outcome per rule). JSON without
 * evidence is half the bytes and about half the time.
 */
const COST: Readonly<Record<string, number>> = { json: 26, sarif: 9, junit: 1.25, html: 2.5, text: 1, markdown: 0.2 };
const JSON_WITHOUT_EVIDENCE_COST = 13;
const JUNIT_UNLIMITED_COST = 6;
/** What the helper spends before it writes anything: rebuilding the report this thread sends (~0.2 s). */
const HELPER_SETUP = 1;
/** Findings from which both threads write the JSON report, piece by piece: below it, sharing costs more. */
export const SPLIT_JSON_MIN = 20_000;

/** A report to write: its format and the file it goes to. */
export interface ReportFile {
  format: string;
  path: string;
}

/** What the helper writes: whole files by index, and perhaps its share of the JSON report. */
export interface ReportShare {
  helper: Set<number>;
  /** The index of the JSON file both threads write, taking its pieces in turn. */
  together?: number;
}

/**
 * How the files are shared with the helper thread. Given `findings` (how many and whether they carry
 * evidence) of SPLIT_JSON_MIN or more and a JSON report, both threads write the JSON report, taking its pieces
 * in turn, and the helper writes every other file: it takes fewer pieces for them, so both finish together.
 * Otherwise whole files: none of a single file; else a greedy split by cost, largest first, each to the thread
 * that would finish it first, this one on ties (the helper first rebuilds the report it is sent). With JSON,
 * JUnit and SARIF: JSON here, the others there.
 */
export function shareReportFiles(
  files: readonly { format: string }[],
  options: ReporterOptions,
  findings?: { count: number; evidence: boolean },
): ReportShare {
  const helper = new Set<number>();
  const cost = (format: string) => {
    if (format === 'junit' && options.junitMaxListed === 0) return JUNIT_UNLIMITED_COST;
    if (format === 'json' && findings?.evidence === false) return JSON_WITHOUT_EVIDENCE_COST;
    return COST[format] ?? 1;
  };
  const json = files.findIndex((f) => f.format === 'json');
  if (findings && findings.count >= SPLIT_JSON_MIN && json >= 0) {
    // The pieces of the JSON report even out whatever else either thread writes: every other file is the helper's.
    for (const i of files.keys()) if (i !== json) helper.add(i);
    return { helper, together: json };
  }
  let here = 0;
  let there = HELPER_SETUP;
  if (files.length < 2) return { helper };
  const order = files.map((_, i) => i).sort((a, b) => cost(files[b]?.format ?? '') - cost(files[a]?.format ?? ''));
  for (const i of order) {
    const format = files[i]?.format ?? '';
    if (there < here) {
      there += cost(format);
      helper.add(i);
    } else here += cost(format);
  }
  return { helper };
}

/**
 * The report files to hand to `writeOutputsAtomically`: each rendered on this thread, or written by the helper
 * thread when the report has one and the cost model gives it the file, or by both (the JSON report of a fleet).
 * The same bytes either way.
 */
export function reportFileOutputs(
  report: LazyReport,
  files: readonly ReportFile[],
  options: ReporterOptions,
): FileOutput[] {
  const parallel = report.writeInParallel;
  const share = parallel
    ? shareReportFiles(files, options, { count: report.findings.length, evidence: hasEvidence(report) })
    : { helper: new Set<number>() };
  return files.map(({ format, path }, i): FileOutput => {
    if (parallel && share.helper.has(i)) return { path, write: (tmp: string) => parallel(format, options, tmp) };
    if (parallel && share.together === i) {
      return {
        path,
        chunks: formatJson(report, options),
        together: (tmp: string) => writeJsonTogether(report, tmp, (json) => parallel(format, options, tmp, json)),
      };
    }
    return { path, chunks: (getReporter(format) ?? (() => []))(report, options) };
  });
}

/** Whether the report's findings carry evidence (the engine's all do, or none): the JSON report is twice the size. */
function hasEvidence(report: LazyReport): boolean {
  for (const finding of report.findings) return finding.evidence !== undefined;
  return false;
}
