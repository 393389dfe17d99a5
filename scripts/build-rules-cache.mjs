// Parses the bundled rule packs once, at build time, into dist/rules-cache.json: what parsing each file's text
// gives, by the SHA-256 of the text. Loading the packs then skips YAML parsing for a file whose text is the
// same, on every run and on both threads; an edited file has another hash and is parsed as before. The cache
// holds data only (what the YAML says), never code.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fg from 'fast-glob';
import { parsedKey } from '../dist/engine/load/packs.js';
import { parseText } from '../dist/engine/load/parse.js';
import { readInputText } from '../dist/inventories/read.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = (await fg('rules/*/*.{yaml,yml}', { cwd: root })).sort();
const entries = {};
for (const file of files) {
  // Read as the packs are read at run time, so the text (and its hash) is the same.
  const { text } = await readInputText(path.join(root, file), file);
  if (text === undefined) continue;
  const parsed = parseText(text, file);
  if (!parsed.ok) continue;
  // Only what survives JSON unchanged: anything else is parsed at run time.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed.value)), parsed.value)) continue;
  entries[parsedKey(text)] = parsed.value;
}
writeFileSync(path.join(root, 'dist', 'rules-cache.json'), `${JSON.stringify({ entries })}\n`);
