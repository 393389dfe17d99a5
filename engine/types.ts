// Shared data types of the engine: rule packs, snapshots, targets, outcomes and findings, and the readers of the
// optional hints the engine's findings carry. Imports nothing: every stage depends on this file, so a type that a
// later stage puts into a finding or a report is declared here.

/** A position in an input file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A path into a parsed document: object keys and array indexes. */
export type Pointer = readonly (string | number)[];

/**
 * Maps a pointer into one parsed input file to a position in that file. Returns the position of
 * the deepest node along the pointer that exists (never undefined: line 1, column 1 at worst).
 */
export type Locator = (pointer: Pointer) => { line: number; column: number };

/** Where a value came from: the file and the pointer of the value inside that file's document. */
export interface SourceRef {
  file: string;
  pointer: Pointer;
  /** Where `pointer` is, when the reader knows it without a locator (a JSON Lines asset: its line, column 1). */
  at?: { line: number; column: number };
}

// ---------------------------------------------------------------------------------------------
// Rule packs

export type Level = 'error' | 'warning' | 'note';
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** A json-rules-engine condition: all/any/not or a leaf fact/path/operator/value. */
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export interface LeafCondition {
  fact: string;
  path?: string;
  operator: string;
  /** A literal, or a reference to another fact `{ fact, path }`. */
  value: unknown;
}

export interface PackManifest {
  name: string;
  version: string;
  title: string;
  description?: string;
  source: { title: string; url: string; revised: string };
  engine: string;
}

export interface RuleSource {
  /** Section anchor of the source document, e.g. `#service-tags`. */
  section: string;
  /** The exact sentence(s) of the source document the rule encodes. */
  sentences: string[];
}

/** Which targets a rule is evaluated against. */
export type AppliesTo =
  | { kind: 'organization' }
  | { kind: 'device'; platforms?: DevicePlatform[] }
  | { kind: 'server'; roles?: ServerRole[] };

export interface RuleMessages {
  fail: string;
  pass?: string;
  unknown?: string;
  notApplicable?: string;
}

export interface RuleDefinition {
  id: string;
  version: string;
  title: string;
  severity: Level;
  description?: string;
  source: RuleSource;
  rationale: string;
  remediation: string;
  references: string[];
  tags: string[];
  appliesTo: AppliesTo;
  when?: Condition;
  require: Condition;
  /** Named message placeholders: name → the fact (and path) whose value fills it. */
  data?: Record<string, { fact: string; path?: string }>;
  messages: RuleMessages;
  /** For organization rules: fact paths whose source position a finding points at, first found wins. */
  locate?: string[];
}

/** A rule as loaded, with where it came from. */
export interface LoadedRule {
  definition: RuleDefinition;
  pack: PackManifest;
  file: string;
  /** Position of the rule file's document node for `pointer`. */
  locate: Locator;
}

export interface LoadedPack {
  manifest: PackManifest;
  file: string;
  locate: Locator;
  rules: LoadedRule[];
}

// ---------------------------------------------------------------------------------------------
// Inventory snapshots (the canonical model; inventories/inventory.schema.json describes every field)

// The lists are the source of the types, so a name added to one is in the other. The schemas' enums
// (inventories/inventory.schema.json, rules/rule.schema.json) are copies in the same order, which the validation
// errors print: test/engine/model-lists.test.ts checks them.
export const DEVICE_PLATFORMS = ['windows', 'macos', 'ios', 'android', 'windows-mobile', 'linux', 'other'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];
export const SERVER_ROLES = ['exchange', 'sharepoint', 'file-server'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

export interface SnapshotMetadata {
  id: string;
  collectedAt?: string;
  source?: string;
}

/** An asset as it appears in the snapshot. Only `id` is required; any other absent fact is unknown. */
export interface Asset {
  id: string;
  name?: string;
  /** ISO date of the observation; when two sources describe one asset, the newest wins. */
  observedAt?: string;
  [key: string]: unknown;
}

export interface Snapshot {
  schemaVersion?: string;
  snapshot: SnapshotMetadata;
  organization?: Record<string, unknown>;
  network?: Record<string, unknown>;
  assets?: { devices?: Asset[]; servers?: Asset[] };
}

/** A part of a snapshot read from one file, with a locator for positions in that file. */
export interface SnapshotPart {
  file: string;
  /** The importer that produced it (`inventory` for our own format). */
  format: string;
  snapshot: Snapshot;
  /** Maps a pointer into `snapshot` (not into the raw file) to a position in `file`. */
  locate: Locator;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type TargetKind = 'organization' | 'device' | 'server';

/** The id of the organization target when neither a configured id nor a tenant id is known. */
export const DEFAULT_ORGANIZATION_ID = 'organization';

/** One thing a rule is evaluated against. */
export interface Target {
  kind: TargetKind;
  id: string;
  name: string;
  /** Device platform or server role, used to index rules. */
  platform?: DevicePlatform;
  role?: ServerRole;
  /** The facts conditions read, by fact name (`device`, `server`, `organization`, `network`, `inventory`). */
  facts: Record<string, unknown>;
  /** Where the target itself is defined. */
  source: SourceRef;
  /** Assets assembled from several files: the source of each top-level fact. */
  origins?: ReadonlyMap<string, SourceRef>;
}

/** `waived`: a fail that a waiver accepts (see engine/lifecycle/waivers.ts); the engine itself never decides it. */
export type Outcome = 'pass' | 'fail' | 'notApplicable' | 'unknown' | 'error' | 'waived';
/** The outcomes the engine decides: every one but `waived`. */
export type EngineOutcome = Exclude<Outcome, 'waived'>;
export const OUTCOMES: readonly EngineOutcome[] = ['fail', 'error', 'unknown', 'pass', 'notApplicable'];

/** One condition leaf of a finding's evidence: the fact read, its value, the operator and what came out. */
export interface EvidenceCheck {
  /** Whether the leaf is part of the rule's applicability (`when`) or its requirement (`require`). */
  in: 'when' | 'require';
  /** The fact and path read, dotted (`device.os.version`). */
  fact: string;
  /** Its value; absent when missing, or when too large to repeat (then `valueSummary` says what it is). */
  value?: unknown;
  valueSummary?: string;
  /** Where the fact is, for organization and network facts (an asset's own facts are at the finding's location). */
  location?: SourceLocation;
  operator: string;
  /** The rule's value, or the value of the fact `expectedFact` it names. */
  expected: unknown;
  expectedFact?: string;
  result: 'true' | 'false' | 'unknown' | 'error';
  /** What decided, for network operators: the allowlist entry, the NSG rule with its priority, the certificate. */
  deciding?: unknown;
}

/** Why a finding came out as it did, as data: every condition leaf, and the facts whose absence made it unknown. */
export interface Evidence {
  checks: EvidenceCheck[];
  /** Facts (dotted paths) missing where they decided the outcome: what to collect for an unknown. */
  missing: string[];
}

// ---------------------------------------------------------------------------------------------
// Waivers and baseline, as findings and reports carry them (engine/lifecycle/ applies them)

/** One waiver as written in a waiver file (docs/waivers.schema.json). */
export interface WaiverDefinition {
  /** A rule id, or a glob of rule ids (`*` any characters, `?` one). */
  rule: string;
  /** Target ids or globs of them (case-insensitive); absent: every target of the rule. */
  targets?: string[];
  reason: string;
  owner: string;
  ticket?: string;
  link?: string;
  /** Last day the waiver applies (YYYY-MM-DD). */
  expires: string;
  created?: string;
}

/** A waiver in a report: its definition and where it is written. */
export interface WaiverRef extends WaiverDefinition {
  /** `file:line:col` of the waiver, so every report can point at it. */
  source: { file: string; line: number; column: number };
}

/** SARIF's `baselineState` of a result: how it compares with the baseline run. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/** One finding of the baseline report, as much of it as the comparison and the list of fixed findings need. */
export interface BaselineEntry {
  ruleId: string;
  ruleVersion: string;
  level: Level;
  outcome: Outcome;
  target: { kind: TargetKind | 'input'; id: string; name: string };
  message?: string;
  location?: { file: string; line: number; column: number };
}

/** What reports say about the run's waivers and baseline (JSON `waivers` and `baseline`). */
export interface LifecycleReport {
  today: string;
  waivers?: {
    /** Waivers that waived at least one finding, with how many, in file order. */
    applied: { waiver: WaiverRef; findings: number; expiresInDays: number }[];
    /** Waivers past their `expires` day: their findings fail again. */
    expired: { waiver: WaiverRef; findings: number }[];
    /** Active waivers that expire within the warning window (`--waiver-warn-days`). */
    expiring: { waiver: WaiverRef; expiresInDays: number }[];
    /** Active waivers that matched no failing finding: remove them or fix their rule or targets. */
    stale: WaiverRef[];
  };
  baseline?: {
    file: string;
    counts: Record<BaselineState, number>;
    /** Findings of the baseline that are gone (fixed), sorted by rule and target. */
    absent: BaselineEntry[];
  };
}

export interface Finding {
  ruleId: string;
  ruleVersion: string;
  pack: string;
  level: Level;
  outcome: Outcome;
  /** Message id: the key of `messages` used to render `message`. */
  messageId: keyof RuleMessages | 'error';
  /** `input` marks a finding about an input row itself (see engine/evaluate/input-errors.ts). */
  target: { kind: TargetKind | 'input'; id: string; name: string };
  message: string;
  location: SourceLocation;
  /** Structured evidence, for the outcomes a report lists (absent on findings made outside the engine). */
  evidence?: Evidence;
  /** The waiver that accepted this fail (outcome `waived`). */
  waiver?: WaiverRef;
  /** The expired waiver that covered this fail and no longer does. */
  expiredWaiver?: WaiverRef;
  /** How the finding compares with the baseline run (`--baseline`), for open outcomes. */
  baselineState?: BaselineState;
}

/** A problem with the inputs that did not stop the run (shown as tool notifications). */
export interface Notice {
  code: string;
  level: Level;
  message: string;
  location?: SourceLocation;
}

/**
 * Optional on a report (the helper thread's copy of a fleet's report has it): its notices read without making
 * them all, for a reporter that lists the first few and counts the rest. Read it with `noticeDigestOf`.
 * @package
 */
export const NOTICE_DIGEST: unique symbol = Symbol.for('aipcheck.noticeDigest');

/** A report's notices as `NOTICE_DIGEST` gives them. */
export interface NoticeDigest {
  readonly length: number;
  /** The first `count` notices (all of them when there are fewer). */
  first(count: number): readonly Notice[];
  /** Of the notices from `from` on: how many there are of each code, and the highest level among them. */
  rest(from: number): { codes: ReadonlyMap<string, number>; level: Level | undefined };
}

/** The report's notice digest: the one it carries (see `NOTICE_DIGEST`), else one read from `notices`. */
export function noticeDigestOf(report: { readonly notices: readonly Notice[] }): NoticeDigest {
  const carried = (report as { readonly [NOTICE_DIGEST]?: NoticeDigest })[NOTICE_DIGEST];
  if (carried) return carried;
  const { notices } = report;
  return {
    length: notices.length,
    first: (count) => notices.slice(0, count),
    rest(from) {
      const codes = new Map<string, number>();
      let level: Level | undefined;
      for (let i = from; i < notices.length; i++) {
        const notice = notices[i] as Notice;
        codes.set(notice.code, (codes.get(notice.code) ?? 0) + 1);
        level = higherLevel(level, notice.level);
      }
      return { codes, level };
    },
  };
}

/** Gives `report` a notice digest (see `NOTICE_DIGEST`): a report whose notices are made only when read. */
export function attachNoticeDigest<T extends object>(report: T, digest: NoticeDigest): T {
  Object.defineProperty(report, NOTICE_DIGEST, { value: digest });
  return report;
}

/** The order of levels: `note` < `warning` < `error`. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { note: 0, warning: 1, error: 2 };

/** The higher of two levels (`note` < `warning` < `error`); `b` when `a` is undefined. */
export function higherLevel(a: Level | undefined, b: Level): Level {
  return a === undefined || LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}

/** The outcomes someone has to act on: what reports list unless told to list everything. */
export const ACTION_OUTCOMES: readonly EngineOutcome[] = ['fail', 'error', 'unknown'];

export interface Summary {
  pass: number;
  fail: number;
  notApplicable: number;
  unknown: number;
  error: number;
  /** Fails a waiver accepts: present only when waivers were given. */
  waived?: number;
}

/** The outcomes a `Summary` counts, in its key order (the order JSON reports print them); `waived` comes last. */
export const SUMMARY_OUTCOMES: readonly EngineOutcome[] = ['pass', 'fail', 'notApplicable', 'unknown', 'error'];

/**
 * A summary with every count zero, keys in `SUMMARY_OUTCOMES` order (reports serialize it, so the order is part of
 * their bytes), with `waived: 0` last when `waived` is true (a report made with waivers counts them).
 */
export function emptySummary(waived = false): Summary {
  const summary: Summary = { pass: 0, fail: 0, notApplicable: 0, unknown: 0, error: 0 };
  if (waived) summary.waived = 0;
  return summary;
}

/** Unknown outcomes that lack one fact: how many, of which rules, and the exports that supply the fact. */
export interface UnknownFact {
  /** The missing fact, dotted (`device.labelingClient.installed`); `''` for unknowns whose facts were present but undecidable. */
  fact: string;
  outcomes: number;
  /** Rule ids, sorted. */
  rules: string[];
  /** The importers that supply the fact and the export or command that produces their input. */
  sources: { importer: string; command: string }[];
}

/** Everything a reporter needs. Findings are sorted (see `compareFindings`). */
export interface Report {
  tool: { name: string; version: string; informationUri: string };
  packs: { name: string; version: string }[];
  rules: LoadedRule[];
  /** Paths of the inventory files, relative to the working directory. */
  inputs: string[];
  /** Every outcome, listed or not. */
  summary: Summary;
  /** The findings listed: every outcome, or only those in `listed`. */
  findings: Finding[];
  /** The outcomes `findings` lists; absent means every outcome. */
  listed?: Outcome[];
  /** Outcomes evaluated but not listed in `findings`, by rule id (only rules that have some). */
  unlisted?: Record<string, Summary>;
  notices: Notice[];
  /** The unknown outcomes listed, by missing fact, most outcomes first (absent when none is known). */
  unknownFacts?: UnknownFact[];
  /** Snapshot id: names this snapshot, changes with every new one. */
  snapshotId: string;
  /** Waivers and baseline of the run, when either was given. */
  lifecycle?: LifecycleReport;
  /**
   * The organization's stable id (see `organizationIdOf`): the id of organization targets and the default
   * SARIF category. Absent in reports built by hand: `DEFAULT_ORGANIZATION_ID`.
   */
  organizationId?: string;
  /** Rules of the loaded packs that `--rule`, `--exclude-rule` or `--tag` left out, sorted by id. */
  excludedRules?: { id: string; reason: 'not-selected' | 'excluded' }[];
}

/**
 * Findings in report order that can be iterated any number of times; `length` is how many there are. A
 * `Finding[]` is one; an evaluation of a whole fleet returns one that builds each finding (and renders its
 * message) only when it is reached, so the findings never exist as objects all at once.
 */
export interface FindingList extends Iterable<Finding> {
  readonly length: number;
}

/**
 * What iterating the engine's own findings gives besides `next`: `skipRule` passes over the rest of the
 * findings of the rule of the finding given last, so a reporter that lists only the first few of each rule
 * reads no more of it. Read it with `ruleSkipperOf`.
 */
export interface RuleSkipper {
  skipRule(): void;
}

/** The `skipRule` of a findings iterator, when it has one (the engine's own findings). */
export function ruleSkipperOf(iterator: Iterator<Finding>): RuleSkipper | undefined {
  const skipper = iterator as Partial<RuleSkipper>;
  return typeof skipper.skipRule === 'function' ? (skipper as RuleSkipper) : undefined;
}

/** A report whose findings may be produced lazily, as reporters write them. Every `Report` is one. */
export interface ReportView extends Omit<Report, 'findings'> {
  findings: FindingList;
}

/**
 * Optional on a finding (the engine's own findings have it): its message as literal text and holes, numbers
 * 0, 1 and 2 standing for the target's id, name and kind. The message is the parts joined with the holes
 * filled, so a reporter can escape the literal text once per shape instead of once per finding. Outside the
 * engine, read it with `messageShapeOf`.
 * @package
 */
export const MESSAGE_SHAPE: unique symbol = Symbol.for('aipcheck.messageShape');

/**
 * Optional on a finding (the engine's own findings have it): true when its target's id and name need no
 * escaping. Outside the engine, read it with `hasPlainTarget`.
 * @package
 */
export const TARGET_PLAIN: unique symbol = Symbol.for('aipcheck.targetPlain');

/**
 * Optional on a finding (the engine's own findings have it): its evidence as JSON, exactly `JSON.stringify` of
 * `evidence`, or undefined when it has none. A fleet's evidence is kept as JSON, so this skips a round trip.
 * Outside the engine, read it with `evidenceJsonOf`.
 * @package
 */
export const EVIDENCE_JSON: unique symbol = Symbol.for('aipcheck.evidenceJson');

/**
 * Optional on a finding (the engine's own findings have it): its evidence as JSON in pieces (see
 * `EvidencePieces`), or null when it has none. The pieces of findings of one form are the very same array, so a
 * reporter can encode them once. Outside the engine, read it with `evidencePiecesOf`.
 * @package
 */
export const EVIDENCE_PIECES: unique symbol = Symbol.for('aipcheck.evidencePieces');

/**
 * Evidence as JSON: the text the findings of one form share, around the JSON of the values that differ. With
 * `values` split at U+0000 (which JSON text never holds raw), `pieces[0] + values[0] + pieces[1] + …` up to the
 * last piece is the evidence's JSON (`EVIDENCE_JSON`); one piece means no values, and `values` is ''.
 */
export interface EvidencePieces {
  readonly pieces: readonly string[];
  readonly values: string;
}

/**
 * Optional on a `FindingList` (the engine's own have it): what a reporter would otherwise need a pass over
 * every finding for. Its findings come grouped by rule, in `compareFindings` order. Outside the engine, read
 * it with `findingsIndexOf`.
 * @package
 */
export const FINDINGS_INDEX: unique symbol = Symbol.for('aipcheck.findingsIndex');

export interface FindingsIndex {
  /** Outcome counts of each rule's findings, by rule id. */
  byRule: ReadonlyMap<string, Summary>;
  /** Levels of each rule's findings, by rule id. */
  levels: ReadonlyMap<string, Level>;
  /**
   * Rules whose findings describe distinct targets (`kind id (name)`): no two of one kind and id, and no id
   * holding " (", the only way two targets' descriptions could coincide.
   */
  distinctTargets: ReadonlySet<string>;
}

/** The message of `finding` as literal parts and target holes (see `MESSAGE_SHAPE`), when it carries one. */
export function messageShapeOf(finding: Finding): readonly (string | number)[] | undefined {
  return (finding as { readonly [MESSAGE_SHAPE]?: readonly (string | number)[] })[MESSAGE_SHAPE];
}

/**
 * The evidence of `finding` as JSON (see `EVIDENCE_JSON`): a string, '' when it has none, or undefined when the
 * finding does not carry it.
 */
export function evidenceJsonOf(finding: Finding): string | undefined {
  if (!(EVIDENCE_JSON in finding)) return undefined;
  return (finding as { readonly [EVIDENCE_JSON]?: string })[EVIDENCE_JSON] ?? '';
}

/**
 * The evidence of `finding` as JSON pieces (see `EVIDENCE_PIECES`), null when it has none, or undefined when
 * the finding does not carry them.
 */
export function evidencePiecesOf(finding: Finding): EvidencePieces | null | undefined {
  if (!(EVIDENCE_PIECES in finding)) return undefined;
  return (finding as { readonly [EVIDENCE_PIECES]?: EvidencePieces | null })[EVIDENCE_PIECES] ?? null;
}

/** True when `finding` says its target's id and name need no escaping (see `TARGET_PLAIN`). */
export function hasPlainTarget(finding: Finding): boolean {
  return (finding as { readonly [TARGET_PLAIN]?: boolean })[TARGET_PLAIN] === true;
}

/** The per-rule index that `findings` carries (see `FINDINGS_INDEX`), when it carries one. */
export function findingsIndexOf(findings: FindingList): FindingsIndex | undefined {
  return (findings as { readonly [FINDINGS_INDEX]?: FindingsIndex })[FINDINGS_INDEX];
}
