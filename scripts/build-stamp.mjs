// The build's stamp: dist/build-stamp.json lists the hash of every source the build read (the TypeScript of
// tsconfig.json, the rule packs, the schemas and the build scripts). `npm run build` writes it last; the tests
// compare it with the sources before they run, so a test of dist/ (the spawned CLI, the helper thread) never
// passes or fails against code that is no longer the source.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';

/** Where the stamp goes, relative to the package root. */
export const STAMP_FILE = 'dist/build-stamp.json';

/** Sources the build reads besides the TypeScript that tsconfig.json includes. */
const OTHER_SOURCES = [
  'tsconfig.json',
  'scripts/build-*.mjs',
  'rules/**/*.{yaml,yml,json}',
  'inventories/*.schema.json',
];

/** The files the build reads, relative to `root`, sorted. */
export function sourceFiles(root) {
  const { include } = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  return fg.sync([...include, ...OTHER_SOURCES], { cwd: root, ignore: ['**/node_modules/**', 'dist/**'] }).sort();
}

/** The hash of each source file, by path relative to `root`. */
export function hashSources(root) {
  const files = {};
  for (const file of sourceFiles(root)) {
    files[file] = createHash('sha256')
      .update(readFileSync(path.join(root, file)))
      .digest('hex');
  }
  return files;
}

/** Writes the stamp of the sources as they are now into dist/ under `root`. */
export function writeStamp(root) {
  writeFileSync(path.join(root, STAMP_FILE), `${JSON.stringify({ files: hashSources(root) }, null, 1)}\n`);
}

/**
 * The sources that differ from those dist/ under `root` was built from: changed, added or removed since the
 * build, sorted; `undefined` when dist/ has no stamp.
 */
export function staleSources(root) {
  const stampFile = path.join(root, STAMP_FILE);
  if (!existsSync(stampFile)) return undefined;
  const built = JSON.parse(readFileSync(stampFile, 'utf8')).files ?? {};
  const now = hashSources(root);
  const names = new Set([...Object.keys(built), ...Object.keys(now)]);
  return [...names].filter((name) => built[name] !== now[name]).sort();
}

/**
 * Throws unless dist/ under `root` was built from the sources as they are now.
 * @throws Error naming the sources that changed, and `npm run build`.
 */
export function assertBuiltFromSources(root) {
  const stale = staleSources(root);
  if (stale === undefined) throw new Error(`dist/ has no build stamp (${STAMP_FILE}): run npm run build`);
  if (stale.length === 0) return;
  const listed = stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : '');
  throw new Error(`dist/ was built from other sources (changed since: ${listed}): run npm run build`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeStamp(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
}
