// Evaluate stage for streams: targets arrive one at a time (a JSON Lines fleet), results go to a compact store.
import { UintList } from '../append.js';
import type { CompiledRule, CompiledRuleSet } from '../compile/compile.js';
import type { Operator } from '../operators/operator.js';
import {
  KIND_CODE,
  OUTCOME_CODE,
  type PlainGroup,
  ResultStore,
  type StoredFindings,
  StringTable,
} from '../results/store.js';
import { connectorState, type InventoryFacts, locateFinding, type SourceIndex } from '../snapshot/targets.js';
import { sortByKey } from '../sort.js';
import type { Notice, SourceLocation, Target } from '../types.js';
import { evaluateRule, type RuleResult, rulesFor } from './evaluate.js';
import { EvidenceTable, locateForms, type PackedEvidence, packEvidence, unpackEvidence } from './evidence-table.js';
import { MessageShapes, type Shape } from './messages.js';
import { ReferenceRule } from './reference.js';
import { VerdictMemory } from './verdicts.js';

/** A verdict packs an outcome code (0–4) and a message shape: shape × OUTCOME_SLOTS + outcome. */
const OUTCOME_SLOTS = 8;

/** Decides one (rule, target) outcome: the compiled closures (`evaluateRule`) or json-rules-engine. */
export type RuleEvaluator = (rule: CompiledRule, target: Target) => RuleResult | Promise<RuleResult>;

/** An evaluator running json-rules-engine itself for every (rule, target), with the same operators. */
export function createReferenceEvaluator(
  ruleSet: CompiledRuleSet,
  operators: ReadonlyMap<string, Operator>,
): RuleEvaluator {
  const references = ruleSet.rules.map((rule) => new ReferenceRule(rule, operators));
  return (rule, target) => (references[rule.index] as ReferenceRule).evaluate(target);
}

/** Class codes are (class name number + 1) × 4 + the server's connector state (targets.ts `connectorState`). */
const CONNECTOR = 3;
const CLASS_SHIFT = 2;

/** An upper-case ASCII letter or anything beyond ASCII: without one, lower-casing text leaves it as it is. */
const NOT_LOWER_ASCII = /[A-Z\u0080-\uFFFF]/;

/** An evaluation as data: what a worker thread sends back (typed arrays and plain strings). */
export interface PartialEvaluation {
  kinds: Uint32Array;
  flags: Uint32Array;
  ids: string[];
  names: string[];
  classes: Uint32Array;
  classNames: string[];
  mixedCase: { device: boolean; server: boolean };
  /** Its devices' and servers' ordinals in id order: sorted by the thread that read them, while it waits. */
  sorted: { device: Uint32Array; server: Uint32Array };
  columns: {
    targets: Uint32Array;
    outcomes: Uint32Array;
    shapes: Uint32Array;
    files: Uint32Array;
    lines: Uint32Array;
    columns: Uint32Array;
  }[];
  shapes: Shape[];
  /** The evidence of each shape, by id. */
  evidence: PackedEvidence;
  files: string[];
  notices: PackedTargetNotices;
  /**
   * When the sending thread keeps its ids and names (under this key) for reports sent back to it: then they
   * are left out of those reports (see `TargetTable.borrow`).
   */
  textsKey?: number;
}

/** The buffers of a partial evaluation's typed arrays: what a thread can hand over instead of copying. */
export function partialBuffers(partial: PartialEvaluation): ArrayBuffer[] {
  const arrays = [
    partial.kinds,
    partial.flags,
    partial.classes,
    partial.notices.ordinals,
    partial.notices.codes,
    partial.notices.files,
    partial.notices.lines,
    partial.notices.columns,
    partial.sorted.device,
    partial.sorted.server,
    ...partial.columns.flatMap((c) => Object.values(c)),
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/**
 * The notices about targets (assets without platform or role), kept until the end so merged and superseded targets
 * can drop theirs, as columns: an AD export of a million computers has one per server, 320,000, which as objects
 * cost the garbage collector and the copy between threads more than the rest of their rows.
 */
export interface PackedTargetNotices {
  ordinals: Uint32Array;
  /** `TARGET_NOTICE_CODES` index. */
  codes: Uint32Array;
  /** Index into the partial's `files`. */
  files: Uint32Array;
  lines: Uint32Array;
  columns: Uint32Array;
}

/** The codes of target notices, by their index in `PackedTargetNotices.codes`. */
const TARGET_NOTICE_CODES = ['missing-platform', 'missing-role'] as const;

/**
 * The message of a target notice, made when notices are read: kept as text for each of a million-row AD
 * export's 320,000 servers, the messages were a tenth of the memory of its evaluation.
 */
function targetNoticeMessage(code: number, id: string): string {
  const [kind, what] = code === 0 ? ['device', 'platform'] : ['server', 'role'];
  return `${kind} ${id} has no ${what} in any input, so no ${kind} rule was evaluated for it`;
}

/**
 * The message of a target notice from its code (`missing-platform` or `missing-role`) and its target's id, as
 * the table makes it: what another thread sent the id of makes the message back. Undefined for another code.
 */
export function targetNoticeText(code: string, id: string): string | undefined {
  const index = (TARGET_NOTICE_CODES as readonly string[]).indexOf(code);
  return index < 0 ? undefined : targetNoticeMessage(index, id);
}

/**
 * Notices about targets (`FleetEvaluation.noticeTable`), each made when read: all at level `warning`, each with
 * a location.
 */
export interface TargetNoticeTable {
  readonly length: number;
  code(n: number): string;
  file(n: number): string;
  line(n: number): number;
  column(n: number): number;
  /** The id of notice `n`'s target: with its code, all `targetNoticeText` needs to make its message. */
  target(n: number): string;
  /** Notice `n` as an object, as `notices` gives it. */
  notice(n: number): Notice;
}

/** Every notice of a table, as objects. */
export function noticesOf(table: TargetNoticeTable): Notice[] {
  const notices: Notice[] = [];
  for (let n = 0; n < table.length; n++) notices.push(table.notice(n));
  return notices;
}

/**
 * One evaluation of a snapshot whose assets arrive one by one. Each asset is evaluated as soon as it is
 * added and only numbers are kept (see ResultStore); the organization, whose rules read aggregates over all
 * assets (`inventory`), is evaluated last. Pure: the caller reads the inputs.
 */
export class FleetEvaluation {
  private readonly store: ResultStore;
  readonly messages = new MessageShapes();
  private readonly evidence = new EvidenceTable();
  private readonly classes = new UintList();
  private readonly classNames = new StringTable();
  private readonly targetNotices = {
    ordinals: new UintList(),
    codes: new UintList(),
    files: new UintList(),
    lines: new UintList(),
    columns: new UintList(),
  };

  /** A target notice (`TARGET_NOTICE_CODES[code]`) of the target at `ordinal`, its message made when read. */
  private addTargetNotice(ordinal: number, code: number, at: SourceLocation): void {
    const notices = this.targetNotices;
    notices.ordinals.push(ordinal);
    notices.codes.push(code);
    notices.files.push(this.store.files.intern(at.file));
    notices.lines.push(at.line);
    notices.columns.push(at.column);
  }

  constructor(
    readonly ruleSet: CompiledRuleSet,
    readonly index: SourceIndex,
    options: { rememberVerdicts?: boolean; evidence?: number } = {},
  ) {
    this.store = new ResultStore(ruleSet.rules, this.messages.shapes, this.messages.evidence);
    this.evidenceMask = options.evidence ?? 0;
    this.verdicts = options.rememberVerdicts === false ? undefined : new VerdictMemory();
    this.locates = ruleSet.rules.map((rule) => (rule.loaded.definition.locate?.length ?? 0) > 0);
  }

  /** The position of the target itself, where findings of rules without `locate` paths point. */
  private targetLocation(target: Target): SourceLocation {
    const { file, at } = target.source;
    if (at) return { file, line: at.line, column: at.column };
    const locate = this.index.locators.get(file);
    return { file, ...(locate ? locate(target.source.pointer) : { line: 1, column: 1 }) };
  }

  /** Whether some asset id of each kind has upper-case or non-ASCII letters (ids match case-insensitively). */
  private readonly mixedCase = { device: false, server: false };

  private register(target: Target): number {
    const ordinal = this.store.targets.add(target.kind, target.id, target.name);
    if (target.kind !== 'organization' && !this.mixedCase[target.kind] && NOT_LOWER_ASCII.test(target.id)) {
      this.mixedCase[target.kind] = true;
    }
    const asset = target.kind === 'device' || target.kind === 'server' ? target.facts[target.kind] : undefined;
    const what = target.kind === 'device' ? 'platform' : 'role';
    const value = asset !== null && typeof asset === 'object' ? (asset as Record<string, unknown>)[what] : undefined;
    const connector = target.kind === 'server' ? connectorState(asset) : 0;
    this.classes.push(((typeof value === 'string' ? this.classNames.intern(value) + 1 : 0) << CLASS_SHIFT) + connector);
    if ((target.kind === 'device' && !target.platform) || (target.kind === 'server' && !target.role)) {
      this.addTargetNotice(ordinal, target.kind === 'device' ? 0 : 1, this.targetLocation(target));
    }
    return ordinal;
  }

  /** Rules whose findings point at a fact of their own (`locate`), by index; the others at the target. */
  private readonly locates: readonly boolean[];

  private record(
    rule: CompiledRule,
    ordinal: number,
    target: Target,
    result: RuleResult,
    at: SourceLocation,
    file: number,
  ): void {
    this.recordVerdict(rule, ordinal, target, this.verdictOf(rule, target, result), at, file);
  }

  /** The outcomes (a mask of OUTCOME_CODE bits) whose findings carry evidence: those a report lists. */
  private readonly evidenceMask: number;

  /**
   * An outcome and its message shape as one number. Outcomes that carry evidence are interned with it: like the
   * message, it is decided once per combination of the values the rules read, not once per target.
   */
  private verdictOf(rule: CompiledRule, target: Target, result: RuleResult): number {
    const code = OUTCOME_CODE[result.outcome];
    if ((this.evidenceMask & (1 << code)) === 0) {
      return this.messages.intern(rule, target, result) * OUTCOME_SLOTS + code;
    }
    const evidence = this.evidence.record(rule, target.facts, result.outcome);
    return this.messages.intern(rule, target, result, evidence, this.evidence.shared) * OUTCOME_SLOTS + code;
  }

  private recordVerdict(
    rule: CompiledRule,
    ordinal: number,
    target: Target,
    verdict: number,
    at: SourceLocation,
    file: number,
  ): void {
    const outcome = verdict % OUTCOME_SLOTS;
    const shape = Math.floor(verdict / OUTCOME_SLOTS);
    if (this.locates[rule.index]) {
      this.store.add(rule, ordinal, outcome, shape, locateFinding(rule, target, this.index));
    } else {
      this.store.addAt(rule, ordinal, outcome, shape, file, at.line, at.column);
    }
  }

  /**
   * Remembers verdicts of asset rules by the values they read (see VerdictMemory); `rememberVerdicts:
   * false` decides every one afresh (tests compare the two).
   */
  private readonly verdicts: VerdictMemory | undefined;

  /** The target `add` evaluates, for `decide` (one function for every target, not one made per target). */
  private current: Target | undefined;
  private readonly decide = (rule: CompiledRule): number => {
    const target = this.current as Target;
    return this.verdictOf(rule, target, evaluateRule(rule, target));
  };

  /** Evaluates every rule that applies to `target` with the compiled engine. Returns the target's ordinal. */
  add(target: Target): number {
    const ordinal = this.register(target);
    const rules = rulesFor(this.ruleSet, target);
    if (rules.length === 0) return ordinal;
    const at = this.targetLocation(target);
    const file = this.store.files.intern(at.file);
    this.current = target;
    const verdicts =
      target.kind === 'organization' || !this.verdicts
        ? rules.map(this.decide)
        : this.verdicts.verdicts(rules, target.facts, this.decide);
    for (let i = 0; i < rules.length; i++) {
      this.recordVerdict(rules[i] as CompiledRule, ordinal, target, verdicts[i] as number, at, file);
    }
    return ordinal;
  }

  /** `add` with another engine deciding the outcomes (json-rules-engine: `createReferenceEvaluator`). */
  async addWith(target: Target, evaluator: RuleEvaluator): Promise<number> {
    const ordinal = this.register(target);
    const rules = rulesFor(this.ruleSet, target);
    if (rules.length === 0) return ordinal;
    const at = this.targetLocation(target);
    const file = this.store.files.intern(at.file);
    for (const rule of rules) this.record(rule, ordinal, target, await evaluator(rule, target), at, file);
    return ordinal;
  }

  /** Everything evaluated so far, as plain data another thread can send: see `absorb`. */
  toPartial(): PartialEvaluation {
    const { targets, columns, files } = this.store;
    return {
      kinds: targets.kinds.view().slice(),
      flags: targets.flags.view().slice(),
      ids: targets.ids,
      names: targets.names,
      classes: this.classes.view().slice(),
      classNames: this.classNames.values,
      mixedCase: { ...this.mixedCase },
      sorted: { device: targets.sortedOrdinals('device').slice(), server: targets.sortedOrdinals('server').slice() },
      columns: columns.map((c) => ({
        targets: c.targets.view().slice(),
        outcomes: c.outcomes.view().slice(),
        shapes: c.shapes.view().slice(),
        files: c.files.view().slice(),
        lines: c.lines.view().slice(),
        columns: c.columns.view().slice(),
      })),
      shapes: this.messages.shapes,
      evidence: packEvidence(this.messages.evidence),
      files: files.values,
      notices: {
        ordinals: this.targetNotices.ordinals.view().slice(),
        codes: this.targetNotices.codes.view().slice(),
        files: this.targetNotices.files.view().slice(),
        lines: this.targetNotices.lines.view().slice(),
        columns: this.targetNotices.columns.view().slice(),
      },
    };
  }

  /**
   * Appends another evaluation of the same rule set (part of a file evaluated by another thread) after
   * everything here; `lineOffset` is added to its lines, which counted from the start of its part, and
   * `columnOffset` to the columns on its first line (a part that starts in the middle of a line).
   * Returns the ordinal its first target gets.
   */
  absorb(partial: PartialEvaluation, lineOffset: number, columnOffset = 0): number {
    const { targets, columns, files } = this.store;
    const offset = targets.size;
    const shapeOffset = this.messages.shapes.length;
    targets.addAll(partial.kinds, partial.ids, partial.names, partial.flags);
    if (partial.textsKey !== undefined)
      targets.borrow({ from: offset, count: partial.kinds.length, key: partial.textsKey });
    // The other thread numbered its class names itself.
    const classNumbers = partial.classNames.map((name) => this.classNames.intern(name) + 1);
    for (let i = 0; i < partial.classes.length; i++) {
      const code = partial.classes[i] as number;
      const number = code >> CLASS_SHIFT > 0 ? (classNumbers[(code >> CLASS_SHIFT) - 1] as number) : 0;
      this.classes.push((number << CLASS_SHIFT) + (code & CONNECTOR));
    }
    for (const kind of ['device', 'server'] as const) {
      targets.addSorted(
        kind,
        partial.sorted[kind].map((ordinal) => ordinal + offset),
      );
    }
    this.mixedCase.device ||= partial.mixedCase.device;
    this.mixedCase.server ||= partial.mixedCase.server;
    const evidence = unpackEvidence(partial.evidence);
    partial.shapes.forEach((shape, i) => {
      this.messages.adopt(shape, evidence[i]);
    });
    const fileIds = partial.files.map((file) => files.intern(file));
    partial.columns.forEach((c, rule) => {
      const into = columns[rule];
      if (!into) throw new Error(`absorb: no rule ${rule} here`);
      into.targets.append(c.targets, offset);
      into.outcomes.append(c.outcomes, 0);
      into.shapes.append(c.shapes, shapeOffset);
      into.files.append(
        c.files.map((file) => fileIds[file] as number),
        0,
      );
      into.lines.append(c.lines, lineOffset);
      into.columns.append(
        columnOffset === 0 ? c.columns : c.columns.map((v, i) => (c.lines[i] === 1 ? v + columnOffset : v)),
        0,
      );
    });
    const notices = partial.notices;
    for (let i = 0; i < notices.ordinals.length; i++) {
      const line = notices.lines[i] as number;
      const column = notices.columns[i] as number;
      const at = {
        file: partial.files[notices.files[i] as number] as string,
        line: line + lineOffset,
        column: line === 1 ? column + columnOffset : column,
      };
      this.addTargetNotice((notices.ordinals[i] as number) + offset, notices.codes[i] as number, at);
    }
    return offset;
  }

  /** Gives the organization and network facts of every evidence their location (call once every input is read). */
  locateEvidence(): void {
    locateForms(this.messages.evidence, this.index);
  }

  /**
   * Prepares for another thread's part while waiting for it: the targets added so far are kept as a sorted run and
   * their ids and names packed, so that `absorb` merges into them instead of sorting and packing everything again.
   */
  awaitPart(): void {
    this.store.targets.keepSorted();
    this.store.targets.prepack();
  }

  /** Whether the target at `ordinal` is a device. */
  isDevice(ordinal: number): boolean {
    return this.store.targets.kinds.get(ordinal) === KIND_CODE.device;
  }

  /** Leaves a target out of the report and the inventory counts: another one replaces it. */
  remove(ordinal: number): void {
    this.store.targets.kill(ordinal);
  }

  /**
   * Assets added more than once under one id (case-insensitive, as `mergeParts` matches them): groups of
   * ordinals, each in the order added. The caller merges each group and adds the result in their place.
   */
  duplicateGroups(): number[][] {
    const groups: number[][] = [];
    const { ids } = this.store.targets;
    for (const kind of ['device', 'server'] as const) {
      const sorted = this.store.targets.sortedOrdinals(kind);
      // Merging the other thread's targets already found equal ids: then the groups are read off that.
      const same = this.mixedCase[kind] ? undefined : this.store.targets.sameAsBefore(kind);
      let order = sorted;
      let equal = (j: number) => same?.[j] === 1;
      if (!same) {
        let keys: readonly string[] = ids;
        if (this.mixedCase[kind]) {
          const lower: string[] = [];
          for (const ordinal of sorted) lower[ordinal] = (ids[ordinal] as string).toLowerCase();
          keys = lower;
          order = sortByKey(sorted.slice(), lower);
        }
        equal = (j) => keys[order[j] as number] === keys[order[j - 1] as number];
      }
      for (let i = 0; i < order.length; ) {
        let j = i + 1;
        while (j < order.length && equal(j)) j++;
        if (j - i > 1) groups.push(Array.from(order.subarray(i, j)).sort((a, b) => a - b));
        i = j;
      }
    }
    return groups;
  }

  /**
   * Aggregates over the live assets, the `inventory` fact of organization rules; `declaredConnectorUse` is the
   * organization's own statement on the Rights Management connector (targets.ts `declaredConnectorUse`).
   */
  inventoryFacts(declaredConnectorUse?: boolean): InventoryFacts {
    const { targets } = this.store;
    const kinds = targets.kinds.view();
    const classes = this.classes.view();
    let devices = 0;
    let unplatformed = 0;
    let servers = 0;
    let connector = 0;
    const states = [0, 0, 0, 0];
    const platforms = new Set<string>();
    const roles = new Set<string>();
    for (let i = 0; i < kinds.length; i++) {
      if (targets.isDead(i)) continue;
      const code = classes[i] as number;
      const name = code >> CLASS_SHIFT > 0 ? this.classNames.values[(code >> CLASS_SHIFT) - 1] : undefined;
      if (kinds[i] === 1) {
        devices++;
        if (name !== undefined) platforms.add(name);
        else unplatformed++;
      } else if (kinds[i] === 2) {
        servers++;
        if (name !== undefined) roles.add(name);
        const state = code & CONNECTOR;
        states[state] = (states[state] as number) + 1;
        if (state === 1) connector++;
      }
    }
    return {
      deviceCount: devices,
      devicesWithoutPlatform: unplatformed,
      serverCount: servers,
      platforms: [...platforms].sort() as InventoryFacts['platforms'],
      roles: [...roles].sort() as InventoryFacts['roles'],
      rmsConnectorServers: connector,
      rmsConnector: {
        using: connector,
        notUsing: states[3] as number,
        unstated: states[2] as number,
        ...(declaredConnectorUse === undefined ? {} : { declared: declaredConnectorUse }),
      },
    };
  }

  /**
   * Notices about live targets (assets without platform or role), devices first, each kind in input order. Read
   * before `seal`: sealing moves the targets into report order, and a notice's message names its target by place.
   */
  notices(): Notice[] {
    return noticesOf(this.noticeTable());
  }

  /**
   * The same notices as `notices`, as a table that makes each notice (and its message) only when it is read:
   * a million-row AD export has 320,000, which the main thread only packs for the helper. Read before `seal`
   * too; the table stays right after it (it holds the targets' ids, not their places).
   */
  noticeTable(): TargetNoticeTable {
    if (this.sealed) throw new Error('FleetEvaluation.notices() read after seal(): it would name the wrong targets');
    const { targets, files } = this.store;
    const { ordinals, codes, lines, columns } = this.targetNotices;
    const live: number[] = [];
    for (let i = 0; i < ordinals.length; i++) if (!targets.isDead(ordinals.get(i))) live.push(i);
    const kindOf = (i: number) => targets.kinds.get(ordinals.get(i));
    live.sort((a, b) => kindOf(a) - kindOf(b) || ordinals.get(a) - ordinals.get(b));
    const ids = live.map((i) => targets.ids[ordinals.get(i)] as string);
    const code = (n: number) => TARGET_NOTICE_CODES[codes.get(live[n] as number)] as string;
    const file = (n: number) => files.values[this.targetNotices.files.get(live[n] as number)] as string;
    const line = (n: number) => lines.get(live[n] as number);
    const column = (n: number) => columns.get(live[n] as number);
    const message = (n: number) => targetNoticeMessage(codes.get(live[n] as number), ids[n] as string);
    return {
      length: live.length,
      code,
      file,
      line,
      column,
      target: (n) => ids[n] as string,
      notice: (n) => ({
        code: code(n),
        level: 'warning',
        message: message(n),
        location: { file: file(n), line: line(n), column: column(n) },
      }),
    };
  }

  /**
   * Sorts the results into report order; `plain` adds findings made outside the engine (skipped rows);
   * only outcomes in the `listed` mask become findings, the others are counted.
   */
  seal(plain: readonly PlainGroup[] = [], listed?: number): StoredFindings {
    this.sealed = true;
    return this.store.seal(plain, listed);
  }

  /** Whether `seal` was called: the targets are in report order since. */
  private sealed = false;
}
