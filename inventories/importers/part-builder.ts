// Building an importer's result: the canonical snapshot part, its source map, and the rows that were skipped.
import { type Diagnostic, diagnostic, ErrorCode } from '../../engine/errors.js';
import type { Asset, Pointer, Snapshot } from '../../engine/types.js';
import { type InnerLocator, type Position, SourceMap } from '../formats/source-map.js';
import type { ImportResult } from './importer.js';

type Where = Position | (() => Position);

/** Where an asset's facts came from: pointer (inside the asset) and position pairs, or a locator for them. */
export type FactSources = [Pointer, Where][] | InnerLocator;

interface AssetDraft {
  kind: 'devices' | 'servers';
  asset: Asset;
  where: Where;
  facts: FactSources;
  discriminator: string;
}

/** The snapshot id of an imported file: its name without the directory and the last extension. */
export function snapshotIdOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '') || base;
}

/**
 * Collects what an importer reads from one file and produces the `ImportResult`. Assets keep the order they
 * were added in; two assets of one kind with the same id in one file (an Intune device enrolled twice, two
 * phones named "iPhone") stay apart: the newest observation keeps the id, the others get `id~discriminator`.
 */
export class PartBuilder {
  readonly map = new SourceMap();
  readonly rowErrors: Diagnostic[] = [];
  readonly snapshot: Snapshot;
  private readonly drafts: AssetDraft[] = [];

  constructor(
    readonly file: string,
    readonly format: string,
  ) {
    this.snapshot = { schemaVersion: '1', snapshot: { id: snapshotIdOf(file), source: `${format} import` } };
  }

  /** Records a device or server with where it came from, and where each of its facts (by pointer inside it) came from. */
  addAsset(kind: 'devices' | 'servers', asset: Asset, where: Where, facts: FactSources = [], discriminator = ''): void {
    this.drafts.push({ kind, asset, where, facts, discriminator });
  }

  /** The organization object, created on first use, and where it came from. */
  organization(where: Where): Record<string, unknown> {
    if (!this.snapshot.organization) {
      this.snapshot.organization = {};
      this.map.set(['organization'], where);
    }
    return this.snapshot.organization;
  }

  /** The network object, created on first use, and where it came from. */
  network(where: Where): Record<string, unknown> {
    if (!this.snapshot.network) {
      this.snapshot.network = {};
      this.map.set(['network'], where);
    }
    return this.snapshot.network;
  }

  /** Records where a fact at `pointer` (into the canonical snapshot) came from. */
  set(pointer: Pointer, where: Where): void {
    this.map.set(pointer, where);
  }

  /** Records a row or block that could not be read; the rest of the file still imports. */
  rowError(where: Position | undefined, message: string): void {
    this.rowErrors.push(diagnostic(ErrorCode.BAD_ROW, this.file, where, message));
  }

  /** The import result: part, no diagnostics, and the row errors. */
  result(): ImportResult {
    this.placeAssets();
    return {
      part: { file: this.file, format: this.format, snapshot: this.snapshot, locate: this.map.locator() },
      diagnostics: [],
      rowErrors: this.rowErrors,
    };
  }

  private placeAssets(): void {
    const keeper = new Map<string, AssetDraft>();
    for (const draft of this.drafts) {
      const key = `${draft.kind}\u001f${draft.asset.id}`;
      const kept = keeper.get(key);
      if (!kept || (draft.asset.observedAt ?? '') > (kept.asset.observedAt ?? '')) keeper.set(key, draft);
    }
    const used = new Set(this.drafts.map((d) => `${d.kind}\u001f${d.asset.id}`));
    for (const draft of this.drafts) {
      const key = `${draft.kind}\u001f${draft.asset.id}`;
      if (keeper.get(key) !== draft) {
        let id = `${draft.asset.id}~${draft.discriminator || 'duplicate'}`;
        for (let n = 2; used.has(`${draft.kind}\u001f${id}`); n++) id = `${draft.asset.id}~${draft.discriminator}${n}`;
        used.add(`${draft.kind}\u001f${id}`);
        draft.asset.id = id;
      }
      this.snapshot.assets ??= {};
      this.snapshot.assets[draft.kind] ??= [];
      const list = this.snapshot.assets[draft.kind] ?? [];
      const pointer = ['assets', draft.kind, list.length];
      list.push(draft.asset);
      if (typeof draft.facts === 'function') {
        this.map.set(pointer, draft.where, draft.facts);
        continue;
      }
      this.map.set(pointer, draft.where);
      for (const [inner, where] of draft.facts) this.map.set([...pointer, ...inner], where);
    }
  }
}

/** The result for a file that is not what its importer expected: one diagnostic, an empty part. */
export function failedImport(file: string, format: string, diagnostics: Diagnostic[]): ImportResult {
  return {
    part: {
      file,
      format,
      snapshot: { snapshot: { id: snapshotIdOf(file) } },
      locate: () => ({ line: 1, column: 1 }),
    },
    diagnostics,
    rowErrors: [],
  };
}
