// Load stage for rule packs: parse and schema-check a manifest and its rule files into loaded rules.

import { createHash } from 'node:crypto';
import { type Diagnostic, diagnostic, ErrorCode } from '../errors.js';
import { lazyModule } from '../lazy-module.js';
import type { LoadedPack, LoadedRule, Locator, PackManifest, RuleDefinition } from '../types.js';
import { type ParseLimits, type ParseResult, parseText } from './parse.js';
import type { SchemaCheck } from './validate.js';

/** semver, loaded for the first pack read from its files (a run on the build's rules cache reads none). */
const semver = lazyModule<typeof import('semver')>('semver');

export interface TextFile {
  file: string;
  text: string;
}

export interface PackChecks {
  manifest: SchemaCheck;
  rule: SchemaCheck;
  /** The running engine's version, matched against the pack's `engine` range. */
  engineVersion: string;
  limits?: ParseLimits;
  /**
   * What parsing a file's text gave when the build parsed it (the bundled packs: see `parsedKey`), or
   * undefined. Its source positions are worked out only if a diagnostic needs one.
   */
  parsed?: (text: string) => unknown;
}

/** The key of a file's text among what the build parsed (scripts/build-rules-cache.mjs): its SHA-256. */
export function parsedKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Parses a pack's file, or takes what parsing the same text gave at build time: YAML parsing was most of the
 * time it took to load the bundled packs, on every run and on both threads. Only with the default limits:
 * other limits could refuse what the build accepted.
 */
function parseFile(file: TextFile, checks: PackChecks): ParseResult {
  const cached = checks.limits === undefined ? checks.parsed?.(file.text) : undefined;
  if (cached === undefined) return parseText(file.text, file.file, checks.limits);
  let full: ParseResult | undefined;
  const locate: Locator = (pointer) => {
    full ??= parseText(file.text, file.file);
    return full.ok ? full.locate(pointer) : { line: 1, column: 1 };
  };
  return { ok: true, value: cached, locate };
}

/** The file name without directories and the `.yaml`/`.yml` ending. */
export function fileStem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/i, '');
}

/**
 * Loads one pack from its manifest and rule files. Every problem comes back as a diagnostic;
 * the pack is returned only when there are none.
 */
export function loadPack(
  manifestFile: TextFile,
  ruleFiles: readonly TextFile[],
  checks: PackChecks,
): { pack?: LoadedPack; diagnostics: Diagnostic[] } {
  const parsed = parseFile(manifestFile, checks);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const diagnostics = checks.manifest(parsed.value, manifestFile.file, parsed.locate);
  if (diagnostics.length > 0) return { diagnostics };
  const manifest = parsed.value as PackManifest;
  const range = semver().validRange(manifest.engine);
  if (range === null) {
    diagnostics.push(
      diagnostic(
        ErrorCode.SCHEMA,
        manifestFile.file,
        parsed.locate(['engine']),
        `engine: "${manifest.engine}" is not a semver range`,
      ),
    );
  } else if (!semver().satisfies(checks.engineVersion, range, { includePrerelease: true })) {
    diagnostics.push(
      diagnostic(
        ErrorCode.ENGINE_RANGE,
        manifestFile.file,
        parsed.locate(['engine']),
        `pack ${manifest.name}@${manifest.version} needs aipcheck ${manifest.engine}, but this is aipcheck ${checks.engineVersion}`,
      ),
    );
  }
  const rules: LoadedRule[] = [];
  for (const ruleFile of ruleFiles) {
    const rule = parseFile(ruleFile, checks);
    if (!rule.ok) {
      diagnostics.push(...rule.diagnostics);
      continue;
    }
    const problems = checks.rule(rule.value, ruleFile.file, rule.locate);
    if (problems.length > 0) {
      diagnostics.push(...problems);
      continue;
    }
    const definition = rule.value as RuleDefinition;
    if (definition.id !== fileStem(ruleFile.file)) {
      diagnostics.push(
        diagnostic(
          ErrorCode.RULE_ID_MISMATCH,
          ruleFile.file,
          rule.locate(['id']),
          `rule id "${definition.id}" must match its file name "${fileStem(ruleFile.file)}.yaml"`,
        ),
      );
      continue;
    }
    rules.push({ definition, pack: manifest, file: ruleFile.file, locate: rule.locate });
  }
  if (diagnostics.length > 0) return { diagnostics };
  rules.sort((a, b) => (a.definition.id < b.definition.id ? -1 : a.definition.id > b.definition.id ? 1 : 0));
  return { pack: { manifest, file: manifestFile.file, locate: parsed.locate, rules }, diagnostics };
}

/**
 * Pack names and rule-id prefixes (the part before the first dot) are unique across loaded packs, so a custom
 * pack cannot pass for a bundled one: a pack named `aip`, or a rule `aip.x` in another pack, is a clash. The
 * pack loaded later is blamed (bundled packs load first).
 */
export function checkPackClashes(packs: readonly LoadedPack[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, LoadedPack>();
  for (const pack of packs) {
    const name = pack.manifest.name;
    const earlier = owners.get(name);
    if (earlier && earlier !== pack) {
      diagnostics.push(
        diagnostic(
          ErrorCode.DUPLICATE_PACK,
          pack.file,
          pack.locate(['name']),
          `pack name "${name}" is already used by ${earlier.file}; rename the pack (and its rule ids), or leave out the bundled packs with --no-builtin-rules`,
        ),
      );
      continue;
    }
    const mine = new Set([name, ...pack.rules.map((r) => r.definition.id.split('.')[0] ?? '')]);
    const clash = pack.rules.find((r) => {
      const owner = owners.get(r.definition.id.split('.')[0] ?? '');
      return owner !== undefined && owner !== pack;
    });
    if (clash) {
      const prefix = clash.definition.id.split('.')[0] ?? '';
      diagnostics.push(
        diagnostic(
          ErrorCode.DUPLICATE_PACK,
          clash.file,
          clash.locate(['id']),
          `rule id prefix "${prefix}." belongs to the pack ${owners.get(prefix)?.manifest.name} (${owners.get(prefix)?.file}); name this pack's rules after it ("${name}.…")`,
        ),
      );
      continue;
    }
    for (const owned of mine) owners.set(owned, pack);
  }
  return diagnostics;
}
