// The options of a run's scope and of its SARIF identity: --rule, --exclude-rule, --tag, --organization-id, --sarif-*.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '../engine/fixtures');
let cwd: string;

beforeEach(() => {
  cwd = tempDir('cli-selection');
  cpSync(fixtures, cwd, { recursive: true });
});

const mini = ['--no-builtin-rules', '--rules', 'mini'];
const run = (...argv: string[]) => runCli(['evaluate', 'inventories/small.yaml', ...mini, ...argv], cwd);
// biome-ignore lint/suspicious/noExplicitAny: reports are checked structurally.
const json = (file: string): any => JSON.parse(readFileSync(path.join(cwd, file), 'utf8'));

describe('--rule, --exclude-rule, --tag', () => {
  it.for([
    [['--rule', 'mini.macos'], ['mini.macos'], [{ id: 'mini.proxy', reason: 'not-selected' }]],
    [['--rule', 'MINI.*'], ['mini.macos', 'mini.proxy'], undefined],
    [['--tag', 'proxy'], ['mini.proxy'], [{ id: 'mini.macos', reason: 'not-selected' }]],
    [['--rule', 'mini.*', '--exclude-rule', 'mini.proxy'], ['mini.macos'], [{ id: 'mini.proxy', reason: 'excluded' }]],
    [['--exclude-rule', 'mini.macos'], ['mini.proxy'], [{ id: 'mini.macos', reason: 'excluded' }]],
  ] as const)('%j evaluates %j and names the rest', async ([argv, evaluated, excluded]) => {
    const { code } = await run(...argv, '--fail-on', 'never', '-f', 'json=r.json', '-f', 'sarif=r.sarif');
    expect(code).toBe(0);
    const report = json('r.json');
    expect(Object.keys(report.byRule)).toEqual(evaluated);
    expect(report.excludedRules).toEqual(excluded);
    const sarif = json('r.sarif').runs[0];
    expect(sarif.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(evaluated);
    expect(sarif.properties.excludedRules).toEqual(excluded?.map((r) => r.id));
  });

  it('says in the text and Markdown reports which rules were left out', async () => {
    const { stdout } = await run(
      '--exclude-rule',
      'mini.macos',
      '--fail-on',
      'never',
      '-f',
      'text',
      '-f',
      'markdown=r.md',
    );
    expect(stdout).toContain('Rules left out (--rule, --exclude-rule, --tag): 1: mini.macos');
    expect(readFileSync(path.join(cwd, 'r.md'), 'utf8')).toContain(
      'Rules left out (`--rule`, `--exclude-rule`, `--tag`): 1: `mini.macos`',
    );
  });

  it('refuses a pattern or tag that selects nothing, naming each', async () => {
    const { code, stderr } = await run('--rule', 'mini.typo', '--tag', 'nope');
    expect(code).toBe(2);
    expect(stderr).toContain('<command line>:1:1: usage: --rule mini.typo: matches no rule');
    expect(stderr).toContain('<command line>:1:1: usage: --tag nope: no rule has this tag');
  });
});

describe('SARIF identity options', () => {
  it('derives the category from --organization-id, overridden by --sarif-category', async () => {
    await run('--organization-id', 'contoso-prod', '-f', 'sarif=a.sarif', '-f', 'json=a.json');
    const a = json('a.sarif').runs[0];
    expect(a.automationDetails).toEqual({ id: 'aipcheck/contoso-prod/' });
    const organization = json('a.json').findings.filter(
      (f: { target: { kind: string } }) => f.target.kind === 'organization',
    );
    expect(organization.length).toBeGreaterThan(0);
    for (const f of organization) expect(f.target.id).toBe('contoso-prod');
    await run('--sarif-category', 'aip/site-a', '-f', 'sarif=b.sarif');
    expect(json('b.sarif').runs[0].automationDetails).toEqual({ id: 'aip/site-a/' });
  });

  it('keeps an input given as ../x relative to --sarif-srcroot', async () => {
    mkdirSync(path.join(cwd, 'tools'));
    const { code } = await runCli(
      [
        'evaluate',
        '../inventories/small.yaml',
        '--no-builtin-rules',
        '--rules',
        '../mini',
        '--sarif-srcroot',
        '..',
        '-f',
        'sarif=s.sarif',
      ],
      path.join(cwd, 'tools'),
    );
    expect(code).toBe(1);
    const results = JSON.parse(readFileSync(path.join(cwd, 'tools/s.sarif'), 'utf8')).runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'inventories/small.yaml',
        uriBaseId: '%SRCROOT%',
      });
    }
  });

  it.for([
    [['--sarif-max-results', 'many'], /--sarif-max-results must be a whole number/],
    [['--sarif-category', ''], /--sarif-category needs a value/],
    [['--organization-id', ' '], /--organization-id needs a value/],
  ] as const)('refuses %j', async ([argv, message]) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
