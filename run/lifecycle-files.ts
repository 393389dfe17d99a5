// Reads the files of recurring audits: waiver files and the baseline report, with located errors.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Diagnostic, diagnostic, ErrorCode } from '../engine/errors.js';
import { type Baseline, readBaseline, readBaselineFindings } from '../engine/lifecycle/baseline.js';
import { checkWaiverPolicy, type Waiver } from '../engine/lifecycle/waivers.js';
import { parseText } from '../engine/load/parse.js';
import { compileSchema, type SchemaCheck } from '../engine/load/validate.js';
import type { BaselineEntry, WaiverDefinition } from '../engine/types.js';
import { displayPath, readInputText } from '../inventories/read.js';

let waiverCheck: SchemaCheck | undefined;

/** The waiver file schema (docs/waivers.schema.json), compiled on first use. */
function waiverSchema(packageRoot: string): SchemaCheck {
  waiverCheck ??= compileSchema(JSON.parse(readFileSync(path.join(packageRoot, 'docs/waivers.schema.json'), 'utf8')));
  return waiverCheck;
}

/**
 * Reads waiver files in order: every waiver, numbered across files, with where it is written.
 * Returns every problem found instead (parse, schema, dates, `maxDays` policy), located.
 */
export async function readWaiverFiles(
  files: readonly string[],
  options: { cwd: string; packageRoot: string; today: string; maxDays?: number },
): Promise<{ waivers: Waiver[]; diagnostics: Diagnostic[] }> {
  const waivers: Waiver[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const given of files) {
    const file = path.resolve(options.cwd, given);
    const shown = displayPath(file, options.cwd);
    const { text, diagnostic: problem } = await readInputText(file, shown);
    if (problem || text === undefined) {
      if (problem) diagnostics.push(problem);
      continue;
    }
    const parsed = parseText(text, shown);
    if (!parsed.ok) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const schemaProblems = waiverSchema(options.packageRoot)(parsed.value, shown, parsed.locate);
    if (schemaProblems.length > 0) {
      diagnostics.push(...schemaProblems);
      continue;
    }
    const defs = (parsed.value as { waivers: WaiverDefinition[] }).waivers;
    const policy = checkWaiverPolicy(defs, shown, parsed.locate, options);
    diagnostics.push(...policy);
    if (policy.length > 0) continue;
    defs.forEach((def, i) => {
      const at = parsed.locate(['waivers', i]);
      waivers.push({ ...def, source: { file: shown, ...at }, index: waivers.length });
    });
  }
  return { waivers, diagnostics };
}

/**
 * Reads a baseline: a JSON report of an earlier run. Our JSON reporter writes one finding per line, so each
 * line's identity and outcome are read from its first fields alone, without parsing the line (a fleet's
 * report holds hundreds of thousands); a fixed finding is parsed whole when it is listed. A report laid out
 * otherwise is parsed whole.
 * @returns the baseline, or located diagnostics.
 */
export async function readBaselineFile(
  given: string,
  cwd: string,
): Promise<{ baseline?: Baseline; diagnostics: Diagnostic[] }> {
  const file = path.resolve(cwd, given);
  const shown = displayPath(file, cwd);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? ErrorCode.FILE_NOT_FOUND : ErrorCode.FILE_UNREADABLE;
    return {
      diagnostics: [diagnostic(code, shown, undefined, `cannot read the baseline: ${(error as Error).message}`)],
    };
  }
  const read = readReportLines(bytes, shown) ?? readWhole(bytes, shown);
  if ('message' in read) return { diagnostics: [diagnostic(ErrorCode.BAD_BASELINE, shown, undefined, read.message)] };
  if (read.problems) {
    return {
      diagnostics: read.problems.map((p) =>
        diagnostic(
          ErrorCode.BAD_BASELINE,
          shown,
          undefined,
          `${p.pointer.length ? `/${p.pointer.join('/')}: ` : ''}${p.message}`,
        ),
      ),
    };
  }
  return { baseline: read.baseline, diagnostics: [] };
}

type BaselineRead = ReturnType<typeof readBaseline> | { message: string };

function readWhole(bytes: Buffer, shown: string): BaselineRead {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { message: 'the baseline is not valid JSON' };
  }
  return readBaseline(value, shown);
}

const FINDINGS_OPEN = Buffer.from('\n  "findings": [\n');
const NAME_KEY = Buffer.from('","name":');
const ID_KEY = Buffer.from('"id":"');
/** The fields a line of our JSON report opens with, in order, split at their quotes. */
const LINE_KEYS = ['ruleId', 'ruleVersion', 'level', 'outcome', 'target'] as const;

/**
 * The baseline from a report in our reporter's layout (head, then one finding per line), or undefined when it
 * is laid out otherwise. A line whose opening fields hold an escape is parsed whole.
 */
function readReportLines(bytes: Buffer, shown: string): BaselineRead | undefined {
  const at = bytes.indexOf(FINDINGS_OPEN);
  if (at === -1) return undefined;
  let head: { ruleVersions?: unknown };
  try {
    head = JSON.parse(`${bytes.toString('utf8', 0, at)}\n  "findings": []\n}`);
  } catch {
    return undefined;
  }
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = at + FINDINGS_OPEN.length; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    let s = start;
    while (bytes[s] === 32) s++;
    if (bytes[s] === 0x5d) break; // "]": the end of the findings
    let e = end;
    if (bytes[e - 1] === 0x2c) e--; // the comma between findings
    if (e > s) {
      starts.push(s);
      ends.push(e);
    }
    start = end + 1;
  }
  const whole = (i: number) => JSON.parse(bytes.toString('utf8', starts[i], ends[i]));
  // Lines of one rule and outcome open alike up to the target id: that opening is parsed once per run of them.
  let last: { bytes: Buffer; fields: Omit<BaselineEntry, 'target'> & { kind: string } } | undefined;
  const opening = (i: number): Partial<BaselineEntry> => {
    const s = starts[i] as number;
    const end = ends[i] as number;
    if (!last || bytes.compare(last.bytes, 0, last.bytes.length, s, Math.min(end, s + last.bytes.length)) !== 0) {
      last = undefined;
      const idAt = bytes.indexOf(ID_KEY, s);
      if (idAt === -1 || idAt > end) return whole(i);
      const text = bytes.toString('utf8', s, idAt + 4);
      if (text.includes('\\')) return whole(i);
      // {"ruleId":"A","ruleVersion":"B","level":"C","outcome":"D","target":{"kind":"E","id
      const parts = text.split('"');
      if (LINE_KEYS.some((key, k) => parts[1 + 4 * k] !== key) || parts[19] !== 'kind' || parts[23] !== 'id') {
        return whole(i);
      }
      const fields = {
        ruleId: parts[3] as string,
        ruleVersion: parts[7] as string,
        level: parts[11] as BaselineEntry['level'],
        outcome: parts[15] as BaselineEntry['outcome'],
        kind: parts[21] as string,
      };
      last = { bytes: Buffer.from(bytes.subarray(s, idAt + ID_KEY.length)), fields };
    }
    const idStart = s + last.bytes.length;
    const nameAt = bytes.indexOf(NAME_KEY, idStart);
    if (nameAt === -1 || nameAt > end) return whole(i);
    const id = bytes.toString('utf8', idStart, nameAt);
    if (id.includes('\\')) return whole(i);
    const f = last.fields;
    const kind = f.kind as BaselineEntry['target']['kind'];
    return {
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      level: f.level,
      outcome: f.outcome,
      target: { kind, id, name: '' },
    };
  };
  try {
    return readBaselineFindings(head.ruleVersions, starts.length, opening, shown, whole);
  } catch {
    return { message: 'the baseline is not valid JSON' };
  }
}
