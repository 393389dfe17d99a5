// SARIF 2.1.0 reporter for GitHub code scanning, Azure DevOps and GitLab: rules, results, notifications.
import { posix } from 'node:path';
import { compareText } from '../engine/errors.js';
import {
  DEFAULT_ORGANIZATION_ID,
  type Finding,
  type FindingsIndex,
  findingsIndexOf,
  type Level,
  type Notice,
  type NoticeDigest,
  noticeDigestOf,
  type Outcome,
  type ReportView,
  type WaiverRef,
} from '../engine/types.js';
import {
  countChecks,
  describeTarget,
  indexRules,
  normalizeLocation,
  stripControls,
  toWellFormed,
  truncate,
} from './common.js';
import type { ReporterOptions } from './reporter.js';
import { toPackExtensions, toReportingDescriptor } from './sarif-rules.js';
import { type CutRule, fingerprintOf, MAX_SARIF_RESULTS, selectFindings } from './sarif-select.js';

export { fingerprintOf, MAX_SARIF_RESULTS } from './sarif-select.js';

/** GitHub shows at most this many characters of a result message. */
const MAX_MESSAGE = 2048;

/** The URI base id of every relative inventory path: the directory aipcheck ran in. */
export const SRCROOT = '%SRCROOT%';

/**
 * SARIF `kind` per outcome. `unknown` is `open` (evaluated, not enough information to decide) and `error`
 * is `review` (a person has to look); SARIF requires level `none` for every kind but `fail`.
 */
const KIND: Record<Outcome, string> = {
  fail: 'fail',
  error: 'review',
  unknown: 'open',
  pass: 'pass',
  notApplicable: 'notApplicable',
  // SARIF has no kind for it: a waived fail is still a fail, and its `suppressions` say who accepted it.
  waived: 'fail',
};

/**
 * Outcomes reported by default: those `--fail-on` gates on. GitHub ignores `kind` and shows every result
 * as an alert with its rule's security severity, so an undecided check would read as a High alert and
 * fail pull-request checks that the gate passes. `includePassing` adds every other outcome.
 */
const DEFAULT_OUTCOMES: ReadonlySet<Outcome> = new Set(['fail', 'error', 'waived']);

/** Percent-encodes each segment of a `/`-separated path (spaces, `#`, `%`, non-ASCII, …). */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(toWellFormed(segment)))
    .join('/');
}

/**
 * The artifactLocation of an inventory file. Relative paths (the normal case: the CLI reports paths
 * relative to the working directory) become relative URIs against `%SRCROOT%`; absolute paths become
 * `file:` URIs with no base id, as SARIF requires.
 */
export function toArtifactLocation(file: string): ArtifactLocation {
  return defaultLocator(file);
}

type ArtifactLocation = { uri: string; uriBaseId?: string };

/**
 * Locations of inventory files against `%SRCROOT%`: the working directory, or `srcRoot` (absolute). A file
 * under `srcRoot` is relative to it, wherever it was given from (`../x.csv` from a subdirectory); any other
 * file is an absolute `file:` URI. Recent files are cached: a report names a few files thousands of times.
 */
export function createArtifactLocator(base?: { cwd: string; srcRoot: string }): (file: string) => ArtifactLocation {
  const known = new Map<string, ArtifactLocation>();
  const rebase = base && toPosix(base.srcRoot) !== toPosix(base.cwd) ? base : undefined;
  return (file) => {
    let location = known.get(file);
    if (location === undefined) {
      location = Object.freeze(artifactLocationOf(rebase ? rebaseTo(file, rebase) : file));
      if (known.size >= 4096) known.clear();
      known.set(file, location);
    }
    return location;
  };
}

const defaultLocator = createArtifactLocator();

function toPosix(file: string): string {
  return file.replaceAll('\\', '/').replace(/\/+$/, '') || '/';
}

/** A path relative to the working directory or absolute, made relative to `srcRoot` when it is under it. */
function rebaseTo(file: string, base: { cwd: string; srcRoot: string }): string {
  const given = toPosix(file);
  const absolute = posix.isAbsolute(given) ? given : posix.join(toPosix(base.cwd), given);
  const relative = posix.relative(toPosix(base.srcRoot), absolute);
  return relative === '' ? '.' : relative.startsWith('../') || relative === '..' ? absolute : relative;
}

function artifactLocationOf(file: string): ArtifactLocation {
  const path = file.replaceAll('\\', '/');
  const drive = /^([A-Za-z]:)(\/.*)$/.exec(path);
  if (drive?.[1] && drive[2]) return { uri: `file:///${drive[1]}${encodePath(drive[2])}` };
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  const relative = path.replace(/^(\.\/)+/, '');
  return { uri: encodePath(relative === '' ? '.' : relative), uriBaseId: SRCROOT };
}

/** Message text for SARIF: well-formed, `{`/`}` doubled (SARIF placeholders), at most 2048 characters. */
function messageText(text: string, fallback: string): string {
  const value = stripControls(text).trim() || fallback;
  return truncate(value.replace(/[{}]/g, '$&$&'), MAX_MESSAGE);
}

type Locate = (file: string) => ArtifactLocation;

function toPhysicalLocation(location: { file: string; line: number; column: number }, locate: Locate) {
  const { file, line, column } = normalizeLocation(location);
  return { artifactLocation: locate(file), region: { startLine: line, startColumn: column } };
}

/** The fingerprints GitHub and other consumers match alerts on across runs. */
function fingerprints(fingerprint: string) {
  return {
    'aipcheck/target/v1': fingerprint,
    // GitHub matches alerts on this key only; ours is per rule and target, not per line of text.
    primaryLocationLineHash: `${fingerprint.slice(0, 16)}:1`,
  };
}

function toResult(f: Finding, ruleIndex: number | undefined, locate: Locate) {
  const level: Level | 'none' = f.outcome === 'fail' || f.outcome === 'waived' ? f.level : 'none';
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: KIND[f.outcome],
    level,
    message: { text: messageText(f.message, `${f.ruleId}: ${f.outcome} for ${describeTarget(f.target)}.`) },
    locations: [
      {
        physicalLocation: toPhysicalLocation(f.location, locate),
        logicalLocations: [
          {
            name: stripControls(f.target.name || f.target.id),
            fullyQualifiedName: stripControls(`${f.target.kind}/${f.target.id}`),
            kind: f.target.kind,
          },
        ],
      },
    ],
    partialFingerprints: fingerprints(fingerprintOf(f)),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    ...(f.waiver ? { suppressions: [toSuppression(f.waiver, locate)] } : {}),
    // The evidence as data (facts read, values, operators, what decided) for scripts; the message is for people.
    properties: {
      outcome: f.outcome,
      ruleVersion: f.ruleVersion,
      pack: f.pack,
      ...(f.expiredWaiver ? { expiredWaiver: waiverLabel(f.expiredWaiver) } : {}),
      ...(f.evidence ? { evidence: f.evidence } : {}),
    },
  };
}

/** Names a waiver in one line: where it is written, owner, ticket and day it expires. */
function waiverLabel(w: WaiverRef): string {
  const ticket = w.ticket ?? w.link;
  return `${w.source.file}:${w.source.line}:${w.source.column} (${w.owner}${ticket ? `, ${ticket}` : ''}, expires ${w.expires})`;
}

/** A waiver as SARIF's suppression: accepted outside the code, with the reason as the justification. */
function toSuppression(w: WaiverRef, locate: Locate) {
  const ticket = w.ticket ?? w.link;
  return {
    kind: 'external',
    status: 'accepted',
    justification: stripControls(`${w.reason} (owner ${w.owner}${ticket ? `, ${ticket}` : ''}, expires ${w.expires})`),
    location: { physicalLocation: toPhysicalLocation(w.source, locate) },
    properties: {
      owner: w.owner,
      expires: w.expires,
      ...(w.ticket ? { ticket: w.ticket } : {}),
      ...(w.link ? { link: w.link } : {}),
    },
  };
}

/** How the targets a rule's summary result stands for are told, per outcome. */
const LEFT_OUT: readonly { outcome: Outcome; one: string; many: string }[] = [
  { outcome: 'fail', one: 'fails', many: 'fail' },
  { outcome: 'error', one: 'could not be evaluated', many: 'could not be evaluated' },
  { outcome: 'waived', one: 'fails under a waiver', many: 'fail under waivers' },
  { outcome: 'unknown', one: 'could not be decided', many: 'could not be decided' },
  { outcome: 'pass', one: 'passes', many: 'pass' },
  { outcome: 'notApplicable', one: 'is not applicable', many: 'are not applicable' },
];

/**
 * The one result that stands for the findings of a rule left out of the results: how many more targets fail
 * (or could not be evaluated, or fail under waivers) and that the JSON report lists every one. Its fingerprint
 * is the rule's own, so it stays one alert however the count changes; it points at the rule's first finding's
 * inventory file. When every target it stands for is waived, it is suppressed like their results.
 */
function toCutResult(cut: CutRule, ruleIndex: number | undefined, max: number, locate: Locate) {
  const parts = LEFT_OUT.filter(({ outcome }) => (cut.left[outcome] ?? 0) > 0).map(({ outcome, one, many }) => {
    const n = cut.left[outcome] ?? 0;
    return `${n} more ${n === 1 ? `target ${one}` : `targets ${many}`}`;
  });
  const failing = (cut.left.fail ?? 0) > 0;
  // The outcome the result stands for: fail when any target left out fails, else the first one left out.
  const shown: Outcome = failing
    ? 'fail'
    : (LEFT_OUT.find(({ outcome }) => (cut.left[outcome] ?? 0) > 0)?.outcome ?? 'fail');
  const waived = cut.left.waived ?? 0;
  const text =
    `${parts.join(', ')} ${cut.ruleId} than the ${cut.kept} listed as results here: this SARIF file lists at ` +
    `most ${max} results, shared among the rules. The JSON report (--format json=FILE) lists every target.`;
  return {
    ruleId: cut.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: KIND[shown],
    level: shown === 'fail' || shown === 'waived' ? cut.level : 'none',
    message: { text: messageText(text, `${cut.ruleId}: more targets than listed.`) },
    locations: [
      {
        physicalLocation: toPhysicalLocation({ ...cut.location, line: 1, column: 1 }, locate),
        logicalLocations: [{ name: `${cut.ruleId}: targets not listed`, kind: 'module' }],
      },
    ],
    partialFingerprints: fingerprints(fingerprintOf({ ruleId: cut.ruleId, target: { kind: 'rule', id: '*' } })),
    ...(shown === 'waived'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${waived} ${waived === 1 ? 'target is' : 'targets are'} waived; the JSON report names each waiver.`,
            },
          ],
        }
      : {}),
    properties: { outcome: shown, notListed: cut.left, listed: cut.kept },
  };
}

function toNotification(notice: Notice, locate: Locate) {
  return {
    level: notice.level,
    message: { text: messageText(notice.message, notice.code) },
    descriptor: { id: notice.code },
    ...(notice.location ? { locations: [{ physicalLocation: toPhysicalLocation(notice.location, locate) }] } : {}),
  };
}

/**
 * Input notices a SARIF run lists one by one. An AD or Entra export of a million computers holds a notice per
 * server without a role (about 200,000–320,000): listed whole, they made a 250 MB file that GitHub's upload limit
 * (10 MB compressed) refuses. The text report lists every notice.
 */
export const MAX_SARIF_NOTICES = 1_000;

/** The notices as notifications: the first MAX_SARIF_NOTICES, then one that counts the others by code. */
function* noticeNotifications(notices: NoticeDigest, locate: Locate): Generator<object> {
  for (const notice of notices.first(MAX_SARIF_NOTICES)) yield toNotification(notice, locate);
  if (notices.length <= MAX_SARIF_NOTICES) return;
  const left = notices.rest(MAX_SARIF_NOTICES);
  const count = notices.length - MAX_SARIF_NOTICES;
  const codes = [...left.codes].sort(([a], [b]) => compareText(a, b)).map(([code, n]) => `${code} ${n}`);
  yield {
    level: left.level ?? 'note',
    message: {
      text: `${count} more input notices are not listed (${codes.join(', ')}): this file lists the first ${MAX_SARIF_NOTICES}. The text report lists every one.`,
    },
    descriptor: { id: 'notices-truncated' },
  };
}

/**
 * Where the notifications go in the run's head. Only text from rule packs (in `tool`, before the invocation) could
 * hold it; what follows the invocation has its control characters stripped: the last occurrence is the slot.
 */
const NOTIFICATIONS_SLOT = '\u0000aipcheck:toolExecutionNotifications\u0000';

/**
 * `head` (`JSON.stringify(run, null, 2)`) indented by `indent`, with `items` (when the head has the notifications
 * slot) laid out in its place exactly as `JSON.stringify` lays out an array there, one item at a time.
 */
function* layOut(head: string, items: Iterable<object> | undefined, indent: string): Generator<string> {
  const slot = JSON.stringify(NOTIFICATIONS_SLOT);
  const at = items ? head.lastIndexOf(slot) : -1;
  const shift = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);
  if (!items || at < 0) {
    yield indent + shift(head, indent);
    return;
  }
  const before = head.slice(0, at);
  const keyIndent = /^ */.exec(before.slice(before.lastIndexOf('\n') + 1))?.[0] ?? '';
  const itemIndent = `${indent}${keyIndent}  `;
  yield `${indent}${shift(before, indent)}[`;
  let separator = '\n';
  for (const item of items) {
    yield `${separator}${itemIndent}${shift(JSON.stringify(item, null, 2), itemIndent)}`;
    separator = ',\n';
  }
  yield `\n${indent}${keyIndent}]${shift(head.slice(at + slot.length), indent)}`;
}

/** The counts the engine's findings carry, which spare a pass over them. */
function findingsIndex(report: ReportView): FindingsIndex | undefined {
  return findingsIndexOf(report.findings);
}

/**
 * One note about the `unknown` findings left out of the results: how many per rule, so the missing
 * inventory facts are not silently dropped from the code-scanning view.
 */
function undecidedNotification(report: ReportView) {
  const byRule = new Map<string, number>();
  const index = findingsIndex(report);
  if (index) {
    for (const [ruleId, summary] of index.byRule) if (summary.unknown > 0) byRule.set(ruleId, summary.unknown);
  } else {
    for (const f of report.findings) {
      if (f.outcome === 'unknown') byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    }
  }
  if (byRule.size === 0) return undefined;
  const total = [...byRule.values()].reduce((a, b) => a + b, 0);
  const rules = [...byRule.entries()].map(([id, n]) => `${id} (${n})`).join(', ');
  return {
    level: 'note' as const,
    message: {
      text: messageText(
        `${total} checks could not be decided because the inventory lacks facts they need; the text and JSON ` +
          `reports name the missing facts. By rule: ${rules}.`,
        'Some checks could not be decided.',
      ),
    },
    descriptor: { id: 'undecided-checks' },
  };
}

/** The category of a run when none is given: the tool and the organization, stable across snapshots. */
export function defaultSarifCategory(report: Pick<ReportView, 'organizationId'>): string {
  return `aipcheck/${report.organizationId ?? DEFAULT_ORGANIZATION_ID}`;
}

/**
 * Renders a SARIF 2.1.0 log with one run. Results are the findings `--fail-on` gates on (fail, error),
 * or every finding with `includePassing`; at most `sarifMaxResults` (5,000 by default) shared fairly among
 * the rules (see `selectFindings`), each rule cut getting one result that counts what was left out, and a
 * tool notification when some were; one notification counts the undecided (unknown) checks not reported as
 * results. Same report and options, same bytes: no timestamps unless `options.timestamp` is given. Results
 * are written one chunk each.
 */
export function* formatSarif(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const rules = indexRules(report);
  const ruleIndex = new Map(rules.sorted.map((rule, i) => [rule.definition.id, i]));
  const max = options.sarifMaxResults ?? MAX_SARIF_RESULTS;
  const reported = options.includePassing ? () => true : (outcome: Outcome) => DEFAULT_OUTCOMES.has(outcome);
  const { kept, eligible, cut } = selectFindings(report, reported, max);
  const locate =
    options.sarifSrcRoot && options.workingDirectory
      ? createArtifactLocator({ cwd: options.workingDirectory, srcRoot: options.sarifSrcRoot })
      : defaultLocator;

  // Each input notice is one notification: an AD export of a million computers can hold hundreds of thousands
  // (servers without a role). They are laid out one at a time where the invocation's list goes, never all at once.
  const extra: ReturnType<typeof toNotification>[] = [];
  const undecided = options.includePassing ? undefined : undecidedNotification(report);
  if (undecided) extra.push(undecided);
  if (kept.length < eligible) {
    extra.push({
      level: 'warning',
      message: {
        text:
          `Listed ${kept.length} of ${eligible} results: this file lists at most ${max} (--sarif-max-results), ` +
          `shared among the rules, and GitHub code scanning stores only the first 5000 of a run. Each of the ` +
          `${cut.length} rules cut has one more result that counts its targets not listed; the JSON report ` +
          'has every finding.',
      },
      descriptor: { id: 'results-truncated' },
    });
  }
  const notices = noticeDigestOf(report);
  function* notifications() {
    yield* noticeNotifications(notices, locate);
    yield* extra;
  }
  const invocation = {
    executionSuccessful: true,
    ...(options.timestamp ? { startTimeUtc: options.timestamp, endTimeUtc: options.timestamp } : {}),
    ...(notices.length + extra.length > 0 ? { toolExecutionNotifications: NOTIFICATIONS_SLOT } : {}),
  };
  const tool = {
    driver: {
      name: report.tool.name,
      semanticVersion: report.tool.version,
      informationUri: report.tool.informationUri,
      rules: rules.sorted.map(toReportingDescriptor),
    },
    extensions: toPackExtensions(report),
  };
  const run = {
    tool,
    invocations: [invocation],
    originalUriBaseIds: {
      [SRCROOT]: {
        description: {
          text: options.sarifSrcRoot
            ? 'The root of the checkout (--sarif-srcroot); inventory paths under it are relative to it.'
            : 'The directory aipcheck ran in; inventory paths are relative to it.',
        },
      },
    },
    // GitHub reads `category/run-id` and keeps an id in the file over the upload's category: one category per
    // organization, whatever the snapshot, so a new upload replaces the last one and fixed alerts close.
    automationDetails: { id: `${stripControls(options.sarifCategory ?? defaultSarifCategory(report))}/` },
    columnKind: 'utf16CodeUnits',
    properties: {
      snapshotId: stripControls(report.snapshotId),
      organizationId: stripControls(report.organizationId ?? DEFAULT_ORGANIZATION_ID),
      checks: countChecks(report.summary),
      ...report.summary,
      ...(report.excludedRules ? { excludedRules: report.excludedRules.map((r) => stripControls(r.id)) } : {}),
    },
  };

  const head = JSON.stringify(run, null, 2).replace(/\n}$/, '');
  yield '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n';
  yield* layOut(head, invocation.toolExecutionNotifications ? notifications() : undefined, '    ');
  yield ',\n';
  if (kept.length === 0 && cut.length === 0) {
    yield '      "results": []\n    }\n  ]\n}\n';
    return;
  }
  yield '      "results": [\n';
  // One line per result: a third of the bytes of an indented result, and grep shows a whole result.
  const results = kept.length + cut.length;
  let written = 0;
  for (const f of kept) {
    const result = toResult(f, ruleIndex.get(f.ruleId), locate);
    yield `        ${JSON.stringify(result)}${++written < results ? ',' : ''}\n`;
  }
  for (const rule of cut) {
    const result = toCutResult(rule, ruleIndex.get(rule.ruleId), max, locate);
    yield `        ${JSON.stringify(result)}${++written < results ? ',' : ''}\n`;
  }
  yield '      ]\n    }\n  ]\n}\n';
}
