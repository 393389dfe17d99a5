// Writes rules/rule.schema.json's operator part from the operator registry (each operator's value schema), so the
// published schema editors complete rules with, and the one aipcheck checks rules with, cannot drift from the
// operators. `npm run rule-schema` builds, then runs it; test/engine/operators/rule-schema.test.ts fails until it ran.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { operators } from '../dist/engine/operators/index.js';
import { buildRuleSchema } from '../dist/engine/operators/rule-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'rules', 'rule.schema.json');
const schema = buildRuleSchema(JSON.parse(readFileSync(file, 'utf8')), operators);
writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
// The same layout as `npm run format` gives it, so the lint stays quiet.
execFileSync(path.join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { stdio: 'ignore' });
