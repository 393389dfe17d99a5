// Evidence of a fleet, kept compact: a form per (rule, outcome, results of its conditions), shared by every finding
// alike, and per finding only the JSON text of the values read. Reports get the same evidence `buildEvidence` gives.
import type { CompiledRule } from './compile.js';
import type { Facts, TraceLeaf, TraceNode } from './conditions.js';
import { decidingLeaves, locateSharedFact, MAX_VALUE_CHARS, missingFacts, summarize } from './evidence.js';
import type { SourceIndex } from './targets.js';
import type { Evidence, EvidenceCheck, Outcome, SourceLocation } from './types.js';

/**
 * What the findings of one form have in common: every member of their checks but the values read (and the
 * expected value when it is a fact's), and the facts missing. Plain data, so a worker thread can send it.
 */
export interface EvidenceForm {
  checks: Omit<EvidenceCheck, 'value' | 'valueSummary' | 'deciding'>[];
  /** Whether each check's expected value is a fact's, read per target (then it is one of the parts). */
  variableExpected: boolean[];
  missing: string[];
  /** The evidence's JSON around its parts (three per check), once written; reset by `locateForms`. */
  pieces?: string[];
}

/**
 * The evidence of one finding: its form and, per check, the JSON members that differ from target to target
 * (`,"value":…` or `,"valueSummary":…`, `,"expected":…` when the expected value is a fact's, `,"deciding":…`),
 * each possibly empty, joined by SEPARATOR (JSON text never holds a raw U+0000).
 */
export interface StoredEvidence {
  form: EvidenceForm;
  parts: string;
}

const SEPARATOR = '\u0000';

/** Looks-ups after which a form whose evidence is rarely shared stops being interned (see `EvidenceTable`). */
const TRIAL = 1024;

/** The result letters of a trace node, in a form's key. */
const RESULT_LETTER = { true: 't', false: 'f', unknown: 'u', error: 'e' } as const;

interface FormSlot {
  form: EvidenceForm;
  /** Evidence of this form by its parts, while sharing pays; undefined once it stopped. */
  shared: Map<string, StoredEvidence> | undefined;
  lookups: number;
  hits: number;
}

/**
 * Appends a letter per node of `node` (its result; after a leaf whose fact is missing, `m`, or `x` when the fact
 * its expected value names is), in tree order.
 */
function keyOf(node: TraceNode, key: string): string {
  let out = key + RESULT_LETTER[node.result];
  if (node.node === 'leaf') return node.missing === undefined ? out : `${out}${node.missing === node.fact ? 'm' : 'x'}`;
  for (const child of node.children) out = keyOf(child, out);
  return `${out})`;
}

/** `,"name":JSON` or '' when the value has no JSON, as `JSON.stringify` writes an object member. */
function member(name: string, value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? '' : `,"${name}":${text}`;
}

/** The parts of one deciding leaf, as `fromLeaf` (engine/evidence.ts) would set its members. */
function partsOf(leaf: TraceLeaf): string {
  let value = '';
  if (leaf.value !== undefined) {
    const text = JSON.stringify(leaf.value);
    if (text !== undefined && text.length <= MAX_VALUE_CHARS) value = `,"value":${text}`;
    else value = member('valueSummary', summarize(leaf.value));
  }
  const expected = leaf.expectedFact === undefined ? '' : member('expected', leaf.expected);
  const deciding = leaf.deciding === undefined ? '' : member('deciding', leaf.deciding);
  return value + SEPARATOR + expected + SEPARATOR + deciding;
}

/**
 * The evidence of a fleet's findings. A form is made once per rule, outcome and results of the traced
 * conditions (they decide which leaves are listed and which facts are missing); per finding only the values are
 * written, as JSON. Evidence equal to an earlier one is shared while that saves more than it costs.
 */
export class EvidenceTable {
  private readonly forms: Map<string, FormSlot>[] = [];

  /**
   * Whether the last `record` returned evidence that may be returned again (shared): a caller keeping things
   * per evidence needs to remember them only then.
   */
  shared = false;

  /** The evidence of `outcome` of `rule` on `facts`: what `buildEvidence` gives, compact. */
  record(rule: CompiledRule, facts: Facts, outcome: Outcome): StoredEvidence {
    // An outcome the applicability decided (not applicable, or unknown because of it) is explained by `when`.
    const when = rule.when?.trace(facts);
    const byWhen = when !== undefined && when.result !== 'true' && outcome !== 'error';
    const node = byWhen ? (when as TraceNode) : rule.require.trace(facts);
    const leaves = decidingLeaves(node);
    let byKey = this.forms[rule.index];
    if (!byKey) {
      byKey = new Map();
      this.forms[rule.index] = byKey;
    }
    const key = keyOf(node, `${outcome}${byWhen ? 'w' : 'r'}`);
    let slot = byKey.get(key);
    if (!slot) {
      slot = {
        form: makeForm(leaves, byWhen ? 'when' : 'require', outcome === 'unknown' ? missingFacts(node) : []),
        shared: new Map(),
        lookups: 0,
        hits: 0,
      };
      byKey.set(key, slot);
    }
    let parts = '';
    for (let i = 0; i < leaves.length; i++) parts += (i > 0 ? SEPARATOR : '') + partsOf(leaves[i] as TraceLeaf);
    const shared = slot.shared;
    if (shared === undefined) {
      this.shared = false;
      return { form: slot.form, parts };
    }
    slot.lookups++;
    const known = shared.get(parts);
    if (known !== undefined) {
      slot.hits++;
      this.shared = true;
      return known;
    }
    const evidence = { form: slot.form, parts };
    if (slot.lookups >= TRIAL && slot.hits * 4 < slot.lookups) {
      // Values that differ from target to target (a device read whole): keeping them by value only costs.
      slot.shared = undefined;
      this.shared = false;
    } else {
      shared.set(parts, evidence);
      this.shared = true;
    }
    return evidence;
  }
}

function makeForm(leaves: readonly TraceLeaf[], where: 'when' | 'require', missing: string[]): EvidenceForm {
  return {
    checks: leaves.map((leaf) => ({
      in: where,
      fact: leaf.fact,
      operator: leaf.operator,
      expected: leaf.expected,
      ...(leaf.expectedFact !== undefined ? { expectedFact: leaf.expectedFact } : {}),
      result: leaf.result,
    })),
    variableExpected: leaves.map((leaf) => leaf.expectedFact !== undefined),
    missing,
  };
}

/** The JSON pieces of a form, around its parts: what `JSON.stringify` writes of the members that do not vary. */
function piecesOf(form: EvidenceForm): string[] {
  if (form.pieces) return form.pieces;
  const pieces: string[] = [];
  let open = '{"checks":[';
  form.checks.forEach((c, i) => {
    pieces.push(`${open}{"in":${JSON.stringify(c.in)},"fact":${JSON.stringify(c.fact)}`);
    const location = c.location ? member('location', c.location) : '';
    const expected = form.variableExpected[i] ? '' : member('expected', c.expected);
    pieces.push(`${location},"operator":${JSON.stringify(c.operator)}${expected}`);
    const expectedFact = c.expectedFact !== undefined ? member('expectedFact', c.expectedFact) : '';
    pieces.push(`${expectedFact},"result":${JSON.stringify(c.result)}`);
    open = '},';
  });
  pieces.push(`${form.checks.length > 0 ? '}' : open}],"missing":${JSON.stringify(form.missing)}}`);
  form.pieces = pieces;
  return pieces;
}

/** The evidence as JSON: exactly `JSON.stringify` of the object `evidenceOf` gives. */
export function evidenceJson(evidence: StoredEvidence): string {
  const pieces = piecesOf(evidence.form);
  if (pieces.length === 1) return pieces[0] as string;
  const parts = evidence.parts.split(SEPARATOR);
  let out = '';
  for (let i = 0; i < parts.length; i++) out += (pieces[i] as string) + (parts[i] as string);
  return out + (pieces[parts.length] as string);
}

/**
 * The evidence as an object. Read back from its JSON: every report writes values as JSON, so the object is the
 * one `buildEvidence` gives as far as any report can tell.
 */
export function evidenceOf(evidence: StoredEvidence): Evidence {
  return JSON.parse(evidenceJson(evidence)) as Evidence;
}

/**
 * Gives the organization and network facts of each form their location, once every input is read (see
 * `locateEvidence` in engine/evidence.ts).
 */
export function locateForms(all: readonly (StoredEvidence | undefined)[], index: SourceIndex): void {
  const cache = new Map<string, SourceLocation | undefined>();
  const seen = new Set<EvidenceForm>();
  for (const evidence of all) {
    if (!evidence || seen.has(evidence.form)) continue;
    const form = evidence.form;
    seen.add(form);
    form.checks = form.checks.map((c) => {
      if (c.location) return c;
      if (!cache.has(c.fact)) cache.set(c.fact, locateSharedFact(c.fact, index));
      const location = cache.get(c.fact);
      return location ? { ...c, location } : c;
    });
    form.pieces = undefined;
  }
}
