// docs/reports.md shows excerpts of a real run: regenerating them from the source gives the file as it is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../run/aipcheck.js';
import { DOC, EXAMPLE_ARGS, EXAMPLE_RULE, updateExamples } from '../../scripts/gen-report-examples.mjs';
import { runCli } from '../cli/run-cli.js';

describe('docs/reports.md examples', () => {
  it('are the excerpts of a run on the sample inventory (node scripts/gen-report-examples.mjs)', async () => {
    const outputs = { text: '', json: '', sarif: '', junit: '' };
    for (const format of Object.keys(outputs) as (keyof typeof outputs)[]) {
      const run = await runCli([...EXAMPLE_ARGS, '--format', format], packageRoot);
      expect(run.code).toBe(0);
      outputs[format] = run.stdout;
    }
    const doc = readFileSync(path.join(packageRoot, DOC), 'utf8');
    expect(doc.match(/<!-- example: \w+ \(generated/g)).toHaveLength(4);
    expect(updateExamples(doc, outputs)).toBe(doc);
  });

  it('name only rules that exist', async () => {
    const doc = readFileSync(path.join(packageRoot, DOC), 'utf8');
    const list = JSON.parse((await runCli(['rules', '--format', 'json'], packageRoot)).stdout) as { id: string }[];
    const ids = new Set(list.map((rule) => rule.id));
    expect(ids.has(EXAMPLE_RULE)).toBe(true);
    const named = doc.match(/\baip\.[a-z-]+\.[a-z0-9-]+\b/g) ?? [];
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
  });
});
