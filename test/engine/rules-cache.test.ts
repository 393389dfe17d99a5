// The bundled packs as the build parsed them (dist/rules-cache.json): loading with them gives what parsing
// gives, an edited file is parsed again, and source positions are still found when a diagnostic needs one.
// Reads dist: run `npm run build` first (`npm test` does).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack, type PackChecks, parsedKey, type TextFile } from '../../engine/load/packs.js';
import { DEFAULT_PARSE_LIMITS, parseText } from '../../engine/load/parse.js';
import { getSchemas } from '../../run/aipcheck.js';
import { tempDir } from '../temp-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheFile = path.join(root, 'dist', 'rules-cache.json');

function packFiles(pack: string): { manifest: TextFile; rules: TextFile[] } {
  const dir = path.join(root, 'rules', pack);
  const read = (name: string) => ({ file: `rules/${pack}/${name}`, text: readFileSync(path.join(dir, name), 'utf8') });
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'pack.yaml');
  return { manifest: read('pack.yaml'), rules: names.sort().map(read) };
}

const packs = readdirSync(path.join(root, 'rules')).filter((p) => existsSync(path.join(root, 'rules', p, 'pack.yaml')));

describe('the bundled packs parsed at build time', () => {
  let entries: Map<string, unknown>;
  let asked: number;
  let found: number;
  let checks: PackChecks;

  beforeAll(() => {
    if (!existsSync(cacheFile)) throw new Error(`${cacheFile} is missing: run npm run build`);
    entries = new Map(Object.entries(JSON.parse(readFileSync(cacheFile, 'utf8')).entries));
    asked = 0;
    found = 0;
    const schemas = getSchemas();
    checks = {
      manifest: schemas.pack,
      rule: schemas.rule,
      engineVersion: '0.1.0',
      parsed: (text) => {
        asked++;
        const value = entries.get(parsedKey(text));
        if (value !== undefined) found++;
        return value === undefined ? undefined : structuredClone(value);
      },
    };
  });

  it.each(packs)('load %s as parsing it does, every file found in the cache', (pack) => {
    const { manifest, rules } = packFiles(pack);
    const cached = loadPack(manifest, rules, checks);
    const { parsed: _unused, ...plain } = checks;
    const parsed = loadPack(manifest, rules, plain);
    expect(parsed.diagnostics).toEqual([]);
    expect(cached.diagnostics).toEqual([]);
    const definitions = (loaded: typeof parsed) => loaded.pack?.rules.map((r) => [r.file, r.definition]);
    expect(definitions(cached)).toEqual(definitions(parsed));
    expect(cached.pack?.manifest).toEqual(parsed.pack?.manifest);
    expect(found).toBe(asked);
    expect(asked).toBeGreaterThan(rules.length);
    // Positions come from the text, parsed when first asked for.
    for (const [i, rule] of (cached.pack?.rules ?? []).entries()) {
      const fresh = parsed.pack?.rules[i];
      for (const pointer of [['id'], ['conditions'], ['remediation'], ['nothing', 'here']]) {
        expect(rule.locate(pointer)).toEqual(fresh?.locate(pointer));
      }
    }
  });

  it('holds only what parsing gives, keyed by the text', () => {
    for (const pack of packs) {
      const { manifest, rules } = packFiles(pack);
      for (const file of [manifest, ...rules]) {
        const result = parseText(file.text, file.file);
        expect(result.ok).toBe(true);
        if (result.ok) expect(entries.get(parsedKey(file.text))).toEqual(result.value);
      }
    }
  });

  it('is not used for a file whose text changed, nor with other limits', () => {
    const { manifest, rules } = packFiles(packs[0] as string);
    const [first, ...rest] = rules;
    if (!first) throw new Error('no rule file');
    const edited = { ...first, text: first.text.replace(/^title: .*$/m, 'title: Edited after the build') };
    const loaded = loadPack(manifest, [edited, ...rest], checks);
    expect(loaded.pack?.rules.find((r) => r.file === first.file)?.definition.title).toBe('Edited after the build');
    // With limits of its own a load parses everything: the limits might refuse what the build accepted.
    const small = loadPack(manifest, rules, { ...checks, limits: { ...DEFAULT_PARSE_LIMITS, maxLength: 10 } });
    expect(small.diagnostics.map((d) => d.code)).toContain('input-too-large');
  });
});

describe('loadRules of the built package', () => {
  it('loads every bundled rule, and parses a rule file edited after the build', () => {
    const copy = tempDir('rules-cache');
    cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });
    cpSync(path.join(root, 'rules'), path.join(copy, 'rules'), { recursive: true });
    mkdirSync(path.join(copy, 'inventories'));
    cpSync(path.join(root, 'inventories/inventory.schema.json'), path.join(copy, 'inventories/inventory.schema.json'));
    cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const pack = packs[0] as string;
    const ruleFile = readdirSync(path.join(copy, 'rules', pack)).find(
      (f) => f.endsWith('.yaml') && f !== 'pack.yaml',
    ) as string;
    const rulePath = path.join(copy, 'rules', pack, ruleFile);
    writeFileSync(rulePath, readFileSync(rulePath, 'utf8').replace(/^title: .*$/m, 'title: Edited after the build'));
    const script = `
      const { loadRules } = await import(${JSON.stringify(pathToFileURL(path.join(copy, 'dist/run/aipcheck.js')).href)});
      const { packs } = await loadRules({});
      const rule = packs.flatMap((p) => p.rules).find((r) => r.file.endsWith(${JSON.stringify(ruleFile)}));
      console.log(JSON.stringify({ title: rule.definition.title, rules: packs.flatMap((p) => p.rules).length }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8' });
    const { title, rules } = JSON.parse(out);
    expect(title).toBe('Edited after the build');
    expect(rules).toBe(packs.flatMap((p) => packFiles(p).rules).length);
  });
});
