// The helper thread, seen from the main thread: evaluates half of a large JSON Lines file, writes reports.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeChunks } from './cli/write.js';
import { type PortableFindings, StoredFindings } from './engine/store.js';
import type { LoadedRule, ReportView } from './engine/types.js';
import type { FleetHelper, RangeJob, RangeResult } from './inventories/fleet.js';
import { getReporter } from './reporters/index.js';
import type { ReporterOptions } from './reporters/reporter.js';
import type { HelperReply, HelperRequest } from './worker.js';

/** A request before it is numbered. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Ids and names of the targets a helper evaluated, which it keeps by the number of the request. */
export interface KeptStrings {
  ids: readonly string[];
  names: readonly string[];
}

/** Runs of target ids or names: sent along, or kept by the helper from the evaluation request `kept`. */
type Segments = (readonly string[] | { kept: number })[];

/** A report as plain data: rules without their locators, findings as typed arrays and strings. */
export interface PortableReport extends Omit<ReportView, 'findings' | 'rules'> {
  rules: Omit<LoadedRule, 'locate'>[];
  findings: Omit<PortableFindings, 'ids' | 'names'> & { ids: Segments; names: Segments };
}

/** Targets the main thread took from a helper's evaluation: the request, and where they start. */
export interface AdoptedRange {
  request: number;
  start: number;
  count: number;
}

function segments(values: readonly string[], ranges: readonly AdoptedRange[]): Segments {
  const out: Segments = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start > at) out.push(values.slice(at, range.start));
    out.push({ kept: range.request });
    at = range.start + range.count;
  }
  if (at < values.length) out.push(values.slice(at));
  return out;
}

/**
 * The report a helper thread can rebuild: `findings` must be sealed store findings. The ids and names of
 * targets the helper evaluated itself (`adopted`) are left out; it still has them.
 */
export function toPortableReport(
  report: ReportView & { findings: StoredFindings },
  adopted: readonly AdoptedRange[] = [],
): PortableReport {
  const findings = report.findings.toPortable();
  return {
    tool: report.tool,
    packs: report.packs,
    rules: report.rules.map(({ definition, pack, file }) => ({ definition, pack, file })),
    inputs: report.inputs,
    summary: report.summary,
    notices: report.notices,
    snapshotId: report.snapshotId,
    findings: {
      ...findings,
      ids: segments(findings.ids, adopted),
      names: segments(findings.names, adopted),
    },
  };
}

function joinSegments(parts: Segments, kept: ReadonlyMap<number, KeptStrings>, pick: 'ids' | 'names'): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const values = 'kept' in part ? kept.get(part.kept)?.[pick] : part;
    if (!values) throw new Error(`helper thread: no ${pick} kept from request ${'kept' in part ? part.kept : ''}`);
    for (const value of values) out.push(value);
  }
  return out;
}

/** The helper's side: the report again, from the plain data and the ids and names it kept. */
export function rebuildReport(portable: PortableReport, kept: ReadonlyMap<number, KeptStrings>): ReportView {
  return {
    ...portable,
    rules: portable.rules.map((rule) => ({ ...rule, locate: () => ({ line: 1, column: 1 }) })),
    findings: StoredFindings.fromPortable({
      ...portable.findings,
      ids: joinSegments(portable.findings.ids, kept, 'ids'),
      names: joinSegments(portable.findings.names, kept, 'names'),
    }),
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

  constructor(rules: { rules?: readonly string[]; noBuiltinRules?: boolean; cwd: string }) {
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

  /** Ranges whose targets the main thread adopted: the helper keeps their ids and names. */
  readonly adopted: AdoptedRange[] = [];

  evaluateRange(job: RangeJob): Promise<RangeResult> {
    const request = this.next;
    return this.request<RangeResult>({ type: 'evaluate', job }).then((result) => ({ ...result, request }));
  }

  adopt(result: RangeResult, start: number): void {
    if (result.request !== undefined) {
      this.adopted.push({ request: result.request, start, count: result.partial.ids.length });
    }
  }

  /** Writes one report format to `file` on the helper thread. */
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
