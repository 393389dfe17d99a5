// Selecting the rules of a run: `--rule ID|GLOB`, `--exclude-rule ID|GLOB`, `--tag TAG`.
import picomatch from 'picomatch';
import { compareText } from '../errors.js';
import type { LoadedRule } from '../types.js';

/** Which rules a run evaluates. Absent or empty lists select nothing out. */
export interface RuleSelection {
  /** Rule ids or globs (`AIP-OS-*`): only rules matching one are evaluated (with `tags`: either). */
  rules?: readonly string[];
  /** Rule ids or globs: rules matching one are left out, whatever else selects them. */
  excludeRules?: readonly string[];
  /** Tags: only rules with one of them are evaluated (with `rules`: either). */
  tags?: readonly string[];
}

/** A rule the selection left out, and why. */
export interface ExcludedRule {
  id: string;
  reason: 'not-selected' | 'excluded';
}

export interface SelectedRules {
  selected: LoadedRule[];
  /** Sorted by rule id. */
  excluded: ExcludedRule[];
  /** Patterns and tags that match no rule: almost always a typo, which would silently skip the check. */
  unmatched: { option: '--rule' | '--exclude-rule' | '--tag'; value: string }[];
}

/** A matcher of rule ids: exact (case-insensitive) or a glob (`*`, `?`, `[...]`, `{a,b}`). */
function idMatcher(pattern: string): (id: string) => boolean {
  return picomatch(pattern, { nocase: true, dot: true });
}

/** Applies a selection to loaded rules, keeping their order. */
export function selectRules(rules: readonly LoadedRule[], selection: RuleSelection = {}): SelectedRules {
  const include = (selection.rules ?? []).map((p) => ({ value: p, test: idMatcher(p), used: false }));
  const exclude = (selection.excludeRules ?? []).map((p) => ({ value: p, test: idMatcher(p), used: false }));
  const tags = (selection.tags ?? []).map((t) => ({ value: t, key: t.toLowerCase(), used: false }));
  const narrowed = include.length > 0 || tags.length > 0;
  const selected: LoadedRule[] = [];
  const excluded: ExcludedRule[] = [];
  for (const rule of rules) {
    const { id } = rule.definition;
    const ruleTags = new Set((rule.definition.tags ?? []).map((t) => t.toLowerCase()));
    let chosen = !narrowed;
    for (const p of include) if (p.test(id)) chosen = p.used = true;
    for (const t of tags) if (ruleTags.has(t.key)) chosen = t.used = true;
    let dropped = false;
    for (const p of exclude) if (p.test(id)) dropped = p.used = true;
    if (chosen && !dropped) selected.push(rule);
    else excluded.push({ id, reason: chosen ? 'excluded' : 'not-selected' });
  }
  return {
    selected,
    excluded: excluded.sort((a, b) => compareText(a.id, b.id)),
    unmatched: [
      ...include.filter((p) => !p.used).map((p) => ({ option: '--rule' as const, value: p.value })),
      ...exclude.filter((p) => !p.used).map((p) => ({ option: '--exclude-rule' as const, value: p.value })),
      ...tags.filter((t) => !t.used).map((t) => ({ option: '--tag' as const, value: t.value })),
    ],
  };
}
