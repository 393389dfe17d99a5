// What text and Markdown say about waivers and the baseline: the same lines, escaped by each format.
import type { Finding, FindingList, LifecycleReport, WaiverRef } from '../engine/types.js';
import { describeTarget } from './common.js';

/** Fixed findings listed one by one at most; the JSON report lists every one. */
export const MAX_FIXED_LISTED = 50;

/** `file:line:col` of a waiver. */
export function waiverPlace(w: WaiverRef): string {
  return `${w.source.file}:${w.source.line}:${w.source.column}`;
}

/** A waiver in one line: rule, targets, owner, ticket, expiry, where. */
export function describeWaiver(w: WaiverRef): string {
  const targets = w.targets ? w.targets.join(', ') : 'every target';
  const ticket = w.ticket ?? w.link;
  return `${w.rule} [${targets}] owner ${w.owner}${ticket ? `, ${ticket}` : ''}, expires ${w.expires} (${waiverPlace(w)})`;
}

/** A section: a heading and its lines (unescaped). */
export interface LineSection {
  heading: string;
  lines: string[];
}

/**
 * The waiver and baseline sections of a report, in the order they are shown; none when neither was given.
 * `listWaived: false` leaves out the section listing each waived finding (a report that lists them elsewhere).
 */
export function lifecycleSections(
  lifecycle: LifecycleReport | undefined,
  findings: FindingList,
  { listWaived = true }: { listWaived?: boolean } = {},
): LineSection[] {
  if (!lifecycle) return [];
  const sections: LineSection[] = [];
  const w = lifecycle.waivers;
  if (w && listWaived) {
    const waived: Finding[] = [];
    for (const f of findings) if (f.outcome === 'waived') waived.push(f);
    const lines = waived.map(
      (f) =>
        `${f.ruleId} ${describeTarget(f.target)}: ${(f.waiver as WaiverRef).reason} — ${describeWaiver(f.waiver as WaiverRef)}`,
    );
    sections.push({ heading: `Waived (${waived.length}, judged on ${lifecycle.today})`, lines });
  }
  if (w) {
    const warnings = [
      ...w.expired.map((e) => `expired: ${describeWaiver(e.waiver)}; ${e.findings} finding(s) fail again`),
      ...w.expiring.map((e) => `expiring in ${e.expiresInDays} day(s): ${describeWaiver(e.waiver)}`),
      ...w.stale.map((s) => `stale (matches no failing finding): ${describeWaiver(s)}`),
    ];
    if (warnings.length > 0) sections.push({ heading: 'Waiver warnings', lines: warnings });
  }
  const b = lifecycle.baseline;
  if (b) {
    const c = b.counts;
    const lines = [
      `${c.new} new · ${c.updated} updated · ${c.unchanged} unchanged · ${c.absent} fixed (absent) since ${b.file}`,
    ];
    for (const f of b.absent.slice(0, MAX_FIXED_LISTED))
      lines.push(`fixed: ${f.ruleId} ${describeTarget(f.target)} (was ${f.outcome})`);
    if (b.absent.length > MAX_FIXED_LISTED)
      lines.push(`${b.absent.length - MAX_FIXED_LISTED} more fixed; the JSON report lists every one`);
    sections.push({ heading: 'Baseline', lines });
  }
  return sections;
}
