// SARIF 2.1.0 reporter for GitHub code scanning, Azure DevOps and GitLab: rules, results, notifications.
import { createHash } from 'node:crypto';
import {
  FINDINGS_INDEX,
  type Finding,
  type FindingsIndex,
  type Level,
  type Notice,
  type Outcome,
  type ReportView,
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

/** GitHub code scanning rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;

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
};

/**
 * Outcomes reported by default: those `--fail-on` gates on. GitHub ignores `kind` and shows every result
 * as an alert with its rule's security severity, so an undecided check would read as a High alert and
 * fail pull-request checks that the gate passes. `includePassing` adds every other outcome.
 */
const DEFAULT_OUTCOMES: ReadonlySet<Outcome> = new Set(['fail', 'error']);

/** Rank for the 25,000 cap, most important first: failures by level, then errors, unknowns, the rest. */
const FAIL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };
const OUTCOME_RANK: Record<Outcome, number> = { fail: 0, error: 3, unknown: 4, pass: 5, notApplicable: 6 };
function rankOf(f: Pick<Finding, 'outcome' | 'level'>): number {
  return f.outcome === 'fail' ? FAIL_RANK[f.level] : OUTCOME_RANK[f.outcome];
}

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
export function toArtifactLocation(file: string): { uri: string; uriBaseId?: string } {
  let known = artifactLocations.get(file);
  if (known === undefined) {
    known = Object.freeze(artifactLocationOf(file));
    if (artifactLocations.size >= 4096) artifactLocations.clear();
    artifactLocations.set(file, known);
  }
  return known;
}

/** Recent files' locations: a report names a few files thousands of times. The values are never modified. */
const artifactLocations = new Map<string, { uri: string; uriBaseId?: string }>();

function artifactLocationOf(file: string): { uri: string; uriBaseId?: string } {
  const path = file.replaceAll('\\', '/');
  const drive = /^([A-Za-z]:)(\/.*)$/.exec(path);
  if (drive?.[1] && drive[2]) return { uri: `file:///${drive[1]}${encodePath(drive[2])}` };
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  const relative = path.replace(/^(\.\/)+/, '');
  return { uri: encodePath(relative === '' ? '.' : relative), uriBaseId: SRCROOT };
}

/**
 * Identity of a result across runs: rule id and target, not the rule's version nor the line, so an alert
 * survives a rule update and an inventory file that is regenerated in another order.
 */
export function fingerprintOf(f: Finding): string {
  return createHash('sha256')
    .update(JSON.stringify([f.ruleId, f.target.kind, f.target.id]))
    .digest('hex');
}

/** Message text for SARIF: well-formed, `{`/`}` doubled (SARIF placeholders), at most 2048 characters. */
function messageText(text: string, fallback: string): string {
  const value = stripControls(text).trim() || fallback;
  return truncate(value.replace(/[{}]/g, '$&$&'), MAX_MESSAGE);
}

function toPhysicalLocation(location: { file: string; line: number; column: number }) {
  const { file, line, column } = normalizeLocation(location);
  return { artifactLocation: toArtifactLocation(file), region: { startLine: line, startColumn: column } };
}

function toResult(f: Finding, ruleIndex: number | undefined) {
  const fingerprint = fingerprintOf(f);
  const level: Level | 'none' = f.outcome === 'fail' ? f.level : 'none';
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    kind: KIND[f.outcome],
    level,
    message: { text: messageText(f.message, `${f.ruleId}: ${f.outcome} for ${describeTarget(f.target)}.`) },
    locations: [
      {
        physicalLocation: toPhysicalLocation(f.location),
        logicalLocations: [
          {
            name: stripControls(f.target.name || f.target.id),
            fullyQualifiedName: stripControls(`${f.target.kind}/${f.target.id}`),
            kind: f.target.kind,
          },
        ],
      },
    ],
    partialFingerprints: {
      'aipcheck/target/v1': fingerprint,
      // GitHub matches alerts on this key only; ours is per rule and target, not per line of text.
      primaryLocationLineHash: `${fingerprint.slice(0, 16)}:1`,
    },
    // The evidence as data (facts read, values, operators, what decided) for scripts; the message is for people.
    properties: {
      outcome: f.outcome,
      ruleVersion: f.ruleVersion,
      pack: f.pack,
      ...(f.evidence ? { evidence: f.evidence } : {}),
    },
  };
}

function toNotification(notice: Notice) {
  return {
    level: notice.level,
    message: { text: messageText(notice.message, notice.code) },
    descriptor: { id: notice.code },
    ...(notice.location ? { locations: [{ physicalLocation: toPhysicalLocation(notice.location) }] } : {}),
  };
}

/** The counts the engine's findings carry, which spare a pass over them. */
function findingsIndex(report: ReportView): FindingsIndex | undefined {
  return (report.findings as { [FINDINGS_INDEX]?: FindingsIndex })[FINDINGS_INDEX];
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

/**
 * Picks the findings to report, most important first, at most 25,000. Stable: ties keep the engine's order.
 * Ranks are few, so two passes find them without holding more than the kept findings: count each rank, then
 * keep every finding of the ranks that fit whole and the first ones of the rank where the cap falls.
 */
function selectFindings(report: ReportView, includePassing: boolean): { kept: Finding[]; eligible: number } {
  const counts = new Map<number, number>();
  let eligible = 0;
  const count = (f: Pick<Finding, 'outcome' | 'level'>, n: number) => {
    if (n === 0 || (!includePassing && !DEFAULT_OUTCOMES.has(f.outcome))) return;
    const rank = rankOf(f);
    counts.set(rank, (counts.get(rank) ?? 0) + n);
    eligible += n;
  };
  const index = findingsIndex(report);
  if (index) {
    for (const [ruleId, summary] of index.byRule) {
      const level = index.levels.get(ruleId) ?? 'error';
      for (const outcome of Object.keys(summary) as Outcome[]) count({ outcome, level }, summary[outcome]);
    }
  } else {
    for (const f of report.findings) count(f, 1);
  }
  // How many findings of each rank are kept.
  const quota = new Map<number, number>();
  let room = MAX_SARIF_RESULTS;
  for (const rank of [...counts.keys()].sort((a, b) => a - b)) {
    const take = Math.min(room, counts.get(rank) ?? 0);
    quota.set(rank, take);
    room -= take;
  }
  const byRank = new Map<number, Finding[]>();
  // Every quota filled, the findings left would all be left out: stop reading them.
  let wanted = MAX_SARIF_RESULTS - room;
  for (const f of report.findings) {
    if (wanted === 0) break;
    if (!includePassing && !DEFAULT_OUTCOMES.has(f.outcome)) continue;
    const rank = rankOf(f);
    const list = byRank.get(rank) ?? [];
    if (list.length < (quota.get(rank) ?? 0)) {
      list.push(f);
      byRank.set(rank, list);
      wanted--;
    }
  }
  const kept = [...byRank.keys()].sort((a, b) => a - b).flatMap((rank) => byRank.get(rank) ?? []);
  return { kept, eligible };
}

/**
 * Renders a SARIF 2.1.0 log with one run. Results are the findings `--fail-on` gates on (fail, error),
 * or every finding with `includePassing`; at most 25,000, highest level first, with a tool notification
 * when some were left out, and one that counts the undecided (unknown) checks not reported as results. Same report and options, same bytes: no timestamps unless
 * `options.timestamp` is given. Results are written one chunk each.
 */
export function* formatSarif(report: ReportView, options: ReporterOptions = {}): Generator<string> {
  const rules = indexRules(report);
  const ruleIndex = new Map(rules.sorted.map((rule, i) => [rule.definition.id, i]));
  const { kept, eligible } = selectFindings(report, options.includePassing === true);

  const notifications = report.notices.map(toNotification);
  const undecided = options.includePassing ? undefined : undecidedNotification(report);
  if (undecided) notifications.push(undecided);
  if (kept.length < eligible) {
    notifications.push({
      level: 'warning',
      message: {
        text:
          `Left out ${eligible - kept.length} of ${eligible} results: GitHub code scanning accepts at most ` +
          `${MAX_SARIF_RESULTS} results per run. The most severe were kept; the JSON report has every finding.`,
      },
      descriptor: { id: 'results-truncated' },
    });
  }
  const invocation = {
    executionSuccessful: true,
    ...(options.timestamp ? { startTimeUtc: options.timestamp, endTimeUtc: options.timestamp } : {}),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
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
        description: { text: 'The directory aipcheck ran in; inventory paths are relative to it.' },
      },
    },
    // GitHub reads `category/run-id`: one category for every snapshot, so alerts close when fixed.
    automationDetails: { id: `aipcheck/${stripControls(report.snapshotId).replaceAll('/', '_')}` },
    columnKind: 'utf16CodeUnits',
    properties: {
      snapshotId: stripControls(report.snapshotId),
      checks: countChecks(report.summary),
      ...report.summary,
    },
  };

  const head = JSON.stringify(run, null, 2).replace(/\n}$/, '');
  yield '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n';
  yield `    ${head.replaceAll('\n', '\n    ')},\n`;
  if (kept.length === 0) {
    yield '      "results": []\n    }\n  ]\n}\n';
    return;
  }
  yield '      "results": [\n';
  // One line per result: a third of the bytes of an indented result, and grep shows a whole result.
  const last = kept.length - 1;
  for (const [i, f] of kept.entries()) {
    yield `        ${JSON.stringify(toResult(f, ruleIndex.get(f.ruleId)))}${i < last ? ',' : ''}\n`;
  }
  yield '      ]\n    }\n  ]\n}\n';
}
