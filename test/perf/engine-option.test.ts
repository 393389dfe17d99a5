// `--engine reference` runs json-rules-engine end to end and writes the same reports as the compiled engine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../temp-dir.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Inventories that exercise the bundled pack: the samples (once they exist) and the engine fixtures. */
const samples = path.join(root, 'inventories/samples');
const INVENTORIES = [
  ...(existsSync(samples) ? readdirSync(samples).filter((f) => /\.ya?ml$/.test(f)) : []).map(
    (f) => `inventories/samples/${f}`,
  ),
  'test/engine/fixtures/inventories/small.yaml',
];

const run = (argv: string[]) => runCli(argv, root);

describe('--engine', () => {
  it.for(INVENTORIES)('reference and compiled write the same reports for %s', async (inventory) => {
    const out = tempDir('engine');
    const reports = (engine: string) => ['json', 'sarif', 'junit'].map((f) => `${f}=${out}/${engine}.${f}`);
    // Every outcome listed, passes included: the engines must agree on all of them.
    const args = (engine: string) => [
      'evaluate',
      inventory,
      '--engine',
      engine,
      '--fail-on',
      'never',
      '--include-passing',
    ];
    const compiled = await run([...args('compiled'), ...reports('compiled').flatMap((r) => ['--format', r])]);
    const reference = await run([...args('reference'), ...reports('reference').flatMap((r) => ['--format', r])]);
    expect(compiled).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(reference).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const format of ['json', 'sarif', 'junit']) {
      const read = (engine: string) => readFileSync(`${out}/${engine}.${format}`, 'utf8');
      expect(read('reference')).toBe(read('compiled'));
    }
    expect(JSON.parse(readFileSync(`${out}/compiled.json`, 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('rejects an unknown engine with exit code 2', async () => {
    const { code, stderr } = await run(['evaluate', 'test/engine/fixtures/inventories/small.yaml', '--engine', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('--engine must be one of: compiled, reference');
  });
});
