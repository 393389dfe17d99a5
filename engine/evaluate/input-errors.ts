// Unreadable input rows kept with --keep-going: each becomes an `error` outcome of a built-in input rule.
import type { Diagnostic } from '../errors.js';
import type { Finding, LoadedRule, PackManifest } from '../types.js';

export const INPUT_RULE_ID = 'aipcheck.input.unreadable-row';

/** The built-in pack of checks on the inputs themselves, versioned with the engine. */
export function inputPack(engineVersion: string): PackManifest {
  return {
    name: 'aipcheck',
    version: engineVersion,
    title: 'aipcheck input checks',
    source: {
      title: 'aipcheck: importers of export formats',
      url: 'https://github.com/aipcheck/aipcheck/blob/main/docs/importers.md',
      revised: '2026-11-26',
    },
    engine: engineVersion,
  };
}

/** The rule whose `error` outcomes record rows that `--keep-going` skipped. */
export function unreadableRowRule(engineVersion: string): LoadedRule {
  return {
    file: 'docs/importers.md',
    locate: () => ({ line: 1, column: 1 }),
    pack: inputPack(engineVersion),
    definition: {
      id: INPUT_RULE_ID,
      version: '1.0.0',
      title: 'Every row of an input export can be read',
      severity: 'error',
      description:
        'A row of a recognized export that could not be read was skipped, so no rule checked what it describes.',
      source: {
        section: '#bad-input',
        sentences: [
          'A recognized file with unreadable rows: each row is reported with its file and line; with --keep-going the rest is evaluated and those rows are recorded as error outcomes.',
        ],
      },
      rationale:
        'A skipped row may describe an asset that fails a requirement; the report must not look complete when it is not, so a skipped row fails a CI gate like an evaluation error.',
      remediation: 'Fix or re-export the row named in the finding, then run aipcheck again without --keep-going.',
      references: ['https://github.com/aipcheck/aipcheck/blob/main/docs/importers.md'],
      tags: ['input'],
      appliesTo: { kind: 'organization' },
      require: { all: [] },
      messages: { fail: '{error}' },
    },
  };
}

/** One `error` finding per skipped row, pointing at the row. */
export function unreadableRowFindings(rows: readonly Diagnostic[], rule: LoadedRule): Finding[] {
  return rows.map((row) => ({
    ruleId: rule.definition.id,
    ruleVersion: rule.definition.version,
    pack: rule.pack.name,
    level: rule.definition.severity,
    outcome: 'error',
    messageId: 'error',
    target: { kind: 'input', id: `${row.file}:${row.line}`, name: `${row.file} line ${row.line}` },
    message: `Skipped with --keep-going: ${row.message} (${row.code})`,
    location: { file: row.file, line: row.line, column: row.column },
  }));
}
