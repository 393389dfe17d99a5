// Message shapes: a finding's message with the target's id, name and kind left as holes, interned once per text.
import type { CompiledRule, MessageId } from '../compile/compile.js';
import { type Explanation, formatValue } from '../compile/conditions.js';
import type { Target } from '../types.js';
import { explainRule, type RuleResult } from './evaluate.js';
import type { StoredEvidence } from './evidence-table.js';

/** A hole in a shape: filled with the target's id, name or kind when the message is read. */
export const HOLE_ID = 0;
export const HOLE_NAME = 1;
export const HOLE_KIND = 2;

/** Literal text and holes, in order. Joining them with the target's fields gives the message. */
export type Shape = readonly (string | number)[];

type Renderer = (rule: CompiledRule, target: Target, result: RuleResult, explanation: Explanation) => string;
type TemplatePart = string | number | Renderer;

interface PreparedTemplate {
  parts: readonly TemplatePart[];
  /** Whether any part needs the explanation (`reason`, `missing`), which re-runs the conditions. */
  explains: boolean;
  /** The shape of a template without variable parts, once interned. */
  constant: number;
  /** Shape ids by the text of the variable parts. */
  cache: Map<string, number>;
}

const NO_EXPLANATION: Explanation = { reasons: [], missing: [] };
const SEPARATOR = '\u0000';

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** How `renderTemplate` prints a value: lists comma-separated, everything else with `formatValue`. */
function show(value: unknown): string {
  return Array.isArray(value) ? value.map(formatValue).join(', ') : formatValue(value);
}

/** The renderer of one placeholder: target fields become holes, everything else text. */
function placeholder(rule: CompiledRule, name: string): TemplatePart {
  const def = rule.loaded.definition;
  switch (name) {
    case 'target.id':
      return HOLE_ID;
    case 'target.name':
      return HOLE_NAME;
    case 'target.kind':
      return HOLE_KIND;
    case 'rule.id':
      return formatValue(def.id);
    case 'rule.title':
      return formatValue(def.title);
    case 'reason':
      return (_r, _t, _res, e) =>
        e.reasons.length > 0 ? formatValue(unique(e.reasons).join('; ')) : formatValue('no further detail');
    case 'missing':
      return (_r, _t, _res, e) => (e.missing.length > 0 ? show(unique(e.missing)) : formatValue('none'));
    case 'error':
      return (_r, _t, result) => formatValue(result.error ?? 'unknown error');
    default: {
      const read = rule.data.get(name);
      return (_r, target) => show(read?.(target.facts));
    }
  }
}

function prepare(rule: CompiledRule, id: MessageId): PreparedTemplate {
  const parts: TemplatePart[] = [];
  for (const part of rule.messages[id]) {
    const next = typeof part === 'string' ? part : placeholder(rule, part.name);
    const last = parts[parts.length - 1];
    if (typeof next === 'string' && typeof last === 'string') parts[parts.length - 1] = last + next;
    else parts.push(next);
  }
  const explains = rule.messages[id].some(
    (p) => typeof p !== 'string' && (p.name === 'reason' || p.name === 'missing'),
  );
  return { parts, explains, constant: -1, cache: new Map() };
}

const MESSAGE_IDS: readonly MessageId[] = ['pass', 'fail', 'notApplicable', 'unknown', 'error'];

/**
 * Interns message shapes. Most findings of a fleet share a few shapes (`{target.name} runs Android
 * {version}` with a few dozen versions), so a shape is looked up by its variable text only, and the message
 * itself is built when a report is written. One instance serves the rules of one compiled rule set.
 */
export class MessageShapes {
  /** Every shape, by id. */
  readonly shapes: Shape[] = [];
  /** The evidence of each shape, by id: a shape interned with evidence stands for that evidence too. */
  readonly evidence: (StoredEvidence | undefined)[] = [];
  private readonly templates: (PreparedTemplate | undefined)[][] = [];
  /** By the id of a message's shape without evidence: the ids of that message with each shared evidence. */
  private readonly pairs: (Map<StoredEvidence, number> | undefined)[] = [];

  /**
   * The shape id of the message of `result` of `rule` on `target`; the one renderer of messages. With
   * `evidence`, the shape is one of that message and that evidence: looked up by both when the evidence is
   * `shared` (see `EvidenceTable.shared`), else a new id that reuses the message's shape.
   */
  intern(rule: CompiledRule, target: Target, result: RuleResult, evidence?: StoredEvidence, shared = true): number {
    const message = this.internMessage(rule, target, result);
    if (evidence === undefined) return message;
    if (!shared) return this.adopt(this.shapes[message] as Shape, evidence);
    let pairs = this.pairs[message];
    if (!pairs) {
      pairs = new Map();
      this.pairs[message] = pairs;
    }
    const known = pairs.get(evidence);
    if (known !== undefined) return known;
    const id = this.adopt(this.shapes[message] as Shape, evidence);
    pairs.set(evidence, id);
    return id;
  }

  /** The shape id of a message alone (its evidence undefined). */
  private internMessage(rule: CompiledRule, target: Target, result: RuleResult): number {
    const code = MESSAGE_IDS.indexOf(result.outcome as MessageId);
    let byId = this.templates[rule.index];
    if (!byId) {
      byId = [];
      this.templates[rule.index] = byId;
    }
    let template = byId[code];
    if (!template) {
      template = prepare(rule, result.outcome as MessageId);
      byId[code] = template;
    }
    if (template.constant >= 0) return template.constant;
    const explanation = template.explains ? explainRule(rule, target, result.outcome) : NO_EXPLANATION;
    let key = '';
    let variable = false;
    let ambiguous = false;
    for (const part of template.parts) {
      if (typeof part !== 'function') continue;
      const text = part(rule, target, result, explanation);
      // Text holding the separator could make two different messages share a key: such a message gets its own shape.
      if (text.includes(SEPARATOR)) ambiguous = true;
      key += text + SEPARATOR;
      variable = true;
    }
    if (!variable) {
      template.constant = this.add(template, rule, target, result, explanation);
      return template.constant;
    }
    const known = ambiguous ? undefined : template.cache.get(key);
    if (known !== undefined) return known;
    const id = this.add(template, rule, target, result, explanation);
    if (!ambiguous) template.cache.set(key, id);
    return id;
  }

  private add(
    template: PreparedTemplate,
    rule: CompiledRule,
    target: Target,
    result: RuleResult,
    explanation: Explanation,
  ): number {
    const shape: (string | number)[] = [];
    for (const part of template.parts) {
      const value = typeof part === 'function' ? part(rule, target, result, explanation) : part;
      const last = shape[shape.length - 1];
      if (typeof value === 'string' && typeof last === 'string') shape[shape.length - 1] = last + value;
      else if (value !== '') shape.push(value);
    }
    this.shapes.push(shape);
    this.evidence.push(undefined);
    return this.shapes.length - 1;
  }

  /** Adds a shape made elsewhere (another store's) and its evidence, returning its id here. */
  adopt(shape: Shape, evidence?: StoredEvidence): number {
    this.shapes.push(shape);
    this.evidence.push(evidence);
    return this.shapes.length - 1;
  }
}

/** The message of a shape for a target. */
export function renderShape(shape: Shape, id: string, name: string, kind: string): string {
  let out = '';
  for (const part of shape) {
    out += typeof part === 'string' ? part : part === HOLE_ID ? id : part === HOLE_NAME ? name : kind;
  }
  return out;
}
