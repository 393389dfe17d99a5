// The build stamp: it names every source changed, added or removed since the build, and covers what tsc compiles.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { assertBuiltFromSources, sourceFiles, staleSources, writeStamp } from '../../scripts/build-stamp.mjs';
import { tempDir } from '../temp-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the build stamp of a package', () => {
  let dir: string;
  const put = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  beforeEach(() => {
    dir = tempDir('build-stamp');
    put('tsconfig.json', JSON.stringify({ include: ['index.ts', 'engine/**/*.ts'] }));
    put('index.ts', 'export {};\n');
    put('engine/a.ts', 'export const a = 1;\n');
    put('rules/aip/r.yaml', 'id: r\n');
    put('inventories/inventory.schema.json', '{}\n');
    put('scripts/build-schemas.mjs', '\n');
    put('test/a.test.ts', '\n');
    put('node_modules/x/engine/b.ts', '\n');
    mkdirSync(path.join(dir, 'dist'));
  });

  it('is required: without one, the tests stop and say to build', () => {
    expect(staleSources(dir)).toBeUndefined();
    expect(() => assertBuiltFromSources(dir)).toThrow(/^dist\/ has no build stamp .*: run npm run build$/);
  });

  it('matches the sources it was written from', () => {
    writeStamp(dir);
    expect(staleSources(dir)).toEqual([]);
    expect(() => assertBuiltFromSources(dir)).not.toThrow();
  });

  it('names each source changed, added or removed since, and nothing else', () => {
    writeStamp(dir);
    put('engine/a.ts', 'export const a = 2;\n');
    put('engine/deep/new.ts', 'export {};\n');
    rmSync(path.join(dir, 'rules/aip/r.yaml'));
    put('inventories/inventory.schema.json', '{"type": "object"}\n');
    put('test/a.test.ts', 'changed\n');
    put('node_modules/x/engine/b.ts', 'changed\n');
    expect(staleSources(dir)).toEqual([
      'engine/a.ts',
      'engine/deep/new.ts',
      'inventories/inventory.schema.json',
      'rules/aip/r.yaml',
    ]);
    expect(() => assertBuiltFromSources(dir)).toThrow(
      'dist/ was built from other sources (changed since: engine/a.ts, engine/deep/new.ts, ' +
        'inventories/inventory.schema.json, rules/aip/r.yaml): run npm run build',
    );
  });

  it('holds again once the source is as it was', () => {
    writeStamp(dir);
    put('engine/a.ts', 'export const a = 2;\n');
    expect(staleSources(dir)).toEqual(['engine/a.ts']);
    put('engine/a.ts', 'export const a = 1;\n');
    expect(staleSources(dir)).toEqual([]);
  });
});

describe('the build stamp of this package', () => {
  it('covers every file tsc compiles', () => {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const listed = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFilesOnly'], {
      cwd: root,
      encoding: 'utf8',
    });
    const compiled = listed
      .split('\n')
      .filter((file) => file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`))
      .map((file) => path.relative(root, file));
    expect(compiled.length).toBeGreaterThan(50);
    const sources = new Set(sourceFiles(root));
    expect(compiled.filter((file) => !sources.has(file))).toEqual([]);
  });

  it('covers the rule packs and schemas the build turns into dist/rules-cache.json and dist/schemas/', () => {
    const sources = sourceFiles(root);
    expect(sources).toContain('rules/aip/pack.yaml');
    expect(sources).toContain('rules/rule.schema.json');
    expect(sources).toContain('inventories/inventory.schema.json');
    expect(sources).toContain('scripts/build-schemas.mjs');
    expect(sources.filter((f) => f.startsWith('test/') || f.startsWith('node_modules/'))).toEqual([]);
  });
});
