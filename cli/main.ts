// The aipcheck command line: parses argv, calls the library, writes what reporters return, returns an exit code.
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  ENGINE_NAMES,
  type EngineName,
  ErrorCode,
  type EvaluateOptions,
  evaluateLazily,
  evidenceFormats,
  explain,
  type FailOn,
  formatDiagnostic,
  formatNames,
  getReporter,
  hasNewViolations,
  hasViolations,
  InputError,
  type LazyReport,
  listFacts,
  loadRules,
  nearestName,
  type ReporterOptions,
  reportFileOutputs,
  tool,
  validateFiles,
} from '../index.js';
import { resolveReportTarget, WriteError, writeOutputsAtomically } from '../run/write.js';
import { findConfig, readConfig, writeStarterConfig } from './config.js';
import { HELP } from './help.js';
import { formatExplanation, formatFactList } from './inspect.js';
import { createProgress, type Progress } from './progress.js';
import { formatRuleList } from './rules-list.js';

/** Exit codes: the contract with CI gates. */
export const EXIT = { OK: 0, VIOLATIONS: 1, UNUSABLE: 2 } as const;

/** What the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** What the input `-` reads. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

class UsageError extends Error {}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'never'];

/**
 * Parses a command's arguments (options plus positionals), turning parse errors into usage errors in our own
 * words: an unknown option names the nearest known one.
 */
function parseOptions<const T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
    const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      // A one-letter option is too short to guess from.
      const near = option.startsWith('--') ? nearestName(option.split('=')[0] ?? option, known) : undefined;
      const hint = near ? `did you mean ${near}?` : `known options: ${known.join(', ')}`;
      throw new UsageError(`unknown option ${option}; ${hint} (an input named like an option goes after "--")`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const takesValue = /argument missing/.test(message);
      throw new UsageError(takesValue ? `${option} needs a value` : `${option} takes no value`);
    }
    throw new UsageError(message);
  }
}

interface OutputSpec {
  format: string;
  path?: string;
}

/** Parses `--format NAME[=PATH]` values; the default is text on stdout. */
export function parseFormats(values: readonly string[] | undefined): OutputSpec[] {
  const specs = (values && values.length > 0 ? values : ['text']).map((value) => {
    const eq = value.indexOf('=');
    const format = eq === -1 ? value : value.slice(0, eq);
    const file = eq === -1 ? undefined : value.slice(eq + 1);
    if (!getReporter(format)) throw new UsageError(`unknown format "${format}"; use one of: ${formatNames.join(', ')}`);
    if (file === '') throw new UsageError(`--format ${format}= needs a file name after "="`);
    return file === undefined ? { format } : { format, path: file };
  });
  return specs;
}

/** A whole number of 0 or more given to `flag`, or undefined when it is not given. */
function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a whole number, 0 or more (0: no limit); got "${value}"`);
  }
  return Number(value);
}

/** A text option that, when given, is not empty. */
function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

function useColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0';
  return io.stdout.isTTY === true;
}

/** A day given as YYYY-MM-DD that is a real date, or undefined when not given. */
function parseDay(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD; got "${value}"`);
  }
  return value;
}

/**
 * The flags of `evaluate`, as `parseArgs` reads them; the config file's keys are the same names. None has a
 * `default:` here: a default would hide the config file's value, so defaults apply after the file is merged.
 */
const EVALUATE_FLAGS = {
  rules: { type: 'string', multiple: true },
  'no-builtin-rules': { type: 'boolean' },
  format: { type: 'string', multiple: true, short: 'f' },
  'fail-on': { type: 'string' },
  'fail-on-new': { type: 'boolean' },
  waivers: { type: 'string', multiple: true },
  'waiver-warn-days': { type: 'string' },
  'max-waiver-days': { type: 'string' },
  baseline: { type: 'string' },
  today: { type: 'string' },
  'input-format': { type: 'string' },
  'labeling-client-app-id': { type: 'string', multiple: true },
  'keep-going': { type: 'boolean' },
  engine: { type: 'string' },
  'include-passing': { type: 'boolean' },
  'no-evidence': { type: 'boolean' },
  // The name of --include-passing before it applied to every report (it covered SARIF only).
  'sarif-passing': { type: 'boolean' },
  'junit-max-listed': { type: 'string' },
  'html-max-listed': { type: 'string' },
  'sarif-max-results': { type: 'string' },
  'sarif-category': { type: 'string' },
  'sarif-srcroot': { type: 'string' },
  'organization-id': { type: 'string' },
  rule: { type: 'string', multiple: true },
  'exclude-rule': { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  timestamp: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The flags a config file may set (not `config` itself, nor what only makes sense per invocation). */
const CONFIGURABLE = new Set(
  Object.keys(EVALUATE_FLAGS).filter((k) => !['config', 'help', 'today', 'color', 'no-color', 'timestamp'].includes(k)),
);

type EvaluateValues = ReturnType<typeof parseOptions<typeof EVALUATE_FLAGS>>['values'];

/**
 * Everything one `evaluate` run is told, in one object: what the library evaluates, how reports are written,
 * where they go and what fails the gate. Every flag (and config key) maps to one field here.
 */
export interface EvaluateRun {
  evaluate: EvaluateOptions;
  report: ReporterOptions;
  outputs: OutputSpec[];
  failOn: FailOn;
  /** Gate only on findings new (or worse) since the baseline: `--fail-on-new`. */
  failOnNew: boolean;
}

/**
 * The flags given over the config file's keys (`--config FILE`, else aipcheck.config.yaml in the working
 * directory when there is one): a flag given replaces its key (lists too), a flag absent leaves it. The
 * config's `inputs` are used when the command line names none.
 */
function withConfig(
  parsed: { values: EvaluateValues; positionals: string[] },
  io: CliIo,
): { values: EvaluateValues; positionals: string[]; configFile?: string } {
  const configFile = findConfig(parsed.values.config, io.cwd);
  if (!configFile) return parsed;
  const config = readConfig(configFile, io.cwd, CONFIGURABLE);
  const given = Object.fromEntries(Object.entries(parsed.values).filter(([, v]) => v !== undefined));
  // The schema checked each key's type: its values are what the same flags would give.
  const values = { ...config.values, ...given } as EvaluateValues;
  const positionals = parsed.positionals.length === 0 && config.inputs ? config.inputs : parsed.positionals;
  return { values, positionals, configFile };
}

/**
 * The run `evaluate ARGS` describes, config file included, checked: what `aipcheck evaluate` runs. A config
 * key and the flag of the same name give the same run.
 * @throws UsageError for a bad value; InputError for a config file that cannot be read or is invalid.
 */
export async function evaluateRunFromArgs(args: string[], io: CliIo): Promise<EvaluateRun> {
  const { values, positionals, configFile } = withConfig(parseOptions(args, EVALUATE_FLAGS), io);
  return evaluateRunOf(values, positionals, io, configFile);
}

/** The run the flags of `evaluate` describe, checked. @throws UsageError for a bad value. */
async function evaluateRunOf(
  values: EvaluateValues,
  positionals: string[],
  io: CliIo,
  configFile?: string,
): Promise<EvaluateRun> {
  // Defaults apply here, after the config file's values, never over them.
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of: ${FAIL_ON.join(', ')}`);
  const engine = (values.engine ?? 'compiled') as EngineName;
  if (!ENGINE_NAMES.includes(engine)) throw new UsageError(`--engine must be one of: ${ENGINE_NAMES.join(', ')}`);
  const outputs = parseFormats(values.format);
  const junitMaxListed = parseCount(values['junit-max-listed'], '--junit-max-listed');
  const htmlMaxListed = parseCount(values['html-max-listed'], '--html-max-listed');
  const sarifMaxResults = parseCount(values['sarif-max-results'], '--sarif-max-results');
  const sarifCategory = nonEmpty(values['sarif-category'], '--sarif-category');
  const sarifSrcRoot = nonEmpty(values['sarif-srcroot'], '--sarif-srcroot');
  const organizationId = nonEmpty(values['organization-id'], '--organization-id');
  const waiverWarnDays = parseCount(values['waiver-warn-days'], '--waiver-warn-days');
  const maxWaiverDays = parseCount(values['max-waiver-days'], '--max-waiver-days');
  // AIPCHECK_TODAY does what --today does, for test setups that cannot change the command line.
  const today = parseDay(values.today ?? io.env.AIPCHECK_TODAY, '--today');
  const failOnNew = values['fail-on-new'] === true;
  if (failOnNew && values.baseline === undefined) throw new UsageError('--fail-on-new needs --baseline PREVIOUS.json');
  // Reports list what needs acting on (fail, error, unknown) and count the rest, unless told to list all.
  const includePassing = values['include-passing'] === true || values['sarif-passing'] === true;
  const toStdout = outputs.filter((o) => o.path === undefined);
  if (toStdout.length > 1) {
    const names = toStdout.map((o) => o.format).join(' and ');
    throw new UsageError(`${names} cannot both go to standard output; give all but one a file: --format NAME=PATH`);
  }
  const targets = new Map<string, OutputSpec>();
  for (const output of outputs.filter((o) => o.path !== undefined)) {
    const given = path.resolve(io.cwd, output.path as string);
    // Two names of one file (a symlink to the other) are one target too; what cannot be resolved fails later.
    const target = (await resolveReportTarget(given).catch(() => undefined))?.file ?? given;
    const first = targets.get(target);
    if (first) throw new UsageError(`--format ${first.format} and --format ${output.format} both write ${first.path}`);
    targets.set(target, output);
  }
  const evaluate: EvaluateOptions = {
    inputs: positionals,
    ...(positionals.includes('-') && io.stdin ? { stdin: io.stdin } : {}),
    outputs: outputs.flatMap((o) => (o.path === undefined ? [] : [o.path])),
    ...(configFile === undefined ? {} : { configFile }),
    rules: values.rules,
    noBuiltinRules: values['no-builtin-rules'] === true,
    inputFormat: values['input-format'],
    labelingClientAppIds: values['labeling-client-app-id'],
    keepGoing: values['keep-going'] === true,
    includePassing,
    // Evidence is decided only for reports that show it: a gate writing JUnit or text alone is spared its cost.
    ...(values['no-evidence'] === true || !outputs.some((o) => evidenceFormats.has(o.format))
      ? { evidence: false }
      : {}),
    engine,
    select: { rules: values.rule ?? [], excludeRules: values['exclude-rule'] ?? [], tags: values.tag ?? [] },
    ...(organizationId === undefined ? {} : { organizationId }),
    cwd: io.cwd,
    ...(values.waivers ? { waivers: values.waivers } : {}),
    ...(values.baseline === undefined ? {} : { baseline: values.baseline }),
    ...(today === undefined ? {} : { today }),
    ...(waiverWarnDays === undefined ? {} : { waiverWarnDays }),
    ...(maxWaiverDays === undefined ? {} : { maxWaiverDays }),
    // AIPCHECK_THREADS=1 keeps large inputs on one thread (the default uses a second one for them).
    ...(io.env.AIPCHECK_THREADS === '1' ? { threads: 1 as const } : {}),
  };
  const report: ReporterOptions = {
    includePassing,
    ...(junitMaxListed === undefined ? {} : { junitMaxListed }),
    ...(htmlMaxListed === undefined ? {} : { htmlMaxListed }),
    failOn,
    ...(failOnNew ? { failOnNew } : {}),
    ...(sarifMaxResults === undefined ? {} : { sarifMaxResults }),
    ...(sarifCategory === undefined ? {} : { sarifCategory }),
    ...(sarifSrcRoot === undefined ? {} : { sarifSrcRoot: path.resolve(io.cwd, sarifSrcRoot) }),
    workingDirectory: io.cwd,
    color: useColor(io, values['no-color'] ? false : values.color),
    ...(values.timestamp ? { timestamp: new Date().toISOString() } : {}),
  };
  return { evaluate, report, outputs, failOn, failOnNew };
}

async function runEvaluate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, EVALUATE_FLAGS);
  if (parsed.values.help) {
    io.stdout.write(HELP.evaluate);
    return EXIT.OK;
  }
  const { values, positionals, configFile } = withConfig(parsed, io);
  const run = await evaluateRunOf(values, positionals, io, configFile);
  const options = run.evaluate;
  const progress = createProgress(io.stderr, io.env);
  if (progress) options.onProgress = (done, total) => progress.reading(done, total);
  let report: LazyReport;
  try {
    report = await evaluateLazily(options);
  } catch (error) {
    progress?.stop();
    throw error;
  }
  progress?.writing();
  try {
    await emit(report, run.outputs, run.report, io, progress);
  } finally {
    progress?.stop();
    report.release();
  }
  const gate = run.failOnNew ? hasNewViolations : hasViolations;
  return gate(report.findings, run.failOn) ? EXIT.VIOLATIONS : EXIT.OK;
}

async function emit(
  report: LazyReport,
  outputs: readonly OutputSpec[],
  options: ReporterOptions,
  io: CliIo,
  progress?: Progress,
) {
  const render = (format: string, color: boolean) => (getReporter(format) ?? (() => []))(report, { ...options, color });
  const files = outputs.filter((o) => o.path !== undefined);
  const targets = files.map((o) => ({ format: o.format, path: resolveIn(io.cwd, o.path as string) }));
  await writeOutputsAtomically(reportFileOutputs(report, targets, { ...options, color: false })).catch((error) => {
    if (!(error instanceof WriteError)) throw error;
    const output = files.find((o) => resolveIn(io.cwd, o.path as string) === error.path);
    const why = WRITE_REASONS[error.reason.code ?? ''] ?? error.reason.message;
    const message = `cannot write the ${output?.format ?? ''} report: ${why} (${error.reason.code})`;
    throw new InputError([{ code: ErrorCode.WRITE, file: output?.path ?? error.path, line: 1, column: 1, message }]);
  });
  progress?.stop();
  for (const o of outputs.filter((spec) => spec.path === undefined)) {
    for (const chunk of render(o.format, options.color === true)) io.stdout.write(chunk);
  }
}

/** What the common errors of writing a report mean, said plainly. */
const WRITE_REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a directory',
  ENOTDIR: 'a directory on its path is a file',
  ENOENT: 'its directory cannot be created there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'something that is not a directory is in its path',
  ELOOP: 'its symbolic links form a loop',
};

function resolveIn(cwd: string, file: string): string {
  return file.startsWith('/') ? file : `${cwd}/${file}`;
}

async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    rules: { type: 'string', multiple: true },
    'labeling-client-app-id': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP.validate);
    return EXIT.OK;
  }
  const packs = positionals.filter(
    (p) => /(^|[\\/])pack\.ya?ml$/.test(p) || /(^|[\\/])rules[\\/][^\\/]+[\\/]?$/.test(p),
  );
  const inputs = positionals.filter((p) => !packs.includes(p));
  const problems = await validateFiles({
    inputs,
    rules: [...((values.rules as string[]) ?? []), ...packs],
    labelingClientAppIds: values['labeling-client-app-id'] as string[] | undefined,
    cwd: io.cwd,
  });
  if (problems.length > 0) throw new InputError(problems);
  io.stdout.write(
    `ok: ${positionals.length === 0 ? 'bundled rule packs are' : `${positionals.length} file(s) and the rule packs are`} valid\n`,
  );
  return EXIT.OK;
}

async function runRules(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(args, {
    rules: { type: 'string', multiple: true },
    'no-builtin-rules': { type: 'boolean' },
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP.rules);
    return EXIT.OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  const { packs } = await loadRules({
    rules: values.rules as string[] | undefined,
    noBuiltinRules: values['no-builtin-rules'] === true,
    cwd: io.cwd,
  });
  io.stdout.write(formatRuleList(packs, values.format));
  return EXIT.OK;
}

function runInit(args: string[], io: CliIo): number {
  const { values } = parseOptions(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(HELP.init);
    return EXIT.OK;
  }
  const file = writeStarterConfig(io.cwd);
  io.stdout.write(`wrote ${path.relative(io.cwd, file)}: edit it, then run aipcheck evaluate\n`);
  return EXIT.OK;
}

function textOrJson(format: string | undefined): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  return format;
}

/** The options of `facts` and `explain`: which rules, how to read the inputs, and text or JSON. */
const INSPECT_OPTIONS = {
  rules: { type: 'string', multiple: true },
  'no-builtin-rules': { type: 'boolean' },
  'input-format': { type: 'string' },
  'labeling-client-app-id': { type: 'string', multiple: true },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function runFacts(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, INSPECT_OPTIONS);
  if (values.help) {
    io.stdout.write(HELP.facts);
    return EXIT.OK;
  }
  const format = textOrJson(values.format);
  const facts = await listFacts({
    rules: values.rules as string[] | undefined,
    noBuiltinRules: values['no-builtin-rules'] === true,
    inputs: positionals,
    inputFormat: values['input-format'],
    labelingClientAppIds: values['labeling-client-app-id'] as string[] | undefined,
    cwd: io.cwd,
  });
  io.stdout.write(formatFactList(facts, format));
  return EXIT.OK;
}

async function runExplain(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, INSPECT_OPTIONS);
  if (values.help) {
    io.stdout.write(HELP.explain);
    return EXIT.OK;
  }
  const format = textOrJson(values.format);
  const [ruleId, target, ...inputs] = positionals;
  if (ruleId === undefined) throw new UsageError('explain needs a rule id; run aipcheck rules to list them');
  if (target !== undefined && inputs.length === 0) {
    throw new UsageError(`explain ${ruleId} ${target} needs the inventory files the target is in`);
  }
  const explanation = await explain(ruleId, {
    rules: values.rules as string[] | undefined,
    noBuiltinRules: values['no-builtin-rules'] === true,
    target,
    inputs,
    inputFormat: values['input-format'],
    labelingClientAppIds: values['labeling-client-app-id'] as string[] | undefined,
    cwd: io.cwd,
  });
  io.stdout.write(formatExplanation(explanation, format));
  return EXIT.OK;
}

/**
 * Runs the CLI. Never throws and never exits the process: returns 0 (no violation at or above
 * --fail-on), 1 (violations) or 2 (unusable input or usage error).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'evaluate':
        return await runEvaluate(rest, io);
      case 'validate':
        return await runValidate(rest, io);
      case 'rules':
        return await runRules(rest, io);
      case 'init':
        return runInit(rest, io);
      case 'facts':
        return await runFacts(rest, io);
      case 'explain':
        return await runExplain(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${tool.version}\n`);
        return EXIT.OK;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP.main);
        return EXIT.OK;
      default:
        throw new UsageError(`unknown command "${command}"; run aipcheck --help`);
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`${error.diagnostics.map(formatDiagnostic).join('\n')}\n`);
      io.stderr.write(`aipcheck: ${error.diagnostics.length} problem(s); no report was written\n`);
    } else if (error instanceof UsageError) {
      io.stderr.write(`aipcheck: usage: ${error.message}\n`);
    } else {
      io.stderr.write(`aipcheck: ${(error as Error).message ?? String(error)}\n`);
    }
    return EXIT.UNUSABLE;
  }
}
