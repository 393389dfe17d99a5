import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '../engine/fixtures');
let cwd: string;

beforeEach(() => {
  cwd = tempDir('cli');
  cpSync(fixtures, cwd, { recursive: true });
});

const run = (...argv: string[]) => runCli(argv, cwd);

const mini = ['--no-builtin-rules', '--rules', 'mini'];

describe('exit codes', () => {
  it('1 when a failing finding is at or above --fail-on (default error)', async () => {
    const { code, stdout } = await run('evaluate', 'inventories/small.yaml', ...mini);
    expect(code).toBe(1);
    expect(stdout).toContain('inventories/small.yaml:15:7');
  });

  it.for([
    ['error', 1],
    ['warning', 1],
    ['note', 1],
    ['never', 0],
  ] as const)('--fail-on %s → %i', async ([level, expected]) => {
    expect((await run('evaluate', 'inventories/small.yaml', ...mini, '--fail-on', level)).code).toBe(expected);
  });

  it('0 when only findings below the threshold fail', async () => {
    // late.yaml fixes the proxy (a warning rule) and mac-old; mac-unknown stays unknown, which never fails a gate.
    const { code } = await run('evaluate', 'inventories/small.yaml', 'inventories/late.yaml', ...mini);
    expect(code).toBe(0);
  });

  it.for([
    [['evaluate', 'missing.yaml', ...mini], /missing\.yaml:1:1: file-not-found: no such file/],
    [['evaluate', 'inventories/*.json', ...mini], /glob-no-match/],
    [['evaluate', 'inventories/small.yaml', ...mini, '--fail-on', 'sometimes'], /--fail-on must be one of/],
    [['evaluate', 'inventories/small.yaml', ...mini, '--format', 'pdf'], /unknown format "pdf"/],
    [['evaluate', 'inventories/small.yaml', ...mini, '--bogus'], /^aipcheck: usage: unknown option --bogus;/],
    [['evaluate', 'inventories/small.yaml', '--no-builtin-rules', '--rules', 'nope'], /nope:1:1: file-not-found/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ] as const)('2 for unusable input or usage: %j', async ([argv, message]) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('reports', () => {
  it('writes each --format NAME=PATH file and nothing else', async () => {
    const { code } = await run(
      'evaluate',
      'inventories/small.yaml',
      ...mini,
      '--format',
      'json=out/r.json',
      '--format',
      'junit=out/r.xml',
    );
    expect(code).toBe(1);
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['r.json', 'r.xml']);
    const json = JSON.parse(readFileSync(path.join(cwd, 'out/r.json'), 'utf8'));
    expect(json.summary).toEqual({ pass: 1, fail: 2, notApplicable: 0, unknown: 1, error: 0 });
  });

  it('lists fail, error and unknown and counts the rest; --include-passing (old name --sarif-passing) lists all', async () => {
    const report = async (...extra: string[]) => {
      await run('evaluate', 'inventories/small.yaml', ...mini, '--format', 'json=out/r.json', ...extra);
      return JSON.parse(readFileSync(path.join(cwd, 'out/r.json'), 'utf8'));
    };
    const outcomes = (json: { findings: { outcome: string }[] }) => json.findings.map((f) => f.outcome).sort();
    const counted = await report();
    expect(counted.summary).toEqual({ pass: 1, fail: 2, notApplicable: 0, unknown: 1, error: 0 });
    expect(counted.listed).toEqual(['fail', 'error', 'unknown']);
    expect(outcomes(counted)).toEqual(['fail', 'fail', 'unknown']);
    for (const flag of ['--include-passing', '--sarif-passing']) {
      const all = await report(flag);
      expect(all.summary).toEqual(counted.summary);
      expect(all.listed).toBeUndefined();
      expect(outcomes(all)).toEqual(['fail', 'fail', 'pass', 'unknown']);
    }
  });

  it('gives byte-identical reports for identical inputs', async () => {
    const formats = ['json', 'sarif', 'junit', 'markdown', 'text'];
    const render = async (dir: string) => {
      await run(
        'evaluate',
        'inventories/small.yaml',
        ...mini,
        ...formats.flatMap((f) => ['--format', `${f}=${dir}/r.${f}`]),
      );
      return formats.map((f) => readFileSync(path.join(cwd, dir, `r.${f}`), 'utf8'));
    };
    expect(await render('a')).toEqual(await render('b'));
  });

  it('writes no report and keeps an old one when an input is bad', async () => {
    writeFileSync(
      path.join(cwd, 'bad.yaml'),
      'snapshot:\n  id: x\nassets:\n  devices:\n    - id: d\n      platform: toaster\n',
    );
    writeFileSync(path.join(cwd, 'old.json'), 'previous report');
    const { code, stderr } = await run(
      'evaluate',
      'inventories/small.yaml',
      'bad.yaml',
      ...mini,
      '--format',
      'json=old.json',
      '--format',
      'sarif=new.sarif',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bad\.yaml:6:7: schema-violation: \/assets\/devices\/0\/platform: must be one of/m);
    expect(readFileSync(path.join(cwd, 'old.json'), 'utf8')).toBe('previous report');
    expect(existsSync(path.join(cwd, 'new.sarif'))).toBe(false);
    expect(readdirSync(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports every problem at once, sorted by file and position', async () => {
    writeFileSync(path.join(cwd, 'a.yaml'), 'snapshot:\n  id: a\norganization:\n  nmae: x\n');
    writeFileSync(path.join(cwd, 'b.yaml'), 'snapshot: [\n');
    const { code, stderr } = await run('evaluate', 'b.yaml', 'a.yaml', ...mini);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^a\.yaml:4:3: schema-violation: \/organization: unknown property "nmae"/);
    expect(lines[1]).toMatch(/^b\.yaml:\d+:\d+: parse-error: /);
    expect(lines.at(-1)).toBe('aipcheck: 2 problem(s); no report was written');
  });
});

describe('other commands', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(fixtures, '../../../package.json'), 'utf8'));
    expect(await run('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.for(['evaluate', 'validate', 'rules'])('%s --help', async (command) => {
    const { code, stdout } = await run(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`aipcheck ${command}`);
    expect(stdout).toContain('Exit codes:');
  });

  it('rules --format json lists every rule with its pack', async () => {
    const { code, stdout } = await run('rules', '--format', 'json', ...mini);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout);
    expect(rules.map((r: { id: string }) => r.id)).toEqual(['mini.macos', 'mini.proxy']);
    expect(rules[1]).toMatchObject({ version: '2.0.0', severity: 'warning', pack: 'mini', packVersion: '1.2.3' });
    expect(rules[1].source.sentences[0]).toMatch(/^If you use a web proxy/);
  });

  it('validate accepts good files and locates schema errors', async () => {
    expect((await run('validate', 'inventories/small.yaml', '--rules', 'mini')).code).toBe(0);
    writeFileSync(path.join(cwd, 'bad.yaml'), 'snapshot:\n  id: 7\n');
    const { code, stderr } = await run('validate', 'bad.yaml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bad\.yaml:2:3: schema-violation: \/snapshot\/id: must be string/m);
  });

  it('validate reads JSON Lines as evaluate does, and names the problems of every file at once', async () => {
    const header = JSON.stringify({ schemaVersion: '1', snapshot: { id: 'fleet', source: 'test' } });
    const device = (id: unknown) => JSON.stringify({ device: { id, name: 'PC', platform: 'windows' } });
    writeFileSync(path.join(cwd, 'fleet.jsonl'), `${header}\n${device('pc-1')}\n${device(5)}\n`);
    writeFileSync(path.join(cwd, 'bad.yaml'), 'snapshot:\n  id: 7\n');
    const { code, stderr } = await run('validate', 'fleet.jsonl', 'bad.yaml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bad\.yaml:2:3: schema-violation: /m);
    expect(stderr).toMatch(/^fleet\.jsonl:3:\d+: bad-row: \/device\/id: must be string/m);
  });

  it('validate names the bad rows of a JSON Lines file whose header is bad too', async () => {
    const header = JSON.stringify({
      schemaVersion: '1',
      snapshot: { id: 'fleet', source: 'test' },
      organization: { bogus: 1 },
    });
    const device = JSON.stringify({ device: { id: 'pc-1', name: 'PC', platform: 'windows', extra: true } });
    writeFileSync(path.join(cwd, 'fleet.jsonl'), `${header}\nnot json\n${device}\n`);
    const { code, stderr } = await run('validate', 'fleet.jsonl');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fleet\.jsonl:1:\d+: .*bogus/m);
    expect(stderr).toMatch(/^fleet\.jsonl:2:1: bad-row: not JSON/m);
    expect(stderr).toMatch(/^fleet\.jsonl:3:\d+: bad-row: .*extra/m);
  });
});

describe('the installed command', () => {
  it('runs from dist with the exit code of the library', async () => {
    const bin = path.join(fixtures, '../../../dist/cli/bin.js');
    if (!existsSync(bin)) throw new Error('run npm run build first (npm ci does it through "prepare")');
    const exec = promisify(execFile);
    const ok = await exec(
      process.execPath,
      [bin, 'evaluate', 'inventories/small.yaml', ...mini, '--fail-on', 'never'],
      { cwd },
    );
    expect(ok.stdout).toContain('4 checks');
    const failed = await exec(process.execPath, [bin, 'evaluate', 'inventories/small.yaml', ...mini], { cwd }).catch(
      (e) => e,
    );
    expect(failed.code).toBe(1);
  });

  it('keeps its exit code and does not crash when the reader closes the pipe early (| head)', async () => {
    const bin = path.join(fixtures, '../../../dist/cli/bin.js');
    // One format: two to standard output are refused (they would concatenate into neither).
    const args = [bin, 'evaluate', 'inventories/small.yaml', ...mini, '--format', 'json', '--include-passing'];
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(1);
  });
});
