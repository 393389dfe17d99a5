// Which findings a SARIF run lists under its result cap: a fair share per rule, chosen by stable fingerprints.
import * as crypto from 'node:crypto';
import { compareText } from '../engine/errors.js';
import { flatString } from '../engine/flat-string.js';
import {
  type Finding,
  type FindingsIndex,
  findingsIndexOf,
  hasPlainTarget,
  type Level,
  type Outcome,
  type ReportView,
} from '../engine/types.js';

/**
 * Results a SARIF run lists by default: GitHub code scanning stores only the first 5,000 results of a run
 * (and rejects a run of more than 25,000), so more would be dropped by the consumer in an order nobody chose.
 */
export const MAX_SARIF_RESULTS = 5_000;

/**
 * The SHA-256 of text as UTF-8, in hex: by `crypto.hash` (Node 20.12 and later), one call without a Hash
 * object and about twice as fast, which matters when every finding of a fleet is ranked by its fingerprint.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The same SHA-256 in base64: a shorter string to make, whose first 8 characters are the digest's first 48 bits. */
const sha256Base64: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64')
    : (text) => crypto.createHash('sha256').update(text).digest('base64');

/** The value of each base64 digit, by character code. */
const BASE64_DIGITS = new Uint8Array(128);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) {
  BASE64_DIGITS[c.charCodeAt(0)] = i;
}

/**
 * Identity of a result across runs: rule id and target, not the rule's version nor the line, so an alert
 * survives a rule update and an inventory file that is regenerated in another order.
 */
export function fingerprintOf(f: { ruleId: string; target: { kind: string; id: string } }): string {
  return sha256Hex(JSON.stringify([f.ruleId, f.target.kind, f.target.id]));
}

/** The text a fingerprint hashes up to the target's id, `["<ruleId>","<kind>","`, for the last rule and kind asked. */
let lastRuleId: string | undefined;
let lastKind: string | undefined;
let lastHead = '';

/**
 * The first 48 bits of `fingerprintOf(f)` as a number, which ranks every finding of a rule over its share: made
 * without `JSON.stringify` of an array when the target's id needs no escaping (the engine's findings say so),
 * and read from the digest in base64, not hex. On an AD export's 1.3 million unknowns, 0.8 µs a finding → 0.4 µs.
 */
function fingerprintBits(f: Finding): number {
  const { ruleId, target } = f;
  let text: string;
  if (hasPlainTarget(f)) {
    if (ruleId !== lastRuleId || target.kind !== lastKind) {
      lastRuleId = ruleId;
      lastKind = target.kind;
      // Flat: it is copied into the text of each finding hashed (see flatString).
      lastHead = flatString(`${JSON.stringify([ruleId, target.kind]).slice(0, -1)},"`);
    }
    text = `${lastHead}${target.id}"]`;
  } else text = JSON.stringify([ruleId, target.kind, target.id]);
  const digest = sha256Base64(text);
  let bits = 0;
  for (let i = 0; i < 8; i++) bits = bits * 64 + (BASE64_DIGITS[digest.charCodeAt(i)] as number);
  return bits;
}

/** What a rule's findings left out of the results count, by outcome, and where its first eligible finding is. */
export interface CutRule {
  ruleId: string;
  level: Level;
  /** Findings of each outcome that are not listed as results. */
  left: Partial<Record<Outcome, number>>;
  /** How many of the rule's findings are listed as results. */
  kept: number;
  /** The location of the rule's first eligible finding in report order: an inventory file. */
  location: Finding['location'];
}

export interface SarifSelection {
  /** The findings listed, in report order. */
  kept: Finding[];
  /** Findings that could be listed (their outcome is reported), kept or not. */
  eligible: number;
  /** Rules some of whose findings are not listed, sorted by rule id: each gets one summary result. */
  cut: CutRule[];
}

/**
 * Max-min fair shares of `budget` among rules with `counts` findings: every rule gets as many as it has up to
 * one level, the same for all; the few left over go one each to the rules cut, by rule id. Pure and stable:
 * a rule's share changes only when the level moves, which one more finding of a rule already cut never does.
 */
export function fairShares(counts: ReadonlyMap<string, number>, budget: number): Map<string, number> {
  const shares = new Map<string, number>();
  const ascending = [...counts.entries()].sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]));
  let room = Math.max(0, budget);
  for (const [i, [ruleId, count]] of ascending.entries()) {
    const level = Math.floor(room / (ascending.length - i));
    if (count <= level) {
      shares.set(ruleId, count);
      room -= count;
      continue;
    }
    // Every rule from here on has more than the level: each gets the level, the rest one more each by id.
    const rest = ascending.slice(i).map(([id]) => id);
    let extra = room - level * rest.length;
    for (const id of rest.sort(compareText)) {
      shares.set(id, level + (extra > 0 ? 1 : 0));
      extra--;
    }
    break;
  }
  return shares;
}

/**
 * Shares `max` results among rules so that each rule cut also has room for its summary result: the shares
 * of `max - k` results, where k is the number of rules those shares cut. At least the summaries are written
 * when `max` is smaller than the number of rules. `max` 0 means no limit.
 */
export function shareResults(counts: ReadonlyMap<string, number>, max: number): Map<string, number> {
  if (max === 0) return new Map(counts);
  let cutRules = 0;
  for (;;) {
    const shares = fairShares(counts, max - cutRules);
    let cut = 0;
    for (const [ruleId, count] of counts) if ((shares.get(ruleId) ?? 0) < count) cut++;
    if (cut <= cutRules) return shares;
    cutRules = cut;
  }
}

/** Rank inside a rule, most important first: failures, then errors, waived failures, unknowns, the rest. */
const OUTCOME_RANK: Record<Outcome, number> = { fail: 0, error: 1, waived: 2, unknown: 3, pass: 4, notApplicable: 5 };

/**
 * A finding's place in its rule's order: outcome rank, then the first 48 bits of its fingerprint (a
 * double holds both exactly). Equal keys (one in 2^48 pairs) fall back to report order.
 */
function orderKey(f: Finding): number {
  return rankKey(f.outcome) + fingerprintBits(f);
}

/** The smallest order key of a finding with this outcome: its rank, fingerprint bits all zero. */
function rankKey(outcome: Outcome): number {
  return OUTCOME_RANK[outcome] * 2 ** 48;
}

/** A bounded max-heap of (key, sequence, finding): keeps the `size` smallest keys, earlier sequence on ties. */
class Smallest {
  private readonly items: { key: number; seq: number; finding: Finding }[] = [];
  constructor(private readonly size: number) {}

  private above(a: number, b: number): boolean {
    const x = this.items[a] as { key: number; seq: number };
    const y = this.items[b] as { key: number; seq: number };
    return x.key > y.key || (x.key === y.key && x.seq > y.seq);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    [items[a], items[b]] = [items[b] as (typeof items)[number], items[a] as (typeof items)[number]];
  }

  offer(key: number, seq: number, finding: Finding): void {
    if (this.size === 0) return;
    const items = this.items;
    if (items.length < this.size) {
      items.push({ key, seq, finding });
      for (let i = items.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.above(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const top = items[0] as { key: number };
    // Later sequences lose ties, so an equal key never displaces a kept one.
    if (key >= top.key) return;
    items[0] = { key, seq, finding };
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < items.length && this.above(left, largest)) largest = left;
      if (right < items.length && this.above(right, largest)) largest = right;
      if (largest === i) break;
      this.swap(i, largest);
      i = largest;
    }
  }

  /**
   * Whether a key of at least `floor` could still be kept: not when the heap is full and its largest key is
   * at most `floor`. The findings of an outcome ranked below every kept one need no fingerprint then.
   */
  admits(floor: number): boolean {
    const top = this.items[0];
    return this.items.length < this.size || (top !== undefined && floor < top.key);
  }

  entries(): readonly { seq: number; finding: Finding }[] {
    return this.items;
  }
}

function findingsIndex(report: ReportView): FindingsIndex | undefined {
  return findingsIndexOf(report.findings);
}

/** Eligible findings by rule: from the engine's index when it has one, else by one pass. */
function countEligible(report: ReportView, reported: (outcome: Outcome) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  const index = findingsIndex(report);
  if (index) {
    for (const [ruleId, summary] of index.byRule) {
      let n = 0;
      for (const outcome of Object.keys(summary) as Outcome[]) if (reported(outcome)) n += summary[outcome] ?? 0;
      if (n > 0) counts.set(ruleId, n);
    }
    return counts;
  }
  for (const f of report.findings) {
    if (reported(f.outcome)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  }
  return counts;
}

/**
 * Picks the findings a SARIF run lists: every eligible finding of a rule within its fair share of `max`
 * (see `shareResults`); of a rule over its share, the findings of the most important outcome first, and among
 * them those whose fingerprints sort first. A target's place in that order depends on nothing but its rule
 * and id, so adding or removing other targets rarely changes which are kept. One pass; the findings of rules
 * within their share are never hashed.
 */
export function selectFindings(
  report: ReportView,
  reported: (outcome: Outcome) => boolean,
  max: number,
): SarifSelection {
  const counts = countEligible(report, reported);
  const shares = shareResults(counts, max);
  const heaps = new Map<string, Smallest>();
  const cut = new Map<string, CutRule>();
  for (const [ruleId, count] of counts) {
    const share = shares.get(ruleId) ?? 0;
    if (share < count) heaps.set(ruleId, new Smallest(share));
  }
  const whole: { seq: number; finding: Finding }[] = [];
  let seq = 0;
  let eligible = 0;
  for (const f of report.findings) {
    if (!reported(f.outcome)) continue;
    eligible++;
    const heap = heaps.get(f.ruleId);
    if (!heap) {
      whole.push({ seq: seq++, finding: f });
      continue;
    }
    let entry = cut.get(f.ruleId);
    if (!entry) {
      entry = { ruleId: f.ruleId, level: f.level, left: {}, kept: 0, location: f.location };
      cut.set(f.ruleId, entry);
    }
    entry.left[f.outcome] = (entry.left[f.outcome] ?? 0) + 1;
    if (heap.admits(rankKey(f.outcome))) heap.offer(orderKey(f), seq, f);
    seq++;
  }
  const chosen = [...whole];
  for (const [ruleId, heap] of heaps) {
    const entry = cut.get(ruleId);
    for (const item of heap.entries()) {
      chosen.push(item);
      if (entry) {
        entry.left[item.finding.outcome] = (entry.left[item.finding.outcome] ?? 1) - 1;
        entry.kept++;
      }
    }
  }
  chosen.sort((a, b) => a.seq - b.seq);
  return {
    kept: chosen.map((c) => c.finding),
    eligible,
    cut: [...cut.values()].sort((a, b) => compareText(a.ruleId, b.ruleId)),
  };
}
