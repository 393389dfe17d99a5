// Pathological inputs through the real command (dist/cli/bin.js): no hang, located, exit 2, no reports.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, expectRefused, fresh, mini, run } from './cli-harness.js';

/** Root reads any file whatever its mode, so under root an unreadable file is tested as the user nobody. */
const ROOT = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Whether nobody can run the built CLI from this checkout and read `file` (a checkout or a temporary folder inside
 * a folder only root may enter cannot be): then, and only then, root can test what a user meets on an unreadable
 * file.
 */
function nobodyCanRead(file: string): boolean {
  const check = `for (const f of ${JSON.stringify([bin, file])}) require('node:fs').accessSync(f, 4)`;
  return spawnSync(process.execPath, ['-e', check], { ...NOBODY, stdio: 'ignore' }).status === 0;
}

const report = (name = 'out/report.json') => ['--format', `json=${name}`];

describe.concurrent('hostile inventories', () => {
  it('a YAML alias bomb: alias-limit, no report', async () => {
    const cwd = fresh();
    const lines = ['snapshot:', '  id: bomb', 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(path.join(cwd, 'bomb.yaml'), lines.join('\n'));
    const result = await run(cwd, ['evaluate', 'bomb.yaml', ...mini, ...report()]);
    expectRefused(result, /^bomb\.yaml:1:1: alias-limit: /m);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('300 MB files: input-too-large for each, without reading them, every problem reported at once', async () => {
    const cwd = fresh();
    const names = ['big.csv', 'big.json', 'big.yaml'];
    for (const name of names) {
      closeSync(openSync(path.join(cwd, name), 'w'));
      // Sparse: the size is set, no block is written, so the test is fast and takes no disk.
      spawnSync('truncate', ['-s', '300M', path.join(cwd, name)]);
      expect(statSync(path.join(cwd, name)).size).toBe(300 * 1024 * 1024);
    }
    const result = await run(cwd, ['evaluate', ...[...names].reverse(), ...mini, ...report()]);
    expectRefused(result, /input-too-large/);
    expect(result.stderr.split('\n').filter((l) => l.includes('input-too-large'))).toEqual(
      names.map((n) => `${n}:1:1: input-too-large: file is 314572800 bytes, more than the limit of 268435456`),
    );
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('JSON and YAML nested 100 000 levels: located errors, no stack overflow', async () => {
    const cwd = fresh();
    const deep = (open: string, close: string) => `${open.repeat(100_000)}${close.repeat(100_000)}`;
    const files = {
      'a-inventory.json': `{"snapshot": ${deep('[', ']')}}`,
      'b-inventory.yaml': `snapshot:\n  id: x\nassets: ${deep('{"a": ', '}')}\n`,
      'c-block-sequences.yaml': `snapshot:\n  id: x\nassets:\n${'- '.repeat(100_000)}x\nnext: 1\n`,
      'd-nsg.json': `[{"securityRules": ${deep('[', ']')}}]`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(cwd, name), text);
    const result = await run(cwd, ['evaluate', ...Object.keys(files), ...mini, ...report()]);
    expectRefused(result, /nesting-too-deep/);
    const codes = result.stderr.split('\n').map((l) => /^([\w.-]+):(\d+):(\d+): ([\w-]+):/.exec(l)?.slice(1, 5));
    expect(codes.filter((c) => c !== undefined)).toEqual([
      ['a-inventory.json', '1', '213', 'nesting-too-deep'],
      ['b-inventory.yaml', '3', '1198', 'nesting-too-deep'],
      ['c-block-sequences.yaml', '4', '398', 'nesting-too-deep'],
      ['d-nsg.json', '1', '21', 'bad-row'],
    ]);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('a Graph export with a value nested 100 000 levels is read without a stack overflow', async () => {
    const cwd = fresh();
    const device = `{"deviceName": "MAC-1", "operatingSystem": "macOS", "osVersion": "10.7", "extra": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    writeFileSync(path.join(cwd, 'graph.json'), `{"value": [${device}]}`);
    const result = await run(cwd, ['evaluate', 'graph.json', ...mini, ...report()]);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|FATAL/);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(readFileSync(path.join(cwd, 'out/report.json'), 'utf8')).summary.fail).toBe(1);
  });
});

describe.concurrent('inputs that are not regular files', () => {
  it('a directory named like a file: located, exit 2', async () => {
    const cwd = fresh();
    mkdirSync(path.join(cwd, 'inventory.yaml'));
    expectRefused(await run(cwd, ['evaluate', 'inventory.yaml', ...mini]), /^inventory\.yaml:1:1: glob-no-match: /m);
  });

  // Skipped, and reported as skipped, only under root where the user nobody cannot read the checkout or the folder.
  it('an unreadable file (chmod 000): file-unreadable', async (context) => {
    const cwd = fresh();
    // Under root (CI containers) the command runs as nobody instead, in a folder nobody may enter.
    if (ROOT) chmodSync(cwd, 0o755);
    if (ROOT && !nobodyCanRead(path.join(cwd, 'mini/pack.yaml'))) context.skip();
    chmodSync(path.join(cwd, 'inventories/small.yaml'), 0);
    const nobody = ROOT ? NOBODY : undefined;
    const result = await run(cwd, ['evaluate', 'inventories/small.yaml', ...mini], nobody);
    expectRefused(result, /small\.yaml:1:1: file-unreadable: /m);
    // The other inputs were read: the one refusal is the unreadable file.
    expect(result.stderr.match(/file-unreadable/g)).toHaveLength(1);
  });

  it('a regular file whose read fails, even for root (/proc/self/mem: EIO): file-unreadable', async () => {
    const cwd = fresh();
    const result = await run(cwd, ['evaluate', '/proc/self/mem', ...mini, ...report()]);
    expectRefused(result, /^\/proc\/self\/mem:1:1: file-unreadable: EIO: i\/o error, read$/m);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  // Only regular files are read: a FIFO without a writer blocks open() forever, /dev/zero never ends. So
  // FIFOs, devices and sockets are refused when the inputs are expanded, before anything opens them.
  it('a FIFO and devices: refused at once, no hang', async () => {
    const cwd = fresh();
    spawnSync('mkfifo', [path.join(cwd, 'pipe.yaml')]);
    const result = await run(cwd, [
      'evaluate',
      'pipe.yaml',
      '/dev/zero',
      '/dev/urandom',
      '/dev/null',
      ...mini,
      ...report(),
    ]);
    expectRefused(result, /file-unreadable/);
    expect(result.stderr.split('\n').filter((l) => l.includes('file-unreadable'))).toEqual([
      '/dev/null:1:1: file-unreadable: a character device, not a regular file; save the export to a file and pass that',
      '/dev/urandom:1:1: file-unreadable: a character device, not a regular file; save the export to a file and pass that',
      '/dev/zero:1:1: file-unreadable: a character device, not a regular file; save the export to a file and pass that',
      'pipe.yaml:1:1: file-unreadable: a named pipe (FIFO), not a regular file; save the export to a file and pass that',
    ]);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('validate refuses a FIFO too', async () => {
    const cwd = fresh();
    spawnSync('mkfifo', [path.join(cwd, 'pipe.json')]);
    expectRefused(await run(cwd, ['validate', 'pipe.json']), /^pipe\.json:1:1: file-unreadable: /m);
  });
});

// A rule pack's folder that cannot be looked into is unreadable, with the OS's reason, not missing: the user fixes
// permissions, not a path. Skipped, and reported as skipped, only under root where the user nobody cannot read the
// checkout or the folder.
describe.concurrent('rule pack folders that cannot be read', () => {
  it.for([
    // mode of mini/, --rules, the one refusal expected
    ['000', 'mini', /^mini:1:1: file-unreadable: EACCES: permission denied, stat '.*mini\/pack\.yaml'$/m],
    ['000', 'mini/pack.yaml', /^mini\/pack\.yaml:1:1: file-unreadable: EACCES: permission denied, stat /m],
    ['000', 'mini*', /^mini:1:1: file-unreadable: EACCES: permission denied, stat '.*mini\/pack\.yaml'$/m],
    ['000', 'mini/*.yaml', /^mini\/\*\.yaml:1:1: file-unreadable: EACCES: permission denied, scandir /m],
    // Searchable but not listable: pack.yaml reads, its rule files cannot be listed.
    ['711', 'mini', /^mini:1:1: file-unreadable: EACCES: permission denied, scandir '.*mini'$/m],
  ] as const)('chmod %s mini, --rules %s: file-unreadable', async ([mode, rules, refusal], context) => {
    const cwd = fresh();
    if (ROOT) chmodSync(cwd, 0o755);
    if (ROOT && !nobodyCanRead(path.join(cwd, 'mini/pack.yaml'))) context.skip();
    chmodSync(path.join(cwd, 'mini'), Number.parseInt(mode, 8));
    const result = await run(
      cwd,
      ['evaluate', 'inventories/small.yaml', '--no-builtin-rules', '--rules', rules, ...report()],
      ROOT ? NOBODY : undefined,
    );
    expectRefused(result, refusal);
    expect(result.stderr.match(/: file-unreadable: /g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/file-not-found|glob-no-match/);
  });
});
