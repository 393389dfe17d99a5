// Two threads (a large input split with the helper, reports written by both) give what one thread gives.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../bench/generate.mjs';
import { main } from '../../cli/main.js';
import { evaluate } from '../../index.js';
import { writeJsonTogether } from '../../run/json-pieces.js';
import { writeOutputsAtomically } from '../../run/write.js';
import { tempDir } from '../temp-dir.js';

function fleet(devices: number, extra: string[] = [], duplicate: 'upper-case' | 'same' = 'upper-case'): string {
  const cwd = tempDir('parallel');
  generateFleet(path.join(cwd, 'fleet.jsonl'), devices, 9, 10);
  const text = readFileSync(path.join(cwd, 'fleet.jsonl'), 'utf8');
  // A duplicate in the second half (merged with its first sighting) and a bad line, to cross the split.
  const lines = text.trimEnd().split('\n');
  const first = JSON.parse(lines[1] as string).device;
  const last = JSON.parse([...lines].reverse().find((line) => line.startsWith('{"device"')) as string).device;
  const copies =
    duplicate === 'same'
      ? // Ids as they are (no case folding): the first sighting in the other half, and twice in the second.
        [first.id, last.id, last.id].map((id, n) => ({ device: { id, os: { version: `10.0.2263${n}.1` } } }))
      : [{ device: { id: first.id.toUpperCase(), os: { version: '10.0.22631.1' } } }];
  lines.push(...copies.map((copy) => JSON.stringify(copy)), ...extra);
  writeFileSync(path.join(cwd, 'fleet.jsonl'), `${lines.join('\n')}\n`);
  return cwd;
}

// Findings are compared whole: 600 devices make both halves hold every kind of asset and outcome. The report
// files are written from 1,500 devices, past the JUnit and HTML listing caps (500).
describe('the helper thread', () => {
  it('evaluates half of a file with the same findings, notices and row errors as one thread', async () => {
    const cwd = fleet(600, ['not json']);
    const options = { inputs: ['fleet.jsonl'], cwd, keepGoing: true };
    const one = await evaluate({ ...options, threads: 1 });
    const two = await evaluate({ ...options, parallelMinBytes: 0 });
    expect(two.findings).toEqual(one.findings);
    expect(two.notices).toEqual(one.notices);
    expect(two.summary).toEqual(one.summary);
    expect(one.findings.some((f) => f.outcome === 'error' && f.target.kind === 'input')).toBe(true);
  }, 60_000);

  it('merges assets described twice under the same id, across the split and within a half', async () => {
    const cwd = fleet(600, [], 'same');
    const options = { inputs: ['fleet.jsonl'], cwd };
    const one = await evaluate({ ...options, threads: 1 });
    const two = await evaluate({ ...options, parallelMinBytes: 0 });
    expect(two.findings).toEqual(one.findings);
    expect(two.notices).toEqual(one.notices);
    // Each id described twice or three times is one device: a rule meets it once.
    const checks = two.findings.map((f) => `${f.ruleId} ${f.target.kind} ${f.target.id}`);
    expect(new Set(checks).size).toBe(checks.length);
  }, 60_000);

  it('joins a device renamed across the split by its Entra device id, as one thread does', async () => {
    const cwd = fleet(600);
    const file = path.join(cwd, 'fleet.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[1] as string);
    first.device.entraDeviceId = '7c6e5d4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    lines[1] = JSON.stringify(first);
    // The same device under its new name, at the end (the helper's half), newer: it gives the id.
    const renamed = { ...first.device, id: 'renamed-0001', observedAt: '2099-01-01T00:00:00Z' };
    lines.push(JSON.stringify({ device: { ...renamed, entraDeviceId: '7C6E5D4F-1A2B-4C3D-8E9F-0A1B2C3D4E5F' } }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const options = { inputs: ['fleet.jsonl'], cwd };
    const one = await evaluate({ ...options, threads: 1 });
    const two = await evaluate({ ...options, parallelMinBytes: 0 });
    expect(two.findings).toEqual(one.findings);
    expect(two.notices).toEqual(one.notices);
    const ids = new Set(two.findings.map((f) => f.target.id));
    expect(ids.has('renamed-0001')).toBe(true);
    expect(ids.has(first.device.id)).toBe(false);
  }, 60_000);

  it('writes the same report files as one thread', async () => {
    const cwd = fleet(1500);
    const run = async (dir: string, env: Record<string, string>) => {
      const formats = ['json', 'junit', 'sarif', 'markdown'].flatMap((f) => ['--format', `${f}=${dir}/report.${f}`]);
      return main(['evaluate', 'fleet.jsonl', '--fail-on', 'never', ...formats], {
        cwd,
        env,
        stdout: { write: () => true },
        stderr: { write: () => true },
      });
    };
    // Without a size limit the CLI's default keeps this small fleet on one thread: force both ways.
    expect(await run('one', { AIPCHECK_THREADS: '1' })).toBe(0);
    const report = await evaluate({ inputs: ['fleet.jsonl'], cwd, parallelMinBytes: 0 });
    expect(report.findings.length).toBeGreaterThan(3000);
    const { evaluateLazily } = await import('../../index.js');
    // As the CLI evaluates: passes and not-applicables counted, not listed.
    const lazy = await evaluateLazily({ inputs: ['fleet.jsonl'], cwd, parallelMinBytes: 0, includePassing: false });
    try {
      for (const format of ['json', 'junit', 'sarif', 'markdown']) {
        if (!lazy.writeInParallel) throw new Error('no helper thread');
        const file = path.join(cwd, `two.${format}`);
        await lazy.writeInParallel(format, { color: false }, file);
        expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(cwd, 'one', `report.${format}`), 'utf8'));
      }
      // A JSON report written by both threads, a piece at a time into one file, whatever the size of a piece.
      if (!lazy.writeInParallel) throw new Error('no helper thread');
      const write = lazy.writeInParallel;
      const one = readFileSync(path.join(cwd, 'one', 'report.json'), 'utf8');
      const count = lazy.findings.length;
      for (const pieceFindings of [1, 7, Math.floor(count / 3), count, count + 1]) {
        const file = path.join(cwd, 'pieces', `${pieceFindings}.json`);
        await writeOutputsAtomically([
          {
            path: file,
            together: (tmp) => writeJsonTogether(lazy, tmp, (share) => write('json', {}, tmp, share), pieceFindings),
          },
        ]);
        expect(readFileSync(file, 'utf8')).toBe(one);
      }
      expect(readdirSync(path.join(cwd, 'pieces')).filter((name) => name.startsWith('.'))).toEqual([]);
      // Either side failing fails the whole set: no report, no temporary file left, and the other side stops.
      const failing = path.join(cwd, 'failing', 'report.json');
      mkdirSync(path.dirname(failing));
      const failure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      await expect(
        writeOutputsAtomically([
          { path: failing, together: (tmp) => writeJsonTogether(lazy, tmp, () => Promise.reject(failure), 5) },
        ]),
      ).rejects.toThrow(/disk full/);
      expect(readdirSync(path.dirname(failing))).toEqual([]);
      // The helper is told to stop when this side fails: its promise settles, so the run does not hang.
      let helperSettled = false;
      // Findings this thread cannot read (a reporter bug), whichever pieces it takes.
      const unreadable = {
        length: lazy.findings.length,
        [Symbol.iterator]: () => {
          throw new Error('a reporter bug');
        },
      };
      const broken = { ...lazy, findings: unreadable } as unknown as typeof lazy;
      await expect(
        writeOutputsAtomically([
          {
            path: failing,
            together: (tmp) =>
              writeJsonTogether(
                broken,
                tmp,
                (share) => write('json', {}, tmp, share).finally(() => (helperSettled = true)),
                5,
              ),
          },
        ]),
      ).rejects.toThrow(/a reporter bug/);
      expect(helperSettled).toBe(true);
      expect(readdirSync(path.dirname(failing))).toEqual([]);
    } finally {
      lazy.release();
    }
  }, 60_000);
});

describe('the helper thread with waivers and a baseline', () => {
  it('writes the same report files as this thread', async () => {
    const cwd = fleet(1500);
    const { evaluateLazily, getReporter } = await import('../../index.js');
    // A baseline from a fleet with fewer devices, and waivers of a whole rule and of one device.
    const base = await evaluateLazily({ inputs: ['fleet.jsonl'], cwd, threads: 1, includePassing: false });
    writeFileSync(path.join(cwd, 'base.json'), [...(getReporter('json') ?? (() => []))(base, {})].join(''));
    base.release();
    const first = base.findings[Symbol.iterator]().next().value;
    writeFileSync(
      path.join(cwd, 'waivers.yaml'),
      `waivers:\n  - rule: aip.os.android\n    reason: r\n    owner: o\n    ticket: T-1\n    expires: 2027-06-30\n` +
        `  - rule: ${first?.ruleId}\n    targets: [${JSON.stringify(first?.target.id)}]\n    reason: r\n    owner: o\n    ticket: T-2\n    expires: 2027-06-30\n`,
    );
    const options = {
      inputs: ['fleet.jsonl'],
      cwd,
      includePassing: false,
      waivers: ['waivers.yaml'],
      baseline: 'base.json',
      today: '2027-01-01',
    };
    const lazy = await evaluateLazily({ ...options, parallelMinBytes: 0 });
    try {
      expect(lazy.summary.waived).toBeGreaterThan(1);
      for (const format of ['json', 'junit', 'sarif']) {
        if (!lazy.writeInParallel) throw new Error('no helper thread');
        const file = path.join(cwd, `two.${format}`);
        await lazy.writeInParallel(format, { color: false }, file);
        const here = [...(getReporter(format) ?? (() => []))(lazy, { color: false })].join('');
        expect(readFileSync(file, 'utf8')).toBe(here);
      }
    } finally {
      lazy.release();
    }
  }, 60_000);
});
