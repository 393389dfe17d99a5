// Evidence of a fleet, kept compact: a form per (rule, outcome, results of its conditions), shared by every finding
// alike, and per finding only the JSON text of the values read. Reports get the same evidence `buildEvidence` gives.
import type { CompiledRule } from '../compile/compile.js';
import type { Facts, TraceLeaf, TraceNode } from '../compile/conditions.js';
import { flatString } from '../flat-string.js';
import type { SourceIndex } from '../snapshot/targets.js';
import type { Evidence, EvidenceCheck, EvidencePieces, Outcome, SourceLocation } from '../types.js';
import { decidingLeaves, locateSharedFact, MAX_VALUE_CHARS, missingFacts, summarize } from './evidence.js';

/** The members of a check that may differ from target to target, in the order `JSON.stringify` writes them. */
type SlotName = 'value' | 'valueSummary' | 'expected' | 'deciding';

/**
 * What the findings of one form have in common: every member of their checks but the values read (and the
 * expected value when it is a fact's), which members those are, and the facts missing. Plain data, so a worker
 * thread can send it.
 */
export interface EvidenceForm {
  checks: Omit<EvidenceCheck, 'value' | 'valueSummary' | 'deciding'>[];
  /** Per check, the members its findings hold in their parts. */
  slots: SlotName[][];
  missing: string[];
  /** The evidence's JSON around its parts (one more than the parts), once written; reset by `locateForms`. */
  pieces?: string[];
}

/**
 * The evidence of one finding: its form and the JSON of the members that differ from target to target (see
 * `EvidenceForm.slots`), joined by SEPARATOR (JSON text never holds a raw U+0000). Usually one value: then
 * `parts` is the very string `JSON.stringify` gave.
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

/** The variable members of one deciding leaf, as `fromLeaf` (engine/evidence.ts) sets them: names and JSON. */
function slotsOf(leaf: TraceLeaf, names: SlotName[], texts: string[]): void {
  if (leaf.value !== undefined) {
    const text = JSON.stringify(leaf.value);
    if (text !== undefined && text.length <= MAX_VALUE_CHARS) {
      names.push('value');
      texts.push(text);
    } else {
      names.push('valueSummary');
      texts.push(JSON.stringify(summarize(leaf.value)));
    }
  }
  const expected = leaf.expectedFact === undefined ? undefined : JSON.stringify(leaf.expected);
  if (expected !== undefined) {
    names.push('expected');
    texts.push(expected);
  }
  const deciding = leaf.deciding === undefined ? undefined : JSON.stringify(leaf.deciding);
  if (deciding !== undefined) {
    names.push('deciding');
    texts.push(deciding);
  }
}

/** A letter per variable member, in a form's key. */
const SLOT_LETTER: Record<SlotName, string> = { value: 'v', valueSummary: 's', expected: 'e', deciding: 'd' };

/**
 * The evidence of a fleet's findings. A form is made once per rule, outcome, results of the traced conditions
 * (they decide which leaves are listed and which facts are missing) and members present; per finding only the
 * values are written, as JSON. Evidence equal to an earlier one is shared while that saves more than it costs.
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
    const names: SlotName[][] = [];
    const texts: string[] = [];
    let key = keyOf(node, `${outcome}${byWhen ? 'w' : 'r'}`);
    for (const leaf of leaves) {
      const mine: SlotName[] = [];
      slotsOf(leaf, mine, texts);
      names.push(mine);
      key += '/';
      for (const name of mine) key += SLOT_LETTER[name];
    }
    let byKey = this.forms[rule.index];
    if (!byKey) {
      byKey = new Map();
      this.forms[rule.index] = byKey;
    }
    let slot = byKey.get(key);
    if (!slot) {
      const where = byWhen ? 'when' : 'require';
      const form = makeForm(leaves, names, where, outcome === 'unknown' ? missingFacts(node) : []);
      slot = { form, shared: new Map(), lookups: 0, hits: 0 };
      byKey.set(key, slot);
    }
    const parts = texts.length === 1 ? (texts[0] as string) : texts.join(SEPARATOR);
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

function makeForm(
  leaves: readonly TraceLeaf[],
  slots: SlotName[][],
  where: 'when' | 'require',
  missing: string[],
): EvidenceForm {
  return {
    checks: leaves.map((leaf) => ({
      in: where,
      fact: leaf.fact,
      operator: leaf.operator,
      expected: leaf.expected,
      ...(leaf.expectedFact !== undefined ? { expectedFact: leaf.expectedFact } : {}),
      result: leaf.result,
    })),
    slots,
    missing,
  };
}

/**
 * The JSON pieces of a form, around its parts: what `JSON.stringify` writes of the members that do not vary,
 * each piece ending with the name of the member whose value follows.
 */
function piecesOf(form: EvidenceForm): string[] {
  if (form.pieces) return form.pieces;
  const pieces: string[] = [];
  let text = '{"checks":[';
  form.checks.forEach((c, i) => {
    const slots = form.slots[i] as SlotName[];
    const variable = (name: SlotName) => {
      if (!slots.includes(name)) return;
      pieces.push(`${text},"${name}":`);
      text = '';
    };
    text += `${i > 0 ? ',' : ''}{"in":${JSON.stringify(c.in)},"fact":${JSON.stringify(c.fact)}`;
    variable('value');
    variable('valueSummary');
    if (c.location) text += member('location', c.location);
    text += `,"operator":${JSON.stringify(c.operator)}`;
    if (c.expectedFact === undefined) text += member('expected', c.expected);
    else variable('expected');
    if (c.expectedFact !== undefined) text += member('expectedFact', c.expectedFact);
    text += `,"result":${JSON.stringify(c.result)}`;
    variable('deciding');
    text += '}';
  });
  pieces.push(`${text}],"missing":${JSON.stringify(form.missing)}}`);
  // Copied into the report's JSON once per finding: flat, so each copy is one copy (see flatString).
  form.pieces = pieces.map(flatString);
  return form.pieces;
}

/** The evidence as JSON: exactly `JSON.stringify` of the object `evidenceOf` gives. */
export function evidenceJson(evidence: StoredEvidence): string {
  const pieces = piecesOf(evidence.form);
  if (pieces.length === 1) return pieces[0] as string;
  if (pieces.length === 2) return (pieces[0] as string) + evidence.parts + (pieces[1] as string);
  const parts = evidence.parts.split(SEPARATOR);
  let out = '';
  for (let i = 0; i < parts.length; i++) out += (pieces[i] as string) + (parts[i] as string);
  return out + (pieces[parts.length] as string);
}

/** The evidence as JSON pieces around its values (see `EvidencePieces`): `evidenceJson` without joining them. */
export function evidencePieces(evidence: StoredEvidence): EvidencePieces {
  return { pieces: piecesOf(evidence.form), values: evidence.parts };
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

/** A list of evidence, by shape id: an array, or a view of packed evidence (`viewEvidence`). */
export interface EvidenceList {
  at(index: number): StoredEvidence | undefined;
}

/**
 * A list of evidence (by shape id) as plain data for another thread: each form once, and the parts of all of
 * them as UTF-8 in one shared buffer, which `postMessage` hands over without copying.
 */
export interface PackedEvidence {
  forms: EvidenceForm[];
  /** By index: the number of its form plus one, or 0 for none. */
  form: Uint32Array;
  bytes: Uint8Array;
  /** By index: where its parts end in `bytes`. */
  ends: Float64Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Packs a list of evidence for `unpackEvidence` or `viewEvidence` on another thread. */
export function packEvidence(all: EvidenceList & { length: number }): PackedEvidence {
  const numbers = new Map<EvidenceForm, number>();
  const forms: EvidenceForm[] = [];
  const form = new Uint32Array(all.length);
  const ends = new Float64Array(all.length);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit. The pages beyond what is written are never touched, so they
  // cost address space, not memory: the buffer is not copied to fit.
  let most = 0;
  for (let i = 0; i < all.length; i++) most += (all.at(i)?.parts.length ?? 0) * 3;
  const Shared = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;
  const bytes = new Uint8Array(new Shared(most));
  let end = 0;
  for (let i = 0; i < all.length; i++) {
    const evidence = all.at(i);
    if (evidence) {
      let number = numbers.get(evidence.form);
      if (number === undefined) {
        number = forms.length;
        forms.push(evidence.form);
        numbers.set(evidence.form, number);
      }
      form[i] = number + 1;
      end += encoder.encodeInto(evidence.parts, bytes.subarray(end)).written;
    }
    ends[i] = end;
  }
  return { forms, form, bytes: bytes.subarray(0, end), ends };
}

function partsAt(packed: PackedEvidence, index: number): StoredEvidence | undefined {
  const number = packed.form[index];
  if (!number) return undefined;
  const start = index === 0 ? 0 : (packed.ends[index - 1] as number);
  const parts = decoder.decode(packed.bytes.subarray(start, packed.ends[index]));
  return { form: packed.forms[number - 1] as EvidenceForm, parts };
}

/** The list `packEvidence` packed, as an array. */
export function unpackEvidence(packed: PackedEvidence): (StoredEvidence | undefined)[] {
  const all: (StoredEvidence | undefined)[] = [];
  for (let i = 0; i < packed.form.length; i++) all.push(partsAt(packed, i));
  return all;
}

/** The list `packEvidence` packed, each evidence decoded when it is read: a report reads few of a fleet's. */
export function viewEvidence(packed: PackedEvidence): EvidenceList & { length: number } {
  return { length: packed.form.length, at: (index) => partsAt(packed, index) };
}
