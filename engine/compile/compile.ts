// Compile stage: validated rules to closures indexed by target kind, compiled once and evaluated many times.

import { type Diagnostic, diagnostic, ErrorCode, type ErrorCodeName } from '../errors.js';
import { parsePath, resolvePath, splitFactPath } from '../load/paths.js';
import type { Operator } from '../operators/operator.js';
import {
  DEVICE_PLATFORMS,
  type DevicePlatform,
  type LoadedRule,
  type RuleMessages,
  SERVER_ROLES,
  type ServerRole,
  type TargetKind,
} from '../types.js';
import {
  type CompiledCondition,
  type ConditionScope,
  compileCondition,
  type FactRead,
  type Facts,
  formatValue,
} from './conditions.js';

/** The facts a rule of each kind can read. */
export const FACTS_BY_KIND: Readonly<Record<TargetKind, readonly string[]>> = {
  organization: ['organization', 'network', 'inventory'],
  device: ['device', 'organization', 'network'],
  server: ['server', 'organization', 'network'],
};

/** Placeholders every message may use, besides the rule's own `data` names. */
export const BUILTIN_PLACEHOLDERS = [
  'target.id',
  'target.name',
  'target.kind',
  'rule.id',
  'rule.title',
  'reason',
  'missing',
  'error',
] as const;

export type MessageId = keyof RuleMessages | 'error';

/** A message template split into literal text and placeholder names. */
export type Template = readonly (string | { name: string })[];

export interface CompiledRule {
  /** Position in the rule set: reporters and compact result stores use it. */
  index: number;
  loaded: LoadedRule;
  id: string;
  kind: TargetKind;
  platforms?: ReadonlySet<DevicePlatform>;
  roles?: ReadonlySet<ServerRole>;
  when?: CompiledCondition;
  require: CompiledCondition;
  data: ReadonlyMap<string, (facts: Facts) => unknown>;
  messages: Readonly<Record<MessageId, Template>>;
  /**
   * Every fact read of the conditions and of `data`: the outcome and message of the rule on a target
   * depend on these values only (and on the target's id, name and kind, which messages leave as holes).
   */
  reads: readonly FactRead[];
  /**
   * For a rule with `when`: the reads of `when` and of `data`. An outcome `when` decides (not applicable, or
   * unknown) has a message and evidence that depend on these values only.
   */
  gateReads?: readonly FactRead[];
}

export interface CompiledRuleSet {
  rules: readonly CompiledRule[];
  organization: readonly CompiledRule[];
  /** Device rules by platform, each list in rule order. */
  devices: ReadonlyMap<DevicePlatform, readonly CompiledRule[]>;
  servers: ReadonlyMap<ServerRole, readonly CompiledRule[]>;
}

export interface CompileOptions {
  operators: ReadonlyMap<string, Operator>;
  /** Checks a fact path against the inventory model; returns a problem or undefined. */
  checkPath?(fact: string, segments: readonly (string | number)[]): string | undefined;
}

const DEFAULT_MESSAGES: Required<Omit<RuleMessages, 'fail'>> & { error: string } = {
  pass: '{target.name} meets {rule.id}: {rule.title}.',
  unknown: '{target.name}: cannot tell whether it meets {rule.id} ({rule.title}); missing facts: {missing}.',
  notApplicable: '{rule.id} ({rule.title}) does not apply to {target.name}.',
  error: 'Evaluating {rule.id} on {target.name} failed: {error}.',
};

/** Splits a template into text and `{name}` placeholders. */
export function parseTemplate(template: string): Template {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{([A-Za-z][\w.]*)\}/g)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ name: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/**
 * Compiles rules. Returns every problem found (unknown operators, facts, paths and placeholders,
 * duplicate ids) as located diagnostics instead of throwing.
 */
export function compileRules(
  rules: readonly LoadedRule[],
  options: CompileOptions,
): { ruleSet: CompiledRuleSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, LoadedRule>();
  const compiled: CompiledRule[] = [];
  for (const loaded of rules) {
    const def = loaded.definition;
    const first = seen.get(def.id);
    if (first) {
      diagnostics.push(
        diagnostic(
          ErrorCode.DUPLICATE_RULE,
          loaded.file,
          loaded.locate(['id']),
          `rule id "${def.id}" is already defined in ${first.file}`,
        ),
      );
      continue;
    }
    seen.set(def.id, loaded);
    compiled.push(compileRule(loaded, compiled.length, options, diagnostics));
  }
  return { ruleSet: indexRules(compiled), diagnostics };
}

/** What is wrong with a `data` placeholder's fact read: its code, the key it is under and the message. */
function checkDataRead(
  ref: { fact: string; path?: string },
  segments: readonly (string | number)[] | undefined,
  scope: ConditionScope,
): readonly [ErrorCodeName, string, string] | undefined {
  if (!scope.facts.includes(ref.fact)) {
    const message = `reads the unknown fact "${ref.fact}"; this rule can read: ${scope.facts.join(', ')}`;
    return [ErrorCode.UNKNOWN_FACT, 'fact', message];
  }
  if (!segments) {
    return [ErrorCode.BAD_PATH, 'path', `reads the unsupported path "${ref.path}"; use $.a.b, $.a[0] or $['key']`];
  }
  const unknown = scope.checkPath?.(ref.fact, segments);
  return unknown ? [ErrorCode.UNKNOWN_PATH, 'path', `reads a path that cannot exist: ${unknown}`] : undefined;
}

function compileRule(
  loaded: LoadedRule,
  index: number,
  options: CompileOptions,
  diagnostics: Diagnostic[],
): CompiledRule {
  const def = loaded.definition;
  const kind = def.appliesTo.kind;
  const scope: ConditionScope = {
    operators: options.operators,
    facts: FACTS_BY_KIND[kind],
    checkPath: options.checkPath,
    file: loaded.file,
    locate: loaded.locate,
    reads: new Map(),
  };
  const when = def.when ? compileCondition(def.when, scope, ['when'], diagnostics) : undefined;
  const gateReads = when ? new Map(scope.reads) : undefined;
  const require = compileCondition(def.require, scope, ['require'], diagnostics);
  // Where findings point (`locate`) is a path too: one the schema cannot hold would never be found.
  for (const [i, dotted] of (def.locate ?? []).entries()) {
    const { fact, segments } = splitFactPath(dotted);
    const problem = options.checkPath?.(fact, segments);
    if (problem) {
      const message = `locate entry "${dotted}" cannot exist: ${problem}`;
      diagnostics.push(diagnostic(ErrorCode.UNKNOWN_PATH, loaded.file, loaded.locate(['locate', i]), message));
    }
  }

  const data = new Map<string, (facts: Facts) => unknown>();
  for (const [name, ref] of Object.entries(def.data ?? {})) {
    const segments = ref.path === undefined ? [] : parsePath(ref.path);
    const problem = checkDataRead(ref, segments, scope);
    if (problem || !segments) {
      const [code, at, message] = problem ?? [ErrorCode.BAD_PATH, 'path', 'cannot be read'];
      diagnostics.push(
        diagnostic(code, loaded.file, loaded.locate(['data', name, at]), `placeholder "${name}" ${message}`),
      );
      // Declared all the same, so the messages that use it are not blamed too: one problem, one message.
      data.set(name, () => undefined);
      continue;
    }
    const read = (facts: Facts) => resolvePath(facts[ref.fact], segments);
    data.set(name, read);
    const key = `data\u0000${ref.fact}\u0000${ref.path ?? ''}`;
    scope.reads?.set(key, { key, fact: ref.fact, segments, read });
    gateReads?.set(key, { key, fact: ref.fact, segments, read });
  }

  const known = new Set<string>([...BUILTIN_PLACEHOLDERS, ...data.keys()]);
  const sources: Record<MessageId, string> = { ...DEFAULT_MESSAGES, ...def.messages };
  const messages = {} as Record<MessageId, Template>;
  for (const id of Object.keys(sources) as MessageId[]) {
    const template = parseTemplate(sources[id]);
    for (const part of template) {
      if (typeof part !== 'string' && !known.has(part.name)) {
        diagnostics.push(
          diagnostic(
            ErrorCode.UNKNOWN_PLACEHOLDER,
            loaded.file,
            loaded.locate(['messages', id]),
            `message "${id}" uses {${part.name}}, which is neither built in (${BUILTIN_PLACEHOLDERS.join(', ')}) nor declared under data`,
          ),
        );
      }
    }
    messages[id] = template;
  }

  const appliesTo = def.appliesTo;
  return {
    index,
    loaded,
    id: def.id,
    kind,
    platforms: appliesTo.kind === 'device' && appliesTo.platforms ? new Set(appliesTo.platforms) : undefined,
    roles: appliesTo.kind === 'server' && appliesTo.roles ? new Set(appliesTo.roles) : undefined,
    when,
    require,
    data,
    messages,
    reads: [...(scope.reads?.values() ?? [])],
    ...(gateReads ? { gateReads: [...gateReads.values()] } : {}),
  };
}

/** Indexes rules by target kind, platform and role, so each target meets only rules that can apply. */
export function indexRules(rules: readonly CompiledRule[]): CompiledRuleSet {
  const devices = new Map<DevicePlatform, CompiledRule[]>(DEVICE_PLATFORMS.map((p) => [p, []]));
  const servers = new Map<ServerRole, CompiledRule[]>(SERVER_ROLES.map((r) => [r, []]));
  const organization: CompiledRule[] = [];
  for (const rule of rules) {
    if (rule.kind === 'organization') organization.push(rule);
    else if (rule.kind === 'device') {
      for (const p of DEVICE_PLATFORMS) if (!rule.platforms || rule.platforms.has(p)) devices.get(p)?.push(rule);
    } else {
      for (const r of SERVER_ROLES) if (!rule.roles || rule.roles.has(r)) servers.get(r)?.push(rule);
    }
  }
  return { rules, organization, devices, servers };
}

/** Renders a message template with the given placeholder values. */
export function renderTemplate(template: Template, values: (name: string) => unknown): string {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') out += part;
    else {
      const value = values(part.name);
      out += Array.isArray(value) ? value.map(formatValue).join(', ') : formatValue(value);
    }
  }
  return out;
}
