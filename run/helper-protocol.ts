// What the main thread and its helper thread send each other: requests, replies, and reports as plain data.
import { type TargetNoticeTable, targetNoticeText } from '../engine/evaluate/stream.js';
import { LifecycleFindings, type PortableLifecycle } from '../engine/lifecycle/lifecycle.js';
import { type OwnTexts, type PortableFindings, StoredFindings } from '../engine/results/store.js';
import {
  attachNoticeDigest,
  higherLevel,
  type Level,
  type LoadedRule,
  type Notice,
  type NoticeDigest,
  type ReportView,
} from '../engine/types.js';
import { getReporter } from '../reporters/index.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import type { RangeJob } from './fleet.js';
import type { RowRangeJob } from './fleet-ranges.js';
import { type JsonShare, writeJsonPieces } from './json-pieces.js';
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
      /** JSON only: write the pieces this thread takes of a report written by both (`writeJsonPieces`). */
      share?: JsonShare;
    };

export type HelperReply = { id: number; result?: unknown; error?: string };

/** A report as plain data: rules without their locators, findings and notices as typed arrays and strings. */
export interface PortableReport extends Omit<ReportView, 'findings' | 'rules' | 'notices'> {
  rules: Omit<LoadedRule, 'locate'>[];
  notices: PackedNotices;
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
    notices: packReportNotices(report),
    ...(report.unknownFacts ? { unknownFacts: report.unknownFacts } : {}),
    snapshotId: report.snapshotId,
    ...(report.organizationId === undefined ? {} : { organizationId: report.organizationId }),
    ...(report.excludedRules ? { excludedRules: report.excludedRules } : {}),
    ...(report.lifecycle ? { lifecycle: report.lifecycle } : {}),
    findings: sharedColumns((stored as StoredFindings).toPortable()),
    ...(report.findings instanceof LifecycleFindings ? { lifecycleFindings: report.findings.toPortable() } : {}),
  };
}

/** The report's notices packed: from its parts when it has them, without reading `report.notices`. */
function packReportNotices(report: ReportView): PackedNotices {
  const parts = (report as { [NOTICE_PARTS]?: NoticeParts })[NOTICE_PARTS];
  return parts ? packNotices(parts.head, MESSAGE_BLOCK, parts.table) : packNotices(report.notices);
}

/**
 * The findings with their typed arrays in shared memory: the helper thread reads the same bytes, not a copy.
 * Sent as they are, the views carried their growable buffers whole into the message (~55 MB for a million-row
 * AD export, spare capacity included), then into the helper's heap: the main thread's peak memory. The store's
 * columns are kept in shared memory (`RuleColumns`), and go as they are; other arrays are copied into it.
 */
function sharedColumns(findings: PortableFindings): PortableFindings {
  const shared = (values: Uint32Array) => {
    if (values.buffer instanceof SharedArrayBuffer) return values;
    const copy = new Uint32Array(new SharedArrayBuffer(values.byteLength));
    copy.set(values);
    return copy;
  };
  return {
    ...findings,
    kinds: shared(findings.kinds),
    flags: shared(findings.flags),
    sections: findings.sections.map((section) => {
      const c = section.columns;
      if (!c) return section;
      const order = section.order && shared(section.order);
      const columns = {
        targets: shared(c.targets),
        outcomes: shared(c.outcomes),
        shapes: shared(c.shapes),
        files: shared(c.files),
        lines: shared(c.lines),
        columns: shared(c.columns),
      };
      return { ...section, ...(order ? { order } : {}), columns };
    }),
  };
}

/** The helper's side: the report again, from the plain data and the ids and names it kept (`own`). */
export function rebuildReport(portable: PortableReport, own?: { ids: OwnTexts; names: OwnTexts }): ReportView {
  let notices: Notice[] | undefined;
  const report: ReportView = {
    ...portable,
    // Made when read: of the reports the helper writes, only the text formats read them all, SARIF its digest.
    get notices() {
      notices ??= unpackNotices(portable.notices);
      return notices;
    },
    rules: portable.rules.map((rule) => ({ ...rule, locate: () => ({ line: 1, column: 1 }) })),
    findings: portable.lifecycleFindings
      ? LifecycleFindings.fromPortable(StoredFindings.fromPortable(portable.findings, own), portable.lifecycleFindings)
      : StoredFindings.fromPortable(portable.findings, own),
  };
  return attachNoticeDigest(report, noticeDigest(portable.notices));
}

/** The digest of packed notices (see `NOTICE_DIGEST`): the first few made into objects, the rest only counted. */
export function noticeDigest(packed: PackedNotices): NoticeDigest {
  return {
    length: packed.count,
    first: (count) => unpackNotices(packed, count),
    rest(from) {
      const codes = new Map<string, number>();
      let level: Level | undefined;
      let odd = packed.odd.findIndex((o) => o.index >= from);
      if (odd < 0) odd = packed.odd.length;
      for (let i = from; i < packed.count; i++) {
        const other = packed.odd[odd];
        let code: string;
        let at: Level;
        if (other?.index === i) {
          code = other.notice.code;
          at = other.notice.level;
          odd++;
        } else {
          code = packed.codes[packed.code[i] as number] as string;
          at = packed.levels[packed.level[i] as number] as Level;
        }
        codes.set(code, (codes.get(code) ?? 0) + 1);
        level = higherLevel(level, at);
      }
      return { codes, level };
    },
  };
}

/**
 * Writes one format of a report to `file`; with `share`, the pieces of the JSON report this thread takes, into
 * the file the main thread created and writes the other pieces of.
 */
export async function writeReportFile(
  report: ReportView,
  format: string,
  options: ReporterOptions,
  file: string,
  share?: JsonShare,
): Promise<void> {
  if (share !== undefined) {
    if (format !== 'json') throw new Error(`only the JSON report is written in pieces, not ${format}`);
    await writeJsonPieces(report, share, file, 'block');
    return;
  }
  const reporter = getReporter(format);
  if (!reporter) throw new Error(`unknown format ${format}`);
  await writeChunks(file, reporter(report, options));
}

/**
 * A report's notices as columns. An AD export of a million computers has 320,000 (a `missing-role` per server):
 * as objects, copying them to the helper thread took ~0.8 s, as columns ~0.2 s. A notice of another shape than
 * `{ code, level, message, location?: { file, line, column } }` travels as it is.
 */
export interface PackedNotices {
  count: number;
  /** Distinct codes, levels and files, and each notice's index among them (NO_LOCATION: no location). */
  codes: string[];
  levels: Level[];
  files: string[];
  code: Uint32Array;
  level: Uint32Array;
  file: Uint32Array;
  line: Uint32Array;
  column: Uint32Array;
  /**
   * The messages joined, in blocks (`MESSAGE_BLOCK` characters at most, unless one message is longer), and
   * where each ends in its block: one string per block crosses to the other thread, not one per notice.
   */
  messages: string[];
  /** Each notice's block, and where its message ends in it (it starts where the one before ends, or at 0). */
  block: Uint32Array;
  end: Uint32Array;
  /**
   * 1 for a notice about a target (`TargetNoticeTable`): the text kept for it is its target's id, four times
   * shorter than the message `targetNoticeText` makes of it and its code on the way back.
   */
  templated: Uint8Array;
  /** Notices of any other shape, with their place in the list. */
  odd: { index: number; notice: Notice }[];
}

const NO_LOCATION = 0xffffffff;

/** Characters of messages joined into one block: far below the longest string V8 makes (2^29 - 24). */
const MESSAGE_BLOCK = 1 << 24;

/** Whether a notice is exactly `{ code, level, message, location? }` with a plain location, in that key order. */
function isPlainNotice(notice: Notice): boolean {
  const keys = Object.keys(notice);
  const location = notice.location;
  if (typeof notice.message !== 'string') return false;
  if (keys.length === 3) return keys[0] === 'code' && keys[1] === 'level' && keys[2] === 'message';
  if (keys.length !== 4 || keys[0] !== 'code' || keys[1] !== 'level' || keys[2] !== 'message' || keys[3] !== 'location')
    return false;
  if (location === null || typeof location !== 'object') return false;
  const at = Object.keys(location);
  const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < NO_LOCATION;
  return (
    at.length === 3 &&
    at[0] === 'file' &&
    at[1] === 'line' &&
    at[2] === 'column' &&
    typeof location.file === 'string' &&
    isCount(location.line) &&
    isCount(location.column)
  );
}

/**
 * The notices as columns: `notices`, then the rows of `table` (made into no objects on the way); `blockLength`:
 * see `MESSAGE_BLOCK` (tests make it small).
 */
export function packNotices(
  notices: readonly Notice[],
  blockLength = MESSAGE_BLOCK,
  table?: TargetNoticeTable,
): PackedNotices {
  const count = notices.length + (table?.length ?? 0);
  const packed: PackedNotices = {
    count,
    codes: [],
    levels: [],
    files: [],
    code: new Uint32Array(count),
    level: new Uint32Array(count),
    file: new Uint32Array(count),
    line: new Uint32Array(count),
    column: new Uint32Array(count),
    messages: [],
    block: new Uint32Array(count),
    end: new Uint32Array(count),
    templated: new Uint8Array(count),
    odd: [],
  };
  let parts: string[] = [];
  let length = 0;
  const endBlock = () => {
    packed.messages.push(parts.join(''));
    parts = [];
    length = 0;
  };
  const indexes = {
    codes: new Map<string, number>(),
    levels: new Map<Level, number>(),
    files: new Map<string, number>(),
  };
  const indexOf = <T>(map: Map<T, number>, list: T[], value: T) => {
    let i = map.get(value);
    if (i === undefined) {
      i = list.push(value) - 1;
      map.set(value, i);
    }
    return i;
  };
  const addMessage = (i: number, message: string) => {
    if (length > 0 && length + message.length > blockLength) endBlock();
    parts.push(message);
    length += message.length;
    packed.block[i] = packed.messages.length;
    packed.end[i] = length;
  };
  notices.forEach((notice, i) => {
    if (!isPlainNotice(notice)) {
      packed.odd.push({ index: i, notice });
      return;
    }
    packed.code[i] = indexOf(indexes.codes, packed.codes, notice.code);
    packed.level[i] = indexOf(indexes.levels, packed.levels, notice.level);
    addMessage(i, notice.message);
    const at = notice.location;
    packed.file[i] = at ? indexOf(indexes.files, packed.files, at.file) : NO_LOCATION;
    packed.line[i] = at?.line ?? 0;
    packed.column[i] = at?.column ?? 0;
  });
  for (let n = 0; table && n < table.length; n++) {
    const i = notices.length + n;
    const line = table.line(n);
    const column = table.column(n);
    // A position the columns cannot hold (4 billion lines) goes as an object.
    if (line >= NO_LOCATION || column >= NO_LOCATION) {
      packed.odd.push({ index: i, notice: table.notice(n) });
      continue;
    }
    packed.code[i] = indexOf(indexes.codes, packed.codes, table.code(n));
    packed.level[i] = indexOf(indexes.levels, packed.levels, 'warning');
    // Its message is `targetNoticeText` of its code and its target's id: the id is all that is sent.
    addMessage(i, table.target(n));
    packed.templated[i] = 1;
    packed.file[i] = indexOf(indexes.files, packed.files, table.file(n));
    packed.line[i] = line;
    packed.column[i] = column;
  }
  if (length > 0) endBlock();
  return packed;
}

/**
 * On a report whose notices are a list of objects and a table (`FleetResult`): both, so the notices are packed
 * for the helper without making objects of the table's rows. `report.notices` makes them when it is read.
 */
export const NOTICE_PARTS: unique symbol = Symbol('aipcheck.noticeParts');

export interface NoticeParts {
  head: readonly Notice[];
  table: TargetNoticeTable;
}

/** The notices `packNotices` packed, or the first `limit` of them. */
export function unpackNotices(packed: PackedNotices, limit = packed.count): Notice[] {
  const notices: Notice[] = [];
  let odd = 0;
  let block = -1;
  let start = 0;
  for (let i = 0; i < Math.min(limit, packed.count); i++) {
    const other = packed.odd[odd];
    if (other?.index === i) {
      notices.push(other.notice);
      odd++;
      continue;
    }
    const end = packed.end[i] as number;
    if (packed.block[i] !== block) {
      block = packed.block[i] as number;
      start = 0;
    }
    const code = packed.codes[packed.code[i] as number] as string;
    const text = (packed.messages[block] ?? '').slice(start, end);
    const notice: Notice = {
      code,
      level: packed.levels[packed.level[i] as number] as Level,
      message: packed.templated[i] === 1 ? (targetNoticeText(code, text) ?? text) : text,
    };
    start = end;
    const file = packed.file[i] as number;
    if (file !== NO_LOCATION) {
      notice.location = {
        file: packed.files[file] as string,
        line: packed.line[i] as number,
        column: packed.column[i] as number,
      };
    }
    notices.push(notice);
  }
  return notices;
}
