// `npm run bench`: the exports auditors bring (Intune, AD and Entra CSV, Graph JSON, an allowlist) and a
// 1,000,000-device fleet: each against its parse floor, end to end, and json-rules-engine vs compiled.
// Usage: node bench/run.mjs [--devices N] [--runs N] [--slice N] [--exports a,b|none] [--export-rows N]
// [--allowlist-lines N] [--no-fleet]. Needs the build (npm run bench builds first).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFleet } from './generate.mjs';
import { generateExport } from './generate-exports.mjs';
import { compareEngines } from './reference.mjs';

/** The exports measured: generator format, files, parse floor. */
const EXPORTS = {
  'intune-csv': { generate: 'intune', ext: 'csv', floor: 'papaparse', also: 'scanner' },
  'ad-csv': { generate: 'ad', ext: 'csv', floor: 'papaparse', also: 'scanner' },
  'entra-csv': { generate: 'entra', ext: 'csv', floor: 'papaparse', also: 'scanner' },
  'graph-json': { generate: 'graph', ext: 'json', floor: 'json' },
  'graph-json-indented': { generate: 'graph-indented', ext: 'json', floor: 'json' },
  'graph-json-paged': { generate: 'graph', ext: 'json', floor: 'json', pages: 10 },
  'allowlist-text': { generate: 'allowlist', ext: 'txt', floor: 'lines', allowlist: true },
};
const EXPORT_NAMES = Object.keys(EXPORTS);

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    slice: { type: 'string', default: '20000' },
    exports: { type: 'string', default: EXPORT_NAMES.join(',') },
    'export-rows': { type: 'string' },
    'allowlist-lines': { type: 'string', default: '200000' },
    'no-fleet': { type: 'boolean', default: false },
  },
});
const devices = Number(values.devices);
const runs = Math.max(1, Number(values.runs));
const slice = Number(values.slice);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const out = 'bench/out';
const fleet = `${out}/fleet-${devices}.jsonl`;
const reports = `${out}/reports`;
const bin = 'dist/cli/bin.js';
if (!existsSync(bin)) throw new Error('bench: build first (npm run build)');

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Flushes dirty pages, so each run starts with the same page-cache state (input cached, nothing to write back). */
function settle() {
  try {
    execFileSync('sync');
  } catch {
    // Without sync runs only vary more.
  }
}

/** Runs a command; returns its wall-clock seconds (measured here, Node start-up included) and peak RSS in MB. */
function measure(command, args) {
  return new Promise((resolve, reject) => {
    const wrapped = hasTime ? [TIME, ['-v', command, ...args]] : [command, args];
    const started = process.hrtime.bigint();
    const child = spawn(wrapped[0], wrapped[1], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`));
        return;
      }
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ seconds, peakRssMB: rss ? Number(rss[1]) / 1024 : undefined, stdout });
    });
  });
}

const line = (label, value) => console.log(`  ${label.padEnd(34)} ${value}`);
const fixed = (n, digits = 2) => n.toFixed(digits);

console.log(
  `aipcheck benchmark · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}) · Node ${process.version}`,
);

/** Writes one export (or its pages) of `count` records; returns the files. */
function writeExport(name, count, dir) {
  const spec = EXPORTS[name];
  mkdirSync(dir, { recursive: true });
  const pages = spec.pages ?? 1;
  const files = [];
  for (let p = 0; p < pages; p++) {
    const file = `${dir}/${name}-${count}${pages > 1 ? `-page${p + 1}` : ''}.${spec.ext}`;
    const size = Math.ceil(count / pages);
    generateExport(spec.generate, file, Math.min(size, count - p * size), 1 + p, p * size);
    files.push(file);
  }
  return files;
}

/** The JSON report of `aipcheck evaluate` on files with one engine. */
async function reportOf(files, engine, out) {
  await measure(process.execPath, [
    bin,
    'evaluate',
    ...files,
    '--fail-on',
    'never',
    '--engine',
    engine,
    '--format',
    `json=${out}`,
  ]);
  return readFileSync(out, 'utf8');
}

const exportNames = values.exports === 'none' ? [] : values.exports.split(',');
const exportRows = Number(values['export-rows'] ?? devices);
const exportResults = [];
for (const name of exportNames) {
  const spec = EXPORTS[name];
  if (!spec) throw new Error(`bench: unknown export ${name} (${EXPORT_NAMES.join(', ')})`);
  const count = spec.allowlist ? Number(values['allowlist-lines']) : exportRows;
  const files = writeExport(name, count, `${out}/exports`);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const args = [
    bin,
    'evaluate',
    ...files,
    '--fail-on',
    'never',
    '--format',
    `sarif=${reports}/x.sarif`,
    '--format',
    `junit=${reports}/x.xml`,
    '--format',
    `json=${reports}/x.json`,
  ];
  const floorRuns = [];
  const alsoRuns = [];
  const endRuns = [];
  for (let i = 0; i < runs; i++) {
    settle();
    // Timed from here, Node start-up included, as the end-to-end run and the fleet's floor are.
    floorRuns.push((await measure(process.execPath, ['bench/export-floor.mjs', spec.floor, ...files])).seconds);
    if (spec.also)
      alsoRuns.push((await measure(process.execPath, ['bench/export-floor.mjs', spec.also, ...files])).seconds);
    rmSync(reports, { recursive: true, force: true });
    mkdirSync(reports, { recursive: true });
    settle();
    endRuns.push(await measure(process.execPath, args));
  }
  // The same findings from json-rules-engine, on a slice of the same export.
  const sliceFiles = writeExport(name, Math.min(slice, count), `${out}/exports/slice`);
  const reference = await reportOf(sliceFiles, 'reference', `${reports}/reference.json`);
  const compiled = await reportOf(sliceFiles, 'compiled', `${reports}/compiled.json`);
  const floorSeconds = Math.min(...floorRuns);
  const best = endRuns.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  console.log(
    `\n${name}: ${files.length} file(s), ${fixed(bytes / 1e6, 1)} MB, ${count.toLocaleString('en-US')} records`,
  );
  line(
    `floor (${spec.floor}), best of ${runs}`,
    `${fixed(floorSeconds)} s (runs: ${floorRuns.map((r) => fixed(r)).join(', ')})`,
  );
  if (spec.also) line(`${spec.also}, best of ${runs}`, `${fixed(Math.min(...alsoRuns))} s`);
  line('aipcheck evaluate', `${fixed(best.seconds)} s (runs: ${endRuns.map((r) => fixed(r.seconds)).join(', ')})`);
  const result = {
    format: name,
    assets: count,
    seconds: Number(fixed(best.seconds, 3)),
    parseFloorSeconds: Number(fixed(floorSeconds, 3)),
    ratioToFloor: Number(fixed(best.seconds / floorSeconds)),
    peakRssMB: Math.round(Math.max(...endRuns.map((r) => r.peakRssMB ?? 0))),
    sameFindings: reference === compiled,
  };
  exportResults.push(result);
  if (!result.sameFindings) process.exitCode = 1;
}
for (const result of exportResults) console.log(JSON.stringify(result));
if (values['no-fleet']) process.exit();

// 1. The fleet: deterministic, regenerated every run (a few seconds).
let started = process.hrtime.bigint();
const assets = generateFleet(fleet, devices);
const bytes = statSync(fleet).size;
console.log(`\nFleet: ${fleet}`);
line('assets (devices + servers)', assets.toLocaleString('en-US'));
line('size', `${fixed(bytes / 1e6, 1)} MB`);
line('generated in', `${fixed(Number(process.hrtime.bigint() - started) / 1e9)} s`);

// 2. The floor and the end-to-end run, interleaved so both see the same machine; the best of each.
const aipcheckArgs = [
  bin,
  'evaluate',
  fleet,
  '--fail-on',
  'never',
  '--format',
  `sarif=${reports}/aipcheck.sarif`,
  '--format',
  `junit=${reports}/junit.xml`,
  '--format',
  `json=${reports}/aipcheck.json`,
];
const floors = [];
const ends = [];
for (let i = 0; i < runs; i++) {
  settle();
  floors.push(await measure(process.execPath, ['bench/floor.mjs', fleet]));
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  settle();
  ends.push(await measure(process.execPath, aipcheckArgs));
}
const floor = Math.min(...floors.map((r) => r.seconds));
const best = ends.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const peakRssMB = Math.max(...ends.map((r) => r.peakRssMB ?? 0));
const size = (file) => `${fixed(statSync(`${reports}/${file}`).size / 1e6, 0)} MB`;
console.log(`\nParse floor (read and JSON.parse every line), best of ${runs}`);
line('seconds', `${fixed(floor)} (runs: ${floors.map((r) => fixed(r.seconds)).join(', ')})`);
console.log(`\naipcheck evaluate, SARIF + JUnit + JSON, best of ${runs}`);
line('seconds', `${fixed(best.seconds)} (runs: ${ends.map((r) => fixed(r.seconds)).join(', ')})`);
line('ratio to the floor', fixed(best.seconds / floor));
line('assets per second', Math.round(assets / best.seconds).toLocaleString('en-US'));
line('peak RSS', `${fixed(peakRssMB, 0)} MB${hasTime ? '' : ' (not measured: no /usr/bin/time)'}`);
line('reports', `JSON ${size('aipcheck.json')}, JUnit ${size('junit.xml')}, SARIF ${size('aipcheck.sarif')}`);

// 3. json-rules-engine against the compiled engine, on the same devices.
started = process.hrtime.bigint();
const engines = await compareEngines(fleet, slice);
console.log(
  `\nEngines on the first ${engines.devices.toLocaleString('en-US')} devices (${engines.evaluations} rule evaluations)`,
);
line('json-rules-engine (Engine.run)', `${fixed(engines.referenceSeconds, 3)} s`);
line('compiled', `${fixed(engines.compiledSeconds, 4)} s`);
line('speedup', `${fixed(engines.referenceSeconds / engines.compiledSeconds, 0)}x`);
line('same findings', engines.sameFindings ? 'yes' : `NO: ${engines.differences.join('; ')}`);

const result = {
  assets,
  seconds: Number(fixed(best.seconds, 3)),
  parseFloorSeconds: Number(fixed(floor, 3)),
  ratioToFloor: Number(fixed(best.seconds / floor)),
  referenceSpeedup: Math.round(engines.referenceSeconds / engines.compiledSeconds),
  peakRssMB: Math.round(peakRssMB),
  sameFindings: engines.sameFindings,
};
console.log(`\n${JSON.stringify(result)}`);
if (!engines.sameFindings) process.exitCode = 1;
