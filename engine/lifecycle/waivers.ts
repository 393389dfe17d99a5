// Waivers: accepted risks that turn a rule's fail into `waived` until a date, matched in O(1) per finding.
import { type Diagnostic, diagnostic, ErrorCode } from '../errors.js';
import type { Locator, WaiverDefinition, WaiverRef } from '../types.js';

/** A waiver as loaded: its definition, where it was written, and its number in the run (file order). */
export interface Waiver extends WaiverRef {
  /** Its position among every waiver of the run: the first matching active waiver wins. */
  index: number;
}

/** Where a waiver stands on `today`. */
export type WaiverStatus = 'active' | 'expiring' | 'expired';

/** Whole days from `from` to `to` (YYYY-MM-DD dates, UTC). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `active` through its `expires` day, `expiring` when that is at most `warnDays` away, else `expired`. */
export function waiverStatus(waiver: Pick<WaiverDefinition, 'expires'>, today: string, warnDays: number): WaiverStatus {
  const left = daysBetween(today, waiver.expires);
  if (left < 0) return 'expired';
  return left <= warnDays ? 'expiring' : 'active';
}

/** A glob of `*` and `?` as an anchored, case-insensitive regular expression; everything else is literal. */
export function compileGlob(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, 'is');
}

function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** A waiver compiled for matching: exact ids in a set, globs as regular expressions. */
interface CompiledWaiver {
  waiver: Waiver;
  expired: boolean;
  everyTarget: boolean;
  ids: ReadonlySet<string>;
  globs: readonly RegExp[];
}

/** What a lookup finds for a failing finding: the waiver that applies, or the expired one that no longer does. */
export interface WaiverMatch {
  waiver?: Waiver;
  expired?: Waiver;
}

/**
 * The run's waivers, compiled: exact rule ids in a map, rule globs resolved once per rule id, target ids in a
 * set per waiver. A lookup costs a few map reads, and a regular expression only for target globs.
 */
export class WaiverSet {
  private readonly byRule = new Map<string, CompiledWaiver[]>();
  private readonly ruleGlobs: { glob: RegExp; compiled: CompiledWaiver }[] = [];
  private readonly resolved = new Map<string, readonly CompiledWaiver[]>();
  readonly waivers: readonly Waiver[];

  constructor(waivers: readonly Waiver[], today: string) {
    this.waivers = waivers;
    for (const waiver of waivers) {
      const targets = waiver.targets ?? [];
      const compiled: CompiledWaiver = {
        waiver,
        expired: waiverStatus(waiver, today, 0) === 'expired',
        everyTarget: waiver.targets === undefined,
        ids: new Set(targets.filter((t) => !isGlob(t)).map((t) => t.toLowerCase())),
        globs: targets.filter(isGlob).map(compileGlob),
      };
      if (isGlob(waiver.rule)) this.ruleGlobs.push({ glob: compileGlob(waiver.rule), compiled });
      else this.byRule.set(waiver.rule, [...(this.byRule.get(waiver.rule) ?? []), compiled]);
    }
  }

  get size(): number {
    return this.waivers.length;
  }

  /** The waivers that name this rule, in file order (rule globs resolved once per rule id). */
  private forRule(ruleId: string): readonly CompiledWaiver[] {
    let list = this.resolved.get(ruleId);
    if (list === undefined) {
      list = [
        ...(this.byRule.get(ruleId) ?? []),
        ...this.ruleGlobs.filter((g) => g.glob.test(ruleId)).map((g) => g.compiled),
      ].sort((a, b) => a.waiver.index - b.waiver.index);
      this.resolved.set(ruleId, list);
    }
    return list;
  }

  /** Whether any waiver names the rule: a rule none names is never looked up further. */
  covers(ruleId: string): boolean {
    return this.forRule(ruleId).length > 0;
  }

  /** The first active waiver of the rule covering the target, else the first expired one, else nothing. */
  match(ruleId: string, targetId: string): WaiverMatch {
    const list = this.forRule(ruleId);
    if (list.length === 0) return {};
    const id = targetId.toLowerCase();
    let expired: Waiver | undefined;
    for (const c of list) {
      if (!(c.everyTarget || c.ids.has(id) || c.globs.some((g) => g.test(targetId)))) continue;
      if (!c.expired) return { waiver: c.waiver };
      expired ??= c.waiver;
    }
    return expired ? { expired } : {};
  }
}

/**
 * Checks what the schema cannot: real calendar dates, `created` not after `expires`, and the organization's
 * longest allowed waiver (`maxDays`, counted from `created`, or from `today` when it is absent).
 */
export function checkWaiverPolicy(
  waivers: readonly WaiverDefinition[],
  file: string,
  locate: Locator,
  options: { today: string; maxDays?: number },
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  waivers.forEach((w, i) => {
    const at = (key: string) => locate(['waivers', i, key]);
    for (const key of ['expires', 'created'] as const) {
      const value = w[key];
      if (value !== undefined && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        problems.push(diagnostic(ErrorCode.SCHEMA, file, at(key), `/waivers/${i}/${key}: "${value}" is not a date`));
        return;
      }
    }
    if (w.created !== undefined && daysBetween(w.created, w.expires) < 0) {
      problems.push(
        diagnostic(
          ErrorCode.SCHEMA,
          file,
          at('expires'),
          `/waivers/${i}/expires: ${w.expires} is before created ${w.created}`,
        ),
      );
    }
    if (options.maxDays !== undefined) {
      const from = w.created ?? options.today;
      const days = daysBetween(from, w.expires);
      if (days > options.maxDays) {
        problems.push(
          diagnostic(
            ErrorCode.WAIVER_POLICY,
            file,
            at('expires'),
            `waiver of ${w.rule} lasts ${days} days (from ${from} to ${w.expires}), longer than the ` +
              `--max-waiver-days policy of ${options.maxDays}; shorten it or renew it when it expires`,
          ),
        );
      }
    }
  });
  return problems;
}
