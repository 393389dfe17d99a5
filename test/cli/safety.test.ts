// Output safety and hostile input: what aipcheck must never write over, and gates that must never pass by accident.
// Each case asserts the exit code, the located message and the bytes of every file that must stay as it was.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_FIELD_LENGTH, MAX_MESSAGE_LENGTH } from '../../reporters/common.js';
import { MAX_MARKDOWN_LENGTH } from '../../reporters/markdown.js';
import { tempDir } from '../temp-dir.js';
import { runCli } from './run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../engine/fixtures');
const bin = path.join(here, '../../dist/cli/bin.js');
const mini = ['--no-builtin-rules', '--rules', 'mini'];
const SMALL = 'inventories/small.yaml';

let cwd: string;
beforeEach(() => {
  cwd = tempDir('safety');
  cpSync(fixtures, cwd, { recursive: true });
});

const at = (file: string) => path.join(cwd, file);
const bytes = (file: string) => readFileSync(at(file));
const run = (...argv: string[]) => runCli(argv, cwd);
/** Every diagnostic line of stderr, without the closing count. */
const problems = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('aipcheck: '));

describe('1. devices and named pipes are written into, never replaced', () => {
  it('--format json=/dev/null leaves the device node a device', async () => {
    const before = statSync('/dev/null');
    const { code, stderr } = await run('evaluate', SMALL, ...mini, '--format', 'json=/dev/null');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev]).toEqual([before.ino, before.rdev]);
  });

  it('a named pipe gets the report through it and stays a pipe', async () => {
    const input = bytes(SMALL);
    expect(spawnSync('mkfifo', [at('report.pipe')]).status).toBe(0);
    const received: Buffer[] = [];
    const reader = new Promise<void>((resolve, reject) => {
      const stream = createReadStream(at('report.pipe'));
      stream.on('data', (chunk) => received.push(chunk as Buffer));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const { code } = await run('evaluate', SMALL, ...mini, '--format', 'json=report.pipe');
    await reader;
    expect(code).toBe(1);
    expect(JSON.parse(Buffer.concat(received).toString('utf8')).summary.fail).toBe(2);
    expect(lstatSync(at('report.pipe')).isFIFO()).toBe(true);
    expect(bytes(SMALL)).toEqual(input);
  });
});

describe('2. a report path that is an input is refused before anything is read or written', () => {
  it.for([
    ['the same name', (): string => SMALL],
    [
      'a hard link',
      (): string => {
        linkSync(at(SMALL), at('hard.yaml'));
        return 'hard.yaml';
      },
    ],
    [
      'a symbolic link',
      (): string => {
        symlinkSync(at(SMALL), at('soft.yaml'));
        return 'soft.yaml';
      },
    ],
  ] as const)('%s', async ([, make]) => {
    const report = make();
    const input = bytes(SMALL);
    const { code, stderr } = await run('evaluate', SMALL, ...mini, '--format', `json=${report}`);
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      `${report}:1:1: usage: the report ${report} would overwrite the input ${SMALL} (the same file); write the report elsewhere`,
    ]);
    expect(bytes(SMALL)).toEqual(input);
  });
});

describe('2b. a report path that is a rule pack file or a waiver file is refused too', () => {
  it('a rule file of a --rules pack, and its manifest through a symbolic link', async () => {
    const [rule] = readdirSync(at('mini')).filter((f) => f.endsWith('.yaml') && f !== 'pack.yaml');
    const before = { rule: bytes(`mini/${rule}`), manifest: bytes('mini/pack.yaml') };
    symlinkSync('mini/pack.yaml', at('manifest.json'));
    const { code, stderr } = await run(
      'evaluate',
      SMALL,
      ...mini,
      '--format',
      `json=mini/${rule}`,
      '--format',
      'sarif=manifest.json',
    );
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'manifest.json:1:1: usage: the report manifest.json would overwrite the rule file mini/pack.yaml (the same file); write the report elsewhere',
      `mini/${rule}:1:1: usage: the report mini/${rule} would overwrite the rule file mini/${rule} (the same file); write the report elsewhere`,
    ]);
    expect(bytes(`mini/${rule}`)).toEqual(before.rule);
    expect(bytes('mini/pack.yaml')).toEqual(before.manifest);
  });

  it('the config file the run was configured from', async () => {
    const config = 'rules: [mini]\nno-builtin-rules: true\n';
    writeFileSync(at('aipcheck.config.yaml'), config);
    const { code, stderr } = await run('evaluate', SMALL, '-f', 'json=aipcheck.config.yaml');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'aipcheck.config.yaml:1:1: usage: the report aipcheck.config.yaml would overwrite the config file aipcheck.config.yaml (the same file); write the report elsewhere',
    ]);
    expect(bytes('aipcheck.config.yaml').toString()).toBe(config);
  });

  it('a waiver file', async () => {
    writeFileSync(at('waivers.yaml'), 'waivers: []\n');
    const { code, stderr } = await run(
      'evaluate',
      SMALL,
      ...mini,
      '--waivers',
      'waivers.yaml',
      '-f',
      'json=waivers.yaml',
    );
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'waivers.yaml:1:1: usage: the report waivers.yaml would overwrite the waiver file waivers.yaml (the same file); write the report elsewhere',
    ]);
    expect(bytes('waivers.yaml').toString()).toBe('waivers: []\n');
  });
});

describe('3. a report path that is a symbolic link is written through it', () => {
  it('the link stays a link and its target gets the report; a dangling link creates its target', async () => {
    mkdirSync(at('real'));
    writeFileSync(at('real/old.json'), 'old');
    symlinkSync('real/old.json', at('r.json'));
    symlinkSync('real/new.xml', at('r.xml'));
    const { code } = await run('evaluate', SMALL, ...mini, '-f', 'json=r.json', '-f', 'junit=r.xml');
    expect(code).toBe(1);
    expect(lstatSync(at('r.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(at('r.xml')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(bytes('real/old.json').toString()).summary.fail).toBe(2);
    expect(bytes('real/new.xml').toString()).toMatch(/^<\?xml/);
    expect(readdirSync(at('real')).sort()).toEqual(['new.xml', 'old.json']);
  });

  it('two reports to one file through a link: a usage error, nothing written', async () => {
    symlinkSync('r.json', at('link.json'));
    const { code, stderr } = await run('evaluate', SMALL, ...mini, '-f', 'json=r.json', '-f', 'sarif=link.json');
    expect(code).toBe(2);
    expect(stderr).toBe('aipcheck: usage: --format json and --format sarif both write r.json\n');
    expect(readdirSync(cwd).sort()).toEqual(['inventories', 'link.json', 'mini']);
  });
});

describe('4. temporary files do not outlive the run', () => {
  /** Spawns the built CLI writing r.json and then into a pipe nobody reads: it waits there, temp file complete. */
  async function blockedRun(signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }> {
    spawnSync('mkfifo', [at('blocked.pipe')]);
    const child = spawn(
      process.execPath,
      [bin, 'evaluate', SMALL, ...mini, '-f', 'json=out/r.json', '-f', 'sarif=blocked.pipe'],
      {
        cwd,
        stdio: 'ignore',
      },
    );
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    // Bounded by polls, not by time: the temp file appears once the evaluation is done.
    for (let poll = 0; poll < 600 && !readdirSync(at('out')).some((f) => f.endsWith('.tmp')); poll++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(at('out')).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    child.kill(signal);
    return ended;
  }

  it.for(['SIGTERM', 'SIGINT'] as const)(
    '%s removes them and ends by the signal (143/130 in a shell)',
    async (signal) => {
      mkdirSync(at('out'));
      writeFileSync(at('out/r.json'), 'earlier report');
      const ended = await blockedRun(signal);
      expect(ended).toEqual({ code: null, signal });
      expect(readdirSync(at('out'))).toEqual(['r.json']);
      expect(bytes('out/r.json').toString()).toBe('earlier report');
    },
  );

  it('a later run removes those of a process that is gone (kill -9), and no one else', async () => {
    mkdirSync(at('out'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(at(`out/.r.json.${gone}.0.tmp`), 'left by kill -9');
    writeFileSync(at(`out/.r.json.${process.ppid}.0.tmp`), 'a run still going');
    writeFileSync(at('out/.other.json.99999999.0.tmp'), 'not ours to judge');
    writeFileSync(at('out/notes.tmp'), 'not our pattern');
    const { code } = await run('evaluate', SMALL, ...mini, '-f', 'json=out/r.json');
    expect(code).toBe(1);
    expect(readdirSync(at('out')).sort()).toEqual(
      [`.r.json.${process.ppid}.0.tmp`, '.other.json.99999999.0.tmp', 'notes.tmp', 'r.json'].sort(),
    );
    expect(bytes(`out/.r.json.${process.ppid}.0.tmp`).toString()).toBe('a run still going');
  });
});

describe('5-6, 13. usage errors', () => {
  it.for([
    [['-f', 'json', '-f', 'sarif'], 'aipcheck: usage: json and sarif cannot both go to standard output'],
    [['--formt', 'json'], 'aipcheck: usage: unknown option --formt; did you mean --format?'],
    [['--fail-onn', 'note'], 'aipcheck: usage: unknown option --fail-onn; did you mean --fail-on?'],
    [['-x'], 'aipcheck: usage: unknown option -x; known options: --rules, --no-builtin-rules, --format, -f'],
  ] as const)('%j', async ([extra, message]) => {
    const { code, stderr } = await run('evaluate', SMALL, ...mini, ...extra);
    expect(code).toBe(2);
    expect(stderr.startsWith(message)).toBe(true);
  });

  it('6. --no-builtin-rules without --rules: no rules to run, exit 2', async () => {
    const { code, stderr } = await run('evaluate', SMALL, '--no-builtin-rules', '-f', 'json=r.json');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      '<command line>:1:1: usage: no rules to run: --no-builtin-rules leaves only the packs given with --rules, and they have none; a gate would pass by accident',
    ]);
    expect(existsSync(at('r.json'))).toBe(false);
  });
});

describe('7-8. exports that would pass by accident', () => {
  it.for([
    ['a header and no rows', 'hdr.csv', 'Device name,OS,OS version\r\n', []],
    ['an empty file forced with --input-format', 'empty.csv', '', ['--input-format', 'intune-csv']],
  ] as const)('7. %s: no-assets, exit 2', async ([, name, text, extra]) => {
    writeFileSync(at(name), text);
    const { code, stderr } = await run('evaluate', name, ...mini, ...extra);
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      `${name}:1:1: no-assets: 0 assets read from ${name}: the intune-csv export is empty or has a header and no rows; an empty export would pass every check by accident`,
    ]);
    expect(bytes(name).toString()).toBe(text);
  });

  it('7. an inventory of organization facts only stays valid', async () => {
    writeFileSync(at('org.yaml'), 'schemaVersion: "1"\nsnapshot: { id: org }\norganization: { name: Org }\n');
    const { code, stderr } = await run('evaluate', 'org.yaml', ...mini);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('8. a column named twice: duplicate-column at the second header', async () => {
    const text = 'Device name,OS,OS version,OSVersion\nmac-1,macOS,10.7.5,10.15\n';
    writeFileSync(at('dup.csv'), text);
    const { code, stderr } = await run('evaluate', 'dup.csv', ...mini);
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'dup.csv:1:27: duplicate-column: the column "OSVersion" is there twice (as "OS version" before); only one can be read, so which one is meant is unclear: remove or rename one',
    ]);
    expect(bytes('dup.csv').toString()).toBe(text);
  });
});

describe('9. a custom pack cannot pass for a bundled one', () => {
  it('a pack named aip: duplicate-pack; --no-builtin-rules lifts the clash', async () => {
    const manifest = bytes('mini/pack.yaml')
      .toString()
      .replace(/^name: mini$/m, 'name: aip');
    writeFileSync(at('mini/pack.yaml'), manifest);
    const clash = await run('evaluate', SMALL, '--rules', 'mini');
    expect(clash.code).toBe(2);
    expect(problems(clash.stderr)).toEqual([
      'mini/pack.yaml:1:1: duplicate-pack: pack name "aip" is already used by rules/aip/pack.yaml; rename the pack (and its rule ids), or leave out the bundled packs with --no-builtin-rules',
    ]);
    expect((await run('evaluate', SMALL, ...mini)).code).toBe(1);
  });

  it("a rule id under another pack's prefix: duplicate-pack at its id", async () => {
    const rule = bytes('mini/mini.macos.yaml').toString().replace('id: mini.macos', 'id: aip.macos');
    writeFileSync(at('mini/aip.macos.yaml'), rule);
    const { code, stderr } = await run('validate', '--rules', 'mini');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'mini/aip.macos.yaml:1:1: duplicate-pack: rule id prefix "aip." belongs to the pack aip (rules/aip/pack.yaml); name this pack\'s rules after it ("mini.…")',
    ]);
  });
});

describe('10-11. rule paths and references that cannot be meant', () => {
  const editRule = (from: string, to: string) => {
    const text = bytes('mini/mini.macos.yaml').toString();
    expect(text).toContain(from);
    writeFileSync(at('mini/mini.macos.yaml'), text.replace(from, to));
  };

  it.for([
    [
      '$.constructor.name',
      'unknown-path: device has no path $.constructor; fields here: architecture, collectedRegistryKeys, entraDeviceId, id, intuneDeviceId, labelingClient, name, observedAt, os, platform, primaryUser, registry, tls',
    ],
    [
      '$.__proto__.x',
      'unknown-path: device has no path $.__proto__; fields here: architecture, collectedRegistryKeys, entraDeviceId, id, intuneDeviceId, labelingClient, name, observedAt, os, platform, primaryUser, registry, tls',
    ],
    ['$.os.version.foo', 'unknown-path: device has no path $.os.version.foo: $.os.version is a string'],
    ['$.os.verson', 'unknown-path: device has no path $.os.verson; did you mean $.os.version?'],
    ['$..version', 'bad-path: unsupported path "$..version"; use $.a.b, $.a[0] or $[\'key\']'],
  ] as const)('require path %s', async ([path, message]) => {
    editRule('  path: $.os.version\n  operator', `  path: ${path}\n  operator`);
    for (const command of [
      ['validate', '--rules', 'mini'],
      ['evaluate', SMALL, ...mini],
    ]) {
      const { code, stderr } = await run(...command);
      expect(code).toBe(2);
      expect(problems(stderr)).toEqual([`mini/mini.macos.yaml:19:3: ${message}`]);
    }
  });

  it.for([
    [
      '$.nope',
      'unknown-path: placeholder "version" reads a path that cannot exist: device has no path $.nope; did you mean $.name?',
    ],
    ['$..x', 'bad-path: placeholder "version" reads the unsupported path "$..x"; use $.a.b, $.a[0] or $[\'key\']'],
  ] as const)('data path %s: one message, not one more for the template using it', async ([path, message]) => {
    editRule('    path: $.os.version', `    path: ${path}`);
    const { code, stderr } = await run('validate', '--rules', 'mini');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([`mini/mini.macos.yaml:25:5: ${message}`]);
  });

  it('a locate entry: one the schema cannot hold is unknown-path too', async () => {
    const text = bytes('mini/mini.proxy.yaml').toString();
    writeFileSync(
      at('mini/mini.proxy.yaml'),
      text.replace('  - network.proxy\n', '  - network.proxy.authenticationMetod\n'),
    );
    const { code, stderr } = await run('validate', '--rules', 'mini');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'mini/mini.proxy.yaml:39:5: unknown-path: locate entry "network.proxy.authenticationMetod" cannot exist: network has no path $.proxy.authenticationMetod; did you mean $.proxy.authenticationMethod?',
    ]);
  });

  it('paths under an open object (registry values by name) stay allowed', async () => {
    editRule('  path: $.os.version\n  operator', "  path: $.registry['HKLM\\\\SOFTWARE\\\\X'].data\n  operator");
    const { code, stderr } = await run('validate', '--rules', 'mini');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('11. a javascript: reference is refused', async () => {
    editRule('  - https://learn.microsoft.com', '  - javascript:alert(1)//learn.microsoft.com');
    const { code, stderr } = await run('validate', '--rules', 'mini');
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      'mini/mini.macos.yaml:12:5: schema-violation: /references/0: must match pattern "^https?://"',
    ]);
  });
});

describe('12, 16. what inventories put in reports is bounded and shown as escapes', () => {
  it('huge names: every text field cut with an ellipsis, the Markdown summary under 65,536 characters', async () => {
    const devices = Array.from(
      { length: 110 },
      (_, i) =>
        `    - { id: "${`mac-${i}-`.padEnd(2000, 'i')}", name: "${'N'.repeat(20_000)}", platform: macos, os: { version: "10.7.${i}" } }`,
    );
    const inventory = `schemaVersion: "1"\nsnapshot: { id: huge }\nassets:\n  devices:\n${devices.join('\n')}\n`;
    writeFileSync(at('huge.yaml'), inventory);
    const { code, stdout } = await run(
      'evaluate',
      'huge.yaml',
      ...mini,
      '-f',
      'text',
      '-f',
      'markdown=s.md',
      '-f',
      'junit=j.xml',
    );
    expect(code).toBe(1);
    const markdown = bytes('s.md').toString();
    expect(markdown.length).toBeLessThanOrEqual(MAX_MARKDOWN_LENGTH);
    expect(markdown).toMatch(/^\d+ more not shown \(a summary holds 65536 characters at most\); /m);
    // Names are cut to MAX_FIELD_LENGTH in the target cell, messages (which hold the name) to 300 in theirs.
    expect(markdown).toContain(` ${'N'.repeat(MAX_FIELD_LENGTH - 1)}… | `);
    expect(markdown).not.toContain('N'.repeat(300));
    // Text and JUnit: the target cut to MAX_FIELD_LENGTH, the message to MAX_MESSAGE_LENGTH.
    const junit = bytes('j.xml').toString();
    for (const output of [stdout, junit]) {
      expect(output).toContain(`(${'N'.repeat(MAX_FIELD_LENGTH - 1)}…)`);
      expect(output).toContain(`${'N'.repeat(MAX_MESSAGE_LENGTH - 1)}…`);
      expect(output).not.toContain('N'.repeat(MAX_MESSAGE_LENGTH));
    }
    expect(bytes('huge.yaml').toString()).toBe(inventory);
  });

  it('the Markdown bound counts the waiver section too: waived lines stop where the summary is full', async () => {
    const devices = Array.from(
      { length: 110 },
      (_, i) =>
        `    - { id: "${`mac-${i}-`.padEnd(2000, 'i')}", name: "${'N'.repeat(20_000)}", platform: macos, os: { version: "10.7.${i}" } }`,
    );
    writeFileSync(
      at('huge.yaml'),
      `schemaVersion: "1"\nsnapshot: { id: huge }\nassets:\n  devices:\n${devices.join('\n')}\n`,
    );
    // mac-1, mac-10..19, mac-100..109: 21 waived, 89 still failing (more rows than the summary holds).
    writeFileSync(
      at('waivers.yaml'),
      'waivers:\n  - { rule: mini.macos, targets: ["mac-1*"], reason: plotter, owner: ops, ticket: T-1, expires: 2027-01-31 }\n',
    );
    const { code } = await run(
      'evaluate',
      'huge.yaml',
      ...mini,
      '--waivers',
      'waivers.yaml',
      '--today',
      '2026-12-01',
      '-f',
      'markdown=s.md',
      '-f',
      'json=r.json',
    );
    expect(code).toBe(1);
    const json = JSON.parse(bytes('r.json').toString());
    expect(json.summary).toMatchObject({ fail: 89, waived: 21 });
    const markdown = bytes('s.md').toString();
    expect(markdown.length).toBeLessThanOrEqual(MAX_MARKDOWN_LENGTH);
    expect(markdown).toMatch(/^\d+ more not shown \(a summary holds 65536 characters at most\); /m);
    expect(markdown).toMatch(
      /^(- \d+ more not shown \(a summary holds 65536 characters at most\); the JSON report lists them all|Waiver and baseline sections not shown \(a summary holds 65536 characters at most\); the JSON report has them\.)$/m,
    );
  });

  it('16. a right-to-left override in a name is printed as an escape in text and Markdown', async () => {
    const inventory = bytes(SMALL).toString().replace('name: MAC-OLD', 'name: "MAC-\u202Egpj.exe"');
    writeFileSync(at('bidi.yaml'), inventory);
    const { code, stdout } = await run('evaluate', 'bidi.yaml', ...mini, '-f', 'text', '-f', 'markdown=s.md');
    expect(code).toBe(1);
    expect(stdout).not.toContain('\u202E');
    expect(stdout).toContain('MAC-\\u202egpj.exe');
    // Markdown escapes the backslash of the escape too, so it renders as \u202e.
    const markdown = bytes('s.md').toString();
    expect(markdown).not.toContain('\u202E');
    expect(markdown).toContain('MAC-\\\\u202egpj.exe');
  });
});

describe('14. "-" reads standard input', () => {
  const runStdin = (text: string, ...argv: string[]) => runCli(argv, cwd, text);

  it('an inventory piped in is evaluated as the file would be, located at <stdin>', async () => {
    const { code, stdout } = await runStdin(bytes(SMALL).toString(), 'evaluate', '-', ...mini, '-f', 'json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: { location: { file: string } }) => f.location.file)).toContain('<stdin>');
    expect(report.summary.fail).toBe(2);
  });

  it('errors in it are located at <stdin>:line:col', async () => {
    const { code, stderr } = await runStdin('schemaVersion: "1"\nsnapshot: { id: x\n', 'evaluate', '-', ...mini);
    expect(code).toBe(2);
    expect(problems(stderr)).toEqual([
      '<stdin>:2:17: parse-error: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });
});

describe('15. errors point at the offending line', () => {
  it.for([
    ['open.yaml', 'schemaVersion: "1"\nsnapshot: { id: x\n\n', 'open.yaml:2:17: parse-error: Flow map'],
    ['quote.yaml', 'schemaVersion: "1"\nsnapshot:\n  id: "x\n', 'quote.yaml:3:8: parse-error: Missing closing "quote'],
    [
      'quote.csv',
      'Device name,OS,OS version\nmac-1,macOS,10.8\nmac-2,macOS,"10.7\nmac-3,macOS,10.9\n',
      'quote.csv:3:1: bad-row: a quote opened in this row is never closed',
    ],
  ] as const)('%s', async ([name, text, start]) => {
    writeFileSync(at(name), text);
    const { code, stderr } = await run('evaluate', name, ...mini);
    expect(code).toBe(2);
    expect(problems(stderr)).toHaveLength(1);
    expect(problems(stderr)[0]?.startsWith(start)).toBe(true);
  });
});
