// What the main thread and its helper thread send each other: requests, replies, and reports as plain data.
import { LifecycleFindings, type PortableLifecycle } from '../engine/lifecycle/lifecycle.js';
import { type OwnTexts, type PortableFindings, StoredFindings } from '../engine/results/store.js';
import type { LoadedRule, ReportView } from '../engine/types.js';
import { getReporter } from '../reporters/index.js';
import { splitJson } from '../reporters/json.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import type { RangeJob } from './fleet.js';
import type { RowRangeJob } from './fleet-ranges.js';
import { writeChunks } from './write.js';

/** A request from the main thread; the reply carries the same `id`. */
export type HelperRequest =
  | { id: number; type: 'evaluate'; job: RangeJob }
  | { id: number; type: 'rows'; job: RowRangeJob }
  | {
      id: number;
      type: 'write';
      /** The report, the first time it is written; later requests name it by `reportId`. */
      report?: PortableReport;
      reportId: number;
      format: string;
      options: object;
      file: string;
      /** JSON only: write the findings from this one on, and the end (`splitJson`), not the whole report. */
      from?: number;
    };

export type HelperReply = { id: number; result?: unknown; error?: string };

/** A report as plain data: rules without their locators, findings as typed arrays and strings. */
export interface PortableReport extends Omit<ReportView, 'findings' | 'rules'> {
  rules: Omit<LoadedRule, 'locate'>[];
  findings: PortableFindings;
  /** What waivers and the baseline decided per finding, when either was given. */
  lifecycleFindings?: PortableLifecycle;
}

/**
 * The report a helper thread can rebuild: `findings` must be sealed store findings. Its ids and names are in
 * report order, so the copies the helper receives lie in memory in the order it reads them.
 */
export function toPortableReport(
  report: ReportView & { findings: StoredFindings | LifecycleFindings },
): PortableReport {
  const stored = report.findings instanceof LifecycleFindings ? report.findings.base : report.findings;
  return {
    tool: report.tool,
    packs: report.packs,
    rules: report.rules.map(({ definition, pack, file }) => ({ definition, pack, file })),
    inputs: report.inputs,
    summary: report.summary,
    ...(report.listed ? { listed: report.listed } : {}),
    ...(report.unlisted ? { unlisted: report.unlisted } : {}),
    notices: report.notices,
    ...(report.unknownFacts ? { unknownFacts: report.unknownFacts } : {}),
    snapshotId: report.snapshotId,
    ...(report.organizationId === undefined ? {} : { organizationId: report.organizationId }),
    ...(report.excludedRules ? { excludedRules: report.excludedRules } : {}),
    ...(report.lifecycle ? { lifecycle: report.lifecycle } : {}),
    findings: (stored as StoredFindings).toPortable(),
    ...(report.findings instanceof LifecycleFindings ? { lifecycleFindings: report.findings.toPortable() } : {}),
  };
}

/** The helper's side: the report again, from the plain data and the ids and names it kept (`own`). */
export function rebuildReport(portable: PortableReport, own?: { ids: OwnTexts; names: OwnTexts }): ReportView {
  return {
    ...portable,
    rules: portable.rules.map((rule) => ({ ...rule, locate: () => ({ line: 1, column: 1 }) })),
    findings: portable.lifecycleFindings
      ? LifecycleFindings.fromPortable(StoredFindings.fromPortable(portable.findings, own), portable.lifecycleFindings)
      : StoredFindings.fromPortable(portable.findings, own),
  };
}

/** Writes one format of a report to `file`; with `from`, the JSON report's findings from that one on. */
export async function writeReportFile(
  report: ReportView,
  format: string,
  options: ReporterOptions,
  file: string,
  from?: number,
): Promise<void> {
  if (from !== undefined) {
    if (format !== 'json') throw new Error(`only the JSON report is written in pieces, not ${format}`);
    await writeChunks(file, splitJson(report, from)[1]);
    return;
  }
  const reporter = getReporter(format);
  if (!reporter) throw new Error(`unknown format ${format}`);
  await writeChunks(file, reporter(report, options));
}
