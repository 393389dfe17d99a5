// The helper thread, seen from the main thread: evaluates half of a large JSON Lines file, writes reports.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeChunks } from './cli/write.js';
import { LifecycleFindings, type PortableLifecycle } from './engine/lifecycle.js';
import type { RuleSelection } from './engine/select-rules.js';
import { type OwnTexts, type PortableFindings, StoredFindings } from './engine/store.js';
import type { LoadedRule, ReportView } from './engine/types.js';
import type { FleetHelper, RangeJob, RangeResult } from './inventories/fleet.js';
import { getReporter } from './reporters/index.js';
import type { ReporterOptions } from './reporters/reporter.js';
import type { HelperReply, HelperRequest } from './worker.js';

/** A request before it is numbered. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

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

/** Writes one format of a report to `file`. */
export async function writeReportFile(
  report: ReportView,
  format: string,
  options: ReporterOptions,
  file: string,
): Promise<void> {
  const reporter = getReporter(format);
  if (!reporter) throw new Error(`unknown format ${format}`);
  await writeChunks(file, reporter(report, options));
}

/** The worker script: next to this module once built; from the build when running from source (tests). */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist', 'worker.js'));
}

/**
 * A worker thread running worker.ts. It compiles the same rules on start (closures cannot be sent), so it
 * is started early, while the main thread reads its inputs. It keeps the process alive only while a request
 * is pending; `close` ends it.
 */
export class Helper implements FleetHelper {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(rules: { rules?: readonly string[]; noBuiltinRules?: boolean; select?: RuleSelection; cwd: string }) {
    // A larger young generation: evaluating and writing make short-lived garbage by the gigabyte.
    this.worker = new Worker(workerScript(), { workerData: rules, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    this.worker.unref();
    this.worker.on('message', (reply: HelperReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error !== undefined) waiting.reject(new Error(`helper thread: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`helper thread exited with code ${code}`)));
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private request<T>(request: WithoutId<HelperRequest>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('helper thread: closed'));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  evaluateRange(job: RangeJob): Promise<RangeResult> {
    return this.request<RangeResult>({ type: 'evaluate', job });
  }

  private readonly sent = new WeakMap<PortableReport, number>();

  /** Writes one report format to `file` on the helper thread; the report itself is sent only once. */
  writeReport(report: PortableReport, format: string, options: ReporterOptions, file: string): Promise<void> {
    const known = this.sent.get(report);
    if (known !== undefined) return this.request({ type: 'write', reportId: known, format, options, file });
    this.sent.set(report, this.next);
    return this.request({ type: 'write', reportId: this.next, report, format, options, file });
  }

  private closed = false;

  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }
}
