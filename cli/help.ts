// Help texts of every command.

const EXIT_CODES = `Exit codes:
  0  no failing finding at or above --fail-on
  1  at least one failing finding at or above --fail-on
  2  unusable input (bad file, schema violation, bad rule pack) or usage error; no report is written
`;

export const HELP = {
  main: `aipcheck: check an organization against the Azure Information Protection requirements

Usage:
  aipcheck evaluate [FILES|GLOBS...] [options]   evaluate inventories and write reports
  aipcheck validate [FILES...] [--rules GLOB]    schema-check inventories and rule packs
  aipcheck rules [--format text|json]            list every rule
  aipcheck init                                  write a commented aipcheck.config.yaml
  aipcheck facts [INPUTS...]                     list the facts the rules read and who supplies them
  aipcheck explain RULE [TARGET INPUTS...]       a rule, and why it decided as it did for a target
  aipcheck --version                             print the version
  aipcheck COMMAND --help                        help on one command

${EXIT_CODES}`,
  evaluate: `Usage: aipcheck evaluate [FILES|GLOBS|DIRS...] [options]

Reads inventories (aipcheck YAML/JSON, JSON Lines for whole fleets, and supported exports), merges
them into one snapshot, evaluates every rule and writes reports. JSON Lines and large exports are read
as streams; inputs of 32 MB or more use a second thread (AIPCHECK_THREADS=1 keeps one). Progress goes to stderr
on a terminal. "-" reads standard input (format detected from its content, shown as <stdin>).

Options:
  --format, -f NAME[=PATH]  output format, repeatable: text (default, stdout), json, sarif, junit,
                            markdown, html; with =PATH the report is written to PATH (a device or
                            pipe is written into, a symlink followed); one format at most on stdout
  --config FILE             read options from FILE (default: aipcheck.config.yaml here, if any);
                            flags given on the command line win
  --fail-on LEVEL           error (default), warning, note or never
  --fail-on-new             gate only on findings new or worse since --baseline
  --baseline FILE           a JSON report of an earlier run: each finding is new, unchanged or
                            updated, and fixed findings are listed
  --waivers FILE            a waiver file (accepted risks that expire), repeatable
  --waiver-warn-days N      report waivers expiring within N days (default 14)
  --max-waiver-days N       refuse waivers lasting longer than N days (exit code 2)
  --today YYYY-MM-DD        the day waivers are judged on (default: today, UTC; or AIPCHECK_TODAY)
  --rules GLOB              add rule packs (pack.yaml files or pack directories), repeatable
  --no-builtin-rules        use only the packs given with --rules
  --rule ID|GLOB            evaluate only rules whose id matches (AIP-OS-*), repeatable
  --tag TAG                 evaluate only rules with this tag, repeatable (with --rule: either)
  --exclude-rule ID|GLOB    leave out rules whose id matches, repeatable; reports name the rules left out
  --organization-id ID      the organization's stable id (default: its Entra tenant id, else
                            "organization"); alert fingerprints and the SARIF category use it
  --input-format NAME       read every input with this importer instead of detecting
  --labeling-client-app-id ID
                            the Intune app id of the labeling client, for its "Device install status"
                            export (repeatable)
  --keep-going              skip unreadable rows (recorded as errors) instead of stopping
  --engine NAME             compiled (default) or reference: json-rules-engine itself decides every
                            check; much slower, same results (for cross-checking)
  --include-passing         list passing and not-applicable outcomes in every report too (JSON, JUnit,
                            SARIF); by default reports list fail, error and unknown and count the rest
                            (--sarif-passing is an old name for it)
  --no-evidence             leave the structured evidence out of JSON, SARIF, Markdown and HTML findings;
                            on a large fleet it halves the JSON report and the run time (a run that
                            writes only JUnit and text never decides evidence: they do not show it)
  --junit-max-listed N      JUnit lists at most N targets of one outcome per rule one by one and
                            counts the rest in one test case (default 500, as GitLab reads JUnit
                            files of 30 MB at most); 0 lists every one
  --sarif-max-results N     SARIF lists at most N results (default 5000, what GitHub stores), shared
                            fairly among the rules, each rule cut counted in one more result; 0: no limit
  --sarif-category NAME     SARIF run category, automationDetails.id NAME/ (default
                            aipcheck/ORGANIZATION-ID); one per inventory uploaded to one repository
  --sarif-srcroot DIR       the checkout root SARIF paths are relative to (%SRCROOT%; default: the
                            current directory); inputs under it stay relative (../x.csv from a subdir)
  --html-max-listed N       the HTML report lists at most N findings of one outcome per rule and
                            counts the rest (default 500); 0 lists every one
  --timestamp               stamp reports with the current time (off: output is reproducible)
  --color, --no-color       force colors on or off (default: on a TTY, unless NO_COLOR is set)
  --help, -h                this help

${EXIT_CODES}`,
  validate: `Usage: aipcheck validate [FILES...] [--rules GLOB] [--labeling-client-app-id ID]

Schema-checks inventory files and rule packs (a pack.yaml or a pack directory) without evaluating.
Prints every problem as file:line:col: code: message. --labeling-client-app-id names the Intune app id of
the labeling client, as for evaluate, for its "Device install status" export.

${EXIT_CODES}`,
  init: `Usage: aipcheck init

Writes a commented starter aipcheck.config.yaml in the current directory (never overwrites one).
\`aipcheck evaluate\` reads it from there; its keys are the flags of evaluate.

${EXIT_CODES}`,
  facts: `Usage: aipcheck facts [INPUTS...] [--format text|json] [--rules GLOB] [--no-builtin-rules]

Lists every fact the rules' conditions read (device.os.version, network.egress.allow, ...), the rules that
read it and the importers that supply it with the export or command that produces their input. With
inventory inputs, also how many of the targets that can have each fact (devices for device facts,
servers for server facts, the organization for organization and network facts) have it.

${EXIT_CODES}`,
  explain: `Usage: aipcheck explain RULE [TARGET INPUTS...] [--format text|json] [--rules GLOB]

Prints a rule: its source sentence, rationale and remediation. With a target (an asset's id or name,
or "organization") and the inventory inputs it is in: the outcome, the message and the condition tree
with each leaf's fact, value, operator, expected value and result (✓ true, ✗ false, ? unknown, ! error),
where the fact is (file:line:col: the cell of a CSV row, the key of a YAML asset), and what decided for
network operators (the allowlist entry, the NSG rule, the certificate).

${EXIT_CODES}`,
  rules: `Usage: aipcheck rules [--format text|json] [--rules GLOB] [--no-builtin-rules]

Lists every rule: id, version, severity, title, source, remediation, pack and pack version.

${EXIT_CODES}`,
} as const;
