import { createHash } from 'node:crypto';
// Consistency of the whole AIP pack: ids, tables, placeholders, sources, references, locate paths, docs, manifest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLACEHOLDERS, parseTemplate } from '../../engine/compile/compile.js';
import { createPathChecker } from '../../engine/load/facts.js';
import { parseText } from '../../engine/load/parse.js';
import type { LoadedRule } from '../../engine/types.js';
import { getSchemas, loadRules, packageRoot, tool } from '../../run/aipcheck.js';
import { findStaleDocs, generateRuleDocs } from '../../scripts/gen-rule-docs.mjs';
import {
  findSeed,
  normalizeMarkdown,
  readRevision,
  readSections,
  SEED_SHA256,
  SOURCE_COPY,
  SOURCE_URL,
} from './helpers/source-document.js';
import { REQUIREMENTS, WARNING_RULES } from './requirements.js';
import { loadRuleTables } from './rule-tester.js';

const { packs } = await loadRules();
const pack = packs.find((p) => p.manifest.name === 'aip');
if (!pack) throw new Error('the bundled aip pack did not load');
const rules: LoadedRule[] = pack.rules;
const tables = await loadRuleTables();
const sections = readSections();
const docs = generateRuleDocs(packageRoot);
const changelog = readFileSync(path.join(packageRoot, 'rules/aip/CHANGELOG.md'), 'utf8');
const checkPath = createPathChecker(getSchemas().inventorySchema);

/** Metadata first: the order of a rule file's top-level keys (optional ones may be left out). */
const KEY_ORDER = [
  'id',
  'version',
  'title',
  'description',
  'severity',
  'source',
  'rationale',
  'remediation',
  'references',
  'tags',
  'appliesTo',
  'when',
  'require',
  'data',
  'messages',
  'locate',
];

function rawRule(rule: LoadedRule): Record<string, unknown> {
  const parsed = parseText(readFileSync(path.join(packageRoot, rule.file), 'utf8'), rule.file);
  if (!parsed.ok) throw new Error(`${rule.file} does not parse`);
  return parsed.value as Record<string, unknown>;
}

describe('the aip pack manifest', () => {
  const file = path.join(packageRoot, 'rules/aip/pack.yaml');
  const parsed = parseText(readFileSync(file, 'utf8'), 'rules/aip/pack.yaml');

  it('validates against pack.schema.json', () => {
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(getSchemas().pack(parsed.value, 'rules/aip/pack.yaml', parsed.locate)).toEqual([]);
  });

  it('is aip 1.2.0 for this engine, citing the document at its revision, with a CHANGELOG entry', () => {
    expect(changelog).toContain('## [1.2.0]');
    expect(pack.manifest).toMatchObject({
      name: 'aip',
      version: '1.2.0',
      engine: '>=0.1.0 <1.0.0',
      source: { url: SOURCE_URL, revised: readRevision() },
    });
    expect(semver.satisfies(tool.version, pack.manifest.engine)).toBe(true);
  });

  it('has a Keep a Changelog entry for its version that names every rule', () => {
    expect(changelog).toContain(`## [${pack.manifest.version}] - `);
    for (const rule of rules) expect(changelog).toContain(`\`${rule.definition.id}\``);
  });

  it('traces every numbered requirement to rules, and every rule to a requirement', () => {
    const ids = new Set(rules.map((r) => r.definition.id));
    expect(REQUIREMENTS.map((r) => r.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    for (const requirement of REQUIREMENTS) for (const id of requirement.rules) expect(ids).toContain(id);
    expect([...new Set(REQUIREMENTS.flatMap((r) => r.rules))].sort()).toEqual([...ids].sort());
  });

  it('keeps its copy of the source document identical to the shared seed', () => {
    const copy = readFileSync(SOURCE_COPY);
    // The hash the copy had when it was verified against the seed holds in every checkout; the seed itself is
    // compared too wherever it can be reached (a developer's checkout), so a changed seed fails there.
    expect(createHash('sha256').update(copy).digest('hex')).toBe(SEED_SHA256);
    const seed = findSeed();
    if (seed !== undefined) expect(copy.equals(readFileSync(seed))).toBe(true);
  });
});

describe('rule tables', () => {
  it.for(tables)('$file is named after the rule it tests, which exists', ({ file, table }) => {
    expect(file).toBe(`${table.ruleId}.ts`);
    expect(rules.map((r) => r.definition.id)).toContain(table.ruleId);
  });
});

describe('docs', () => {
  it('docs/rules is up to date (npm run docs)', () => {
    expect(findStaleDocs(packageRoot)).toEqual({ stale: [], orphans: [] });
  });
});

describe.for(rules)('$definition.id', (rule) => {
  const def = rule.definition;
  const table = tables.find((t) => t.table.ruleId === def.id)?.table;

  it('is in a file named after its id, with metadata first', () => {
    expect(path.basename(rule.file)).toBe(`${def.id}.yaml`);
    const keys = Object.keys(rawRule(rule));
    expect(keys).toEqual(KEY_ORDER.filter((key) => keys.includes(key)));
  });

  it('has a table with pass, fail and unknown cases, and each way it can not apply', () => {
    expect(table, `test/rules/tables/${def.id}.ts`).toBeDefined();
    const outcomes = new Set(table?.cases.map((c) => c.outcome));
    expect(outcomes).toContain('pass');
    expect(outcomes).toContain('fail');
    expect(outcomes).toContain('unknown');
    if (def.when) expect(outcomes).toContain('notApplicable');
    const filtered =
      def.appliesTo.kind !== 'organization' && ('platforms' in def.appliesTo || 'roles' in def.appliesTo);
    if (filtered) expect(outcomes).toContain('skipped');
  });

  it('names the key explanation of every failing case', () => {
    for (const c of table?.cases ?? []) {
      if (c.outcome === 'fail') expect(c.message?.length, c.name).toBeGreaterThan(0);
    }
  });

  it('uses only declared placeholders, and every declared one', () => {
    const data = Object.keys(def.data ?? {});
    const known = new Set<string>([...BUILTIN_PLACEHOLDERS, ...data]);
    const used = new Set<string>();
    for (const template of Object.values(def.messages)) {
      for (const part of parseTemplate(template)) if (typeof part !== 'string') used.add(part.name);
    }
    for (const name of used) expect(known, `{${name}}`).toContain(name);
    for (const name of data) expect(used, `data.${name}`).toContain(name);
    expect(def.messages.fail).toBeTruthy();
  });

  it('quotes sentences that occur verbatim in its section of the source document', () => {
    const text = sections.get(def.source.section);
    expect(text, `section ${def.source.section}`).toBeDefined();
    for (const sentence of def.source.sentences) expect(text).toContain(normalizeMarkdown(sentence));
  });

  it('cites its section first among its references', () => {
    expect(def.references[0]).toBe(`${SOURCE_URL}${def.source.section}`);
    expect(new Set(def.references).size).toBe(def.references.length);
    for (const url of def.references) expect(url).toMatch(/^https:\/\//);
  });

  it('has the severity its requirement calls for', () => {
    expect(def.severity).toBe(WARNING_RULES[def.id] ? 'warning' : 'error');
    // A rule changed since 1.0.0 is listed under the pack release that changed it, with its new version.
    if (def.version !== '1.0.0') expect(changelog).toContain(`\`${def.id}\` ${def.version}`);
  });

  it('points organization findings at facts of the inventory model', () => {
    if (def.appliesTo.kind !== 'organization') {
      expect(def.locate).toBeUndefined();
      return;
    }
    expect(def.locate?.length).toBeGreaterThan(0);
    for (const dotted of def.locate ?? []) {
      const [fact = '', ...segments] = dotted.split('.');
      expect(checkPath(fact, segments), dotted).toBeUndefined();
    }
  });

  it('has a generated doc', () => {
    const doc = docs.get(`docs/rules/${def.id}.md`);
    expect(doc).toContain(`# ${def.id}`);
    expect(readFileSync(path.join(packageRoot, `docs/rules/${def.id}.md`), 'utf8')).toBe(doc);
  });
});
