// aipcheck.config.yaml: options of `evaluate` kept in a file (docs/config.schema.json); flags override them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileSchema, diagnostic, ErrorCode, InputError, packageRoot, parseText } from '../index.js';

/** The file `evaluate` reads from the working directory when no `--config` is given. */
export const CONFIG_FILE = 'aipcheck.config.yaml';

/** Option values as `parseArgs` gives them for the flags of `evaluate`. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Config keys holding paths, resolved against the config file's directory. */
const PATH_KEYS = new Set(['inputs', 'rules', 'waivers', 'baseline', 'sarif-srcroot']);

/**
 * Reads a config file into the values the same flags would give (`formats` → `format`, `sarif.max-results` →
 * `sarif-max-results`, numbers as text), paths made relative to `cwd`. Keys of flags this build does not have
 * are left out. `inputs` comes back apart: positionals, used when none are given.
 * @throws InputError located at the offending key when the file cannot be read, parsed or validated.
 */
export function readConfig(
  file: string,
  cwd: string,
  known: ReadonlySet<string>,
): { values: FlagValues; inputs?: string[] } {
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? ErrorCode.FILE_NOT_FOUND : ErrorCode.FILE_UNREADABLE;
    throw new InputError([
      diagnostic(code, shown, undefined, `cannot read the config file: ${(error as Error).message}`),
    ]);
  }
  const parsed = parseText(text, shown);
  if (!parsed.ok) throw new InputError(parsed.diagnostics);
  const value = parsed.value ?? {};
  const check = compileSchema(JSON.parse(readFileSync(path.join(packageRoot, 'docs/config.schema.json'), 'utf8')));
  const problems = check(value, shown, parsed.locate);
  if (problems.length > 0) throw new InputError(problems);
  const dir = path.dirname(file);
  const rebase = (p: string) => {
    const relative = path.relative(cwd, path.resolve(dir, p));
    return relative === '' ? '.' : relative;
  };
  const values: FlagValues = {};
  let inputs: string[] | undefined;
  const flat: [string, unknown][] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$schema') continue;
    if (key === 'sarif') {
      for (const [sub, w] of Object.entries(v as Record<string, unknown>)) flat.push([`sarif-${sub}`, w]);
    } else flat.push([key === 'formats' ? 'format' : key, v]);
  }
  for (const [key, v] of flat) {
    const given = PATH_KEYS.has(key) ? (Array.isArray(v) ? v.map((p) => rebase(String(p))) : rebase(String(v))) : v;
    if (key === 'inputs') {
      inputs = given as string[];
      continue;
    }
    if (!known.has(key)) continue;
    values[key] = typeof given === 'number' ? String(given) : (given as FlagValues[string]);
  }
  return { values, ...(inputs ? { inputs } : {}) };
}

/** The config file to use: `--config FILE`, else aipcheck.config.yaml in `cwd` when there is one. */
export function findConfig(given: string | undefined, cwd: string): string | undefined {
  if (given !== undefined) return path.resolve(cwd, given);
  const local = path.join(cwd, CONFIG_FILE);
  return existsSync(local) ? local : undefined;
}

/** The commented starter file `aipcheck init` writes. */
export const STARTER_CONFIG = `# yaml-language-server: $schema=https://raw.githubusercontent.com/aipcheck/aipcheck/main/docs/config.schema.json
# aipcheck configuration: every key is the \`aipcheck evaluate\` flag of the same name, and a flag given on the
# command line wins. Paths are relative to this file. Schema: docs/config.schema.json of the aipcheck package.

# Inventory files, directories or globs, used when the command line names none.
inputs:
  - inventory/

# Reports: NAME (stdout) or NAME=PATH. Formats: text, json, sarif, junit, markdown.
formats:
  - text
  - json=reports/aipcheck.json
  - sarif=reports/aipcheck.sarif
  - junit=reports/junit.xml

# The lowest rule level whose failure makes the exit code 1: error, warning, note or never.
fail-on: error

# Accepted risks that expire (see docs/waivers.schema.json); uncomment to use.
# waivers:
#   - aipcheck.waivers.yaml
# waiver-warn-days: 14
# max-waiver-days: 90

# Compare with an earlier run's JSON report; with fail-on-new only new or worse findings fail the gate.
# baseline: reports/previous.json
# fail-on-new: true

# Your own rule packs beside the bundled ones.
# rules:
#   - policies/*/pack.yaml

# Only some rules: ids or globs, tags; reports name the rules left out.
# rule: ["aip.os.*"]
# exclude-rule: [aip.coexistence.migration-path]
# tag: [network]

# The organization's stable id (default: its Entra tenant id); alerts and baselines match on it.
# organization-id: contoso

# SARIF for code scanning: at most max-results results (0: no limit), the run's category, the checkout root.
# sarif:
#   max-results: 5000
#   category: aipcheck/contoso
#   srcroot: .
`;

/**
 * Writes the starter config to `dir`.
 * @throws InputError when the file exists already (it is never overwritten).
 */
export function writeStarterConfig(dir: string): string {
  const file = path.join(dir, CONFIG_FILE);
  if (existsSync(file)) {
    throw new InputError([
      diagnostic(ErrorCode.USAGE, CONFIG_FILE, undefined, 'exists already; aipcheck init never overwrites it'),
    ]);
  }
  writeFileSync(file, STARTER_CONFIG, { flag: 'wx' });
  return file;
}
