// Micro-benchmark of the per-line schema check: every asset line of a fleet checked against the inventory
// schema's item definition, by plain ajv with ajv-formats' full formats (the baseline: verdict and errors, no
// diagnostics) and by dist's compileSchema (diagnostics included). Both must find the same number of problems.
// Usage: npm run build && node bench/schema-check.mjs [fleet.jsonl] [rounds]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { compileSchema } = await import(path.join(root, 'dist/engine/load/validate.js'));

const file = process.argv[2] ?? '/tmp/fleet-100k.jsonl';
const rounds = Number(process.argv[3] ?? 7);

/** The item schemas of a device and a server, as the JSON Lines importer builds them. */
function itemSchemas() {
  const schema = JSON.parse(readFileSync(path.join(root, 'inventories/inventory.schema.json'), 'utf8'));
  const item = (kind) => ({ ...schema.properties.assets.properties[kind].items, $defs: schema.$defs });
  return { devices: item('devices'), servers: item('servers') };
}

/** Plain ajv as compileSchema first configured it: allErrors, ajv-formats' full formats; errors, no diagnostics. */
function compileBaseline(schema) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : validate.errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf'));
}

/** Asset lines of the fleet, parsed: the header line is not an asset. */
function readAssets() {
  const assets = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"device"') && !line.startsWith('{"server"')) continue;
    const value = JSON.parse(line);
    assets.push(value.device ? { kind: 'devices', asset: value.device } : { kind: 'servers', asset: value.server });
  }
  return assets;
}

/** Copies of some assets made invalid in the ways a real export goes wrong. */
function breakSome(assets, count) {
  const broken = [];
  const faults = [
    (a) => ({ ...a, observedAt: '2026-02-30T10:00:00Z' }),
    (a) => ({ ...a, platform: 'beos' }),
    (a) => ({ ...a, id: '' }),
    (a) => ({ ...a, color: 'blue' }),
    (a) => ({ ...a, observedAt: 'yesterday', os: { version: 'ten' } }),
  ];
  for (let i = 0; i < count; i++) {
    const { kind, asset } = assets[(i * 7919) % assets.length];
    broken.push({ kind, asset: faults[i % faults.length](asset) });
  }
  return broken;
}

/** Nanoseconds per asset of the fastest and the median of `rounds` passes over `assets`. */
function time(checks, assets) {
  const samples = [];
  const locate = () => ({ line: 1, column: 1 });
  let problems = 0;
  for (let r = 0; r <= rounds; r++) {
    const started = process.hrtime.bigint();
    for (const { kind, asset } of assets) problems += checks[kind](asset, 'fleet.jsonl', locate).length;
    const ns = Number(process.hrtime.bigint() - started) / assets.length;
    if (r > 0) samples.push(ns); // the first pass warms up the JIT
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0], median: samples[samples.length >> 1], problems };
}

const schemas = itemSchemas();
const baseline = { devices: compileBaseline(schemas.devices), servers: compileBaseline(schemas.servers) };
const current = { devices: compileSchema(schemas.devices), servers: compileSchema(schemas.servers) };
const assets = readAssets();
const broken = breakSome(assets, 5000);

for (const { kind, asset } of [...assets, ...broken]) {
  const want = baseline[kind](asset).length;
  const got = current[kind](asset, 'fleet.jsonl', () => ({ line: 1, column: 1 })).length;
  if (want !== got) throw new Error(`baseline found ${want} problems, compileSchema ${got}: ${JSON.stringify(asset)}`);
}

const us = (ns) => `${(ns / 1000).toFixed(3)} µs`;
for (const [name, set] of [
  ['valid lines', assets],
  ['invalid lines', broken],
]) {
  const before = time(baseline, set);
  const after = time(current, set);
  console.log(
    `${name} (${set.length}): plain ajv ${us(before.best)} (median ${us(before.median)}), ` +
      `compileSchema ${us(after.best)} (median ${us(after.median)}) per line; ` +
      `${(before.best / after.best).toFixed(2)}x`,
  );
}
