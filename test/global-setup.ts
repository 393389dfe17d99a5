// Before any test: dist/ must be built from the sources as they are, or tests of the spawned CLI and of the
// helper thread would check stale code. `npm test` builds first; `npx vitest` after an edit stops here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuiltFromSources } from '../scripts/build-stamp.mjs';

export default function setup(): void {
  assertBuiltFromSources(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
}
