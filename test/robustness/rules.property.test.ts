// Rule packs under damage: a pack either loads or is refused with located diagnostics, never a crash inside the engine.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { compileRules } from '../../engine/compile/compile.js';
import type { Diagnostic } from '../../engine/errors.js';
import { createPathChecker } from '../../engine/load/facts.js';
import { loadPack } from '../../engine/load/packs.js';
import { operators } from '../../engine/operators/index.js';
import { InputError, loadRules } from '../../index.js';
import { getSchemas, tool } from '../../run/aipcheck.js';
import { attempt, expectLocated } from './check.js';
import { applyAll, FUZZ_RUNS, mutationsArb, SEED } from './mutations.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface PackFiles {
  manifest: string;
  rules: { name: string; text: string }[];
}

function readPack(dir: string): PackFiles {
  const names = readdirSync(path.join(root, dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'pack.yaml');
  return {
    manifest: readFileSync(path.join(root, dir, 'pack.yaml'), 'utf8'),
    rules: names.sort().map((name) => ({ name, text: readFileSync(path.join(root, dir, name), 'utf8') })),
  };
}

const packs = { aip: readPack('rules/aip'), mini: readPack('test/engine/fixtures/mini') };
const ruleFiles = [
  ...packs.aip.rules.map((r) => ({ pack: 'aip' as const, ...r })),
  ...packs.mini.rules.map((r) => ({ pack: 'mini' as const, ...r })),
];

/** The load and compile stages as `loadRules` runs them, in memory: what a damaged pack meets. */
function loadInMemory(manifest: string, rules: { name: string; text: string }[]): Diagnostic[] {
  const { pack, rule, inventorySchema } = getSchemas();
  const loaded = loadPack(
    { file: 'p/pack.yaml', text: manifest },
    rules.map((r) => ({ file: `p/${r.name}`, text: r.text })),
    { manifest: pack, rule, engineVersion: tool.version },
  );
  if (!loaded.pack) return loaded.diagnostics;
  return compileRules(loaded.pack.rules, { operators, checkPath: createPathChecker(inventorySchema) }).diagnostics;
}

const work = mkdtempSync(path.join(tmpdir(), 'aipcheck-rules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let runs = 0;

/** Writes a pack to disk and loads it through the facade: it loads, or InputError names file, line and column. */
async function loadFromDisk(manifest: string, rules: { name: string; text: string }[]): Promise<Diagnostic[]> {
  const cwd = path.join(work, String(runs++));
  mkdirSync(path.join(cwd, 'p'), { recursive: true });
  writeFileSync(path.join(cwd, 'p/pack.yaml'), manifest);
  for (const r of rules) writeFileSync(path.join(cwd, 'p', r.name), r.text);
  try {
    await loadRules({ noBuiltinRules: true, rules: ['p'], cwd });
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`loadRules threw ${String(error)}`, { cause: error });
    expect(error.diagnostics.length).toBeGreaterThan(0);
    return error.diagnostics;
  }
}

const mini = packs.mini.rules.find((r) => r.name === 'mini.macos.yaml') as { name: string; text: string };

/** The mini macOS rule with one change made to its parsed form. */
function patched(change: (rule: Record<string, unknown>) => void): { name: string; text: string } {
  const rule = parseYaml(mini.text) as Record<string, unknown>;
  change(rule);
  return { name: mini.name, text: stringifyYaml(rule) };
}

const leaf = (rule: Record<string, unknown>) => rule.require as Record<string, unknown>;

describe('rule packs with wrong types are refused, not crashed on', () => {
  it.for([
    ['require is a string', (r) => (r.require = 'device.os.version >= 10.8')],
    ['require is null', (r) => (r.require = null)],
    ['require is a list', (r) => (r.require = [leaf(r)])],
    ['all: 5', (r) => (r.require = { all: 5 })],
    ['any: "x"', (r) => (r.require = { any: 'x' })],
    ['all: [] (empty)', (r) => (r.require = { all: [] })],
    ['all with a null child', (r) => (r.require = { all: [null] })],
    ['not: 3', (r) => (r.require = { not: 3 })],
    ['not: []', (r) => (r.require = { not: [] })],
    ['all and any together', (r) => (r.require = { all: [leaf(r)], any: [leaf(r)] })],
    ['leaf with path: 7', (r) => (leaf(r).path = 7)],
    ['leaf with path not starting with $', (r) => (leaf(r).path = 'os.version')],
    ['leaf with path $..deep', (r) => (leaf(r).path = '$..os[?(@.x)]')],
    ['leaf with fact: 1', (r) => (leaf(r).fact = 1)],
    ['leaf with an unknown fact', (r) => (leaf(r).fact = 'planet')],
    ['leaf with operator: []', (r) => (leaf(r).operator = [])],
    ['leaf with an unknown operator', (r) => (leaf(r).operator = 'approximately')],
    ['leaf with operator __proto__', (r) => (leaf(r).operator = '__proto__')],
    ['leaf with operator toString', (r) => (leaf(r).operator = 'toString')],
    ['leaf without value', (r) => delete leaf(r).value],
    ['leaf value {fact: 5}', (r) => (leaf(r).value = { fact: 5 })],
    ['leaf value {fact: planet}', (r) => (leaf(r).value = { fact: 'planet', path: '$.x' })],
    ['leaf value {fact: device, path: 9}', (r) => (leaf(r).value = { fact: 'device', path: 9 })],
    ['version operator with a list value', (r) => (leaf(r).value = [1, 2])],
    ['version operator with an object value', (r) => (leaf(r).value = { table: 'nope' })],
    ['messages.fail: 3', (r) => ((r.messages as Record<string, unknown>).fail = 3)],
    ['messages: "text"', (r) => (r.messages = 'text')],
    ['messages.fail with an unknown placeholder', (r) => ((r.messages as Record<string, unknown>).fail = '{nope}')],
    [
      'messages.fail with a placeholder on __proto__',
      (r) => ((r.messages as Record<string, unknown>).fail = '{__proto__}'),
    ],
    ['messages.fail with {constructor}', (r) => ((r.messages as Record<string, unknown>).fail = '{constructor}')],
    ['data pointing nowhere', (r) => (r.data = { version: { fact: 'device', path: '$.no.such.fact' } })],
    ['data to an unknown fact', (r) => (r.data = { version: { fact: 'planet' } })],
    ['data: 5', (r) => (r.data = 5)],
    ['data entry: "x"', (r) => (r.data = { version: 'x' })],
    ['data with a bad path', (r) => (r.data = { version: { fact: 'device', path: '$[' } })],
    ['data named __proto__', (r) => (r.data = { ['__proto__']: { fact: 'device' } })],
    ['appliesTo.kind unknown', (r) => (r.appliesTo = { kind: 'toaster' })],
    ['appliesTo.kind: 3', (r) => (r.appliesTo = { kind: 3 })],
    ['appliesTo: "device"', (r) => (r.appliesTo = 'device')],
    ['appliesTo.platforms: "macos"', (r) => (r.appliesTo = { kind: 'device', platforms: 'macos' })],
    ['appliesTo.platforms unknown', (r) => (r.appliesTo = { kind: 'device', platforms: ['amiga'] })],
    ['appliesTo.roles on a device rule', (r) => (r.appliesTo = { kind: 'device', roles: ['exchange'] })],
    ['when: true', (r) => (r.when = true)],
    ['id: 5', (r) => (r.id = 5)],
    ['id of another file', (r) => (r.id = 'mini.other')],
    ['version: 1', (r) => (r.version = 1)],
    ['severity: fatal', (r) => (r.severity = 'fatal')],
    ['references: "https://x"', (r) => (r.references = 'https://x')],
    ['tags: 21 of them', (r) => (r.tags = Array.from({ length: 21 }, (_, i) => `t${i}`))],
    ['locate: [5]', (r) => (r.locate = [5])],
    ['unknown top-level key', (r) => (r.extra = 1)],
    ['the rule is a list', (r) => Object.assign(r, { length: 0 })],
  ] as [string, (rule: Record<string, unknown>) => void][])('%s', async ([, change]) => {
    const rule = patched(change);
    const problems = await loadFromDisk(packs.mini.manifest, [rule]);
    for (const d of problems) expectLocated(d);
    for (const d of problems) expect(d.file).toBe(d.file.endsWith('pack.yaml') ? 'p/pack.yaml' : 'p/mini.macos.yaml');
  });

  it.for([
    ['a rule file that is a YAML list', '- 1\n- 2\n'],
    ['a rule file that is a scalar', 'just text\n'],
    ['an empty rule file', ''],
    ['a rule file of NULs', '\u0000\u0000\u0000'],
    [
      'a rule file with an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ).join('\n')}\n`,
    ],
    ['a rule nested 10 000 levels deep', `require: ${'{not: '.repeat(10000)}{}${'}'.repeat(10000)}\n`],
  ])('%s', async ([, text]) => {
    const problems = await loadFromDisk(packs.mini.manifest, [{ name: mini.name, text: text as string }]);
    expect(problems.length).toBeGreaterThan(0);
    for (const d of problems) expectLocated(d);
  });

  it('a condition nested 150 levels deep loads: the nesting bound leaves room for real rules', async () => {
    const rule = patched((r) => {
      let c: unknown = leaf(r);
      for (let i = 0; i < 150; i++) c = { not: c };
      r.require = c;
    });
    expect(await loadFromDisk(packs.mini.manifest, [rule])).toEqual([]);
  });

  it.for([
    ['engine: 5', 'engine: 5'],
    ['engine: not a range', 'engine: "banana"'],
    ['engine range this version misses', 'engine: ">=99.0.0"'],
    ['version: [1]', 'version: [1]'],
  ])('pack manifest with %s', async ([, line]) => {
    const manifest =
      packs.mini.manifest.replace(/^engine:.*$/m, '').replace(/^version:.*$/m, '') +
      `${line}\n${/^version/.test(line as string) ? 'engine: ">=0.1.0"' : 'version: 1.2.3'}\n`;
    const problems = await loadFromDisk(manifest, packs.mini.rules);
    expect(problems.length).toBeGreaterThan(0);
    for (const d of problems) expectLocated(d);
  });
});

describe('damaged rule files', () => {
  it('every rule of the bundled and test packs, damaged, loads or gives located diagnostics', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ruleFiles), mutationsArb, fc.boolean(), (file, mutations, damageManifest) => {
        const pack = packs[file.pack];
        const text = decoder.decode(applyAll(encoder.encode(file.text), mutations));
        const manifest = damageManifest
          ? decoder.decode(applyAll(encoder.encode(pack.manifest), mutations))
          : pack.manifest;
        const problems = attempt('load and compile', () => loadInMemory(manifest, [{ name: file.name, text }]));
        for (const d of problems) expectLocated(d);
      }),
      { seed: SEED, numRuns: 50 * FUZZ_RUNS },
    );
  });

  it('through loadRules from disk as well', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ruleFiles), mutationsArb, async (file, mutations) => {
        const text = decoder.decode(applyAll(encoder.encode(file.text), mutations));
        for (const d of await loadFromDisk(packs[file.pack].manifest, [{ name: file.name, text }])) expectLocated(d);
      }),
      { seed: SEED, numRuns: 2 * FUZZ_RUNS },
    );
  });
});
