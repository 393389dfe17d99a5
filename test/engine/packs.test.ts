import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../engine/compile/compile.js';
import { formatDiagnostic } from '../../engine/errors.js';
import { fileStem, loadPack } from '../../engine/load/packs.js';
import { operators } from '../../engine/operators/index.js';
import { getSchemas } from '../../run/aipcheck.js';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures/mini');
const manifestText = readFileSync(path.join(dir, 'pack.yaml'), 'utf8');
const macos = readFileSync(path.join(dir, 'mini.macos.yaml'), 'utf8');
const checks = () => ({ manifest: getSchemas().pack, rule: getSchemas().rule, engineVersion: '0.1.0' });

function load(manifest: string, rules: [string, string][], engineVersion = '0.1.0') {
  return loadPack(
    { file: 'p/pack.yaml', text: manifest },
    rules.map(([file, text]) => ({ file, text })),
    { ...checks(), engineVersion },
  );
}

describe('loadPack', () => {
  it('loads a valid pack', () => {
    const { pack, diagnostics } = load(manifestText, [['p/mini.macos.yaml', macos]]);
    expect(diagnostics).toEqual([]);
    expect(pack?.rules.map((r) => r.definition.id)).toEqual(['mini.macos']);
  });

  it('refuses a pack whose engine range excludes this engine', () => {
    const { pack, diagnostics } = load(manifestText, [['p/mini.macos.yaml', macos]], '1.0.0');
    expect(pack).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p/pack.yaml:8:1: engine-version-mismatch: pack mini@1.2.3 needs aipcheck >=0.1.0 <1.0.0, but this is aipcheck 1.0.0',
    ]);
  });

  it('refuses an engine field that is not a semver range', () => {
    const { diagnostics } = load(manifestText.replace('">=0.1.0 <1.0.0"', 'soon'), []);
    expect(diagnostics.map((d) => d.code)).toEqual(['schema-violation']);
  });

  it('locates manifest schema violations', () => {
    const { diagnostics } = load(manifestText.replace('version: 1.2.3', 'version: one'), []);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p/pack.yaml:2:1: schema-violation: /version: must match pattern "^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$"',
    ]);
  });

  it('requires the rule id to match the file name', () => {
    const { diagnostics } = load(manifestText, [['p/other.yaml', macos]]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p/other.yaml:1:1: rule-id-mismatch: rule id "mini.macos" must match its file name "other.yaml"',
    ]);
  });

  it('locates rule schema violations inside conditions', () => {
    const broken = macos.replace('  operator: versionGreaterThanOrEqual\n', '  operatr: versionGreaterThanOrEqual\n');
    const { diagnostics } = load(manifestText, [['p/mini.macos.yaml', broken]]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p/mini.macos.yaml:17:1: schema-violation: /require: missing required property "operator"',
      'p/mini.macos.yaml:20:3: schema-violation: /require: unknown property "operatr"',
    ]);
  });

  it('reports malformed YAML in a rule file with its position', () => {
    const { diagnostics } = load(manifestText, [['p/mini.macos.yaml', 'id: [\n']]);
    expect(diagnostics[0]).toMatchObject({ code: 'parse-error', file: 'p/mini.macos.yaml' });
  });
});

describe('compileRules', () => {
  it('reports duplicate rule ids across packs', () => {
    const a = load(manifestText, [['p/mini.macos.yaml', macos]]).pack;
    const b = load(manifestText, [['q/mini.macos.yaml', macos]]).pack;
    if (!a || !b) throw new Error('fixture did not load');
    const { diagnostics, ruleSet } = compileRules(
      [...a.rules, ...b.rules.map((r) => ({ ...r, file: 'q/mini.macos.yaml' }))],
      { operators },
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'q/mini.macos.yaml:1:1: duplicate-rule: rule id "mini.macos" is already defined in p/mini.macos.yaml',
    ]);
    expect(ruleSet.rules).toHaveLength(1);
  });

  it('reports unknown placeholders and unknown operators at their position', () => {
    const broken = macos
      .replace('{reason}', '{reasons}')
      .replace('operator: versionGreaterThanOrEqual', 'operator: versionAtLeast');
    const pack = load(manifestText, [['p/mini.macos.yaml', broken]]).pack;
    if (!pack) throw new Error('fixture did not load');
    const { diagnostics } = compileRules(pack.rules, { operators });
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`).sort()).toEqual([
      '20:3 unknown-operator',
      '27:3 unknown-placeholder',
    ]);
    expect(diagnostics.find((d) => d.code === 'unknown-placeholder')?.message).toContain('{reasons}');
  });
});

describe('fileStem', () => {
  it.for([
    ['rules/aip/aip.os.macos.yaml', 'aip.os.macos'],
    ['C:\\rules\\x.yml', 'x'],
    ['plain', 'plain'],
  ] as const)('%s → %s', ([file, stem]) => {
    expect(fileStem(file)).toBe(stem);
  });
});
