import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRandom, generateDevice, generateHeader, generateServer } from '../../bench/generate.mjs';
import {
  compileSchema,
  createAjv,
  type PrecompiledSchema,
  schemaHash,
  type Validator,
} from '../../engine/load/validate.js';
import type { Locator } from '../../engine/types.js';
import { assetItemSchema } from '../../inventories/importers/jsonl.js';

// `npm run build` generates dist/schemas/<name>.js, ajv's standalone code of our schemas, and getSchemas uses them
// instead of compiling at start-up. These tests hold each to what ajv compiles at run time from the same schema:
// the same verdict, the same errors and the same diagnostics on every sample and fixture and on broken copies.
// They read dist: run `npm run build` first (`npm test` does).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SCHEMAS = {
  pack: 'rules/pack.schema.json',
  rule: 'rules/rule.schema.json',
  inventory: 'inventories/inventory.schema.json',
} as const;
type Kind = keyof typeof SCHEMAS;

/** A generated module: the validator and the hash of the schema it was generated from. */
interface StandaloneModule {
  hash: string;
  validate: Validator;
  default: Validator;
}

const readSchema = (kind: Kind): object => JSON.parse(readFileSync(path.join(root, SCHEMAS[kind]), 'utf8'));
const modulePath = (kind: Kind) => path.join(root, 'dist', 'schemas', `${kind}.js`);

async function loadModule(kind: Kind): Promise<StandaloneModule> {
  if (!existsSync(modulePath(kind))) throw new Error(`${modulePath(kind)} is missing: run npm run build`);
  return (await import(pathToFileURL(modulePath(kind)).href)) as StandaloneModule;
}

// ---------------------------------------------------------------------------------------------
// Documents: samples, fixtures and the bundled rule packs, each checked against the schema of its kind

interface Document {
  file: string;
  kind: Kind | undefined;
  value: unknown;
}

/** A fixture's document: some are UTF-16 with a byte order mark, as PowerShell writes them. */
function read(file: string): unknown {
  const bytes = readFileSync(path.join(root, file));
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = bytes.toString(utf16 ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '');
  return file.endsWith('.json') ? JSON.parse(text) : parse(text);
}

function kindOf(file: string): Kind | undefined {
  if (file.startsWith('inventories/') || file.includes('/fixtures/inventories/')) return 'inventory';
  if (file.startsWith('rules/') || file.includes('/fixtures/mini/')) {
    return path.basename(file) === 'pack.yaml' ? 'pack' : 'rule';
  }
  return undefined;
}

const files = [
  ...readdirSync(path.join(root, 'inventories/samples')).map((f) => `inventories/samples/${f}`),
  ...readdirSync(path.join(root, 'rules'), { recursive: true, encoding: 'utf8' }).map((f) => `rules/${f}`),
  ...readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' }).map((f) => `test/${f}`),
]
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.json'))
  .filter((f) => !f.endsWith('.schema.json'))
  .sort();

const random = createRandom(11);
const generated = {
  ...generateHeader(12),
  assets: {
    devices: Array.from({ length: 12 }, (_, n) => generateDevice(random, n)),
    servers: ['exchange', 'sharepoint', 'file-server'].map((role, n) => generateServer(random, role, n)),
  },
};

const documents: Document[] = [
  ...files.map((file) => ({ file, kind: kindOf(file), value: read(file) })),
  { file: 'generated fleet', kind: 'inventory', value: generated },
];

// ---------------------------------------------------------------------------------------------
// Broken copies: every value of the wrong type, every key removed, an unknown key in every object, and every
// string replaced by bad or borderline dates and times and strings around the length limits (astral ones too)

const STRINGS = [
  '',
  'x'.repeat(200),
  'x'.repeat(201),
  '\u{1F600}'.repeat(200),
  '\u{1F600}'.repeat(201),
  '\ud83d'.repeat(201),
  `a${'\u{1F600}'.repeat(199)}\ud83d`,
  '2026-11-31T14:40:00Z',
  '2026-11-18T24:00:00Z',
  '2026-11-18T14:40:00',
  '2026-11-18 14:40:00.25+05:30',
  '1990-12-31T23:59:60Z',
  '2026-02-29',
  '2024-02-29',
  'not a date',
];

const WRONG_TYPES: unknown[] = [42, 1.5, true, null, 'text', {}, []];

/** A JSON pointer with its array indexes replaced by `*`. */
const shapeOf = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

/**
 * Whether every error of the schema is local: no keyword whose verdict on a value depends on another value
 * (conditionals, combinators, counts of items or properties). Then a broken copy gives the same errors as any
 * other with the same change at the same place up to array indexes, and the sweeps check each such change once:
 * ~2,000 distinct changes instead of ~20,700 copies for the inventory schema, whose documents list many similar
 * assets. The rule schema has conditionals: its sweep checks every copy.
 */
const hasOnlyLocalErrors = (schema: object) =>
  !/"(if|then|else|oneOf|anyOf|allOf|not|dependentRequired|dependentSchemas|dependencies|minItems|maxItems|uniqueItems|contains|minProperties|maxProperties|\$ref|\$dynamicRef)"\s*:/.test(
    JSON.stringify(schema),
  );

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Calls `visit` once per broken copy of the document, with what was broken and a key that names the change
 * without array indexes (`/assets/devices/* = 42`). The document is changed in place and restored after each
 * visit, so the copies cost no cloning.
 */
function forEachBrokenCopy(document: unknown, visit: (what: string, key: string) => void): void {
  const walk = (value: unknown, where: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const at = `${where}/${index}`;
        breakSlot(item, at, (next) => {
          value[index] = next;
        });
        value.splice(index, 1);
        visit(`${at} removed`, `${shapeOf(at)} removed`);
        value.splice(index, 0, item);
        walk(item, at);
      });
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      object.unexpectedProperty = 'x';
      visit(`${where}/unexpectedProperty added`, `${shapeOf(where)}/unexpectedProperty added`);
      delete object.unexpectedProperty;
      for (const [key, item] of Object.entries(object)) {
        const at = `${where}/${key}`;
        breakSlot(item, at, (next) => {
          object[key] = next;
        });
        // Removing and restoring a key moves it last: restore the order too, or later errors come in another order.
        const entries = Object.entries(object);
        delete object[key];
        visit(`${at} removed`, `${shapeOf(at)} removed`);
        for (const [k] of entries) delete object[k];
        Object.assign(object, Object.fromEntries(entries));
        walk(item, at);
      }
    }
  };
  const breakSlot = (item: unknown, at: string, set: (value: unknown) => void) => {
    const replacements = [
      ...WRONG_TYPES.filter((v) => typeOf(v) !== typeOf(item)),
      ...(typeof item === 'string' ? STRINGS : []),
    ];
    for (const replacement of replacements) {
      set(replacement);
      visit(`${at} = ${JSON.stringify(replacement).slice(0, 40)}`, `${shapeOf(at)} = ${JSON.stringify(replacement)}`);
    }
    set(item);
  };
  walk(document, '');
}

// ---------------------------------------------------------------------------------------------

/** Locates a pointer at a line of its own (the same line for the same pointer), so diagnostics keep it. */
const lines = new Map<string, number>();
const locate: Locator = (pointer) => {
  const key = JSON.stringify(pointer);
  let line = lines.get(key);
  if (line === undefined) {
    line = lines.size + 1;
    lines.set(key, line);
  }
  return { line, column: pointer.length + 1 };
};

const modules = {} as Record<Kind, StandaloneModule>;
beforeAll(async () => {
  for (const kind of Object.keys(SCHEMAS) as Kind[]) modules[kind] = await loadModule(kind);
});

/**
 * The equivalence sweeps check tens of thousands of documents: ~7 s on a quiet 2-core machine, past the 30 s
 * default when other jobs share it. They get more time; a hang still fails.
 */
const HEAVY = { timeout: 180_000 };

describe.for(Object.keys(SCHEMAS) as Kind[])('the %s schema generated at build time', (kind) => {
  const schema = readSchema(kind);
  const compiled = createAjv().compile(schema);
  const runtimeCheck = compileSchema(schema);

  /** The generated validator, counting its calls: proof that the checks below ran it and not ajv's. */
  let calls = 0;
  const counted = (module: StandaloneModule): PrecompiledSchema => {
    const validate: Validator = (data) => {
      calls++;
      const valid = module.validate(data);
      validate.errors = module.validate.errors;
      return valid;
    };
    return { hash: module.hash, validate };
  };

  it('was generated from the schema as it is now (else: npm run build)', () => {
    expect(modules[kind].hash).toBe(schemaHash(schema));
    expect(modules[kind].default).toBe(modules[kind].validate);
  });

  it('imports our formats and length count instead of holding a copy of them', () => {
    const text = readFileSync(modulePath(kind), 'utf8');
    expect(text).toMatch(
      /^import \{ formats as aipcheckFormats, countCodePoints as aipcheckCountCodePoints \} from '\.\.\/engine\/load\/validate\.js';$/m,
    );
    expect(text).not.toMatch(/charCodeAt|function isDate|function countCodePoints|require\("ajv-formats/);
  });

  it(
    'gives the same verdict, errors and diagnostics as ajv compiling it, on every document and broken copy',
    HEAVY,
    () => {
      const generatedCheck = compileSchema(schema, counted(modules[kind]));
      const mismatches: string[] = [];
      let cases = 0;
      let invalid = 0;
      const compare = (file: string, value: unknown, what: string) => {
        cases++;
        const want = { valid: compiled(value), errors: compiled.errors ?? null };
        const generated = modules[kind].validate;
        const got = { valid: generated(value), errors: generated.errors ?? null };
        if (!want.valid) invalid++;
        const wantDiagnostics = runtimeCheck(value, file, locate);
        const gotDiagnostics = generatedCheck(value, file, locate);
        if (
          JSON.stringify(got) !== JSON.stringify(want) ||
          JSON.stringify(gotDiagnostics) !== JSON.stringify(wantDiagnostics)
        ) {
          mismatches.push(
            `${file} ${what}: ajv ${JSON.stringify(wantDiagnostics)}, generated ${JSON.stringify(gotDiagnostics)}`,
          );
        }
      };
      const local = hasOnlyLocalErrors(schema);
      const seen = new Set<string>();
      for (const { file, kind: documentKind, value } of documents) {
        compare(file, value, 'as it is');
        if (documentKind !== kind) continue;
        forEachBrokenCopy(value, (what, key) => {
          if (local && seen.has(key)) return;
          seen.add(key);
          compare(file, value, what);
        });
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The check ran the generated validator every time, on a corpus that breaks it in many ways.
      expect(calls).toBe(cases);
      expect(cases).toBeGreaterThan(200);
      expect(invalid).toBeGreaterThan(cases / 2);
      expect(cases - invalid).toBeGreaterThan(50);
    },
  );

  it('accepts every bundled document of its kind', () => {
    const check = compileSchema(schema, modules[kind]);
    const ours = documents.filter((d) => d.kind === kind && !d.file.startsWith('test/'));
    expect(ours.length).toBeGreaterThan(0);
    for (const { file, value } of ours) expect(check(value, file, locate)).toEqual([]);
  });
});

describe.for(['devices', 'servers'] as const)('the %s line schema generated at build time', (kind) => {
  const schema = assetItemSchema(readSchema('inventory'), kind);
  const compiled = createAjv().compile(schema);
  let module: StandaloneModule;
  beforeAll(async () => {
    const file = path.join(root, 'dist', 'schemas', `${kind}.js`);
    module = (await import(pathToFileURL(file).href)) as StandaloneModule;
  });

  it('was generated from the item schema as the inventory schema gives it now (else: npm run build)', () => {
    expect(module.hash).toBe(schemaHash(schema));
  });

  it('gives the same verdict and errors as ajv compiling it, on every asset and broken copy', HEAVY, () => {
    const assets = [...generated.assets[kind], ...generated.assets[kind].map((a) => structuredClone(a))];
    const mismatches: string[] = [];
    let cases = 0;
    let invalid = 0;
    const compare = (value: unknown, what: string) => {
      cases++;
      const want = JSON.stringify({ valid: compiled(value), errors: compiled.errors ?? null });
      const got = JSON.stringify({ valid: module.validate(value), errors: module.validate.errors ?? null });
      if (!compiled(value)) invalid++;
      if (got !== want) mismatches.push(`${what}: ajv ${want}, generated ${got}`);
    };
    const local = hasOnlyLocalErrors(schema);
    const seen = new Set<string>();
    for (const asset of assets) {
      compare(asset, 'as it is');
      forEachBrokenCopy(asset, (what, key) => {
        if (local && seen.has(key)) return;
        seen.add(key);
        compare(asset, what);
      });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(cases).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(cases / 2);
  });
});

describe('compileSchema with a validator generated at build time', () => {
  const schema = readSchema('pack');
  const pack = read('rules/aip/pack.yaml') as Record<string, unknown>;
  /** A stand-in that finds every document valid: it is used exactly when the hash matches. */
  const lenient: Validator = () => true;

  it('uses it when the hash is the schema’s', () => {
    const check = compileSchema(schema, { hash: schemaHash(schema), validate: lenient });
    expect(check({ name: 42 }, 'pack.yaml', locate)).toEqual([]);
  });

  it('compiles the schema instead when the hash is not the schema’s', () => {
    const check = compileSchema(schema, { hash: schemaHash({ ...schema, title: 'older' }), validate: lenient });
    expect(check({ name: 42 }, 'pack.yaml', locate).map((d) => d.message)).toContain('/name: must be string');
  });

  it('compiles an edited schema instead of using the module generated before the edit', async () => {
    const module = await loadModule('pack');
    const edited = structuredClone(schema) as { required: string[]; properties: Record<string, object> };
    edited.required.push('maintainer');
    edited.properties.maintainer = { type: 'string' };
    expect(compileSchema(schema, module)(pack, 'pack.yaml', locate)).toEqual([]);
    expect(compileSchema(edited, module)(pack, 'pack.yaml', locate).map((d) => d.message)).toEqual([
      'document: missing required property "maintainer"',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The built package end to end: a copy of dist with the schemas, started as `aipcheck` starts

describe('getSchemas of the built package', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'aipcheck-standalone-'));
    cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });
    cpSync(path.join(root, 'rules'), path.join(copy, 'rules'), { recursive: true });
    mkdirSync(path.join(copy, 'inventories'));
    cpSync(path.join(root, SCHEMAS.inventory), path.join(copy, SCHEMAS.inventory));
    cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  /** Starts the copy: its diagnostics for a pack without `engine`, and whether ajv was loaded to get them. */
  function start(): { messages: string[]; ajvLoaded: boolean } {
    const script = `
      import { createRequire } from 'node:module';
      const { getSchemas } = await import(${JSON.stringify(pathToFileURL(path.join(copy, 'dist/run/aipcheck.js')).href)});
      const pack = { name: 'p', version: '1.0.0', title: 'P', source: { title: 'S', url: 'https://x.test/', revised: '2026-02-30' } };
      const messages = getSchemas().pack(pack, 'pack.yaml', () => ({ line: 1, column: 1 })).map((d) => d.message);
      const ajvLoaded = Object.keys(createRequire(import.meta.url).cache).some((f) => /[\\\\/]ajv[\\\\/]dist[\\\\/]core\\.js$/.test(f));
      console.log(JSON.stringify({ messages, ajvLoaded }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8' });
    return JSON.parse(out);
  }

  it('checks JSON Lines assets with the generated line validators, without ajv', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { getSchemas } = await import(${JSON.stringify(pathToFileURL(path.join(copy, 'dist/run/aipcheck.js')).href)});
      const { recordChecks } = await import(${JSON.stringify(pathToFileURL(path.join(copy, 'dist/inventories/importers/jsonl.js')).href)});
      const checks = recordChecks(getSchemas().inventorySchema);
      const messages = checks.devices({ id: 'd1', platform: 'windows', lastSeen: 'yesterday' }, 'f.jsonl', () => ({ line: 1, column: 1 })).map((d) => d.message);
      const ajvLoaded = Object.keys(createRequire(import.meta.url).cache).some((f) => /[\\\\/]ajv[\\\\/]dist[\\\\/]core\\.js$/.test(f));
      console.log(JSON.stringify({ messages, ajvLoaded }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8' });
    const { messages, ajvLoaded } = JSON.parse(out);
    expect(ajvLoaded).toBe(false);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('uses the generated validators and never loads ajv', () => {
    expect(start()).toEqual({
      messages: ['document: missing required property "engine"', '/source/revised: must match format "date"'],
      ajvLoaded: false,
    });
  });

  it('compiles a schema edited after the build, with ajv, and checks against the edit', () => {
    const file = path.join(copy, SCHEMAS.pack);
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    schema.properties.source.properties.revised.format = 'date-time';
    writeFileSync(file, JSON.stringify(schema, null, 2));
    expect(start()).toEqual({
      messages: ['document: missing required property "engine"', '/source/revised: must match format "date-time"'],
      ajvLoaded: true,
    });
  });
});
