// Reads the files of recurring audits: waiver files and the baseline report, with located errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Baseline, readBaseline } from './engine/baseline.js';
import { type Diagnostic, diagnostic, ErrorCode } from './engine/errors.js';
import { parseText } from './engine/parse.js';
import { compileSchema, type SchemaCheck } from './engine/validate.js';
import { checkWaiverPolicy, type Waiver, type WaiverDefinition } from './engine/waivers.js';
import { displayPath, readInputText } from './inventories/read.js';

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
 * Reads a baseline: a JSON report of an earlier run. The report's findings are one per line, so each line is
 * parsed alone (a 200 MB report never becomes one object tree); any other layout is parsed whole.
 * @returns the baseline, or located diagnostics.
 */
export async function readBaselineFile(
  given: string,
  cwd: string,
): Promise<{ baseline?: Baseline; diagnostics: Diagnostic[] }> {
  const file = path.resolve(cwd, given);
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? ErrorCode.FILE_NOT_FOUND : ErrorCode.FILE_UNREADABLE;
    return {
      diagnostics: [diagnostic(code, shown, undefined, `cannot read the baseline: ${(error as Error).message}`)],
    };
  }
  const value = parseReport(text);
  if (value === undefined) {
    return { diagnostics: [diagnostic(ErrorCode.BAD_BASELINE, shown, undefined, 'the baseline is not valid JSON')] };
  }
  const read = readBaseline(value, shown);
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

const FINDINGS_OPEN = '\n  "findings": [\n';

/** A JSON report as our reporter lays it out, head whole and findings line by line; else JSON.parse; undefined if not JSON. */
function parseReport(text: string): unknown {
  const at = text.indexOf(FINDINGS_OPEN);
  try {
    if (at !== -1) {
      const head = JSON.parse(`${text.slice(0, at)}\n  "findings": []\n}`) as Record<string, unknown>;
      const findings: unknown[] = [];
      let start = at + FINDINGS_OPEN.length;
      for (;;) {
        const end = text.indexOf('\n', start);
        const line = text.slice(start, end === -1 ? undefined : end).trim();
        if (line.startsWith(']')) break;
        if (line !== '') findings.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
        if (end === -1) break;
        start = end + 1;
      }
      return { ...head, findings };
    }
  } catch {
    // Not our layout after all: parse it whole.
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
