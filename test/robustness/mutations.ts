// Hostile variants of realistic inputs: fast-check arbitraries that damage fixture bytes the ways real files get damaged.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** Seed of every property in this suite, so a failure reproduces; change it to explore. */
export const SEED = Number(process.env.AIPCHECK_FUZZ_SEED ?? 20240611);

/** Runs per property; `AIPCHECK_FUZZ_RUNS=500 npx vitest run test/robustness` fuzzes harder than CI does. */
export const FUZZ_RUNS = Number(process.env.AIPCHECK_FUZZ_RUNS ?? 8);

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One realistic input: its name as an importer sees it and its bytes as they are on disk. */
export interface Fixture {
  name: string;
  bytes: Uint8Array;
}

/** Every importer fixture and inventory sample, sorted by name so runs are reproducible. */
export function loadFixtures(): Fixture[] {
  const dirs = ['test/inventories/fixtures', 'inventories/samples'];
  return dirs.flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .sort()
      .map((file) => ({ name: `${dir}/${file}`, bytes: new Uint8Array(readFileSync(path.join(root, dir, file))) })),
  );
}

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let at = 0;
  const put = (code: number) => {
    out[at++] = bigEndian ? code >> 8 : code & 0xff;
    out[at++] = bigEndian ? code & 0xff : code >> 8;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return out;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const start = Math.min(at, bytes.length);
  const end = Math.min(start + remove, bytes.length);
  const out = new Uint8Array(bytes.length - (end - start) + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(end), start + insert.length);
  return out;
}

/** Lines with their breaks kept, so joining them gives the text back. */
function linesOf(text: string): string[] {
  return text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  7,
  1e308,
  -0.5,
  '',
  ' ',
  'NaN',
  'Infinity',
  '9'.repeat(400),
  '\u0000',
  '\ud800',
  [],
  [[]],
  {},
  { a: { b: { c: [] } } },
  ['x', 1, null],
];

/** Every path to a value in a parsed document, breadth first, capped. */
function pathsOf(value: unknown, cap = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: { at: unknown; path: (string | number)[] }[] = [{ at: value, path: [] }];
  while (queue.length > 0 && out.length < cap) {
    const { at, path: p } = queue.shift() as { at: unknown; path: (string | number)[] };
    out.push(p);
    if (Array.isArray(at)) for (const [i, v] of at.entries()) queue.push({ at: v, path: [...p, i] });
    else if (at !== null && typeof at === 'object')
      for (const [k, v] of Object.entries(at)) queue.push({ at: v, path: [...p, k] });
  }
  return out;
}

function setAt(document: unknown, p: readonly (string | number)[], value: unknown): unknown {
  if (p.length === 0) return value;
  let parent = document as Record<string | number, unknown>;
  for (const segment of p.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[p[p.length - 1] as string | number] = value;
  return document;
}

/** Replaces the value at one path of a JSON or YAML document with a value of the wrong type. */
function wrongType(bytes: Uint8Array, pick: number, valuePick: number, asYaml: boolean): Uint8Array {
  const text = decode(bytes);
  let document: unknown;
  try {
    document = asYaml ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch {
    return bytes;
  }
  const paths = pathsOf(document);
  const target = paths[pick % paths.length] ?? [];
  const mutated = setAt(document, target, structuredClone(HOSTILE_VALUES[valuePick % HOSTILE_VALUES.length]));
  return utf8(asYaml ? stringifyYaml(mutated) : JSON.stringify(mutated, null, 2));
}

/** One damage done to a file; `apply` is total (never throws) for any bytes. */
export type Mutation = { label: string; apply: (bytes: Uint8Array) => Uint8Array };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const at = (bytes: Uint8Array, where: number) => Math.floor(where * bytes.length);
const lineAt = (lines: string[], where: number) => Math.min(Math.floor(where * lines.length), lines.length - 1);

/** The byte-level and text-level damages, each with its parameters drawn by fast-check. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  position.map((w) => ({ label: `truncate@${w}`, apply: (b: Uint8Array) => b.subarray(0, at(b, w)) })),
  fc.tuple(position, fc.integer({ min: 0, max: 255 })).map(([w, v]) => ({
    label: `flip@${w}=${v}`,
    apply: (b: Uint8Array) => splice(b, at(b, w), 1, Uint8Array.of(v)),
  })),
  fc.tuple(position, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([w, v]) => ({
    label: `insert@${w}=${[...v]}`,
    apply: (b: Uint8Array) => splice(b, at(b, w), 0, v),
  })),
  position.map((w) => ({
    label: `delete-line@${w}`,
    apply: (b: Uint8Array) => {
      const lines = linesOf(decode(b));
      if (lines.length === 0) return b;
      lines.splice(lineAt(lines, w), 1);
      return utf8(lines.join(''));
    },
  })),
  fc.tuple(position, fc.integer({ min: 1, max: 3 })).map(([w, n]) => ({
    label: `duplicate-line@${w}x${n}`,
    apply: (b: Uint8Array) => {
      const lines = linesOf(decode(b));
      if (lines.length === 0) return b;
      const i = lineAt(lines, w);
      lines.splice(i, 0, ...Array.from({ length: n }, () => lines[i] ?? ''));
      return utf8(lines.join(''));
    },
  })),
  fc
    .constantFrom<[string, string]>(
      [',', ';'],
      [';', ','],
      [',', '\t'],
      ['\t', ','],
      [':', '='],
      ['"', "'"],
      ['{', '['],
      [']', '}'],
      ['\\', '/'],
      [' ', '\t'],
    )
    .map(([from, to]) => ({
      label: `swap ${JSON.stringify(from)}→${JSON.stringify(to)}`,
      apply: (b: Uint8Array) => utf8(decode(b).split(from).join(to)),
    })),
  fc
    .tuple(
      position,
      fc.constantFrom(
        '9'.repeat(400),
        '1e309',
        '-1e309',
        'NaN',
        '.nan',
        'Infinity',
        '.inf',
        '-0',
        '0x7fffffffffffffffff',
        '99999999999999999999999',
        '1.7976931348623157e308',
        '4294967296',
        '-2147483649',
      ),
    )
    .map(([w, n]) => ({
      label: `number@${w}=${n.slice(0, 12)}`,
      apply: (b: Uint8Array) => {
        const text = decode(b);
        const numbers = [...text.matchAll(/\d+(\.\d+)?/g)];
        const m = numbers[Math.floor(w * numbers.length)];
        if (!m || m.index === undefined) return utf8(`${text}${n}`);
        return utf8(text.slice(0, m.index) + n + text.slice(m.index + m[0].length));
      },
    })),
  fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.constantFrom('[', '{"a":', '- ', '{a: ')).map(([depth, open]) => ({
    label: `nest ${open}x${depth}`,
    apply: (b: Uint8Array) => {
      const close = open === '[' ? ']' : open.startsWith('{') ? '}' : '';
      return utf8(open.repeat(depth) + decode(b) + close.repeat(depth));
    },
  })),
  fc.tuple(position, fc.integer({ min: 50, max: 3000 })).map(([w, depth]) => ({
    label: `nest-inside@${w}x${depth}`,
    apply: (b: Uint8Array) => {
      const text = decode(b);
      const i = Math.floor(w * text.length);
      return utf8(`${text.slice(0, i)}${'['.repeat(depth)}${']'.repeat(depth)}${text.slice(i)}`);
    },
  })),
  fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([pick, value, asYaml]) => ({
    label: `wrong-type#${pick}=${JSON.stringify(HOSTILE_VALUES[value % HOSTILE_VALUES.length])}${asYaml ? ' (yaml)' : ''}`,
    apply: (b: Uint8Array) => wrongType(b, pick, value, asYaml),
  })),
  fc.constant({ label: 'utf8-bom', apply: (b: Uint8Array) => splice(b, 0, 0, Uint8Array.of(0xef, 0xbb, 0xbf)) }),
  fc.constant({ label: 'double-bom', apply: (b: Uint8Array) => utf8(`\ufeff\ufeff${decode(b)}`) }),
  fc.tuple(fc.boolean(), fc.boolean()).map(([bigEndian, bom]) => ({
    label: `utf16${bigEndian ? 'be' : 'le'}${bom ? '+bom' : ''}`,
    apply: (b: Uint8Array) => utf16(decode(b), bigEndian, bom),
  })),
  fc.tuple(position, fc.integer({ min: 1, max: 4 })).map(([w, n]) => ({
    label: `nul@${w}x${n}`,
    apply: (b: Uint8Array) => splice(b, at(b, w), 0, new Uint8Array(n)),
  })),
  fc.tuple(position, fc.constantFrom(0xd800, 0xdfff, 0xdc00)).map(([w, code]) => ({
    label: `surrogate-bytes@${w}`,
    // Encoded by hand (WTF-8, invalid UTF-8): TextEncoder would replace a lone surrogate with U+FFFD.
    apply: (b: Uint8Array) =>
      splice(b, at(b, w), 0, Uint8Array.of(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f))),
  })),
  fc.tuple(fc.constantFrom('\r\n', '\r', '\n'), fc.double({ min: 0, max: 1, noNaN: true })).map(([eol, share]) => ({
    label: `eol ${JSON.stringify(eol)}@${share}`,
    apply: (b: Uint8Array) => {
      let n = 0;
      return utf8(decode(b).replace(/\r\n|\r|\n/g, (m) => (((n++ * 7919) % 100) / 100 < share ? eol : m)));
    },
  })),
);

/** Damage to decoded text that bytes cannot carry through a UTF-8 decoder: lone surrogates, noncharacters. */
export const textDamageArb: fc.Arbitrary<{ label: string; apply: (text: string) => string }> = fc.oneof(
  fc.constant({ label: 'none', apply: (t: string) => t }),
  fc
    .tuple(
      position,
      fc.constantFrom('\ud800', '\udfff', '\udc00\ud800', '\ufffe\uffff', '\u0000', '\u2028\u2029', '\u0085'),
    )
    .map(([w, s]) => ({
      label: `text-insert@${w}=${JSON.stringify(s)}`,
      apply: (t: string) => {
        const i = Math.floor(w * t.length);
        return t.slice(0, i) + s + t.slice(i);
      },
    })),
);

/** One to three damages, applied in order. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

/** Applies damages in order. */
export function applyAll(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce((b, m) => m.apply(b), bytes);
}

/** Text the way a hostile or broken export can look: anything, including lone surrogates, NULs and odd breaks. */
export const hostileTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'{}[]:,"\'-#&*!|>%@`\n\r\t \\;=0.e'.split('')), maxLength: 300 }),
  fc.json({ maxDepth: 6 }),
  fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 20 }).map((cells) => cells.join(',')),
);
