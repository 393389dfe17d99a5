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
 * Calls `evaluate` with an asset pinned under `key` (locatable while it is evaluated), and unpins it once that
 * is done: at once when `evaluate` returns anything but a promise, so a stream read a row at a time makes no
 * promise per row (the compiled engine's case), else when the promise settles.
 */
export function whilePinned<T>(
  pinned: Map<number, T>,
  key: number,
  pin: T,
  evaluate: () => unknown,
): undefined | Promise<void> {
  pinned.set(key, pin);
  let done: unknown;
  try {
    done = evaluate();
  } catch (error) {
    pinned.delete(key);
    throw error;
  }
  if (!(done instanceof Promise)) {
    pinned.delete(key);
    return undefined;
  }
  return done.then(
    () => {
      pinned.delete(key);
    },
    (error: unknown) => {
      pinned.delete(key);
      throw error;
    },
  );
}
