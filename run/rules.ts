// Rule packs and our schemas, read from disk: the bundled packs and `--rules` packs, loaded, checked and compiled.
import { existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompiledRuleSet, compileRules } from '../engine/compile/compile.js';
import { type Diagnostic, diagnostic, ErrorCode, InputError } from '../engine/errors.js';
import { createPathChecker } from '../engine/load/facts.js';
import { checkPackClashes, loadPack, parsedKey, type TextFile } from '../engine/load/packs.js';
import { type ExcludedRule, type RuleSelection, selectRules } from '../engine/load/select-rules.js';
import { compileSchema, type PrecompiledSchema, type SchemaCheck } from '../engine/load/validate.js';
import { operators } from '../engine/operators/index.js';
import type { LoadedPack } from '../engine/types.js';
import { usePrecompiledItems } from '../inventories/importers/jsonl.js';
import { displayPath, fastGlob, isGlob, readInputText } from '../inventories/read.js';

/** The package root: the nearest folder above this module with our package.json. */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'aipcheck') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('aipcheck: cannot find the package root');
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();
const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));

/** This tool's name, version and home page. */
export const tool = {
  name: 'aipcheck',
  version: String(manifest.version),
  informationUri: String(manifest.homepage ?? 'https://www.npmjs.com/package/aipcheck'),
};

function readSchema(relative: string): object {
  return JSON.parse(readFileSync(path.join(packageRoot, relative), 'utf8'));
}

/** Our schemas by name: scripts/build-schemas.mjs generates dist/schemas/<name>.js from each. */
const SCHEMA_FILES = {
  pack: 'rules/pack.schema.json',
  rule: 'rules/rule.schema.json',
  inventory: 'inventories/inventory.schema.json',
} as const;

/** The item schemas of a device and of a server line (`assetItemSchema`), generated as devices.js and servers.js. */
const ITEM_SCHEMAS = ['devices', 'servers'] as const;

type SchemaName = keyof typeof SCHEMA_FILES | (typeof ITEM_SCHEMAS)[number];

/**
 * The validators generated beside this module at build time, loaded with it: none when run from source or
 * when a build left them out (compiling is then the only way). compileSchema uses one only while the schema
 * read at run time hashes as the one it was generated from.
 */
const precompiled: Partial<Record<SchemaName, PrecompiledSchema>> = Object.fromEntries(
  await Promise.all(
    [...Object.keys(SCHEMA_FILES), ...ITEM_SCHEMAS].map(async (name) => {
      const url = new URL(`../schemas/${name}.js`, import.meta.url);
      if (!existsSync(url)) return [name, undefined];
      try {
        return [name, (await import(url.href)) as PrecompiledSchema];
      } catch {
        return [name, undefined];
      }
    }),
  ),
);

function loadSchema(name: keyof typeof SCHEMA_FILES): { schema: object; check: SchemaCheck } {
  const schema = readSchema(SCHEMA_FILES[name]);
  return { schema, check: compileSchema(schema, precompiled[name]) };
}

let schemas: { pack: SchemaCheck; rule: SchemaCheck; inventory: SchemaCheck; inventorySchema: object } | undefined;

/** The compiled schemas, built on first use: generated at build time when they still match, compiled if not. */
export function getSchemas() {
  if (!schemas) {
    const pack = loadSchema('pack');
    const rule = loadSchema('rule');
    const inventory = loadSchema('inventory');
    usePrecompiledItems(inventory.schema, { devices: precompiled.devices, servers: precompiled.servers });
    schemas = { pack: pack.check, rule: rule.check, inventory: inventory.check, inventorySchema: inventory.schema };
  }
  return schemas;
}

/**
 * What the build parsed of the bundled packs (scripts/build-rules-cache.mjs), by the hash of a file's text,
 * read once; undefined when run from source or when the build left it out.
 */
let rulesCache: Map<string, unknown> | null | undefined;

/** A lookup in the rules cache: a copy each time, so no two loads or files share a value. */
function readRulesCache(): ((text: string) => unknown) | undefined {
  if (rulesCache === undefined) {
    const file = new URL('../rules-cache.json', import.meta.url);
    try {
      const { entries } = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
      rulesCache = new Map(Object.entries(entries));
    } catch {
      rulesCache = null;
    }
  }
  const byKey = rulesCache;
  if (!byKey) return undefined;
  return (text) => {
    const value = byKey.get(parsedKey(text));
    return value === undefined ? undefined : structuredClone(value);
  };
}

/** The bundled packs: every `rules/<pack>/pack.yaml` of this package. */
export const BUILTIN_RULES = 'rules/*/pack.yaml';

export interface LoadRulesOptions {
  /** Extra packs: globs of `pack.yaml` files or pack directories. */
  rules?: readonly string[];
  /** Leave out the bundled packs. */
  noBuiltinRules?: boolean;
  /** Which of the packs' rules to evaluate (`--rule`, `--exclude-rule`, `--tag`); all by default. */
  select?: RuleSelection;
  cwd?: string;
}

export interface LoadedRules {
  packs: LoadedPack[];
  /** The selected rules, compiled. */
  ruleSet: CompiledRuleSet;
  /** The rules `select` left out, sorted by id (empty without a selection). */
  excluded: ExcludedRule[];
}

/** What is at `file`: undefined when nothing is. @throws the OS's error when it cannot tell (EACCES, ELOOP). */
function statIfAny(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * The pack manifest at `file`: `file` itself when it is a `.yaml` name that is not a directory (reading it says what
 * else is wrong with it: a FIFO, a device), or, when `file` is a directory and `inDirectory`, its `pack.yaml`.
 * Undefined when there is none; a located file-unreadable diagnostic with the OS's reason when `file` or the folder
 * holding it cannot be looked into (a folder without read or search permission), so it is not taken for missing.
 */
function manifestAt(file: string, shown: string, inDirectory: boolean): string | Diagnostic | undefined {
  try {
    const stats = statIfAny(file);
    if (stats?.isDirectory()) {
      if (!inDirectory) return undefined;
      const manifest = path.join(file, 'pack.yaml');
      return statIfAny(manifest)?.isDirectory() === false ? manifest : undefined;
    }
    return stats && file.endsWith('.yaml') ? file : undefined;
  } catch (error) {
    return diagnostic(ErrorCode.FILE_UNREADABLE, shown, undefined, (error as Error).message);
  }
}

async function findPackManifests(
  patterns: readonly string[],
  cwd: string,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      const manifest = manifestAt(path.resolve(cwd, pattern), pattern, true);
      if (typeof manifest === 'string') found.push(manifest);
      else diagnostics.push(manifest ?? diagnostic(ErrorCode.FILE_NOT_FOUND, pattern, undefined, 'no pack.yaml here'));
      continue;
    }
    let matches: string[];
    try {
      matches = (await fastGlob()(pattern, { cwd, absolute: true, onlyFiles: false })).sort();
    } catch (error) {
      diagnostics.push(diagnostic(ErrorCode.FILE_UNREADABLE, pattern, undefined, (error as Error).message));
      continue;
    }
    // A match that cannot be looked into is reported as such, not as a glob that matches nothing.
    const before = { found: found.length, diagnostics: diagnostics.length };
    for (const m of matches) {
      const manifest = manifestAt(m, displayPath(m, cwd), !m.endsWith('.yaml'));
      if (typeof manifest === 'string') found.push(manifest);
      else if (manifest) diagnostics.push(manifest);
    }
    if (found.length === before.found && diagnostics.length === before.diagnostics)
      diagnostics.push(diagnostic(ErrorCode.NO_MATCH, pattern, undefined, 'glob matches no rule pack'));
  }
  return [...new Set(found)];
}

/** The bundled packs' manifests (`BUILTIN_RULES`, listed without a glob library), sorted; none with `noBuiltinRules`. */
async function builtinManifests(options: LoadRulesOptions): Promise<string[]> {
  return options.noBuiltinRules ? [] : packManifestsIn(path.join(packageRoot, 'rules'));
}

/**
 * The `pack.yaml` of each folder of `folder` that has one (not hidden), sorted: none when `folder` does not
 * exist. Any other error is thrown (a folder that cannot be listed or searched), as the glob that listed them
 * did: a run must not go on without the bundled rules and not say why.
 */
export async function packManifestsIn(folder: string): Promise<string[]> {
  if (!statIfAny(folder)) return [];
  const manifests: string[] = [];
  for (const name of await readdir(folder)) {
    if (name.startsWith('.')) continue;
    // A file beside the packs has no pack.yaml inside it (ENOTDIR): nothing there, as for a folder without one.
    const manifest = path.join(folder, name, 'pack.yaml');
    if (statIfAny(manifest)?.isFile()) manifests.push(manifest);
  }
  return manifests.sort();
}

/**
 * The rule files of the pack whose manifest is `manifest`: every other YAML file beside it (`*.yaml`, `*.yml`, not
 * hidden; a link to a file counts), sorted.
 * @throws the OS's error when the pack's folder cannot be listed (search permission without read permission).
 */
async function ruleFilesOf(manifest: string): Promise<string[]> {
  const folder = path.dirname(manifest);
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const { name } = entry;
    if (name.startsWith('.') || name === 'pack.yaml' || !/\.ya?ml$/.test(name)) continue;
    const file = path.join(folder, name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(file).catch(() => undefined))?.isFile())) {
      files.push(file);
    }
  }
  return files.sort();
}

/**
 * Every file the packs of a run are read from: each `pack.yaml` and its rule files, absolute (for refusing a
 * report path that would overwrite one). Patterns that match nothing are left to `loadRules` to report.
 */
export async function packFiles(options: LoadRulesOptions = {}): Promise<string[]> {
  const cwd = options.cwd ?? process.cwd();
  const extra = await findPackManifests(options.rules ?? [], cwd, []);
  const files: string[] = [];
  for (const manifest of new Set([...(await builtinManifests(options)), ...extra])) {
    // A folder that cannot be listed is left to loadRules to report, as patterns that match nothing are.
    files.push(manifest, ...(await ruleFilesOf(manifest).catch(() => [])));
  }
  return files;
}

/**
 * Loads, validates and compiles the bundled packs and any `--rules` packs.
 * @throws InputError with every problem found, sorted by location.
 */
export async function loadRules(options: LoadRulesOptions = {}): Promise<LoadedRules> {
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const builtin = await builtinManifests(options);
  const extra = await findPackManifests(options.rules ?? [], cwd, diagnostics);
  const { pack: packCheck, rule: ruleCheck, inventorySchema } = getSchemas();
  const parsed = readRulesCache();
  const packs: LoadedPack[] = [];
  for (const manifestPath of [...new Set([...builtin, ...extra])]) {
    const show = (file: string) => displayPath(file, builtin.includes(manifestPath) ? packageRoot : cwd);
    let ruleFiles: string[];
    try {
      ruleFiles = await ruleFilesOf(manifestPath);
    } catch (error) {
      diagnostics.push(
        diagnostic(ErrorCode.FILE_UNREADABLE, show(path.dirname(manifestPath)), undefined, (error as Error).message),
      );
      continue;
    }
    // Read as inventories are: regular files only, bounded, and a located diagnostic for any that cannot be read.
    const read = async (file: string): Promise<TextFile[]> => {
      const { text, diagnostic: problem } = await readInputText(file, show(file));
      if (problem) diagnostics.push(problem);
      return text === undefined ? [] : [{ file: show(file), text }];
    };
    const [manifestFile] = await read(manifestPath);
    const ruleTexts = (await Promise.all(ruleFiles.map(read))).flat();
    if (!manifestFile) continue;
    const loaded = loadPack(manifestFile, ruleTexts, {
      manifest: packCheck,
      rule: ruleCheck,
      engineVersion: tool.version,
      ...(parsed ? { parsed } : {}),
    });
    diagnostics.push(...loaded.diagnostics);
    if (loaded.pack) packs.push(loaded.pack);
  }
  diagnostics.push(...checkPackClashes(packs));
  const { selected, excluded, unmatched } = selectRules(
    packs.flatMap((p) => p.rules),
    options.select,
  );
  for (const { option, value } of unmatched) {
    const what = option === '--tag' ? 'no rule has this tag' : 'matches no rule';
    diagnostics.push(diagnostic(ErrorCode.USAGE, '<command line>', undefined, `${option} ${value}: ${what}`));
  }
  const compiled = compileRules(selected, { operators, checkPath: createPathChecker(inventorySchema) });
  diagnostics.push(...compiled.diagnostics);
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return { packs, ruleSet: compiled.ruleSet, excluded };
}
