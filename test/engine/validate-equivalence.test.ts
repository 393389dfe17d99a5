import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRandom, generateDevice, generateHeader, generateServer } from '../../bench/generate.mjs';
import { compileSchema, createAjv } from '../../engine/load/validate.js';

// createAjv's checks are faster than plain ajv with ajv-formats' full formats; these tests hold it to the same
// verdicts and the same errors, in the same order, on real documents and on every way of breaking them.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string): object => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
interface InventorySchema {
  properties: { assets: { properties: Record<'devices' | 'servers', { items: object }> } };
  $defs: object;
}
const inventorySchema = readJson('inventories/inventory.schema.json') as InventorySchema;
const itemSchema = (kind: 'devices' | 'servers') => ({
  ...inventorySchema.properties.assets.properties[kind].items,
  $defs: inventorySchema.$defs,
});

/** The ajv aipcheck used before createAjv: the reference for every verdict and error. */
function createReferenceAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

// Seeded, so the sample documents are the same on every run.
const random = createRandom(7);
const devices = Array.from({ length: 200 }, (_, n) => generateDevice(random, n));
const servers = ['exchange', 'sharepoint', 'file-server'].flatMap((role) =>
  Array.from({ length: 20 }, (_, n) => generateServer(random, role, n)),
);
const inventory = { ...generateHeader(3), assets: { devices: devices.slice(0, 3), servers: servers.slice(0, 3) } };
const ruleDir = path.join(root, 'rules/aip');
const rules = readdirSync(ruleDir)
  .filter((f) => f.startsWith('aip.') && f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(path.join(ruleDir, f), 'utf8')) as unknown);
const pack = parse(readFileSync(path.join(ruleDir, 'pack.yaml'), 'utf8')) as unknown;

/** Values a mutation writes: near-valid dates and times, lengths around the limits, any JSON. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'a', '\ud83d\ude00', '\ud83d', '2026-02-29', '2024-02-29', '2026-11-18', '2026-13-01'),
  fc.constantFrom('2026-11-18T14:40:00Z', '2026-11-18 14:40:00+05:30', '2026-11-31T14:40:00Z', '1990-12-31T23:59:60Z'),
  fc.constantFrom('2026-11-18T14:40:00', '2026-11-18T24:00:00Z', 'yesterday', 'windows', 'REG_DWORD', '10.0.1'),
  fc.constantFrom('x'.repeat(200), 'x'.repeat(201), '\ud83d\ude00'.repeat(200), '\ud83d\ude00'.repeat(201)),
);
const mutation = fc.tuple(fc.nat(), fc.constantFrom('set', 'delete', 'add'), fc.string({ maxLength: 6 }), replacement);

/** A place in a document: an array item, an object's key, or an object itself (where a key can be added). */
type Place = { array: unknown[]; index: number } | { object: Record<string, unknown>; key?: string };

/** Every place in the document, for a mutation to land on. */
function places(value: unknown, out: Place[] = []): Place[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push({ array: value, index });
      places(item, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    out.push({ object });
    for (const [key, item] of Object.entries(object)) {
      out.push({ object, key });
      places(item, out);
    }
  }
  return out;
}

/** A copy of the document with every mutation applied: a value replaced, a key or item removed, a key added. */
function mutate(document: unknown, mutations: [number, 'set' | 'delete' | 'add', string, unknown][]): unknown {
  const copy = structuredClone(document);
  for (const [pick, action, name, value] of mutations) {
    const all = places(copy);
    const place = all[pick % all.length];
    if (!place) continue;
    if ('array' in place) {
      if (action === 'delete') place.array.splice(place.index, 1);
      else place.array[place.index] = value;
    } else if (action === 'add' || place.key === undefined) place.object[name] = value;
    else if (action === 'delete') delete place.object[place.key];
    else place.object[place.key] = value;
  }
  return copy;
}

const reference = createReferenceAjv();
const tuned = createAjv();

describe.for([
  ['a device', itemSchema('devices'), devices],
  ['a server', itemSchema('servers'), servers],
  ['an inventory', inventorySchema, [inventory]],
  ['a rule', readJson('rules/rule.schema.json'), rules],
  ['a pack', readJson('rules/pack.schema.json'), [pack]],
] as const)('createAjv checking %s', ([, schema, samples]) => {
  const want = reference.compile(schema);
  const got = tuned.compile(schema);

  it('accepts every sample, as ajv does', () => {
    for (const sample of samples) {
      expect(want(sample), JSON.stringify(want.errors)).toBe(true);
      expect(got(sample)).toBe(true);
    }
  });

  it('gives the same verdict and the same errors as ajv on broken samples', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (sample, mutations) => {
          const document = mutate(sample, mutations);
          expect(got(document)).toBe(want(document));
          expect(got.errors).toEqual(want.errors);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('createAjv counting string lengths', () => {
  const schema = {
    type: 'object',
    properties: {
      short: { type: 'string', maxLength: 3 },
      long: { type: 'string', minLength: 3 },
      both: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[^b]', format: 'date' },
    },
  };
  const want = reference.compile(schema);
  const got = tuned.compile(schema);
  // Pairs, lone halves and plain letters: lengths in UTF-16 units and in code points differ most.
  const text = fc
    .array(fc.constantFrom('a', 'b', '\u00e9', '\ud83d\ude00', '\ud83d', '\ude00', '\udbff\udfff'), { maxLength: 9 })
    .map((parts) => parts.join(''));

  it('counts code points, as ajv does', () => {
    for (const [value, valid] of [
      ['\ud83d\ude00\ud83d\ude00\ud83d\ude00', true],
      ['\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00', false],
      ['\ude00\ud83d\ude00', true],
    ] as const) {
      expect(want({ short: value })).toBe(valid);
      expect(got({ short: value })).toBe(valid);
    }
    expect(got({ long: '\ud83d\ude00\ud83d\ude00' })).toBe(false);
    expect(got({ long: '\ud83d\ude00\ud83d\ude00\ud83d' })).toBe(true);
  });

  it('gives the same verdict and the same errors as ajv', () => {
    fc.assert(
      fc.property(fc.record({ short: text, long: text, both: text }, { requiredKeys: [] }), (value) => {
        expect(got(value)).toBe(want(value));
        expect(got.errors).toEqual(want.errors);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('compileSchema', () => {
  it('reports a broken device as before: every problem, located, in schema order', () => {
    const check = compileSchema(itemSchema('devices'));
    const device = { id: '', observedAt: '2026-02-30T10:00:00Z', platform: 'beos', os: { version: 'ten' }, x: 1 };
    const messages = check(device, 'fleet.jsonl', () => ({ line: 3, column: 1 })).map((d) => d.message);
    expect(messages).toEqual([
      'document: unknown property "x"',
      '/id: must NOT have fewer than 1 characters',
      '/observedAt: must match format "date-time"',
      '/platform: must be one of "windows", "macos", "ios", "android", "windows-mobile", "linux", "other"',
      '/os/version: must match pattern "^\\d+(\\.\\d+)*$"',
    ]);
  });
});
