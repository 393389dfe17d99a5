// The helper thread, seen from the main thread: evaluates part of a large input, writes reports.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleSelection } from '../engine/load/select-rules.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import type { FleetHelper, RangeJob, RangeResult } from './fleet.js';
import type { RowRangeJob, RowRangeResult } from './fleet-ranges.js';
import type { HelperReply, HelperRequest, PortableReport } from './helper-protocol.js';
import type { JsonShare } from './json-pieces.js';

/** A request before it is numbered. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The worker script: next to this module once built; from the build when running from source (tests). */
function workerScript(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'run', 'worker.js'));
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

  evaluateRows(job: RowRangeJob): Promise<RowRangeResult> {
    return this.request<RowRangeResult>({ type: 'rows', job });
  }

  private readonly sent = new WeakMap<PortableReport, number>();

  /**
   * Writes one format of `report` to `file` on the helper thread (the report itself is sent only once); with
   * `share`, the pieces it takes of a JSON report this thread writes too (`writeJsonTogether`).
   */
  writeReport(
    report: PortableReport,
    format: string,
    options: ReporterOptions,
    file: string,
    share?: JsonShare,
  ): Promise<void> {
    const piece = share === undefined ? {} : { share };
    const known = this.sent.get(report);
    if (known !== undefined) return this.request({ type: 'write', reportId: known, format, options, file, ...piece });
    this.sent.set(report, this.next);
    return this.request({ type: 'write', reportId: this.next, report, format, options, file, ...piece });
  }

  private closed = false;

  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }
}
