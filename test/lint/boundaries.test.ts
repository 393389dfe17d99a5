// The import boundaries of biome.jsonc fail `npm run lint` on a violation: Biome run with the real config on a
// small tree of files that break each rule, and of files that keep them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../run/aipcheck.js';
import { tempDir } from '../temp-dir.js';

const BIOME = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const CYCLE = 'lint/suspicious/noImportCycles';
const RESTRICTED = 'lint/style/noRestrictedImports';
const PRIVATE = 'lint/correctness/noPrivateImports';
const NODE_MODULES = 'lint/correctness/noNodejsModules';
const PROCESS = 'lint/correctness/noProcessGlobal';
const CONSOLE = 'lint/suspicious/noConsole';

/** File of the tree → its text and the rules Biome must report on it (none: the file keeps the boundaries). */
const CASES: Record<string, { text: string; rules: string[] }> = {
  'reporters/columns.ts': {
    text: "export { KIND_CODE } from '../engine/results/columns.js';\n",
    rules: [RESTRICTED],
  },
  'reporters/store-table.ts': {
    text: "export { KIND_CODE } from '../engine/results/store.js';\n",
    rules: [RESTRICTED],
  },
  'reporters/hint-symbol.ts': {
    text: "import { MESSAGE_SHAPE } from '../engine/types.js';\nexport const shape = MESSAGE_SHAPE;\n",
    rules: [PRIVATE],
  },
  'reporters/inputs.ts': { text: "export { readInputText } from '../inventories/read.js';\n", rules: [RESTRICTED] },
  'reporters/files.ts': { text: "export { writeFileSync } from 'node:fs';\n", rules: [RESTRICTED] },
  'reporters/console.ts': { text: "console.log('report');\n", rules: [CONSOLE] },
  'inventories/importers/run.ts': { text: "export { evaluate } from '../../run/aipcheck.js';\n", rules: [RESTRICTED] },
  'inventories/formats/files.ts': { text: "export { readFile } from 'node:fs/promises';\n", rules: [NODE_MODULES] },
  'run/cli.ts': { text: "export { main } from '../cli/main.js';\n", rules: [RESTRICTED] },
  'index.ts': { text: "export { verdictOf } from './engine/evaluate/verdicts.js';\n", rules: [RESTRICTED] },
  'engine/run.ts': { text: "export { evaluate } from '../run/aipcheck.js';\n", rules: [RESTRICTED] },
  'engine/evaluate/inputs.ts': {
    text: "export { readInputText } from '../../inventories/read.js';\n",
    rules: [RESTRICTED],
  },
  'engine/load/files.ts': { text: "export { readFile } from 'node:fs/promises';\n", rules: [RESTRICTED] },
  'engine/load/env.ts': { text: 'export const home = process.env.HOME;\n', rules: [PROCESS] },
  'engine/results/console.ts': { text: "console.log('store');\n", rules: [CONSOLE] },
  'engine/snapshot/a.ts': {
    text: "import type { B } from './b.js';\nexport type A = { b?: B };\n",
    rules: [CYCLE],
  },
  'engine/snapshot/b.ts': {
    text: "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    rules: [CYCLE],
  },
  'cli/engine.ts': { text: "export type { Finding } from '../engine/types.js';\n", rules: [RESTRICTED] },
  // What the boundaries allow.
  'reporters/ok.ts': {
    text: [
      "export { createHash } from 'node:crypto';",
      "export { StoredFindings } from '../engine/results/store.js';",
      "export { findingsIndexOf, type Finding } from '../engine/types.js';",
      '',
    ].join('\n'),
    rules: [],
  },
  'run/ok.ts': {
    text: [
      "export { ResultStore } from '../engine/results/store.js';",
      "export { readInputText } from '../inventories/read.js';",
      "export { getReporter } from '../reporters/index.js';",
      '',
    ].join('\n'),
    rules: [],
  },
  'engine/evaluate/ok.ts': {
    text: [
      "export { createHash } from 'node:crypto';",
      "export { KIND_CODE } from '../results/columns.js';",
      "export { MESSAGE_SHAPE } from '../types.js';",
      '',
    ].join('\n'),
    rules: [],
  },
  'cli/ok.ts': {
    text: "export { evaluate } from '../index.js';\nexport { writeOutputsAtomically } from '../run/write.js';\n",
    rules: [],
  },
  'test/ok.test.ts': {
    text: "export { MESSAGE_SHAPE } from '../engine/types.js';\nexport { KIND_CODE } from '../engine/results/columns.js';\n",
    rules: [],
  },
};

interface Diagnostic {
  category: string;
  location: { path: string };
}

/** Runs Biome's linter in `dir` on `files`: its exit status and its diagnostics by file. */
function lint(dir: string, files: string[]): { status: number | null; byFile: Map<string, string[]> } {
  const run = spawnSync(process.execPath, [BIOME, 'lint', '--reporter=json', '--max-diagnostics=none', ...files], {
    cwd: dir,
    encoding: 'utf8',
  });
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  const byFile = new Map<string, string[]>();
  for (const d of report.diagnostics) {
    const file = d.location.path.split(path.sep).join('/');
    byFile.set(file, [...(byFile.get(file) ?? []), d.category].sort());
  }
  return { status: run.status, byFile };
}

interface Override {
  includes: string[];
  linter?: { rules?: { style?: { noRestrictedImports?: { options?: { patterns?: { group: string[] }[] } } } } };
}

/** biome.jsonc as data (its comments are whole lines). */
function readOverrides(): Override[] {
  const text = readFileSync(path.join(packageRoot, 'biome.jsonc'), 'utf8');
  return (JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as { overrides: Override[] }).overrides;
}

describe('import boundaries (biome.jsonc)', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('boundaries');
    copyFileSync(path.join(packageRoot, 'biome.jsonc'), path.join(dir, 'biome.jsonc'));
    // The real engine/types.ts, whose `@package` tags the private-import rule reads; the targets of the other
    // imports need not exist, the restricted-import rule reads only the specifier.
    mkdirSync(path.join(dir, 'engine'), { recursive: true });
    copyFileSync(path.join(packageRoot, 'engine/types.ts'), path.join(dir, 'engine/types.ts'));
    for (const [file, { text }] of Object.entries(CASES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  });

  it('fail the lint, naming the rule each file breaks', () => {
    const { status, byFile } = lint(dir, Object.keys(CASES));
    expect(status).not.toBe(0);
    const found = Object.fromEntries(Object.keys(CASES).map((file) => [file, byFile.get(file) ?? []]));
    const expected = Object.fromEntries(Object.entries(CASES).map(([file, { rules }]) => [file, rules]));
    expect(found).toEqual(expected);
  });

  it('pass the lint on files that keep them', () => {
    const allowed = Object.keys(CASES).filter((file) => CASES[file]?.rules.length === 0);
    const { status, byFile } = lint(dir, allowed);
    expect([...byFile]).toEqual([]);
    expect(status).toBe(0);
  });

  it('list the same public engine modules everywhere, each a module that exists and docs/architecture.md names', () => {
    const lists = readOverrides()
      .map((o) => o.linter?.rules?.style?.noRestrictedImports?.options?.patterns ?? [])
      .map((patterns) => patterns.find((p) => p.group.includes('!**/engine/types.js'))?.group)
      .filter((group) => group !== undefined);
    // inventories/, reporters/, and run/ with index.ts.
    expect(lists).toHaveLength(3);
    for (const list of lists) expect(list).toEqual(lists[0]);
    const modules = (lists[0] ?? []).slice(1).map((pattern) => pattern.replace(/^!\*\*\//, '').replace(/\.js$/, '.ts'));
    expect(modules.length).toBeGreaterThan(20);
    const doc = readFileSync(path.join(packageRoot, 'docs/architecture.md'), 'utf8');
    for (const module of modules) {
      expect(existsSync(path.join(packageRoot, module)), module).toBe(true);
      expect(doc, module).toContain(module.slice('engine/'.length));
    }
  });
});
