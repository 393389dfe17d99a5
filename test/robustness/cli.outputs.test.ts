// Rule pack paths and report outputs that cannot be used, through the real command: located, exit 2, nothing written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, fresh, mini, run } from './cli-harness.js';

/** Files under `dir`, relative, sorted: what a run left behind. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

const report = (name = 'out/report.json') => ['--format', `json=${name}`];

describe.concurrent('rule pack paths that are not regular files', () => {
  it('a rule pack path that is a directory named like a file: located, exit 2', async () => {
    const cwd = fresh();
    mkdirSync(path.join(cwd, 'rules.yaml'));
    const result = await run(cwd, [
      'evaluate',
      'inventories/small.yaml',
      '--no-builtin-rules',
      '--rules',
      'rules.yaml',
    ]);
    expectRefused(result, /^rules\.yaml:1:1: file-not-found: /m);
  });

  it('a pack.yaml that is a FIFO: located, exit 2, no hang', async () => {
    const cwd = fresh();
    mkdirSync(path.join(cwd, 'fifo-pack'));
    spawnSync('mkfifo', [path.join(cwd, 'fifo-pack/pack.yaml')]);
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', '--no-builtin-rules', '--rules', 'fifo-pack']);
    expectRefused(result, /^fifo-pack\/pack\.yaml:1:1: file-unreadable: a named pipe \(FIFO\), not a regular file/m);
  });
});

describe.concurrent('report outputs that cannot be written', () => {
  it('a directory that cannot be created (/proc is read-only even for root): exit 2, nothing written', async () => {
    const cwd = fresh();
    const before = listing(cwd);
    const result = await run(cwd, [
      'evaluate',
      'inventories/small.yaml',
      ...mini,
      '--format',
      'json=/proc/aipcheck/r.json',
    ]);
    expectRefused(
      result,
      /^\/proc\/aipcheck\/r\.json:1:1: write-failed: cannot write the json report: its directory cannot be created there \(ENOENT\)$/m,
    );
    expect(listing(cwd)).toEqual(before);
  });

  it('a parent that is a file: exit 2, nothing written', async () => {
    const cwd = fresh();
    const before = listing(cwd);
    const target = 'inventories/small.yaml/r.json';
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', ...mini, '--format', `json=${target}`]);
    expectRefused(
      result,
      /^inventories\/small\.yaml\/r\.json:1:1: write-failed: cannot write the json report: something that is not a directory is in its path \(EEXIST\)$/m,
    );
    expect(listing(cwd)).toEqual(before);
  });

  it('a target that is a directory: exit 2, no temporary file left behind', async () => {
    const cwd = fresh();
    mkdirSync(path.join(cwd, 'out.json'));
    const before = listing(cwd);
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', ...mini, '--format', 'json=out.json']);
    expectRefused(result, /^out\.json:1:1: write-failed: cannot write the json report: it is a directory \(EISDIR\)$/m);
    expect(listing(cwd)).toEqual(before);
  });

  // Node's recursive mkdir loops forever under /proc (ENOENT for a parent that exists); a dangling link is ENOTDIR.
  it('a parent that is a dangling symbolic link: exit 2 at once, nothing written', async () => {
    const cwd = fresh();
    symlinkSync(path.join(cwd, 'unmounted/share'), path.join(cwd, 'reports'));
    const before = listing(cwd);
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', ...mini, '--format', 'json=reports/r.json']);
    expectRefused(result, /^reports\/r\.json:1:1: write-failed: /m);
    expect(listing(cwd)).toEqual(before);
  });

  it('one unwritable target of several: no report is written, an old one is left untouched', async () => {
    const cwd = fresh();
    writeFileSync(path.join(cwd, 'old.sarif'), 'old');
    const before = listing(cwd);
    const result = await run(cwd, [
      'evaluate',
      'inventories/small.yaml',
      ...mini,
      '--format',
      'sarif=old.sarif',
      '--format',
      'json=/proc/aipcheck/r.json',
    ]);
    expectRefused(result, /\/proc\/aipcheck/);
    expect(listing(cwd)).toEqual(before);
    expect(readFileSync(path.join(cwd, 'old.sarif'), 'utf8')).toBe('old');
  });

  it('a directory target among several: the others are not replaced either', async () => {
    const cwd = fresh();
    writeFileSync(path.join(cwd, 'old.sarif'), 'old');
    mkdirSync(path.join(cwd, 'out.json'));
    const before = listing(cwd);
    const result = await run(cwd, [
      'evaluate',
      'inventories/small.yaml',
      ...mini,
      '--format',
      'sarif=old.sarif',
      '--format',
      'json=out.json',
    ]);
    expectRefused(result, /out\.json/);
    expect(listing(cwd)).toEqual(before);
    expect(readFileSync(path.join(cwd, 'old.sarif'), 'utf8')).toBe('old');
  });

  it('a target in a directory that does not exist yet is created', async () => {
    const cwd = fresh();
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', ...mini, ...report('new/dir/r.json')]);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(readFileSync(path.join(cwd, 'new/dir/r.json'), 'utf8')).summary).toBeDefined();
  });

  it.for([
    ['the same name', 'r.out', 'r.out'],
    ['two spellings of one path', 'r.out', './out/../r.out'],
  ])('two --format targets with %s: a usage error before anything runs', async ([, first, second]) => {
    const cwd = fresh();
    const before = listing(cwd);
    const result = await run(cwd, [
      'evaluate',
      'inventories/small.yaml',
      ...mini,
      '--format',
      `json=${first}`,
      '--format',
      `sarif=${second}`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format json and --format sarif both write r\.out/);
    expect(listing(cwd)).toEqual(before);
  });
});
