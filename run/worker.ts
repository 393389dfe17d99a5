// The facade's helper thread: evaluates the second part of large inputs (and writes reports, see helper.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { partialBuffers } from '../engine/evaluate/stream.js';
import type { ReportView } from '../engine/types.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import { deviceKeyBuffers } from './device-keys.js';
import { evaluateRange, type RangeResult } from './fleet.js';
import { evaluateRowRange, type RowRangeResult } from './fleet-ranges.js';
import { type HelperReply, type HelperRequest, rebuildReport, writeReportFile } from './helper-protocol.js';
import { getSchemas, type LoadRulesOptions, loadRules } from './rules.js';

function transferables(result: RangeResult | RowRangeResult): ArrayBuffer[] {
  return [
    ...partialBuffers(result.partial),
    result.targetLines.buffer as ArrayBuffer,
    ...deviceKeyBuffers(result.deviceKeys),
  ];
}

if (parentPort) {
  const port = parentPort;
  // The rules are compiled here too (closures cannot be sent), while the main thread does the same.
  const ready = loadRules(workerData as LoadRulesOptions);
  const reports = new Map<number, ReportView>();
  /** The ids and names of the ranges evaluated, by key, kept for the reports the main thread sends back. */
  const kept = new Map<number, { ids: readonly string[]; names: readonly string[] }>();
  ready.catch(() => {
    // The main thread loads the same rules and reports their problems; requests then fail one by one.
  });
  port.on('message', async (request: HelperRequest) => {
    try {
      if (request.type === 'evaluate' || request.type === 'rows') {
        const { ruleSet } = await ready;
        // The range's ids and names stay here too: reports sent back leave them out (see BorrowedRange).
        const key = request.id;
        const keep = {
          key,
          texts: (ids: readonly string[], names: readonly string[]) => {
            kept.set(key, { ids, names });
          },
        };
        const result =
          request.type === 'evaluate'
            ? await evaluateRange(ruleSet, request.job, getSchemas().inventory, keep)
            : await evaluateRowRange(ruleSet, request.job, (partial) => {
                keep.texts(partial.ids, partial.names);
                return { ...partial, textsKey: key };
              });
        port.postMessage({ id: request.id, result } satisfies HelperReply, transferables(result));
      } else {
        if (request.report) {
          const own = (which: 'ids' | 'names') => (key: number) => kept.get(key)?.[which];
          reports.set(request.reportId, rebuildReport(request.report, { ids: own('ids'), names: own('names') }));
        }
        const report = reports.get(request.reportId);
        if (!report) throw new Error(`no report ${request.reportId}`);
        await writeReportFile(report, request.format, request.options as ReporterOptions, request.file, request.share);
        port.postMessage({ id: request.id } satisfies HelperReply);
      }
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies HelperReply);
    }
  });
}
