// Every importer against random text and damaged fixtures: detect and import never throw, every problem is located.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { decodeText } from '../../inventories/formats/decode.js';
import { createImporters } from '../../inventories/importers/index.js';
import { pickImporter } from '../../inventories/read.js';
import { getSchemas } from '../../run/aipcheck.js';
import { attempt, checkImporter } from './check.js';
import { applyAll, FUZZ_RUNS, hostileTextArb, loadFixtures, mutationsArb, SEED, textDamageArb } from './mutations.js';

const importers = createImporters(getSchemas().inventory);
const fixtures = loadFixtures();

/** Inputs known to break parsers: deep nesting (the YAML parser recursed until the process aborted), bombs, junk. */
const aliasBomb = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const [name, previous] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
  }),
].join('\n');
const HOSTILE: [string, string][] = [
  ['JSON nested 20 000 levels', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ['JSON objects nested 20 000 levels', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
  ['unclosed JSON nested 20 000 levels', '['.repeat(20_000)],
  ['inventory JSON nested 20 000 levels', `{"snapshot": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
  ['YAML block sequences nested 3000 levels, then a key', `${'- '.repeat(3000)}x\nb: 1\n`],
  ['YAML explicit keys nested 3000 levels, then a key', `${'? '.repeat(3000)}x\nb: 1\n`],
  [
    'YAML maps indented 1000 levels',
    `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\nb: 2\n`,
  ],
  ['inventory with an alias bomb', `snapshot:\n  id: x\n${aliasBomb.replace(/^/gm, '  ')}\n`],
  ['an alias bomb', aliasBomb],
  ['only a BOM', '\ufeff'],
  ['only NULs', '\u0000'.repeat(64)],
  ['only line breaks', '\r\n\r\r\n\n'.repeat(100)],
  ['a 64 KB line', 'a'.repeat(1 << 16)],
  ['a 64 KB CSV header', `${'DeviceName,'.repeat(6000)}OSVersion\n`],
  ['a 64 KB quoted CSV field', `DeviceName,OSVersion\n"${'x'.repeat(1 << 16)}\n`],
  ['5000 empty JSON objects', `[${Array(5000).fill('{}').join(',')}]`],
  ['a number of 10 000 digits', `{"snapshot": {"id": ${'9'.repeat(10_000)}}}`],
  [
    'registry continuation lines without end',
    `Windows Registry Editor Version 5.00\n[HKLM\\X]\n"a"=hex:${'00,\\\n'.repeat(2000)}`,
  ],
  ['PowerShell table rules without rows', `${'-- '.repeat(1000)}\n`.repeat(20)],
];

describe('importers survive known-hostile inputs', () => {
  it.for(HOSTILE)('%s', ([, text]) => {
    // Every importer reads it (detection does not gate import here), so one name is enough.
    for (const importer of importers) checkImporter(importer, text, 'in.json');
  });
});

describe('importers never throw on random text', () => {
  it.for(importers.map((i) => i.name))('%s', (name) => {
    const importer = importers.find((i) => i.name === name);
    if (!importer) throw new Error(`no importer ${name}`);
    fc.assert(
      fc.property(
        hostileTextArb,
        fc.constantFrom('in.json', 'in.yaml', 'in.csv', 'in.txt', 'in.reg', 'in.log', 'in.jsonl', 'noext'),
        (text, file) => checkImporter(importer, text, file),
      ),
      { seed: SEED, numRuns: 6 * FUZZ_RUNS },
    );
  });
});

// Each damaged fixture goes through every detect, then through the importer that reads the intact fixture (as
// `--input-format` would force it), the one detection now picks, and one more drawn at random.
describe('importers never throw on damaged fixtures', () => {
  it.for(fixtures.map((f) => f.name))('%s', (name) => {
    const fixture = fixtures.find((f) => f.name === name);
    if (!fixture) throw new Error(`no fixture ${name}`);
    const own = pickImporter(importers, decodeText(fixture.bytes), fixture.name);
    fc.assert(
      fc.property(mutationsArb, textDamageArb, fc.constantFrom(...importers), (mutations, damage, other) => {
        const text = damage.apply(decodeText(applyAll(fixture.bytes, mutations)));
        const picked = attempt('detection', () => pickImporter(importers, text, fixture.name));
        for (const importer of new Set([own, picked, other])) if (importer) checkImporter(importer, text, fixture.name);
      }),
      { seed: SEED, numRuns: FUZZ_RUNS },
    );
  });
});
