// Recurring audits end to end: a four-snapshot story (fresh → waiver → fix → waiver expired), golden in every
// format and checked by each format's validator, plus the located errors of waivers, baselines and configs.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateRunFromArgs } from '../../cli/main.js';
import { expectGolden } from '../reporters/helpers.js';
import { junitXsdErrors, multitoolErrors, reportSchemaErrors, sarifSchemaErrors } from '../reporters/validators.js';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/lifecycle/', import.meta.url));
const FORMATS = {
  txt: 'text',
  json: 'json',
  sarif: 'sarif',
  'junit.xml': 'junit',
  md: 'markdown',
  html: 'html',
} as const;

function storyDir(): string {
  const dir = tempDir('aipcheck-lifecycle-');
  for (const file of ['snapshot-1.yaml', 'snapshot-2.yaml', 'waivers.yaml']) {
    copyFileSync(join(FIXTURES, file), join(dir, file));
  }
  return dir;
}

/** One run of the story: every format written to `<step>.<ext>`, each compared with its golden file. */
async function step(dir: string, name: string, args: string[]) {
  const formats = Object.entries(FORMATS).map(([ext, format]) => `--format=${format}=${name}.${ext}`);
  const run = await runCli(['evaluate', ...args, ...formats], dir);
  expect(run.stderr).toBe('');
  const read = (ext: string) => readFileSync(join(dir, `${name}.${ext}`), 'utf8');
  for (const ext of Object.keys(FORMATS)) expectGolden(`lifecycle-${name}.${ext}`, read(ext));
  const json = JSON.parse(read('json'));
  const sarif = JSON.parse(read('sarif'));
  expect(reportSchemaErrors(json)).toEqual([]);
  expect(sarifSchemaErrors(sarif)).toEqual([]);
  expect(await junitXsdErrors(`${name}.junit.xml`, read('junit.xml'))).toEqual([]);
  return { code: run.code, json, sarif, junit: read('junit.xml'), html: read('html') };
}

const macKey = (f: { ruleId: string; target: { id: string } }) =>
  f.ruleId === 'aip.os.macos' && f.target.id === 'mac-1';

describe('the four-snapshot story', () => {
  it('fresh → waiver → fix → waiver expired', async () => {
    const dir = storyDir();
    // 1. Fresh: two fails, the gate fails.
    const fresh = await step(dir, '1-fresh', ['snapshot-1.yaml', '--today', '2026-12-01']);
    expect(fresh.code).toBe(1);
    expect(fresh.json.summary.fail).toBe(2);

    // 2. The Mac is waived: it is listed with its waiver, SARIF suppresses it, only WS-1 fails the gate.
    const waived = await step(dir, '2-waiver', [
      'snapshot-1.yaml',
      '--waivers=waivers.yaml',
      '--baseline=1-fresh.json',
      '--today=2026-12-01',
    ]);
    expect(waived.code).toBe(1);
    expect(waived.json.summary).toMatchObject({ fail: 1, waived: 1 });
    const mac = waived.json.findings.find(macKey);
    expect(mac).toMatchObject({ outcome: 'waived', baselineState: 'updated', waiver: { ticket: 'SEC-1042' } });
    const suppressed = waived.sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'aip.os.macos');
    expect(suppressed.suppressions).toEqual([
      expect.objectContaining({
        kind: 'external',
        status: 'accepted',
        justification: expect.stringContaining('plotter'),
      }),
    ]);
    expect(waived.junit).toContain('<skipped message="waived: The design team');
    expect(waived.json.listed).toEqual(['fail', 'error', 'unknown', 'waived']);
    expect(waived.html).toContain('<div class="group" data-outcome="waived">');
    expect(waived.html).toContain('Waived: The design team');

    // 3. WS-1 is fixed: it is listed as absent, nothing new, and the gate on new findings passes.
    const fixed = await step(dir, '3-fix', [
      'snapshot-2.yaml',
      '--waivers=waivers.yaml',
      '--baseline=2-waiver.json',
      '--today=2027-01-20',
      '--fail-on-new',
    ]);
    expect(fixed.code).toBe(0);
    expect(fixed.json.summary).toMatchObject({ fail: 0, waived: 1 });
    const absent = fixed.json.baseline.absent as { target: { kind: string; id: string } }[];
    expect(absent.filter((f) => f.target.kind === 'device').map((f) => f.target.id)).toEqual(['ws-1']);
    expect(fixed.json.waivers.expiring).toHaveLength(1);
    expect(fixed.html).toContain('<h3>Waiver warnings</h3>');
    expect(fixed.html).toContain('<strong>Gate passed</strong> (<code>--fail-on error --fail-on-new</code>)');
    expect(fixed.html).toContain('fixed: aip.os.windows device ws-1 (WS-1) (was fail)');

    // 4. The waiver expired: the Mac fails again, names the expired waiver, and got worse: the gate fails.
    const expired = await step(dir, '4-expired', [
      'snapshot-2.yaml',
      '--waivers=waivers.yaml',
      '--baseline=3-fix.json',
      '--today=2027-02-01',
      '--fail-on-new',
    ]);
    expect(expired.code).toBe(1);
    const again = expired.json.findings.find(macKey);
    expect(again).toMatchObject({ outcome: 'fail', baselineState: 'updated', expiredWaiver: { ticket: 'SEC-1042' } });
    expect(expired.json.waivers.expired).toHaveLength(1);
    expect(expired.html).toContain('<strong>Gate failed</strong> (<code>--fail-on error --fail-on-new</code>)');
    expect(expired.html).toContain('Its waiver expired: aip.os.macos');

    // GitHub's ingestion rules and the SARIF rules, by Microsoft's SARIF Multitool, over the four logs.
    const logs = new Map(
      ['1-fresh', '2-waiver', '3-fix', '4-expired'].map((name) => [
        name,
        readFileSync(join(dir, `${name}.sarif`), 'utf8'),
      ]),
    );
    for (const [name, errors] of multitoolErrors(logs)) expect({ name, errors }).toEqual({ name, errors: [] });
  }, 120_000);
});

describe('gates and baselines', () => {
  it('--fail-on-new passes on known fails and fails on a new one', async () => {
    const dir = storyDir();
    await runCli(['evaluate', 'snapshot-2.yaml', '--fail-on=never', '--format=json=base.json'], dir);
    const same = await runCli(['evaluate', 'snapshot-2.yaml', '--baseline=base.json', '--fail-on-new'], dir);
    expect(same.code).toBe(0);
    const worse = await runCli(['evaluate', 'snapshot-1.yaml', '--baseline=base.json', '--fail-on-new'], dir);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('[new]');
  });

  it('a rule whose version changed since the baseline makes its findings updated, not new', async () => {
    const dir = storyDir();
    await runCli(['evaluate', 'snapshot-1.yaml', '--fail-on=never', '--format=json=base.json'], dir);
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    // An older pack: the Windows rule was at 0.9.0 and WS-1 was not among its findings.
    base.ruleVersions['aip.os.windows'] = '0.9.0';
    base.findings = base.findings.filter((f: { ruleId: string }) => f.ruleId !== 'aip.os.windows');
    writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
    const run = await runCli(
      ['evaluate', 'snapshot-1.yaml', '--baseline=base.json', '--fail-on-new', '--format=json'],
      dir,
    );
    const ws1 = JSON.parse(run.stdout).findings.find(
      (f: { ruleId: string; target: { id: string } }) => f.ruleId === 'aip.os.windows' && f.target.id === 'ws-1',
    );
    expect(ws1.baselineState).toBe('updated');
    expect(run.code).toBe(0);
  });

  it('the findings of rules this run left out are not listed as fixed', async () => {
    const dir = storyDir();
    await runCli(['evaluate', 'snapshot-1.yaml', '--fail-on=never', '--format=json=base.json'], dir);
    const run = await runCli(
      ['evaluate', 'snapshot-1.yaml', '--baseline=base.json', '--exclude-rule=aip.os.windows', '--format=json'],
      dir,
    );
    const json = JSON.parse(run.stdout);
    expect(json.excludedRules).toEqual([{ id: 'aip.os.windows', reason: 'excluded' }]);
    expect(json.baseline.counts.absent).toBe(0);
    expect(json.baseline.absent).toEqual([]);
    expect(json.baseline.counts.new).toBe(0);
  });

  it('--fail-on-new without --baseline is a usage error', async () => {
    const run = await runCli(['evaluate', 'snapshot-1.yaml', '--fail-on-new'], storyDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fail-on-new needs --baseline');
  });
});

describe('located errors', () => {
  const bad: [string, string, string[], string][] = [
    [
      'a date that is not one',
      'waivers:\n  - rule: aip.os.macos\n    reason: r\n    owner: o\n    ticket: T\n    expires: 2027-02-30\n',
      [],
      'w.yaml:6:5: schema-violation: /waivers/0/expires: must match format "date"',
    ],
    [
      'an unknown key',
      'waivers:\n  - rule: aip.os.macos\n    reason: r\n    owner: o\n    ticket: T\n    expires: 2027-01-01\n    expire: 2027-01-01\n',
      [],
      'w.yaml:7:5: schema-violation: /waivers/0: unknown property "expire"',
    ],
    [
      'a waiver longer than the policy',
      'waivers:\n  - rule: aip.os.macos\n    reason: r\n    owner: o\n    ticket: T\n    created: 2026-01-01\n    expires: 2027-01-01\n',
      ['--max-waiver-days=90'],
      'w.yaml:7:5: waiver-policy: waiver of aip.os.macos lasts 365 days',
    ],
  ];
  it.for(bad)('refuses %s (exit 2, no report)', async ([, text, flags, message]) => {
    const dir = storyDir();
    writeFileSync(join(dir, 'w.yaml'), text);
    const run = await runCli(
      ['evaluate', 'snapshot-1.yaml', '--waivers=w.yaml', ...flags, '--format=json=r.json'],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('refuses a baseline that is not a JSON report', async () => {
    const dir = storyDir();
    writeFileSync(join(dir, 'b.json'), '{"summary": {}}');
    const run = await runCli(['evaluate', 'snapshot-1.yaml', '--baseline=b.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('b.json:1:1: bad-baseline: not an aipcheck JSON report');
  });

  it('refuses a bad --today', async () => {
    const run = await runCli(['evaluate', 'snapshot-1.yaml', '--today=2027-02-30'], storyDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--today must be a date as YYYY-MM-DD');
  });
});

describe('the config file', () => {
  it('aipcheck init writes a starter that evaluate reads, and never overwrites it', async () => {
    const dir = storyDir();
    expect((await runCli(['init'], dir)).code).toBe(0);
    const text = readFileSync(join(dir, 'aipcheck.config.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    const again = await runCli(['init'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
    // The starter names inventory/, which is not there: evaluate reads the file and says so.
    const run = await runCli(['evaluate'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('inventory');
  });

  it('maps its keys to the flags, flags winning', async () => {
    const dir = storyDir();
    writeFileSync(
      join(dir, 'aipcheck.config.yaml'),
      'inputs: [snapshot-1.yaml]\nformats: [json=from-config.json]\nfail-on: never\nwaivers: [waivers.yaml]\n',
    );
    const fromFile = await runCli(['evaluate', '--today=2026-12-01'], dir);
    expect(fromFile.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'from-config.json'), 'utf8'));
    expect(json.summary.waived).toBe(1);
    const flagWins = await runCli(['evaluate', '--today=2026-12-01', '--fail-on=error', '--format=text'], dir);
    expect(flagWins.code).toBe(1);
    expect(flagWins.stdout).toContain('1 waived');
  });

  it('gives the run its flags give: SARIF options, rule selection, organization id, gate and engine', async () => {
    const dir = storyDir();
    mkdirSync(join(dir, 'ci'));
    writeFileSync(
      join(dir, 'ci', 'aipcheck.yaml'),
      [
        'inputs: [../snapshot-1.yaml]',
        'formats: [json=out.json, sarif=out.sarif, html=out.html]',
        'html-max-listed: 20',
        'fail-on: never',
        'engine: reference',
        'sarif: { max-results: 100, category: aipcheck/ci, srcroot: .. }',
        'rule: ["aip.os.*", aip.coexistence.migration-path]',
        'exclude-rule: [aip.os.windows]',
        'tag: [migration]',
        'organization-id: contoso',
        'waivers: [../waivers.yaml]',
        'waiver-warn-days: 30',
        'max-waiver-days: 90',
        'baseline: ../base.json',
        'fail-on-new: true',
        '',
      ].join('\n'),
    );
    const io = { cwd: dir, env: {}, stdout: { write: () => true }, stderr: { write: () => true } };
    const fromConfig = await evaluateRunFromArgs(['--config=ci/aipcheck.yaml'], io);
    const fromFlags = await evaluateRunFromArgs(
      [
        'snapshot-1.yaml',
        '--format=json=out.json',
        '--format=sarif=out.sarif',
        '--format=html=out.html',
        '--html-max-listed=20',
        '--fail-on=never',
        '--engine=reference',
        '--sarif-max-results=100',
        '--sarif-category=aipcheck/ci',
        '--sarif-srcroot=.',
        '--rule=aip.os.*',
        '--rule=aip.coexistence.migration-path',
        '--exclude-rule=aip.os.windows',
        '--tag=migration',
        '--organization-id=contoso',
        '--waivers=waivers.yaml',
        '--waiver-warn-days=30',
        '--max-waiver-days=90',
        '--baseline=base.json',
        '--fail-on-new',
      ],
      io,
    );
    // The same run, except that the one from the config knows its config file (no report may overwrite it).
    const { configFile, ...configured } = fromConfig.evaluate;
    expect(configFile).toBe(join(dir, 'ci', 'aipcheck.yaml'));
    expect({ ...fromConfig, evaluate: configured }).toEqual(fromFlags);
    expect(fromConfig).toMatchObject({
      failOn: 'never',
      failOnNew: true,
      evaluate: {
        engine: 'reference',
        organizationId: 'contoso',
        select: { rules: ['aip.os.*', 'aip.coexistence.migration-path'], excludeRules: ['aip.os.windows'] },
      },
      report: { sarifMaxResults: 100, sarifCategory: 'aipcheck/ci', sarifSrcRoot: dir, htmlMaxListed: 20 },
    });
    // A flag given replaces its key; the defaults apply only where neither says anything.
    const overridden = await evaluateRunFromArgs(['--config=ci/aipcheck.yaml', '--fail-on=warning', '--rule=x'], io);
    expect(overridden.failOn).toBe('warning');
    expect(overridden.evaluate.engine).toBe('reference');
    expect(overridden.evaluate.select?.rules).toEqual(['x']);
    const bare = await evaluateRunFromArgs(['snapshot-1.yaml'], io);
    expect(bare).toMatchObject({ failOn: 'error', failOnNew: false, evaluate: { engine: 'compiled' } });
  });

  it('reads --config FILE with paths relative to it, and locates its errors', async () => {
    const dir = storyDir();
    writeFileSync(join(dir, 'ci.yaml'), 'inputs: [snapshot-1.yaml]\nfail-on: sometimes\n');
    const run = await runCli(['evaluate', '--config=ci.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'ci.yaml:2:1: schema-violation: /fail-on: must be one of "error", "warning", "note", "never"',
    );
  });
});
