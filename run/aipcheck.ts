// The facade: finds and reads inventories, runs the engine stages over them, and hands reports to the reporters.
import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { appendAll } from '../engine/append.js';
import { type CompiledRuleSet, compileRules } from '../engine/compile/compile.js';
import { compareText, type Diagnostic, diagnostic, ErrorCode, InputError } from '../engine/errors.js';
import { unreadableRowFindings, unreadableRowRule } from '../engine/evaluate/input-errors.js';
import { compareFindings, createReferenceEvaluator, type EngineName } from '../engine/evaluate/run.js';
import { noticesOf } from '../engine/evaluate/stream.js';
import type { Baseline } from '../engine/lifecycle/baseline.js';
import { LifecycleFindings } from '../engine/lifecycle/lifecycle.js';
import { WaiverSet } from '../engine/lifecycle/waivers.js';
import { operators } from '../engine/operators/index.js';
import { outcomeMask, type PlainGroup, type StoredFindings } from '../engine/results/store.js';
import { organizationIdOf } from '../engine/snapshot/targets.js';
import {
  ACTION_OUTCOMES,
  type Notice,
  OUTCOMES,
  type Report,
  type ReportView,
  type UnknownFact,
} from '../engine/types.js';
import { suppliersOf } from '../inventories/importers/catalogue.js';
import type { Importer } from '../inventories/importers/importer.js';
import { createImporters } from '../inventories/importers/index.js';
import {
  displayPath,
  expandInputs,
  MAX_INPUT_BYTES,
  readInventories,
  STDIN_DIR_PREFIX,
  STDIN_FILE,
  STDIN_NAME,
} from '../inventories/read.js';
import type { ReporterOptions } from '../reporters/reporter.js';
import { evaluateFleet } from './fleet.js';
import { getSchemas, type LoadRulesOptions, loadRules, packageRoot, packFiles, tool } from './rules.js';

export {
  BUILTIN_RULES,
  getSchemas,
  type LoadedRules,
  type LoadRulesOptions,
  loadRules,
  packageRoot,
  tool,
} from './rules.js';

import { Helper } from './helper.js';
import { NOTICE_PARTS, type PortableReport, toPortableReport } from './helper-protocol.js';
import type { JsonShare } from './json-pieces.js';
import { readBaselineFile, readWaiverFiles } from './lifecycle-files.js';

export interface EvaluateOptions extends LoadRulesOptions {
  /** Inventory files, directories or globs. */
  inputs: readonly string[];
  /** What `-` among the inputs reads: standard input, saved to a private temporary file first. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Files the caller will write reports to: refused before anything is read when one of them is an input. */
  outputs?: readonly string[];
  /** Forces one importer instead of detecting each file's format. */
  inputFormat?: string;
  /** Intune app ids of the labeling client, for its per-app install status report (`--labeling-client-app-id`). */
  labelingClientAppIds?: readonly string[];
  /** Evaluate what could be read and report unreadable rows as notices instead of stopping. */
  keepGoing?: boolean;
  /** `compiled` (default) or `reference`: json-rules-engine itself decides every outcome (slow; same results). */
  engine?: EngineName;
  /** Called as streamed input (JSON Lines, large CSV exports) is read: bytes read so far and in total. */
  onProgress?(done: number, total: number): void;
  /** 1 keeps everything on this thread; by default inputs of PARALLEL_MIN_BYTES and more use a helper thread. */
  threads?: 1 | 2;
  /** Tuning and tests: the input size from which a helper thread is used. */
  parallelMinBytes?: number;
  /** Tuning and tests: the size from which CSV and Graph JSON exports are streamed (CSV_STREAM_MIN_BYTES). */
  streamMinBytes?: number;
  /**
   * List passing and not-applicable outcomes as findings too (the default here). `false` lists only
   * `ACTION_OUTCOMES` (fail, error, unknown), as the CLI does unless `--include-passing`: the summary still
   * counts every outcome, and `report.unlisted` counts the others by rule.
   */
  includePassing?: boolean;
  /**
   * `false` leaves `evidence` out of findings (`--no-evidence`): at fleet scale deciding and writing it costs about
   * as much as the evaluation itself. Default true.
   */
  evidence?: boolean;
  /** Waiver files (docs/waivers.schema.json), read in order. */
  waivers?: readonly string[];
  /** The config file the options came from (the CLI's aipcheck.config.yaml): no report may overwrite it either. */
  configFile?: string;
  /** A JSON report of an earlier run: every open finding gets a `baselineState`, fixed ones are listed. */
  baseline?: string;
  /** The day waivers are judged on (YYYY-MM-DD); default: today, UTC. Tests and reproducible reports set it. */
  today?: string;
  /** Active waivers expiring within this many days are reported as expiring (default 14). */
  waiverWarnDays?: number;
  /** Refuse waivers lasting longer than this many days (from `created`, else from `today`). */
  maxWaiverDays?: number;
  /**
   * The organization's stable id, the id of its organization target (`--organization-id`); by default its
   * Entra tenant id, else `organization` (see `organizationIdOf`).
   */
  organizationId?: string;
}

/** Days before its `expires` day from which a waiver is reported as expiring. */
export const WAIVER_WARN_DAYS = 14;

/** Today as YYYY-MM-DD, UTC. */
function currentDay(): string {
  return new Date().toISOString().slice(0, 10);
}

interface LifecycleInputs {
  waivers?: WaiverSet;
  baseline?: Baseline;
  today: string;
}

/** Reads the waiver files and the baseline before anything is evaluated, so a bad one stops the run early. */
async function readLifecycleInputs(options: EvaluateOptions, cwd: string): Promise<LifecycleInputs> {
  const today = options.today ?? currentDay();
  const diagnostics: Diagnostic[] = [];
  let waivers: WaiverSet | undefined;
  let baseline: Baseline | undefined;
  if (options.waivers && options.waivers.length > 0) {
    const read = await readWaiverFiles(options.waivers, {
      cwd,
      packageRoot,
      today,
      ...(options.maxWaiverDays === undefined ? {} : { maxDays: options.maxWaiverDays }),
    });
    diagnostics.push(...read.diagnostics);
    waivers = new WaiverSet(read.waivers, today);
  }
  if (options.baseline !== undefined) {
    const read = await readBaselineFile(options.baseline, cwd);
    diagnostics.push(...read.diagnostics);
    baseline = read.baseline;
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return { today, ...(waivers ? { waivers } : {}), ...(baseline ? { baseline } : {}) };
}

/** A report whose findings are rendered as reporters read them: how the CLI writes a fleet's reports. */
export interface LazyReport extends ReportView {
  findings: StoredFindings | LifecycleFindings;
  /**
   * Writes one format to `file` on the helper thread, while this thread writes another: present for large
   * inputs only. The output is the same as the format's reporter gives here. With `share`, JSON only: the
   * pieces the helper takes of a report this thread writes too, into the file it created (`writeJsonTogether`).
   */
  writeInParallel?(format: string, options: ReporterOptions, file: string, share?: JsonShare): Promise<void>;
  /** Ends the helper thread, if any. Call it when the reports are written. */
  release(): void;
}

/**
 * Reads the inputs, merges them into one snapshot and evaluates every rule. JSON Lines inputs are streamed:
 * each asset is evaluated as it is read, and the findings are kept compact and rendered as they are read.
 * @throws InputError when an input or rule pack is unusable (exit code 2).
 */
export async function evaluateLazily(options: EvaluateOptions): Promise<LazyReport> {
  const saved = await saveStdin(options);
  try {
    const report = await evaluateInputs({ ...options, inputs: saved.inputs });
    const release = report.release;
    report.release = () => {
      release();
      saved.remove();
    };
    return report;
  } catch (error) {
    saved.remove();
    throw error;
  }
}

/** Bytes of standard input saved at most: `-` fed by a command that never ends must not fill the disk. */
export const MAX_STDIN_BYTES = 4 * 1024 * 1024 * 1024;

/**
 * Saves standard input, when `-` is among the inputs, to a private temporary file, so that it is read as any
 * file is (format detected from its content, JSON Lines and large CSV streamed): the inputs with `-` replaced
 * by it, and what removes it.
 * @throws InputError when `-` is given without a standard input, more than once, or too large.
 */
async function saveStdin(options: EvaluateOptions): Promise<{ inputs: readonly string[]; remove(): void }> {
  const uses = options.inputs.filter((input) => input === '-').length;
  if (uses === 0) return { inputs: options.inputs, remove: () => {} };
  const problem = (message: string) => new InputError([diagnostic(ErrorCode.USAGE, STDIN_NAME, undefined, message)]);
  if (uses > 1) throw problem('"-" (standard input) is given more than once');
  if (!options.stdin) throw problem('"-" needs a standard input to read');
  const dir = await mkdtemp(path.join(tmpdir(), STDIN_DIR_PREFIX));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, STDIN_FILE);
  try {
    let size = 0;
    const bounded = async function* (source: AsyncIterable<Uint8Array | string>) {
      for await (const chunk of source) {
        size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        if (size > MAX_STDIN_BYTES) throw problem(`standard input is more than ${MAX_STDIN_BYTES} bytes`);
        yield chunk;
      }
    };
    await pipeline(options.stdin, bounded, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    remove();
    if (error instanceof InputError) throw error;
    throw problem(`cannot read standard input: ${(error as Error).message}`);
  }
  return { inputs: options.inputs.map((input) => (input === '-' ? file : input)), remove };
}

async function evaluateInputs(options: EvaluateOptions): Promise<LazyReport> {
  const cwd = options.cwd ?? process.cwd();
  const lifecycle = await readLifecycleInputs(options, cwd);
  // A large input gets a helper thread, started first: it compiles the rules while this thread does too.
  const expanded = options.inputs.length > 0 ? await expandInputs(options.inputs, cwd) : undefined;
  const clashes = await findOutputClashes(
    options.outputs ?? [],
    [
      ...(expanded?.files ?? []).map((file) => ({ file, what: 'the input' })),
      ...(options.waivers ?? []).map((file) => ({ file, what: 'the waiver file' })),
      ...(options.configFile === undefined ? [] : [{ file: options.configFile, what: 'the config file' }]),
      ...(options.outputs?.length ? await packFiles(options) : []).map((file) => ({ file, what: 'the rule file' })),
    ],
    cwd,
  );
  if (clashes.length > 0) throw new InputError(clashes);
  const helper = (await wantsHelper(expanded?.files ?? [], options))
    ? new Helper({ rules: options.rules, noBuiltinRules: options.noBuiltinRules, select: options.select, cwd })
    : undefined;
  try {
    return await evaluateWith(options, cwd, expanded, helper, lifecycle);
  } catch (error) {
    helper?.close();
    throw error;
  }
}

/**
 * Report paths that are one of the files the run reads (inputs, waiver files, rule packs), by name, hard link or
 * symlink (the same device and inode): writing one would replace it with a report. The baseline is not among them:
 * it is read before any report is written, so replacing it with the new report is how a baseline is moved on.
 */
async function findOutputClashes(
  outputs: readonly string[],
  read: readonly { file: string; what: string }[],
  cwd: string,
): Promise<Diagnostic[]> {
  if (outputs.length === 0) return [];
  const identity = (file: string) =>
    stat(path.resolve(cwd, file), { bigint: true }).then(
      (info) => `${info.dev}:${info.ino}`,
      () => undefined,
    );
  const inputs = new Map<string, { file: string; what: string }>();
  for (const entry of read) {
    const id = await identity(entry.file);
    if (id !== undefined && !inputs.has(id)) inputs.set(id, entry);
  }
  const clashes: Diagnostic[] = [];
  for (const output of outputs) {
    const input = inputs.get((await identity(output)) ?? '');
    if (input === undefined) continue;
    const message = `the report ${output} would overwrite ${input.what} ${displayPath(input.file, cwd)} (the same file); write the report elsewhere`;
    clashes.push(diagnostic(ErrorCode.USAGE, output, undefined, message));
  }
  return clashes;
}

/** The report's `unknownFacts`: the unknowns listed by missing fact, with the exports that supply each. */
function unknownFactsOf(findings: StoredFindings, importers: readonly Importer[]): { unknownFacts?: UnknownFact[] } {
  const byFact = findings.unknownsByFact();
  if (byFact.size === 0) return {};
  const unknownFacts = [...byFact]
    .map(([fact, { outcomes, rules }]) => ({
      fact,
      outcomes,
      rules: [...rules].sort(compareText),
      sources: fact === '' ? [] : suppliersOf(fact, importers),
    }))
    .sort((a, b) => b.outcomes - a.outcomes || compareText(a.fact, b.fact));
  return { unknownFacts };
}

/**
 * Inputs at least this large together are evaluated and written by two threads: a large file is split between
 * them, several large exports (the pages of a Graph export) are shared out whole.
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

async function wantsHelper(files: readonly string[], options: EvaluateOptions): Promise<boolean> {
  if (options.threads === 1 || options.engine === 'reference') return false;
  const min = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  const sizes = await Promise.all(
    files.map((f) =>
      stat(f)
        .then((s) => s.size)
        .catch(() => 0),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0) >= min;
}

async function evaluateWith(
  options: EvaluateOptions,
  cwd: string,
  expanded: { files: string[]; diagnostics: Diagnostic[] } | undefined,
  helper: Helper | undefined,
  lifecycle: LifecycleInputs = { today: currentDay() },
): Promise<LazyReport> {
  const rules = await loadRules(options);
  if (rules.ruleSet.rules.length === 0) {
    const why = options.noBuiltinRules
      ? '--no-builtin-rules leaves only the packs given with --rules, and they have none'
      : 'the rule packs have none';
    throw new InputError([
      diagnostic(
        ErrorCode.USAGE,
        '<command line>',
        undefined,
        `no rules to run: ${why}; a gate would pass by accident`,
      ),
    ]);
  }
  const importers = createImporters(getSchemas().inventory, undefined, {
    labelingClientAppIds: options.labelingClientAppIds,
  });
  if (options.inputFormat && !importers.some((i) => i.name === options.inputFormat)) {
    const names = importers.map((i) => i.name).join(', ');
    throw new InputError([
      diagnostic(
        ErrorCode.USAGE,
        '<command line>',
        undefined,
        `unknown --input-format "${options.inputFormat}"; use one of: ${names}`,
      ),
    ]);
  }
  if (!expanded) {
    throw new InputError([diagnostic(ErrorCode.USAGE, '<command line>', undefined, 'no inventory files given')]);
  }
  const { files, diagnostics } = expanded;
  if (diagnostics.length > 0) {
    // Report every problem at once: what the files that do exist have wrong too.
    const read = await readInventories(files, cwd, { importers, inputFormat: options.inputFormat });
    throw new InputError([...diagnostics, ...read.diagnostics, ...(options.keepGoing ? [] : read.rowErrors)]);
  }
  // Findings of asset rules that point at organization facts need every file's locator: one thread then.
  const locatesShared = rules.ruleSet.rules.some(
    (r) => r.kind !== 'organization' && r.loaded.definition.locate?.length,
  );
  const listed = options.includePassing === false ? ACTION_OUTCOMES : undefined;
  const fleet = await evaluateFleet(rules.ruleSet, files, {
    cwd,
    importers,
    // Evidence for the findings listed only: a fleet's passes would cost their evidence and never show it.
    evidence: options.evidence === false ? 0 : outcomeMask(listed ?? OUTCOMES),
    inventoryCheck: getSchemas().inventory,
    inputFormat: options.inputFormat,
    keepGoing: options.keepGoing,
    evaluator: options.engine === 'reference' ? createReferenceEvaluator(rules.ruleSet, operators) : undefined,
    onProgress: options.onProgress,
    helper: locatesShared ? undefined : helper,
    parallelMinBytes: options.parallelMinBytes ?? PARALLEL_MIN_BYTES,
    csvStreamMinBytes: options.streamMinBytes,
    organizationId: options.organizationId,
  });
  if (!('evaluation' in fleet)) throw new InputError(fleet.diagnostics);

  // Rows skipped with --keep-going are error outcomes of a built-in input rule, so a gate cannot pass over them.
  const ruleList = rules.ruleSet.rules.map((r) => r.loaded);
  const packs = rules.packs.map((p) => ({ name: p.manifest.name, version: p.manifest.version }));
  const plain: PlainGroup[] = [];
  if (fleet.rowErrors.length > 0) {
    const rowRule = unreadableRowRule(tool.version);
    ruleList.push(rowRule);
    packs.push({ name: rowRule.pack.name, version: rowRule.pack.version });
    const findings = unreadableRowFindings(fleet.rowErrors, rowRule).sort(compareFindings);
    plain.push({ ruleId: rowRule.definition.id, findings });
  }
  const findings = fleet.evaluation.seal(plain, listed && outcomeMask(listed));
  let notices: Notice[] | undefined;
  const report: LazyReport = {
    tool,
    packs,
    rules: ruleList,
    inputs: files.map((f) => displayPath(f, cwd)),
    summary: findings.summary,
    findings,
    ...(listed ? { listed: [...listed], unlisted: findings.unlisted } : {}),
    // Made when read: the helper is sent them packed from the table (`NOTICE_PARTS`).
    get notices() {
      notices ??= [...fleet.notices, ...noticesOf(fleet.targetNotices)];
      return notices;
    },
    ...unknownFactsOf(findings, importers),
    snapshotId: fleet.merged.metadata.id,
    organizationId: organizationIdOf(fleet.merged.organization, options.organizationId),
    ...(rules.excluded.length > 0 ? { excludedRules: rules.excluded } : {}),
    release: () => helper?.close(),
  };
  Object.defineProperty(report, NOTICE_PARTS, { value: { head: fleet.notices, table: fleet.targetNotices } });
  if (lifecycle.waivers || lifecycle.baseline) {
    const applied = LifecycleFindings.apply(report, {
      ...lifecycle,
      warnDays: options.waiverWarnDays ?? WAIVER_WARN_DAYS,
    });
    report.findings = applied.findings;
    report.summary = applied.findings.summary;
    report.lifecycle = applied.lifecycle;
    // Waived findings are fails a waiver accepts: listed wherever fails are.
    if (lifecycle.waivers && report.listed?.includes('fail')) report.listed = [...report.listed, 'waived'];
  }
  if (helper) {
    let portable: PortableReport | undefined;
    report.writeInParallel = (format, reporterOptions, file, share) => {
      portable ??= toPortableReport(report);
      return helper.writeReport(portable, format, reporterOptions, file, share);
    };
  }
  return report;
}

/**
 * Reads the inputs, merges them into one snapshot and evaluates every rule; every finding rendered.
 * @throws InputError when an input or rule pack is unusable (exit code 2).
 */
export async function evaluate(options: EvaluateOptions): Promise<Report> {
  const report = await evaluateLazily(options);
  report.release();
  const { writeInParallel: _parallel, release: _release, ...rest } = report;
  return { ...rest, findings: report.findings.toArray() };
}

/** An empty rule set: reading inputs without evaluating anything. */
function noRules(): CompiledRuleSet {
  return compileRules([], { operators }).ruleSet;
}

/** Validates inventories and rule packs without evaluating: returns every problem found. */
export async function validateFiles(options: {
  inputs: readonly string[];
  rules?: readonly string[];
  /** Intune app ids of the labeling client, as for `evaluate`. */
  labelingClientAppIds?: readonly string[];
  cwd?: string;
}): Promise<Diagnostic[]> {
  const cwd = options.cwd ?? process.cwd();
  const problems: Diagnostic[] = [];
  try {
    await loadRules({ rules: options.rules, cwd });
  } catch (error) {
    if (error instanceof InputError) appendAll(problems, error.diagnostics);
    else throw error;
  }
  if (options.inputs.length > 0) {
    const { files, diagnostics } = await expandInputs(options.inputs, cwd);
    appendAll(problems, diagnostics);
    // Read as `evaluate` reads them, JSON Lines and large CSV exports streamed (so no size limit applies to
    // them), against no rules. One file at a time: a problem in one stops `evaluate` before it streams the
    // others, and validating should name every problem (no problem depends on another file).
    const inventoryCheck = getSchemas().inventory;
    const importers = createImporters(inventoryCheck, undefined, {
      labelingClientAppIds: options.labelingClientAppIds,
    });
    const ruleSet = noRules();
    for (const file of files) {
      const fleet = await evaluateFleet(ruleSet, [file], { cwd, importers, inventoryCheck });
      if (fleet.diagnostics.length === 0) continue;
      // A problem in a stream's header stops it before its rows are read: a file that can be read whole is, so
      // that its rows' problems are named too.
      const size = (await stat(file).catch(() => undefined))?.size;
      const whole =
        size !== undefined && size <= MAX_INPUT_BYTES ? await readInventories([file], cwd, { importers }) : undefined;
      if (whole) appendAll(appendAll(problems, whole.diagnostics), whole.rowErrors);
      else appendAll(problems, fleet.diagnostics);
    }
  }
  return problems;
}
