// Compact results: a row of numbers per (rule, target), each target's id and name once, messages as shapes.

import type { CompiledRule } from '../compile/compile.js';
import { compareText } from '../errors.js';
import type { StoredEvidence } from '../evaluate/evidence-table.js';
import type { Shape } from '../evaluate/messages.js';
import { emptySummary, type Finding, type Outcome, type SourceLocation, type Summary } from '../types.js';
import { ALL_OUTCOMES, KINDS_BY_CODE, OUTCOMES_BY_CODE, RuleColumns, StringTable } from './columns.js';
import { type FindingSource, type RuleInfo, type Section, StoredFindings } from './findings.js';
import { DEAD, TargetTable } from './target-table.js';

export * from './columns.js';
export * from './findings.js';
export * from './target-table.js';

/** Findings that were not evaluated from a compiled rule (unreadable input rows), kept as they are. */
export interface PlainGroup {
  ruleId: string;
  findings: Finding[];
}

function infoOf(rule: CompiledRule): RuleInfo {
  const def = rule.loaded.definition;
  return { id: def.id, version: def.version, pack: rule.loaded.pack.name, level: def.severity };
}

/** Results of an evaluation in compact form. `seal` sorts them into a `FindingList`. */
export class ResultStore {
  readonly targets = new TargetTable();
  readonly files = new StringTable();
  readonly columns: RuleColumns[];
  readonly shapes: Shape[];
  /** The evidence of each shape, by id (see `MessageShapes.evidence`). */
  readonly evidence: (StoredEvidence | undefined)[];

  constructor(
    readonly rules: readonly CompiledRule[],
    shapes: Shape[],
    evidence: (StoredEvidence | undefined)[] = [],
  ) {
    this.columns = rules.map(() => new RuleColumns());
    this.shapes = shapes;
    this.evidence = evidence;
  }

  /** Records one outcome (its code, see OUTCOME_CODE). */
  add(rule: CompiledRule, target: number, outcome: number, shape: number, location: SourceLocation): void {
    const file = this.files.intern(location.file);
    (this.columns[rule.index] as RuleColumns).add(target, outcome, shape, file, location.line, location.column);
  }

  /** Records one outcome at a position whose file is already interned. */
  addAt(
    rule: CompiledRule,
    target: number,
    outcome: number,
    shape: number,
    file: number,
    line: number,
    column: number,
  ): void {
    (this.columns[rule.index] as RuleColumns).add(target, outcome, shape, file, line, column);
  }

  /**
   * Sorts the results into report order: by rule id, then target kind, then target id. Renumbers the targets
   * in that order: call it once, after the last target was added. Only outcomes in `listed` (a mask, see
   * `outcomeMask`) become findings; the others are only counted (the summary counts every outcome).
   */
  seal(plain: readonly PlainGroup[] = [], listed = ALL_OUTCOMES): StoredFindings {
    const rank = new Uint32Array(this.targets.size);
    let next = 0;
    for (const kind of KINDS_BY_CODE) {
      for (const ordinal of this.targets.sortedOrdinals(kind)) rank[ordinal] = next++;
    }
    const groups: Group[] = [
      ...this.rules.map((rule): Group => ({ id: rule.loaded.definition.id, rule })),
      ...plain.map((p): Group => ({ id: p.ruleId, plain: p.findings })),
    ].sort((a, b) => compareText(a.id, b.id));
    const sections: Section[] = [];
    let slots: Int32Array | undefined;
    const lazySlots = () => {
      slots ??= new Int32Array(rank.length);
      return slots;
    };
    for (const group of groups) {
      if (group.rule) {
        const columns = this.columns[group.rule.index] as RuleColumns;
        const total = emptySummary();
        const order = this.orderRows(columns, { rank, slots: lazySlots, listed, total });
        sections.push({ info: infoOf(group.rule), columns, order, total });
      } else if (group.plain && group.plain.length > 0) {
        sections.push({ plain: group.plain });
      }
    }
    // Reports read targets in rank order: lay the table out in that order, so reading is sequential, not a
    // jump through a million scattered entries per finding.
    for (let ordinal = 0; ordinal < rank.length; ordinal++) if (this.targets.isDead(ordinal)) rank[ordinal] = next++;
    this.targets.permute(rank);
    for (const columns of this.columns) {
      const targets = columns.targets.view();
      for (let row = 0; row < targets.length; row++) targets[row] = rank[targets[row] as number] as number;
    }
    const { targets } = this;
    const source: FindingSource = {
      targets: {
        kinds: targets.kinds,
        flags: targets.flags,
        ids: targets.texts('ids'),
        names: targets.texts('names'),
      },
      files: this.files,
      shapes: this.shapes,
      evidence: this.evidence,
    };
    return new StoredFindings(source, sections);
  }

  /**
   * Row indexes of the listed outcomes of live targets, in rank order; counts every live outcome into
   * `total`. Rows are appended in evaluation order, often already sorted.
   */
  private orderRows(
    columns: RuleColumns,
    how: { rank: Uint32Array; slots: () => Int32Array; listed: number; total: Summary },
  ): Uint32Array {
    const { rank, listed } = how;
    const targets = columns.targets.view();
    const outcomes = columns.outcomes.view();
    const flags = this.targets.flags.view();
    const counts = new Uint32Array(OUTCOMES_BY_CODE.length);
    let live = 0;
    let sorted = true;
    let last = -1;
    for (let row = 0; row < targets.length; row++) {
      const ordinal = targets[row] as number;
      if (((flags[ordinal] as number) & DEAD) !== 0) continue;
      const outcome = outcomes[row] as number;
      counts[outcome] = (counts[outcome] as number) + 1;
      if (((1 << outcome) & listed) === 0) continue;
      const r = rank[ordinal] as number;
      if (r < last) sorted = false;
      last = r;
      live++;
    }
    counts.forEach((n, code) => {
      how.total[OUTCOMES_BY_CODE[code] as Outcome] += n;
    });
    const keep = (row: number) =>
      ((flags[targets[row] as number] as number) & DEAD) === 0 && ((1 << (outcomes[row] as number)) & listed) !== 0;
    const rows = new Uint32Array(live);
    if (sorted) {
      let i = 0;
      for (let row = 0; row < targets.length; row++) if (keep(row)) rows[i++] = row;
      return rows;
    }
    // A rule meets each target once, so ranks are distinct: place each row at its rank, then read in order.
    const slot = how.slots();
    for (let row = 0; row < targets.length; row++) {
      if (keep(row)) slot[rank[targets[row] as number] as number] = row + 1;
    }
    let i = 0;
    for (let r = 0; r < slot.length && i < live; r++) {
      const row = slot[r] as number;
      if (row !== 0) {
        rows[i++] = row - 1;
        slot[r] = 0;
      }
    }
    return rows;
  }
}

interface Group {
  id: string;
  rule?: CompiledRule;
  plain?: Finding[];
}
