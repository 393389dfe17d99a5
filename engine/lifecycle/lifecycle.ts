// Lifecycle stage: waivers and a baseline applied to a report's findings, in one pass, O(1) per finding.

import { compareText } from '../errors.js';
import { StoredFinding } from '../results/findings.js';
import {
  type BaselineEntry,
  type BaselineState,
  FINDINGS_INDEX,
  type Finding,
  type FindingList,
  type FindingsIndex,
  type LifecycleReport,
  MESSAGE_SHAPE,
  type ReportView,
  type Summary,
  TARGET_PLAIN,
  type WaiverRef,
} from '../types.js';
import { type Baseline, compareWithBaseline, OPEN_OUTCOMES } from './baseline.js';
import { type Waiver, type WaiverSet, waiverStatus } from './waivers.js';

/** Per finding, in one byte: its baseline state (low 2 bits, 0 = none) and whether it got worse. */
const STATES: readonly (BaselineState | undefined)[] = [undefined, 'new', 'unchanged', 'updated'];
const STATE_CODE: Readonly<Record<string, number>> = { new: 1, unchanged: 2, updated: 3 };
const WORSE = 4;

/** The per-finding results of the pass, as plain data another thread can take (see helper.ts). */
export interface PortableLifecycle {
  codes: Uint8Array;
  /** Finding number → [waiver number, 1 when the waiver expired]. */
  waived: [number, number, number][];
  waivers: WaiverRef[];
  summary: Summary;
  index?: FindingsIndex;
}

/** A finding with what the lifecycle stage adds; every other field is the original finding's. */
class LifecycleFinding implements Finding {
  constructor(
    private readonly base: Finding,
    readonly outcome: Finding['outcome'],
    readonly waiver: WaiverRef | undefined,
    readonly expiredWaiver: WaiverRef | undefined,
    readonly baselineState: BaselineState | undefined,
  ) {}
  get ruleId() {
    return this.base.ruleId;
  }
  get ruleVersion() {
    return this.base.ruleVersion;
  }
  get pack() {
    return this.base.pack;
  }
  get level() {
    return this.base.level;
  }
  get messageId() {
    return this.base.messageId;
  }
  get target() {
    return this.base.target;
  }
  get message() {
    return this.base.message;
  }
  get location() {
    return this.base.location;
  }
  get [TARGET_PLAIN]() {
    return (this.base as { [TARGET_PLAIN]?: boolean })[TARGET_PLAIN];
  }
  get [MESSAGE_SHAPE]() {
    return (this.base as { [MESSAGE_SHAPE]?: unknown })[MESSAGE_SHAPE];
  }
  toJSON(): Finding {
    const base = (this.base as { toJSON?: () => Finding }).toJSON?.() ?? { ...this.base };
    return {
      ...base,
      outcome: this.outcome,
      ...(this.waiver ? { waiver: this.waiver } : {}),
      ...(this.expiredWaiver ? { expiredWaiver: this.expiredWaiver } : {}),
      ...(this.baselineState ? { baselineState: this.baselineState } : {}),
    };
  }
}

function toRef(w: Waiver): WaiverRef {
  const { index: _index, ...ref } = w;
  return ref;
}

/**
 * Findings with waivers and the baseline applied: a waived fail reads as `waived` with its waiver, a fail whose
 * only waiver expired names it, and every open finding carries its `baselineState`. Wraps the original list
 * (which stays lazy); the decisions are made once, in the constructor's pass, and kept one byte per finding.
 */
export class LifecycleFindings implements FindingList {
  readonly length: number;
  readonly summary: Summary;
  readonly [FINDINGS_INDEX]?: FindingsIndex;

  private constructor(
    readonly base: FindingList,
    private readonly data: PortableLifecycle,
  ) {
    this.length = base.length;
    this.summary = data.summary;
    if (data.index) this[FINDINGS_INDEX] = data.index;
  }

  /** Rebuilds the list from `toPortable` data over the same findings (another thread's copy of them). */
  static fromPortable(base: FindingList, data: PortableLifecycle): LifecycleFindings {
    return new LifecycleFindings(base, data);
  }

  toPortable(): PortableLifecycle {
    return this.data;
  }

  /** Applies the waivers and the baseline to `report`: the new findings and what the reports say about both. */
  static apply(
    report: ReportView,
    options: { waivers?: WaiverSet; baseline?: Baseline; today: string; warnDays: number },
  ): { findings: LifecycleFindings; lifecycle: LifecycleReport } {
    const { waivers, baseline, today, warnDays } = options;
    const codes = new Uint8Array(report.findings.length);
    const waived: [number, number, number][] = [];
    const uses = new Map<Waiver, number>();
    const waivedByRule = new Map<string, number>();
    // Which baseline entries some finding matched, by entry number: what is left is absent (fixed).
    const seen = baseline ? new Uint8Array(baseline.entries.size) : undefined;
    const counts: Record<BaselineState, number> = { new: 0, unchanged: 0, updated: 0, absent: 0 };
    const list = waivers?.waivers ?? [];
    let i = 0;
    for (const f of report.findings) {
      let outcome = f.outcome;
      if (waivers && outcome === 'fail' && waivers.covers(f.ruleId)) {
        const match = waivers.match(f.ruleId, f.target.id);
        const hit = match.waiver ?? match.expired;
        if (hit) {
          uses.set(hit, (uses.get(hit) ?? 0) + 1);
          waived.push([i, hit.index, match.waiver ? 0 : 1]);
          if (match.waiver) {
            outcome = 'waived';
            waivedByRule.set(f.ruleId, (waivedByRule.get(f.ruleId) ?? 0) + 1);
          }
        }
      }
      if (baseline && OPEN_OUTCOMES.has(outcome)) {
        const { state, worse, known } = compareWithBaseline(
          outcome === f.outcome ? f : { ...toPlain(f), outcome },
          baseline,
        );
        if (known && seen) seen[known.n] = 1;
        counts[state]++;
        codes[i] = (STATE_CODE[state] as number) | (worse ? WORSE : 0);
      }
      i++;
    }
    const summary: Summary = { ...report.summary };
    let total = 0;
    for (const n of waivedByRule.values()) total += n;
    if (waivers) {
      summary.fail -= total;
      summary.waived = total;
    }
    const base = (report.findings as { [FINDINGS_INDEX]?: FindingsIndex })[FINDINGS_INDEX];
    const index = base && {
      ...base,
      byRule: new Map(
        [...base.byRule].map(([id, s]) => {
          const n = waivedByRule.get(id) ?? 0;
          return [id, n === 0 ? s : { ...s, fail: s.fail - n, waived: n }];
        }),
      ),
    };
    const lifecycle: LifecycleReport = { today };
    if (waivers) {
      const dayLeft = (w: Waiver) =>
        Math.round((Date.parse(`${w.expires}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      const status = (w: Waiver) => waiverStatus(w, today, warnDays);
      lifecycle.waivers = {
        applied: list
          .filter((w) => status(w) !== 'expired' && (uses.get(w) ?? 0) > 0)
          .map((w) => ({ waiver: toRef(w), findings: uses.get(w) ?? 0, expiresInDays: dayLeft(w) })),
        expired: list
          .filter((w) => status(w) === 'expired')
          .map((w) => ({ waiver: toRef(w), findings: uses.get(w) ?? 0 })),
        expiring: list
          .filter((w) => status(w) === 'expiring')
          .map((w) => ({ waiver: toRef(w), expiresInDays: dayLeft(w) })),
        stale: list.filter((w) => status(w) !== 'expired' && !uses.has(w)).map(toRef),
      };
    }
    if (baseline && seen) {
      const absent: BaselineEntry[] = [];
      // A rule this run left out (--rule, --exclude-rule, --tag) was not judged: its findings are not fixed.
      const leftOut = new Set((report.excludedRules ?? []).map((r) => r.id));
      seen.forEach((matched, n) => {
        if (matched !== 0) return;
        const entry = baseline.detail(n);
        if (!leftOut.has(entry.ruleId)) absent.push(entry);
      });
      absent.sort(
        (a, b) =>
          compareText(a.ruleId, b.ruleId) ||
          compareText(a.target.kind, b.target.kind) ||
          compareText(a.target.id, b.target.id),
      );
      counts.absent = absent.length;
      lifecycle.baseline = { file: baseline.file, counts, absent };
    }
    const data: PortableLifecycle = { codes, waived, waivers: list.map(toRef), summary, ...(index ? { index } : {}) };
    return { findings: LifecycleFindings.fromPortable(report.findings, data), lifecycle };
  }

  [Symbol.iterator](): Iterator<Finding> {
    return new LifecycleCursor(this.base[Symbol.iterator](), this.data);
  }

  /**
   * Whether the run fails the gate: a fail or error at or above `threshold` (a level rank), only among the
   * findings new or worse since the baseline when `onlyNew`. Waived findings never fail it.
   */
  violates(test: (f: Pick<Finding, 'outcome' | 'level'>) => boolean, onlyNew: boolean): boolean {
    const { codes } = this.data;
    let i = 0;
    for (const f of this) {
      const code = codes[i++] as number;
      if (onlyNew && code !== 0 && (code & WORSE) === 0) continue;
      if (test(f)) return true;
    }
    return false;
  }

  toArray(): Finding[] {
    return [...this].map((f) =>
      f instanceof LifecycleFinding || f instanceof StoredFinding ? f.toJSON() : toPlain(f),
    );
  }
}

/**
 * Walks the original findings, handing each on with what the pass decided for it. The waived findings are
 * listed in finding order, so one index into them replaces a lookup per finding.
 */
class LifecycleCursor implements Iterator<Finding> {
  private i = 0;
  private nextHit = 0;

  constructor(
    private readonly base: Iterator<Finding>,
    private readonly data: PortableLifecycle,
  ) {}

  next(): IteratorResult<Finding> {
    const step = this.base.next();
    if (step.done) return step;
    const f = step.value;
    const i = this.i++;
    const code = this.data.codes[i] as number;
    const hits = this.data.waived;
    const hit = hits[this.nextHit]?.[0] === i ? hits[this.nextHit++] : undefined;
    if (code === 0 && hit === undefined) return step;
    const waiver = hit && hit[2] === 0 ? this.data.waivers[hit[1]] : undefined;
    const expired = hit && hit[2] === 1 ? this.data.waivers[hit[1]] : undefined;
    if (f instanceof StoredFinding) {
      // Each read of the store builds a new finding: it can take the lifecycle's fields itself.
      f.waiver = waiver;
      f.expiredWaiver = expired;
      f.baselineState = STATES[code & 3];
      return step;
    }
    return {
      value: new LifecycleFinding(f, waiver ? 'waived' : f.outcome, waiver, expired, STATES[code & 3]),
      done: false,
    };
  }
}

function toPlain(f: Finding): Finding {
  return (f as { toJSON?: () => Finding }).toJSON?.() ?? f;
}
