// The bundled packs are listed without a glob library: the same packs as `rules/*/pack.yaml` found, and an error
// that is not "there is none" thrown, never taken for no packs (a run would go on without the bundled rules).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packManifestsIn } from '../../run/rules.js';
import { tempDir } from '../temp-dir.js';

describe('packManifestsIn', () => {
  it('lists the pack.yaml of each folder that has one, sorted, and nothing else', async () => {
    const rules = path.join(tempDir('packs'), 'rules');
    for (const folder of ['b-pack', 'a-pack', '.hidden', 'empty', 'dir-manifest/pack.yaml']) {
      mkdirSync(path.join(rules, folder), { recursive: true });
    }
    writeFileSync(path.join(rules, 'b-pack', 'pack.yaml'), 'name: b\n');
    writeFileSync(path.join(rules, 'a-pack', 'pack.yaml'), 'name: a\n');
    writeFileSync(path.join(rules, '.hidden', 'pack.yaml'), 'name: hidden\n');
    writeFileSync(path.join(rules, 'README.md'), 'a file beside the packs\n');
    mkdirSync(path.join(rules, 'linked-target'));
    writeFileSync(path.join(rules, 'linked-target', 'pack.yaml'), 'name: linked\n');
    symlinkSync(path.join(rules, 'linked-target'), path.join(rules, 'linked'));
    expect(await packManifestsIn(rules)).toEqual(
      // Sorted as paths, as the glob's matches were: `linked-target/` before `linked/`.
      ['a-pack', 'b-pack', 'linked-target', 'linked'].map((folder) => path.join(rules, folder, 'pack.yaml')),
    );
  });

  it('finds none in a folder that does not exist', async () => {
    expect(await packManifestsIn(path.join(tempDir('packs'), 'no-rules'))).toEqual([]);
  });

  it('throws what keeps a pack from being looked into', async () => {
    const rules = path.join(tempDir('packs'), 'rules');
    mkdirSync(rules);
    // A link to itself: looking into it fails with ELOOP, which is no "not there".
    symlinkSync(path.join(rules, 'loop'), path.join(rules, 'loop'));
    await expect(packManifestsIn(rules)).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
