// Assets of a streamed file read again to be merged after all (see run/fleet-merge.ts), found by their line.
import type { Asset } from '../../engine/types.js';
import type { AssetKind } from '../importers/jsonl.js';

/** An asset read again to be merged, with the discriminator its importer gave (for renaming duplicates). */
export interface RereadAsset {
  kind: AssetKind;
  index: number;
  asset: Asset;
  discriminator: string;
}

/** The index of `line` among the (increasing) lines of a stream's assets of one kind, or -1. */
export function indexOfLine(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = lines[mid] as number;
    if (at === line) return mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The key of a stream's pinned asset (one located while it is evaluated or merged): a number, as the Map of
 * a million rows set and deleted one at a time hashes numbers for free and `devices:123` strings not.
 */
export function pinKey(kind: AssetKind, index: number): number {
  return 2 * index + (kind === 'servers' ? 1 : 0);
}

/**
 * A stream's pinned assets by key (`pinKey`): located while they are evaluated or merged. The one being
 * evaluated as it is read has a slot of its own: a Map set and deleted a million times, once a row, cost about
 * 250 ns a row. Assets read again to be merged are kept in the Map until `clear`.
 */
export class PinnedAssets<T> {
  private slotKey = -1;
  private slotPin: T | undefined;
  private readonly kept = new Map<number, T>();

  get(key: number): T | undefined {
    return key === this.slotKey ? this.slotPin : this.kept.get(key);
  }

  /** Pins an asset until `clear`. */
  set(key: number, pin: T): void {
    this.kept.set(key, pin);
  }

  clear(): void {
    this.slotKey = -1;
    this.slotPin = undefined;
    this.kept.clear();
  }

  /**
   * Calls `evaluate` with an asset pinned under `key`, and unpins it once that is done: at once when `evaluate`
   * returns anything but a promise, so a stream read a row at a time makes no promise per row (the compiled
   * engine's case), else when the promise settles. An asset pinned under the same key before is unpinned too.
   */
  during(key: number, pin: T, evaluate: () => unknown): undefined | Promise<void> {
    if (this.kept.size > 0) this.kept.delete(key);
    // Evaluations one inside another (none today) keep the outer one's slot.
    const slot = this.slotKey === -1;
    if (slot) {
      this.slotKey = key;
      this.slotPin = pin;
    } else this.kept.set(key, pin);
    const unpin = () => {
      if (slot) {
        this.slotKey = -1;
        this.slotPin = undefined;
      } else this.kept.delete(key);
    };
    let done: unknown;
    try {
      done = evaluate();
    } catch (error) {
      unpin();
      throw error;
    }
    if (!(done instanceof Promise)) {
      unpin();
      return undefined;
    }
    return done.then(unpin, (error: unknown) => {
      unpin();
      throw error;
    });
  }
}
