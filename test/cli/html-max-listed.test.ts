// --format html and --html-max-listed: the CLI writes the page with the gate verdict and the limit it is given.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const sample = 'inventories/samples/contoso.yaml';

const run = (...argv: string[]) => runCli(argv, root);

describe('--format html', () => {
  it('writes the page with the verdict of --fail-on and the limit of --html-max-listed', async () => {
    const out = tempDir('html-max');
    const html = path.join(out, 'report.html');
    const args = ['evaluate', sample, '--include-passing', '--format', `html=${html}`];
    expect((await run(...args, '--fail-on', 'error')).code).toBe(1);
    const full = readFileSync(html, 'utf8');
    expect(full).toContain('<strong>Gate failed</strong> (<code>--fail-on error</code>)');
    expect(full).not.toContain(' not shown here');
    // The sample has rules with several passes: one of each outcome per rule leaves some counted.
    expect((await run(...args, '--fail-on', 'never', '--html-max-listed', '1')).code).toBe(0);
    const capped = readFileSync(html, 'utf8');
    expect(capped).toContain('Gate: never fails');
    expect(capped).toMatch(/\d+ more passing targets not shown here/);
    expect(capped.match(/<tr data-outcome=/g)?.length).toBeLessThan(full.match(/<tr data-outcome=/g)?.length ?? 0);
  });

  it.each(['-1', 'many', '1.5', ''])('exits 2 on --html-max-listed=%j and writes nothing', async (value) => {
    const out = tempDir('html-max');
    const file = path.join(out, 'report.html');
    const { code, stderr } = await run('evaluate', sample, '--format', `html=${file}`, `--html-max-listed=${value}`);
    expect(code).toBe(2);
    expect(stderr).toContain('--html-max-listed must be a whole number');
    expect(() => readFileSync(file)).toThrow();
  });
});
