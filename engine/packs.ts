// Load stage for rule packs: parse and schema-check a manifest and its rule files into loaded rules.
import semver from 'semver';
import { type Diagnostic, diagnostic, ErrorCode } from './errors.js';
import { type ParseLimits, parseText } from './parse.js';
import type { LoadedPack, LoadedRule, PackManifest, RuleDefinition } from './types.js';
import type { SchemaCheck } from './validate.js';

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
  const parsed = parseText(manifestFile.text, manifestFile.file, checks.limits);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const diagnostics = checks.manifest(parsed.value, manifestFile.file, parsed.locate);
  if (diagnostics.length > 0) return { diagnostics };
  const manifest = parsed.value as PackManifest;
  const range = semver.validRange(manifest.engine);
  if (range === null) {
    diagnostics.push(
      diagnostic(
        ErrorCode.SCHEMA,
        manifestFile.file,
        parsed.locate(['engine']),
        `engine: "${manifest.engine}" is not a semver range`,
      ),
    );
  } else if (!semver.satisfies(checks.engineVersion, range, { includePrerelease: true })) {
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
    const rule = parseText(ruleFile.text, ruleFile.file, checks.limits);
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
