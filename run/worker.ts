// The facade's helper thread: evaluates the second half of large JSON Lines files (and writes reports, see helper.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportView } from '../engine/types.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import { evaluateRange, type RangeResult } from './fleet.js';
import { type HelperReply, type HelperRequest, rebuildReport, writeReportFile } from './helper-protocol.js';
import { getSchemas, type LoadRulesOptions, loadRules } from './rules.js';

function transferables(result: RangeResult): ArrayBuffer[] {
  const { partial } = result;
  const arrays = [
    partial.kinds,
    partial.flags,
    partial.classes,
    partial.sorted.device,
    partial.sorted.server,
    result.targetLines,
    ...partial.columns.flatMap((c) => Object.values(c)),
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

if (parentPort) {
  const port = parentPort;
  // The rules are compiled here too (closures cannot be sent), while the main thread does the same.
  const ready = loadRules(workerData as LoadRulesOptions);
  const reports = new Map<number, ReportView>();
  /** The ids and names of the last range evaluated, kept for the reports the main thread sends back. */
  let kept: { key: number; ids: readonly string[]; names: readonly string[] } | undefined;
  ready.catch(() => {
    // The main thread loads the same rules and reports their problems; requests then fail one by one.
  });
  port.on('message', async (request: HelperRequest) => {
    try {
      if (request.type === 'evaluate') {
        const { ruleSet } = await ready;
        // The range's ids and names stay here too: reports sent back leave them out (see BorrowedRange).
        const key = request.id;
        const keep = {
          key,
          texts: (ids: readonly string[], names: readonly string[]) => {
            kept = { key, ids, names };
          },
        };
        const result = await evaluateRange(ruleSet, request.job, getSchemas().inventory, keep);
        port.postMessage({ id: request.id, result } satisfies HelperReply, transferables(result));
      } else {
        if (request.report) {
          const own = (which: 'ids' | 'names') => (key: number) => (kept?.key === key ? kept[which] : undefined);
          reports.set(request.reportId, rebuildReport(request.report, { ids: own('ids'), names: own('names') }));
        }
        const report = reports.get(request.reportId);
        if (!report) throw new Error(`no report ${request.reportId}`);
        await writeReportFile(report, request.format, request.options as ReporterOptions, request.file);
        port.postMessage({ id: request.id } satisfies HelperReply);
      }
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies HelperReply);
    }
  });
}
